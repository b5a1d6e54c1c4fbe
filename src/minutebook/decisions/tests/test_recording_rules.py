"""Recording what happened (decisions.rules): no decision or call-in outcome dated in the
future, and nobody who took a decision signs its call-in; errors on the form, input kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant
from minutebook.audit.models import AuditEvent
from minutebook.committees.factories import CommitteeFactory, MembershipFactory
from minutebook.committees.models import CommitteeKind
from minutebook.councils.factories import CouncilFactory
from minutebook.decisions import services
from minutebook.decisions.factories import DecisionFactory
from minutebook.decisions.models import CallInRequest, CallInState, Decision
from minutebook.meetings.factories import MeetingFactory
from minutebook.people.factories import CouncillorFactory


def url(name: str, *args: object) -> str:
    return reverse(f"backoffice:decisions:{name}", args=args)


@pytest.mark.django_db
def test_future_dates_and_own_call_ins_are_refused(client) -> None:
    council = CouncilFactory(slug="borough", call_in_signatories=3)
    cabinet = CommitteeFactory(council=council, kind=CommitteeKind.EXECUTIVE, name="Cabinet")
    leader = CouncillorFactory(council=council, first_name="Lee", last_name="Leader")
    MembershipFactory(committee=cabinet, person=leader)
    backbench = CouncillorFactory.create_batch(3, council=council)
    user = get_user_model().objects.create_user("dso", password="x-very-long-pass")
    grant(user, council, Role.DEMOCRATIC_SERVICES)
    client.force_login(user)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()

    # A decision dated tomorrow: refused on the date, the typed text kept.
    data = {
        "title": "Parking charges",
        "decision_maker": cabinet.pk,
        "date": tomorrow,
        "decision": "To approve the new charges.",
        "reasons": "To fund highway maintenance.",
        "alternatives_rejected": "No change.",
        "declarations_noted": "None.",
    }
    page = client.post(url("create", council.slug), data).content.decode()
    assert "The date of the decision cannot be in the future" in page
    assert "To fund highway maintenance." in page and f'value="{tomorrow}"' in page
    assert not Decision.officer_objects.exists()

    # Recorded today, then retitled: the history page undoes the edit while unpublished.
    data["date"] = timezone.localdate().isoformat()
    assert client.post(url("create", council.slug), data).status_code == 302
    draft = Decision.officer_objects.get()
    edited = client.post(url("edit", draft.pk), {**data, "title": "Parking charges 2026"})
    assert edited.status_code == 302
    event = AuditEvent.objects.for_object(draft).filter(action="updated").latest("seq")
    history = reverse("backoffice:history:decision", args=[draft.pk])
    assert "Parking charges 2026" in client.get(history).content.decode()
    undo = reverse("backoffice:history:decision_undo", args=[draft.pk, event.seq])
    assert client.post(undo).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Parking charges"
    draft.delete()

    # A published cabinet decision: the leader sat on the cabinet that took it.
    when = timezone.now()
    meeting = MeetingFactory(committee=cabinet, start=when - dt.timedelta(hours=20))
    decision = DecisionFactory(
        council=council,
        decision_maker=cabinet,
        meeting=meeting,
        date=timezone.localtime(meeting.start).date(),
    )
    services.publish_decision(decision, now=when)
    signers = [leader.pk, *(p.pk for p in backbench)]
    page = client.post(
        url("call_in", decision.pk), {"signatories": signers, "grounds": "Not consulted."}
    ).content.decode()
    assert "Lee Leader took this decision" in page and "Not consulted." in page
    assert not CallInRequest.objects.exists()
    response = client.post(
        url("call_in", decision.pk),
        {"signatories": [p.pk for p in backbench], "grounds": "Not consulted."},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.call_in_state == CallInState.CALLED_IN

    # Scrutiny's outcome dated tomorrow: refused on its date.
    call_in = CallInRequest.objects.get()
    page = client.post(
        url("outcome", decision.pk, call_in.pk),
        {"outcome": "no_further_action", "outcome_on": tomorrow, "outcome_notes": "Fine."},
    ).content.decode()
    assert "The date of the outcome cannot be in the future" in page and "Fine." in page
    call_in.refresh_from_db()
    assert not call_in.outcome
