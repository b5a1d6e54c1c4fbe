"""Scheduling rules councils expect of a meeting: not in the past, and no clashes.

The checks are pure functions of times and rows already loaded, so forms, services and
tests share them; :func:`find_clashes` is the one query, which gathers the rows.

Why each rule:

- A meeting is called by a summons sent at least three clear days before it (LGA 1972
  Sch 12 para 4(2)) and its agenda is open to inspection five clear days before
  (s100B(3)): neither can be done for a time already past, so a new meeting, or a move,
  into the past is refused, unless the officer is recording one already held (the
  archive).
- One room cannot hold two meetings, and one committee cannot meet twice at once: the
  council's own arrangements (its calendar of meetings, set under its standing orders)
  make either a mistake, so they are refused.
- A councillor on two committees meeting at the same time cannot attend both; councils
  sometimes accept that (a substitute goes), so it is a warning the officer confirms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone

from minutebook.councils.models import ASSUMED_MEETING_MINUTES

if TYPE_CHECKING:
    from minutebook.committees.models import Committee
    from minutebook.meetings.models import Meeting, Venue


def assumed_length(council: Any) -> dt.timedelta:
    """How long a meeting with no end time is taken to last: the council's setting
    (``Council.assumed_meeting_minutes``, at /officer/setup/), else that field's default
    (``councils.models.ASSUMED_MEETING_MINUTES``). Clash checks and calendars ask this;
    the functions below take the length from their caller and have no default of their own.
    """
    minutes = getattr(council, "assumed_meeting_minutes", None)
    return dt.timedelta(minutes=minutes or ASSUMED_MEETING_MINUTES)


def in_the_past(start: dt.datetime, now: dt.datetime) -> str | None:
    """Why a meeting cannot be called for ``start`` (None if it can)."""
    if start < now:
        return (
            "The meeting cannot start in the past: a summons and agenda go out before a "
            "meeting. Tick \u201cThis meeting has already been held\u201d to record one."
        )
    return None


def span(
    start: dt.datetime, end: dt.datetime | None, length: dt.timedelta
) -> tuple[dt.datetime, dt.datetime]:
    """The time a meeting occupies: to its end, else ``length`` (the council's)."""
    return start, end if end is not None and end > start else start + length


def overlaps(
    a: tuple[dt.datetime, dt.datetime | None],
    b: tuple[dt.datetime, dt.datetime | None],
    length: dt.timedelta,
) -> bool:
    """Whether two meetings' times overlap (one ending as the other starts does not)."""
    a_start, a_end = span(*a, length)
    b_start, b_end = span(*b, length)
    return a_start < b_end and b_start < a_end


@dataclass(frozen=True)
class Clash:
    """One clash: ``kind`` is "room", "committee" or "member"; only "member" may be accepted."""

    kind: str
    message: str

    @property
    def blocking(self) -> bool:
        return self.kind != "member"


def _when(meeting: Meeting) -> str:
    local = timezone.localtime(meeting.start)
    return f"{local:%-d %B %Y} at {local:%H:%M}"


def clashes_with(
    *,
    committee_id: int,
    venue: Venue | None,
    start: dt.datetime,
    end: dt.datetime | None,
    others: Iterable[Meeting],
    shared_members: dict[int, list[str]] | None = None,
    length: dt.timedelta,
) -> list[Clash]:
    """The clashes of a meeting at ``start``-``end`` with ``others`` (loaded rows).

    ``shared_members`` maps another committee's id to the names of this committee's
    members who also sit on it; ``length`` is how long a meeting with no end lasts.
    """
    found: list[Clash] = []
    for other in others:
        if not overlaps((start, end), (other.start, other.end), length):
            continue
        if other.committee_id == committee_id:
            found.append(
                Clash(
                    "committee",
                    f"{other.committee} already meets at an overlapping time ({_when(other)}).",
                )
            )
        elif venue is not None and not venue.is_online_only and other.venue_id == venue.pk:
            found.append(
                Clash(
                    "room",
                    f"{venue} is already booked for {other.committee} at an overlapping "
                    f"time ({_when(other)}).",
                )
            )
        names = (shared_members or {}).get(other.committee_id, [])
        if names and other.committee_id != committee_id:
            found.append(
                Clash(
                    "member",
                    f"{', '.join(names)} also sit{'s' if len(names) == 1 else ''} on "
                    f"{other.committee}, which meets at an overlapping time ({_when(other)}).",
                )
            )
    return found


def find_clashes(
    committee: Committee,
    start: dt.datetime,
    end: dt.datetime | None,
    venue: Venue | None,
    *,
    exclude: Meeting | None = None,
) -> list[Clash]:
    """The clashes of a meeting of ``committee`` with the council's other live meetings."""
    from minutebook.committees.models import Membership
    from minutebook.meetings.models import Meeting, MeetingState

    length = assumed_length(committee.council)
    window_start = start - length - dt.timedelta(hours=21)
    window_end = span(start, end, length)[1]
    others = (
        Meeting.objects.filter(
            committee__council_id=committee.council_id,
            start__gte=window_start,
            start__lt=window_end,
            withdrawn_at__isnull=True,
        )
        .exclude(state=MeetingState.CANCELLED)
        .select_related("committee", "venue")
    )
    if exclude is not None and exclude.pk is not None:
        others = others.exclude(pk=exclude.pk)
    rows = list(others)
    if not rows:
        return []
    day = timezone.localtime(start).date()
    current = Q(start_date__isnull=True) | Q(start_date__lte=day)
    current &= Q(end_date__isnull=True) | Q(end_date__gte=day)
    ours = {
        m.person_id: str(m.person)
        for m in Membership.objects.filter(current, committee=committee).select_related("person")
    }
    shared: dict[int, list[str]] = {}
    for committee_id, person_id in Membership.objects.filter(
        current,
        person_id__in=list(ours),
        committee_id__in={m.committee_id for m in rows},
    ).values_list("committee_id", "person_id"):
        shared.setdefault(committee_id, []).append(ours[person_id])
    for names in shared.values():
        names.sort()
    return clashes_with(
        committee_id=committee.pk,
        venue=venue,
        start=start,
        end=end,
        others=rows,
        shared_members=shared,
        length=length,
    )


def clash_errors(form: Any, clashes: list[Clash], confirm_field: str = "confirm_clash") -> None:
    """Put clashes on a form: room and committee clashes as errors; member clashes as
    errors too unless the officer ticked ``confirm_field`` (shown once there are any)."""
    accepted = bool(form.cleaned_data.get(confirm_field))
    for clash in clashes:
        if clash.blocking:
            form.add_error(None, clash.message)
        elif not accepted:
            form.add_error(
                confirm_field,
                f"{clash.message} Tick the box to schedule it anyway.",
            )
