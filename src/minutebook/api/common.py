"""What every OParl serialiser shares: the API's addresses, its value formats, and what
the public may see (read through ``public_objects`` only, as in ``oparl``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from minutebook.api.models import OParlType
from minutebook.councils.models import OPEN_GOVERNMENT_LICENCE_V3
from minutebook.decisions.models import Decision
from minutebook.documents.models import Document
from minutebook.meetings.models import AgendaItem
from minutebook.reports.models import Report

OPARL = "https://schema.oparl.org/1.1/"
PREFIX = "/oparl/v1"
EXT = "minutebook:"
#: The type of a forward plan entry (SI 2012/2089 reg 9), a minutebook extension object.
FORWARD_PLAN_ENTRY = EXT + "ForwardPlanEntry"
#: The Open Government Licence v3.0: a council's open data licence unless it sets another.
OGL_V3 = OPEN_GOVERNMENT_LICENCE_V3

#: Object URL path segment for each type (political groups are Organizations too).
PATHS: dict[str, str] = {
    OParlType.ORGANIZATION: "organization",
    OParlType.POLITICAL_GROUP: "group",
    OParlType.PERSON: "person",
    OParlType.MEMBERSHIP: "membership",
    OParlType.MEETING: "meeting",
    OParlType.AGENDA_ITEM: "agenda-item",
    OParlType.PAPER: "paper",
    OParlType.CONSULTATION: "consultation",
    OParlType.FILE: "file",
    OParlType.LOCATION: "location",
    OParlType.LEGISLATIVE_TERM: "legislative-term",
}

#: minutebook's own objects (``api.record``): their URL path under /oparl/v1/ and, after
#: ``/oparl/v1/body/<slug>/``, the path of their list.
RECORD_PATHS: dict[str, tuple[str, str]] = {
    # Kept where they were first published.
    OParlType.FORWARD_PLAN_ENTRY: ("forward-plan-entry", "forward-plan"),
    OParlType.PUBLIC_QUESTION: ("minutebook/public-question", "minutebook/public-questions"),
    OParlType.COUNCILLOR_QUESTION: (
        "minutebook/councillor-question",
        "minutebook/councillor-questions",
    ),
    OParlType.REGISTER_ENTRY: ("minutebook/register-entry", "minutebook/register-entries"),
    OParlType.FORWARD_PLAN_VERSION: (
        "minutebook/forward-plan-version",
        "minutebook/forward-plan-versions",
    ),
    OParlType.WORK_PROGRAMME_ITEM: (
        "minutebook/work-programme-item",
        "minutebook/work-programme-items",
    ),
    OParlType.ACTION: ("minutebook/action", "minutebook/actions"),
    OParlType.PLAN: ("minutebook/plan", "minutebook/plans"),
}

#: Body lists: URL segment -> the Body property that points at it.
BODY_LISTS: dict[str, str] = {
    "organizations": "organization",
    "people": "person",
    "memberships": "membership",
    "meetings": "meeting",
    "agenda-items": "agendaItem",
    "papers": "paper",
    "consultations": "consultation",
    "files": "file",
    "locations": "locationList",
    "legislative-terms": "legislativeTermList",
}


class Urls:
    """Absolute URLs: OParl ids are URLs, so every serialiser needs the site's origin.

    The API takes it from ``MINUTEBOOK_BASE_URL``, never from the request's Host header:
    an id must be the same whichever name a client reached the server by.
    """

    def __init__(self, origin: str) -> None:
        self.origin = origin.rstrip("/")
        self.api = self.origin + PREFIX

    def obj(self, kind: str, pk: int) -> str:
        path = PATHS[kind] if kind in PATHS else RECORD_PATHS[kind][0]
        return f"{self.api}/{path}/{pk}"

    def body(self, slug: str) -> str:
        return f"{self.api}/body/{slug}"

    def body_list(self, slug: str, name: str) -> str:
        return f"{self.api}/body/{slug}/{name}"

    def web(self, path: str) -> str:
        return self.origin + path

    def forward_plan_entry(self, pk: int) -> str:
        return f"{self.api}/forward-plan-entry/{pk}"

    def vocabulary(self) -> str:
        """The machine-readable description of every ``minutebook:`` type and property."""
        return f"{self.api}/vocabulary"

    def main_text(self, report_pk: int) -> str:
        """The File holding a report's main text as the web page shows it."""
        return f"{self.api}/paper/{report_pk}/main-text"


def oparl_type(kind: str) -> str:
    if kind in RECORD_PATHS:
        return EXT + str(kind)
    name = OParlType.ORGANIZATION if kind == OParlType.POLITICAL_GROUP else kind
    return OPARL + str(name)


def when(value: dt.datetime | None) -> str | None:
    """A date-time in UK local time with its offset (RFC 3339)."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return timezone.localtime(value).isoformat(timespec="seconds")


def day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def clean(obj: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values: OParl omits properties it has nothing for."""
    return {k: v for k, v in obj.items() if v not in (None, "", [], {})}


def stamped(obj: dict[str, Any], row: Any) -> dict[str, Any]:
    obj["created"] = when(getattr(row, "created", None))
    obj["modified"] = when(getattr(row, "modified", None))
    obj["deleted"] = False
    return clean(obj) | {"deleted": False}


# -- what the public may see ------------------------------------------------------------


def open_items() -> QuerySet[AgendaItem]:
    return AgendaItem.public_objects.open_to_inspection()


def report_items() -> QuerySet[AgendaItem]:
    """Items through which a report may be published: open, not exempt, not withdrawn.

    A report restored to public stays behind an exempt item until an officer clears the
    item too, as on the website and in search; a withdrawn item is listed without it.
    """
    return AgendaItem.public_objects.carrying_papers()


def visible_reports() -> QuerySet[Report]:
    """Public reports on at least one public agenda item open to inspection."""
    return Report.public_objects.filter(Exists(report_items().filter(report_id=OuterRef("pk"))))


def visible_documents() -> QuerySet[Document]:
    """Files the public may read: ``Document.open_to_inspection`` (LGA 1972 s100B(1)),
    current versions only (a superseded one is a deleted marker: ``signals.on_new_version``)."""
    return Document.public_objects.open_to_inspection().filter(replaced_by__isnull=True)


def published_decisions() -> QuerySet[Decision]:
    """Decision records once published: ``Decision.published``."""
    return Decision.public_objects.published()
