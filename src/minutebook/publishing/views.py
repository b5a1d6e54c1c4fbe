"""The public site: councils, committees, meetings and their agendas, reports.

Exempt safety: every query for a model that can hold exempt content goes through
``public_objects`` or a related manager built on it (``meeting.reports``,
``meeting.documents``, ``report.documents``). Forward foreign keys to such models
(an agenda item's ``report``) bypass that filter, so this module only ever reads their
``*_id`` and looks the row up through ``public_objects``.
"""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from minutebook.committees.models import (
    Committee,
    CommitteeKind,
    Membership,
    MembershipRole,
)
from minutebook.councils.models import Council
from minutebook.decisions.history import related_decisions
from minutebook.decisions.models import Decision
from minutebook.decisions.referrals import Note, referral_notes
from minutebook.decisions.register import restricted_for_meeting
from minutebook.documents.models import Document
from minutebook.documents.serving import file_response
from minutebook.importer.models import ImportRecord
from minutebook.meetings.item_links import item_url
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState
from minutebook.packs.models import GeneratedDocument, Product
from minutebook.reports.models import Report

#: The printed numbers the item URL accepts (see urls.ItemNumberConverter).
UPCOMING_ON_HOME = 10
RECENT_ON_HOME = 10
DECISIONS_ON_HOME = 5
PAST_MEETINGS_PER_PAGE = 20

#: How each role is headed on a committee page, in the order a constitution lists them.
ROLE_HEADINGS: list[tuple[str, str]] = [
    (MembershipRole.CHAIRMAN, "Chairman"),
    (MembershipRole.VICE_CHAIRMAN, "Vice-Chairman"),
    (MembershipRole.MEMBER, "Members"),
    (MembershipRole.CO_OPTED, "Co-opted members"),
]

#: Committees page: bodies grouped the way residents look for them.
KIND_ORDER = [
    CommitteeKind.FULL_COUNCIL,
    CommitteeKind.EXECUTIVE,
    CommitteeKind.OVERVIEW_SCRUTINY,
    CommitteeKind.REGULATORY,
    CommitteeKind.JOINT,
    CommitteeKind.OTHER,
    CommitteeKind.OUTSIDE_BODY,
]


@dataclass
class AgendaRow:
    """One agenda line as the public sees it: the item and, if public, its report."""

    item: AgendaItem
    public_report: Report | None
    depth: int
    url: str = ""
    sub_rows: list[AgendaRow] = field(default_factory=list)
    #: Listed on the published agenda with its report "to follow", not yet published.
    pending: bool = False
    #: Where the matter came from and went ("Referred from/to <body> on <date>").
    referrals: list[Note] = field(default_factory=list)

    @property
    def restricted(self) -> bool:
        """Exempt, or linked to a report the public cannot see (once it is published)."""
        return self.item.is_exempt or (
            not self.pending and self.item.report_id is not None and self.public_report is None
        )


def _council_or_404(slug: str) -> Council:
    return get_object_or_404(Council, slug=slug)


def _committee_or_404(council: Council, slug: str) -> Committee:
    return get_object_or_404(Committee, council=council, slug=slug)


def _meeting_or_404(committee: Committee, slug: str) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("committee__council", "venue"),
        committee=committee,
        slug=slug,
    )


def _meetings_for(council: Council) -> QuerySet[Meeting]:
    return Meeting.objects.filter(committee__council=council).select_related("committee", "venue")


def _council_crumbs(council: Council) -> list[tuple[str, str]]:
    crumbs = [(council.short_name or council.name, council.get_absolute_url())]
    if Council.objects.count() > 1:
        crumbs.insert(0, ("All councils", reverse("publishing:home")))
    return crumbs


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Every council this site publishes; straight to it when there is only one."""
    councils = list(Council.objects.order_by("name"))
    if len(councils) == 1:
        return redirect(councils[0].get_absolute_url())
    return render(request, "publishing/home.html", {"councils": councils})


@require_safe
def council_home(request: HttpRequest, council: str) -> HttpResponse:
    obj = _council_or_404(council)
    now = timezone.now()
    meetings = _meetings_for(obj)
    upcoming = list(meetings.filter(start__gte=now).order_by("start")[:UPCOMING_ON_HOME])
    recent = list(meetings.filter(start__lt=now).order_by("-start")[:RECENT_ON_HOME])
    decisions = list(
        Decision.public_objects.published()
        .current()
        .filter(council=obj)
        .select_related("meeting__committee__council", "decision_maker", "decision_maker_person")
        .order_by("-date", "title")[:DECISIONS_ON_HOME]
    )
    return render(
        request,
        "publishing/council.html",
        {
            "council": obj,
            "upcoming": upcoming,
            "recent": recent,
            "decisions": decisions,
            "breadcrumbs": _council_crumbs(obj)[:-1],
        },
    )


@require_safe
def committees(request: HttpRequest, council: str) -> HttpResponse:
    obj = _council_or_404(council)
    now = timezone.now()
    all_committees = list(
        Committee.objects.filter(council=obj)
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "meetings",
                queryset=Meeting.objects.filter(start__gte=now)
                .exclude(state=MeetingState.CANCELLED)
                .order_by("start"),
                to_attr="future_meetings",
            )
        )
    )
    groups: list[tuple[str, list[Committee]]] = []
    for kind in KIND_ORDER:
        members = [c for c in all_committees if c.kind == kind and c.is_active]
        if members:
            groups.append((kind.label, members))
    inactive = [c for c in all_committees if not c.is_active]
    return render(
        request,
        "publishing/committees.html",
        {
            "council": obj,
            "groups": groups,
            "inactive": inactive,
            "breadcrumbs": _council_crumbs(obj),
        },
    )


def _current_memberships(committee: Committee, today: dt.date) -> QuerySet[Membership]:
    return (
        committee.memberships.filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("person__political_group", "person__ward")
        .order_by("person__last_name", "person__first_name")
    )


@require_safe
def committee_detail(request: HttpRequest, council: str, committee: str) -> HttpResponse:
    obj = _council_or_404(council)
    body = _committee_or_404(obj, committee)
    now = timezone.now()
    memberships = list(_current_memberships(body, timezone.localdate()))
    roles = [
        (heading, [m for m in memberships if m.role == role]) for role, heading in ROLE_HEADINGS
    ]
    meetings = body.meetings.select_related("venue")
    upcoming = list(meetings.filter(start__gte=now).order_by("start"))
    past: Page[Meeting] = Paginator(
        meetings.filter(start__lt=now).order_by("-start"), PAST_MEETINGS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "publishing/committee.html",
        {
            "council": obj,
            "committee": body,
            "roles": [(heading, members) for heading, members in roles if members],
            "upcoming": upcoming,
            "past": past,
            **scrutiny_links(body),
            "breadcrumbs": [
                *_council_crumbs(obj),
                ("Committees", reverse("publishing:committees", kwargs={"council": obj.slug})),
            ],
        },
    )


def scrutiny_links(committee: Committee) -> dict[str, str]:
    """Work programme and action sheet pages, for scrutiny bodies, when the app is there."""
    if committee.kind != CommitteeKind.OVERVIEW_SCRUTINY:
        return {}
    links: dict[str, str] = {}
    kwargs = {"council": committee.council.slug, "committee": committee.slug}
    for key, name in (
        ("work_programme_url", "work_programme"),
        ("action_sheet_url", "action_sheet"),
    ):
        with suppress(NoReverseMatch):
            links[key] = reverse(f"publishing:scrutiny:{name}", kwargs=kwargs)
    return links


def public_agenda(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The lines of the agenda as published: items open to inspection, and those "to follow".

    LGA 1972 s100B(1): the agenda is open to inspection from its publication. An item
    whose report was not ready is on that agenda, marked "to follow" (its title is public,
    s100B(2)); its report is open only from the supplement that publishes it. Items added
    after publication that are not "to follow" wait for their supplement.
    """
    opened = meeting.agenda_items.open_to_inspection()
    if meeting.is_imported or meeting.published_at is None:
        return opened
    return meeting.agenda_items.filter(
        Q(pk__in=opened.values("pk")) | Q(to_follow=True, published_at__isnull=True)
    )


def agenda_rows(meeting: Meeting) -> list[AgendaRow]:
    """The agenda as nested rows, each with its report only when that report is public.

    An item "to follow" is listed as such, without its report or a link, until its
    supplement is published; from then it is listed with its report.
    """
    items = list(public_agenda(meeting).select_related("supplement").order_by("order"))
    pending = {i.pk for i in items if not meeting.is_imported and i.published_at is None}
    report_ids = {i.report_id for i in items if i.report_id is not None and i.pk not in pending}
    public_reports = {r.pk: r for r in Report.public_objects.filter(pk__in=report_ids)}
    notes = referral_notes(i.pk for i in items)
    rows: dict[int, AgendaRow] = {}
    top: list[AgendaRow] = []
    for item in items:
        parent = rows.get(item.parent_id) if item.parent_id else None
        waiting = item.pk in pending
        # Listed, marked, without its papers; so is every item of a withdrawn meeting.
        withdrawn = item.withdrawn_at is not None or meeting.withdrawn_at is not None
        row = AgendaRow(
            item=item,
            public_report=(
                public_reports.get(item.report_id) if item.report_id and not withdrawn else None
            ),
            depth=parent.depth + 1 if parent else 0,
            url="" if waiting or withdrawn else item_url(meeting, item),
            pending=waiting,
            referrals=notes.get(item.pk, []),
        )
        rows[item.pk] = row
        if parent is not None:
            parent.sub_rows.append(row)
        else:
            top.append(row)
    flat: list[AgendaRow] = []

    def walk(level: list[AgendaRow]) -> None:
        for row in level:
            flat.append(row)
            walk(row.sub_rows)

    walk(top)
    return flat


def _meeting_crumbs(meeting: Meeting) -> list[tuple[str, str]]:
    council = meeting.committee.council
    return [
        *_council_crumbs(council),
        (meeting.committee.name, meeting.committee.get_absolute_url()),
    ]


@require_safe
def meeting_detail(
    request: HttpRequest, council: str, committee: str, meeting: str
) -> HttpResponse:
    obj = _council_or_404(council)
    body = _committee_or_404(obj, committee)
    event = _meeting_or_404(body, meeting)
    # The agenda pack is listed once, by the pack links (packs/includes/meeting_pack.html).
    pack_ids = GeneratedDocument.objects.filter(
        meeting=event, product=Product.AGENDA_PACK, supplement=None
    ).values("document_id")
    documents = list(
        event.documents.open_to_inspection()
        .filter(report__isnull=True)
        .exclude(pk__in=pack_ids)
        .order_by("kind", "order", "title")
    )
    imported_at = None
    if event.import_record_id is not None:
        # Only the date: the record also holds the whole parsed pack, exempt parts included.
        imported_at = (
            ImportRecord.objects.filter(pk=event.import_record_id)
            .values_list("imported_at", flat=True)
            .first()
        )
    return render(
        request,
        "publishing/meeting.html",
        {
            "council": obj,
            "committee": body,
            "meeting": event,
            "rows": agenda_rows(event),
            "documents": documents,
            "imported_at": imported_at,
            "minutes": list(event.minute_items.order_by("number")),
            "decisions": list(
                event.decisions.published()
                .current()
                .select_related("decision_maker")
                .order_by("title")
            ),
            # Decisions taken in private: listed, with what may be published only.
            "restricted_decisions": restricted_for_meeting(obj, event.pk),
            "breadcrumbs": _meeting_crumbs(event),
        },
    )


@require_safe
def agenda_item_detail(
    request: HttpRequest, council: str, committee: str, meeting: str, number: str
) -> HttpResponse:
    """An agenda item's report; for an exempt one, only the fact of its restriction."""
    obj = _council_or_404(council)
    body = _committee_or_404(obj, committee)
    event = _meeting_or_404(body, meeting)
    item = (
        AgendaItem.public_objects.open_to_inspection().filter(meeting=event, number=number).first()
    )
    if item is None:
        raise Http404("No such item on this agenda.")
    report = (
        Report.public_objects.filter(pk=item.report_id)
        .select_related(
            "portfolio", "portfolio_holder", "executive_director", "recommendation_to__council"
        )
        .prefetch_related("authors", "wards_affected")
        .first()
        # A withdrawn item, or an item of a withdrawn meeting, is shown without its
        # papers (meetings.withdrawal).
        if item.report_id is not None and item.withdrawn_at is None and event.withdrawn_at is None
        else None
    )
    row = AgendaRow(item=item, public_report=report, depth=0)
    context: dict[str, Any] = {
        "council": obj,
        "committee": body,
        "meeting": event,
        "item": item,
        "report": report,
        "restricted": row.restricted,
        "referrals": referral_notes([item.pk]).get(item.pk, []),
        # The decision is public even when the report is not (exempt ones restricted).
        "decisions": related_decisions(obj, item_ids={item.pk}),
        "breadcrumbs": [
            *_meeting_crumbs(event),
            (f"{body.name}, {event.date.day} {event.date:%B %Y}", event.get_absolute_url()),
        ],
    }
    if report is not None and not row.restricted:
        context["appendices"] = list(
            report.documents.open_to_inspection().order_by("order", "title")
        )
        context["other_meetings"] = list(
            report.meetings.exclude(pk=event.pk)
            .select_related("committee__council")
            .order_by("start")
            .distinct()
        )
    return render(request, "publishing/item.html", context)


@require_safe
def document_file(request: HttpRequest, council: str, pk: int) -> FileResponse:
    """A public document's file; one the public may not read does not exist for them.

    ``open_to_inspection`` refuses an exempt file, a file of an exempt report, of a report
    not yet published or only under an exempt item, and any file of a meeting whose
    agenda is not published (LGA 1972 s100B(1)). The headers are ``documents.serving``'s:
    a download unless it is a checked PDF, never sniffed, sandboxed.
    """
    obj = _council_or_404(council)
    document = Document.public_objects.open_to_inspection().filter(council=obj, pk=pk).first()
    if document is None or not document.file:
        raise Http404("No such document.")
    return file_response(document)
