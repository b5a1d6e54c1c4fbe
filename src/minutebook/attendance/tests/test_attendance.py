"""Attendance through its service and officer pages: substitution rules, remote attendance,
co-optees' votes and the quorum (numbers, live panel, record on the meeting)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.models import RoleAssignment
from minutebook.accounts.roles import Role
from minutebook.attendance import services
from minutebook.attendance.models import (
    Attendance,
    AttendanceMode,
    AttendanceStatus,
    Capacity,
    QuorumCheck,
)
from minutebook.committees.factories import CommitteeFactory, MembershipFactory
from minutebook.committees.models import MembershipRole
from minutebook.councils.factories import CouncilFactory
from minutebook.meetings.factories import MeetingFactory
from minutebook.meetings.models import Meeting
from minutebook.people.factories import CouncillorFactory, PersonFactory, PoliticalGroupFactory
from minutebook.people.models import PersonKind

pytestmark = pytest.mark.django_db

PRESENT, APOLOGIES = AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES
REMOTE = AttendanceMode.REMOTE


class Setup:
    """A committee of five councillors in two groups, one voting and one non-voting co-optee."""

    def __init__(self, quorum: int | None = 3) -> None:
        self.council = CouncilFactory(default_quorum=None, default_quorum_fraction=Decimal("0.25"))
        self.red = PoliticalGroupFactory(council=self.council, name="Red group")
        self.blue = PoliticalGroupFactory(council=self.council, name="Blue group")
        self.committee = CommitteeFactory(council=self.council, quorum=quorum)
        self.members = [
            CouncillorFactory(council=self.council, political_group=g)
            for g in (self.red, self.red, self.red, self.blue, self.blue)
        ]
        for person in self.members:
            MembershipFactory(committee=self.committee, person=person)
        self.co_opted_voting = PersonFactory(council=self.council, kind=PersonKind.CO_OPTED)
        self.co_opted = PersonFactory(council=self.council, kind=PersonKind.CO_OPTED)
        MembershipFactory(
            committee=self.committee, person=self.co_opted_voting, role=MembershipRole.CO_OPTED
        )
        MembershipFactory(
            committee=self.committee,
            person=self.co_opted,
            role=MembershipRole.CO_OPTED,
            voting_right=False,
        )
        self.reserve_red = CouncillorFactory(council=self.council, political_group=self.red)
        self.reserve_blue = CouncillorFactory(council=self.council, political_group=self.blue)
        self.meeting = MeetingFactory(
            committee=self.committee,
            start=timezone.now() - dt.timedelta(hours=1),
            venue__council=self.council,
        )


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


def _before(meeting: Meeting, minutes: int) -> dt.datetime:
    return meeting.start - dt.timedelta(minutes=minutes)


# The quorum -------------------------------------------------------------------------------


def test_quorum_counts_only_voting_members_present_in_person(s: Setup) -> None:
    m = s.meeting
    services.record_attendance(m, s.members[0], status=PRESENT)
    services.record_attendance(m, s.members[1], status=PRESENT)
    remote = services.record_attendance(m, s.members[2], status=PRESENT, mode=REMOTE)
    services.record_attendance(m, s.co_opted, status=PRESENT)  # no vote
    services.record_attendance(m, s.members[3], status=APOLOGIES)
    q = services.quorum(m)
    assert (q.required, q.present, q.remote) == (3, 2, 1)
    assert not q.is_quorate and q.shortfall == 1
    assert not remote.has_vote and not remote.counts_to_quorum
    services.record_attendance(m, s.co_opted_voting, status=PRESENT)
    assert services.quorum(m).present == 3
    assert services.quorum(m).is_quorate


def test_remote_counts_only_where_the_council_rules_allow_it(s: Setup) -> None:
    rules = services.rules_for(s.council)
    rules.remote_attendance_counts = True  # e.g. a Welsh council
    rules.save()
    row = services.record_attendance(s.meeting, s.members[0], status=PRESENT, mode=REMOTE)
    assert row.has_vote and row.counts_to_quorum


def test_required_quorum_falls_back_from_meeting_to_committee_to_council() -> None:
    s = Setup(quorum=None)
    # Six voting seats (five councillors, one voting co-optee): a quarter, rounded up, is 2.
    required, basis, voting = services.required_quorum(s.meeting)
    assert (required, voting) == (2, 6)
    assert "0.25 of 6" in basis
    s.council.default_quorum = 4
    s.council.save()
    s.meeting.refresh_from_db()
    assert services.required_quorum(s.meeting)[0] == 4
    s.committee.quorum = 5
    s.committee.save()
    s.meeting.refresh_from_db()
    assert services.required_quorum(s.meeting)[:2] == (5, "the committee's quorum")
    s.meeting.quorum = 2
    s.meeting.save()
    assert services.required_quorum(s.meeting)[:2] == (2, "set for this meeting")


def test_every_change_records_the_quorum_on_the_meeting(s: Setup) -> None:
    for person in s.members[:3]:
        services.record_attendance(s.meeting, person, status=PRESENT)
    checks = list(QuorumCheck.objects.filter(meeting=s.meeting).order_by("pk"))
    assert [c.present for c in checks] == [1, 2, 3]
    assert checks[-1].is_quorate and not checks[0].is_quorate


def test_apologies_only_from_members(s: Setup) -> None:
    with pytest.raises(services.AttendanceError, match="not a member"):
        services.record_attendance(s.meeting, s.reserve_red, status=APOLOGIES)
    row = services.record_attendance(s.meeting, s.reserve_red, status=PRESENT)
    assert row.capacity == Capacity.OTHER and not row.has_vote


# Substitutes --------------------------------------------------------------------------------


def test_substitute_from_same_group_with_notice_takes_the_vote(s: Setup) -> None:
    row = services.record_substitute(
        s.meeting,
        s.reserve_red,
        replaces=s.members[0],
        notice_given_at=_before(s.meeting, 30),
    )
    assert row.capacity == Capacity.SUBSTITUTE and row.has_vote and row.counts_to_quorum
    replaced = Attendance.objects.get(meeting=s.meeting, person=s.members[0])
    assert replaced.status == APOLOGIES
    assert "substitute for" in services.minutes_lines(s.meeting)["present"][0]


def test_substitute_from_another_group_is_refused(s: Setup) -> None:
    with pytest.raises(services.AttendanceError, match="same political group"):
        services.record_substitute(
            s.meeting,
            s.reserve_blue,
            replaces=s.members[0],
            notice_given_at=_before(s.meeting, 30),
        )
    assert not Attendance.objects.exists()


def test_substitute_with_late_notice_is_refused(s: Setup) -> None:
    with pytest.raises(services.AttendanceError, match="before the meeting starts"):
        services.record_substitute(
            s.meeting,
            s.reserve_red,
            replaces=s.members[0],
            notice_given_at=s.meeting.start + dt.timedelta(minutes=5),
        )
    rules = services.rules_for(s.council)
    rules.substitute_notice_minutes = 60
    rules.save()
    with pytest.raises(services.AttendanceError, match="60 minutes before"):
        services.record_substitute(
            s.meeting, s.reserve_red, replaces=s.members[0], notice_given_at=_before(s.meeting, 30)
        )


def test_substitute_refused_for_present_member_non_member_or_by_a_member(s: Setup) -> None:
    services.record_attendance(s.meeting, s.members[0], status=PRESENT)
    notice = _before(s.meeting, 30)
    with pytest.raises(services.AttendanceError, match="recorded as present"):
        services.record_substitute(
            s.meeting, s.reserve_red, replaces=s.members[0], notice_given_at=notice
        )
    with pytest.raises(services.AttendanceError, match="not a member"):
        services.record_substitute(
            s.meeting, s.reserve_red, replaces=s.reserve_blue, notice_given_at=notice
        )
    officer = PersonFactory(council=s.council, political_group=s.red)
    with pytest.raises(services.AttendanceError, match="not a councillor"):
        services.record_substitute(
            s.meeting, officer, replaces=s.members[1], notice_given_at=notice
        )
    with pytest.raises(services.AttendanceError, match="already a member"):
        services.record_substitute(
            s.meeting, s.members[1], replaces=s.members[2], notice_given_at=notice
        )


def test_no_substitutes_where_the_council_allows_none(s: Setup) -> None:
    rules = services.rules_for(s.council)
    rules.substitutes_allowed = False
    rules.save()
    with pytest.raises(services.AttendanceError, match="do not allow"):
        services.record_substitute(
            s.meeting, s.reserve_red, replaces=s.members[0], notice_given_at=_before(s.meeting, 30)
        )


# Through the officer pages -------------------------------------------------------------------


def test_register_page_records_remote_and_shows_the_quorum(
    s: Setup, officer_client: Client
) -> None:
    url = reverse("backoffice:attendance:register", args=[s.meeting.pk])
    for person in s.members[:2]:
        officer_client.post(url, {"person": person.pk, "mark": "present-in_person"})
    response = officer_client.post(url, {"person": s.members[2].pk, "mark": "present-remote"})
    assert response.status_code == 302
    page = officer_client.get(url).content.decode()
    assert "Not quorate" in page
    assert "2 of 3 voting members present in person" in page
    assert "1 attending remotely, not counted" in page
    row = Attendance.objects.get(person=s.members[2])
    assert row.mode == REMOTE and not row.counts_to_quorum
    fragment = officer_client.get(reverse("backoffice:attendance:quorum", args=[s.meeting.pk]))
    assert b"2 of 3" in fragment.content
    assert QuorumCheck.objects.filter(meeting=s.meeting).latest().present == 2


def test_substitute_page_shows_the_refusal(s: Setup, officer_client: Client) -> None:
    url = reverse("backoffice:attendance:substitute", args=[s.meeting.pk])
    late = timezone.localtime(s.meeting.start + dt.timedelta(minutes=10))
    response = officer_client.post(
        url,
        {
            "substitute": s.reserve_red.pk,
            "replaces": s.members[0].pk,
            "notice_given_at": late.strftime("%Y-%m-%dT%H:%M"),
            "mode": "in_person",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and "before the meeting starts" in page
    wrong_group = officer_client.post(
        url,
        {
            "substitute": s.reserve_blue.pk,
            "replaces": s.members[0].pk,
            "notice_given_at": timezone.localtime(_before(s.meeting, 60)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "mode": "in_person",
        },
    )
    assert "same political group" in wrong_group.content.decode()
    assert not Attendance.objects.exists()


def test_register_is_for_the_councils_officers(s: Setup) -> None:
    url = reverse("backoffice:attendance:register", args=[s.meeting.pk])
    assert Client().get(url).status_code == 302  # sign in first
    outsider = get_user_model().objects.create_user("other", password="x-long-pass-42")
    RoleAssignment.objects.create(
        user=outsider, council=CouncilFactory(), role=Role.DEMOCRATIC_SERVICES
    )
    client = Client()
    client.force_login(outsider)
    assert client.get(url).status_code == 403


def test_nothing_is_recorded_as_happened_before_it_has(s: Setup, officer_client: Client) -> None:
    """attendance.rules: present or absent only once the meeting has started (apologies any
    time); a substitution's notice not received in the future. Errors on the form."""
    s.meeting.start = timezone.now() + dt.timedelta(days=2)
    s.meeting.end = None
    s.meeting.save()
    url = reverse("backoffice:attendance:register", args=[s.meeting.pk])
    page = officer_client.post(url, {"person": s.members[0].pk, "mark": "present-in_person"})
    assert page.status_code == 200
    assert "The meeting has not started" in page.content.decode()
    assert not Attendance.objects.exists()
    ok = officer_client.post(url, {"person": s.members[0].pk, "mark": "apologies-in_person"})
    assert ok.status_code == 302
    assert Attendance.objects.get().status == APOLOGIES

    tomorrow = timezone.localtime(timezone.now() + dt.timedelta(days=1))
    response = officer_client.post(
        reverse("backoffice:attendance:substitute", args=[s.meeting.pk]),
        {
            "substitute": s.reserve_red.pk,
            "replaces": s.members[1].pk,
            "notice_given_at": tomorrow.strftime("%Y-%m-%dT%H:%M"),
            "mode": "in_person",
        },
    )
    page = response.content.decode()
    assert "notice cannot have been received in the future" in page
    assert tomorrow.strftime("%Y-%m-%dT%H:%M") in page
