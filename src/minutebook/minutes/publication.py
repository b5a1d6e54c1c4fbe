"""When a council turns draft-minutes publication on or off, its drafts follow at once.

What the public sees of draft minutes depends on ``Council.publish_draft_minutes``
(``MinuteItemQuerySet.published``), a row no minute's save touches: so a change of the
setting re-decides the search entries of every minute in the council's draft minutes
and rebuilds their documents (a public draft appears, or is withdrawn), after commit.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save, pre_save

from minutebook.councils.models import Council

_BEFORE = "_publish_draft_minutes_before"


def is_published(meeting: Any) -> bool:
    """Whether any of the meeting's minutes may be public now.

    Minutes kept outside the minutes register (imported, typed up) always were;
    register minutes once confirmed; draft minutes only when the council publishes
    drafts and the clerk has marked at least one minute ready
    (``MinuteItemQuerySet.published``).
    """
    from minutebook.decisions.models import MinuteItem
    from minutebook.minutes.models import Minutes, MinutesState

    state = Minutes.objects.filter(meeting=meeting).values_list("state", flat=True).first()
    if state is None or state != MinutesState.DRAFT:
        return True
    return MinuteItem.officer_objects.filter(meeting=meeting).published().exists()


def _remember(sender: type, instance: Council, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    before = (
        Council.objects.filter(pk=instance.pk)
        .values_list("publish_draft_minutes", flat=True)
        .first()
    )
    setattr(instance, _BEFORE, before)


def _changed(sender: type, instance: Council, raw: bool = False, **kwargs: Any) -> None:
    before = getattr(instance, _BEFORE, None)
    if raw or before is None or before == instance.publish_draft_minutes:
        return
    drafts_changed(instance.pk)


def drafts_changed(council_id: int) -> None:
    """Re-index the council's draft minutes and rebuild their documents."""
    from minutebook.decisions.models import MinuteItem
    from minutebook.minutes.models import MinutesState
    from minutebook.packs.tasks import generate_minutes
    from minutebook.search import indexing

    drafts = MinuteItem.officer_objects.filter(
        committee__council_id=council_id, meeting__minutes__state=MinutesState.DRAFT
    )
    for pk in drafts.values_list("pk", flat=True):
        indexing.index("minute", pk)
    meetings = sorted(set(drafts.values_list("meeting_id", flat=True)))
    if not getattr(settings, "MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH", True):
        return
    transaction.on_commit(lambda: [generate_minutes.enqueue(pk) for pk in meetings])


pre_save.connect(_remember, sender=Council, dispatch_uid="minutes-draft-setting-before")
post_save.connect(_changed, sender=Council, dispatch_uid="minutes-draft-setting-after")
