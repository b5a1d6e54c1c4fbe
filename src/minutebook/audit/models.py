"""The audit trail: an append-only record of changes and workflow actions.

Rows are written, never changed or removed through the application: ``save`` refuses
an existing row, ``delete`` and the queryset's ``update``/``delete``/``bulk_create``
refuse outright, and the admin is read-only. The database refuses UPDATE, DELETE and
(PostgreSQL) TRUNCATE and an insert stamped with any time but now (triggers, migration
0004); in production the application's PostgreSQL role holds no such privileges either
(docs/audit.md). Each event is linked into a hash chain (:mod:`minutebook.audit.chain`),
so a row removed or altered around all of that is found by ``minutebook audit verify``.
The actor is kept as an id and a name, not a foreign key, so removing a user neither
cascades into nor rewrites the record.
"""

from __future__ import annotations

from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, router, transaction
from django.utils import timezone

from minutebook.audit import chain


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The audit trail cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit trail cannot be deleted.")

    def bulk_create(self, *args: Any, **kwargs: Any) -> Any:
        """Bulk inserts skip ``save`` and so the chain: record events one by one."""
        raise AppendOnlyError("Audit events are appended one at a time (the hash chain).")

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
    seq = models.BigIntegerField(
        unique=True, editable=False, help_text="Position in the hash chain: 1, 2, 3, ..."
    )
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        who = self.actor_name or "system"
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.action} {self.object_type} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Append this event to the chain, stamped with the time of the append.

        A caller's ``at``, ``seq`` or hashes are overwritten: no row is backdated. The
        lock taken for the head is held until the surrounding transaction ends. No
        savepoint (two statements per event): a failed append fails the whole change.
        """
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnlyError("The audit trail cannot be changed.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            head = chain.claim_head(connections[using])
            self.at = head.now
            self.seq = head.seq + 1
            self.prev_hash = head.hash
            self.hash = chain.event_hash(self)
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit trail cannot be deleted.")
