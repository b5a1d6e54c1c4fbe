"""Earlier versions of a document go with it.

A rebuilt pack or minutes document supersedes its previous version (``Document.replaces``)
and the previous one is detached from its meeting (``meeting=None``), so that only the
current version is the meeting's. The earlier versions stay reachable through
``replaces`` while the current one exists. When the current version is deleted (its
meeting deleted as created in error, its report deleted), the earlier ones must go too:
left behind they would belong to no meeting and be replaced by nothing, so the public
site and the API would take an old copy of deleted papers for a current public file.
"""

from __future__ import annotations

from typing import Any


def delete_earlier_versions(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    """``pre_delete`` of ``Document``: delete the versions this one superseded (each
    deletion deletes its own earlier versions in turn)."""
    if kwargs.get("raw") or instance.replaces_id is None:
        return
    earlier = sender.officer_objects.filter(pk=instance.replaces_id, replaced_by=instance)
    for row in earlier:
        row.delete()


def connect() -> None:
    from django.db.models.signals import pre_delete

    from minutebook.documents.models import Document

    pre_delete.connect(
        delete_earlier_versions, sender=Document, dispatch_uid="documents-earlier-versions"
    )
