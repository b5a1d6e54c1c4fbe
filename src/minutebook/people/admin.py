"""Back office for people, wards, political groups and council terms."""

from __future__ import annotations

from django.contrib import admin

from minutebook.committees.models import Membership, PortfolioHolder
from minutebook.councils.admin import OfficerModelAdmin, OfficerTabularInline
from minutebook.people.models import LegislativeTerm, Person, PoliticalGroup, Ward


@admin.register(Ward)
class WardAdmin(OfficerModelAdmin):
    list_display = ["name", "council", "gss_code", "seats", "is_division"]
    list_filter = ["council", "is_division"]
    search_fields = ["name", "gss_code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PoliticalGroup)
class PoliticalGroupAdmin(OfficerModelAdmin):
    list_display = ["name", "short_name", "council", "is_independent"]
    list_filter = ["council"]
    search_fields = ["name", "short_name"]


@admin.register(LegislativeTerm)
class LegislativeTermAdmin(OfficerModelAdmin):
    list_display = ["name", "council", "start_date", "end_date"]
    list_filter = ["council"]


class MembershipInline(OfficerTabularInline):
    model = Membership
    extra = 0
    fields = ["committee", "role", "voting_right", "start_date", "end_date"]
    autocomplete_fields = ["committee"]


class PortfolioHolderInline(OfficerTabularInline):
    model = PortfolioHolder
    extra = 0
    fields = ["portfolio", "role", "start_date", "end_date"]


@admin.register(Person)
class PersonAdmin(OfficerModelAdmin):
    list_display = [
        "last_name",
        "first_name",
        "honorific",
        "kind",
        "political_group",
        "ward",
        "job_title",
        "is_active",
    ]
    list_display_links = ["last_name", "first_name"]
    list_select_related = ["political_group", "ward"]
    list_filter = ["council", "kind", "is_active", "political_group"]
    search_fields = ["first_name", "last_name", "normalised_name", "email", "job_title"]
    autocomplete_fields = ["ward", "political_group", "user"]
    readonly_fields = ["normalised_name"]
    inlines = [MembershipInline, PortfolioHolderInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "council",
                    "kind",
                    ("honorific", "first_name", "middle_names", "last_name", "post_nominals"),
                    "normalised_name",
                    "is_active",
                ]
            },
        ),
        ("Contact", {"fields": ["job_title", "email", "phone"]}),
        ("Councillors", {"fields": ["political_group", "ward"]}),
        ("Login", {"fields": ["user"]}),
    ]
