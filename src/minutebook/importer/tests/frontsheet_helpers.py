"""Helpers shared by the front-sheet tests."""

from __future__ import annotations

from minutebook.importer.pack import Meeting
from minutebook.importer.parse.context import Context
from minutebook.importer.parse.frontsheet import parse_frontsheet
from minutebook.importer.parse.text import normalise


def front(text: str) -> tuple[Meeting, Context]:
    return parse_frontsheet(normalise(text))


def items(meeting: Meeting) -> list[tuple[str, str | None, tuple[int, int] | None]]:
    return [(a.number, a.title, a.pages) for a in meeting.agenda]


def roles(meeting: Meeting) -> list[tuple[str, str]]:
    return [(m.name, m.role) for m in meeting.members]
