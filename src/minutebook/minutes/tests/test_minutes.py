"""The minutes through the service and the officer and public pages: numbering across
meetings, draft -> confirmed -> locked, refusals of edits to locked minutes (service, view
and model), corrections kept as versions, motions with named and counted votes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.models import RoleAssignment
from minutebook.accounts.roles import Role
from minutebook.attendance import services as attendance
from minutebook.attendance.models import AttendanceMode, AttendanceStatus
from minutebook.audit.models import AuditEvent
from minutebook.committees.factories import CommitteeFactory, MembershipFactory
from minutebook.committees.models import MembershipRole, StandingItemKind
from minutebook.councils.factories import CouncilFactory
from minutebook.decisions.models import Decision, MinuteItem
from minutebook.meetings import services as meetings
from minutebook.meetings.models import AgendaItem, Meeting, MeetingState
from minutebook.minutes import services
from minutebook.minutes.models import (
    Minutes,
    MinutesLocked,
    MinutesState,
    MinutesVersion,
    Motion,
    MotionKind,
    MotionOutcome,
    VoteMethod,
)
from minutebook.people.factories import CouncillorFactory

pytestmark = pytest.mark.django_db


class Setup:
    def __init__(self) -> None:
        self.council = CouncilFactory(slug="exampleshire")
        self.committee = CommitteeFactory(
            council=self.council, slug="scrutiny", name="Scrutiny Committee"
        )
        self.members = [CouncillorFactory(council=self.council) for _ in range(5)]
        for i, person in enumerate(self.members):
            role = MembershipRole.CHAIRMAN if i == 0 else MembershipRole.MEMBER
            MembershipFactory(committee=self.committee, person=person, role=role)
        now = timezone.now().replace(second=0, microsecond=0)
        self.meetings = [self._meeting(now - dt.timedelta(days=d)) for d in (56, 28, 1)]

    def _meeting(self, start: dt.datetime) -> Meeting:
        meeting = meetings.create_meeting(
            self.committee, start=start, end=start + dt.timedelta(hours=2)
        )
        meetings.add_item(meeting, title="Budget monitoring")
        meetings.add_item(meeting, title="Libraries review")
        return meeting


@pytest.fixture
def s() -> Setup:
    return Setup()


@pytest.fixture
def officer_client(s: Setup) -> Client:
    user = get_user_model().objects.create_user("dso", password="x-long-pass-42")
    RoleAssignment.objects.create(user=user, council=s.council, role=Role.DEMOCRATIC_SERVICES)
    client = Client()
    client.force_login(user)
    return client


def _numbers(meeting: Meeting) -> list[int]:
    return list(
        MinuteItem.officer_objects.filter(meeting=meeting)
        .order_by("number")
        .values_list("number", flat=True)
    )


def _confirmed(s: Setup) -> Minutes:
    first, second, _ = s.meetings
    minutes = services.start_minutes(first)
    services.confirm_minutes(
        minutes,
        at=second,
        signed_by=s.members[0],
        signed_at=second.start + dt.timedelta(minutes=10),
    )
    minutes.refresh_from_db()
    return minutes


def _locked(s: Setup) -> Minutes:
    minutes = _confirmed(s)
    services.lock_minutes(minutes)
    minutes.refresh_from_db()
    return minutes


# Numbering -------------------------------------------------------------------------------


def test_minute_numbers_run_on_across_meetings(s: Setup) -> None:
    first, second, third = s.meetings
    items = AgendaItem.public_objects.filter(meeting=first, parent__isnull=True).count()
    services.start_minutes(first)
    services.start_minutes(second)
    assert _numbers(first) == list(range(1, items + 1))
    assert _numbers(second) == list(range(items + 1, 2 * items + 1))
    extra = services.add_minute(second, title="Urgent business")
    assert extra.number == 2 * items + 1
    services.start_minutes(third)
    assert _numbers(third)[0] == 2 * items + 2


def test_minutes_are_numbered_in_meeting_order(s: Setup) -> None:
    first, second, _ = s.meetings
    services.start_minutes(second)
    with pytest.raises(services.MinutesError, match="later meeting"):
        services.start_minutes(first)


def test_officer_starts_minutes_and_adds_one(s: Setup, officer_client: Client) -> None:
    first = s.meetings[0]
    officer_client.post(reverse("backoffice:minutes:start", args=[first.pk]))
    count = len(_numbers(first))
    assert count > 0
    response = officer_client.post(
        reverse("backoffice:minutes:minute_add", args=[first.pk]),
        {"title": "Any other business", "text": "Noted.", "resolution": ""},
    )
    assert response.status_code == 302
    assert _numbers(first)[-1] == count + 1


# Lifecycle -----------------------------------------------------------------------------------


def test_draft_confirmed_at_next_meetings_minutes_item_then_locked(s: Setup) -> None:
    minutes = _confirmed(s)
    second = s.meetings[1]
    assert minutes.state == MinutesState.CONFIRMED
    assert minutes.confirmed_at_meeting == second
    assert minutes.meeting.state == MeetingState.MINUTES_APPROVED
    assert Meeting.objects.get(pk=second.pk).state == MeetingState.HELD
    assert minutes.confirmed_item.standing_kind == StandingItemKind.MINUTES
    assert minutes.signed_by == s.members[0]
    assert minutes.signed_by_name == s.members[0].display_name
    confirmation = minutes.confirmation_minute
    assert confirmation.meeting == second
    assert confirmation.agenda_item == minutes.confirmed_item
    assert "confirmed as a correct record" in confirmation.resolution
    version = services.lock_minutes(minutes)
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.LOCKED and minutes.locked_at
    assert version.number == 1 and "signed by" in version.reason
    assert "Budget monitoring" in version.text
    assert version.snapshot["signed_by"] == s.members[0].display_name


def test_confirmation_needs_a_later_meeting_with_a_minutes_item(s: Setup) -> None:
    first, second, third = s.meetings
    minutes = services.start_minutes(second)
    with pytest.raises(services.MinutesError, match="later meeting"):
        services.confirm_minutes(minutes, at=first, signed_by=s.members[0])
    AgendaItem.public_objects.filter(meeting=third, standing_kind=StandingItemKind.MINUTES).update(
        standing_kind=""
    )
    with pytest.raises(services.MinutesError, match='no "minutes" standing item'):
        services.confirm_minutes(minutes, at=third, signed_by=s.members[0])
    with pytest.raises(services.MinutesError, match="Confirm the minutes"):
        services.lock_minutes(minutes)


def test_officer_confirms_at_the_next_meeting(s: Setup, officer_client: Client) -> None:
    first, second, _ = s.meetings
    minutes = services.start_minutes(first)
    url = reverse("backoffice:minutes:confirm", args=[second.pk])
    page = officer_client.get(url).content.decode()
    assert "Confirm the minutes of an earlier meeting" in page
    signed = timezone.localtime(second.start + dt.timedelta(minutes=5))
    response = officer_client.post(
        url,
        {
            "minutes": minutes.pk,
            "signed_by": s.members[0].pk,
            "signed_at": signed.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.CONFIRMED
    officer_client.post(reverse("backoffice:minutes:lock", args=[first.pk]))
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.LOCKED
    assert MinutesVersion.objects.filter(minutes=minutes).count() == 1


# Edits to locked minutes are refused -----------------------------------------------------------


def test_edit_to_locked_minutes_refused_by_the_service(s: Setup) -> None:
    minutes = _locked(s)
    minute = MinuteItem.officer_objects.filter(meeting=minutes.meeting).first()
    with pytest.raises(MinutesLocked):
        services.update_minute(minute, title="Changed", text="", resolution="")
    with pytest.raises(MinutesLocked):
        services.add_minute(minutes.meeting, title="Late addition")
    with pytest.raises(MinutesLocked):
        services.set_times(minutes.meeting, opened_at=None, closed_at=None)
    with pytest.raises(MinutesLocked):
        services.add_motion(minute, text="That it be noted", outcome=MotionOutcome.CARRIED)
    with pytest.raises(attendance.AttendanceError, match="locked"):
        attendance.record_attendance(minutes.meeting, s.members[1], status=AttendanceStatus.PRESENT)


def test_edit_to_locked_minutes_refused_by_the_model_guards(s: Setup) -> None:
    minutes = _locked(s)
    minute = MinuteItem.officer_objects.filter(meeting=minutes.meeting).first()
    minute.text = "Rewritten after signing"
    with pytest.raises(MinutesLocked):
        minute.save()
    with pytest.raises(MinutesLocked), transaction.atomic():
        minute.delete()
    with pytest.raises(MinutesLocked):
        Motion.objects.create(minute_item=minute, text="x", outcome=MotionOutcome.CARRIED)
    with pytest.raises(MinutesLocked):
        MinuteItem.officer_objects.create(meeting=minutes.meeting, number=999, title="Slipped in")
    minutes.closed_at = minutes.meeting.start
    with pytest.raises(MinutesLocked):
        minutes.save()
    version = minutes.versions.get()
    version.reason = "Edited"
    with pytest.raises(MinutesLocked):
        version.save()
    assert MinuteItem.officer_objects.get(pk=minute.pk).text == ""


def test_edit_to_confirmed_minutes_is_refused_too(s: Setup) -> None:
    minutes = _confirmed(s)
    minute = MinuteItem.officer_objects.filter(meeting=minutes.meeting).first()
    minute.title = "Changed"
    with pytest.raises(MinutesLocked, match="confirmed and signed"):
        minute.save()


def test_edit_to_locked_minutes_refused_by_the_view(s: Setup, officer_client: Client) -> None:
    minutes = _locked(s)
    minute = MinuteItem.officer_objects.filter(meeting=minutes.meeting).order_by("number")[0]
    url = reverse("backoffice:minutes:minute", args=[s.committee.pk, minute.number])
    response = officer_client.post(
        url, {"title": "Rewritten", "text": "Something else", "resolution": ""}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "govuk-error-summary" in page and "locked" in page
    assert MinuteItem.officer_objects.get(pk=minute.pk).title == minute.title
    motion_url = reverse("backoffice:minutes:motion_add", args=[s.committee.pk, minute.number])
    response = officer_client.post(motion_url, {"kind": "motion", "text": "x", "outcome": "lost"})
    assert response.status_code == 409
    assert not Motion.objects.exists()


# Corrections -----------------------------------------------------------------------------------


def test_correction_is_a_new_version_and_both_are_kept(s: Setup, officer_client: Client) -> None:
    minutes = _locked(s)
    minute = MinuteItem.officer_objects.filter(meeting=minutes.meeting).order_by("number")[1]
    response = officer_client.post(
        reverse("backoffice:minutes:correct", args=[minutes.meeting_id]),
        {
            "number": minute.number,
            "field": "text",
            "value": "Councillor Ashdown asked about the reserves.",
            "reason": "The member named in the minute was wrong.",
        },
    )
    assert response.status_code == 302
    v1, v2 = minutes.versions.order_by("number")
    assert v2.number == 2 and v2.reason == "The member named in the minute was wrong."
    assert "asked about the reserves" in v2.text
    assert "asked about the reserves" not in v1.text
    minute.refresh_from_db()
    assert minute.text == "Councillor Ashdown asked about the reserves."
    event = AuditEvent.objects.get(action="minutes.corrected")
    assert event.reason == "The member named in the minute was wrong."
    assert event.after["version"] == 2 and event.actor_name
    assert AuditEvent.objects.filter(action="minutes.locked").exists()
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.LOCKED
    public = Client().get(
        reverse(
            "publishing:minutes:minutes",
            kwargs={
                "council": s.council.slug,
                "committee": s.committee.slug,
                "meeting": minutes.meeting.slug,
            },
        )
    )
    page = public.content.decode()
    assert "asked about the reserves" in page
    assert "The member named in the minute was wrong." in page


def test_correction_needs_a_reason_and_locked_minutes(s: Setup) -> None:
    minutes = _confirmed(s)
    minute = MinuteItem.officer_objects.filter(meeting=minutes.meeting).first()
    with pytest.raises(services.MinutesError, match="Only locked"):
        services.correct_minutes(minutes, minute=minute, field="text", value="x", reason="r")
    services.lock_minutes(minutes)
    with pytest.raises(services.MinutesError, match="reason"):
        services.correct_minutes(minutes, minute=minute, field="text", value="x", reason=" ")


# Motions, amendments and votes -------------------------------------------------------------------


def _present(s: Setup, meeting: Meeting) -> None:
    for person in s.members[:4]:
        attendance.record_attendance(meeting, person, status=AttendanceStatus.PRESENT)
    attendance.record_attendance(
        meeting, s.members[4], status=AttendanceStatus.PRESENT, mode=AttendanceMode.REMOTE
    )


def test_named_vote_is_counted_from_the_names(s: Setup) -> None:
    meeting = s.meetings[0]
    _present(s, meeting)
    services.start_minutes(meeting)
    minute = MinuteItem.officer_objects.filter(meeting=meeting).order_by("number").last()
    motion = services.add_motion(
        minute,
        text="That the review be referred to cabinet.",
        proposer=s.members[1],
        seconder=s.members[2],
        outcome=MotionOutcome.CARRIED,
        vote_method=VoteMethod.RECORDED,
        named={"for": s.members[:2], "against": [s.members[2]], "abstain": [s.members[3]]},
    )
    assert (motion.votes_for, motion.votes_against, motion.abstentions) == (2, 1, 1)
    assert motion.vote_text == "For 2, against 1, abstained 1"
    row = services.minute_rows(meeting, public=False)[-1]["motions"][0]
    assert row["named"]["against"] == [s.members[2].display_name]
    assert row["proposer"] == s.members[1].display_name


def test_votes_are_refused_when_they_do_not_add_up(s: Setup) -> None:
    meeting = s.meetings[0]
    _present(s, meeting)
    services.start_minutes(meeting)
    minute = MinuteItem.officer_objects.filter(meeting=meeting).first()
    with pytest.raises(services.MinutesError, match="no vote at this meeting"):
        services.add_motion(  # the remote member has no vote
            minute,
            text="x",
            outcome=MotionOutcome.CARRIED,
            vote_method=VoteMethod.RECORDED,
            named={"for": [s.members[4]]},
        )
    with pytest.raises(services.MinutesError, match="not carried"):
        services.add_motion(
            minute,
            text="x",
            outcome=MotionOutcome.CARRIED,
            vote_method=VoteMethod.COUNTS,
            votes_for=1,
            votes_against=3,
        )
    with pytest.raises(services.MinutesError, match="only 4 members"):
        services.add_motion(
            minute,
            text="x",
            outcome=MotionOutcome.CARRIED,
            vote_method=VoteMethod.COUNTS,
            votes_for=4,
            votes_against=1,
        )
    with pytest.raises(services.MinutesError, match="different member"):
        services.add_motion(
            minute, text="x", outcome="carried", proposer=s.members[0], seconder=s.members[0]
        )
    tie = services.add_motion(
        minute,
        text="x",
        outcome=MotionOutcome.CARRIED,
        vote_method=VoteMethod.COUNTS,
        votes_for=2,
        votes_against=2,
        chair_casting_vote=True,
    )
    assert "casting vote" in tie.vote_text


def test_officer_records_amendment_with_a_named_vote(s: Setup, officer_client: Client) -> None:
    meeting = s.meetings[0]
    _present(s, meeting)
    services.start_minutes(meeting)
    minute = MinuteItem.officer_objects.filter(meeting=meeting).order_by("number").last()
    motion = services.add_motion(
        minute, text="That the report be noted.", outcome=MotionOutcome.CARRIED
    )
    url = reverse("backoffice:minutes:motion_add", args=[s.committee.pk, minute.number])
    response = officer_client.post(
        url,
        {
            "kind": "amendment",
            "amends": motion.pk,
            "text": "Add: and that cabinet be asked to keep branch libraries open.",
            "proposer": s.members[3].pk,
            "seconder": s.members[1].pk,
            "outcome": "lost",
            "vote_method": "recorded",
            "named_for": [s.members[3].pk],
            "named_against": [s.members[0].pk, s.members[1].pk, s.members[2].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    amendment = Motion.objects.get(kind=MotionKind.AMENDMENT)
    assert amendment.amends == motion
    assert (amendment.votes_for, amendment.votes_against, amendment.abstentions) == (1, 3, 0)
    page = officer_client.get(reverse("backoffice:minutes:meeting", args=[meeting.pk]))
    assert s.members[3].display_name in page.content.decode()
    assert "For 1, against 3, abstained 0" in page.content.decode()


def test_resolution_with_reasons_is_kept_as_a_decision(s: Setup) -> None:
    meeting = s.meetings[0]
    services.start_minutes(meeting)
    minute = MinuteItem.officer_objects.filter(meeting=meeting).order_by("number").last()
    services.update_minute(
        minute,
        title=minute.title,
        text="The committee discussed opening hours.",
        resolution="That the review be referred to cabinet.",
        reasons="Opening hours are an executive matter.",
    )
    decision = Decision.officer_objects.get(minute_item=minute)
    assert decision.decision == "That the review be referred to cabinet."
    assert decision.reasons == "Opening hours are an executive matter."
    assert services.decision_reasons(minute) == decision.reasons


def test_duration_from_opening_and_closing_times(s: Setup) -> None:
    meeting = s.meetings[0]
    services.start_minutes(meeting)
    opened = meeting.start
    minutes = services.set_times(
        meeting, opened_at=opened, closed_at=opened + dt.timedelta(hours=2, minutes=15)
    )
    assert minutes.duration_text == "2 hours 15 minutes"
    with pytest.raises(services.MinutesError, match="close before"):
        services.set_times(meeting, opened_at=opened, closed_at=opened - dt.timedelta(hours=1))


def test_public_minutes_hide_exempt_content(s: Setup) -> None:
    meeting = s.meetings[0]
    item = meetings.add_item(meeting, title="Depot sale")
    meetings.mark_exempt(item, [3], "Commercial terms under negotiation.")
    services.start_minutes(meeting)
    exempt = MinuteItem.officer_objects.get(meeting=meeting, agenda_item=item)
    assert exempt.is_exempt
    services.update_minute(
        exempt, title="Sale to SECRET-BUYER", text="SECRET-PRICE agreed", resolution="SECRET-PRICE"
    )
    url = reverse(
        "publishing:minutes:minutes",
        kwargs={"council": s.council.slug, "committee": s.committee.slug, "meeting": meeting.slug},
    )
    draft = Client().get(url).content.decode()
    # Draft minutes are not public (the council does not publish drafts).
    assert "SECRET" not in draft and "Depot sale" not in draft and "not yet available" in draft
    services.confirm_minutes(
        Minutes.objects.get(meeting=meeting),
        at=s.meetings[1],
        signed_by=s.members[0],
        signed_at=s.meetings[1].start,
    )
    services.lock_minutes(Minutes.objects.get(meeting=meeting))
    page = Client().get(url).content.decode()
    assert "SECRET" not in page
    assert "Depot sale" in page  # the agenda item's public title
    assert "considered in private" in page and "paragraph 3" in page
    version = MinutesVersion.objects.get(minutes__meeting=meeting)
    assert "SECRET" not in str(version.public_snapshot)
    assert "SECRET-PRICE" in version.text  # the officer's copy keeps the exempt minute


def test_times_and_signatures_cannot_be_in_the_future(s: Setup, officer_client: Client) -> None:
    """minutes.rules: an opening, closing or signing time later than now is refused on the
    form, with what was typed kept; a close before the opening too."""
    first, second, third = s.meetings
    minutes = services.start_minutes(first)
    later = timezone.localtime(timezone.now() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page = officer_client.post(
        reverse("backoffice:minutes:confirm", args=[second.pk]),
        {"minutes": minutes.pk, "signed_by": s.members[0].pk, "signed_at": later},
    ).content.decode()
    assert "The signature cannot be in the future" in page and later in page
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.DRAFT

    services.start_minutes(third)
    opened = timezone.localtime(third.start).strftime("%Y-%m-%dT%H:%M")
    earlier = timezone.localtime(third.start - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    url = reverse("backoffice:minutes:times", args=[third.pk])
    page = officer_client.post(url, {"opened_at": opened, "closed_at": later}).content.decode()
    assert "The closing time cannot be in the future" in page
    page = officer_client.post(url, {"opened_at": opened, "closed_at": earlier}).content.decode()
    assert "The meeting cannot close before it opened." in page
