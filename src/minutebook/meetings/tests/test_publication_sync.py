"""Publishing and renumbering an agenda keep search, OParl sync and the audit trail in step.

Each step goes through the real service, then asks the real search and the real OParl
list endpoint what a visitor or a syncing client now sees.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from minutebook.audit.models import AuditEvent
from minutebook.committees.factories import CommitteeFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.meetings import services
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.reports.factories import ReportFactory
from minutebook.reports.models import Report
from minutebook.search.models import EntryKind, SearchEntry
from minutebook.search.query import search

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
SET_UP = dt.datetime(2025, 3, 3, 9, 0, tzinfo=LONDON)
SYNCED = dt.datetime(2025, 3, 10, 9, 0, tzinfo=LONDON)
AGENDA_OUT = dt.datetime(2025, 4, 1, 9, 0, tzinfo=LONDON)
SUPPLEMENT_OUT = dt.datetime(2025, 4, 2, 9, 0, tzinfo=LONDON)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Set the time the services, ``auto_now`` stamps and the API see."""

    def set_now(moment: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(dt.UTC))

    set_now(SET_UP)
    return set_now


@pytest.fixture
def meeting(clock: Any) -> Meeting:
    council = CouncilFactory(slug="exampleshire", bank_holiday_region="ENG")
    committee = CommitteeFactory(council=council, slug="cabinet")
    meeting = services.create_meeting(
        committee,
        start=dt.datetime(2025, 4, 24, 10, 0, tzinfo=LONDON),
        end=dt.datetime(2025, 4, 24, 12, 0, tzinfo=LONDON),
    )
    services.add_item(
        meeting,
        title="Pothole repairs",
        report=ReportFactory(council=council, title="Pothole repair programme"),
    )
    services.add_item(
        meeting,
        title="Allotment rents",
        report=ReportFactory(council=council, title="Allotment rent review"),
        to_follow=True,
    )
    return meeting


def _reports_found(word: str) -> set[int]:
    return {r.entry.object_id for r in search(word).results if r.entry.kind == EntryKind.REPORT}


def _papers_since(client: Client, meeting: Meeting, since: dt.datetime) -> set[int]:
    slug = meeting.committee.council.slug
    url = f"/oparl/v1/body/{slug}/papers?modified_since={quote(since.isoformat())}&limit=100"
    found: set[int] = set()
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        page = json.loads(response.content)
        found |= {int(o["id"].rstrip("/").rsplit("/", 1)[-1]) for o in page["data"]}
        url = page["links"].get("next")
    return found


def _mark() -> int:
    """The newest audit event's id: events after it are the step under test's."""
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _events(obj: Any, after: int) -> list[AuditEvent]:
    """Audit events recorded for ``obj`` after event ``after``, oldest first."""
    return list(
        AuditEvent.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk), id__gt=after
        ).order_by("id")
    )


def _actions(obj: Any, after: int) -> list[str]:
    return [e.action for e in _events(obj, after)]


def test_published_reports_are_found_and_synced(
    clock: Any, meeting: Meeting, client: Client
) -> None:
    pothole = Report.public_objects.get(title="Pothole repair programme")
    allotment = Report.public_objects.get(title="Allotment rent review")
    assert _reports_found("pothole") == set() and _reports_found("allotment") == set()

    clock(AGENDA_OUT)
    mark = _mark()
    services.publish_agenda(meeting, by=None, at=AGENDA_OUT)

    assert _reports_found("pothole") == {pothole.pk}
    assert _reports_found("allotment") == set()  # "to follow": not yet open
    # The report's row did not change, but it became visible: a client that synced
    # before publication must be told.
    assert _papers_since(client, meeting, SYNCED) == {pothole.pk}
    item = AgendaItem.public_objects.get(report=pothole)
    assert _actions(item, mark) == ["published"]

    clock(SUPPLEMENT_OUT)
    late = AgendaItem.public_objects.filter(report=allotment)
    mark = _mark()
    services.publish_supplement(meeting, late, by=None, at=SUPPLEMENT_OUT)

    # A supplement saves no meeting: only the items' own saves can re-index them.
    assert _reports_found("allotment") == {allotment.pk}
    assert _papers_since(client, meeting, AGENDA_OUT + dt.timedelta(hours=1)) == {allotment.pk}
    late_item = late.get()
    assert late_item.published_at == SUPPLEMENT_OUT and late_item.supplement is not None
    assert SearchEntry.objects.filter(kind=EntryKind.AGENDA_ITEM, object_id=late_item.pk).exists()
    assert _actions(late_item, mark) == ["published"]


def test_an_exempt_report_makes_its_items_exempt_through_their_saves(
    clock: Any, meeting: Meeting
) -> None:
    clock(AGENDA_OUT)
    services.publish_agenda(meeting, by=None, at=AGENDA_OUT)
    item = AgendaItem.public_objects.get(title="Pothole repairs")
    report = Report.public_objects.get(pk=item.report_id)
    mark = _mark()
    report.exempt_paragraphs = [3]
    report.save()
    item.refresh_from_db()
    assert item.is_exempt and item.exempt_paragraphs == [3]
    assert _actions(item, mark) == ["exempt_status.changed"]
    assert not SearchEntry.objects.filter(kind=EntryKind.REPORT, object_id=report.pk).exists()


def test_reordering_saves_each_moved_item_and_keeps_numbers_unique(meeting: Meeting) -> None:
    items = list(AgendaItem.public_objects.filter(meeting=meeting).order_by("order"))
    pothole = next(i for i in items if i.title == "Pothole repairs")
    allotment = next(i for i in items if i.title == "Allotment rents")
    still = [i for i in items if i.pk not in {pothole.pk, allotment.pk}]
    assert still  # the committee template's standing items
    mark = _mark()
    services.move_item(pothole, +1)
    after = list(AgendaItem.public_objects.filter(meeting=meeting).order_by("order"))
    assert [i.order for i in after] == list(range(1, len(after) + 1))
    assert [i.number for i in after] == [str(n) for n in range(1, len(after) + 1)]
    moved = {i.pk: (i.order, i.number) for i in after}
    assert moved[allotment.pk] == (pothole.order, pothole.number)
    assert moved[pothole.pk] == (allotment.order, allotment.number)
    # Each moved item was saved (out of the way, then into place), so it is audited and
    # ends where the trail says; items already in place were not touched.
    for item in (pothole, allotment):
        events = _events(item, mark)
        assert [e.changed_fields for e in events] == [["number", "order"], ["number", "order"]]
        assert events[-1].after == {"order": moved[item.pk][0], "number": moved[item.pk][1]}
    for item in still:
        assert _events(item, mark) == []
