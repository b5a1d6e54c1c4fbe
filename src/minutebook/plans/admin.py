"""Admin for plans; day-to-day work happens on the officer pages. Status history is
read-only here as everywhere (append-only). Every admin is council-scoped
(``accounts.admin_scope``): officers see and pick only their councils' rows."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from minutebook.accounts.admin_scope import CouncilScopedAdminMixin
from minutebook.plans.models import (
    Finding,
    Plan,
    PlanImport,
    PlanItem,
    ProgressReport,
    RiskBand,
    StatusOption,
    StatusUpdate,
)


class StatusOptionInline(CouncilScopedAdminMixin, admin.TabularInline):
    model = StatusOption
    extra = 0


class RiskBandInline(CouncilScopedAdminMixin, admin.TabularInline):
    model = RiskBand
    extra = 0


@admin.register(Plan)
class PlanAdmin(CouncilScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "council", "kind", "committee", "state", "is_published"]
    list_filter = ["kind", "state", "is_published", "council"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["source_document"]
    inlines = [StatusOptionInline, RiskBandInline]


@admin.register(PlanItem)
class PlanItemAdmin(CouncilScopedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "plan", "level", "status", "end_date", "is_ongoing"]
    list_filter = ["level", "plan"]
    search_fields = ["reference", "title", "owner_text"]
    raw_id_fields = ["parent", "owner", "decisions", "minute_items", "meetings", "findings"]


@admin.register(Finding)
class FindingAdmin(CouncilScopedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "plan", "source"]


@admin.register(RiskBand)
class RiskBandAdmin(CouncilScopedAdminMixin, admin.ModelAdmin):
    list_display = ["label", "council", "plan", "min_score", "max_score"]


@admin.register(StatusUpdate)
class StatusUpdateAdmin(CouncilScopedAdminMixin, admin.ModelAdmin):
    list_display = ["item", "at", "by", "old_label", "new_label"]
    readonly_fields = [f.name for f in StatusUpdate._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(CouncilScopedAdminMixin, admin.ModelAdmin):
    list_display = ["plan", "meeting", "as_at"]
    raw_id_fields = ["report", "agenda_item", "meeting"]


@admin.register(PlanImport)
class PlanImportAdmin(CouncilScopedAdminMixin, admin.ModelAdmin):
    list_display = ["document", "council", "state", "created"]
    raw_id_fields = ["document", "plan"]
