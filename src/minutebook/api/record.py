"""minutebook's own public record as ``minutebook:`` objects with ids of their own.

Questions and answers, registers of interests, forward plan versions, work programmes,
action sheets and plans have no OParl type: each is a ``minutebook:<Type>`` object at
``/oparl/v1/minutebook/<type>/<id>``, listed at ``/oparl/v1/body/<slug>/minutebook/...``
with the OParl lists' filters, paging and deleted markers (``RECORDS``; described in
``api.vocabulary``). Each type's ``public`` rows are exactly what the public site shows:

- questions, statements and petitions once published in a supplement, never rejected or
  withdrawn ones, and never an asker's address, email or phone (``PUBLIC_FIELDS``);
- register entries of members, current ones only, with no word of whose interest it is (a
  spouse's or partner's is the member's: Localism Act 2011 s30(3)); a sensitive interest
  (s32) is only "withheld": no category, description or date;
- actions raised under an exempt minute never.

Exempt-aware models are read through ``public_objects`` only, as in ``oparl``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from minutebook.api.common import RECORD_PATHS, Urls, clean, day, oparl_type, stamped, when
from minutebook.api.extensions import forward_plan_entries, serialize_forward_plan
from minutebook.api.models import OParlType
from minutebook.decisions.models import Decision, MinuteItem
from minutebook.forwardplan.models import ForwardPlanEntry, ForwardPlanVersion
from minutebook.interests.services import DPI_CATEGORIES, WITHHELD
from minutebook.members.models import RegisterEntry
from minutebook.participation.models import CouncillorQuestion, PublicQuestion, SubmissionStatus
from minutebook.people.models import PersonKind
from minutebook.plans.models import Plan, PlanItem
from minutebook.scrutiny.models import Action, WorkProgrammeItem

MEMBER_KINDS = (PersonKind.COUNCILLOR, PersonKind.CO_OPTED)
SENSITIVE = f"{WITHHELD} (Localism Act 2011 section 32(2))"


@dataclass(frozen=True)
class RecordKind:
    """One ``minutebook:`` type: its public rows (all councils), the path to a row's
    council id, its serialiser and its time stamps (as ``oparl.Kind``)."""

    name: str
    public: Callable[[], QuerySet[Any]]
    council: str
    serialize: Callable[[Urls, Sequence[Any]], list[dict[str, Any]]]
    stamps: tuple[str, str] = ("created", "modified")
    description: str = ""

    def rows(self, council_id: int) -> QuerySet[Any]:
        return self.public().filter(**{self.council: council_id})


def _person(urls: Urls, pk: int | None) -> str | None:
    return urls.obj(OParlType.PERSON, pk) if pk else None


def _meeting(urls: Urls, pk: int | None) -> str | None:
    return urls.obj(OParlType.MEETING, pk) if pk else None


def _published_page(urls: Urls, meeting: Any) -> str:
    kwargs = {
        "council": meeting.committee.council.slug,
        "committee": meeting.committee.slug,
        "meeting": meeting.slug,
    }
    return urls.web(reverse("publishing:participation:published", kwargs=kwargs))


# -- questions and answers ----------------------------------------------------------------


def public_questions() -> QuerySet[PublicQuestion]:
    return PublicQuestion.objects.published().select_related(
        "supplement", "meeting__committee__council"
    )


def councillor_questions() -> QuerySet[CouncillorQuestion]:
    return CouncillorQuestion.objects.published().select_related(
        "supplement", "councillor", "meeting__committee__council"
    )


def _answer(urls: Urls, q: Any) -> dict[str, Any]:
    written = q.status == SubmissionStatus.WRITTEN_REPLY and not q.answer
    return {
        "answer": q.answer or ("A written reply will be sent." if written else None),
        "answeredBy": _person(urls, q.answered_by_id) if q.answer else None,
        "answered": when(q.answered_at) if q.answer else None,
    }


def serialize_public_questions(urls: Urls, rows: Sequence[PublicQuestion]) -> list[dict[str, Any]]:
    out = []
    for q in rows:
        view = q.public_view()  # names only: never an address, email or phone
        obj = {
            "id": urls.obj(OParlType.PUBLIC_QUESTION, q.pk),
            "type": oparl_type(OParlType.PUBLIC_QUESTION),
            "meeting": _meeting(urls, q.meeting_id),
            "agendaItem": urls.obj(OParlType.AGENDA_ITEM, q.agenda_item_id)
            if q.agenda_item_id
            else None,
            "kind": view["kind"],
            "kindText": q.get_kind_display(),
            "order": q.order,
            "name": view["name"],
            "onBehalfOf": view["on_behalf_of"],
            "addressedTo": view["addressed_to_text"],
            "text": view["text"],
            "signatures": q.signatures,
            "status": view["status"],
            "published": when(q.supplement.published_at) if q.supplement else None,
            "web": _published_page(urls, q.meeting),
            **_answer(urls, q),
        }
        out.append(stamped(obj, q))
    return out


def serialize_councillor_questions(
    urls: Urls, rows: Sequence[CouncillorQuestion]
) -> list[dict[str, Any]]:
    out = []
    for q in rows:
        obj = {
            "id": urls.obj(OParlType.COUNCILLOR_QUESTION, q.pk),
            "type": oparl_type(OParlType.COUNCILLOR_QUESTION),
            "meeting": _meeting(urls, q.meeting_id),
            "councillor": _person(urls, q.councillor_id),
            "councillorName": q.councillor.display_name,
            "partOf": urls.obj(OParlType.COUNCILLOR_QUESTION, q.parent_id) if q.parent_id else None,
            "order": q.order,
            "addressedTo": q.addressed_to_text,
            "text": q.text,
            "status": q.status,
            "published": when(q.supplement.published_at) if q.supplement else None,
            "web": _published_page(urls, q.meeting),
            **_answer(urls, q),
        }
        out.append(stamped(obj, q))
    return out


# -- registers of interests -----------------------------------------------------------------


def register_entries() -> QuerySet[RegisterEntry]:
    """Members' current entries, as the public register lists them (sensitive ones too,
    to be printed as withheld)."""
    today = timezone.localdate()
    return (
        RegisterEntry.objects.filter(person__kind__in=MEMBER_KINDS)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("record")
    )


def _is_sensitive(entry: RegisterEntry) -> bool:
    record = getattr(entry, "record", None)
    return bool(record is not None and record.is_sensitive)


def serialize_register_entries(urls: Urls, rows: Sequence[RegisterEntry]) -> list[dict[str, Any]]:
    out = []
    for e in rows:
        obj: dict[str, Any] = {
            "id": urls.obj(OParlType.REGISTER_ENTRY, e.pk),
            "type": oparl_type(OParlType.REGISTER_ENTRY),
            "person": _person(urls, e.person_id),
        }
        if _is_sensitive(e):
            # s32(2): the register says only that there is an interest withheld.
            obj |= {"withheld": True, "description": SENSITIVE}
        else:
            dpi = e.category in DPI_CATEGORIES
            obj |= {
                "section": "Disclosable pecuniary interest"
                if dpi
                else "Other registrable interest",
                "category": e.category,
                "categoryText": e.get_category_display(),
                "description": e.description,
                "startDate": day(e.start_date),
                "endDate": day(e.end_date),
            }
        out.append(stamped(obj, e) | {"withheld": _is_sensitive(e)})
    return out


def lapsed_entries(council_id: int, since: dt.datetime, until: dt.datetime | None) -> Any:
    """Entries that left the register when their end date passed, between ``since`` and
    ``until``: no save marks that moment, so their deleted markers are made here. An
    entry leaves the register at the local midnight after its end date."""
    from minutebook.api.models import Tombstone

    def lapse_floor(moment: dt.datetime) -> dt.date:
        local = timezone.localtime(moment)
        return local.date() - dt.timedelta(days=1 if local.time() == dt.time(0) else 0)

    rows = RegisterEntry.objects.filter(
        person__council_id=council_id,
        person__kind__in=MEMBER_KINDS,
        end_date__lt=timezone.localdate(),
        end_date__gte=lapse_floor(since),
    ).exclude(
        pk__in=Tombstone.objects.filter(oparl_type=OParlType.REGISTER_ENTRY).values("object_id")
    )
    if until is not None:
        rows = rows.filter(end_date__lt=lapse_floor(until) + dt.timedelta(days=1))
    return rows


def lapsed_markers(urls: Urls, rows: Sequence[RegisterEntry]) -> list[dict[str, Any]]:
    """Deleted markers of lapsed entries: modified is the moment each left the register."""
    out = []
    for e in rows:
        if e.end_date is None:
            continue
        gone = dt.datetime.combine(e.end_date + dt.timedelta(days=1), dt.time(0))
        out.append(
            {
                "id": urls.obj(OParlType.REGISTER_ENTRY, e.pk),
                "type": oparl_type(OParlType.REGISTER_ENTRY),
                "created": when(e.created),
                "modified": when(timezone.make_aware(gone)),
                "deleted": True,
            }
        )
    return out


# -- forward plan versions ------------------------------------------------------------------


def serialize_plan_versions(urls: Urls, rows: Sequence[ForwardPlanVersion]) -> list[dict[str, Any]]:
    wanted = {e.get("id") for v in rows for e in v.entries if isinstance(e, dict)}
    live = set(
        ForwardPlanEntry.objects.filter(pk__in=wanted, first_published__isnull=False).values_list(
            "pk", flat=True
        )
    )
    out = []
    for v in rows:
        entries = []
        for snapshot in v.entries:
            entry = {k: val for k, val in snapshot.items() if k != "id"}
            if snapshot.get("id") in live:
                entry["entry"] = urls.forward_plan_entry(snapshot["id"])
            entries.append(entry)
        slug = v.council.slug
        path = reverse(
            "publishing:forward_plan_version", kwargs={"council": slug, "number": v.number}
        )
        obj = {
            "id": urls.obj(OParlType.FORWARD_PLAN_VERSION, v.pk),
            "type": oparl_type(OParlType.FORWARD_PLAN_VERSION),
            "body": urls.body(slug),
            "number": v.number,
            "published": when(v.published_at),
            "entries": entries,
            "web": urls.web(path),
            "created": when(v.published_at),
            "modified": when(v.published_at),
        }
        out.append(clean(obj) | {"entries": entries, "deleted": False})
    return out


# -- scrutiny: work programmes and action sheets ------------------------------------------


def _committee_web(urls: Urls, committee: Any, page: str) -> str:
    return urls.web(f"/{committee.council.slug}/{committee.slug}/{page}/")


def serialize_work_items(urls: Urls, rows: Sequence[WorkProgrammeItem]) -> list[dict[str, Any]]:
    out = []
    for w in rows:
        obj = {
            "id": urls.obj(OParlType.WORK_PROGRAMME_ITEM, w.pk),
            "type": oparl_type(OParlType.WORK_PROGRAMME_ITEM),
            "organization": urls.obj(OParlType.ORGANIZATION, w.committee_id),
            "number": w.number,
            "meeting": _meeting(urls, w.meeting_id),
            "meetingDate": day(w.meeting_date),
            "subject": w.subject,
            "description": w.description,
            "requestedBy": w.requested_by,
            "author": _person(urls, w.author_id),
            "authorName": w.author_name,
            "portfolioHolder": _person(urls, w.portfolio_holder_id),
            "portfolioHolderName": w.portfolio_holder_name,
            "routeOnward": w.route_onward,
            "onwardDate": day(w.onward_date),
            "status": w.status,
            "statusText": w.get_status_display(),
            "web": _committee_web(urls, w.committee, "work-programme"),
        }
        out.append(stamped(obj, w))
    return out


def actions() -> QuerySet[Action]:
    """Actions not raised under an exempt minute (as the public action sheet)."""
    return Action.objects.filter(
        Q(minute_item__isnull=True) | Q(minute_item__in=MinuteItem.public_objects.all())
    ).select_related("committee__council", "owner")


def serialize_actions(urls: Urls, rows: Sequence[Action]) -> list[dict[str, Any]]:
    out = []
    for a in rows:
        obj = {
            "id": urls.obj(OParlType.ACTION, a.pk),
            "type": oparl_type(OParlType.ACTION),
            "organization": urls.obj(OParlType.ORGANIZATION, a.committee_id),
            "number": a.number,
            "reference": a.reference,
            "meeting": _meeting(urls, a.meeting_raised_id),
            "text": a.text,
            "owner": _person(urls, a.owner_id),
            "ownerName": a.owner.display_name if a.owner else a.owner_text,
            "due": day(a.due),
            "status": a.status,
            "statusText": a.get_status_display(),
            "update": a.update,
            "outcome": a.outcome,
            "completed": day(a.completed),
            "web": _committee_web(urls, a.committee, "action-sheet"),
        }
        out.append(stamped(obj, a))
    return out


# -- plans ------------------------------------------------------------------------------


def _plan_items(urls: Urls, plan_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each plan's items in tree order (``parent`` gives the key of the item above)."""
    rows = list(
        PlanItem.objects.filter(plan_id__in=plan_ids)
        .select_related("status", "owner")
        .order_by("plan_id", "parent_id", "order", "pk")
    )
    ids = [i.pk for i in rows]
    through = PlanItem.decisions.through
    published = Decision.public_objects.published().values("pk")
    decided: dict[int, list[str]] = defaultdict(list)
    for item_id, item_of_decision in through.objects.filter(
        planitem_id__in=ids, decision_id__in=published
    ).values_list("planitem_id", "decision__agenda_item_id"):
        if item_of_decision:
            decided[item_id].append(urls.obj(OParlType.AGENDA_ITEM, item_of_decision))
    met: dict[int, list[str]] = defaultdict(list)
    for item_id, meeting_id in PlanItem.meetings.through.objects.filter(
        planitem_id__in=ids
    ).values_list("planitem_id", "meeting_id"):
        met[item_id].append(urls.obj(OParlType.MEETING, meeting_id))
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for i in rows:
        out[i.plan_id].append(
            clean(
                {
                    "key": i.pk,
                    "parent": i.parent_id,
                    "level": i.level,
                    "order": i.order,
                    "reference": i.reference,
                    "title": i.title,
                    "description": i.description,
                    "owner": _person(urls, i.owner_id),
                    "ownerName": i.owner.display_name if i.owner else i.owner_text,
                    "timescale": i.timescale_text,
                    "startDate": day(i.start_date),
                    "endDate": day(i.end_date),
                    "ongoing": i.is_ongoing or None,
                    "status": i.status.label if i.status else None,
                    "statusCategory": i.status.category if i.status else None,
                    "completedOn": day(i.completed_on),
                    "measuresOfSuccess": i.measures_of_success,
                    "likelihood": i.likelihood,
                    "impact": i.impact,
                    "residualLikelihood": i.residual_likelihood,
                    "residualImpact": i.residual_impact,
                    "controls": i.controls,
                    "decisions": sorted(set(decided[i.pk])),
                    "meetings": met[i.pk],
                }
            )
        )
    return out


def serialize_plans(urls: Urls, rows: Sequence[Plan]) -> list[dict[str, Any]]:
    items = _plan_items(urls, [p.pk for p in rows])
    out = []
    for p in rows:
        obj = {
            "id": urls.obj(OParlType.PLAN, p.pk),
            "type": oparl_type(OParlType.PLAN),
            "body": urls.body(p.council.slug),
            "kind": p.kind,
            "kindText": p.get_kind_display(),
            "title": p.title,
            "description": p.description,
            "organization": urls.obj(OParlType.ORGANIZATION, p.committee_id)
            if p.committee_id
            else None,
            "state": p.state,
            "items": items[p.pk],
            "web": urls.web(p.get_absolute_url()),
        }
        out.append(stamped(obj, p) | {"items": items[p.pk]})
    return out


RECORDS: dict[str, RecordKind] = {
    OParlType.FORWARD_PLAN_ENTRY: RecordKind(
        OParlType.FORWARD_PLAN_ENTRY,
        lambda: forward_plan_entries(None),
        "council_id",
        serialize_forward_plan,
        description="Published forward plan entries (SI 2012/2089 reg 9), withdrawn ones marked",
    ),
    OParlType.PUBLIC_QUESTION: RecordKind(
        OParlType.PUBLIC_QUESTION,
        public_questions,
        "meeting__committee__council_id",
        serialize_public_questions,
        description="Questions, statements and petitions from the public, once published",
    ),
    OParlType.COUNCILLOR_QUESTION: RecordKind(
        OParlType.COUNCILLOR_QUESTION,
        councillor_questions,
        "meeting__committee__council_id",
        serialize_councillor_questions,
        description="Councillors' questions and their answers, once published",
    ),
    OParlType.REGISTER_ENTRY: RecordKind(
        OParlType.REGISTER_ENTRY,
        register_entries,
        "person__council_id",
        serialize_register_entries,
        description="Members' registers of interests (Localism Act 2011 s29), current entries",
    ),
    OParlType.FORWARD_PLAN_VERSION: RecordKind(
        OParlType.FORWARD_PLAN_VERSION,
        lambda: ForwardPlanVersion.objects.select_related("council"),
        "council_id",
        serialize_plan_versions,
        stamps=("published_at", "published_at"),
        description="Each published version of the forward plan, as published",
    ),
    OParlType.WORK_PROGRAMME_ITEM: RecordKind(
        OParlType.WORK_PROGRAMME_ITEM,
        lambda: WorkProgrammeItem.objects.select_related(
            "committee__council", "author", "portfolio_holder"
        ),
        "committee__council_id",
        serialize_work_items,
        description="Committees' work programmes, one object per line",
    ),
    OParlType.ACTION: RecordKind(
        OParlType.ACTION,
        actions,
        "committee__council_id",
        serialize_actions,
        description="Committees' action sheets, one object per action",
    ),
    OParlType.PLAN: RecordKind(
        OParlType.PLAN,
        lambda: Plan.objects.filter(is_published=True).select_related("council"),
        "council_id",
        serialize_plans,
        description="Published plans with their items and progress",
    ),
}


def record_lists(urls: Urls, slug: str) -> dict[str, str]:
    """The Body's ``minutebook:record``: each type's list."""
    return {kind: urls.body_list(slug, RECORD_PATHS[kind][1]) for kind in RECORDS}


def find_record(kind: str, pk: int) -> Any:
    return RECORDS[kind].public().filter(pk=pk).first()


def lapsed_entry(pk: int) -> RegisterEntry | None:
    """A member's entry whose end date has passed (its URL answers a deleted marker)."""
    return RegisterEntry.objects.filter(
        pk=pk, person__kind__in=MEMBER_KINDS, end_date__lt=timezone.localdate()
    ).first()
