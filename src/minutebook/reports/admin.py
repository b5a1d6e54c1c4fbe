"""Back office for reports. Officers see exempt reports (``officer_objects``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from minutebook.accounts.admin_scope import runs_admin
from minutebook.accounts.permissions import can
from minutebook.councils.admin import (
    OfficerModelAdmin,
    OfficerStackedInline,
    OfficerTabularInline,
)
from minutebook.documents.forms import DocumentUploadForm
from minutebook.documents.models import Document
from minutebook.meetings.models import AgendaItem
from minutebook.reports.models import ClearanceRule, Report, ReportAuthor, ReportClearance


class ReportAuthorInline(OfficerTabularInline):
    model = ReportAuthor
    extra = 0
    fields = ["order", "person", "name", "job_title", "phone", "email"]
    autocomplete_fields = ["person"]


class AppendixInline(OfficerStackedInline):
    model = Document
    form = DocumentUploadForm
    fk_name = "report"
    extra = 0
    fields = [
        ("label", "order", "kind"),
        "title",
        "file",
        ("pages", "version"),
        "exempt_paragraphs",
        "public_interest_reason",
    ]
    show_change_link = True


class ReportAgendaItemInline(OfficerTabularInline):
    model = AgendaItem
    fk_name = "report"
    extra = 0
    fields = ["meeting", "number", "title"]
    readonly_fields = ["meeting", "number", "title"]
    can_delete = False
    verbose_name_plural = "on the agenda of"

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class ReportClearanceInline(OfficerTabularInline):
    """Sign-offs are made on the officer page (/officer/reports/), never edited here."""

    model = ReportClearance
    extra = 0
    fields = ["at", "by", "role", "decision", "comment"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "clearance"

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ClearanceRule)
class ClearanceRuleAdmin(OfficerModelAdmin):
    list_display = ["council", "role", "scope"]
    list_filter = ["council", "role", "scope"]


@admin.register(Report)
class ReportAdmin(OfficerModelAdmin):
    list_display = [
        "title",
        "purpose",
        "is_exempt",
        "state",
        "portfolio_holder",
        "key_decision",
        "created",
    ]
    list_filter = ["council", "state", "is_exempt", "purpose", "key_decision", "risk_residual"]
    search_fields = ["title", "brief_summary", "authors__name", "portfolio_holder_text"]
    autocomplete_fields = [
        "portfolio_holder",
        "executive_director",
        "portfolio",
        "recommendation_to",
        "forward_plan_entry",
        "assigned_to",
    ]
    filter_horizontal = ["wards_affected"]
    list_select_related = ["portfolio_holder"]
    readonly_fields = ["is_exempt", "state", "submitted_at", "created", "modified"]
    inlines = [ReportAuthorInline, AppendixInline, ReportAgendaItemInline, ReportClearanceInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Report]:
        """Officers see their councils' reports; a report author sees only their own."""
        from minutebook.reports.officer_views import visible_reports

        qs = super().get_queryset(request)
        return qs.filter(pk__in=visible_reports(request.user).values("pk"))

    def save_model(self, request: HttpRequest, obj: Report, form: Any, change: bool) -> None:
        """A report an author starts is assigned to them, so they can go on drafting it."""
        if not change and obj.assigned_to_id is None:
            obj.assigned_to = request.user
        super().save_model(request, obj, form, change)

    def get_readonly_fields(self, request: HttpRequest, obj: Report | None = None) -> Any:
        """A report author does not hand reports to someone else (the user picker would
        list other officers): the report stays assigned to them."""
        fields = list(super().get_readonly_fields(request, obj))
        if not runs_admin(request.user):
            fields.append("assigned_to")
        return fields

    def has_change_permission(self, request: HttpRequest, obj: Report | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can(request.user, "report.change", obj))

    def has_delete_permission(self, request: HttpRequest, obj: Report | None = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can(request.user, "agenda.change", obj))

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "council",
                    "title",
                    "purpose",
                    ("recommendation_to", "recommendation_to_name"),
                ]
            },
        ),
        (
            "Cover sheet",
            {
                "fields": [
                    ("portfolio", "portfolio_holder", "portfolio_holder_text"),
                    ("executive_director", "executive_director_text"),
                    "local_councillors_text",
                    "wards_affected",
                    ("key_decision", "forward_plan_entry"),
                ]
            },
        ),
        (
            "Exempt information (LGA 1972 Schedule 12A)",
            {"fields": ["exempt_paragraphs", "public_interest_reason", "is_exempt"]},
        ),
        ("Summary", {"fields": ["brief_summary", "recommendations", "reasons"]}),
        (
            "Implications",
            {
                "fields": [
                    "financial_implications",
                    "legal_implications",
                    "climate_implications",
                    "wellbeing_health_implications",
                    "hr_implications",
                    ("equalities_implications", "eqia_status"),
                    ("risk_current", "risk_residual"),
                    "risk_implications",
                ],
                "classes": ["collapse"],
            },
        ),
        ("Report", {"fields": ["body", "background_papers"]}),
        ("Clearance", {"fields": ["assigned_to", "state", "submitted_at"]}),
        ("Record", {"fields": ["created", "modified"], "classes": ["collapse"]}),
    ]
