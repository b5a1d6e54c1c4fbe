"""Factories for scrutiny actions (deterministic)."""

from __future__ import annotations

import datetime as dt

import factory

from minutebook.committees.factories import CommitteeFactory
from minutebook.committees.models import CommitteeKind
from minutebook.councils.factories import MinutebookFactory
from minutebook.meetings.factories import MeetingFactory
from minutebook.scrutiny.models import Action


class ActionFactory(MinutebookFactory):
    class Meta:
        model = Action

    committee = factory.SubFactory(CommitteeFactory, kind=CommitteeKind.OVERVIEW_SCRUTINY)
    meeting_raised = factory.SubFactory(
        MeetingFactory, committee=factory.SelfAttribute("..committee")
    )
    reference = factory.Sequence(lambda n: f"A{n + 1}")
    text = factory.Sequence(lambda n: f"Officers to circulate briefing note {n}.")
    owner_text = "Service Manager"
    due = factory.LazyAttribute(lambda o: o.meeting_raised.date + dt.timedelta(weeks=6))
