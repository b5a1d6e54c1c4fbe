"""A client syncing with ``modified_since`` holds exactly what a full crawl holds.

Property test (issue 14): a small council (``build_pack_scenario`` plus a second
meeting at the same venue, and the first meeting's agenda pack) goes through a random
sequence of batches of changes: agenda items edited, added, deleted and made exempt,
reports edited and made exempt, appendices made exempt and added, a venue and a
committee renamed, memberships added and ended, a meeting deleted, the worker rebuilding
stale packs, and a change of each kind embedded in an item, a membership or the Body:
decisions and minutes recorded on items (an item embeds them, and a meeting its items),
a councillor changing political group (a membership's onBehalfOf), a legislative term
renamed (the Body embeds its terms). Every type keeps its own ``created``/``modified``
now, so each list is filtered and a missed bump shows as a stale copy. After each batch the syncing client fetches every list of the Body with
``modified_since=<the time it took before its previous sync>`` and merges: live objects
replace their copies by id, tombstones (``deleted: true``) drop them. Its store must then
equal a fresh full crawl, object for object and byte for byte (parents embed their
children, so a parent whose ``modified`` did not move shows as a stale embedded copy), and
nothing made exempt may be left in it, embedded or not.

The council is built once; each example runs in a savepoint rolled back at its end, so
examples start alike. ``MINUTEBOOK_SYNC_EXAMPLES=200`` searches longer.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutebook.api.oparl import BODY_LISTS
from minutebook.committees.factories import MembershipFactory
from minutebook.committees.models import Committee, Membership
from minutebook.decisions.factories import DecisionFactory, MinuteItemFactory
from minutebook.derived.graph import rebuild_all
from minutebook.documents.factories import AppendixFactory
from minutebook.documents.models import Document
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState, Venue
from minutebook.packs.services import generate_pack
from minutebook.packs.tests.builders import appendix_pdf, build_pack_scenario
from minutebook.people.factories import (
    CouncillorFactory,
    LegislativeTermFactory,
    PoliticalGroupFactory,
)
from minutebook.people.models import LegislativeTerm, Person
from minutebook.reports.models import Report

pytestmark = pytest.mark.slow

#: A dozen sequences in the suite (about 20 s); raise it to search harder.
EXAMPLES = int(os.environ.get("MINUTEBOOK_SYNC_EXAMPLES", "12"))

#: Small pages, so every list is walked through ``links.next`` and keyset cursors.
PAGE = 4


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def with_params(url: str, **params: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}{urlencode(params)}"


def embedded(obj: Any) -> Iterator[dict[str, Any]]:
    """Every OParl object inside ``obj`` (``obj`` itself included)."""
    if isinstance(obj, dict):
        if "id" in obj and "type" in obj:
            yield obj
        for value in obj.values():
            yield from embedded(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from embedded(value)


class OParlClient:
    """What an OParl consumer does: a full crawl, or a sync by ``modified_since``."""

    def __init__(self, slug: str) -> None:
        self.http = Client()
        self.slug = slug
        #: Top-level objects by id, each as last served (embedded children inside).
        self.store: dict[str, dict[str, Any]] = {}
        self.since: dt.datetime | None = None

    def get(self, url: str) -> dict[str, Any]:
        response = self.http.get(local(url))
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        data: dict[str, Any] = json.loads(response.content)
        return data

    def lists(self) -> list[str]:
        body = self.get(f"/oparl/v1/body/{self.slug}")
        return [body[prop] for prop in BODY_LISTS.values()]

    def walk(self, url: str) -> list[dict[str, Any]]:
        seen: list[dict[str, Any]] = []
        next_url: str | None = with_params(url, limit=str(PAGE))
        while next_url:
            page = self.get(next_url)
            seen += page["data"]
            next_url = page["links"].get("next")
        ids = [o["id"] for o in seen]
        assert len(ids) == len(set(ids)), f"{url}: an object twice"
        return seen

    def crawl(self) -> dict[str, dict[str, Any]]:
        """Every live object of every list, by id (a full crawl lists no tombstones)."""
        body = self.get(f"/oparl/v1/body/{self.slug}")
        store: dict[str, dict[str, Any]] = {body["id"]: body}
        for url in self.lists():
            for obj in self.walk(url):
                assert not obj.get("deleted"), obj
                assert obj["id"] not in store, f"{obj['id']} in two lists"
                store[obj["id"]] = obj
        return store

    def full_sync(self) -> None:
        self.since = timezone.now()  # taken before fetching: a change meanwhile is re-read
        self.store = self.crawl()

    def sync(self) -> None:
        assert self.since is not None
        since, self.since = self.since, timezone.now()
        body = self.get(f"/oparl/v1/body/{self.slug}")
        if dt.datetime.fromisoformat(body["modified"]) >= since.replace(microsecond=0):
            self.store[body["id"]] = body  # re-read only once its modified moved
        for url in self.lists():
            for obj in self.walk(with_params(url, modified_since=since.isoformat())):
                if obj.get("deleted"):
                    # Dropping the parent drops the children it embeds.
                    self.store.pop(obj["id"], None)
                else:
                    self.store[obj["id"]] = obj

    def everything(self) -> dict[str, list[dict[str, Any]]]:
        """Every object held, embedded ones included, by id."""
        found: dict[str, list[dict[str, Any]]] = {}
        for top in self.store.values():
            for obj in embedded(top):
                found.setdefault(obj["id"], []).append(obj)
        return found


# -- the council and what happens to it ---------------------------------------------------


class Council:
    """The scenario's rows, and the changes an officer (or the worker) makes to them."""

    def __init__(self) -> None:
        scenario = build_pack_scenario(paragraphs=1)
        meeting = scenario.meeting
        self.committee = meeting.committee
        self.council = self.committee.council
        other = MeetingFactory(
            committee=self.committee,
            venue=meeting.venue,
            state=MeetingState.AGENDA_PUBLISHED,
            start=meeting.start + dt.timedelta(days=28),
            published_at=meeting.published_at,
        )
        AgendaItemFactory(meeting=other, order=1, title="Apologies for absence")
        # The same public report on the second meeting too (deferred, say).
        AgendaItemFactory(
            meeting=other, order=2, title="Library opening hours", report=scenario.public_report
        )
        generate_pack(meeting)
        self.groups = [PoliticalGroupFactory(council=self.council) for _ in range(2)]
        LegislativeTermFactory(council=self.council, start_date=dt.date(2023, 5, 4))
        MembershipFactory(
            committee=self.committee,
            person=CouncillorFactory(council=self.council, political_group=self.groups[0]),
        )
        self.reset()

    def reset(self) -> None:
        #: OParl ids of what has been made exempt: none may be held after a sync.
        self.exempt_ids: set[str] = set()
        self.made_exempt_items: set[str] = set()
        self.counter = 0

    def oid(self, path: str, pk: int) -> str:
        return f"http://testserver/oparl/v1/{path}/{pk}"

    @staticmethod
    def pick(rows: list[Any], n: int) -> Any:
        return rows[n % len(rows)] if rows else None

    def items(self) -> list[AgendaItem]:
        return list(
            AgendaItem.public_objects.filter(meeting__committee__council=self.council).order_by(
                "pk"
            )
        )

    def public_reports(self) -> list[Report]:
        return list(Report.public_objects.filter(council=self.council).order_by("pk"))

    def apply(self, op: str, n: int) -> None:
        self.counter += 1
        getattr(self, f"op_{op}")(n)

    def op_edit_item(self, n: int) -> None:
        item = self.pick(self.items(), n)
        if item is not None:
            item.title = f"Item retitled {self.counter}"
            item.save()

    def op_edit_report(self, n: int) -> None:
        report = self.pick(self.public_reports(), n)
        if report is not None:
            report.title = f"Report retitled {self.counter}"
            report.body += f"\n\nRevised {self.counter}."
            report.key_decision = not report.key_decision  # printed on its agenda items too
            report.save()

    def op_add_item(self, n: int) -> None:
        meeting = self.pick(
            list(Meeting.objects.filter(committee=self.committee).order_by("pk")), n
        )
        if meeting is not None:
            order = max([i.order for i in meeting.agenda_items.all()] or [0]) + 1
            AgendaItemFactory(meeting=meeting, order=order, title=f"Added {self.counter}")

    def op_drop_report(self, n: int) -> None:
        """The item keeps its place on the agenda but no longer carries its report."""
        item = self.pick([i for i in self.items() if i.report_id is not None], n)
        if item is not None:
            item.report = None
            item.save()

    def op_delete_item(self, n: int) -> None:
        # An issued decision record is immutable (a database trigger): what it was made
        # under stays.
        item = self.pick([i for i in self.items() if not i.decisions.exists()], n)
        if item is not None:
            item.delete()

    def _make_exempt(self, row: Any) -> None:
        row.exempt_paragraphs = [3]
        row.public_interest_reason = "Commercial terms under negotiation."
        row.save()

    def op_exempt_item(self, n: int) -> None:
        item = self.pick([i for i in self.items() if not i.is_exempt], n)
        if item is None:
            return
        self.made_exempt_items.add(self.oid("agenda-item", item.pk))
        self.exempt_ids.add(self.oid("consultation", item.pk))
        if item.report_id:
            self._report_exempt_ids(item.report_id)
        self._make_exempt(item)

    def _report_exempt_ids(self, report_id: int) -> None:
        self.exempt_ids.add(self.oid("paper", report_id))
        for doc in Document.public_objects.filter(report_id=report_id):
            self.exempt_ids.add(self.oid("file", doc.pk))
        for item in AgendaItem.public_objects.filter(report_id=report_id):
            self.made_exempt_items.add(self.oid("agenda-item", item.pk))
            self.exempt_ids.add(self.oid("consultation", item.pk))

    def op_exempt_report(self, n: int) -> None:
        report = self.pick(self.public_reports(), n)
        if report is not None:
            self._report_exempt_ids(report.pk)
            self._make_exempt(report)

    def op_exempt_appendix(self, n: int) -> None:
        docs = Document.public_objects.filter(council=self.council, report__isnull=False)
        doc = self.pick(list(docs.order_by("pk")), n)
        if doc is not None:
            self.exempt_ids.add(self.oid("file", doc.pk))
            self._make_exempt(doc)

    def op_add_appendix(self, n: int) -> None:
        report = self.pick(self.public_reports(), n)
        if report is not None:
            AppendixFactory(
                council=self.council,
                report=report,
                title=f"Added appendix {self.counter}",
                order=10 + self.counter,
                file=ContentFile(appendix_pdf("ADDED", 1), name="added.pdf"),
            )

    def op_rename_venue(self, n: int) -> None:
        venue = self.pick(list(Venue.objects.filter(council=self.council).order_by("pk")), n)
        if venue is not None:
            venue.name = f"Room {self.counter}"
            venue.save()

    def op_add_membership(self, n: int) -> None:
        MembershipFactory(
            committee=self.committee,
            person=CouncillorFactory(council=self.council, last_name=f"Newcomer{self.counter}"),
        )

    def op_end_membership(self, n: int) -> None:
        open_seats = Membership.objects.filter(committee=self.committee, end_date__isnull=True)
        seat = self.pick(list(open_seats.order_by("pk")), n)
        if seat is not None:
            seat.end_date = dt.date(2025, 3, 31)
            seat.save()

    def op_rename_committee(self, n: int) -> None:
        committee = Committee.objects.get(pk=self.committee.pk)
        committee.name = f"Cabinet {self.counter}"
        committee.save()

    def op_delete_meeting(self, n: int) -> None:
        meetings = Meeting.objects.filter(committee=self.committee, decisions__isnull=True)
        meeting = self.pick(list(meetings.distinct().order_by("pk")), n)
        if meeting is not None:
            meeting.delete()

    def op_move_meeting(self, n: int) -> None:
        """A meeting moved a day on: its papers' date goes with it."""
        meeting = self.pick(
            list(Meeting.objects.filter(committee=self.committee).order_by("pk")), n
        )
        if meeting is not None:
            meeting.start += dt.timedelta(days=1)
            meeting.end = meeting.start + dt.timedelta(hours=2)
            meeting.save()

    def _open_item(self, n: int) -> AgendaItem | None:
        return self.pick([i for i in self.items() if not i.is_exempt], n)

    def op_record_decision(self, n: int) -> None:
        """A published decision: embedded in its item, meeting and paper."""
        item = self._open_item(n)
        if item is not None:
            DecisionFactory(
                meeting=item.meeting,
                agenda_item=item,
                report_id=item.report_id,
                title=f"Decision {self.counter}",
                published_at=timezone.now() - dt.timedelta(minutes=1),
            )

    def op_record_minute(self, n: int) -> None:
        """A minute: its item's resolutionText."""
        item = self._open_item(n)
        if item is not None:
            MinuteItemFactory(
                meeting=item.meeting, agenda_item=item, resolution=f"Resolved {self.counter}."
            )

    def op_change_group(self, n: int) -> None:
        """A member crosses the floor: every membership's onBehalfOf changes."""
        seated = Person.objects.filter(memberships__committee=self.committee).distinct()
        person = self.pick(list(seated.order_by("pk")), n)
        if person is not None:
            others = [g for g in self.groups if g.pk != person.political_group_id]
            person.political_group = others[0]
            person.save()

    def op_rename_term(self, n: int) -> None:
        term = self.pick(list(LegislativeTerm.objects.filter(council=self.council)), n)
        if term is not None:
            term.name = f"Term {self.counter}"
            term.save()

    def op_worker(self, n: int) -> None:
        """The worker rebuilds what is stale (new pack versions replace old ones)."""
        rebuild_all()


OPS = [
    "edit_item",
    "edit_report",
    "add_item",
    "delete_item",
    "drop_report",
    "exempt_item",
    "exempt_report",
    "exempt_appendix",
    "add_appendix",
    "rename_venue",
    "add_membership",
    "end_membership",
    "rename_committee",
    "delete_meeting",
    "move_meeting",
    "record_decision",
    "record_minute",
    "change_group",
    "rename_term",
    "worker",
]

operation = st.tuples(st.sampled_from(OPS), st.integers(min_value=0, max_value=20))
batches = st.lists(st.lists(operation, min_size=1, max_size=4), min_size=1, max_size=4)


def check(client: OParlClient, council: Council, after: list[tuple[str, int]]) -> None:
    fresh = client.crawl()
    assert set(client.store) == set(fresh), (
        after,
        {"stale": sorted(set(client.store) - set(fresh))},
        {"missed": sorted(set(fresh) - set(client.store))},
    )
    differ = {k: (client.store[k], fresh[k]) for k in fresh if client.store[k] != fresh[k]}
    assert not differ, (after, differ)
    held = client.everything()
    assert not council.exempt_ids & set(held), (after, sorted(council.exempt_ids & set(held)))
    for item_id in council.made_exempt_items & set(held):
        assert all(obj["public"] is False for obj in held[item_id]), (after, held[item_id])


def run(council: Council, batches: list[list[tuple[str, int]]]) -> None:
    """One example, in a savepoint rolled back at its end: every example starts alike."""
    savepoint = transaction.savepoint()
    try:
        council.reset()
        client = OParlClient(council.council.slug)
        client.full_sync()
        done: list[tuple[str, int]] = []
        for batch in batches:
            for op, n in batch:
                council.apply(op, n)
            done += batch
            client.sync()
            check(client, council, done)
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.mark.django_db
def test_a_client_syncing_by_modified_since_holds_what_a_full_crawl_holds() -> None:
    council = Council()  # built once (the agenda pack takes seconds to render)

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(batches=batches)
    def example(batches: list[list[tuple[str, int]]]) -> None:
        run(council, batches)

    example()
