"""Factories for documents (deterministic sequences; no file unless given one)."""

from __future__ import annotations

import factory

from minutebook.councils.factories import CouncilFactory, MinutebookFactory
from minutebook.documents.models import Document, DocumentKind


class DocumentFactory(MinutebookFactory):
    class Meta:
        model = Document

    council = factory.SubFactory(CouncilFactory)
    kind = DocumentKind.OTHER
    title = factory.Sequence(lambda n: f"Document {n}")
    pages = 1
    extracted_text = factory.LazyAttribute(lambda o: f"Text of {o.title}.")


class AppendixFactory(DocumentFactory):
    kind = DocumentKind.APPENDIX
    report = factory.SubFactory(
        "minutebook.reports.factories.ReportFactory", council=factory.SelfAttribute("..council")
    )
    label = factory.Sequence(lambda n: f"Appendix {n + 1}")
