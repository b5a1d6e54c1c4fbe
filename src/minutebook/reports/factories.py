"""Factories for reports and their authors (deterministic sequences).

``ReportFactory(exempt_paragraphs=[3])`` makes an exempt report.
"""

from __future__ import annotations

import factory

from minutebook.councils.factories import CouncilFactory, MinutebookFactory
from minutebook.reports.models import Report, ReportAuthor, ReportPurpose


class ReportFactory(MinutebookFactory):
    class Meta:
        model = Report

    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Report {n}")
    purpose = ReportPurpose.DECISION
    brief_summary = factory.LazyAttribute(lambda o: f"Summary of {o.title}.")
    recommendations = "1. That the recommendations be approved."
    reasons = "To meet the council's objectives."
    body = factory.LazyAttribute(lambda o: f"Body text of {o.title}.")


class ReportAuthorFactory(MinutebookFactory):
    class Meta:
        model = ReportAuthor

    report = factory.SubFactory(ReportFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Author {n}")
    job_title = "Service Manager"
    phone = factory.Sequence(lambda n: f"01632 {961000 + n % 1000:06d}")
    email = factory.Sequence(lambda n: f"author{n}@example.gov.uk")
