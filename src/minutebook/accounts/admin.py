"""Role assignments in the admin: administrators grant and withdraw roles per council."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from minutebook.accounts.admin_scope import CouncilScopedAdminMixin, scope_users
from minutebook.accounts.models import RoleAssignment, SignInFailure
from minutebook.accounts.permissions import can, councils_where
from minutebook.accounts.roles import Role


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(CouncilScopedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "council", "granted_by", "created"]
    list_filter = ["role", "council"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    readonly_fields = ["granted_by", "created"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, "roles.manage")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, "roles.manage", obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can(request.user, "roles.manage")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, "roles.manage", obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, "roles.manage", obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        """An administrator grants roles only at the councils they administer, and only to
        the users the user admin shows them (``scope_users``: new accounts included)."""
        if db_field.name == "council":
            from minutebook.councils.models import Council

            councils = councils_where(request.user, {"administrator"})
            kwargs["queryset"] = (
                Council.objects.all()
                if councils is None
                else Council.objects.filter(pk__in=councils)
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user" and field is not None:
            field.queryset = scope_users(field.queryset, request.user)
        return field

    def get_queryset(self, request: HttpRequest) -> Any:
        councils = councils_where(request.user, {"administrator"})
        qs = super().get_queryset(request)
        return qs if councils is None else qs.filter(council_id__in=councils)

    def save_model(
        self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool
    ) -> None:
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SignInFailure)
class SignInFailureAdmin(admin.ModelAdmin):
    """Read-only; deleting a row unlocks the username early."""

    list_display = ["username", "ip_address", "at"]
    search_fields = ["username", "ip_address"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


_User = get_user_model()
admin.site.unregister(_User)


def _administered_councils(user: Any) -> Any:
    from minutebook.councils.models import Council

    councils = councils_where(user, {Role.ADMINISTRATOR})
    return Council.objects.all() if councils is None else Council.objects.filter(pk__in=councils)


def with_first_role(form_class: type[forms.BaseForm], user: Any) -> type[forms.BaseForm]:
    """The add-user form with the account's first role: a council ``user`` administers
    and a role there, granted in the same save, so the new account is never role-less."""

    class AccountWithRoleForm(form_class):  # type: ignore[valid-type,misc]
        council = forms.ModelChoiceField(queryset=_administered_councils(user))
        role = forms.ChoiceField(choices=Role.choices)

    AccountWithRoleForm.__name__ = form_class.__name__
    return AccountWithRoleForm


@admin.register(_User)
class CouncilUserAdmin(UserAdmin):
    """Users, for administrators of some councils: never their privileges, never others'.

    Privileges come from role assignments (which set staff status and groups), so only
    a superuser edits ``is_superuser``, ``is_staff``, groups or permissions here. A
    council's administrator changes (and resets the password of) only users tied to at
    least one council and to no council but theirs, and never a superuser: otherwise they
    could make themselves a superuser, take over another council's officer, or take over
    a role-less account and wait for someone to grant it a role. An account they create
    gets its first role at one of their councils in the same step.

    They see (list, search, open, autocomplete) only the users ``scope_users`` leaves
    them: their councils' people, never a superuser, another council's people (whose
    names and e-mail addresses are not theirs to read) nor an account tied to no council.
    """

    PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")
    FIRST_ROLE = ("First role", {"fields": ("council", "role")})

    def get_queryset(self, request: HttpRequest) -> Any:
        return scope_users(super().get_queryset(request), request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [f for f in self.PRIVILEGE_FIELDS if f not in fields]
        return fields

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None and not request.user.is_superuser:
            fieldsets = [*fieldsets, self.FIRST_ROLE]
        return fieldsets

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None and not request.user.is_superuser:  # type: ignore[union-attr]
            kwargs["form"] = with_first_role(self.add_form, request.user)
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change and "council" in form.cleaned_data:
            RoleAssignment.objects.create(
                user=obj,
                council=form.cleaned_data["council"],
                role=form.cleaned_data["role"],
                granted_by=request.user,
            )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or request.user.is_superuser:
            return allowed
        if obj.is_superuser:
            return False
        mine = councils_where(request.user, {Role.ADMINISTRATOR})
        if mine is None:
            return True
        theirs = set(RoleAssignment.objects.filter(user=obj).values_list("council_id", flat=True))
        person = getattr(obj, "person", None)
        if person is not None:
            theirs.add(person.council_id)
        return bool(theirs) and theirs <= set(mine)
