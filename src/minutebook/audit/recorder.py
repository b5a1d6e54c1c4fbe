"""Write audit events: automatically for tracked models, explicitly for workflow steps.

Tracked models are audited through signals (a snapshot before each save, the
difference after it, the last state on delete), so code written by any app is covered
without calling anything. Workflow code also calls :func:`record` for steps that carry
a reason ("report returned: figures wrong"). Bulk ``QuerySet.update`` and
``bulk_create`` bypass signals, so application code saves row by row
(``core.saving.save_each``); a scan test refuses an unmarked bulk update.
"""

from __future__ import annotations

import json
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from minutebook.audit.context import current
from minutebook.audit.models import AuditEvent, object_type

#: Models whose every change is recorded: meetings, agendas, reports, exempt status,
#: publication, decisions, minutes, declarations, and who holds which permissions.
TRACKED_MODELS = (
    "meetings.Meeting",
    "meetings.AgendaItem",
    "meetings.Supplement",
    "meetings.UrgencyRecord",
    "reports.Report",
    "reports.ReportAuthor",
    "reports.ReportClearance",
    "reports.ClearanceRule",
    "documents.Document",
    "decisions.Decision",
    "decisions.MinuteItem",
    "minutes.Minutes",
    "minutes.Motion",
    "minutes.RecordedVote",
    "decisions.CallInRequest",
    "forwardplan.ForwardPlanEntry",
    "interests.Declaration",
    "interests.EntryRecord",
    "interests.Dispensation",
    "members.RegisterEntry",
    "committees.Membership",
    "councils.Council",
    "accounts.RoleAssignment",
    "auth.User",
    "auth.Group",
)

#: Never copied into the trail (secrets), or too noisy to be a change of record.
EXCLUDED_FIELDS = {"password", "last_login", "modified"}

#: Field changes that name the event, in priority order.
PUBLISH_FIELDS = ("published_at",)
EXEMPT_FIELDS = ("exempt_paragraphs", "is_exempt")


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, default=str))


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The instance's concrete field values, as JSON (foreign keys as ids, files as names)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in EXCLUDED_FIELDS:
            continue
        value = field.value_from_object(instance)
        if isinstance(field, models.FileField):
            value = getattr(value, "name", value) or ""
        data[field.attname] = value
    return _jsonable(data)


def _council_id(instance: models.Model) -> int | None:
    from minutebook.accounts.permissions import council_id_of

    try:
        return council_id_of(instance)
    except Exception:  # a related row already gone in a cascade: keep the event
        return None


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    user: Any = None,
    object_label: str = "",
    changed_fields: list[str] | None = None,
) -> AuditEvent:
    """Record one event. ``user`` defaults to the request's user (or none: the system);
    the IP address is always the request's (``audit.context.AuditContextMiddleware``)."""
    from minutebook.audit.context import actor_for

    actor = current() if user is None else actor_for(user, current().ip_address)
    return AuditEvent.objects.create(
        actor_id=actor.user_id,
        actor_name=actor.name[:200],
        ip_address=actor.ip_address,
        council_id=_council_id(obj) if obj is not None else None,
        action=action,
        object_type=object_type(obj) if obj is not None else object_label,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(str(obj) if obj is not None else object_label)[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        changed_fields=list(changed_fields or []),
        reason=reason or actor.reason,
    )


def _name_update(changed: list[str], before: dict[str, Any], after: dict[str, Any]) -> str:
    for name in PUBLISH_FIELDS:
        if name in changed:
            return (
                "published" if after.get(name) and not before.get(name) else "publication.changed"
            )
    if any(name in changed for name in EXEMPT_FIELDS):
        return "exempt_status.changed"
    if "state" in changed:
        return "state.changed"
    return "updated"


def _before_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance._state.adding or instance.pk is None:
        instance._audit_before = None  # type: ignore[attr-defined]
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old is not None else None  # type: ignore[attr-defined]


def _after_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    after = snapshot(instance)
    before = getattr(instance, "_audit_before", None)
    instance._audit_before = None  # type: ignore[attr-defined]
    if created or before is None:
        record("created", instance, before=None, after=after, changed_fields=sorted(after))
        return
    changed = sorted(k for k in after if before.get(k) != after.get(k))
    if not changed:
        return
    old = {k: before.get(k) for k in changed}
    new = {k: after.get(k) for k in changed}
    record(_name_update(changed, old, new), instance, before=old, after=new, changed_fields=changed)


def _after_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    record("deleted", instance, before=snapshot(instance), after=None)


def _m2m_changed(
    sender: Any, instance: models.Model, action: str, reverse: bool, model: Any, **kwargs: Any
) -> None:
    """Group and permission membership of users and groups."""
    if action not in {
        "pre_add",
        "pre_remove",
        "pre_clear",
        "post_add",
        "post_remove",
        "post_clear",
    }:
        return
    field = _m2m_field(sender, instance)
    if field is None:
        return
    if action.startswith("pre_"):
        instance._audit_m2m = sorted(  # type: ignore[attr-defined]
            str(o) for o in getattr(instance, field).all()
        )
        return
    before = getattr(instance, "_audit_m2m", None)
    after = sorted(str(o) for o in getattr(instance, field).all())
    if before == after:
        return
    record(
        "permissions.changed",
        instance,
        before={field: before},
        after={field: after},
        changed_fields=[field],
    )


def _m2m_field(sender: Any, instance: models.Model) -> str | None:
    for field in instance._meta.many_to_many:
        if field.remote_field.through is sender:
            return field.name
    return None


def tracked_models() -> list[type[models.Model]]:
    found = []
    for label in TRACKED_MODELS:
        try:
            found.append(apps.get_model(label))
        except LookupError:  # an app not installed, or a model not written yet
            continue
    return found


def connect() -> None:
    """Connect the signal handlers for every tracked model (called once, at start-up)."""
    for model in tracked_models():
        uid = f"audit-{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}-post")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}-del")
    user_model = apps.get_model("auth.User")
    group_model = apps.get_model("auth.Group")
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        group_model.permissions.through,
    ):
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"audit-m2m-{through}")
