"""A small meeting for pack tests, built with the factories.

Item 3 has a public report with two appendices (A4 portrait, A3 landscape) and an
exempt one (paragraph 3); item 4 is exempt. Every exempt text holds ``CANARY`` so a
test can prove the public pack holds none of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.core.files.base import ContentFile
from django.utils import timezone
from weasyprint import HTML

from minutebook.committees.factories import CommitteeFactory, MembershipFactory
from minutebook.committees.models import CommitteeKind, MembershipRole
from minutebook.councils.factories import CouncilFactory
from minutebook.documents.factories import AppendixFactory
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory, VenueFactory
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState
from minutebook.people.factories import CouncillorFactory
from minutebook.reports.factories import ReportAuthorFactory, ReportFactory
from minutebook.reports.models import Report

CANARY = "CANARY-EXEMPT-PK7Z"
LONG_PARAGRAPH = (
    "The council has reviewed the service against its plan and the figures reported by "
    "each area team over the year, and sets out below what it proposes to change. "
) * 6


@lru_cache(maxsize=16)
def appendix_pdf(marker: str, pages: int, size: str = "A4") -> bytes:
    """A small PDF whose every page says ``marker`` and its own page number."""
    body = "".join(
        f'<p style="break-before: page">{marker} sheet {n}</p>' for n in range(1, pages + 1)
    )
    return HTML(string=f"<style>@page {{ size: {size}; }}</style>{body}").write_pdf()


@dataclass
class PackScenario:
    meeting: Meeting
    public_item: AgendaItem
    exempt_item: AgendaItem
    public_report: Report
    exempt_report: Report


MEMBER_NAMES = [("Rosa", "Linton"), ("Owen", "Marchbank"), ("Priya", "Nayar"), ("Tom", "Quayle")]


def build_pack_scenario(
    *, pad: bool = False, paragraphs: int = 8, extra_items: int = 0
) -> PackScenario:
    council = CouncilFactory(
        name="Harrowdene Borough Council",
        slug="harrowdene",
        pad_blank_pages=pad,
        contact_email="committees@harrowdene.example.gov.uk",
        contact_phone="01632 960100",
    )
    committee = CommitteeFactory(
        council=council, name="Cabinet", slug="cabinet", kind=CommitteeKind.EXECUTIVE, quorum=3
    )
    roles = (
        MembershipRole.CHAIRMAN,
        MembershipRole.VICE_CHAIRMAN,
        MembershipRole.MEMBER,
        MembershipRole.MEMBER,
    )
    for role, (first, last) in zip(roles, MEMBER_NAMES, strict=True):
        MembershipFactory(
            committee=committee,
            role=role,
            person=CouncillorFactory(council=council, first_name=first, last_name=last),
        )
    venue = VenueFactory(
        council=council, name="Council Chamber", address="Town Hall, Market Street"
    )
    start = timezone.make_aware(dt.datetime(2025, 3, 12, 18, 30))
    meeting = MeetingFactory(
        committee=committee,
        start=start,
        venue=venue,
        state=MeetingState.AGENDA_PUBLISHED,
        published_at=timezone.make_aware(dt.datetime(2025, 3, 4, 9, 0)),
    )
    body = "\n\n".join(f"{n}. Section {n}\n{LONG_PARAGRAPH}" for n in range(1, paragraphs + 1))
    public_report = ReportFactory(
        council=council,
        title="Library opening hours",
        body=body,
        financial_implications="Met from the existing budget.",
    )
    ReportAuthorFactory(report=public_report, name="Ada Pemberton", job_title="Libraries Manager")
    AppendixFactory(
        council=council,
        report=public_report,
        label="Appendix 1",
        title="Usage figures",
        order=1,
        pages=2,
        file=ContentFile(appendix_pdf("USAGE-FIGURES", 2), name="usage.pdf"),
    )
    AppendixFactory(
        council=council,
        report=public_report,
        label="Appendix 2",
        title="Branch map",
        order=2,
        pages=1,
        file=ContentFile(appendix_pdf("BRANCH-MAP", 1, "A3 landscape"), name="map.pdf"),
    )
    AppendixFactory(
        council=council,
        report=public_report,
        label="Appendix 3",
        title="Contract prices",
        order=3,
        pages=1,
        exempt_paragraphs=[3],
        file=ContentFile(appendix_pdf(f"PRICES {CANARY}", 1), name="prices.pdf"),
    )
    exempt_report = ReportFactory(
        council=council,
        title="Disposal of the depot",
        exempt_paragraphs=[3],
        public_interest_reason="Disclosure would weaken the council's position.",
        brief_summary=CANARY,
        body="\n\n".join(f"{n}. Terms {n}\n{CANARY} {LONG_PARAGRAPH}" for n in range(1, 7)),
    )
    AppendixFactory(
        council=council,
        report=exempt_report,
        label="Appendix 1",
        title="Valuation",
        order=1,
        file=ContentFile(appendix_pdf(f"VALUATION {CANARY}", 1), name="valuation.pdf"),
    )
    AgendaItemFactory(meeting=meeting, order=1, number="1", title="Apologies for absence")
    AgendaItemFactory(
        meeting=meeting,
        order=2,
        number="2",
        title="Declarations of interest",
        description="To receive any declarations of interest.",
    )
    public_item = AgendaItemFactory(
        meeting=meeting,
        order=3,
        number="3",
        title="Library opening hours",
        report=public_report,
        description="To consider a report of the Director of Communities.",
    )
    exempt_item = AgendaItemFactory(
        meeting=meeting, order=4, number="4", title="Disposal of the depot", report=exempt_report
    )
    short = ReportFactory(council=council, title="Parks grounds maintenance")
    AgendaItemFactory(
        meeting=meeting, order=5, number="5", title="Parks grounds maintenance", report=short
    )
    AgendaItemFactory(
        meeting=meeting, order=6, number="6", title="Waste collection review", to_follow=True
    )
    for n in range(extra_items):
        AgendaItemFactory(
            meeting=meeting,
            order=7 + n,
            number=str(7 + n),
            title=f"Standing business {n + 1}",
            description="To note any matters arising under this heading. " * 3,
        )
    return PackScenario(meeting, public_item, exempt_item, public_report, exempt_report)
