"""The demo's packs and minutes PDFs: queued when the load commits, built by the worker.

The tests switch on what ``settings.test`` switches off for speed: pack builds on
publication, and a real task queue (django-tasks' database backend) in place of the
immediate one.
"""

from __future__ import annotations

import signal
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from minutebook.demo import background, load_demo
from minutebook.documents.models import Document, DocumentKind
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.packs.models import Audience, GeneratedDocument, Product

TODAY = date(2026, 3, 11)
HELD = ("held", "minutes_approved")
PACK = "minutebook.packs.tasks.generate_pack"
MINUTES = "minutebook.packs.tasks.generate_minutes"


@pytest.fixture
def queue(settings: Any) -> None:
    settings.MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued() -> list[tuple[str, list[Any], int]]:
    """The demo's builds in the order a worker claims them."""
    rows = DBTaskResult.objects.ready().filter(task_path__in=[PACK, MINUTES])
    return [(r.task_path, r.args_kwargs["args"], r.priority) for r in rows]


def expected() -> set[tuple[str, tuple[Any, ...]]]:
    published = Meeting.objects.filter(published_at__isnull=False)
    supplements = AgendaItem.public_objects.filter(supplement__isnull=False).values_list(
        "meeting_id", "supplement_id"
    )
    return (
        {(PACK, (pk, None)) for pk in published.values_list("pk", flat=True)}
        | {(PACK, pair) for pair in supplements}
        | {(MINUTES, (pk,)) for pk in published.filter(state__in=HELD).values_list("pk", flat=True)}
    )


@pytest.mark.django_db
def test_load_queues_every_build_upcoming_first(
    queue: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        result = load_demo(seed=1, today=TODAY)
    builds = queued()
    assert {(path, tuple(args)) for path, args, _ in builds} == expected()
    assert (
        len(builds) == result.counts["queued_pack_builds"] + result.counts["queued_minutes_builds"]
    )
    # Upcoming meetings' packs first, soonest first, at the ordinary priority...
    upcoming = list(
        Meeting.objects.filter(published_at__isnull=False)
        .exclude(state__in=HELD)
        .order_by("start")
        .values_list("pk", flat=True)
    )
    assert upcoming
    assert [args[0] for _, args, _ in builds[: len(upcoming)]] == upcoming
    assert {priority for _, _, priority in builds[: len(upcoming)]} == {0}
    # ...then held meetings, newest first, each its minutes then its pack, below that.
    held = list(
        Meeting.objects.filter(state__in=HELD).order_by("-start").values_list("pk", flat=True)
    )
    rest = [args[0] for _, args, _ in builds[len(upcoming) :]]
    assert list(dict.fromkeys(rest)) == held
    assert builds[len(upcoming)][0] == MINUTES
    assert all(priority < 0 for _, _, priority in builds[len(upcoming) :])


@pytest.mark.django_db
def test_no_builds_queued_when_packs_on_publication_are_off(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MINUTEBOOK_GENERATE_PACKS_ON_PUBLISH = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = load_demo(seed=1, today=TODAY)
    assert "queued_pack_builds" not in result.counts
    assert not [c for c in callbacks if getattr(c, "__module__", "") == background.__name__]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_worker_builds_every_pack_and_the_minutes(queue: None, client: Client) -> None:
    """Load (committed), then a worker in batch mode runs the queue; every published
    meeting's pack link then serves a PDF, and each held meeting lists its minutes PDF."""
    load_demo(seed=1, today=TODAY)
    total = len(queued())
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", "--no-reload")
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    done = DBTaskResult.objects.filter(task_path__in=[PACK, MINUTES])
    assert done.filter(status="SUCCESSFUL").count() == total, list(
        done.exclude(status="SUCCESSFUL").values_list(
            "task_path", "args_kwargs", "exception_class_path"
        )
    )
    first = done.order_by("started_at").first()
    assert first is not None and first.task_path == PACK
    assert Meeting.objects.get(pk=first.args_kwargs["args"][0]).state == "agenda_published"

    for meeting in Meeting.objects.filter(published_at__isnull=False).select_related(
        "committee__council"
    ):
        kwargs = {
            "council": meeting.committee.council.slug,
            "committee": meeting.committee.slug,
            "meeting": meeting.slug,
        }
        response = client.get(reverse("publishing:pack", kwargs={**kwargs, "fmt": "pdf"}))
        assert response.status_code == 200, meeting
        assert b"".join(response.streaming_content).startswith(b"%PDF"), meeting
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert "agenda-pack.pdf" in page, meeting
        if meeting.state in HELD:
            minutes = Document.public_objects.get(
                meeting=meeting, kind=DocumentKind.MINUTES, file__endswith=".pdf"
            )
            url = reverse(
                "publishing:document", kwargs={"council": kwargs["council"], "pk": minutes.pk}
            )
            assert url in page, meeting
            response = client.get(url)
            assert response.status_code == 200
            assert b"".join(response.streaming_content).startswith(b"%PDF")
    # Members' versions where papers are exempt, and the urgent item's supplement pack.
    built = GeneratedDocument.objects
    assert built.filter(product=Product.AGENDA_PACK, audience=Audience.MEMBERS).exists()
    assert built.filter(product=Product.SUPPLEMENT, audience=Audience.PUBLIC).exists()
