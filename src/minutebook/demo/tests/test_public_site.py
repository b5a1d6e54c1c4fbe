"""The demo as a resident meets it: every feature on the public site, right after the load.

All through Django's test client and the real views; the packs and minutes PDFs, which
the load queues for the task worker, are built by running the queue in
``test_background.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from minutebook.alerts.models import AlertKind, Subscription
from minutebook.attendance.models import Attendance, Capacity
from minutebook.decisions.models import CallInState, Decision, MinuteItem
from minutebook.demo.testing import demo_loaded
from minutebook.interests.models import Declaration
from minutebook.interests.services import person_slug
from minutebook.meetings.models import Meeting, MeetingState, Supplement
from minutebook.minutes.models import Minutes, MinutesState, Motion, VoteMethod
from minutebook.participation.models import PublicQuestion
from minutebook.search.indexing import rebuild, source_ids
from minutebook.search.models import SearchEntry

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 11)
HELD = (MeetingState.HELD, MeetingState.MINUTES_APPROVED)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any, run_tmp: Path) -> Iterator[Any]:
    """The demo for the module (the tests only read), gone at its end (``demo_loaded``)."""
    with django_db_blocker.unblock(), demo_loaded(TODAY, run_tmp) as demo:
        yield demo


def page(client: Client, url: str) -> str:
    """The page's words, tags stripped and spaces collapsed."""
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_every_held_meeting_has_its_minutes_and_attendance(demo: Any, client: Client) -> None:
    held = list(Meeting.objects.filter(state__in=HELD).select_related("committee__council"))
    assert len(held) >= 20
    states = set()
    for meeting in held:
        assert "Minutes and attendance" in page(client, meeting.get_absolute_url())
        minutes = page(client, meeting.get_absolute_url() + "minutes/")
        assert "not yet available" not in minutes, meeting
        assert "Present" in minutes, meeting
        record = Minutes.objects.get(meeting=meeting)
        states.add(record.state)
        if meeting.state == MeetingState.MINUTES_APPROVED:
            assert record.state in (MinutesState.CONFIRMED, MinutesState.LOCKED)
            assert "Confirmed as a correct record" in minutes, meeting
            assert record.signed_by_name in minutes
        else:
            assert "Draft" in minutes, meeting
    assert {MinutesState.DRAFT, MinutesState.LOCKED} <= states
    # Apologies, substitutes and an online member (no vote in England) on the registers.
    assert Attendance.objects.filter(status="apologies").exists()
    substitute = Attendance.objects.filter(capacity=Capacity.SUBSTITUTE).first()
    assert substitute is not None
    text = page(client, substitute.meeting.get_absolute_url() + "minutes/")
    assert f"substitute for {substitute.substitute_for.display_name}" in text
    remote = Attendance.objects.filter(mode="remote").first()
    assert remote is not None and not remote.has_vote and not remote.counts_to_quorum


def test_minutes_record_motions_and_votes(demo: Any, client: Client) -> None:
    planning = Motion.objects.filter(
        minute_item__committee__slug="planning", vote_method=VoteMethod.COUNTS
    ).first()
    assert planning is not None
    url = planning.minute_item.meeting.get_absolute_url() + "minutes/"
    assert planning.vote_text in page(client, url)
    # The budget is decided on a recorded vote; an amendment is lost on one.
    recorded = Motion.objects.filter(vote_method=VoteMethod.RECORDED).select_related(
        "minute_item__meeting"
    )
    assert recorded.filter(kind="amendment", outcome="lost").exists()
    assert recorded.filter(text__contains="budget", outcome="carried").exists()
    for motion in recorded:
        voters = set(
            Attendance.objects.filter(
                meeting=motion.minute_item.meeting, has_vote=True
            ).values_list("person_id", flat=True)
        )
        named = set(motion.recorded_votes.values_list("person_id", flat=True))
        assert named and named <= voters
        text = page(client, motion.minute_item.meeting.get_absolute_url() + "minutes/")
        assert motion.vote_text in text
        assert "Against" in text


def test_search_finds_papers_at_once(demo: Any, client: Client) -> None:
    text = page(client, f"/{demo.council.slug}/search/?q=budget")
    found = re.search(r"([\d,]+) results?", text)
    assert found and int(found.group(1).replace(",", "")) >= 10, text[:500]
    # Complete: every public thing the index would take has its row.
    assert demo.counts["search_entries"] == SearchEntry.objects.count()
    assert SearchEntry.objects.count() > 0.9 * len(list(source_ids(demo.council.pk)))
    for kind in ("report", "agenda_item", "minute", "decision", "forward_plan", "appendix"):
        assert SearchEntry.objects.filter(kind=kind).exists(), kind
    # The very rows the search app's own rebuild writes.
    fields = [f.attname for f in SearchEntry._meta.concrete_fields]
    fields = [f for f in fields if f not in ("id", "indexed_at")]

    def rows() -> set[str]:
        return {json.dumps(r, default=str) for r in SearchEntry.objects.values(*fields)}

    loaded = rows()
    assert rebuild(demo.council.pk) == len(loaded)
    assert rows() == loaded


def test_decisions_register_shows_a_called_in_decision(demo: Any, client: Client) -> None:
    called = Decision.public_objects.get(call_in_state=CallInState.CALLED_IN)
    text = page(client, f"/{demo.council.slug}/decisions/?status=called-in")
    assert called.title in text and "Called in" in text
    assert "Called in" in page(client, f"/{demo.council.slug}/decisions/{called.pk}/")


def test_no_decision_is_published_after_the_demos_now(demo: Any, client: Client) -> None:
    """A meeting of the last two working days has its decisions, not yet published: no
    publication time in the future, no call-in period, and no title on the public site."""
    now = datetime.combine(TODAY, time(12), tzinfo=ZoneInfo("Europe/London"))
    assert not Decision.officer_objects.filter(published_at__gt=now).exists()
    waiting = list(
        Decision.officer_objects.filter(published_at__isnull=True, meeting__start__lt=now)
    )
    assert waiting, "the demo holds a meeting in the two working days before TODAY"
    for decision in waiting:
        assert decision.call_in_state == CallInState.NOT_APPLICABLE
        assert decision.call_in_expires is None and decision.in_force_date is None
    published = set(
        Decision.public_objects.published()
        .filter(council=demo.council)
        .values_list("title", flat=True)
    )
    assert published
    home = page(client, f"/{demo.council.slug}/")
    register = page(client, f"/{demo.council.slug}/decisions/")
    # Titles shared with a published decision (a matter decided by two bodies) aside.
    titles = {d.title for d in waiting if not d.is_exempt} - published
    assert titles
    for title in titles:
        assert title not in home and title not in register


def test_questions_and_declarations_are_published(demo: Any, client: Client) -> None:
    question = (
        PublicQuestion.objects.filter(supplement__isnull=False, answer__gt="")
        .select_related("meeting__committee__council")
        .first()
    )
    assert question is not None
    text = page(client, question.meeting.get_absolute_url() + "questions/published/")
    assert question.name in text and question.answer[:40] in text
    assert question.address not in text and question.email not in text
    # Nothing is published after the demo's "now" (midday on TODAY).
    now = datetime.combine(TODAY, time(12), tzinfo=ZoneInfo("Europe/London"))
    assert not Supplement.objects.filter(published_at__gt=now).exists()
    assert PublicQuestion.objects.filter(supplement=None).exists()  # still to be published
    declaration = Declaration.objects.select_related("person", "meeting").first()
    assert declaration is not None
    minutes = page(client, declaration.meeting.get_absolute_url() + "minutes/")
    assert "declared an interest" in minutes
    person = declaration.person
    url = f"/{demo.council.slug}/councillors/{person.pk}-{person_slug(person)}/interests/"
    assert declaration.nature[:30] in page(client, url)


def test_work_programmes_plans_and_alerts(demo: Any, client: Client) -> None:
    pages = [
        page(client, f"/{demo.council.slug}/{committee}/work-programme/")
        for committee in ("people-and-health-scrutiny", "place-and-resources-scrutiny")
    ]
    for text in pages:
        for status in ("Scheduled for a meeting", "Commissioned", "Reported to the committee"):
            assert status in text, status
    assert any("Referred onward" in text for text in pages)  # recommendations to Cabinet
    plans = page(client, f"/{demo.council.slug}/plans/")
    assert "SEND Written Statement of Action" in plans and "Strategic Risk Register" in plans
    send = page(client, f"/{demo.council.slug}/plans/send-written-statement-of-action/")
    assert "Clear the backlog" in send and "Significant risk" in send
    risks = page(client, f"/{demo.council.slug}/plans/strategic-risk-register/")
    assert "Very high" in risks
    # A confirmed saved-search alert, whose search finds papers.
    alert = Subscription.objects.get(council=demo.council, kind=AlertKind.SEARCH)
    assert alert.is_active and alert.email
    text = page(client, f"/{demo.council.slug}/search/?q={alert.query}")
    assert re.search(r"[1-9][\d,]* results?", text), text[:500]


def test_minute_numbers_in_the_register_match_the_minutes(demo: Any) -> None:
    """Confirmed minutes name the later meeting's "minutes" item and its minute."""
    for record in Minutes.objects.exclude(state=MinutesState.DRAFT).select_related(
        "confirmed_at_meeting", "confirmation_minute", "confirmed_item", "meeting"
    ):
        later = record.confirmed_at_meeting
        assert later.committee_id == record.meeting.committee_id
        assert later.start > record.meeting.start
        assert record.confirmation_minute.meeting_id == later.pk
        assert record.confirmed_item.standing_kind == "minutes"
        assert record.signed_at >= later.start
    assert MinuteItem.officer_objects.filter(motions__isnull=False).exists()
