"""Alerts: double opt-in, one-click unsubscribe, and the scheduled digest: one email per
subscriber listing every new paper it matches (never exempt, withdrawn, imported or
unpublished ones), each paper sent once, however many digests run."""

from __future__ import annotations

import re
import socket
import threading
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus

from minutebook.alerts import services
from minutebook.alerts.models import AlertKind, NewPaper, PendingAlert, SentAlert, Subscription
from minutebook.alerts.tasks import send_alert_digests
from minutebook.alerts.tokens import confirm_token, unsubscribe_token
from minutebook.decisions.factories import DecisionFactory, MinuteItemFactory
from minutebook.decisions.models import Decision
from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.jobs.scheduler import schedule
from minutebook.people.factories import WardFactory
from minutebook.publishing.tests.scenario import CANARY, Scenario
from minutebook.search.tests.slow import slow_when


@pytest.fixture(autouse=True)
def _site_address(settings: Any) -> None:
    """Links in e-mails use the configured address; here, the test client's own."""
    settings.MINUTEBOOK_BASE_URL = "http://testserver"


def _link(body: str, kind: str) -> str:
    match = re.search(rf"http://testserver(/alerts/{kind}/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def _subscribe(client: Client, scenario: Scenario, **data: Any) -> Subscription:
    mail.outbox.clear()
    response = client.post(
        f"/{scenario.council.slug}/alerts/", {"email": "res@example.org", **data}
    )
    assert response.status_code == 200, response.content.decode()
    assert b"Check your email" in response.content
    return Subscription.objects.latest("created")


def _confirmed(client: Client, scenario: Scenario, **data: Any) -> Subscription:
    sub = _subscribe(client, scenario, **data)
    client.post(_link(mail.outbox[-1].body, "confirm"))
    sub.refresh_from_db()
    assert sub.is_active
    mail.outbox.clear()
    return sub


def _publish_decision(scenario: Scenario, **kwargs: Any) -> Decision:
    return DecisionFactory(meeting=scenario.held, published_at=timezone.now(), **kwargs)


def _digest(status: TaskResultStatus = TaskResultStatus.SUCCESSFUL) -> Any:
    """Run the scheduled task the way the worker does (the test backend runs it at once)."""
    result = send_alert_digests.enqueue()
    assert result.status == status, result.errors
    return result


def _decision_ids(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r"/wyvern-vale/decisions/(\d+)/", body)]


def test_the_digest_is_a_named_entry_on_the_schedule(settings: Any) -> None:
    entries = {e.name: e for e in schedule()}
    assert entries["alert-digests"].task == "minutebook.alerts.tasks.send_alert_digests"
    assert entries["alert-digests"].every == timedelta(minutes=15)
    settings.MINUTEBOOK_SCHEDULE_INTERVALS = "alert-digests=300"
    assert {e.name: e for e in schedule()}["alert-digests"].every == timedelta(minutes=5)


def test_subscription_needs_confirmation(client: Client, scenario: Scenario) -> None:
    sub = _subscribe(client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk)
    assert not sub.is_active
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["res@example.org"]
    link = _link(mail.outbox[0].body, "confirm")
    # Opening the link (as a mail scanner would) confirms nothing; the button does.
    page = client.get(link)
    assert page.status_code == 200 and b"Confirm alerts" in page.content
    sub.refresh_from_db()
    assert sub.confirmed_at is None
    done = client.post(link)
    assert b"Alerts confirmed" in done.content
    sub.refresh_from_db()
    assert sub.is_active


def test_unconfirmed_subscribers_get_nothing(client: Client, scenario: Scenario) -> None:
    _subscribe(client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk)
    mail.outbox.clear()
    _publish_decision(scenario, title="Tree planting")
    _digest()
    assert mail.outbox == []


def test_publishing_sends_nothing_until_the_digest(client: Client, scenario: Scenario) -> None:
    _confirmed(client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk)
    _publish_decision(scenario, title="Tree planting")
    assert mail.outbox == []
    assert NewPaper.objects.filter(kind="decision").exists()
    _digest()
    assert len(mail.outbox) == 1
    assert not NewPaper.objects.exists() and not PendingAlert.objects.exists()


def test_committee_alert_sent_once_with_unsubscribe_headers(
    client: Client, scenario: Scenario
) -> None:
    sub = _confirmed(client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk)
    decision = _publish_decision(scenario, title="Tree planting")
    _digest()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["res@example.org"]
    assert message.subject == "Decision published: Tree planting"
    assert f"http://testserver/wyvern-vale/decisions/{decision.pk}/" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://testserver/alerts/unsubscribe/")
    assert unsubscribe[1:-1] in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # An issued record keeps its text (docs/minutes.md); what may still change, such as
    # the call-in period, is an edit, not a new publication.
    decision.call_in_expires = decision.call_in_expires or timezone.now()
    decision.in_force_date = timezone.localdate()
    decision.save()
    _digest()
    assert len(mail.outbox) == 1  # an edit is not a new publication
    assert SentAlert.objects.filter(subscription=sub).count() == 1
    sub.refresh_from_db()
    assert sub.last_sent_at is not None


def test_twenty_four_papers_at_once_make_one_email_per_subscriber(
    client: Client, scenario: Scenario
) -> None:
    """Many papers published together reach each subscriber as one email listing them."""
    _confirmed(
        client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk, email="a@x.org"
    )
    _confirmed(
        client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk, email="b@x.org"
    )
    decisions = [_publish_decision(scenario, title=f"Item {n:02d} decided") for n in range(1, 25)]
    _digest()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@x.org", "b@x.org"]
    for message in mail.outbox:
        assert message.subject == "24 papers published: Cabinet"
        assert "has published 24 papers that match your alert about Cabinet" in message.body
        listed = re.findall(r"^\d+\. .*Item (\d\d) decided$", message.body, re.MULTILINE)
        assert listed == [f"{n:02d}" for n in range(1, 25)]  # in the order published
    assert SentAlert.objects.count() == 48
    assert {s.entry_key for s in SentAlert.objects.all()} == {f"decision:{d.pk}" for d in decisions}


def test_minute_items_are_never_papers_of_their_own(client: Client, scenario: Scenario) -> None:
    """The tester's case: 24 minute items made 24 papers. A minute is part of the minutes,
    which are announced once, by their document (minutes/tests/test_publication.py)."""
    _confirmed(client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk)
    NewPaper.objects.all().delete()
    for n in range(1, 25):
        MinuteItemFactory(meeting=scenario.held, title=f"Item {n:02d} minuted")
    assert not NewPaper.objects.exists()
    _digest()
    assert mail.outbox == []


def test_running_the_digest_twice_sends_nothing_the_second_time(
    client: Client, scenario: Scenario
) -> None:
    _confirmed(client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk)
    for n in range(3):
        _publish_decision(scenario, title=f"Resolution {n}")
    first = _digest()
    assert first.return_value == 1 and len(mail.outbox) == 1
    second = _digest()
    assert second.return_value == 0 and len(mail.outbox) == 1
    assert SentAlert.objects.count() == 3


def test_a_new_subscriber_is_not_sent_papers_published_before_confirming(
    client: Client, scenario: Scenario
) -> None:
    _publish_decision(scenario, title="Published before")  # waits for the next digest
    _confirmed(client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk)
    after = _publish_decision(scenario, title="Published after")
    _digest()
    assert len(mail.outbox) == 1
    assert _decision_ids(mail.outbox[0].body) == [after.pk]


def test_saved_search_alert_matches_words(client: Client, scenario: Scenario) -> None:
    _confirmed(client, scenario, kind=AlertKind.SEARCH, query="allotments")
    _publish_decision(scenario, title="Library hours")
    _digest()
    assert mail.outbox == []
    _publish_decision(scenario, title="Rents", decision="New rents for the council's allotments.")
    _digest()
    assert len(mail.outbox) == 1 and "Rents" in mail.outbox[0].subject
    assert "your alert about “allotments”" in mail.outbox[0].body


def test_a_saved_search_past_the_time_limit_is_skipped_and_the_others_sent(
    client: Client,
    scenario: Scenario,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Well under the pg_sleep(5) that makes the "allotments" search slow, and far above
    # what the quick search needs even on a loaded machine.
    settings.MINUTEBOOK_SEARCH_TIME_LIMIT_MS = 2500
    slow = _confirmed(
        client, scenario, kind=AlertKind.SEARCH, query="allotments", email="a@example.org"
    )
    quick = _confirmed(
        client, scenario, kind=AlertKind.SEARCH, query="rents", email="b@example.org"
    )
    _publish_decision(scenario, title="Rents", decision="New rents for the council's allotments.")
    with slow_when("allotments", monkeypatch), caplog.at_level("WARNING"):
        _digest()
    assert [m.to for m in mail.outbox] == [["b@example.org"]]
    assert not SentAlert.objects.filter(subscription=slow).exists()
    assert SentAlert.objects.filter(subscription=quick).count() == 1
    assert f"subscription {slow.pk} ran past the time limit" in caplog.text
    # Skipped for that run only: the next paper it matches is sent as usual.
    mail.outbox.clear()
    _publish_decision(
        scenario,
        title="Allotment waiting list",
        decision="The allotments waiting list reopens.",
    )
    _digest()
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


def test_ward_alert_on_forward_plan_entry(client: Client, scenario: Scenario) -> None:
    ward = WardFactory(council=scenario.council)
    _confirmed(client, scenario, kind=AlertKind.WARD, ward=ward.pk)
    entry = ForwardPlanEntryFactory(council=scenario.council, title="Bus station")
    entry.wards_affected.add(ward)
    entry.save()
    ForwardPlanEntryFactory(council=scenario.council, title="Elsewhere")
    _digest()
    assert len(mail.outbox) == 1 and "Bus station" in mail.outbox[0].subject


def test_exempt_and_unpublished_decisions_send_nothing(client: Client, scenario: Scenario) -> None:
    _confirmed(client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk)
    _publish_decision(scenario, title=f"Land {CANARY}", decision=CANARY, exempt_paragraphs=[3])
    DecisionFactory(meeting=scenario.held, title="Draft", published_at=None)
    _digest()
    assert mail.outbox == []


def test_papers_that_stop_being_public_before_the_digest_are_not_sent(
    client: Client, scenario: Scenario
) -> None:
    sub = _confirmed(client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk)
    made_exempt = _publish_decision(scenario, title="Depot lease", decision=CANARY)
    withdrawn = _publish_decision(scenario, title="Car park charges")
    kept = _publish_decision(scenario, title="Tree planting")
    # One made exempt before the digest matched it (an issued record keeps its text: the
    # exemption covers the text it was published with) ...
    made_exempt.exempt_paragraphs = [3]
    made_exempt.save()
    # ... one withdrawn (made exempt: an issued record cannot be unpublished) after it
    # was matched, before the email went.
    services.match_new_papers()
    assert PendingAlert.objects.filter(subscription=sub).count() == 2
    withdrawn.exempt_paragraphs = [1]
    withdrawn.save()
    _digest()
    assert len(mail.outbox) == 1
    assert _decision_ids(mail.outbox[0].body) == [kept.pk]
    assert CANARY not in mail.outbox[0].body and "Depot lease" not in mail.outbox[0].body
    assert [s.entry_key for s in SentAlert.objects.all()] == [f"decision:{kept.pk}"]
    assert not PendingAlert.objects.exists()


def test_one_click_unsubscribe_without_csrf(scenario: Scenario) -> None:
    client = Client(enforce_csrf_checks=True)
    sub = Subscription.objects.create(
        council=scenario.council,
        email="res@example.org",
        kind=AlertKind.COMMITTEE,
        committee=scenario.committee,
        confirmed_at=timezone.now(),
        site_url="http://testserver/",
    )
    _publish_decision(scenario, title="Matched before unsubscribing")
    services.match_new_papers()
    assert PendingAlert.objects.filter(subscription=sub).exists()
    url = f"/alerts/unsubscribe/{unsubscribe_token(sub.pk)}/"
    page = client.get(url)
    assert page.status_code == 200 and b"Unsubscribe" in page.content
    sub.refresh_from_db()
    assert sub.is_active  # looking is not unsubscribing
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and b"You have unsubscribed" in response.content
    sub.refresh_from_db()
    assert sub.unsubscribed_at is not None and sub.email == ""
    _publish_decision(scenario, title="Tree planting")
    _digest()
    assert mail.outbox == []
    assert not PendingAlert.objects.exists()  # what waited for it is dropped


def test_tokens_are_signed_and_not_interchangeable(client: Client, scenario: Scenario) -> None:
    sub = Subscription.objects.create(
        council=scenario.council, email="a@example.org", kind=AlertKind.SEARCH, query="x"
    )
    assert client.get(f"/alerts/confirm/{unsubscribe_token(sub.pk)}/").status_code == 404
    assert client.post(f"/alerts/unsubscribe/{confirm_token(sub.pk)}/").status_code == 404
    tampered = confirm_token(sub.pk)[:-2] + "xx"
    assert client.post(f"/alerts/confirm/{tampered}/").status_code == 404
    sub.refresh_from_db()
    assert sub.confirmed_at is None and sub.unsubscribed_at is None


def test_form_explains_what_is_missing(client: Client, scenario: Scenario) -> None:
    response = client.post(
        f"/{scenario.council.slug}/alerts/", {"email": "not-an-email", "kind": "committee"}
    )
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Select a committee" in body
    assert "Enter an email address in the correct format" in body
    assert not Subscription.objects.exists()
    prefilled = client.get(f"/{scenario.council.slug}/alerts/?committee=cabinet").content.decode()
    assert re.search(r'value="committee"\s+checked', prefilled)


def test_importing_the_archive_sends_nothing(client: Client, scenario: Scenario) -> None:
    _confirmed(client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk)
    DecisionFactory(meeting=scenario.imported, title="Old resolution", published_at=None)
    _digest()
    assert mail.outbox == []
    new = _publish_decision(scenario, title="New resolution")
    _digest()
    assert len(mail.outbox) == 1 and _decision_ids(mail.outbox[0].body) == [new.pk]


def test_rebuilding_the_search_index_neither_alerts_nor_loses_a_waiting_paper(
    client: Client, scenario: Scenario
) -> None:
    _confirmed(client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk)
    waiting = _publish_decision(scenario, title="Waiting for the digest")
    call_command("rebuild_search_index")
    _digest()
    assert len(mail.outbox) == 1 and _decision_ids(mail.outbox[0].body) == [waiting.pk]
    call_command("rebuild_search_index")
    _digest()
    assert len(mail.outbox) == 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_failed_smtp_send_leaves_the_papers_for_the_next_digest(
    client: Client, scenario: Scenario, settings: Any
) -> None:
    sub = _confirmed(client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk)
    decision = _publish_decision(scenario, title="Tree planting")
    # A real SMTP connection, refused: nothing listens on the port.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _closed_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    failed = _digest(TaskResultStatus.FAILED)
    assert failed.errors[0].exception_class_path == "minutebook.alerts.tasks.DigestIncomplete"
    assert "ConnectionRefusedError" in failed.errors[0].traceback
    assert not SentAlert.objects.exists()
    pending = PendingAlert.objects.get(subscription=sub)
    assert pending.claimed_at is None  # released at once, not left to the lease
    sub.refresh_from_db()
    assert sub.last_sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _digest()
    assert len(mail.outbox) == 1 and _decision_ids(mail.outbox[0].body) == [decision.pk]
    assert SentAlert.objects.filter(subscription=sub).count() == 1


def test_a_claim_left_by_a_killed_digest_is_taken_up_after_the_lease(
    client: Client, scenario: Scenario
) -> None:
    _confirmed(client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk)
    _publish_decision(scenario, title="Tree planting")
    services.match_new_papers()
    pending = PendingAlert.objects.get()
    pending.claimed_at = timezone.now()  # a digest is sending it (or died doing so)
    pending.save()
    _digest()
    assert mail.outbox == []  # another digest holds it
    pending.claimed_at = timezone.now() - services.CLAIM_LEASE - timedelta(seconds=1)
    pending.save()
    _digest()
    assert len(mail.outbox) == 1


def _in_memory_sqlite() -> bool:
    name = str(connection.settings_dict["NAME"])
    return connection.vendor == "sqlite" and (name in ("", ":memory:") or "mode=memory" in name)


@pytest.mark.django_db(transaction=True)
def test_digests_running_at_once_send_each_paper_once(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    if _in_memory_sqlite():
        pytest.skip("threads need a shared database file; in-memory SQLite is per connection")
    subs = [
        Subscription.objects.create(
            council=scenario.council,
            email=f"res{n}@example.org",
            kind=AlertKind.COMMITTEE,
            committee=scenario.committee,
            confirmed_at=timezone.now(),
            site_url="http://testserver/",
        )
        for n in range(3)
    ]
    decisions = [_publish_decision(scenario, title=f"Resolution {n}") for n in range(24)]
    new_papers = NewPaper.objects.count()
    monkeypatch.setattr(services, "MATCH_BATCH", 5)  # so every runner matches some
    barrier = threading.Barrier(4)
    runs: list[services.DigestRun] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            runs.append(services.run_digests())
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == [] and len(runs) == 4
    assert [r.failures for r in runs] == [[], [], [], []]
    assert sum(r.matched for r in runs) == new_papers  # each matched by exactly one runner
    # A runner skips a subscriber another runner holds, so papers matched after that one
    # claimed wait for the next digest: nothing is sent twice, and nothing is lost.
    assert services.run_digests().failures == []
    expected = sorted(d.pk for d in decisions)
    for sub in subs:
        listed = [pk for m in mail.outbox if m.to == [sub.email] for pk in _decision_ids(m.body)]
        assert sorted(listed) == expected, sub.email
    assert SentAlert.objects.count() == 72
    assert not PendingAlert.objects.exists() and not NewPaper.objects.exists()


def test_links_in_alerts_use_the_configured_address_not_the_host_header(
    scenario: Scenario, settings: Any
) -> None:
    """A request's Host header is the visitor's to choose (a proxy passing any host, a
    wildcard ALLOWED_HOSTS): the links a council e-mails must not come from it."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.MINUTEBOOK_BASE_URL = "https://democracy.example.gov.uk/"
    client = Client(HTTP_HOST="evil.example")
    mail.outbox.clear()
    response = client.post(
        f"/{scenario.council.slug}/alerts/",
        {"email": "res@example.org", "kind": "committee", "committee": scenario.committee.pk},
    )
    assert response.status_code == 200
    (confirmation,) = mail.outbox
    assert "evil.example" not in confirmation.body
    confirm = re.search(
        r"https://democracy\.example\.gov\.uk(/alerts/confirm/\S+/)", confirmation.body
    )
    assert confirm, confirmation.body
    client.post(confirm.group(1))
    mail.outbox.clear()
    decision = _publish_decision(scenario, title="Library opening hours")
    _digest()
    (digest,) = mail.outbox
    assert "evil.example" not in digest.body + digest.extra_headers["List-Unsubscribe"]
    assert f"https://democracy.example.gov.uk/wyvern-vale/decisions/{decision.pk}/" in digest.body
    assert digest.extra_headers["List-Unsubscribe"].startswith(
        "<https://democracy.example.gov.uk/alerts/unsubscribe/"
    )
