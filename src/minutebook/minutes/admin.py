"""Back office for minutes: read-only views; changes go through the officer pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from minutebook.councils.admin import OfficerModelAdmin
from minutebook.minutes.models import Minutes, MinutesVersion, Motion


class _ReadOnly(OfficerModelAdmin):
    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Minutes)
class MinutesAdmin(_ReadOnly):
    list_display = ["meeting", "state", "signed_by_name", "signed_at", "locked_at"]
    list_filter = ["state"]
    list_select_related = ["meeting", "meeting__committee"]


@admin.register(MinutesVersion)
class MinutesVersionAdmin(_ReadOnly):
    list_display = ["minutes", "number", "reason", "created_at"]


@admin.register(Motion)
class MotionAdmin(_ReadOnly):
    list_display = ["__str__", "minute_item", "outcome", "votes_for", "votes_against"]


def _guard_document_admin() -> None:
    """Signed copies of the minutes are read-only in the Document admin, for everyone.

    The documents app knows nothing of the minutes (apps depend downwards), so the
    minutes app narrows whichever admin is registered for ``Document``: no change and no
    deletion of a ``SignedCopy``. The model guard and the database refuse the same.
    """
    from minutebook.documents.models import Document
    from minutebook.minutes.models import SignedCopy

    model_admin = admin.site._registry.get(Document)
    if model_admin is None or getattr(model_admin, "_signed_copies_guarded", False):
        return
    may_change = model_admin.has_change_permission
    may_delete = model_admin.has_delete_permission

    def signed(obj: Any) -> bool:
        return obj is not None and SignedCopy.objects.filter(document_id=obj.pk).exists()

    def has_change_permission(request: Any, obj: Any = None) -> bool:
        return not signed(obj) and may_change(request, obj)

    def has_delete_permission(request: Any, obj: Any = None) -> bool:
        return not signed(obj) and may_delete(request, obj)

    model_admin.has_change_permission = has_change_permission  # type: ignore[method-assign]
    model_admin.has_delete_permission = has_delete_permission  # type: ignore[method-assign]
    model_admin._signed_copies_guarded = True  # type: ignore[attr-defined]


_guard_document_admin()
