"""Officers entering for someone else: a postal public question (participation) and a
member's register entry (interests), each recorded as entered by the officer, under the
same rules as the asker's own form; and the officers' view of a member who has not
registered at all (Localism Act 2011 s30(1))."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant
from minutebook.committees.factories import CommitteeFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.interests.models import EntryRecord, Tenure
from minutebook.meetings.factories import MeetingFactory
from minutebook.members.models import RegisterEntry
from minutebook.participation import services
from minutebook.participation.models import PublicQuestion
from minutebook.people.factories import CouncillorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    council = CouncilFactory(slug="exampleshire", public_questions_per_person=1)
    meeting = MeetingFactory(
        committee=CommitteeFactory(council=council),
        start=timezone.now() + dt.timedelta(days=30),
    )
    other_meeting = MeetingFactory(start=timezone.now() + dt.timedelta(days=30))
    user = get_user_model().objects.create_user("dso", password="x-long-pass-42")
    grant(user, council, Role.DEMOCRATIC_SERVICES)
    client = Client()
    client.force_login(user)
    return {
        "council": council,
        "meeting": meeting,
        "other_meeting": other_meeting,
        "councillor": CouncillorFactory(council=council),
        "stranger": CouncillorFactory(council=other_meeting.committee.council),
        "user": user,
        "client": client,
    }


def _letter(**overrides: Any) -> dict[str, str]:
    data = {
        "kind": "question",
        "name": "Ada Lovelace",
        "address": "1 Mill Lane, Exampleton",
        "email": "",
        "text": "When will the footpath on Mill Lane be repaired?",
        "received_at": (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
    }
    data.update(overrides)
    return data


def test_an_officer_enters_a_postal_question_under_the_councils_rules(world) -> None:
    client, meeting = world["client"], world["meeting"]
    url = reverse("backoffice:participation_public_new", args=[meeting.pk])
    page = client.get(url).content.decode()
    deadline = services.submission_deadline(meeting, "question")
    assert f"{deadline:%H:%M}" in page and "Questions close" in page

    cases = [
        (_letter(name=""), "Enter the asker&#x27;s full name."),
        (_letter(text=""), "Enter your question, statement or petition."),
        (_letter(text="x" * 100_001), "characters"),
        (_letter(received_at=""), "Enter when it was received."),
        (_letter(received_at="2025-02-30T09:00"), "Enter a real date and time"),
        (
            _letter(
                received_at=(timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
            ),
            "The time received cannot be in the future.",
        ),
        (_letter(text="word " * 500), "the limit is 450 words"),
    ]
    for data, message in cases:
        response = client.post(url, data)
        text = response.content.decode()
        assert response.status_code == 200 and message in text, message
        if data["name"]:
            assert "Ada Lovelace" in text  # the input is kept
    assert not PublicQuestion.objects.exists()

    response = client.post(url, _letter())
    assert response.status_code == 302
    question = PublicQuestion.objects.get()
    assert question.entered_by == world["user"] and question.email == ""
    assert mail.outbox == []  # a letter with no e-mail address: no acknowledgement e-mail
    detail = client.get(response["Location"]).content.decode()
    assert "Entered by" in detail and "dso" in detail
    # One question a person: without an e-mail address the asker is known by name.
    again = client.post(url, _letter(text="And another?")).content.decode()
    assert "You have already submitted 1 question" in again

    # The deadline is checked against the time received, not the time typed in: for a
    # meeting in two days the deadline has passed, yet a letter that arrived before it
    # is taken, and one that arrived after it is refused.
    soon = MeetingFactory(committee=meeting.committee, start=timezone.now() + dt.timedelta(days=2))
    soon_deadline = services.submission_deadline(soon, "question")
    assert soon_deadline < timezone.now()
    soon_url = reverse("backoffice:participation_public_new", args=[soon.pk])

    def at(moment: dt.datetime) -> str:
        return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")

    refused = client.post(
        soon_url,
        _letter(name="Grace Hopper", received_at=at(soon_deadline + dt.timedelta(hours=1))),
    ).content.decode()
    assert "The deadline for questions for this meeting has passed" in refused
    assert "Grace Hopper" in refused
    taken = client.post(
        soon_url,
        _letter(name="Grace Hopper", received_at=at(soon_deadline - dt.timedelta(hours=1))),
    )
    assert taken.status_code == 302
    # Another council's meeting: refused outright.
    assert (
        client.get(
            reverse("backoffice:participation_public_new", args=[world["other_meeting"].pk])
        ).status_code
        == 403
    )


def test_an_officer_enters_a_members_register_entry_and_sees_who_has_not_registered(
    world,
) -> None:
    client, councillor = world["client"], world["councillor"]
    took = timezone.localdate() - dt.timedelta(days=183)
    Tenure.objects.create(person=councillor, took_office=took)
    due = took + dt.timedelta(days=27)
    overdue = f"Not registered (due {due.day} {due:%B %Y}, overdue)"
    assert overdue in client.get(reverse("backoffice:interests")).content.decode()
    person_url = reverse("backoffice:interests_person", args=[councillor.pk])
    assert overdue in client.get(person_url).content.decode()

    url = reverse("backoffice:interests_entry_new", args=[councillor.pk])
    good = {
        "category": "employment",
        "description": "Teacher, Exampleton Academy",
        "start_date": "2020-09-01",
        "notified_on": timezone.localdate().isoformat(),
    }
    cases = [
        ({**good, "description": ""}, "Describe the interest."),
        ({**good, "description": "x" * 2001}, "in 2,000 characters or fewer"),
        ({**good, "category": "nonsense"}, "Select a valid choice"),
        ({**good, "notified_on": ""}, "Enter the day the member notified the interest."),
        (
            {**good, "notified_on": (timezone.localdate() + dt.timedelta(days=1)).isoformat()},
            "The day notified cannot be in the future.",
        ),
        ({**good, "end_date": "2019-01-01"}, "The end date is before the start date."),
    ]
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 200 and message in response.content.decode(), message
    assert not RegisterEntry.objects.exists()
    response = client.post(url, good)
    assert response.status_code == 302
    entry = RegisterEntry.objects.get()
    assert entry.person == councillor and entry.entered_by == world["user"]
    assert EntryRecord.objects.get(entry=entry).recorded_by == world["user"]
    page = client.get(person_url).content.decode()
    assert "Entered by an officer" in page and "Not registered" not in page
    # Notified today, six months after taking office: late under s30(1).
    assert "Registered late" in page
    # Another council's member: refused.
    stranger_url = reverse("backoffice:interests_entry_new", args=[world["stranger"].pk])
    assert client.get(stranger_url).status_code == 403
    assert client.post(stranger_url, good).status_code == 403


def test_officers_accept_or_reject_a_notice_of_motion(world) -> None:
    from minutebook.committees.models import CommitteeKind
    from minutebook.participation.models import NoticeOfMotion, SubmissionStatus
    from minutebook.participation.motions import submit_motion

    client = world["client"]
    full = CommitteeFactory(council=world["council"], kind=CommitteeKind.FULL_COUNCIL)
    meeting = MeetingFactory(committee=full, start=timezone.now() + dt.timedelta(days=40))
    motion = submit_motion(meeting, mover=world["councillor"], text="This council resolves.")
    listed = client.get(reverse("backoffice:participation_meeting", args=[meeting.pk]))
    assert "Notices of motion" in listed.content.decode()
    detail = reverse("backoffice:participation_submission", args=["motion", motion.pk])
    page = client.get(detail).content.decode()
    assert f"NM-{meeting.pk}-{motion.pk}" in page and "Record the answer" not in page
    reject = reverse("backoffice:participation_reject", args=["motion", motion.pk])
    assert "Give the reason it is rejected." in client.post(reject, {"reason": ""}).content.decode()
    assert client.post(reject, {"reason": "Not within the council's remit."}).status_code == 302
    motion.refresh_from_db()
    assert motion.status == SubmissionStatus.REJECTED and motion.decided_by == world["user"]
    assert (
        client.get(
            reverse("backoffice:participation_answer", args=["motion", motion.pk])
        ).status_code
        == 404
    )
    # Another council's notice of motion: refused.
    elsewhere = MeetingFactory(
        committee=CommitteeFactory(
            council=world["other_meeting"].committee.council, kind=CommitteeKind.FULL_COUNCIL
        ),
        start=timezone.now() + dt.timedelta(days=40),
    )
    foreign = NoticeOfMotion.objects.create(
        meeting=elsewhere, mover=world["stranger"], text="x", received_at=timezone.now()
    )
    assert (
        client.get(
            reverse("backoffice:participation_submission", args=["motion", foreign.pk])
        ).status_code
        == 403
    )
    accept = reverse("backoffice:participation_accept", args=["motion", foreign.pk])
    assert client.post(accept).status_code == 403
