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


@task()
def refresh_packs() -> int:
    """Rebuild the packs of published, upcoming meetings whose sources changed.

    Run it on a schedule: a pack whose fingerprint is unchanged is left alone, so this
    costs one source read per meeting when nothing changed. Returns how many packs it
    looked at.
    """
    from django.utils import timezone

    from minutebook.meetings.models import MeetingState
    from minutebook.packs.services import generate_pack as build

    meetings = Meeting.objects.filter(
        state=MeetingState.AGENDA_PUBLISHED, start__gte=timezone.now()
    ).select_related("committee__council", "venue")
    count = 0
    for meeting in meetings:
        build(meeting)
        count += 1
        for supplement in meeting.supplements.all():
            build(meeting, supplement)
            count += 1
    return count
