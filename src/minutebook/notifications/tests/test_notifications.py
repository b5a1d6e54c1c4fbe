"""Each notification through the real path: the step is taken through the site (test
client), the e-mail is sent by the task worker from the database queue (as
``minutebook worker`` runs it), and the notification shows on the person's dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minutebook.accounts.testing import build_world, make_user
from minutebook.committees.factories import CommitteeFactory, MembershipFactory
from minutebook.committees.models import CommitteeKind, MembershipRole
from minutebook.decisions import services as decision_services
from minutebook.decisions.factories import DecisionFactory
from minutebook.interests.models import Tenure
from minutebook.jobs.worker import Worker
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory
from minutebook.notifications.models import Notification, NotificationKind
from minutebook.participation import guard
from minutebook.people.factories import CouncillorFactory
from minutebook.reports.factories import ReportFactory
from minutebook.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings: Any) -> Any:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MINUTEBOOK_TASK_HEARTBEAT_SECONDS = 0
    settings.MINUTEBOOK_BASE_URL = "https://minutes.example.gov.uk"
    built = build_world()
    Notification.objects.all().delete()  # the world's own set-up (a report assigned)
    return built


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def run_worker() -> int:
    """Run every queued task once, as ``minutebook worker --batch`` would."""
    return Worker(batch=True, interval=0).run()


def enqueue_and_run(task_path: str) -> None:
    from django.utils.module_loading import import_string

    import_string(task_path).enqueue()
    run_worker()


def to(user: Any) -> list[Any]:
    return [m for m in mail.outbox if user.email in m.to]


def kinds(user: Any) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_report_assigned_submitted_cleared_and_returned(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    dso, author, finance, legal = (world.user(n) for n in ("dso", "author", "finance", "legal"))
    # Assigned: democratic services starts a report for the author.
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(dso).post(
            "/admin/reports/report/add/",
            {
                "council": world.council.pk,
                "title": "Allotment rents",
                "assigned_to": author.pk,
                **{
                    f"{p}-{n}": 0
                    for p in ("authors", "documents", "agenda_items", "clearances")
                    for n in ("TOTAL_FORMS", "INITIAL_FORMS")
                },
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = Report.officer_objects.get(title="Allotment rents")
    assert kinds(author) == [NotificationKind.REPORT_ASSIGNED]
    assert not mail.outbox, "nothing is e-mailed in the request"
    assert DBTaskResult.objects.filter(status="READY").exists()
    run_worker()
    (assigned,) = to(author)
    assert "Allotment rents" in assigned.subject
    assert f"https://minutes.example.gov.uk/officer/reports/{report.pk}/" in assigned.body
    assert not to(dso), "the one who assigned it is not told"

    # Submitted: the author submits; finance and legal (the outstanding roles) hear.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert signed_in(author).post(f"/officer/reports/{report.pk}/submit/").status_code == 302
    run_worker()
    assert len(to(finance)) == 1 and len(to(legal)) == 1
    assert "waiting for your clearance" in to(finance)[0].subject
    assert not to(world.user("monitoring")), "not exempt: the monitoring officer is not asked"

    # Cleared: both sign off; the author and democratic services hear it is ready.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(finance).post(f"/officer/reports/{report.pk}/clear/", {"comment": "Fine."})
        signed_in(legal).post(f"/officer/reports/{report.pk}/clear/", {"comment": "Fine."})
    run_worker()
    assert ["cleared and ready" in m.subject for m in to(author)] == [True]
    assert ["cleared and ready" in m.subject for m in to(dso)] == [True]

    # Returned: finance returns the world's submitted report; democratic services hears
    # (it has no author), with no reason in the e-mail (it may hold exempt detail).
    mail.outbox.clear()
    submitted = world.submitted_report
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(finance).post(
            f"/officer/reports/{submitted.pk}/return/", {"comment": "Costs missing."}
        )
    run_worker()
    (returned,) = to(dso)
    assert "returned to the author" in returned.subject
    assert "Costs missing" not in returned.body

    # The dashboard shows the author's unread notifications, each a link; marking them
    # read takes them off.
    author_client = signed_in(author)
    page = author_client.get("/officer/").content.decode()
    assert "You have been asked to write the report" in page
    assert f'href="/officer/reports/{report.pk}/"' in page
    assert author_client.post("/officer/notifications/", {"all": "1"}).status_code == 302
    assert not Notification.objects.filter(user=author, read_at__isnull=True).exists()
    listing = author_client.get("/officer/notifications/").content.decode()
    assert "Read</strong>" in listing and "Unread</strong>" not in listing


def test_an_exempt_report_is_named_by_number_only(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report = ReportFactory(
        council=world.council,
        title="Redundancies in Waste",
        exempt_paragraphs=[1],
        assigned_to=world.user("author"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(world.user("author")).post(f"/officer/reports/{report.pk}/submit/")
    run_worker()
    mails = to(world.user("monitoring"))
    assert len(mails) == 1, "exempt: the monitoring officer clears it too"
    assert "Redundancies" not in mails[0].subject + mails[0].body
    assert f"exempt report no. {report.pk}" in mails[0].subject


def test_digest_instead_of_immediate(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    finance = world.user("finance")
    client = signed_in(finance)
    page = client.get("/officer/notifications/preferences/").content.decode()
    assert "Once a day" in page
    bad = client.post("/officer/notifications/preferences/", {"delivery": "weekly"})
    assert bad.status_code == 200 and "govuk-error-message" in bad.content.decode()
    assert (
        client.post("/officer/notifications/preferences/", {"delivery": "digest"}).status_code
        == 302
    )
    reports = [
        ReportFactory(council=world.council, title=t, assigned_to=world.user("author"))
        for t in ("Bus shelters", "Street lights")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for report in reports:
            signed_in(world.user("author")).post(f"/officer/reports/{report.pk}/submit/")
    run_worker()
    assert not to(finance), "digest: nothing at once"
    assert len(to(world.user("legal"))) == 2, "legal still hears at once"
    enqueue_and_run("minutebook.notifications.tasks.send_notification_digests")
    (digest,) = to(finance)
    assert "2 notifications" in digest.subject
    assert "Bus shelters" in digest.body and "Street lights" in digest.body
    assert "/officer/notifications/preferences/" in digest.body
    # Sent once: the next run (even the next hour) has nothing to send.
    enqueue_and_run("minutebook.notifications.tasks.send_notification_digests")
    assert len(to(finance)) == 1


def test_call_in_reaches_democratic_services_the_decision_maker_and_scrutiny_chair(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    council = world.council
    cabinet = CommitteeFactory(council=council, kind=CommitteeKind.EXECUTIVE, name="Cabinet")
    scrutiny = CommitteeFactory(
        council=council, kind=CommitteeKind.OVERVIEW_SCRUTINY, name="Scrutiny"
    )
    leader = CouncillorFactory(council=council, user=make_user("leader"))
    chair = CouncillorFactory(council=council, user=make_user("scrutinychair"))
    MembershipFactory(committee=cabinet, person=leader, role=MembershipRole.CHAIRMAN)
    MembershipFactory(committee=scrutiny, person=chair, role=MembershipRole.CHAIRMAN)
    meeting = MeetingFactory(committee=cabinet, start=timezone.now() - dt.timedelta(days=1))
    decision = DecisionFactory(meeting=meeting, title="Close the depot")
    decision_services.publish_decision(decision)
    signers = [CouncillorFactory(council=council) for _ in range(council.call_in_signatories)]
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(world.user("dso")).post(
            reverse("backoffice:decisions:call_in", args=[decision.pk]),
            {"signatories": [p.pk for p in signers], "grounds": "Not consulted."},
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    run_worker()
    for user in (leader.user, chair.user):
        (message,) = to(user)
        assert "call-in was received" in message.subject and "Close the depot" in message.subject
    assert not to(world.user("dso")), "the officer who recorded it is not told"
    leader_page = signed_in(leader.user).get("/members/notifications/").content.decode()
    assert "Close the depot" in leader_page


def test_question_received_reaches_democratic_services(
    world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cache.clear()
    settings.MINUTEBOOK_PARTICIPATION_MIN_FILL_SECONDS = 0
    meeting = world.meeting
    url = reverse(
        "publishing:participation:submit",
        kwargs={
            "council": world.council.slug,
            "committee": meeting.committee.slug,
            "meeting": meeting.slug,
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            url,
            {
                "kind": "question",
                "name": "Pat Resident",
                "address": "1 High Street",
                "email": "pat@example.org",
                "phone": "",
                "on_behalf_of": "",
                "addressed_to_text": "",
                "text": "When will the footpath be mended?",
                "signatures": "",
                "website": "",
                "started": guard.form_token(),
            },
        )
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    run_worker()
    (message,) = to(world.user("dso"))
    assert "public question was received" in message.subject
    assert not to(world.user("outsider_dso")), "another council's officers hear nothing"
    row = Notification.objects.get(user=world.user("dso"), kind=NotificationKind.QUESTION)
    assert signed_in(world.user("dso")).get(row.path).status_code == 200


def test_scan_deadlines_and_register_due(world: Any) -> None:
    dso, author = world.user("dso"), world.user("author")
    # A meeting in three days with no agenda out: the agenda and report deadlines have passed.
    soon = MeetingFactory(committee=world.committee, start=timezone.now() + dt.timedelta(days=3))
    draft = ReportFactory(council=world.council, title="Verge cutting", assigned_to=author)
    AgendaItemFactory(meeting=soon, report=draft, title="Verge cutting")
    # A councillor who took office five weeks ago and has registered nothing.
    Tenure.objects.create(
        person=world.people["councillor"], took_office=timezone.localdate() - dt.timedelta(days=35)
    )
    enqueue_and_run("minutebook.notifications.tasks.scan_notifications")
    dso_titles = list(
        Notification.objects.filter(user=dso, kind=NotificationKind.AGENDA_DEADLINE).values_list(
            "title", flat=True
        )
    )
    assert len(dso_titles) == 2 and all("was due" in t for t in dso_titles)
    author_rows = Notification.objects.filter(user=author, kind=NotificationKind.AGENDA_DEADLINE)
    # The author hears of both deadlines, each linking to their report (not the meeting,
    # which a report author cannot open).
    assert {row.path for row in author_rows} == {f"/officer/reports/{draft.pk}/"}
    assert author_rows.count() == 2
    assert len(to(dso)) == 2
    assert len([m for m in to(author) if "deadline was due" in m.subject]) == 2
    councillor = world.user("councillor")
    (register,) = to(councillor)
    assert "register of interests was due" in register.subject
    assert "/members/notifications/preferences/" in register.body
    # Scanning again tells no one twice.
    mail.outbox.clear()
    enqueue_and_run("minutebook.notifications.tasks.scan_notifications")
    assert not mail.outbox
    # The member sees it in the members' area and chooses the digest there.
    client = signed_in(councillor)
    assert "Localism Act 2011 s30" in client.get("/members/notifications/").content.decode()
    home = client.get("/members/").content.decode()
    assert "1 unread notification" in home and 'href="/members/interests/"' in home
    assert (
        client.post("/members/notifications/preferences/", {"delivery": "digest"}).status_code
        == 302
    )
    # Another council's officer hears of none of it.
    assert not Notification.objects.filter(user=world.user("outsider_dso")).exists()
