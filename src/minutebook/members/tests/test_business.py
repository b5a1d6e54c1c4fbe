"""Councillors' questions and notices of motion from the members' area, and the member's
own register of interests: deadlines shown before typing, enforced, and every refusal
shown on the form with the input kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from minutebook.accounts.testing import make_user
from minutebook.committees.factories import CommitteeFactory
from minutebook.committees.models import CommitteeKind
from minutebook.councils.factories import CouncilFactory
from minutebook.interests.models import Tenure
from minutebook.meetings.factories import MeetingFactory
from minutebook.members.models import RegisterEntry
from minutebook.participation import motions
from minutebook.participation.models import CouncillorQuestion, NoticeOfMotion
from minutebook.people.factories import CouncillorFactory
from minutebook.people.models import PersonKind

pytestmark = pytest.mark.django_db

LONG = "word " * 1200  # over 5,000 characters


@pytest.fixture
def world():
    council = CouncilFactory(councillor_questions_per_meeting=1)
    full = CommitteeFactory(council=council, kind=CommitteeKind.FULL_COUNCIL, name="Council")
    soon = MeetingFactory(committee=full, start=timezone.now() + dt.timedelta(days=2))
    later = MeetingFactory(committee=full, start=timezone.now() + dt.timedelta(days=60))
    planning = CommitteeFactory(council=council, kind=CommitteeKind.REGULATORY)
    planning_meeting = MeetingFactory(
        committee=planning, start=timezone.now() + dt.timedelta(days=60)
    )
    other = MeetingFactory(
        committee=CommitteeFactory(kind=CommitteeKind.FULL_COUNCIL),
        start=timezone.now() + dt.timedelta(days=60),
    )
    me = CouncillorFactory(council=council, user=make_user("cllr"))
    seconder = CouncillorFactory(council=council)
    stranger = CouncillorFactory(council=other.committee.council)
    co_opted = CouncillorFactory(council=council, kind=PersonKind.CO_OPTED, user=make_user("co"))
    client = Client()
    client.force_login(me.user)
    return {
        "council": council,
        "soon": soon,
        "later": later,
        "planning": planning_meeting,
        "other": other,
        "me": me,
        "seconder": seconder,
        "stranger": stranger,
        "co_opted": co_opted,
        "client": client,
    }


def test_questions_show_the_deadline_refuse_bad_input_and_close_with_the_next_meeting(world):
    client, later, soon = world["client"], world["later"], world["soon"]
    overview = client.get("/members/questions-and-motions/").content.decode()
    deadline = motions.window(later, motions.question_deadline).deadline_text
    assert deadline in overview  # shown before anyone types
    home = client.get("/members/").content.decode()
    assert f"questions close at {deadline}" in home  # and on the home page
    url = f"/members/meetings/{later.pk}/question/"
    page = client.get(url).content.decode()
    assert f"Questions for this meeting close at <strong>{deadline}</strong>" in page

    # Empty, too long, someone of another council: each shown, the input kept.
    assert "Enter your question." in client.post(url, {"text": ""}).content.decode()
    long = client.post(url, {"text": LONG}).content.decode()
    assert "Keep the question to 5,000 characters or fewer." in long and "word word" in long
    foreign = client.post(
        url, {"text": "Will the leader act?", "addressed_to": world["stranger"].pk}
    ).content.decode()
    assert "Choose someone of this council." in foreign and "Will the leader act?" in foreign
    assert not CouncillorQuestion.objects.exists()

    sent = client.post(
        url, {"text": "How many potholes were filled?", "addressed_to_text": "Leader"}
    )
    assert sent.status_code == 302
    question = CouncillorQuestion.objects.get()
    assert question.councillor == world["me"] and question.entered_by is None
    # The council's limit (one a meeting here), from the service, on the form.
    over = client.post(url, {"text": "And a second one?"}).content.decode()
    assert "the council&#x27;s rules allow 1" in over and "And a second one?" in over

    # Past the deadline (two days away is inside three clear working days): closed,
    # and the page names the next meeting still open with its deadline.
    closed = client.get(f"/members/meetings/{soon.pk}/question/").content.decode()
    assert "Questions for this meeting are closed" in closed
    assert str(later) in closed and deadline in closed
    refused = client.post(f"/members/meetings/{soon.pk}/question/", {"text": "Too late?"})
    assert "are closed" in refused.content.decode()
    assert CouncillorQuestion.objects.count() == 1

    # Another council's meeting is not found; a co-opted member cannot ask.
    assert client.get(f"/members/meetings/{world['other'].pk}/question/").status_code == 404
    co = Client()
    co.force_login(world["co_opted"].user)
    assert co.get(url).status_code == 403


def test_notices_of_motion_for_full_council_only_with_their_deadline(world):
    client, later = world["client"], world["later"]
    url = f"/members/meetings/{later.pk}/motion/"
    deadline = motions.window(later, motions.motion_deadline).deadline_text
    assert f"close at <strong>{deadline}</strong>" in client.get(url).content.decode()
    assert "Enter the motion." in client.post(url, {"text": "  "}).content.decode()
    bad = client.post(
        url, {"text": "This council resolves to plant trees.", "seconder": world["stranger"].pk}
    ).content.decode()
    assert "Choose a councillor of this council as seconder." in bad
    assert "This council resolves to plant trees." in bad
    myself = client.post(
        url, {"text": "This council resolves to plant trees.", "seconder": world["me"].pk}
    ).content.decode()
    assert "Choose a councillor of this council as seconder." in myself
    long = client.post(url, {"text": LONG}).content.decode()
    assert "Keep the motion to 5,000 characters or fewer." in long
    assert not NoticeOfMotion.objects.exists()
    ok = client.post(
        url, {"text": "This council resolves to plant trees.", "seconder": world["seconder"].pk}
    )
    assert ok.status_code == 302
    motion = NoticeOfMotion.objects.get()
    assert motion.mover == world["me"] and motion.seconder == world["seconder"]
    mine = client.get("/members/questions-and-motions/").content.decode()
    assert "This council resolves to plant trees." in mine and "Received" in mine

    # Ten clear working days: the meeting in two days is closed, the later one offered.
    closed = client.get(f"/members/meetings/{world['soon'].pk}/motion/").content.decode()
    assert "Notices of motion for this meeting are closed" in closed
    assert f"/members/meetings/{later.pk}/motion/" in closed
    # Not a meeting of full council, or not this council's: not found.
    assert client.get(f"/members/meetings/{world['planning'].pk}/motion/").status_code == 404
    assert client.get(f"/members/meetings/{world['other'].pk}/motion/").status_code == 404


def test_the_member_registers_interests_with_the_deadline_and_review_shown(world):
    client, me = world["client"], world["me"]
    Tenure.objects.create(person=me, took_office=timezone.localdate() - dt.timedelta(days=10))
    page = client.get("/members/interests/").content.decode()
    due = timezone.localdate() - dt.timedelta(days=10) + dt.timedelta(days=27)
    assert f"{due:%A} {due.day} {due:%B %Y}" in page
    assert f"Not registered yet (due {due.day} {due:%B %Y})" in page

    bad = client.post(
        "/members/interests/",
        {
            "category": "land",
            "description": "12 High Street",
            "start_date": "2025-06-01",
            "end_date": "2025-05-01",
        },
    ).content.decode()
    assert "The end date is before the start date." in bad and "12 High Street" in bad
    for data, message in (
        ({"category": "", "description": "x"}, "Choose the kind of interest."),
        ({"category": "land", "description": ""}, "Describe the interest."),
        ({"category": "land", "description": "x" * 2001}, "in 2,000 characters or fewer"),
        ({"category": "land", "description": "x", "start_date": "2025-13-40"}, "a real date"),
    ):
        assert message in client.post("/members/interests/", data).content.decode(), message
    assert not RegisterEntry.objects.exists()
    assert (
        client.post(
            "/members/interests/", {"category": "land", "description": "12 High Street"}
        ).status_code
        == 302
    )
    entry = RegisterEntry.objects.get()
    assert entry.person == me and entry.entered_by is None
    page = client.get("/members/interests/").content.decode()
    assert "Awaiting review" in page and "Not registered" not in page
