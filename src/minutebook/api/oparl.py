"""minutebook's public record as OParl 1.1 objects (see docs/api.md).

Public code: every model that can hold exempt content is read through ``public_objects``
(or a query built on it), and forward keys to such models are read as ``*_id`` only.
Agenda items are listed once open to inspection (LGA 1972 s100B(1)); an exempt one is
metadata only: its title, number and Schedule 12A paragraphs, never text or files.

Serialisers work on batches, so a list page costs the same few queries whatever its size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

# Also read elsewhere as ``oparl.<name>`` (the views, the export, feeds, the tests).
from minutebook.api.common import (
    BODY_LISTS,
    EXT,
    OGL_V3,
    OPARL,
    PATHS,
    PREFIX,
    Urls,
    clean,
    day,
    oparl_type,
    open_items,
    published_decisions,
    report_items,
    stamped,
    visible_documents,
    visible_reports,
    when,
)
from minutebook.api.extensions import (
    decision_obj,
    declaration_obj,
    forward_plan_obj,
    item_declarations,
    item_votes,
    main_text_obj,
    published_plan_entries,
    report_text,
)
from minutebook.api.models import OParlType
from minutebook.api.record import record_lists
from minutebook.committees.models import Committee, CommitteeKind, Membership
from minutebook.core.exempt import describe_paragraphs
from minutebook.councils.models import Council
from minutebook.decisions.models import Decision, MinuteItem
from minutebook.documents.models import Document, DocumentKind
from minutebook.interests.models import Declaration
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState, Venue
from minutebook.people.models import LegislativeTerm, Person, PersonKind, PoliticalGroup
from minutebook.reports.models import Report, ReportAuthor


@dataclass(frozen=True)
class Kind:
    """One OParl type: its rows for a council, its serialiser, and its time stamps."""

    name: str
    rows: Callable[[int], QuerySet[Any]]
    serialize: Callable[[Urls, Sequence[Any]], list[dict[str, Any]]]
    #: Field paths for created/modified.
    stamps: tuple[str, str]


# -- serialisers ------------------------------------------------------------------------


def location_obj(urls: Urls, venue: Venue) -> dict[str, Any]:
    address = [line.strip() for line in venue.address.splitlines() if line.strip()]
    obj = {
        "id": urls.obj(OParlType.LOCATION, venue.pk),
        "type": oparl_type(OParlType.LOCATION),
        "description": venue.name,
        "streetAddress": ", ".join(address),
        "postalCode": venue.postcode,
        EXT + "accessibility": venue.accessibility,
        EXT + "onlineOnly": venue.is_online_only or None,
    }
    return stamped(obj, venue)


def serialize_locations(urls: Urls, rows: Sequence[Venue]) -> list[dict[str, Any]]:
    councils = {c.pk: c.slug for c in Council.objects.filter(pk__in={r.council_id for r in rows})}
    return [location_obj(urls, v) | {"bodies": [urls.body(councils[v.council_id])]} for v in rows]


def serialize_terms(urls: Urls, rows: Sequence[LegislativeTerm]) -> list[dict[str, Any]]:
    councils = {c.pk: c.slug for c in Council.objects.filter(pk__in={r.council_id for r in rows})}
    return [
        stamped(
            {
                "id": urls.obj(OParlType.LEGISLATIVE_TERM, t.pk),
                "type": oparl_type(OParlType.LEGISLATIVE_TERM),
                "body": urls.body(councils[t.council_id]),
                "name": t.name,
                "startDate": day(t.start_date),
                "endDate": day(t.end_date),
            },
            t,
        )
        for t in rows
    ]


def file_obj(urls: Urls, doc: Document, council_slug: str) -> dict[str, Any]:
    if doc.file:
        access = urls.web(f"/{council_slug}/documents/{doc.pk}/")
        name = doc.file.name.rsplit("/", 1)[-1]
    else:
        # Held as text only (an imported or demo paper): the API serves the text.
        access = f"{urls.obj(OParlType.FILE, doc.pk)}/text"
        name = ""
    title = f"{doc.label}: {doc.title}" if doc.label else doc.title
    obj = {
        "id": urls.obj(OParlType.FILE, doc.pk),
        "type": oparl_type(OParlType.FILE),
        "name": title,
        "fileName": name,
        "mimeType": doc.media_type if doc.file else "text/plain",
        "date": day(timezone.localtime(doc.published_at).date()) if doc.published_at else None,
        "accessUrl": access,
        "downloadUrl": access if doc.file else None,
        "meeting": [urls.obj(OParlType.MEETING, doc.meeting_id)] if doc.meeting_id else None,
        "paper": [urls.obj(OParlType.PAPER, doc.report_id)] if doc.report_id else None,
        EXT + "kind": doc.get_kind_display(),
        EXT + "pages": doc.pages,
        EXT + "version": doc.version,
        EXT + "sha256": doc.sha256,
    }
    return stamped(obj, doc)


def _slugs(council_ids: Iterable[int]) -> dict[int, str]:
    return dict(Council.objects.filter(pk__in=set(council_ids)).values_list("pk", "slug"))


def serialize_files(urls: Urls, rows: Sequence[Document]) -> list[dict[str, Any]]:
    slugs = _slugs(r.council_id for r in rows)
    return [file_obj(urls, d, slugs[d.council_id]) for d in rows]


def membership_obj(urls: Urls, m: Membership, group_id: int | None) -> dict[str, Any]:
    return stamped(
        {
            "id": urls.obj(OParlType.MEMBERSHIP, m.pk),
            "type": oparl_type(OParlType.MEMBERSHIP),
            "person": urls.obj(OParlType.PERSON, m.person_id),
            "organization": urls.obj(OParlType.ORGANIZATION, m.committee_id),
            "role": m.get_role_display(),
            "votingRight": m.voting_right,
            "startDate": day(m.start_date),
            "endDate": day(m.end_date),
            "onBehalfOf": urls.obj(OParlType.POLITICAL_GROUP, group_id) if group_id else None,
        },
        m,
    ) | {"votingRight": m.voting_right}


def serialize_memberships(urls: Urls, rows: Sequence[Membership]) -> list[dict[str, Any]]:
    groups = dict(
        Person.objects.filter(pk__in={m.person_id for m in rows}).values_list(
            "pk", "political_group_id"
        )
    )
    return [membership_obj(urls, m, groups.get(m.person_id)) for m in rows]


def serialize_people(urls: Urls, rows: Sequence[Person]) -> list[dict[str, Any]]:
    slugs = _slugs(r.council_id for r in rows)
    seats: dict[int, list[Membership]] = defaultdict(list)
    for m in Membership.objects.filter(person_id__in=[p.pk for p in rows]).order_by("pk"):
        seats[m.person_id].append(m)
    wards = {p.pk: p.ward.name for p in rows if p.ward_id and p.ward is not None}
    out = []
    for p in rows:
        obj = {
            "id": urls.obj(OParlType.PERSON, p.pk),
            "type": oparl_type(OParlType.PERSON),
            "body": urls.body(slugs[p.council_id]),
            "name": p.display_name,
            "familyName": p.last_name,
            "givenName": p.first_name,
            "formOfAddress": p.honorific,
            "affix": p.post_nominals,
            "status": [s for s in (p.get_kind_display(), p.job_title) if s],
            # A councillor's email only with their consent (``publish_email``, as on the
            # public site); officers' are not published here.
            "email": [p.email]
            if p.email and p.kind == PersonKind.COUNCILLOR and p.publish_email
            else None,
            "membership": [membership_obj(urls, m, p.political_group_id) for m in seats[p.pk]],
            EXT + "ward": wards.get(p.pk),
            EXT + "politicalGroup": urls.obj(OParlType.POLITICAL_GROUP, p.political_group_id)
            if p.political_group_id
            else None,
            EXT + "active": p.is_active,
        }
        out.append(stamped(obj, p) | {EXT + "active": p.is_active})
    return out


#: OParl 1.1's vocabulary for Organization (``organizationType`` is one of "Gremium",
#: "Partei", "Fraktion", "Verwaltungsbereich", "externes Gremium", "Institution",
#: "Sonstiges"; the council itself is classified "Parlament"). The UK term goes in
#: ``minutebook:organizationType`` and ``minutebook:classification``.
COMMITTEE_VOCABULARY: dict[str, tuple[str, str]] = {
    CommitteeKind.FULL_COUNCIL: ("Gremium", "Parlament"),
    CommitteeKind.EXECUTIVE: ("Gremium", "Ausschuss"),
    CommitteeKind.OVERVIEW_SCRUTINY: ("Gremium", "Ausschuss"),
    CommitteeKind.REGULATORY: ("Gremium", "Ausschuss"),
    CommitteeKind.JOINT: ("Gremium", "Ausschuss"),
    CommitteeKind.OUTSIDE_BODY: ("externes Gremium", "Beirat"),
    CommitteeKind.OTHER: ("Gremium", "Ausschuss"),
}


def serialize_organizations(urls: Urls, rows: Sequence[Committee]) -> list[dict[str, Any]]:
    slugs = _slugs(r.council_id for r in rows)
    seats: dict[int, list[int]] = defaultdict(list)
    for committee_id, pk in (
        Membership.objects.filter(committee_id__in=[c.pk for c in rows])
        .order_by("pk")
        .values_list("committee_id", "pk")
    ):
        seats[committee_id].append(pk)
    out = []
    for c in rows:
        slug = slugs[c.council_id]
        kind, classification = COMMITTEE_VOCABULARY.get(c.kind, ("Gremium", "Ausschuss"))
        obj = {
            "id": urls.obj(OParlType.ORGANIZATION, c.pk),
            "type": oparl_type(OParlType.ORGANIZATION),
            "body": urls.body(slug),
            "name": c.name,
            "shortName": c.short_name,
            "organizationType": kind,
            "classification": classification,
            EXT + "organizationType": "committee",
            EXT + "classification": c.get_kind_display(),
            "subOrganizationOf": urls.obj(OParlType.ORGANIZATION, c.parent_id)
            if c.parent_id
            else None,
            "membership": [urls.obj(OParlType.MEMBERSHIP, pk) for pk in seats[c.pk]],
            "meeting": f"{urls.body_list(slug, 'meetings')}?organization={c.pk}",
            "website": urls.web(f"/{slug}/{c.slug}/"),
            "web": urls.web(f"/{slug}/{c.slug}/"),
            EXT + "active": c.is_active,
        }
        out.append(stamped(obj, c) | {EXT + "active": c.is_active})
    return out


def serialize_groups(urls: Urls, rows: Sequence[PoliticalGroup]) -> list[dict[str, Any]]:
    slugs = _slugs(r.council_id for r in rows)
    return [
        stamped(
            {
                "id": urls.obj(OParlType.POLITICAL_GROUP, g.pk),
                "type": oparl_type(OParlType.POLITICAL_GROUP),
                "body": urls.body(slugs[g.council_id]),
                "name": g.name,
                "shortName": g.short_name,
                "organizationType": "Fraktion",
                "classification": "Fraktion",
                EXT + "organizationType": "political group",
                EXT + "classification": "Political group",
            },
            g,
        )
        for g in rows
    ]


def serialize_items(urls: Urls, rows: Sequence[AgendaItem]) -> list[dict[str, Any]]:
    """Agenda items; rows come with ``meeting__committee__council`` selected."""
    open_ids = [i.pk for i in rows if not i.is_exempt]
    # A withdrawn item, or one of a withdrawn meeting, is listed without its papers.
    bare = {i.pk for i in rows if i.withdrawn_at or i.meeting.withdrawn_at}
    report_ids = {i.report_id for i in rows if i.report_id and not i.is_exempt and i.pk not in bare}
    reports = {
        r["pk"]: r
        for r in Report.public_objects.filter(pk__in=report_ids).values("pk", "key_decision")
    }
    minutes: dict[int, MinuteItem] = {}
    published = MinuteItem.public_objects.published()  # never an unpublished draft
    for m in published.filter(agenda_item_id__in=open_ids).order_by("number"):
        minutes.setdefault(m.agenda_item_id, m)
    decisions: dict[int, list[Decision]] = defaultdict(list)
    for d in published_decisions().filter(agenda_item_id__in=open_ids).order_by("date", "pk"):
        decisions[d.agenda_item_id].append(d)
    minute_items = dict(
        published.filter(agenda_item_id__in=open_ids).values_list("pk", "agenda_item_id")
    )
    votes = item_votes(urls, minute_items)
    declared = item_declarations(urls, open_ids)
    out = []
    for item in rows:
        meeting = item.meeting
        web = ""
        if item.number:
            web = urls.web(f"{meeting.get_absolute_url()}items/{item.number}/")
        obj: dict[str, Any] = {
            "id": urls.obj(OParlType.AGENDA_ITEM, item.pk),
            "type": oparl_type(OParlType.AGENDA_ITEM),
            "meeting": urls.obj(OParlType.MEETING, item.meeting_id),
            "number": item.number,
            "order": item.order,
            "name": item.title,
            "public": not item.is_exempt,
            "web": web,
        }
        if item.is_exempt:
            # Metadata only: the title and the grounds, as the public agenda prints them.
            obj[EXT + "exemptParagraphs"] = list(item.exempt_paragraphs)
            obj[EXT + "exemptReason"] = describe_paragraphs(list(item.exempt_paragraphs))
        else:
            report = reports.get(item.report_id) if item.report_id in report_ids else None
            minute = minutes.get(item.pk)
            obj |= {
                EXT + "description": item.description,
                "consultation": urls.obj(OParlType.CONSULTATION, item.pk) if report else None,
                "resolutionText": minute.resolution if minute else None,
                EXT + "minuteNumber": (minute.printed_number or str(minute.number))
                if minute
                else None,
                EXT + "keyDecision": report["key_decision"] if report else None,
                EXT + "decision": [decision_obj(urls, d) for d in decisions[item.pk]],
                EXT + "votes": votes[item.pk],
                EXT + "declarations": declared[item.pk],
                EXT + "urgent": item.is_urgent or None,
                EXT + "parent": urls.obj(OParlType.AGENDA_ITEM, item.parent_id)
                if item.parent_id
                else None,
            }
        out.append(stamped(obj, item) | {"public": not item.is_exempt, "order": item.order})
    return out


def _cancelled(meeting: Meeting) -> bool:
    """Cancelled, or withdrawn as created in error: either way it will not take place."""
    return meeting.state == MeetingState.CANCELLED or meeting.withdrawn_at is not None


def serialize_meetings(urls: Urls, rows: Sequence[Meeting]) -> list[dict[str, Any]]:
    """Meetings; rows come with ``committee__council`` and ``venue`` selected."""
    ids = [m.pk for m in rows]
    items_by: dict[int, list[AgendaItem]] = defaultdict(list)
    items = list(
        open_items()
        .filter(meeting_id__in=ids)
        .select_related("meeting__committee__council")
        .order_by("meeting_id", "order")
    )
    for obj, item in zip(serialize_items(urls, items), items, strict=True):
        items_by[item.meeting_id].append(obj)  # type: ignore[arg-type]
    files: dict[int, list[Document]] = defaultdict(list)
    for doc in (
        visible_documents()
        .filter(meeting_id__in=ids, report__isnull=True)
        .order_by("kind", "order", "pk")
    ):
        files[doc.meeting_id].append(doc)
    declarations: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for d in (
        Declaration.objects.filter(meeting_id__in=ids)
        .filter(Q(agenda_item__isnull=True) | Q(agenda_item__is_exempt=False))
        .order_by("pk")
    ):
        declarations[d.meeting_id].append(declaration_obj(urls, d))
    attendance: dict[int, list[dict[str, Any]]] = defaultdict(list)
    present: dict[int, list[str]] = defaultdict(list)
    if apps.is_installed("minutebook.attendance"):
        attendance_model = apps.get_model("attendance", "Attendance")
        for a in attendance_model.objects.filter(meeting_id__in=ids).order_by("pk"):
            person = urls.obj(OParlType.PERSON, a.person_id)
            attendance[a.meeting_id].append(
                clean(
                    {
                        "person": person,
                        "status": a.status,
                        "mode": a.mode,
                        "capacity": a.capacity,
                        "substituteFor": urls.obj(OParlType.PERSON, a.substitute_for_id)
                        if a.substitute_for_id
                        else None,
                    }
                )
            )
            if a.status == "present":
                present[a.meeting_id].append(person)
    out = []
    for m in rows:
        council = m.committee.council
        invitation = protocol = None
        auxiliary = []
        for doc in files[m.pk]:
            pdf = doc.media_type == "application/pdf"
            if doc.kind == DocumentKind.AGENDA_PACK and pdf and invitation is None:
                invitation = doc
            elif doc.kind == DocumentKind.MINUTES and pdf and protocol is None:
                protocol = doc
            else:
                auxiliary.append(doc)
        obj = {
            "id": urls.obj(OParlType.MEETING, m.pk),
            "type": oparl_type(OParlType.MEETING),
            "name": m.committee.name,
            "meetingState": m.get_state_display(),
            "cancelled": _cancelled(m),
            "start": when(m.start),
            "end": when(m.end),
            "location": location_obj(urls, m.venue) if m.venue is not None else None,
            "organization": [urls.obj(OParlType.ORGANIZATION, m.committee_id)],
            "participant": present[m.pk],
            "invitation": file_obj(urls, invitation, council.slug) if invitation else None,
            "resultsProtocol": file_obj(urls, protocol, council.slug) if protocol else None,
            "auxiliaryFile": [file_obj(urls, d, council.slug) for d in auxiliary],
            "agendaItem": items_by[m.pk],
            "web": urls.web(m.get_absolute_url()),
            EXT + "imported": m.is_imported,
            EXT + "extraordinary": m.is_extraordinary or None,
            EXT + "onlineUrl": m.online_url,
            EXT + "cancellationReason": m.cancellation_reason,
            EXT + "agendaPublished": when(m.published_at),
            EXT + "declarations": declarations[m.pk],
            EXT + "attendance": attendance[m.pk],
        }
        out.append(stamped(obj, m) | {"cancelled": _cancelled(m), EXT + "imported": m.is_imported})
    return out


def consultation_obj(urls: Urls, item: AgendaItem, report: dict[str, Any]) -> dict[str, Any]:
    meeting = item.meeting
    authoritative = report["purpose"] == "decision" or (
        report["recommendation_to_id"] is not None
        and report["recommendation_to_id"] == meeting.committee_id
    )
    return stamped(
        {
            "id": urls.obj(OParlType.CONSULTATION, item.pk),
            "type": oparl_type(OParlType.CONSULTATION),
            "paper": urls.obj(OParlType.PAPER, report["pk"]),
            "agendaItem": urls.obj(OParlType.AGENDA_ITEM, item.pk),
            "meeting": urls.obj(OParlType.MEETING, item.meeting_id),
            "organization": [urls.obj(OParlType.ORGANIZATION, meeting.committee_id)],
            "authoritative": authoritative,
            "role": report["purpose_display"],
        },
        item,
    ) | {"authoritative": authoritative}


def _report_facts(report_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    facts = {}
    for r in Report.public_objects.filter(pk__in=set(report_ids)):
        facts[r.pk] = {
            "pk": r.pk,
            "purpose": r.purpose,
            "purpose_display": r.get_purpose_display(),
            "recommendation_to_id": r.recommendation_to_id,
        }
    return facts


def serialize_consultations(urls: Urls, rows: Sequence[AgendaItem]) -> list[dict[str, Any]]:
    facts = _report_facts(i.report_id for i in rows if i.report_id)
    return [consultation_obj(urls, i, facts[i.report_id]) for i in rows if i.report_id in facts]


def serialize_papers(urls: Urls, rows: Sequence[Report]) -> list[dict[str, Any]]:
    ids = [r.pk for r in rows]
    slugs = _slugs(r.council_id for r in rows)
    facts = _report_facts(ids)
    items: dict[int, list[AgendaItem]] = defaultdict(list)
    for item in (
        report_items()
        .filter(report_id__in=ids)
        .select_related("meeting__committee__council")
        .order_by("meeting__start", "pk")
    ):
        items[item.report_id].append(item)  # type: ignore[index]
    files: dict[int, list[Document]] = defaultdict(list)
    for doc in visible_documents().filter(report_id__in=ids).order_by("order", "pk"):
        files[doc.report_id].append(doc)  # type: ignore[index]
    authors: dict[int, list[str]] = defaultdict(list)
    for a in ReportAuthor.public_objects.filter(report_id__in=ids, person__isnull=False):
        authors[a.report_id].append(urls.obj(OParlType.PERSON, a.person_id))  # type: ignore[arg-type]
    wards: dict[int, list[str]] = defaultdict(list)
    through = Report.wards_affected.through
    for report_id, name in through.objects.filter(report_id__in=ids).values_list(
        "report_id", "ward__name"
    ):
        wards[report_id].append(name)
    plan_ids = {r.forward_plan_entry_id for r in rows if r.forward_plan_entry_id}
    plan = published_plan_entries(plan_ids)  # as last published, never the live row's edits
    decisions: dict[int, list[Decision]] = defaultdict(list)
    for d in published_decisions().filter(report_id__in=ids).order_by("date", "pk"):
        decisions[d.report_id].append(d)  # type: ignore[index]
    out = []
    for r in rows:
        slug = slugs[r.council_id]
        main = next((d for d in files[r.pk] if d.kind == DocumentKind.REPORT), None)
        text = report_text(r) if main is None else ""
        pair = plan.get(r.forward_plan_entry_id or 0)
        face = pair[1] if pair else None
        first = items[r.pk][0] if items[r.pk] else None
        obj = {
            "id": urls.obj(OParlType.PAPER, r.pk),
            "type": oparl_type(OParlType.PAPER),
            "body": urls.body(slug),
            "name": r.title,
            "reference": face.reference if face else None,
            "date": day(first.meeting.date) if first else None,
            "paperType": "Report",
            "mainFile": file_obj(urls, main, slug)
            if main
            else (main_text_obj(urls, r, text) if text else None),
            "auxiliaryFile": [file_obj(urls, d, slug) for d in files[r.pk] if d is not main],
            "originatorPerson": authors[r.pk],
            "underDirectionOf": [urls.obj(OParlType.ORGANIZATION, r.recommendation_to_id)]
            if r.recommendation_to_id
            else None,
            "consultation": [consultation_obj(urls, i, facts[r.pk]) for i in items[r.pk]],
            "web": urls.web(f"{first.meeting.get_absolute_url()}items/{first.number}/")
            if first and first.number
            else None,
            EXT + "purpose": r.get_purpose_display(),
            EXT + "keyDecision": r.key_decision,
            EXT + "keyDecisionReason": face.snapshot.get("key_decision_reason") if face else None,
            EXT + "wardsAffected": wards[r.pk],
            EXT + "localCouncillors": r.local_councillors_text,
            EXT + "summary": r.brief_summary,
            EXT + "recommendations": r.recommendations,
            EXT + "forwardPlanEntry": forward_plan_obj(urls, *pair) if pair else None,
            EXT + "decision": [decision_obj(urls, d) for d in decisions[r.pk]],
        }
        out.append(stamped(obj, r) | {EXT + "keyDecision": r.key_decision})
    return out


def body_obj(urls: Urls, council: Council, terms: Sequence[LegislativeTerm]) -> dict[str, Any]:
    slug = council.slug
    obj: dict[str, Any] = {
        "id": urls.body(slug),
        "type": OPARL + "Body",
        "system": urls.api + "/",
        "shortName": council.short_name,
        "name": council.name,
        "website": council.website or urls.web(council.get_absolute_url()),
        "equivalent": [f"http://statistics.data.gov.uk/id/statistical-geography/{council.gss_code}"]
        if council.gss_code
        else None,
        "contactEmail": council.contact_email,
        "classification": "Local authority",
        "license": council.open_data_licence or OGL_V3,
        "web": urls.web(council.get_absolute_url()),
        EXT + "forwardPlan": urls.body_list(slug, "forward-plan"),
        EXT + "export": urls.web(f"{PREFIX}/body/{slug}/export.zip"),
        EXT + "vocabulary": urls.vocabulary(),
        EXT + "record": record_lists(urls, slug),
    }
    for segment, prop in BODY_LISTS.items():
        obj[prop] = urls.body_list(slug, segment)
    obj = stamped(obj, council)
    obj["legislativeTerm"] = serialize_terms(urls, terms)
    return obj


def system_obj(urls: Urls, name: str, licence: str) -> dict[str, Any]:
    return clean(
        {
            "id": urls.api + "/",
            "type": OPARL + "System",
            "oparlVersion": OPARL,
            "body": urls.api + "/bodies",
            "name": name,
            "license": licence,
            "website": urls.origin + "/",
            "product": "https://github.com/minutebook/minutebook",
            EXT + "openapi": urls.api + "/openapi.json",
        }
    )


# -- the types and their rows for one council -------------------------------------------


#: What an agenda item's serialiser reads: a narrow row makes deep list pages cheap.
ITEM_FIELDS = (
    "meeting_id",
    "order",
    "number",
    "parent_id",
    "title",
    "description",
    "exempt_paragraphs",
    "is_exempt",
    "is_urgent",
    "report_id",
    "withdrawn_at",
    "created",
    "modified",
    "meeting__slug",
    "meeting__withdrawn_at",
    "meeting__committee__slug",
    "meeting__committee__council__slug",
)


def _items(council_id: int) -> QuerySet[AgendaItem]:
    return open_items().filter(meeting__committee__council_id=council_id)


KINDS: dict[str, Kind] = {
    OParlType.ORGANIZATION: Kind(
        OParlType.ORGANIZATION,
        lambda c: Committee.objects.filter(council_id=c),
        serialize_organizations,
        ("created", "modified"),
    ),
    OParlType.POLITICAL_GROUP: Kind(
        OParlType.POLITICAL_GROUP,
        lambda c: PoliticalGroup.objects.filter(council_id=c),
        serialize_groups,
        ("created", "modified"),
    ),
    OParlType.PERSON: Kind(
        OParlType.PERSON,
        lambda c: Person.objects.filter(council_id=c).select_related("ward"),
        serialize_people,
        ("created", "modified"),
    ),
    OParlType.MEMBERSHIP: Kind(
        OParlType.MEMBERSHIP,
        lambda c: Membership.objects.filter(committee__council_id=c),
        serialize_memberships,
        ("created", "modified"),
    ),
    OParlType.MEETING: Kind(
        OParlType.MEETING,
        lambda c: Meeting.objects.filter(committee__council_id=c).select_related(
            "committee__council", "venue"
        ),
        serialize_meetings,
        ("created", "modified"),
    ),
    OParlType.AGENDA_ITEM: Kind(
        OParlType.AGENDA_ITEM,
        lambda c: _items(c).select_related("meeting__committee__council").only(*ITEM_FIELDS),
        serialize_items,
        ("created", "modified"),
    ),
    OParlType.PAPER: Kind(
        OParlType.PAPER,
        lambda c: visible_reports().filter(council_id=c),
        serialize_papers,
        ("created", "modified"),
    ),
    OParlType.CONSULTATION: Kind(
        OParlType.CONSULTATION,
        lambda c: (
            _items(c)
            .filter(report__isnull=False, report__is_exempt=False, is_exempt=False)
            .filter(withdrawn_at__isnull=True, meeting__withdrawn_at__isnull=True)
            .select_related("meeting")
        ),
        serialize_consultations,
        ("created", "modified"),
    ),
    OParlType.FILE: Kind(
        OParlType.FILE,
        lambda c: visible_documents().filter(council_id=c),
        serialize_files,
        ("created", "modified"),
    ),
    OParlType.LOCATION: Kind(
        OParlType.LOCATION,
        lambda c: Venue.objects.filter(council_id=c),
        serialize_locations,
        ("created", "modified"),
    ),
    OParlType.LEGISLATIVE_TERM: Kind(
        OParlType.LEGISLATIVE_TERM,
        lambda c: LegislativeTerm.objects.filter(council_id=c),
        serialize_terms,
        ("created", "modified"),
    ),
}

#: The body list each type is listed in (political groups with the committees).
LIST_KINDS: dict[str, list[str]] = {
    "organizations": [OParlType.ORGANIZATION, OParlType.POLITICAL_GROUP],
    "people": [OParlType.PERSON],
    "memberships": [OParlType.MEMBERSHIP],
    "meetings": [OParlType.MEETING],
    "agenda-items": [OParlType.AGENDA_ITEM],
    "papers": [OParlType.PAPER],
    "consultations": [OParlType.CONSULTATION],
    "files": [OParlType.FILE],
    "locations": [OParlType.LOCATION],
    "legislative-terms": [OParlType.LEGISLATIVE_TERM],
}

#: Lists that take ``organization`` (a committee's id number): those whose objects
#: belong to a committee. Meetings are the Organization's own ``meeting`` list.
ORGANIZATION_FILTERS: dict[str, Callable[[int], dict[str, Any]]] = {
    "meetings": lambda org: {"committee_id": org},
    "memberships": lambda org: {"committee_id": org},
    "agenda-items": lambda org: {"meeting__committee_id": org},
    "consultations": lambda org: {"meeting__committee_id": org},
    "papers": lambda org: {
        "pk__in": report_items().filter(meeting__committee_id=org).values("report_id")
    },
}

#: Path segment of an object URL -> type.
TYPE_BY_PATH = {path: kind for kind, path in PATHS.items()}


def find(kind: str, pk: int) -> Model | None:
    """A visible object of a type by id; None if the public cannot see it."""
    council_id = _council_of(kind, pk)
    if council_id is None:
        return None
    row: Model | None = KINDS[kind].rows(council_id).filter(pk=pk).first()
    return row


def _council_of(kind: str, pk: int) -> int | None:
    """The council an id belongs to, read from public rows only."""
    lookups: dict[str, tuple[Any, str]] = {
        OParlType.ORGANIZATION: (Committee.objects, "council_id"),
        OParlType.POLITICAL_GROUP: (PoliticalGroup.objects, "council_id"),
        OParlType.PERSON: (Person.objects, "council_id"),
        OParlType.MEMBERSHIP: (Membership.objects, "committee__council_id"),
        OParlType.MEETING: (Meeting.objects, "committee__council_id"),
        OParlType.AGENDA_ITEM: (AgendaItem.public_objects, "meeting__committee__council_id"),
        OParlType.CONSULTATION: (AgendaItem.public_objects, "meeting__committee__council_id"),
        OParlType.PAPER: (Report.public_objects, "council_id"),
        OParlType.FILE: (Document.public_objects, "council_id"),
        OParlType.LOCATION: (Venue.objects, "council_id"),
        OParlType.LEGISLATIVE_TERM: (LegislativeTerm.objects, "council_id"),
    }
    manager, field = lookups[kind]
    return manager.filter(pk=pk).values_list(field, flat=True).first()
