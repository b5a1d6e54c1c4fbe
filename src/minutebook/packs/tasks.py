"""Background generation: a pack can take seconds, so officer pages enqueue it."""

from __future__ import annotations

from django_tasks import task

from minutebook.meetings.models import Meeting, Supplement


@task()
def generate_pack(meeting_id: int, supplement_id: int | None = None) -> list[int]:
    """Build the meeting's agenda pack (or one supplement pack); the ids of its Documents."""
    from minutebook.packs.services import generate_pack as build

    meeting = Meeting.objects.select_related("committee__council", "venue").get(pk=meeting_id)
    supplement = (
        Supplement.objects.get(pk=supplement_id, meeting=meeting) if supplement_id else None
    )
    return [g.document_id for g in build(meeting, supplement)]


@task()
def generate_minutes(meeting_id: int) -> list[int]:
    """Build the meeting's draft minutes; refused once they are approved."""
    from minutebook.packs.minutes import generate_minutes as build

    meeting = Meeting.objects.select_related("committee__council", "venue").get(pk=meeting_id)
    return [g.document_id for g in build(meeting)]
