"""Council admin, and the officer mixin every minutebook admin uses.

The admin is officer code: it must see exempt rows. Django's admin reaches models
through their default manager, which for ExemptAwareModels is ``public_objects``;
``OfficerAdminMixin`` switches list/change views, inlines and the choices in
foreign-key and many-to-many widgets to ``officer_objects``, so an exempt report
can be found, edited and linked to an agenda item.

The officer admin classes are also council-scoped (``accounts.admin_scope``): an officer
sees, picks and edits only the rows of the councils they act for, and only in the admins
their role uses. Taking a Schedule 12A paragraph off a record releases it; only the
roles in ``admin_scope.RELEASE_ROLES`` may, so a report author's form refuses it.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from minutebook.accounts.admin_scope import CouncilScopedAdminMixin, may_release
from minutebook.core.exempt import SCHEDULE_12A_PARAGRAPHS, releasing
from minutebook.councils.models import ClosureDay, Council


def officer_manager(model: type[models.Model]) -> models.Manager[Any]:
    """The manager that shows officers every row: ``officer_objects`` where one exists."""
    manager = getattr(model, "officer_objects", None)
    return manager if manager is not None else model._default_manager


def exempt_paragraphs_field(db_field: models.Field[Any, Any]) -> forms.Field:
    """Tick boxes for Schedule 12A paragraphs 1-7 instead of raw JSON."""
    return forms.TypedMultipleChoiceField(
        label=db_field.verbose_name.capitalize(),
        choices=[(n, f"{n}: {text}") for n, text in SCHEDULE_12A_PARAGRAPHS.items()],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=db_field.help_text,
    )


RELEASE_REFUSED = (
    "Only a democratic services officer, the monitoring officer or an administrator may "
    "remove an exemption (release exempt information)."
)


def release_guarded(form_class: type[forms.BaseForm], user: Any) -> type[forms.BaseForm]:
    """``form_class`` refusing to take a stored exempt paragraph off a record unless
    ``user`` may release it (``admin_scope.may_release``); adding paragraphs is fine."""

    class ReleaseGuardedForm(form_class):  # type: ignore[valid-type,misc]
        def clean(self) -> Any:
            cleaned = super().clean()
            instance = getattr(self, "instance", None)
            if instance is None or instance.pk is None or "exempt_paragraphs" not in self.fields:
                return cleaned
            stored = (
                type(instance)
                ._base_manager.filter(pk=instance.pk)
                .values_list("exempt_paragraphs", flat=True)
                .first()
            )
            kept = set((cleaned or {}).get("exempt_paragraphs") or [])
            if set(stored or []) - kept and not may_release(user, instance):
                self.add_error("exempt_paragraphs", RELEASE_REFUSED)
            return cleaned

    ReleaseGuardedForm.__name__ = form_class.__name__
    return ReleaseGuardedForm


class OfficerAdminMixin:
    """For ModelAdmin and inlines alike: officers see exempt rows too."""

    model: type[models.Model]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)  # type: ignore[misc]
        return release_guarded(form, request.user)

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        formset.form = release_guarded(formset.form, request.user)
        return formset

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "exempt_paragraphs":
            return exempt_paragraphs_field(db_field)
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        qs = officer_manager(self.model).get_queryset()
        ordering = self.get_ordering(request)  # type: ignore[attr-defined]
        if ordering:
            qs = qs.order_by(*ordering)
        return qs

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if "queryset" not in kwargs:
            kwargs["queryset"] = officer_manager(db_field.remote_field.model).all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if "queryset" not in kwargs:
            kwargs["queryset"] = officer_manager(db_field.remote_field.model).all()
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class OfficerModelAdmin(CouncilScopedAdminMixin, OfficerAdminMixin, admin.ModelAdmin):
    """An officer who may release (``admin_scope.may_release``) and removes the exempt
    paragraphs of a record here has decided to release it: the admin's save is that
    confirmation (``core.exempt.releasing``, audited). Anyone else's save confirms
    nothing, so a release slipping past the form is still refused."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with self._releasing(request, obj):
            super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        with self._releasing(request, form.instance):
            super().save_formset(request, form, formset, change)

    def _releasing(self, request: HttpRequest, obj: Any) -> Any:
        if obj is not None and may_release(request.user, obj):
            return releasing(by=request.user, reason="Changed through the admin.")
        return contextlib.nullcontext()


class OfficerTabularInline(CouncilScopedAdminMixin, OfficerAdminMixin, admin.TabularInline):
    pass


class OfficerStackedInline(CouncilScopedAdminMixin, OfficerAdminMixin, admin.StackedInline):
    pass


class ClosureDayInline(OfficerTabularInline):
    model = ClosureDay
    extra = 0


@admin.register(Council)
class CouncilAdmin(OfficerModelAdmin):
    list_display = ["name", "slug", "bank_holiday_region", "key_decision_threshold"]
    search_fields = ["name", "short_name", "gss_code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ClosureDayInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "short_name",
                    "gss_code",
                    "website",
                    "brand_colour",
                    "address",
                    "contact_email",
                    "contact_phone",
                    "bank_holiday_region",
                ]
            },
        ),
        (
            "Key decisions and private meetings",
            {
                "fields": [
                    "key_decision_threshold",
                    "key_decision_wards",
                    "key_decision_notice_days",
                    "private_meeting_notice_days",
                    "private_meeting_reasons_days",
                ]
            },
        ),
        ("Call-in", {"fields": ["call_in_working_days", "call_in_signatories"]}),
        (
            "Agendas and packs",
            {
                "fields": [
                    "agenda_clear_days",
                    "report_deadline_working_days",
                    "reminder_working_days",
                    "default_quorum",
                    "default_quorum_fraction",
                    "pad_blank_pages",
                    "exempt_access_rule",
                    "publish_draft_minutes",
                    "max_upload_mb",
                ]
            },
        ),
        (
            "Public participation",
            {
                "fields": [
                    "public_question_deadline_rule",
                    "public_statement_deadline_rule",
                    "petition_deadline_rule",
                    "councillor_question_deadline_rule",
                    "notice_of_motion_deadline_rule",
                    "public_word_limit",
                    "public_questions_per_person",
                    "public_statements_per_person",
                    "public_submissions_cap",
                    "councillor_questions_per_meeting",
                ]
            },
        ),
        ("Open data", {"fields": ["open_data_licence"]}),
    ]
