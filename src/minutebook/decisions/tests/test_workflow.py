"""Officer workflow for decisions: record, publish, call-in and outcome, through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant
from minutebook.clock import call_in_expires, decision_in_force_from
from minutebook.committees.factories import CommitteeFactory
from minutebook.committees.models import CommitteeKind
from minutebook.councils.factories import CouncilFactory
from minutebook.decisions import services
from minutebook.decisions.factories import DecisionFactory
from minutebook.decisions.models import CallInRequest, CallInState, Decision, Matter
from minutebook.decisions.services import council_calendar
from minutebook.meetings.factories import MeetingFactory
from minutebook.people.factories import CouncillorFactory


def url(name: str, *args: object) -> str:
    return reverse(f"backoffice:decisions:{name}", args=args)


@pytest.fixture
def officer(client, council):
    user = get_user_model().objects.create_user("dso", password="x-very-long-pass")
    grant(user, council, Role.DEMOCRATIC_SERVICES)
    client.force_login(user)
    return client


@pytest.fixture
def council():
    return CouncilFactory(slug="borough", call_in_signatories=5)


@pytest.fixture
def cabinet(council):
    return CommitteeFactory(council=council, kind=CommitteeKind.EXECUTIVE, name="Cabinet")


@pytest.fixture
def councillors(council):
    return CouncillorFactory.create_batch(6, council=council)


def record(officer, council, cabinet, **overrides) -> Decision:
    data = {
        "title": "Parking charges",
        "decision_maker": cabinet.pk,
        "date": timezone.localdate().isoformat(),
        "decision": "To approve the new charges.",
        "reasons": "To fund highway maintenance.",
        "alternatives_rejected": "No change; a larger rise.",
        "declarations_noted": "None.",
    }
    data.update(overrides)
    response = officer.post(url("create", council.slug), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Decision.officer_objects.latest("created")


def published_decision(cabinet, days_ago: int) -> Decision:
    """A cabinet decision published ``days_ago`` calendar days ago, at noon."""
    when = timezone.now() - dt.timedelta(days=days_ago)
    meeting = MeetingFactory(committee=cabinet, start=when - dt.timedelta(hours=20))
    decision = DecisionFactory(meeting=meeting, date=timezone.localtime(meeting.start).date())
    return services.publish_decision(decision, now=when)


@pytest.mark.django_db
def test_non_staff_are_refused(client, council, cabinet) -> None:
    decision = published_decision(cabinet, 1)
    pages = [
        url("list"),
        url("create", council.slug),
        url("detail", decision.pk),
        url("edit", decision.pk),
        url("call_in", decision.pk),
        url("matters"),
        url("matter_create", council.slug),
    ]
    user = get_user_model().objects.create_user("resident", password="x-very-long-pass")
    client.force_login(user)
    for page in pages:
        assert client.get(page).status_code == 403, page
    assert client.post(url("publish", decision.pk)).status_code == 403
    client.logout()
    assert client.get(url("list")).status_code == 302


@pytest.mark.django_db
def test_record_requires_the_reg_12_fields(officer, council, cabinet) -> None:
    response = officer.post(
        url("create", council.slug),
        {"title": "X", "decision_maker": cabinet.pk, "date": "2025-09-10", "decision": "Y"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Record the reasons for the decision (reg 12(b))." in page
    assert "alternatives considered and rejected" in page
    # The refused field is marked and points at its message (GOV.UK error pattern).
    assert 'class="govuk-textarea govuk-textarea--error"' in page
    assert 'aria-describedby="id_reasons_helptext id_reasons_error"' in page
    assert 'id="id_reasons_error"' in page
    assert not Decision.officer_objects.exists()


@pytest.mark.django_db
def test_publish_then_call_in_inside_the_period_suspends(
    officer, council, cabinet, councillors
) -> None:
    decision = record(officer, council, cabinet)
    assert "Not yet published" in officer.get(url("detail", decision.pk)).content.decode()
    officer.post(url("publish", decision.pk), {"published_at": ""})
    decision.refresh_from_db()
    today = timezone.localdate()
    cal = council_calendar(council)
    expires = call_in_expires(today, 5, cal)
    assert decision.call_in_state == CallInState.OPEN
    assert decision.call_in_expires_on == expires
    assert decision.in_force_date == decision_in_force_from(today, 5, cal)
    status = f"subject to call-in until {expires:%-d %B %Y}"
    assert decision.public_status == status
    assert (
        status[0].upper() + status[1:] in officer.get(url("detail", decision.pk)).content.decode()
    )

    response = officer.post(
        url("call_in", decision.pk),
        {"signatories": [c.pk for c in councillors[:5]], "grounds": "Consultation inadequate."},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.call_in_state == CallInState.CALLED_IN
    assert decision.in_force_date is None
    assert decision.public_status == "called in"
    page = officer.get(url("detail", decision.pk)).content.decode()
    assert "Called in" in page and "Consultation inadequate." in page


@pytest.mark.django_db
def test_call_in_with_too_few_signatories_is_refused(
    officer, council, cabinet, councillors
) -> None:
    decision = published_decision(cabinet, 0)
    response = officer.post(
        url("call_in", decision.pk),
        {"signatories": [c.pk for c in councillors[:4]], "grounds": "Too few."},
    )
    assert response.status_code == 200
    assert "needs 5 councillors&#x27; signatures; this one has 4" in response.content.decode()
    decision.refresh_from_db()
    assert decision.call_in_state == CallInState.OPEN
    assert not CallInRequest.objects.exists()


@pytest.mark.django_db
def test_call_in_after_the_period_is_refused(officer, council, cabinet, councillors) -> None:
    decision = published_decision(cabinet, 30)  # five working days are over by now
    response = officer.post(
        url("call_in", decision.pk),
        {"signatories": [c.pk for c in councillors[:5]], "grounds": "Too late."},
    )
    assert response.status_code == 200
    assert "can no longer be called in" in response.content.decode()
    decision.refresh_from_db()
    assert decision.call_in_state == CallInState.OPEN
    assert decision.public_status == f"in force from {decision.in_force_date:%-d %B %Y}"
    assert not CallInRequest.objects.exists()
    assert (
        "Record a call-in request" not in officer.get(url("detail", decision.pk)).content.decode()
    )


@pytest.mark.django_db
def test_call_in_received_late_but_recorded_now_is_refused(
    officer, council, cabinet, councillors
) -> None:
    decision = published_decision(cabinet, 30)
    received = timezone.localtime(decision.call_in_expires) + dt.timedelta(minutes=1)
    response = officer.post(
        url("call_in", decision.pk),
        {
            "signatories": [c.pk for c in councillors[:5]],
            "grounds": "g",
            "received_at": received.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert "can no longer be called in" in response.content.decode()
    in_time = received - dt.timedelta(hours=1)
    response = officer.post(
        url("call_in", decision.pk),
        {
            "signatories": [c.pk for c in councillors[:5]],
            "grounds": "g",
            "received_at": in_time.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    assert CallInRequest.objects.get().decision_record_id == decision.pk


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        ("referred_to_council", "called in: referred to full council"),
        ("referred_back", "called in: referred back to the decision maker"),
        ("no_further_action", "in force from"),
        ("withdrawn", None),  # inside the period: open again, or in force after it
    ],
)
@pytest.mark.django_db
def test_outcome_recorded_through_the_page(
    officer, council, cabinet, councillors, outcome, status
) -> None:
    decision = published_decision(cabinet, 0)
    officer.post(
        url("call_in", decision.pk),
        {"signatories": [c.pk for c in councillors[:5]], "grounds": "Grounds."},
    )
    call_in = CallInRequest.objects.get()
    form = url("outcome", decision.pk, call_in.pk)
    assert officer.get(form).status_code == 200
    today = timezone.localdate().isoformat()
    if outcome != "withdrawn":
        missing = officer.post(form, {"outcome": outcome, "outcome_on": today})
        assert "Record the scrutiny committee" in missing.content.decode()
    response = officer.post(
        form, {"outcome": outcome, "outcome_on": today, "outcome_notes": "Reasons."}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    call_in.refresh_from_db()
    assert call_in.outcome == outcome
    if status is None:
        assert decision.call_in_state == CallInState.OPEN
        assert decision.public_status.startswith("subject to call-in until")
    else:
        assert decision.public_status.startswith(status)


@pytest.mark.django_db
def test_urgent_decision_published_in_force_and_not_callable(
    officer, council, cabinet, councillors
) -> None:
    missing = officer.post(
        url("create", council.slug),
        {
            "title": "Flood repairs",
            "decision_maker": cabinet.pk,
            "date": timezone.localdate().isoformat(),
            "decision": "To repair the embankment.",
            "reasons": "Risk to homes.",
            "alternatives_rejected": "None.",
            "is_urgent": "on",
        },
    )
    assert "Give the reason for the urgency." in missing.content.decode()
    decision = record(
        officer,
        council,
        cabinet,
        title="Flood repairs",
        is_urgent="on",
        urgency_reason="Delay would put homes at risk of flooding.",
    )
    officer.post(url("publish", decision.pk), {})
    decision.refresh_from_db()
    assert decision.call_in_state == CallInState.URGENT
    assert decision.public_status.endswith("urgent, not subject to call-in")
    response = officer.post(
        url("call_in", decision.pk),
        {"signatories": [c.pk for c in councillors[:5]], "grounds": "g"},
    )
    assert "exempt from call-in" in response.content.decode()


@pytest.mark.django_db
def test_published_decision_cannot_be_edited_or_republished(officer, council, cabinet) -> None:
    decision = published_decision(cabinet, 1)
    assert officer.get(url("edit", decision.pk)).status_code == 302
    response = officer.post(url("publish", decision.pk), {}, follow=True)
    assert "already been published" in response.content.decode()


@pytest.mark.django_db
def test_list_shows_status(officer, council, cabinet) -> None:
    decision = published_decision(cabinet, 0)
    page = officer.get(url("list") + f"?council={council.slug}").content.decode()
    assert decision.title in page and "Subject to call-in until" in page


@pytest.mark.django_db
def test_referral_travels_scrutiny_cabinet_council_through_the_pages(officer, council) -> None:
    scrutiny = CommitteeFactory(council=council, kind=CommitteeKind.OVERVIEW_SCRUTINY)
    cabinet = CommitteeFactory(council=council, kind=CommitteeKind.EXECUTIVE)
    full = CommitteeFactory(council=council, kind=CommitteeKind.FULL_COUNCIL)
    start = timezone.now() + dt.timedelta(days=7)
    meetings = [
        MeetingFactory(committee=body, start=start + dt.timedelta(weeks=i))
        for i, body in enumerate((scrutiny, cabinet, full))
    ]
    response = officer.post(
        url("matter_create", council.slug),
        {
            "title": "Review of council tax support",
            "committee": scrutiny.pk,
            "meeting": meetings[0].pk,
            "recommendation": "Review the scheme.",
        },
    )
    matter = Matter.objects.get()
    assert response["Location"] == url("matter", matter.pk)
    page = url("matter", matter.pk)
    # Scrutiny recommends to cabinet; the refer-to body is required for a recommendation.
    missing = officer.post(
        page, {"meeting": meetings[0].pk, "outcome": "recommended", "resolution": "Adopt."}
    )
    assert "Say which body the recommendation goes to." in missing.content.decode()
    officer.post(
        page,
        {
            "meeting": meetings[0].pk,
            "outcome": "recommended",
            "resolution": "That cabinet adopts option B.",
            "refer_to": cabinet.pk,
            "next_meeting": meetings[1].pk,
        },
    )
    assert f"Awaiting {cabinet}" in officer.get(page).content.decode()
    officer.post(
        page,
        {
            "meeting": meetings[1].pk,
            "outcome": "recommended",
            "resolution": "That council adopts option B.",
            "refer_to": full.pk,
            "next_meeting": meetings[2].pk,
        },
    )
    officer.post(
        page,
        {"meeting": meetings[2].pk, "outcome": "decided", "resolution": "Option B adopted."},
    )
    matter.refresh_from_db()
    assert matter.status_text == "decided"
    steps = list(matter.considerations.all())
    assert [c.meeting for c in steps] == meetings
    assert [c.recommendation for c in steps][1:] == [
        "That cabinet adopts option B.",
        "That council adopts option B.",
    ]
    listing = officer.get(url("matters") + f"?council={council.slug}").content.decode()
    assert f"{scrutiny} → {cabinet} → {full}" in listing
