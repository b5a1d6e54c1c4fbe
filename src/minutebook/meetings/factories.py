"""Factories for venues, meetings and agenda items (deterministic sequences)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from minutebook.committees.factories import CommitteeFactory
from minutebook.councils.factories import CouncilFactory, MinutebookFactory
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState, Venue


def _start(n: int) -> dt.datetime:
    """Weekly meetings at 10:00 local time from January 2025."""
    naive = dt.datetime(2025, 1, 7, 10, 0) + dt.timedelta(weeks=n)
    return timezone.make_aware(naive)


class VenueFactory(MinutebookFactory):
    class Meta:
        model = Venue

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Committee Room {n}, Council Offices")
    postcode = "ZZ1 1ZZ"


class MeetingFactory(MinutebookFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    start = factory.Sequence(_start)
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=2))
    venue = factory.SubFactory(VenueFactory, council=factory.SelfAttribute("..committee.council"))
    state = MeetingState.SCHEDULED


class AgendaItemFactory(MinutebookFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: str(o.order))
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    # Items of a published agenda are published with it.
    published_at = factory.LazyAttribute(lambda o: o.meeting.published_at)
