"""Change rows one save at a time, so every save signal and ``modified`` stamp follows.

``QuerySet.update()`` sends no signals and leaves ``auto_now`` fields alone: the search
index, OParl tombstones and the audit trail are never told, and a ``modified_since``
client never sees the row change. Application code uses :func:`save_each` instead (the
row counts are an agenda's items, a meeting's questions); a scan test refuses any bulk
update not marked ``# bulk-update-ok: <reason>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models


def auto_now_fields(model: type[models.Model]) -> list[str]:
    """Names of ``model``'s fields stamped on every save (``auto_now=True``)."""
    return [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]


def save_each(objects: Iterable[models.Model], **changes: Any) -> list[models.Model]:
    """Set ``changes`` on each object and save only those fields plus its ``auto_now`` fields.

    Each save fires ``pre_save``/``post_save`` as an edit would. Objects are saved in
    the order given (callers that move rows past unique constraints order them so).
    Returns the objects saved.
    """
    saved = []
    for obj in objects:
        for name, value in changes.items():
            setattr(obj, name, value)
        obj.save(update_fields=[*changes, *auto_now_fields(type(obj))])
        saved.append(obj)
    return saved
