"""Factories for public questions, statements and petitions (deterministic)."""

from __future__ import annotations

import datetime as dt

import factory

from minutebook.councils.factories import MinutebookFactory
from minutebook.meetings.factories import MeetingFactory
from minutebook.participation.models import PublicQuestion, SubmissionKind


class PublicQuestionFactory(MinutebookFactory):
    class Meta:
        model = PublicQuestion

    meeting = factory.SubFactory(MeetingFactory)
    kind = SubmissionKind.QUESTION
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Resident {n}")
    address = factory.Sequence(lambda n: f"{n + 1} High Street, Exampleton")
    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    phone = "01632 960999"
    text = "Will the council publish the timetable for the consultation?"
    received_at = factory.LazyAttribute(lambda o: o.meeting.start - dt.timedelta(days=5))
