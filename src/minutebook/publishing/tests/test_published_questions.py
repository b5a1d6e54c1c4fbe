"""One rule for which questions are published (``SubmissionQuerySet.published``), and
every public path showing exactly what it says: the meeting's published questions page,
the OParl ``minutebook:`` question lists and a councillor's public page.

Each submission is in a different state (published, withdrawn or rejected after it was
published, accepted but not yet in a supplement); a path that grows a filter of its own
disagrees with the rule on one of them.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from minutebook.committees.factories import CommitteeFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.meetings.factories import MeetingFactory
from minutebook.meetings.models import Supplement
from minutebook.participation.factories import PublicQuestionFactory
from minutebook.participation.models import (
    CouncillorQuestion,
    PublicQuestion,
    SubmissionStatus,
)
from minutebook.people.factories import CouncillorFactory
from minutebook.publishing.registers import councillor_url

pytestmark = pytest.mark.django_db

#: (text, in a supplement, status) for each submission, public and councillor alike.
STATES = [
    ("answered-in-supplement", True, SubmissionStatus.ANSWERED),
    ("accepted-in-supplement", True, SubmissionStatus.ACCEPTED),
    ("withdrawn-after-publication", True, SubmissionStatus.WITHDRAWN),
    ("rejected-after-publication", True, SubmissionStatus.REJECTED),
    ("accepted-not-yet-published", False, SubmissionStatus.ACCEPTED),
    ("received-not-yet-published", False, SubmissionStatus.RECEIVED),
]


@pytest.fixture
def world() -> dict[str, Any]:
    council = CouncilFactory(slug="qs")
    committee = CommitteeFactory(council=council, slug="cabinet")
    start = dt.datetime(2025, 3, 4, 18, tzinfo=dt.UTC)
    meeting = MeetingFactory(
        committee=committee, start=start, published_at=start - dt.timedelta(days=8)
    )
    supplement = Supplement.objects.create(
        meeting=meeting, number=1, published_at=start - dt.timedelta(days=2)
    )
    asker = CouncillorFactory(council=council)
    for i, (label, published, status) in enumerate(STATES):
        PublicQuestionFactory(
            meeting=meeting,
            text=f"public-{label}",
            status=status,
            supplement=supplement if published else None,
        )
        CouncillorQuestion.objects.create(
            meeting=meeting,
            councillor=asker,
            order=i,
            text=f"councillor-{label}",
            received_at=start - dt.timedelta(days=6),
            status=status,
            supplement=supplement if published else None,
        )
    return {"council": council, "meeting": meeting, "asker": asker}


def texts(model: Any) -> set[str]:
    return set(model.objects.published().values_list("text", flat=True))


def shown(page: str, candidates: set[str]) -> set[str]:
    return {t for t in candidates if t in page}


def test_the_rule_publishes_only_questions_in_a_supplement_and_not_withdrawn_or_rejected(
    world: dict[str, Any],
) -> None:
    assert texts(PublicQuestion) == {
        "public-answered-in-supplement",
        "public-accepted-in-supplement",
    }
    assert texts(CouncillorQuestion) == {
        "councillor-answered-in-supplement",
        "councillor-accepted-in-supplement",
    }


def test_every_public_path_shows_exactly_the_published_questions(
    world: dict[str, Any], client: Client
) -> None:
    every = {f"{who}-{label}" for who in ("public", "councillor") for label, _, _ in STATES}
    published = texts(PublicQuestion) | texts(CouncillorQuestion)
    meeting = world["meeting"]

    # The meeting's published questions page (participation.services.published_for).
    url = reverse(
        "publishing:participation:published",
        kwargs={
            "council": "qs",
            "committee": meeting.committee.slug,
            "meeting": meeting.slug,
        },
    )
    response = client.get(url)
    assert response.status_code == 200
    assert shown(html.unescape(response.content.decode()), every) == published

    # The OParl lists (api.record), public and councillors' questions.
    seen: set[str] = set()
    for name in ("public-questions", "councillor-questions"):
        response = client.get(f"/oparl/v1/body/qs/minutebook/{name}")
        assert response.status_code == 200, name
        seen |= {row["text"] for row in response.json()["data"]}
    assert seen == published

    # The councillor's page lists the questions they asked (publishing.people_pages).
    response = client.get(councillor_url(world["asker"]))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert shown(page, every) == texts(CouncillorQuestion)
