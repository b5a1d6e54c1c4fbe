"""Back office for committees, their members, and cabinet portfolios."""

from __future__ import annotations

from django.contrib import admin

from minutebook.committees.models import Committee, Membership, Portfolio, PortfolioHolder
from minutebook.councils.admin import OfficerModelAdmin, OfficerTabularInline


class CommitteeMembershipInline(OfficerTabularInline):
    model = Membership
    extra = 0
    fields = ["person", "role", "voting_right", "start_date", "end_date"]
    autocomplete_fields = ["person"]


@admin.register(Committee)
class CommitteeAdmin(OfficerModelAdmin):
    list_display = ["name", "kind", "council", "parent", "quorum", "is_active"]
    list_filter = ["council", "kind", "is_active"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["council", "parent"]
    inlines = [CommitteeMembershipInline]
    fieldsets = [
        (None, {"fields": ["council", "name", "slug", "short_name", "kind", "parent"]}),
        ("Business", {"fields": ["description", "quorum", "standing_items", "is_active"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(OfficerModelAdmin):
    list_display = ["person", "committee", "role", "voting_right", "start_date", "end_date"]
    list_filter = ["committee__council", "role", "voting_right", "committee"]
    search_fields = ["person__first_name", "person__last_name", "committee__name"]
    autocomplete_fields = ["person", "committee"]
    list_select_related = ["person", "committee"]


class PortfolioHolderInline(OfficerTabularInline):
    model = PortfolioHolder
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Portfolio)
class PortfolioAdmin(OfficerModelAdmin):
    list_display = ["title", "council", "is_active"]
    list_filter = ["council", "is_active"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PortfolioHolderInline]
