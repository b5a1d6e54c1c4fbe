"""The back-office search: meetings, reports, decisions, people and documents.

Two sources, merged:

1. The public index, through the public search's own interface
   (``search.query.search``: FTS5 on SQLite, tsvector on PostgreSQL), once per council
   the officer acts for: every published paper's full text, ranked, with snippets.
2. The records themselves, through ``officer_objects``: what the public index does not
   hold (drafts, unpublished agendas, exempt papers, people), matched word by word on
   their titles and main text. Only titles are shown for these, never their text.

Every kind is narrowed to the councils where the user holds a role that may see it
(``accounts.scope.scope_to_councils`` with the kind's action's roles), and a report
author sees only the reports they write (``permissions.is_report_author``). Nothing of
another council ever appears, published or not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString

from minutebook.accounts.permissions import ACTION_ROLES, can, councils_where, roles_for
from minutebook.accounts.roles import Role
from minutebook.accounts.scope import scope_to_councils
from minutebook.decisions.models import Decision
from minutebook.documents.models import Document
from minutebook.meetings.models import Meeting
from minutebook.people.models import Person
from minutebook.reports.models import Report, ReportAuthor
from minutebook.search.models import EntryKind
from minutebook.search.query import Filters
from minutebook.search.query import search as public_search

#: Results shown per kind (narrow the words to find more).
PER_KIND = 25
MAX_WORDS = 8

KINDS = {
    "meeting": "Meetings",
    "report": "Reports",
    "decision": "Decisions",
    "person": "People",
    "document": "Documents",
}
#: The action whose roles may see each kind.
KIND_ACTIONS = {
    "meeting": "meeting.view",
    "report": "report.view",
    "decision": "decision.view",
    "person": "interests.view",
    "document": "report.view",
}


@dataclass
class Hit:
    kind: str
    key: tuple[str, int]
    title: str
    url: str
    council: str = ""
    date: dt.date | None = None
    exempt: bool = False
    status: str = ""
    snippet: SafeString | str = ""


@dataclass
class Found:
    query: str
    groups: dict[str, list[Hit]] = field(default_factory=dict)
    too_slow: bool = False

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.groups.values())


def words_of(text: str) -> list[str]:
    return [w for w in text.split() if len(w) >= 2][:MAX_WORDS]


def _matching(qs: QuerySet[Any], words: list[str], fields: tuple[str, ...]) -> QuerySet[Any]:
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        qs = qs.filter(any_field)
    return qs


def kinds_for(user: Any) -> list[str]:
    held = roles_for(user)
    return [k for k, action in KIND_ACTIONS.items() if held & ACTION_ROLES[action]]


def _scoped(qs: QuerySet[Any], user: Any, kind: str, lookup: str | None = None) -> QuerySet[Any]:
    return scope_to_councils(qs, user, lookup, roles=ACTION_ROLES[KIND_ACTIONS[kind]])


def _authors_only(user: Any) -> bool:
    """Report authors with no other role that reads reports: their own reports only."""
    return not (roles_for(user) & (ACTION_ROLES["report.view"] - {Role.REPORT_AUTHOR}))


def _own_reports(user: Any) -> Q:
    named = ReportAuthor.officer_objects.filter(person__user_id=user.pk).values("report_id")
    return Q(assigned_to_id=user.pk) | Q(pk__in=named)


def _reports(user: Any, words: list[str]) -> list[Hit]:
    qs = _scoped(Report.officer_objects.all(), user, "report")
    if _authors_only(user):
        qs = qs.filter(_own_reports(user))
    qs = _matching(qs, words, ("title", "brief_summary", "recommendations", "body"))
    rows = qs.select_related("council").order_by("-created", "-pk")[: PER_KIND * 2]
    # The report page's own rule decides (e.g. a clearer sees a report once sent to them).
    readable = [r for r in rows if can(user, "report.view", r)][:PER_KIND]
    return [
        Hit(
            "report",
            ("report", r.pk),
            r.title,
            reverse("backoffice:report", args=[r.pk]),
            r.council.name,
            r.created.date(),
            r.is_exempt,
            r.get_state_display(),
        )
        for r in readable
    ]


def _meetings(user: Any, words: list[str]) -> list[Hit]:
    qs = _scoped(Meeting.objects.all(), user, "meeting")
    qs = _matching(qs, words, ("committee__name", "committee__short_name", "slug"))
    return [
        Hit(
            "meeting",
            ("meeting", m.pk),
            str(m),
            reverse("backoffice:meeting", args=[m.pk]),
            m.committee.council.name,
            m.date,
            status=m.get_state_display(),
        )
        for m in qs.select_related("committee__council").order_by("-start", "-pk")[:PER_KIND]
    ]


def _decisions(user: Any, words: list[str]) -> list[Hit]:
    qs = _scoped(Decision.officer_objects.all(), user, "decision")
    qs = _matching(qs, words, ("title", "decision", "decision_maker_text"))
    return [
        Hit(
            "decision",
            ("decision", d.pk),
            d.title,
            reverse("backoffice:decisions:detail", args=[d.pk]),
            d.council.name,
            d.date,
            d.is_exempt,
        )
        for d in qs.select_related("council").order_by("-date", "-pk")[:PER_KIND]
    ]


def _people(user: Any, words: list[str]) -> list[Hit]:
    qs = _scoped(Person.objects.all(), user, "person")
    qs = _matching(qs, words, ("first_name", "last_name", "normalised_name", "job_title"))
    return [
        Hit(
            "person",
            ("person", p.pk),
            p.display_name,
            reverse("backoffice:interests_person", args=[p.pk]),
            p.council.name,
        )
        for p in qs.select_related("council").order_by("last_name", "first_name", "pk")[:PER_KIND]
    ]


def _documents(user: Any, words: list[str]) -> list[Hit]:
    """Report files (to those who may read the report) and meeting documents (to those
    who may see meetings), withdrawn copies included: officers answer for them too."""
    files = _scoped(Document.officer_objects.filter(report__isnull=False), user, "document")
    if _authors_only(user):
        mine = _scoped(Report.officer_objects.filter(_own_reports(user)), user, "report")
        files = files.filter(report_id__in=mine.values("pk"))
    papers = scope_to_councils(
        Document.officer_objects.filter(report__isnull=True, meeting__isnull=False),
        user,
        roles=ACTION_ROLES["meeting.view"],
    )
    hits = []
    for qs in (files, papers):
        qs = _matching(qs, words, ("title", "label"))
        for d in qs.select_related("council").order_by("-pk")[: PER_KIND * 2]:
            if d.report_id and not can(user, "report.view", d):
                continue
            if d.report_id:
                url = reverse("backoffice:report-file", args=[d.report_id, d.pk])
            else:
                url = reverse("backoffice:meeting", args=[d.meeting_id])
            hits.append(
                Hit(
                    "document",
                    ("document", d.pk),
                    f"{d.label}: {d.title}" if d.label else d.title,
                    url,
                    d.council.name,
                    exempt=d.is_exempt,
                )
            )
    return hits[:PER_KIND]


FINDERS: dict[str, Callable[[Any, list[str]], list[Hit]]] = {
    "meeting": _meetings,
    "report": _reports,
    "decision": _decisions,
    "person": _people,
    "document": _documents,
}

#: Public index kinds, and the kind of hit each becomes here.
PUBLIC_KINDS = {
    EntryKind.REPORT: "report",
    EntryKind.APPENDIX: "document",
    EntryKind.DOCUMENT: "document",
    EntryKind.DECISION: "decision",
    EntryKind.AGENDA_ITEM: "meeting",
    EntryKind.MINUTE: "meeting",
}


def _public(user: Any, text: str, allowed: list[str]) -> list[Hit]:
    """Full-text matches from the public index, at the user's councils only."""
    councils = councils_where(user, ACTION_ROLES["officer.view"])
    wanted = tuple(k for k, mine in PUBLIC_KINDS.items() if mine in allowed)
    if not wanted or councils == []:
        return []
    hits: list[Hit] = []
    for council_id in councils if councils is not None else [None]:
        where = Filters(council_id=council_id, kinds=wanted)
        results = public_search(text, where, per_page=PER_KIND)
        for result in results.results:
            entry = result.entry
            kind = PUBLIC_KINDS[entry.kind]
            hits.append(
                Hit(
                    kind,
                    (entry.kind, entry.object_id) if kind == "meeting" else (kind, entry.object_id),
                    entry.title,
                    entry.url,
                    entry.council.name,
                    entry.date,
                    snippet=result.snippet,
                )
            )
    return hits


def officer_search(user: Any, text: str, kind: str = "") -> Found:
    """What the user may see matching ``text``, by kind (see the module docstring)."""
    from minutebook.search.fulltext import SearchTooSlow

    found = Found(query=text)
    words = words_of(text)
    if not words:
        return found
    allowed = [k for k in kinds_for(user) if not kind or k == kind]
    for name in allowed:
        found.groups[name] = FINDERS[name](user, words)
    try:
        public = _public(user, text, allowed)
    except SearchTooSlow:
        public, found.too_slow = [], True
    for hit in public:
        group = found.groups.setdefault(hit.kind, [])
        same = next((h for h in group if h.key == hit.key), None)
        if same is not None:
            same.snippet = hit.snippet
        elif len(group) < PER_KIND:
            group.append(hit)
    return found
