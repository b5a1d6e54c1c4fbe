"""The exempt managers on Report: public code can never reach an exempt report."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from minutebook.documents.factories import AppendixFactory
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory
from minutebook.meetings.models import Meeting
from minutebook.reports.factories import ReportAuthorFactory, ReportFactory
from minutebook.reports.models import Report, ReportAuthor


def test_report_has_no_default_objects_manager() -> None:
    assert not hasattr(Report, "objects")
    assert Report._default_manager.name == "public_objects"


@pytest.mark.django_db
def test_public_objects_never_returns_an_exempt_report() -> None:
    open_report = ReportFactory(title="Library strategy")
    secret = ReportFactory(title="Acquisition of premises", exempt_paragraphs=[3])
    assert secret.is_exempt and not open_report.is_exempt
    assert list(Report.public_objects.all()) == [open_report]
    assert not Report.public_objects.filter(pk=secret.pk).exists()
    assert not Report.public_objects.filter(body__contains=secret.body).exists()
    with pytest.raises(Report.DoesNotExist):
        Report.public_objects.get(pk=secret.pk)


@pytest.mark.django_db
def test_officer_objects_returns_all() -> None:
    reports = {ReportFactory(), ReportFactory(exempt_paragraphs=[1]), ReportFactory()}
    assert set(Report.officer_objects.all()) == reports


@pytest.mark.django_db
def test_related_managers_start_from_the_public_manager() -> None:
    meeting = MeetingFactory()
    open_report = ReportFactory()
    secret = ReportFactory(exempt_paragraphs=[5])
    AgendaItemFactory(meeting=meeting, report=open_report)
    AgendaItemFactory(meeting=meeting, report=secret)
    assert list(meeting.reports.all()) == [open_report]
    assert list(open_report.council.reports.all()) == [open_report]
    assert Report.officer_objects.filter(meetings=meeting).count() == 2


@pytest.mark.django_db
def test_becoming_exempt_on_update_fields_save_hides_the_report() -> None:
    report = ReportFactory()
    report.exempt_paragraphs = [4]
    report.save(update_fields=["exempt_paragraphs"])
    assert not Report.public_objects.filter(pk=report.pk).exists()


@pytest.mark.django_db
def test_authors_of_an_exempt_report_are_hidden_too() -> None:
    open_author = ReportAuthorFactory(name="Open Author")
    secret_author = ReportAuthorFactory(report__exempt_paragraphs=[1], name="Secret Author")
    assert list(ReportAuthor.public_objects.all()) == [open_author]
    assert list(open_author.report.authors.all()) == [open_author]
    assert set(ReportAuthor.officer_objects.all()) == {open_author, secret_author}


@pytest.mark.django_db
def test_exempt_appendix_hidden_from_public_report_page() -> None:
    report = ReportFactory()
    public_appendix = AppendixFactory(report=report, council=report.council)
    AppendixFactory(report=report, council=report.council, exempt_paragraphs=[3])
    assert list(report.appendices) == [public_appendix]


@pytest.mark.django_db
def test_exempt_paragraphs_limited_to_schedule_12a() -> None:
    report = ReportFactory.build(exempt_paragraphs=[8])
    with pytest.raises(ValidationError):
        report.clean_fields(exclude=["council"])
    assert "paragraphs 1 and 3" in ReportFactory(exempt_paragraphs=[3, 1]).exempt_description


@pytest.mark.django_db
def test_author_order_unique_per_report() -> None:
    author = ReportAuthorFactory(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportAuthorFactory(report=author.report, order=1)


@pytest.mark.django_db
def test_every_combination_of_paragraphs_is_hidden_from_the_public() -> None:
    """All 128 subsets of Schedule 12A paras 1-7: only the empty one is public."""
    subsets = [[p for p in range(1, 8) if mask & (1 << (p - 1))] for mask in range(128)]
    council = ReportFactory().council
    Report.officer_objects.all().delete()
    for paragraphs in subsets:
        ReportFactory(council=council, exempt_paragraphs=paragraphs, title=f"R {paragraphs}")
    public = list(Report.public_objects.all())
    assert [r.exempt_paragraphs for r in public] == [[]]
    assert Report.officer_objects.count() == 128


@pytest.mark.django_db
def test_prefetching_reports_for_meetings_keeps_them_public() -> None:
    meeting = MeetingFactory()
    open_report = ReportFactory()
    AgendaItemFactory(meeting=meeting, report=open_report)
    AgendaItemFactory(meeting=meeting, report=ReportFactory(exempt_paragraphs=[2]))
    fetched = Meeting.objects.prefetch_related("reports", "agenda_items").get(pk=meeting.pk)
    assert list(fetched.reports.all()) == [open_report]
    assert len(fetched.agenda_items.all()) == 2  # both titles stay on the public agenda
