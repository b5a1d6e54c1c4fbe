"""Provenance: each located value is on the line (and page) recorded for it."""

from __future__ import annotations

import re
from pathlib import Path

from minutebook.importer.pack import Pack
from minutebook.importer.parse import parse_text
from minutebook.importer.parse.provenance import _norm
from minutebook.importer.parse.text import normalise, parse_date, parse_time, strip_honorific

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "packs"


def _value(pack: Pack, path: str) -> object:
    obj: object = pack
    for part in path.split("."):
        obj = obj[int(part)] if part.isdigit() else getattr(obj, part)  # type: ignore[index]
    return obj


def _holds(path: str, value: str, lines: list[str], at: int) -> bool:
    window = " ".join(_norm(t) for t in lines[at : at + 3])
    if path.endswith(("date", "published")):
        return parse_date(lines[at]) is not None
    if path.endswith("time"):
        return parse_time(lines[at]) is not None or value in window
    if path.endswith("name"):
        value = strip_honorific(value)
    if path.endswith("venue") and _norm(value) not in window:
        value = value.split(",")[0]
    return _norm(value) in window


def _check(text: str, name: str) -> Pack:
    pack = parse_text(text, file=name)
    lines = [ln.text for ln in normalise(text)]
    assert pack.provenance, name
    for path, where in pack.provenance.items():
        value = _value(pack, path)
        assert isinstance(value, str)
        assert _holds(path, value, lines, where["line"]), (name, path, value, where)
    return pack


def test_fixture_values_are_on_their_lines() -> None:
    packs = [p for p in sorted(FIXTURES.iterdir()) if p.suffix in (".txt", ".md")]
    assert packs
    for p in packs:
        pack = _check(p.read_text(encoding="utf-8"), p.name)
        located = [k for k in pack.provenance if re.fullmatch(r"meeting\.agenda\.\d+\.title", k)]
        assert len(located) >= 0.8 * len(pack.meeting.agenda), p.name


def test_corpus_values_are_on_their_lines(corpus_files: list[Path]) -> None:
    for p in corpus_files:
        pack = _check(p.read_text(encoding="utf-8"), p.name)
        for key in ("meeting.committee", "meeting.date"):
            assert key in pack.provenance, (p.name, key)


def test_pages_come_from_the_page_breaks() -> None:
    text = (
        "Cabinet\n\nDate: Thursday 7 March 2024\nTime: 10.00 am\nVenue: Council Chamber, Town Hall"
        "\n\nAGENDA\n\n1. Apologies\n\n2. Minutes (Pages 3 - 6)\n\n3. Budget Monitoring"
        "\n\fMinutes of the Cabinet held on 8 February 2024\n\n1. APOLOGIES\n\nNone.\n"
        "\fBudget Monitoring report\n"
    )
    pack = parse_text(text, file="agenda.txt")
    assert pack.provenance["meeting.date"] == {"page": 1, "line": 1}
    assert pack.provenance["meeting.time"]["line"] == 2
    assert pack.provenance["meeting.agenda.2.title"]["page"] == 1
    assert Pack.from_dict(pack.to_dict()).provenance == pack.provenance


def test_nothing_is_recorded_rather_than_a_guess() -> None:
    pack = parse_text(
        "Cabinet\n\nDate: 7 March 2024\n\nAGENDA\n\n1. Apologies\n2. Budget\n", file="a.txt"
    )
    pack.meeting.venue = "A hall printed nowhere"
    from minutebook.importer.parse.provenance import locate

    where = locate(pack, normalise("Cabinet\n\nDate: 7 March 2024\n"))
    assert "meeting.venue" not in where
    assert "meeting.date" in where
