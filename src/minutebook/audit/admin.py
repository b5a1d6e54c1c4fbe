"""The audit trail in the admin: read-only for those allowed to see it, for everyone.

Also records reads of exempt content through the admin: each row a change (or view)
page shows (``accounts.admin_scope.admin_object_shown``) is passed to
``audit.reads.record_exempt_read``, which keeps the exempt ones.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from minutebook.accounts.admin_scope import admin_object_shown
from minutebook.accounts.permissions import can
from minutebook.audit.models import AuditEvent
from minutebook.audit.reads import record_exempt_read


def _record_admin_read(sender: Any, request: HttpRequest, obj: Any, **kwargs: Any) -> None:
    record_exempt_read(request, obj, route="admin")


admin_object_shown.connect(_record_admin_read, dispatch_uid="mb-audit-admin-read")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "object_type", "object_repr", "reason"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_name", "reason", "object_id"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, "audit.view")

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        """Only the events of the councils the user reads the trail for."""
        from minutebook.audit.officer_views import visible_events

        return super().get_queryset(request).filter(pk__in=visible_events(request.user))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Not an event of another council's trail, whatever the role."""
        if obj is not None and not self.get_queryset(request).filter(pk=obj.pk).exists():
            return False
        return can(request.user, "audit.view")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}
