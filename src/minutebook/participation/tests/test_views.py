"""Public participation through its pages: the public form, officer triage, the supplement.

Every refusal the council's rules make is driven through the form: late, over the word
limit, a second question from the same person, the ninth question when the cap is eight;
and the form's own guards (rate limit, honeypot, too fast). Contact details must never
appear on a public page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.models import RoleAssignment
from minutebook.accounts.roles import Role
from minutebook.committees.factories import CommitteeFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.meetings.factories import MeetingFactory
from minutebook.meetings.models import Meeting, MeetingState
from minutebook.participation import guard, services
from minutebook.participation.models import (
    CouncillorQuestion,
    PublicQuestion,
    SubmissionKind,
    SubmissionStatus,
)
from minutebook.people.factories import CouncillorFactory

ADDRESS = "17 Quarry Close, Little Exampleton"
EMAIL = "pat.resident@example.org"
PHONE = "01632 960417"


@pytest.fixture(autouse=True)
def _fresh(settings: Any) -> None:
    cache.clear()
    settings.MINUTEBOOK_PARTICIPATION_MIN_FILL_SECONDS = 0
    settings.MINUTEBOOK_PARTICIPATION_MAX_PER_IP = 100
    settings.MINUTEBOOK_PARTICIPATION_MAX_PER_EMAIL = 100


def _start(days: int) -> dt.datetime:
    local = timezone.localtime(timezone.now()) + dt.timedelta(days=days)
    return local.replace(hour=10, minute=0, second=0, microsecond=0)


@pytest.fixture
def meeting(db: None) -> Meeting:
    council = CouncilFactory(slug="exampleshire", name="Exampleshire Council")
    committee = CommitteeFactory(council=council, slug="cabinet", name="Cabinet")
    return MeetingFactory(
        committee=committee,
        start=_start(30),
        state=MeetingState.AGENDA_PUBLISHED,
        published_at=timezone.now(),
    )


def form_url(meeting: Meeting, name: str = "submit") -> str:
    return reverse(
        f"publishing:participation:{name}",
        kwargs={
            "council": meeting.committee.council.slug,
            "committee": meeting.committee.slug,
            "meeting": meeting.slug,
        },
    )


def post(client: Client, meeting: Meeting, **overrides: Any) -> Any:
    data = {
        "kind": "question",
        "name": "Pat Resident",
        "address": ADDRESS,
        "email": EMAIL,
        "phone": PHONE,
        "on_behalf_of": "",
        "addressed_to_text": "Portfolio Holder for Highways",
        "text": "When will the footpath on Mill Lane be repaired?",
        "signatures": "",
        "website": "",
        "started": guard.form_token(),
    }
    data.update(overrides)
    return client.post(form_url(meeting), data)


@pytest.fixture
def officer(meeting: Meeting) -> Any:
    user = get_user_model().objects.create_user("dso", password="x-long-pass-42")
    RoleAssignment.objects.create(
        user=user, council=meeting.committee.council, role=Role.DEMOCRATIC_SERVICES
    )
    return user


@pytest.fixture
def officer_client(officer: Any) -> Client:
    client = Client()
    client.force_login(officer)
    return client


# The public form -------------------------------------------------------------------------


def test_form_shows_the_councils_rules_and_deadlines(client: Client, meeting: Meeting) -> None:
    response = client.get(form_url(meeting))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Send a question, statement or petition" in page
    assert "up to 450 words" in page
    deadline = services.submission_deadline(meeting, SubmissionKind.QUESTION)
    assert services.describe_deadline(deadline) in page
    assert 'name="website"' in page and 'tabindex="-1"' in page


def test_question_is_received_and_acknowledged_by_email(client: Client, meeting: Meeting) -> None:
    response = post(client, meeting)
    assert response.status_code == 302
    assert response["Location"] == form_url(meeting, "received")
    question = PublicQuestion.objects.get()
    assert (question.name, question.email, question.status) == (
        "Pat Resident",
        EMAIL,
        SubmissionStatus.RECEIVED,
    )
    assert question.order == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert services.reference(question) in message.body
    assert "never published" in message.body
    page = client.get(response["Location"]).content.decode()
    assert services.reference(question) in page
    assert ADDRESS not in page and PHONE not in page


def test_late_submission_is_refused(client: Client, meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(start=_start(1))
    meeting.refresh_from_db()
    response = post(client, meeting)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The deadline for questions for this meeting has passed" in page
    assert not PublicQuestion.objects.exists()
    assert mail.outbox == []


def test_over_the_word_limit_is_refused(client: Client, meeting: Meeting) -> None:
    council = meeting.committee.council
    council.public_word_limit = 450
    council.save()
    response = post(client, meeting, text=" ".join(["word"] * 451))
    page = response.content.decode()
    assert "Your question is 451 words long: the limit is 450 words." in page
    assert not PublicQuestion.objects.exists()
    assert post(client, meeting, text=" ".join(["word"] * 450)).status_code == 302


def test_a_second_question_from_the_same_person_is_refused(
    client: Client, meeting: Meeting
) -> None:
    council = meeting.committee.council
    council.public_questions_per_person = 1
    council.save()
    assert post(client, meeting).status_code == 302
    # The same mailbox, written differently, is the same person.
    response = post(client, meeting, email="  Pat.Resident+again@EXAMPLE.org ", name="P Resident")
    page = response.content.decode()
    assert "You have already submitted 1 question for this meeting" in page
    assert PublicQuestion.objects.count() == 1
    # A statement is a different allowance (one statement per person).
    assert post(client, meeting, kind="statement").status_code == 302
    assert (
        "already submitted 1 statement" in post(client, meeting, kind="statement").content.decode()
    )


def test_the_ninth_question_is_refused_when_the_cap_is_eight(
    client: Client, meeting: Meeting
) -> None:
    council = meeting.committee.council
    council.public_submissions_cap = 8
    council.save()
    for n in range(8):
        response = post(client, meeting, email=f"resident{n}@example.org", name=f"Resident {n}")
        assert response.status_code == 302, n
    response = post(client, meeting, email="ninth@example.org", name="Ninth Resident")
    page = response.content.decode()
    assert "This meeting already has the most questions the council takes (8)" in page
    assert PublicQuestion.objects.count() == 8
    assert list(PublicQuestion.objects.order_by("order").values_list("order", flat=True)) == list(
        range(1, 9)
    )
    # Statements have their own eight places.
    assert post(client, meeting, kind="statement", email="ninth@example.org").status_code == 302


def test_a_rejected_question_frees_its_place_under_the_cap(
    client: Client, meeting: Meeting
) -> None:
    council = meeting.committee.council
    council.public_submissions_cap = 1
    council.save()
    assert post(client, meeting).status_code == 302
    assert post(client, meeting, email="other@example.org").status_code == 200
    services.reject(PublicQuestion.objects.get(), reason="Not about the council's business.")
    assert post(client, meeting, email="other@example.org").status_code == 302


def test_petition_needs_its_signatures(client: Client, meeting: Meeting) -> None:
    page = post(client, meeting, kind="petition").content.decode()
    assert "Enter the number of people who signed the petition." in page
    assert post(client, meeting, kind="petition", signatures="1250").status_code == 302
    assert PublicQuestion.objects.get().signatures == 1250


def test_missing_fields_are_named_in_the_error_summary(client: Client, meeting: Meeting) -> None:
    page = post(client, meeting, name="", email="not-an-email", text="").content.decode()
    assert "Enter your full name." in page
    assert "Enter an email address in the correct format" in page
    assert 'href="#id_name"' in page


def test_rate_limit_per_address(client: Client, meeting: Meeting, settings: Any) -> None:
    settings.MINUTEBOOK_PARTICIPATION_MAX_PER_IP = 2
    assert post(client, meeting, email="a@example.org").status_code == 302
    assert post(client, meeting, email="b@example.org").status_code == 302
    response = post(client, meeting, email="c@example.org")
    assert response.status_code == 429
    assert "too many times" in response.content.decode()
    assert PublicQuestion.objects.count() == 2


def test_rate_limit_per_email(client: Client, meeting: Meeting, settings: Any) -> None:
    settings.MINUTEBOOK_PARTICIPATION_MAX_PER_EMAIL = 1
    assert post(client, meeting).status_code == 302
    other = Client(REMOTE_ADDR="192.0.2.99")
    assert post(other, meeting, email="PAT.RESIDENT@example.org").status_code == 429


def test_honeypot_and_hasty_forms_are_refused(
    client: Client, meeting: Meeting, settings: Any
) -> None:
    page = post(client, meeting, website="http://spam.example").content.decode()
    assert "We could not accept the form" in page
    assert (
        "We could not accept the form" in post(client, meeting, started="forged").content.decode()
    )
    settings.MINUTEBOOK_PARTICIPATION_MIN_FILL_SECONDS = 60
    assert "We could not accept the form" in post(client, meeting).content.decode()
    assert not PublicQuestion.objects.exists()
    assert mail.outbox == []


def test_cancelled_meeting_takes_nothing(client: Client, meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.CANCELLED)
    assert "This meeting has been cancelled." in post(client, meeting).content.decode()


# Officer triage and publication ---------------------------------------------------------


def test_officer_accepts_answers_and_publishes_name_only(
    client: Client, officer_client: Client, meeting: Meeting
) -> None:
    post(client, meeting)
    post(
        client,
        meeting,
        kind="statement",
        name="Sam Speaker",
        email="sam@example.org",
        address="2 Hidden Row",
        phone="07700 900123",
        text="I support the proposal.",
    )
    question = PublicQuestion.objects.get(kind="question")
    statement = PublicQuestion.objects.get(kind="statement")
    councillor = CouncillorFactory(council=meeting.committee.council, last_name="Holder")

    detail = officer_client.get(
        reverse("backoffice:participation_submission", args=["public", question.pk])
    )
    assert detail.status_code == 200
    assert ADDRESS in detail.content.decode()  # officers see contact details to reply

    url = reverse("backoffice:participation_accept", args=["public", question.pk])
    assert officer_client.post(url).status_code == 302
    question.refresh_from_db()
    assert question.status == SubmissionStatus.ACCEPTED
    officer_client.post(reverse("backoffice:participation_accept", args=["public", statement.pk]))

    answer_url = reverse("backoffice:participation_answer", args=["public", question.pk])
    page = officer_client.post(answer_url, {"answer": "", "answered_by": ""}).content.decode()
    assert "Write the answer, or say a written reply will follow." in page
    response = officer_client.post(
        answer_url, {"answer": "Repairs start in May.", "answered_by": councillor.pk}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.answered_by) == (SubmissionStatus.ANSWERED, councillor)

    public_page = client.get(form_url(meeting, "published")).content.decode()
    assert "Pat Resident" not in public_page  # nothing published yet

    response = officer_client.post(
        reverse("backoffice:participation_publish", args=[meeting.pk]), {"title": ""}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.supplement is not None
    assert question.supplement.title.startswith(f"Supplement {question.supplement.number}")

    public_page = client.get(form_url(meeting, "published")).content.decode()
    assert "Pat Resident" in public_page and "Sam Speaker" in public_page
    assert "Repairs start in May." in public_page
    for private in (ADDRESS, EMAIL, PHONE, "2 Hidden Row", "sam@example.org", "07700 900123"):
        assert private not in public_page
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    for private in (ADDRESS, EMAIL, PHONE):
        assert private not in meeting_page

    # Nothing more to publish.
    officer_client.post(reverse("backoffice:participation_publish", args=[meeting.pk]))
    assert meeting.supplements.count() == 1

    minutes = services.minutes_text(meeting)
    assert "Question from Pat Resident to Portfolio Holder for Highways" in minutes
    assert f"Answer ({councillor.display_name}): Repairs start in May." in minutes
    assert "Statement from Sam Speaker" in minutes
    assert EMAIL not in minutes and ADDRESS not in minutes


def test_officer_rejects_with_a_reason_and_rejected_is_never_published(
    client: Client, officer_client: Client, meeting: Meeting
) -> None:
    post(client, meeting)
    question = PublicQuestion.objects.get()
    url = reverse("backoffice:participation_reject", args=["public", question.pk])
    page = officer_client.post(url, {"reason": ""}).content.decode()
    assert "Give the reason it is rejected." in page
    assert officer_client.post(url, {"reason": "Defamatory."}).status_code == 302
    assert len(mail.outbox) == 2  # the acknowledgement, then the reason
    assert mail.outbox[1].to == [EMAIL] and "The reason: Defamatory." in mail.outbox[1].body
    question.refresh_from_db()
    assert (question.status, question.rejection_reason) == (
        SubmissionStatus.REJECTED,
        "Defamatory.",
    )
    response = officer_client.post(reverse("backoffice:participation_publish", args=[meeting.pk]))
    assert response.status_code == 302
    assert meeting.supplements.count() == 0
    assert "Pat Resident" not in client.get(form_url(meeting, "published")).content.decode()
    assert services.minutes_text(meeting) == ""


def test_publishing_waits_for_the_agenda(officer_client: Client, meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(published_at=None)
    question = PublicQuestion.objects.create(
        meeting=meeting, name="A", email="a@example.org", text="Q?", received_at=timezone.now()
    )
    services.accept(question)
    with pytest.raises(services.ParticipationError, match="Publish the agenda first"):
        services.publish(meeting)


def test_officer_pages_need_an_officer_of_that_council(client: Client, meeting: Meeting) -> None:
    url = reverse("backoffice:participation_meeting", args=[meeting.pk])
    assert client.get(url).status_code == 302  # sign in first
    outsider = get_user_model().objects.create_user("other", password="x-long-pass-42")
    RoleAssignment.objects.create(
        user=outsider, council=CouncilFactory(), role=Role.DEMOCRATIC_SERVICES
    )
    other = Client()
    other.force_login(outsider)
    assert other.get(url).status_code == 403
    post(Client(), meeting)
    question = PublicQuestion.objects.get()
    accept = reverse("backoffice:participation_accept", args=["public", question.pk])
    assert other.post(accept).status_code == 403
    question.refresh_from_db()
    assert question.status == SubmissionStatus.RECEIVED


# Councillor questions -------------------------------------------------------------------


def test_councillor_questions_up_to_the_limit_sub_questions_included(
    officer_client: Client, meeting: Meeting
) -> None:
    council = meeting.committee.council
    asker = CouncillorFactory(council=council, first_name="Jo", last_name="Asker")
    holder = CouncillorFactory(council=council, first_name="Ash", last_name="Holder")
    url = reverse("backoffice:participation_councillor_new", args=[meeting.pk])
    first = {"councillor": asker.pk, "addressed_to": holder.pk, "text": "How many potholes?"}
    assert officer_client.post(url, first).status_code == 302
    parent = CouncillorQuestion.objects.get()
    sub = {"councillor": asker.pk, "parent": parent.pk, "text": "And how many were fixed?"}
    assert officer_client.post(url, sub).status_code == 302
    assert CouncillorQuestion.objects.filter(parent=parent).count() == 1
    page = officer_client.post(
        url, {"councillor": asker.pk, "text": "A third question?"}
    ).content.decode()
    assert "has already asked 2 questions for this meeting" in page
    assert "sub-questions" in page
    assert CouncillorQuestion.objects.count() == 2
    # Another councillor has their own allowance.
    other = CouncillorFactory(council=council)
    assert officer_client.post(url, {"councillor": other.pk, "text": "Q?"}).status_code == 302

    # Same lifecycle: accept, answer, publish; the published page names the councillor.
    services.accept(parent)
    services.answer(parent, text="Four hundred.", answered_by=holder)
    services.publish(meeting)
    page = Client().get(form_url(meeting, "published")).content.decode()
    assert "Question from Cllr Jo Asker" in page and "Four hundred." in page
    assert "Question from Cllr Jo Asker to Cllr Ash Holder" in services.minutes_text(meeting)


def test_councillor_question_after_the_councillor_deadline_is_refused(
    officer_client: Client, meeting: Meeting
) -> None:
    council = meeting.committee.council
    council.councillor_question_deadline_rule = "the working day before, 12:00"
    council.save()
    Meeting.objects.filter(pk=meeting.pk).update(start=timezone.now() + dt.timedelta(hours=3))
    asker = CouncillorFactory(council=council)
    url = reverse("backoffice:participation_councillor_new", args=[meeting.pk])
    page = officer_client.post(url, {"councillor": asker.pk, "text": "Q?"}).content.decode()
    assert "The deadline for councillors&#x27; questions for this meeting has passed" in page
    assert not CouncillorQuestion.objects.exists()


def test_councillor_limit_is_the_councils_setting(meeting: Meeting) -> None:
    council = meeting.committee.council
    council.councillor_questions_per_meeting = 1
    council.save()
    asker = CouncillorFactory(council=council)
    services.submit_councillor_question(meeting, councillor=asker, text="One")
    with pytest.raises(services.ParticipationError, match="allow 1"):
        services.submit_councillor_question(meeting, councillor=asker, text="Two")


def test_normalise_email() -> None:
    assert services.normalise_email(" A.B+x@Example.ORG ") == "a.b@example.org"
    assert services.normalise_email("") == ""


def test_meeting_page_links_to_the_form_and_the_published_questions(
    client: Client, meeting: Meeting
) -> None:
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert form_url(meeting) in page
    assert form_url(meeting, "published") in page


def test_minutes_text_covers_written_replies_and_petitions(meeting: Meeting) -> None:
    council = meeting.committee.council
    question = services.submit_public(
        meeting, kind="question", name="Ash Asker", email="ash@example.org", text="Why?"
    )
    petition = services.submit_public(
        meeting,
        kind="petition",
        name="Lead Petitioner",
        email="lead@example.org",
        text="Save the library.",
        signatures=1250,
        on_behalf_of="Friends of the Library",
    )
    services.accept(question)
    services.answer(question, text="", answered_by=None, written_reply=True)
    services.accept(petition)
    responder = CouncillorFactory(council=council, first_name="Chris", last_name="Chair")
    services.answer(petition, text="Referred to Cabinet.", answered_by=responder)
    text = services.minutes_text(meeting)
    assert "Questions from the public: 1 received and considered." in text
    assert "Why?\nA written reply will be sent." in text
    assert "Petition from Lead Petitioner (Friends of the Library), with 1250 signatures:" in text
    assert "Answer (Cllr Chris Chair): Referred to Cabinet." in text
    assert "ash@example.org" not in text
