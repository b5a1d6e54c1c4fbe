"""Role assignments in the admin: administrators grant and withdraw roles per council."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from minutebook.accounts.admin_scope import CouncilScopedAdminMixin, scope_users
from minutebook.accounts.models import RoleAssignment, SignInFailure
from minutebook.accounts.permissions import can, councils_where


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


@admin.register(_User)
class CouncilUserAdmin(UserAdmin):
    """Users, for administrators of some councils: never their privileges, never others'.

    Privileges come from role assignments (which set staff status and groups), so only
    a superuser edits ``is_superuser``, ``is_staff``, groups or permissions here. A
    council's administrator changes (and resets the password of) only users tied to no
    council but theirs, and never a superuser: otherwise they could make themselves a
    superuser, or take over another council's officer, and read every council's papers.

    They see (list, search, open, autocomplete) only the users ``scope_users`` leaves
    them: their councils' people and accounts tied to no council yet, never a superuser
    nor another council's people, whose names and e-mail addresses are not theirs to read.
    """

    PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")

    def get_queryset(self, request: HttpRequest) -> Any:
        return scope_users(super().get_queryset(request), request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [f for f in self.PRIVILEGE_FIELDS if f not in fields]
        return fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or request.user.is_superuser:
            return allowed
        if obj.is_superuser:
            return False
        mine = councils_where(request.user, {"administrator"})
        if mine is None:
            return True
        theirs = set(RoleAssignment.objects.filter(user=obj).values_list("council_id", flat=True))
        person = getattr(obj, "person", None)
        if person is not None:
            theirs.add(person.council_id)
        return theirs <= set(mine)
