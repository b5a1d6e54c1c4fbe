"""The decisions register as the public may read it, exempt decisions included.

A decision taken in private is still a decision the public may know was taken: the
title as it stood on the agenda (always public, LGA 1972 s100B(2)), who took it, when,
where it stands on call-in and the Schedule 12A paragraph relied on (SI 2012/2089
reg 20(2)-(3) for executive decisions). What it says, its reasons and its report are
not public. An exempt record is read here, and only here, through its safe columns
(:data:`SAFE_COLUMNS`), so no exempt text ever leaves the database for a public page;
public code calls these functions and never names the officer manager.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, F, QuerySet, Value, When

from minutebook.committees.models import Committee
from minutebook.core.exempt import describe_paragraphs
from minutebook.councils.models import Council
from minutebook.decisions.models import Decision
from minutebook.forwardplan.published import PublishedEntry, published_entries
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.people.models import Person

#: What an exempt decision record may give the public: never its title (it may name
#: what made it exempt), wording, reasons, report or minute.
SAFE_COLUMNS = (
    "pk",
    "council_id",
    "date",
    "meeting_id",
    "agenda_item_id",
    "forward_plan_entry_id",
    "decision_maker_id",
    "decision_maker_person_id",
    "decision_maker_text",
    "key_decision",
    "exempt_paragraphs",
    "published_at",
    "call_in_state",
    "call_in_expires",
    "in_force_date",
    "is_urgent",
)
UNTITLED = "Decision taken in private"


@dataclass
class RestrictedDecision:
    """An exempt decision as the public sees it: the fact of it, not its content."""

    pk: int
    date: dt.date
    title: str
    maker_name: str
    exempt_paragraphs: list[int]
    key_decision: bool
    public_status: str
    decision_maker: Committee | None = None
    meeting: Meeting | None = None
    agenda_item: AgendaItem | None = None
    #: The entry as last published (never its live row, which may hold unpublished edits).
    forward_plan_entry: PublishedEntry | None = None
    published_at: dt.datetime | None = None
    restricted: bool = field(default=True, init=False)

    @property
    def exempt_description(self) -> str:
        return describe_paragraphs(self.exempt_paragraphs)


def register_rows(
    council: Council, *, call_in_states: list[str] | None = None, key_only: bool = False
) -> QuerySet[Any]:
    """``(pk, is_exempt)`` of every published, current decision, latest first.

    Within a day public records come first, by title; exempt ones follow in the order
    they were made, so the order never depends on an exempt title.
    """
    rows = Decision.officer_objects.filter(council=council).published().current()
    if call_in_states is not None:
        rows = rows.filter(call_in_state__in=call_in_states)
    if key_only:
        rows = rows.filter(key_decision=True)
    public_title = Case(When(is_exempt=True, then=Value("")), default=F("title"))
    return rows.order_by("-date", "is_exempt", public_title, "pk").values_list("pk", "is_exempt")


def resolve(council: Council, rows: list[tuple[int, bool]]) -> list[Decision | RestrictedDecision]:
    """The page's rows as objects: a public record whole, an exempt one restricted."""
    public_ids = [pk for pk, exempt in rows if not exempt]
    public = {
        d.pk: d
        for d in Decision.public_objects.filter(council=council, pk__in=public_ids).select_related(
            "meeting__committee__council", "decision_maker", "decision_maker_person"
        )
    }
    restricted = {r.pk: r for r in _restricted(council, [pk for pk, exempt in rows if exempt])}
    found: list[Decision | RestrictedDecision] = []
    for pk, exempt in rows:
        row = restricted.get(pk) if exempt else public.get(pk)
        if row is not None:
            found.append(row)
    return found


def restricted_for_meeting(council: Council, meeting_id: int) -> list[RestrictedDecision]:
    """The meeting's published, current decisions taken in private, as the public sees them."""
    pks = (
        Decision.officer_objects.filter(council=council, meeting_id=meeting_id, is_exempt=True)
        .published()
        .current()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return _restricted(council, list(pks))


def restricted_decision(council: Council, pk: int) -> RestrictedDecision | None:
    """An exempt, published decision of ``council`` as the public sees it, else None."""
    found = _restricted(council, [pk])
    return found[0] if found else None


#: The largest id a database integer holds: a larger one in an address is no decision
#: (an ``in`` lookup, unlike ``exact``, does not check the range and SQLite overflows).
MAX_ID = 2**63 - 1


def _restricted(council: Council, pks: list[int]) -> list[RestrictedDecision]:
    pks = [pk for pk in pks if 0 < pk <= MAX_ID]
    if not pks:
        return []
    values = list(
        Decision.officer_objects.filter(council=council, pk__in=pks, is_exempt=True)
        .published()
        .values(*SAFE_COLUMNS)
    )
    items = {
        i.pk: i
        for i in AgendaItem.public_objects.open_to_inspection().filter(
            pk__in=[v["agenda_item_id"] for v in values if v["agenda_item_id"]]
        )
    }
    meetings = {
        m.pk: m
        for m in Meeting.objects.select_related("committee__council").filter(
            pk__in=[v["meeting_id"] for v in values if v["meeting_id"]]
        )
    }
    entries = published_entries(council, [v["forward_plan_entry_id"] for v in values])
    committees = {
        c.pk: c
        for c in Committee.objects.filter(
            pk__in=[v["decision_maker_id"] for v in values if v["decision_maker_id"]]
        )
    }
    people = {
        p.pk: p
        for p in Person.objects.filter(
            pk__in=[v["decision_maker_person_id"] for v in values if v["decision_maker_person_id"]]
        )
    }
    found = []
    for v in values:
        item = items.get(v["agenda_item_id"])
        entry = entries.get(v["forward_plan_entry_id"])
        # A throwaway record of the safe columns only, for the shared wording of status
        # and decision maker; it is never saved.
        shell = Decision(**{k: v[k] for k in SAFE_COLUMNS if k != "pk"})
        shell.decision_maker = committees.get(v["decision_maker_id"])
        shell.decision_maker_person = people.get(v["decision_maker_person_id"])
        shell.meeting = meetings.get(v["meeting_id"])
        found.append(
            RestrictedDecision(
                pk=v["pk"],
                date=v["date"],
                title=item.title if item else entry.title if entry else UNTITLED,
                maker_name=shell.maker_name,
                exempt_paragraphs=list(v["exempt_paragraphs"] or []),
                key_decision=v["key_decision"],
                public_status=shell.public_status,
                decision_maker=shell.decision_maker,
                meeting=shell.meeting,
                agenda_item=item,
                forward_plan_entry=entry,
                published_at=v["published_at"],
            )
        )
    return found
