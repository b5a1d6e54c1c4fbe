"""The back office opens for every model and shows officers exempt rows."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

from minutebook.decisions.factories import DecisionFactory, MinuteItemFactory
from minutebook.documents.factories import AppendixFactory
from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.interests.factories import DeclarationFactory
from minutebook.meetings.factories import AgendaItemFactory
from minutebook.participation.factories import PublicQuestionFactory
from minutebook.reports.factories import ReportAuthorFactory, ReportFactory
from minutebook.scrutiny.factories import ActionFactory

MINUTEBOOK_APPS = {
    "councils",
    "people",
    "committees",
    "meetings",
    "reports",
    "documents",
    "decisions",
    "forwardplan",
    "participation",
    "interests",
    "scrutiny",
    "importer",
}


@pytest.fixture
def officer_client(db: None) -> Client:
    user = get_user_model().objects.create_superuser("officer", "o@example.gov.uk", "pw-123456789")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def exempt_report(db: None):  # type: ignore[no-untyped-def]
    report = ReportFactory(title="Restricted acquisition", exempt_paragraphs=[3])
    ReportAuthorFactory(report=report, name="Hidden Author")
    AppendixFactory(report=report, council=report.council, title="Valuation", exempt_paragraphs=[3])
    return report


@pytest.mark.django_db
def test_every_changelist_and_add_page_opens(officer_client: Client, exempt_report) -> None:  # type: ignore[no-untyped-def]
    item = AgendaItemFactory(report=exempt_report)
    MinuteItemFactory(meeting=item.meeting, exempt_paragraphs=[3])
    DecisionFactory(meeting=item.meeting)
    DeclarationFactory(agenda_item=item)
    PublicQuestionFactory(meeting=item.meeting)
    ActionFactory()
    ForwardPlanEntryFactory()
    models = [m for m in admin.site._registry if m._meta.app_label in MINUTEBOOK_APPS]
    assert len(models) >= 20
    for model in models:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert officer_client.get(changelist).status_code == 200, changelist
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert officer_client.get(add).status_code in {200, 403}, add
        obj = getattr(model, "officer_objects", model._default_manager).first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert officer_client.get(change).status_code == 200, change


@pytest.mark.django_db
def test_officers_see_exempt_report_with_authors_and_appendices(
    officer_client: Client,
    exempt_report,  # type: ignore[no-untyped-def]
) -> None:
    listing = officer_client.get(reverse("admin:reports_report_changelist"))
    assert "Restricted acquisition" in listing.content.decode()
    page = officer_client.get(reverse("admin:reports_report_change", args=[exempt_report.pk]))
    html = page.content.decode()
    assert "Hidden Author" in html and "Valuation" in html


@pytest.mark.django_db
def test_agenda_item_can_be_linked_to_an_exempt_report(
    officer_client: Client,
    exempt_report,  # type: ignore[no-untyped-def]
) -> None:
    item = AgendaItemFactory()
    response = officer_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Restricted",
            "app_label": "meetings",
            "model_name": "agendaitem",
            "field_name": "report",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Restricted acquisition"]
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(username="officer")
    form = admin.site._registry[type(item)].get_form(request)
    assert exempt_report in form.base_fields["report"].queryset


@pytest.mark.django_db
def test_exempt_paragraphs_are_tick_boxes_that_save_as_numbers(
    officer_client: Client,
    exempt_report,  # type: ignore[no-untyped-def]
) -> None:
    item = AgendaItemFactory()
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(username="officer")
    form_class = admin.site._registry[type(item)].get_form(request, item)
    data = {
        "meeting": item.meeting_id,
        "order": item.order,
        "number": item.number,
        "title": "Acquisition of premises",
        "report": exempt_report.pk,
        "exempt_paragraphs": ["3", "1"],
    }
    form = form_class(data=data, instance=item)
    assert form.is_valid(), form.errors
    saved = form.save()
    saved.refresh_from_db()
    assert saved.exempt_paragraphs == [1, 3] and saved.is_exempt
    bad = form_class(data={**data, "exempt_paragraphs": ["8"]}, instance=item)
    assert not bad.is_valid()
