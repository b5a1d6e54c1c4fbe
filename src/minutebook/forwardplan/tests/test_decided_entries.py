"""A published plan lists decisions still to be made (SI 2012/2089 reg 9(1)), not ones taken.

Through the real path: ``publish_plan`` freezes the versions, and an anonymous visitor
reads the public forward plan pages.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from minutebook.committees.factories import CommitteeFactory
from minutebook.committees.models import CommitteeKind
from minutebook.councils.factories import CouncilFactory
from minutebook.decisions.factories import DecisionFactory
from minutebook.forwardplan import services
from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.forwardplan.models import ForwardPlanEntry
from minutebook.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC  # 10:00 UTC falls on the same day in London
JUNE_2 = dt.datetime(2025, 6, 2, 10, tzinfo=UTC)
JUNE_30 = dt.datetime(2025, 6, 30, 10, tzinfo=UTC)


def test_a_decision_taken_before_publication_leaves_the_next_version() -> None:
    council = CouncilFactory(slug="eastmere")
    cabinet = CommitteeFactory(council=council, kind=CommitteeKind.EXECUTIVE)
    decided = ForwardPlanEntryFactory(
        council=council, title="Leisure centre contract", decision_date=dt.date(2025, 6, 25)
    )
    private = ForwardPlanEntryFactory(
        council=council, title="Sale of the old depot", decision_date=dt.date(2025, 6, 25)
    )
    pending = ForwardPlanEntryFactory(
        council=council, title="Local transport plan", decision_date=dt.date(2025, 7, 30)
    )
    later = ForwardPlanEntryFactory(
        council=council, title="Parking charges review", decision_date=dt.date(2025, 7, 1)
    )
    services.publish_plan(council, now=JUNE_2)

    meeting = MeetingFactory(committee=cabinet)
    DecisionFactory(
        meeting=meeting, forward_plan_entry=decided, date=dt.date(2025, 6, 25), published_at=None
    )
    # An exempt decision has been taken all the same.
    DecisionFactory(
        meeting=meeting,
        forward_plan_entry=private,
        date=dt.date(2025, 6, 25),
        exempt_paragraphs=[3],
    )
    # A record dated after the publication is not a decision taken before it.
    DecisionFactory(meeting=meeting, forward_plan_entry=later, date=dt.date(2025, 7, 1))
    second = services.publish_plan(council, now=JUNE_30)

    titles = [e["title"] for e in second.entries]
    assert titles == ["Parking charges review", "Local transport plan"]
    first = second.previous()
    assert first is not None and len(first.entries) == 4  # what was published stays
    diff = services.version_diff(second)
    assert {e["id"] for e in diff.removed} == {decided.pk, private.pk}
    open_on = ForwardPlanEntry.objects.for_council(council).to_be_decided(dt.date(2025, 6, 30))
    assert set(open_on) == {pending, later}

    client = Client()
    body = client.get("/eastmere/forward-plan/").content.decode()
    plan_part, _, changes = body.partition('id="changes"')
    assert "Local transport plan" in plan_part and "Parking charges review" in plan_part
    assert "Leisure centre contract" not in plan_part
    assert "Sale of the old depot" not in plan_part
    assert "Leisure centre contract" in changes  # listed as removed from this version
    old = client.get("/eastmere/forward-plan/versions/1/")
    assert old.status_code == 200 and "Leisure centre contract" in old.content.decode()
