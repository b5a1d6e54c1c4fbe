"""Writing the demo's papers: reports with authors and appendices, agenda items, and the
urgent item's supplement."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from minutebook.demo.builder_defs import BuilderBase, Plan, ReportSpec
from minutebook.documents.models import Document, DocumentKind
from minutebook.meetings.models import AgendaItem, Supplement, UrgencyKind, UrgencyRecord
from minutebook.reports.models import Report, ReportAuthor


class PapersMixin(BuilderBase):
    """Reports, appendices, agenda items and the late (urgent) supplement."""

    def write_reports(self) -> None:
        Report.officer_objects.bulk_create([s.report for s in self.report_specs])
        authors: list[ReportAuthor] = []
        wards: list[Any] = []
        documents: list[Document] = []
        through = Report.wards_affected.through
        for spec in self.report_specs:
            for order, person in enumerate(spec.authors, 1):
                authors.append(
                    ReportAuthor(
                        report=spec.report,
                        person=person,
                        order=order,
                        name=f"{person.first_name} {person.last_name}",
                        job_title=person.job_title,
                        phone=person.phone,
                        email=person.email,
                    )
                )
            for ward in spec.wards:
                wards.append(through(report_id=spec.report.pk, ward_id=ward.pk))
            appendices = list(spec.appendices)
            for order, label_title in enumerate(appendices, 1):
                label, _, title = label_title.partition(" - ")
                text = f"{title}: supporting information for the report."
                if spec.report.is_exempt:
                    text = f"{title}. {spec.exempt_body}"
                documents.append(
                    self.document(spec, order, label, title, text, spec.report.exempt_paragraphs)
                )
            if spec.report.is_exempt and not appendices:
                documents.append(
                    self.document(
                        spec,
                        1,
                        "Appendix 1",
                        "Confidential financial information",
                        f"Confidential financial information. {spec.exempt_body}",
                        spec.report.exempt_paragraphs,
                    )
                )
            extra = spec.exempt_appendix
            if extra:
                label, _, title = extra[0].partition(" - ")
                documents.append(
                    self.document(spec, len(appendices) + 1, label, title, extra[1], [3])
                )
        ReportAuthor.officer_objects.bulk_create(authors)
        through.objects.bulk_create(wards)
        Document.officer_objects.bulk_create(documents)
        self.count("reports", len(self.report_specs))
        self.count("exempt_reports", sum(s.report.is_exempt for s in self.report_specs))
        self.count("documents", len(documents))

    def document(
        self,
        spec: ReportSpec,
        order: int,
        label: str,
        title: str,
        text: str,
        paragraphs: list[int],
    ) -> Document:
        plan = spec.plan
        assert plan is not None
        return Document(
            council=self.council,
            kind=DocumentKind.APPENDIX,
            title=title,
            media_type="application/pdf",
            pages=plan.rng.randrange(1, 24),
            extracted_text=text,
            report=spec.report,
            meeting=plan.meeting,
            order=order,
            label=label,
            exempt_paragraphs=sorted(paragraphs),
            public_interest_reason=spec.report.public_interest_reason
            or "The appendix contains commercially sensitive prices; disclosure would "
            "prejudice the council's negotiating position.",
            is_exempt=bool(paragraphs),
            published_at=plan.published_at,
        )

    def write_items(self) -> None:
        top: list[AgendaItem] = []
        subs: list[tuple[AgendaItem, dict[str, Any], AgendaItem]] = []
        for plan, items in self.pending_items:
            page = 5
            order = 0
            for number, item in enumerate(items, 1):
                order += 1
                obj = self.agenda_item(plan, item, order, str(number))
                if item.get("pages"):
                    obj.first_page, obj.last_page = page, page + item["pages"] - 1
                    page += item["pages"]
                item["obj"] = obj
                top.append(obj)
                plan.items.append(obj)
                for letter, sub in zip("abcdefghij", item.get("sub", []), strict=False):
                    order += 1
                    child = self.agenda_item(plan, sub, order, f"{number}{letter}")
                    if sub.get("pages"):
                        child.first_page, child.last_page = page, page + sub["pages"] - 1
                        page += sub["pages"]
                    sub["obj"] = child
                    subs.append((child, sub, obj))
                    plan.items.append(child)
        AgendaItem.public_objects.bulk_create(top)
        for child, _, parent in subs:
            child.parent = parent
        AgendaItem.public_objects.bulk_create([c for c, _, _ in subs])
        self.urgent_items = [(c, sub) for c, sub, _ in subs if sub.get("urgent")]
        self.count("agenda_items", len(top) + len(subs))

    def write_urgency(self) -> None:
        """Late items: a supplement and the chair's reasons (LGA 1972 s100B(4)(b)).

        Numbered after the meeting's other supplements (the questions went out earlier).
        """
        for item, spec_item in self.urgent_items:
            meeting = item.meeting
            chair = self.chairs[meeting.committee_id]
            published = meeting.start - timedelta(hours=2)
            number = Supplement.objects.filter(meeting=meeting).count() + 1
            supplement = Supplement.objects.create(
                meeting=meeting,
                number=number,
                title=f"Supplement {number}: urgent item",
                published_at=published,
            )
            item.supplement, item.published_at = supplement, published
            AgendaItem.public_objects.bulk_update([item], ["supplement", "published_at"])
            record = UrgencyRecord.objects.create(
                meeting=meeting,
                kind=UrgencyKind.SUPPLEMENT,
                supplement=supplement,
                chair=chair,
                chair_name=self.name(chair),
                reason=spec_item["urgent"],
                published_at=published,
                clear_days=0,
                required_days=self.council.agenda_clear_days,
            )
            record.items.add(item)

    def agenda_item(self, plan: Plan, item: dict[str, Any], order: int, number: str) -> AgendaItem:
        spec: ReportSpec | None = item.get("spec")
        report = spec.report if spec else None
        paragraphs = list(report.exempt_paragraphs) if report is not None else []
        return AgendaItem(
            meeting=plan.meeting,
            order=order,
            number=number,
            title=item["title"],
            description=item.get("description", ""),
            standing_kind=item.get("kind", ""),
            exempt_paragraphs=paragraphs,
            public_interest_reason=report.public_interest_reason if report is not None else "",
            is_exempt=bool(paragraphs),
            report=report,
            to_follow=bool(item.get("to_follow")),
            published_at=None if item.get("to_follow") or item.get("urgent") else plan.published_at,
            is_urgent=bool(item.get("urgent")),
            urgency_reason=item.get("urgent", ""),
        )
