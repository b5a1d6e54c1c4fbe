"""A small council built with the factories, shared by the page and browser tests.

Files are written under MEDIA_ROOT, so callers point it at a temporary directory.
One held meeting carries a public report and an exempt one (paragraph 3) with an
exempt sub-item and exempt appendices; every exempt text field holds CANARY so a
test can prove that nothing exempt reaches a public page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from minutebook.committees.factories import CommitteeFactory, MembershipFactory
from minutebook.committees.models import Committee, CommitteeKind, MembershipRole
from minutebook.councils.factories import CouncilFactory
from minutebook.councils.models import Council
from minutebook.decisions.factories import DecisionFactory, MinuteItemFactory
from minutebook.decisions.models import CallInState
from minutebook.documents.factories import AppendixFactory, DocumentFactory
from minutebook.documents.models import Document, DocumentKind
from minutebook.importer.models import ImportRecord
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory, VenueFactory
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState
from minutebook.people.factories import CouncillorFactory, PersonFactory
from minutebook.people.models import PersonKind
from minutebook.reports.factories import ReportAuthorFactory, ReportFactory
from minutebook.reports.models import Report, ReportPurpose, RiskLevel

CANARY = "CANARY-EXEMPT-9Q7X"
PUBLIC_MARKER = "Opening hours rise to seventy a week"


@dataclass
class Scenario:
    council: Council
    committee: Committee
    held: Meeting
    upcoming: Meeting
    imported: Meeting
    public_item: AgendaItem
    exempt_item: AgendaItem
    exempt_sub_item: AgendaItem
    public_report: Report
    exempt_report: Report
    #: Exempt files: two flagged, one exempt only through its report.
    exempt_documents: list[Document]


def _local(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def build_scenario() -> Scenario:
    council = CouncilFactory(
        name="Wyvern Vale District Council",
        slug="wyvern-vale",
        short_name="Wyvern Vale",
        brand_colour="#6f2c91",
    )
    committee = CommitteeFactory(
        council=council, name="Cabinet", slug="cabinet", kind=CommitteeKind.EXECUTIVE
    )
    CommitteeFactory(
        council=council, name="Planning Committee", slug="planning", kind=CommitteeKind.REGULATORY
    )
    for role in (MembershipRole.CHAIRMAN, MembershipRole.VICE_CHAIRMAN, MembershipRole.MEMBER):
        MembershipFactory(committee=committee, role=role)
    MembershipFactory(
        committee=committee,
        role=MembershipRole.CO_OPTED,
        voting_right=False,
        person=PersonFactory(council=council, kind=PersonKind.CO_OPTED, job_title=""),
    )
    venue = VenueFactory(council=council, name="Council Chamber", address="1 High Street")
    held = MeetingFactory(
        committee=committee,
        start=_local(-14, 18),
        end=_local(-14, 20),
        venue=venue,
        state=MeetingState.HELD,
        published_at=_local(-24, 9),
    )
    upcoming = MeetingFactory(
        committee=committee,
        start=_local(21, 10),
        end=None,
        venue=venue,
        state=MeetingState.AGENDA_PUBLISHED,
        published_at=_local(-1, 9),
        online_url="https://video.example.org/cabinet",
    )
    imported = MeetingFactory(
        committee=committee,
        start=_local(-400, 14),
        end=None,
        venue=venue,
        state=MeetingState.MINUTES_APPROVED,
        is_imported=True,
    )
    AgendaItemFactory(meeting=imported, order=1, number="1", title="Apologies for absence")
    # The import record keeps the whole parsed pack, exempt parts included.
    imported.import_record = ImportRecord.objects.create(
        council=council,
        meeting=imported,
        source_file="archive-pack.pdf",
        sha256="0" * 64,
        parser_version="test",
        pack={"items": [{"title": "Exempt item", "text": CANARY}]},
    )
    imported.save()

    holder = CouncillorFactory(council=council)
    public_report = ReportFactory(
        council=council,
        title="Leisure centre opening hours",
        purpose=ReportPurpose.RECOMMENDATION,
        recommendation_to_name="Full Council",
        portfolio_holder=holder,
        key_decision=True,
        brief_summary=PUBLIC_MARKER,
        financial_implications="Met from the existing leisure budget.",
        risk_current=RiskLevel.MEDIUM,
        risk_residual=RiskLevel.LOW,
        background_papers="Leisure strategy 2024\nUsage survey",
    )
    ReportAuthorFactory(report=public_report, name="Dana Whitlock", job_title="Leisure Manager")
    AppendixFactory(council=council, report=public_report, title="Usage figures", order=1)
    commercial_terms = AppendixFactory(
        council=council,
        report=public_report,
        title=f"Commercial terms {CANARY}",
        extracted_text=CANARY,
        exempt_paragraphs=[3],
        order=2,
        file=ContentFile(f"%PDF-1.7 {CANARY}".encode(), name="commercial-terms.pdf"),
    )
    exempt_report = ReportFactory(
        council=council,
        title=f"Depot land sale {CANARY}",
        exempt_paragraphs=[3],
        public_interest_reason="Disclosure would prejudice the council's negotiating position.",
        brief_summary=CANARY,
        recommendations=CANARY,
        reasons=CANARY,
        body=CANARY,
        financial_implications=CANARY,
        background_papers=CANARY,
    )
    ReportAuthorFactory(report=exempt_report, name=f"Author {CANARY}", email="x@example.gov.uk")
    # Not flagged itself: it is exempt only because its report is.
    valuation = AppendixFactory(
        council=council,
        report=exempt_report,
        title=f"Valuation {CANARY}",
        extracted_text=CANARY,
        file=ContentFile(f"%PDF-1.7 {CANARY}".encode(), name="valuation.pdf"),
    )

    AgendaItemFactory(meeting=held, order=1, number="1", title="Apologies for absence")
    AgendaItemFactory(meeting=held, order=2, number="2", title="Minutes", first_page=1, last_page=6)
    public_item = AgendaItemFactory(
        meeting=held,
        order=3,
        number="3",
        title="Leisure centre opening hours",
        report=public_report,
        first_page=7,
        last_page=20,
    )
    exempt_item = AgendaItemFactory(
        meeting=held,
        order=4,
        number="4",
        title="Sale of land at the depot",
        report=exempt_report,
        first_page=21,
        last_page=30,
    )
    exempt_sub_item = AgendaItemFactory(
        meeting=held,
        order=5,
        number="4a",
        parent=exempt_item,
        title="Staffing consequences of the depot sale",
        exempt_paragraphs=[1, 4],
    )
    DocumentFactory(
        council=council,
        meeting=held,
        kind=DocumentKind.AGENDA_PACK,
        title="Agenda pack",
        pages=30,
        file=ContentFile(b"%PDF-1.7 public agenda pack", name="agenda-pack.pdf"),
    )
    supplement = DocumentFactory(
        council=council,
        meeting=held,
        kind=DocumentKind.SUPPLEMENT,
        title=f"Exempt supplement {CANARY}",
        extracted_text=CANARY,
        exempt_paragraphs=[3],
        file=ContentFile(f"%PDF-1.7 {CANARY}".encode(), name="exempt-supplement.pdf"),
    )
    MinuteItemFactory(
        meeting=held,
        agenda_item=public_item,
        title="Leisure centre opening hours",
        text="Members welcomed the longer hours.",
        resolution="That the new opening hours be recommended to Full Council.",
    )
    MinuteItemFactory(
        meeting=held,
        agenda_item=exempt_item,
        title=f"Depot {CANARY}",
        text=CANARY,
        resolution=CANARY,
        exempt_paragraphs=[3],
    )
    DecisionFactory(
        meeting=held,
        title="Leisure centre opening hours",
        decision="To recommend the longer opening hours.",
        key_decision=True,
        call_in_state=CallInState.IN_FORCE,
        published_at=_local(-13, 9),
    )
    DecisionFactory(
        meeting=held,
        title=f"Depot sale {CANARY}",
        decision=CANARY,
        reasons=CANARY,
        exempt_paragraphs=[3],
    )
    AgendaItemFactory(meeting=upcoming, order=1, number="1", title="Apologies for absence")
    return Scenario(
        council=council,
        committee=committee,
        held=held,
        upcoming=upcoming,
        imported=imported,
        public_item=public_item,
        exempt_item=exempt_item,
        exempt_sub_item=exempt_sub_item,
        public_report=public_report,
        exempt_report=exempt_report,
        exempt_documents=[commercial_terms, supplement, valuation],
    )
