"""Issue 14 (items 3-5) through the real path: nothing of draft minutes is public before
publication (pages, search, feeds, OParl), a council that publishes drafts shows only
the minutes marked ready, the minutes document holds the whole record and is locked
with the minutes, and starting minutes alerts no one while publishing them alerts once.

Documents are built by the minutes services' after-commit task (ImmediateBackend in
tests, with ``MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH`` on):
``django_capture_on_commit_callbacks(execute=True)`` runs it. Each PDF costs
about a second, so only the document tests build any.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutebook.alerts import services as alerts
from minutebook.alerts.models import AlertKind, NewPaper, Subscription
from minutebook.attendance import services as attendance
from minutebook.attendance.models import AttendanceStatus
from minutebook.decisions.models import MinuteItem
from minutebook.documents.models import Document
from minutebook.interests.factories import DeclarationFactory
from minutebook.meetings import services as meetings
from minutebook.meetings.models import AgendaItem, Meeting, UrgencyKind, UrgencyRecord
from minutebook.minutes import services
from minutebook.minutes.models import Minutes, MotionOutcome, VoteMethod
from minutebook.minutes.tests.test_minutes import Setup
from minutebook.packs.minutes import generate_minutes
from minutebook.packs.models import Audience, Format, GeneratedDocument, Product
from minutebook.packs.services import MinutesLocked
from minutebook.participation.factories import PublicQuestionFactory
from minutebook.participation.models import CouncillorQuestion, SubmissionStatus
from minutebook.search.models import SearchEntry

pytestmark = pytest.mark.django_db

READY = "READYTOKEN7Q"
DRAFT = "DRAFTTOKEN4K"
#: A word both minutes share, searched for (the search page repeats the query).
WORD = "alpacas"


@pytest.fixture
def s(settings: Any, tmp_path: Any) -> Setup:
    settings.MEDIA_ROOT = str(tmp_path)
    settings.MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH = True  # the minutes services build documents
    setup = Setup()
    for meeting in setup.meetings:
        meetings.publish_agenda(meeting, by=None, at=meeting.start - dt.timedelta(days=14))
    return setup


def _public_text(s: Setup, meeting: Meeting) -> str:
    """Everything an anonymous visitor can read of the meeting on every public route."""
    client = Client()
    council = s.council.slug
    kwargs = {"council": council, "committee": s.committee.slug, "meeting": meeting.slug}
    pages = [
        meeting.get_absolute_url(),
        reverse("publishing:minutes:minutes", kwargs=kwargs),
        reverse("publishing:search", kwargs={"council": council}) + f"?q={WORD}",
        reverse("feeds:documents_rss", kwargs={"council": council}),
        reverse("feeds:decisions_rss", kwargs={"council": council}),
        f"/oparl/v1/meeting/{meeting.pk}",
    ]
    for item in AgendaItem.public_objects.filter(meeting=meeting):
        pages.append(f"/oparl/v1/agenda-item/{item.pk}")
    out = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        out.append(response.content.decode())
    out += [f"{e.title} {e.body}" for e in SearchEntry.objects.all()]
    return "\n".join(out)


def _minutes_with_tokens(s: Setup) -> tuple[MinuteItem, MinuteItem]:
    meeting = s.meetings[0]
    services.start_minutes(meeting)
    ready, draft = MinuteItem.officer_objects.filter(
        meeting=meeting, agenda_item__parent__isnull=True
    ).order_by("number")[:2]
    services.update_minute(
        ready, title=ready.title, text=f"{READY} discussed {WORD}", resolution="Noted.", reasons=""
    )
    services.mark_ready(ready)
    services.update_minute(
        draft, title=draft.title, text=f"{DRAFT} typed {WORD}", resolution=f"{DRAFT} resolved"
    )
    return ready, draft


def test_draft_minutes_reach_no_public_route(s: Setup) -> None:
    _minutes_with_tokens(s)
    text = _public_text(s, s.meetings[0])
    assert READY not in text and DRAFT not in text
    assert "not yet available" in text
    assert not NewPaper.objects.filter(kind="minute").exists()


def test_a_council_that_publishes_drafts_shows_only_ready_minutes(s: Setup) -> None:
    ready, _ = _minutes_with_tokens(s)
    s.council.publish_draft_minutes = True
    s.council.save()
    text = _public_text(s, s.meetings[0])
    assert READY in text and DRAFT not in text
    assert SearchEntry.objects.filter(kind="minute", object_id=ready.pk).exists()
    assert list(MinuteItem.public_objects.published().filter(meeting=s.meetings[0])) == [ready]
    # Turned off again: the ready minute leaves every route, the index included.
    s.council.publish_draft_minutes = False
    s.council.save()
    text = _public_text(s, s.meetings[0])
    assert READY not in text and DRAFT not in text
    # Confirmed: the whole record is public.
    services.confirm_minutes(
        Minutes.objects.get(meeting=s.meetings[0]),
        at=s.meetings[1],
        signed_by=s.members[0],
        signed_at=s.meetings[1].start,
    )
    text = _public_text(s, s.meetings[0])
    assert READY in text and DRAFT in text


def _whole_record(s: Setup) -> Meeting:
    meeting = s.meetings[0]
    chair, member, third, absent = s.members[:4]
    for person in (chair, member, third):
        attendance.record_attendance(meeting, person, status=AttendanceStatus.PRESENT)
    attendance.record_attendance(meeting, absent, status=AttendanceStatus.APOLOGIES)
    budget = AgendaItem.public_objects.get(meeting=meeting, title="Budget monitoring")
    DeclarationFactory(
        meeting=meeting, agenda_item=budget, person=member, nature="Owns shares in BuildCo"
    )
    PublicQuestionFactory(
        meeting=meeting,
        name="Ada Resident",
        email="ada-private@example.org",
        text="When will the library reopen?",
        answer="In the spring, after the roof repairs.",
        status=SubmissionStatus.ANSWERED,
    )
    CouncillorQuestion.objects.create(
        meeting=meeting,
        councillor=third,
        text="How many potholes were filled?",
        answer="Four hundred and twelve.",
        received_at=meeting.start - dt.timedelta(days=3),
        status=SubmissionStatus.ANSWERED,
    )
    UrgencyRecord.objects.create(
        meeting=meeting,
        kind=UrgencyKind.SUPPLEMENT,
        chair_name=chair.display_name,
        reason="The grant deadline falls before the next meeting.",
        published_at=meeting.start - dt.timedelta(days=2),
        clear_days=1,
        required_days=5,
    )
    services.start_minutes(meeting)
    minute = MinuteItem.officer_objects.get(meeting=meeting, agenda_item=budget)
    services.add_motion(
        minute,
        text="That the budget report be noted",
        outcome=MotionOutcome.CARRIED,
        proposer=chair,
        seconder=third,
        vote_method=VoteMethod.COUNTS,
        votes_for=2,
        votes_against=1,
    )
    return meeting


def _current(meeting: Meeting, fmt: str = Format.PDF) -> GeneratedDocument:
    return GeneratedDocument.objects.select_related("document").get(
        meeting=meeting, product=Product.MINUTES, audience=Audience.PUBLIC, format=fmt
    )


def test_minutes_document_is_the_whole_record_versioned_and_locked_on_confirmation(
    s: Setup, django_capture_on_commit_callbacks: Any
) -> None:
    meeting = _whole_record(s)
    minute = MinuteItem.officer_objects.filter(meeting=meeting).order_by("number").first()
    # Unpublished draft: the service's build makes nothing public.
    with django_capture_on_commit_callbacks(execute=True):
        services.update_minute(minute, title=minute.title, text="First draft.", resolution="")
    assert not GeneratedDocument.objects.filter(meeting=meeting).exists()
    # A council that publishes drafts: one version, then another when the draft changes.
    s.council.publish_draft_minutes = True
    s.council.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_ready(minute)
    first = _current(meeting).document
    assert first.title == "Draft minutes" and first.version == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.update_minute(minute, title=minute.title, text="Second draft.", resolution="")
    second = _current(meeting).document
    assert second.version == 2 and second.replaces_id == first.pk
    # Confirmed: built as approved and signed, and locked with the minutes.
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_minutes(
            Minutes.objects.get(meeting=meeting),
            at=s.meetings[1],
            signed_by=s.members[0],
            signed_at=s.meetings[1].start,
        )
    current = _current(meeting)
    assert current.locked and current.document.version == 3
    pdf = " ".join(current.document.extracted_text.split())
    assert "Approved as a correct record" in pdf and s.members[0].full_name in pdf
    assert s.members[3].full_name in pdf  # apologies
    assert "Owns shares in BuildCo" in pdf  # the declaration, against its item
    assert "When will the library reopen?" in pdf and "after the roof repairs" in pdf
    assert "How many potholes were filled?" in pdf and "Four hundred and twelve" in pdf
    assert "The grant deadline falls before the next meeting." in pdf
    assert "For 2, against 1" in pdf
    assert "ada-private@example.org" not in pdf
    with pytest.raises(MinutesLocked):
        generate_minutes(meeting)
    # The public meeting and minutes pages link the current PDF and web page.
    pdf_url = reverse(
        "publishing:document", kwargs={"council": s.council.slug, "pk": current.document_id}
    )
    html_url = reverse(
        "publishing:document",
        kwargs={"council": s.council.slug, "pk": _current(meeting, Format.HTML).document_id},
    )
    kwargs = {"council": s.council.slug, "committee": s.committee.slug, "meeting": meeting.slug}
    for page in (meeting.get_absolute_url(), reverse("publishing:minutes:minutes", kwargs=kwargs)):
        body = Client().get(page).content.decode()
        assert pdf_url in body and html_url in body
    assert Client().get(pdf_url).status_code == 200


def test_starting_minutes_alerts_no_one_and_publishing_them_alerts_once(
    s: Setup, django_capture_on_commit_callbacks: Any
) -> None:
    meeting = s.meetings[0]
    for n in range(22):
        meetings.add_item(meeting, title=f"Late item {n}")
    Subscription.objects.create(
        council=s.council,
        email="resident@example.org",
        kind=AlertKind.COMMITTEE,
        committee=s.committee,
        site_url="http://testserver",
        confirmed_at=timezone.now() - dt.timedelta(days=1),
    )
    NewPaper.objects.all().delete()  # the agendas published by the fixture
    with django_capture_on_commit_callbacks(execute=True):
        services.start_minutes(meeting)
    assert MinuteItem.officer_objects.filter(meeting=meeting).count() >= 24
    assert not NewPaper.objects.exists()
    alerts.run_digests()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_minutes(
            Minutes.objects.get(meeting=meeting),
            at=s.meetings[1],
            signed_by=s.members[0],
            signed_at=s.meetings[1].start,
        )
    pdf = _current(meeting).document
    assert [(p.kind, p.object_id) for p in NewPaper.objects.all()] == [("document", pdf.pk)]
    run = alerts.run_digests()
    assert run.emails == 1 and len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Meeting document published: Minutes"
    assert Document.public_objects.filter(pk=pdf.pk).exists()
