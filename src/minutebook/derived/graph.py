"""The dependency graph of derived copies, and the one way they are kept current.

A *copy* is anything minutebook makes from its records for someone else to hold: the
agenda pack and its HTML twin, supplements, the minutes document, and the ``modified``
stamps syncing OParl clients rely on. Each copy is registered here with, per source
model, a function naming which of its instances a saved or deleted row affects.

Two kinds of copy:

- **rebuilt** copies (packs, minutes) are expensive: a change writes a
  :class:`~minutebook.derived.models.StaleCopy` row in the saving transaction, and the
  worker rebuilds them after commit (``rebuild_stale``; the schedule sweeps too);
- **immediate** copies (parents' ``modified``) are cheap and are brought up to date in
  the saving transaction itself.

Search rows, feeds, OParl objects and the export are not stored copies: they are read
from the sources on every request (search rows are rewritten by the sources' own save
signals), so they cannot go stale; the page cache is keyed by a generation every write
bumps (``minutebook.pagecache``). Exempt content is handled before any of this, by
``minutebook.derived.exempt``: it withdraws in the same transaction, it does not wait.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from minutebook.derived.models import StaleCopy

logger = logging.getLogger(__name__)

Resolver = Callable[[Any], Iterable[Any]]


@dataclass(frozen=True)
class Copy:
    """One kind of derived copy: what it is made from, and how it is remade."""

    name: str
    description: str
    #: ``app_label.model`` of each source -> the keys of this copy a change to it affects.
    sources: Mapping[str, Resolver]
    #: Rebuild one copy by key (run by the worker). None for an immediate copy.
    rebuild: Callable[[str], None] | None = None
    #: Bring the copies of these keys up to date inside the saving transaction.
    immediate: Callable[[list[Any]], None] | None = None
    #: The sources' models, resolved when registered.
    models: tuple[type[models.Model], ...] = field(default=())


REGISTRY: dict[str, Copy] = {}


def register(copy: Copy) -> None:
    resolved = tuple(apps.get_model(label) for label in copy.sources)
    REGISTRY[copy.name] = Copy(**{**copy.__dict__, "models": resolved})
    for model in resolved:
        post_save.connect(_changed, sender=model, dispatch_uid=f"derived-save-{model._meta.label}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"derived-delete-{model._meta.label}"
        )


def dependants(instance: models.Model) -> dict[str, set[str]]:
    """The copies a change to ``instance`` affects: copy name -> keys."""
    label = instance._meta.label_lower
    found: dict[str, set[str]] = {}
    for copy in REGISTRY.values():
        resolver = copy.sources.get(label)
        if resolver is None:
            continue
        keys = {str(k) for k in resolver(instance) if k is not None}
        if keys:
            found[copy.name] = keys
    return found


def _changed(sender: type[models.Model], instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata (a restore): the restored copies are the ones that were current
        return
    for name, keys in dependants(instance).items():
        copy = REGISTRY[name]
        if copy.immediate is not None:
            copy.immediate(sorted(keys))
        else:
            mark_stale(name, keys)


# Marking ------------------------------------------------------------------------------


class _Batch:
    """The marks this transaction already wrote, so a bulk import writes each once.

    Each mark remembers the savepoints open when it was written; it counts as written
    only while all of them still are (a savepoint rolled back took the row with it).
    """

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], tuple[str, ...]] = {}

    def written(self, mark: tuple[str, str]) -> bool:
        sids = self.seen.get(mark)
        current = tuple(connection.savepoint_ids)
        return sids is not None and current[: len(sids)] == sids

    def __call__(self) -> None:  # on commit
        self.seen.clear()
        request_rebuild()


def _batch() -> _Batch | None:
    """This transaction's batch, if its on-commit hook is still registered."""
    if not connection.in_atomic_block:
        return None
    batch: _Batch | None = getattr(connection, "_minutebook_stale_batch", None)
    # The hook leaves ``run_on_commit`` when the transaction (or the savepoint that
    # registered it) ends, committed or rolled back: then the batch is stale too.
    if batch is not None and any(hook is batch for _, hook, _ in connection.run_on_commit):
        return batch
    batch = _Batch()
    connection._minutebook_stale_batch = batch  # type: ignore[attr-defined]
    transaction.on_commit(batch)
    return batch


def mark_stale(copy: str, keys: Iterable[str]) -> None:
    """Record, in the current transaction, that these copies must be rebuilt."""
    batch = _batch()
    now = timezone.now()
    rows = []
    for key in keys:
        if batch is not None:
            if batch.written((copy, key)):
                continue
            batch.seen[copy, key] = tuple(connection.savepoint_ids)
        rows.append(StaleCopy(copy=copy, key=key, marked_at=now))
    if rows:  # one upsert: a row marked again gets the new time
        StaleCopy.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["copy", "key"], update_fields=["marked_at"]
        )
    if batch is None:  # autocommit: the row is already committed
        transaction.on_commit(request_rebuild)


def request_rebuild() -> None:
    """Ask the worker to rebuild what is stale, unless a request is already queued."""
    from django.conf import settings

    from minutebook.derived.tasks import rebuild_stale

    if not getattr(settings, "MINUTEBOOK_REBUILD_STALE_COPIES", True):
        return  # tests of other apps: the rows stay, the schedule would sweep them
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        path = rebuild_stale.module_path
        if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
            return
    try:
        rebuild_stale.enqueue()
    except Exception:  # the schedule's sweep rebuilds it later; the change is committed
        logger.exception("Could not queue the rebuild of stale copies")


# Rebuilding ---------------------------------------------------------------------------

MAX_ATTEMPTS = 5


def rebuild_all(limit: int | None = None) -> int:
    """Rebuild every stale copy (oldest mark first); how many were rebuilt.

    A row is deleted only if nobody marked it again while it was being rebuilt; a
    failure is recorded on the row and retried on the next run, up to ``MAX_ATTEMPTS``.
    """
    done = 0
    skip: set[int] = set()
    while limit is None or done < limit:
        row = (
            StaleCopy.objects.filter(attempts__lt=MAX_ATTEMPTS)
            .exclude(pk__in=skip)
            .order_by("marked_at")
            .first()
        )
        if row is None:
            break
        copy = REGISTRY.get(row.copy)
        if copy is None or copy.rebuild is None:
            StaleCopy.objects.filter(pk=row.pk).delete()
            continue
        try:
            copy.rebuild(row.key)
        except Exception as exc:
            logger.exception("Rebuilding %s %s failed", row.copy, row.key)
            row.attempts += 1
            row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            row.save(update_fields=["attempts", "last_error"])
            skip.add(row.pk)
            continue
        StaleCopy.objects.filter(pk=row.pk, marked_at=row.marked_at).delete()
        batch = getattr(connection, "_minutebook_stale_batch", None)
        if batch is not None:  # a later change in this same transaction marks it again
            batch.seen.pop((row.copy, row.key), None)
        skip.add(row.pk)
        done += 1
    return done
