"""Alerts: double opt-in, one-click unsubscribe, and emails sent by the background task
when a matching paper is published (never for exempt or unpublished ones)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from minutebook.alerts.models import AlertKind, SentAlert, Subscription
from minutebook.alerts.tokens import confirm_token, unsubscribe_token
from minutebook.decisions.factories import DecisionFactory
from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.people.factories import WardFactory
from minutebook.publishing.tests.scenario import CANARY, Scenario
from minutebook.search.tests.slow import slow_when


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


def _publish_decision(scenario: Scenario, capture: Any, **kwargs: Any) -> None:
    with capture(execute=True):
        DecisionFactory(meeting=scenario.held, published_at=timezone.now(), **kwargs)


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


def test_unconfirmed_subscribers_get_nothing(
    client: Client, scenario: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    _subscribe(client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk)
    mail.outbox.clear()
    _publish_decision(scenario, django_capture_on_commit_callbacks, title="Tree planting")
    assert mail.outbox == []


def test_committee_alert_sent_once_with_unsubscribe_headers(
    client: Client, scenario: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    sub = _confirmed(client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk)
    with django_capture_on_commit_callbacks(execute=True):
        decision = DecisionFactory(
            meeting=scenario.held, title="Tree planting", published_at=timezone.now()
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Tree planting" in message.subject
    assert f"/wyvern-vale/decisions/{decision.pk}/" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://testserver/alerts/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with django_capture_on_commit_callbacks(execute=True):
        decision.reasons = "Amended reasons."
        decision.save()
    assert len(mail.outbox) == 1  # an edit is not a new publication
    assert SentAlert.objects.filter(subscription=sub).count() == 1


def test_saved_search_alert_matches_words(
    client: Client, scenario: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    _confirmed(client, scenario, kind=AlertKind.SEARCH, query="allotments")
    _publish_decision(scenario, django_capture_on_commit_callbacks, title="Library hours")
    assert mail.outbox == []
    _publish_decision(
        scenario,
        django_capture_on_commit_callbacks,
        title="Rents",
        decision="New rents for the council's allotments.",
    )
    assert len(mail.outbox) == 1 and "Rents" in mail.outbox[0].subject


def test_a_saved_search_past_the_time_limit_is_skipped_and_the_others_sent(
    client: Client,
    scenario: Scenario,
    django_capture_on_commit_callbacks: Any,
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
    with slow_when("allotments", monkeypatch), caplog.at_level("WARNING"):
        _publish_decision(
            scenario,
            django_capture_on_commit_callbacks,
            title="Rents",
            decision="New rents for the council's allotments.",
        )
    assert [m.to for m in mail.outbox] == [["b@example.org"]]
    assert not SentAlert.objects.filter(subscription=slow).exists()
    assert SentAlert.objects.filter(subscription=quick).count() == 1
    assert f"subscription {slow.pk} ran past the time limit" in caplog.text
    # Skipped for that run only: the next paper it matches is sent as usual.
    mail.outbox.clear()
    _publish_decision(
        scenario,
        django_capture_on_commit_callbacks,
        title="Allotment waiting list",
        decision="The allotments waiting list reopens.",
    )
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


def test_ward_alert_on_forward_plan_entry(
    client: Client, scenario: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    ward = WardFactory(council=scenario.council)
    _confirmed(client, scenario, kind=AlertKind.WARD, ward=ward.pk)
    with django_capture_on_commit_callbacks(execute=True):
        entry = ForwardPlanEntryFactory(council=scenario.council, title="Bus station")
        entry.wards_affected.add(ward)
        entry.save()
    assert len(mail.outbox) == 1 and "Bus station" in mail.outbox[0].subject


def test_exempt_and_unpublished_decisions_send_nothing(
    client: Client, scenario: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    _confirmed(client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk)
    _publish_decision(
        scenario,
        django_capture_on_commit_callbacks,
        title=f"Land {CANARY}",
        decision=CANARY,
        exempt_paragraphs=[3],
    )
    with django_capture_on_commit_callbacks(execute=True):
        DecisionFactory(meeting=scenario.held, title="Draft", published_at=None)
    assert mail.outbox == []


def test_one_click_unsubscribe_without_csrf(
    scenario: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client(enforce_csrf_checks=True)
    sub = Subscription.objects.create(
        council=scenario.council,
        email="res@example.org",
        kind=AlertKind.COMMITTEE,
        committee=scenario.committee,
        confirmed_at=timezone.now(),
        site_url="http://testserver/",
    )
    url = f"/alerts/unsubscribe/{unsubscribe_token(sub.pk)}/"
    page = client.get(url)
    assert page.status_code == 200 and b"Unsubscribe" in page.content
    sub.refresh_from_db()
    assert sub.is_active  # looking is not unsubscribing
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and b"You have unsubscribed" in response.content
    sub.refresh_from_db()
    assert sub.unsubscribed_at is not None and sub.email == ""
    _publish_decision(scenario, django_capture_on_commit_callbacks, title="Tree planting")
    assert mail.outbox == []


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


def test_importing_the_archive_sends_nothing(
    client: Client, scenario: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    _confirmed(client, scenario, kind=AlertKind.COMMITTEE, committee=scenario.committee.pk)
    with django_capture_on_commit_callbacks(execute=True):
        DecisionFactory(meeting=scenario.imported, title="Old resolution", published_at=None)
    assert mail.outbox == []
    _publish_decision(scenario, django_capture_on_commit_callbacks, title="New resolution")
    assert len(mail.outbox) == 1
