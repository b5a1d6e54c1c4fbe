"""Factories for minutes and decisions (deterministic sequences).

``MinuteItemFactory`` numbers minutes per committee with ``MinuteItem.next_number``.
"""

from __future__ import annotations

import factory

from minutebook.councils.factories import MinutebookFactory
from minutebook.decisions.models import Decision, MinuteItem
from minutebook.meetings.factories import MeetingFactory


class MinuteItemFactory(MinutebookFactory):
    class Meta:
        model = MinuteItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.LazyAttribute(lambda o: MinuteItem.next_number(o.meeting.committee))
    title = factory.Sequence(lambda n: f"Minute {n}")
    resolution = "That the report be noted."


class DecisionFactory(MinutebookFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    council = factory.LazyAttribute(lambda o: o.meeting.committee.council)
    decision_maker = factory.LazyAttribute(lambda o: o.meeting.committee)
    title = factory.Sequence(lambda n: f"Decision {n}")
    decision = "That the recommendations be approved."
    reasons = "As set out in the report."
    alternatives_rejected = "To do nothing."
    date = factory.LazyAttribute(lambda o: o.meeting.date)
