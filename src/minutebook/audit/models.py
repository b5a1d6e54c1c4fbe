"""The audit trail: an append-only record of changes and workflow actions.

Rows are written, never changed or removed through the application: ``save`` refuses
an existing row, ``delete`` and the queryset's ``update``/``delete`` refuse outright,
the admin is read-only, and the database refuses updates (and, on PostgreSQL, deletes)
with a trigger. The actor is kept as an id and a name, not a foreign key, so removing a
user neither cascades into nor rewrites the record.
"""

from __future__ import annotations

from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The audit trail cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit trail cannot be deleted.")

    def for_object(self, obj: models.Model) -> AuditEventQuerySet:
        return self.filter(object_type=object_type(obj), object_id=str(obj.pk))


def object_type(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True, editable=False)
    actor_name = models.CharField(max_length=200, blank=True, editable=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True, editable=False)
    council_id = models.BigIntegerField(null=True, blank=True, db_index=True, editable=False)
    action = models.CharField(
        max_length=60,
        db_index=True,
        editable=False,
        help_text='"created", "updated", "deleted", or a workflow step such as "report.cleared".',
    )
    object_type = models.CharField(max_length=100, db_index=True, editable=False)
    object_id = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    object_repr = models.CharField(max_length=300, blank=True, editable=False)
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder, editable=False)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder, editable=False)
    changed_fields = models.JSONField(default=list, blank=True, editable=False)
    reason = models.TextField(blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        who = self.actor_name or "system"
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.action} {self.object_type} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnlyError("The audit trail cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit trail cannot be deleted.")
