"""Who may use the admin, for which models, and council scoping of what they see there.

The admin follows the same roles as the officer pages (docs/permissions.md, "Who may
use the admin"). ``may_use_admin`` opens the site (``accounts.admin_site``) to
superusers, administrators, democratic services officers and report authors; clearance
officers, members and staff without a role work in ``/officer/`` and ``/members/`` only.
``admin_roles`` says which of those roles reach a given model: administrators and
democratic services officers every model of their councils (the role groups' model
permissions then say view, add, change or delete), report authors only the report admin
(and there only the reports they may draft: ``reports.admin``).

``CouncilScopedAdminMixin`` goes before the admin base class (``ModelAdmin`` or an
inline) and applies both, driven by the role rather than by model permissions alone:
it answers the module, view, add, change and delete questions, and narrows the
changelist (and so search, filters, bulk actions and the change, delete and history
pages, which all fetch through ``get_queryset``), the choices of every foreign-key and
many-to-many widget (so a posted id of another council's row is refused as an invalid
choice), the sidebar filters on related fields, and answers "no" to view, change and
delete on another council's object. An inline follows its parent admin's roles. It
filters what the next class in line returns, so the officer manager (``officer_objects``,
exempt rows included) stays the source.

The path to the council is found by ``accounts.scope.council_lookup``; an admin may
set ``council_lookup`` to name it. Models without a council are left alone.

Users have no council of their own, so ``scope_users`` narrows them instead (the user
admin, its autocomplete, and the user picker of the role-assignment admin).

A change page that shows a row sends ``admin_object_shown`` for it and for each row of
its inlines; the audit app records the exempt ones (``audit.admin``), so the admin is
audited like every other route that hands over exempt content.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse

from minutebook.accounts.permissions import council_id_of, councils_where, roles_for
from minutebook.accounts.roles import Role
from minutebook.accounts.scope import acts_for, council_lookup, scope_to_councils

#: Roles that may use the admin at all.
ADMIN_SITE_ROLES = frozenset({Role.ADMINISTRATOR, Role.DEMOCRATIC_SERVICES, Role.REPORT_AUTHOR})
#: Roles that use the admin for every model of their councils.
FULL_ADMIN_ROLES = frozenset({Role.ADMINISTRATOR, Role.DEMOCRATIC_SERVICES})
#: The models (``app_label.model``) a report author reaches in the admin.
AUTHOR_ADMIN_MODELS = frozenset({"reports.report"})
#: Who may take a Schedule 12A paragraph off a record, i.e. release exempt information
#: (LGA 1972 Sch 12A para 10: the information stays exempt until the proper officer
#: decides the grounds no longer apply). A report author may add paragraphs, never remove.
RELEASE_ROLES = frozenset({Role.DEMOCRATIC_SERVICES, Role.MONITORING_OFFICER, Role.ADMINISTRATOR})

#: Sent with ``request`` and ``obj`` for each row a change (or view) page shows.
admin_object_shown = Signal()


def may_use_admin(user: Any) -> bool:
    """Superusers, and holders of a role in ``ADMIN_SITE_ROLES`` at some council."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or bool(roles_for(user) & ADMIN_SITE_ROLES)


def admin_roles(model: type[models.Model]) -> frozenset[str]:
    """The roles whose holders reach ``model`` in the admin (at their councils)."""
    if model._meta.label_lower in AUTHOR_ADMIN_MODELS:
        return FULL_ADMIN_ROLES | {Role.REPORT_AUTHOR}
    return FULL_ADMIN_ROLES


def may_release(user: Any, obj: Any) -> bool:
    """Whether ``user`` may take exempt paragraphs off ``obj`` (see ``RELEASE_ROLES``)."""
    return bool(roles_for(user, council_id_of(obj)) & RELEASE_ROLES)


def runs_admin(user: Any) -> bool:
    """Whether ``user`` uses the whole admin somewhere (not only as a report author)."""
    return bool(roles_for(user) & FULL_ADMIN_ROLES)


def scope_users(queryset: models.QuerySet[Any], user: Any) -> models.QuerySet[Any]:
    """The users ``user`` may see in the admin: all for a superuser; otherwise never a
    superuser, and only users tied to a council ``user`` administers (a role held there,
    or a linked person of that council). Accounts tied to no council are for superusers
    only: an administrator creates an account with its first role in the same step
    (``accounts.admin``), so no account of theirs is ever role-less, and one whose roles
    were all withdrawn is no longer theirs to reset.
    """
    return users_of_councils(queryset, user, {Role.ADMINISTRATOR})


def users_of_councils(
    queryset: models.QuerySet[Any], user: Any, roles: Any = FULL_ADMIN_ROLES
) -> models.QuerySet[Any]:
    """``queryset`` of users narrowed to those tied (by a role or a linked person) to a
    council where ``user`` holds one of ``roles``; never a superuser for a non-superuser."""
    if user.is_superuser:
        return queryset
    from minutebook.accounts.models import RoleAssignment

    queryset = queryset.filter(is_superuser=False)
    councils = councils_where(user, roles)
    if councils is None:
        return queryset
    held_here = RoleAssignment.objects.filter(council_id__in=councils).values("user_id")
    return queryset.filter(Q(pk__in=held_here) | Q(person__council_id__in=councils))


def _is_relation(model: type[models.Model], path: str) -> bool:
    try:
        return bool(get_fields_from_path(model, path)[-1].is_relation)
    except (FieldDoesNotExist, IndexError, AttributeError):
        return False


class CouncilScopedAdminMixin:
    """Limit an admin (or inline) to the roles and councils that may use it."""

    model: type[models.Model]
    #: ORM lookup from the model to its council; None: work it out from the foreign keys.
    council_lookup: str | None = None

    def _council_lookup(self) -> str | None:
        return self.council_lookup or council_lookup(self.model)

    def _roles(self) -> frozenset[str]:
        """The roles this admin serves; an inline serves its parent admin's."""
        return admin_roles(getattr(self, "parent_model", None) or self.model)

    def _role_allows(self, request: HttpRequest) -> bool:
        return bool(roles_for(request.user) & self._roles())

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        qs: models.QuerySet[Any] = super().get_queryset(request)  # type: ignore[misc]
        if not self._role_allows(request):
            return qs.none()
        return scope_to_councils(qs, request.user, self._council_lookup(), self._roles())

    def get_list_filter(self, request: HttpRequest) -> Any:
        """Related-field filters list only what the officer's own rows refer to."""
        filters = []
        for spec in super().get_list_filter(request):  # type: ignore[misc]
            if isinstance(spec, str) and _is_relation(self.model, spec):
                spec = (spec, admin.RelatedOnlyFieldListFilter)
            filters.append(spec)
        return filters

    def get_autocomplete_fields(self, request: HttpRequest) -> Any:
        """Only the fields whose target admin this user may search (a report author may
        not browse people or committees): the others become scoped drop-downs."""
        fields = super().get_autocomplete_fields(request)  # type: ignore[misc]
        site = getattr(self, "admin_site", admin.site)
        kept = []
        for name in fields:
            target = self.model._meta.get_field(name).related_model
            target_admin = site._registry.get(target) if target is not None else None
            if target_admin is not None and target_admin.has_view_permission(request):
                kept.append(name)
        return kept

    def _scoped_choices(self, field: Any, request: HttpRequest) -> Any:
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            return field
        if queryset.model is get_user_model():
            field.queryset = users_of_councils(queryset, request.user, self._roles())
        else:
            field.queryset = scope_to_councils(queryset, request.user, roles=self._roles())
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
        if not self._role_allows(request):
            return False
        return obj is None or acts_for(request.user, obj, self._roles())

    def has_module_permission(self, request: HttpRequest) -> bool:
        allowed = super().has_module_permission(request)  # type: ignore[misc]
        return bool(allowed) and self._role_allows(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_view_permission(request, obj)  # type: ignore[misc]
        return bool(allowed) and self._own_council(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        allowed = super().has_add_permission(request, *args)  # type: ignore[misc]
        return bool(allowed) and self._role_allows(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)  # type: ignore[misc]
        return bool(allowed) and self._own_council(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)  # type: ignore[misc]
        return bool(allowed) and self._own_council(request, obj)

    def change_view(self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any) -> Any:
        response = super().change_view(request, object_id, *args, **kwargs)  # type: ignore[misc]
        if response.status_code == 200:
            for obj in rows_shown(response):
                admin_object_shown.send(sender=type(obj), request=request, obj=obj)
        return response


def rows_shown(response: HttpResponse) -> Iterator[models.Model]:
    """The row of a change page and the saved rows of its inlines."""
    context = getattr(response, "context_data", None) or {}
    if context.get("original") is not None:
        yield context["original"]
    for inline in context.get("inline_admin_formsets", ()):
        for form in inline.formset.forms:
            if getattr(form.instance, "pk", None) is not None:
                yield form.instance
