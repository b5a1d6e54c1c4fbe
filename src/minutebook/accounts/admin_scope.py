"""Council scoping for the Django admin: an officer sees and edits only their councils' rows.

``CouncilScopedAdminMixin`` goes before the admin base class (``ModelAdmin`` or an
inline). It narrows the changelist (and so search, filters, bulk actions and the
change, delete and history pages, which all fetch through ``get_queryset``), the
choices of every foreign-key and many-to-many widget (so a posted id of another
council's row is refused as an invalid choice), the sidebar filters on related fields
(only values found in the officer's own rows), and answers "no" to view, change and
delete on another council's object. It filters what the next class in line returns,
so the officer manager (``officer_objects``, exempt rows included) stays the source.

The path to the council is found by ``accounts.scope.council_lookup``; an admin may
set ``council_lookup`` to name it. Models without a council are left alone.

Users have no council of their own, so ``scope_users`` narrows them instead (the user
admin, its autocomplete, and the user picker of the role-assignment admin).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import HttpRequest

from minutebook.accounts.permissions import councils_where
from minutebook.accounts.roles import Role
from minutebook.accounts.scope import acts_for, council_lookup, scope_to_councils


def scope_users(queryset: models.QuerySet[Any], user: Any) -> models.QuerySet[Any]:
    """The users ``user`` may see in the admin: all for a superuser; otherwise never a
    superuser, and only users tied to a council ``user`` administers (a role held there,
    or a linked person of that council) or tied to no council at all (a new account
    waiting for its first role). A user whose roles are all at other councils is hidden.
    """
    if user.is_superuser:
        return queryset
    from minutebook.accounts.models import RoleAssignment

    queryset = queryset.filter(is_superuser=False)
    councils = councils_where(user, {Role.ADMINISTRATOR})
    if councils is None:
        return queryset
    held_here = RoleAssignment.objects.filter(council_id__in=councils).values("user_id")
    held_anywhere = RoleAssignment.objects.values("user_id")
    ours = Q(pk__in=held_here) | Q(person__council_id__in=councils)
    unassigned = ~Q(pk__in=held_anywhere) & Q(person__isnull=True)
    return queryset.filter(ours | unassigned)


def _is_relation(model: type[models.Model], path: str) -> bool:
    try:
        return bool(get_fields_from_path(model, path)[-1].is_relation)
    except (FieldDoesNotExist, IndexError, AttributeError):
        return False


class CouncilScopedAdminMixin:
    """Limit an admin (or inline) to the councils the signed-in user may act for."""

    model: type[models.Model]
    #: ORM lookup from the model to its council; None: work it out from the foreign keys.
    council_lookup: str | None = None

    def _council_lookup(self) -> str | None:
        return self.council_lookup or council_lookup(self.model)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        qs = super().get_queryset(request)  # type: ignore[misc]
        return scope_to_councils(qs, request.user, self._council_lookup())

    def get_list_filter(self, request: HttpRequest) -> Any:
        """Related-field filters list only what the officer's own rows refer to."""
        filters = []
        for spec in super().get_list_filter(request):  # type: ignore[misc]
            if isinstance(spec, str) and _is_relation(self.model, spec):
                spec = (spec, admin.RelatedOnlyFieldListFilter)
            filters.append(spec)
        return filters

    def _scoped_choices(self, field: Any, request: HttpRequest) -> Any:
        queryset = getattr(field, "queryset", None)
        if queryset is not None:
            field.queryset = scope_to_councils(queryset, request.user)
        return field

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
        return self._scoped_choices(field, request)

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        return self._scoped_choices(field, request)

    def _own_council(self, request: HttpRequest, obj: Any) -> bool:
        return obj is None or request.user.is_superuser or acts_for(request.user, obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_view_permission(request, obj)  # type: ignore[misc]
        return bool(allowed) and self._own_council(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)  # type: ignore[misc]
        return bool(allowed) and self._own_council(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)  # type: ignore[misc]
        return bool(allowed) and self._own_council(request, obj)
