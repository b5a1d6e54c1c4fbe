"""Decision services: reg 12 records, key decision notice, call-in, status texts, referrals."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from minutebook.committees.factories import CommitteeFactory
from minutebook.committees.models import CommitteeKind
from minutebook.councils.factories import ClosureDayFactory
from minutebook.decisions import services
from minutebook.decisions.factories import DecisionFactory
from minutebook.decisions.models import (
    CallInOutcome,
    CallInState,
    ConsiderationOutcome,
    Decision,
    MatterStatus,
)
from minutebook.forwardplan import services as plan
from minutebook.forwardplan.factories import ForwardPlanEntryFactory
from minutebook.meetings.factories import MeetingFactory
from minutebook.people.factories import CouncillorFactory, PersonFactory

LONDON = ZoneInfo("Europe/London")


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


def cabinet_decision(**kwargs) -> Decision:
    cabinet = CommitteeFactory(kind=CommitteeKind.EXECUTIVE, name="Cabinet", slug="cabinet")
    meeting = MeetingFactory(committee=cabinet, start=at(dt.date(2025, 12, 22), 18))
    return DecisionFactory(meeting=meeting, **kwargs)


@pytest.mark.django_db
def test_publication_opens_call_in_over_christmas() -> None:
    # Published Tuesday 23 December 2025. Working days after: Wed 24; (25, 26, weekend
    # skipped) Mon 29, Tue 30, Wed 31; (1 January skipped) Fri 2 January is the fifth.
    decision = cabinet_decision()
    services.publish_decision(decision, now=at(dt.date(2025, 12, 23)))
    assert decision.call_in_state == CallInState.OPEN
    assert decision.call_in_expires_on == dt.date(2026, 1, 2)
    assert decision.in_force_date == dt.date(2026, 1, 3)
    assert decision.status_text(dt.date(2025, 12, 30)) == "subject to call-in until 2 January 2026"
    assert decision.status_text(dt.date(2026, 1, 2)) == "subject to call-in until 2 January 2026"
    assert decision.status_text(dt.date(2026, 1, 3)) == "in force from 3 January 2026"
    with pytest.raises(ValidationError, match="already been published"):
        services.publish_decision(decision, now=at(dt.date(2025, 12, 23)))


@pytest.mark.django_db
def test_closure_days_lengthen_the_call_in_period() -> None:
    decision = cabinet_decision()
    for day in (29, 30, 31):
        ClosureDayFactory(council=decision.council, date=dt.date(2025, 12, day))
    services.publish_decision(decision, now=at(dt.date(2025, 12, 23)))
    # Wed 24 Dec, Fri 2, Mon 5, Tue 6, Wed 7 January.
    assert decision.call_in_expires_on == dt.date(2026, 1, 7)


@pytest.mark.django_db
def test_unpublished_and_non_executive_status() -> None:
    # A committee of kind "other"; a past meeting, so publishing the day after is not in
    # the future (the factory's sequence reaches future dates late in a long run).
    meeting = MeetingFactory(start=at(dt.date(2025, 3, 4), 10))
    decision = DecisionFactory(meeting=meeting)
    assert decision.status_text() == "not yet published"
    services.publish_decision(decision, now=at(decision.date + dt.timedelta(days=1)))
    assert decision.call_in_state == CallInState.NOT_APPLICABLE
    assert decision.status_text() == "not subject to call-in"


@pytest.mark.django_db
def test_urgent_decision_is_exempt_from_call_in_with_its_reason() -> None:
    decision = cabinet_decision(is_urgent=True, urgency_reason="")
    with pytest.raises(ValidationError) as error:
        services.take_decision(decision)
    assert "urgency_reason" in error.value.message_dict
    decision.urgency_reason = "The grant must be accepted by 24 December."
    services.take_decision(decision)
    services.publish_decision(decision, now=at(dt.date(2025, 12, 23)))
    assert decision.call_in_state == CallInState.URGENT
    assert (
        decision.status_text() == "in force from 22 December 2025: urgent, not subject to call-in"
    )
    councillors = CouncillorFactory.create_batch(5, council=decision.council)
    with pytest.raises(ValidationError, match="exempt from call-in"):
        services.request_call_in(
            decision, signatories=councillors, grounds="x", received_at=at(dt.date(2025, 12, 24))
        )


@pytest.mark.django_db
def test_reg_12_record_is_required_for_executive_decisions() -> None:
    decision = cabinet_decision(reasons="", alternatives_rejected="")
    with pytest.raises(ValidationError) as error:
        services.take_decision(decision)
    assert set(error.value.message_dict) == {"reasons", "alternatives_rejected"}


@pytest.mark.django_db
def test_key_decision_needs_notice_or_an_exception() -> None:
    decision = cabinet_decision(key_decision=True)
    with pytest.raises(ValidationError, match="forward plan entry"):
        services.take_decision(decision)
    entry = ForwardPlanEntryFactory(
        council=decision.council,
        decision_date=dt.date(2025, 12, 22),
        first_published=dt.date(2025, 12, 1),
    )
    decision.forward_plan_entry = entry
    with pytest.raises(plan.LateKeyDecisionError):
        services.take_decision(decision)
    assert not Decision.officer_objects.filter(pk=decision.pk, key_decision_notice="x").exists()
    plan.record_special_urgency(
        entry,
        reason="Grant deadline.",
        agreed_on=dt.date(2025, 12, 19),
        scrutiny_chair_text="Chair",
    )
    services.take_decision(decision)
    assert decision.key_decision_notice == "special_urgency"
    on_time = ForwardPlanEntryFactory(
        council=decision.council,
        decision_date=dt.date(2025, 12, 22),
        first_published=dt.date(2025, 11, 23),  # 24 Nov to 21 Dec: 28 clear days
    )
    decision.forward_plan_entry = on_time
    services.take_decision(decision)
    assert decision.key_decision_notice == "forward_plan"


@pytest.mark.django_db
def test_call_in_inside_the_period_suspends_the_decision() -> None:
    decision = cabinet_decision()
    services.publish_decision(decision, now=at(dt.date(2025, 12, 23)))
    councillors = CouncillorFactory.create_batch(5, council=decision.council)
    request = services.request_call_in(
        decision,
        signatories=councillors,
        grounds="The consultation was inadequate.",
        received_at=at(dt.date(2026, 1, 2), 16),  # the last day of the period
    )
    decision.refresh_from_db()
    assert decision.call_in_state == CallInState.CALLED_IN
    assert decision.in_force_date is None
    assert decision.status_text(dt.date(2026, 1, 10)) == "called in"
    assert request.signatories.count() == 5
    with pytest.raises(ValidationError, match="already been called in"):
        services.request_call_in(
            decision, signatories=councillors, grounds="x", received_at=at(dt.date(2026, 1, 2))
        )


@pytest.mark.django_db
def test_call_in_after_the_period_is_refused() -> None:
    decision = cabinet_decision()
    services.publish_decision(decision, now=at(dt.date(2025, 12, 23)))
    councillors = CouncillorFactory.create_batch(5, council=decision.council)
    with pytest.raises(ValidationError, match="ended on 2 January 2026"):
        services.request_call_in(
            decision,
            signatories=councillors,
            grounds="Too late.",
            received_at=at(dt.date(2026, 1, 3), 9),
        )
    decision.refresh_from_db()
    assert decision.call_in_state == CallInState.OPEN
    assert not decision.call_in_requests.exists()


@pytest.mark.django_db
def test_call_in_needs_enough_councillors_and_grounds() -> None:
    decision = cabinet_decision()
    decision.council.call_in_signatories = 3
    decision.council.save()
    services.publish_decision(decision, now=at(dt.date(2025, 12, 23)))
    two = CouncillorFactory.create_batch(2, council=decision.council)
    with pytest.raises(ValidationError) as error:
        services.request_call_in(
            decision, signatories=two, grounds="", received_at=at(dt.date(2025, 12, 24))
        )
    assert "needs 3 councillors" in error.value.message_dict["signatories"][0]
    assert "grounds" in error.value.message_dict
    officer = PersonFactory(council=decision.council)
    with pytest.raises(ValidationError, match="Only councillors"):
        services.request_call_in(
            decision,
            signatories=[*two, officer],
            grounds="g",
            received_at=at(dt.date(2025, 12, 24)),
        )
    # The same councillor twice is one signature.
    with pytest.raises(ValidationError, match="this one has 2"):
        services.request_call_in(
            decision, signatories=[*two, two[0]], grounds="g", received_at=at(dt.date(2025, 12, 24))
        )


@pytest.mark.parametrize(
    ("outcome", "state", "status"),
    [
        (CallInOutcome.NO_FURTHER_ACTION, CallInState.CALL_IN_REJECTED, "in force from 14 January 2026"),
        (CallInOutcome.WITHDRAWN, CallInState.IN_FORCE, "in force from 14 January 2026"),
        (CallInOutcome.REFERRED_BACK, CallInState.REFERRED_BACK, "called in: referred back to the decision maker"),
        (CallInOutcome.REFERRED_TO_COUNCIL, CallInState.REFERRED_TO_COUNCIL, "called in: referred to full council"),
    ],
)  # fmt: skip
@pytest.mark.django_db
def test_call_in_outcomes(outcome, state, status) -> None:
    decision = cabinet_decision()
    services.publish_decision(decision, now=at(dt.date(2025, 12, 23)))
    councillors = CouncillorFactory.create_batch(5, council=decision.council)
    request = services.request_call_in(
        decision, signatories=councillors, grounds="g", received_at=at(dt.date(2025, 12, 29))
    )
    services.record_call_in_outcome(
        request, outcome=outcome, on=dt.date(2026, 1, 14), notes="The committee's reasons."
    )
    decision.refresh_from_db()
    assert decision.call_in_state == state
    assert decision.status_text(dt.date(2026, 1, 20)) == status
    with pytest.raises(ValidationError, match="already recorded"):
        services.record_call_in_outcome(request, outcome=outcome, on=dt.date(2026, 1, 15))


@pytest.mark.django_db
def test_call_in_withdrawn_inside_the_period_reopens_it() -> None:
    decision = cabinet_decision()
    services.publish_decision(decision, now=at(dt.date(2025, 12, 23)))
    councillors = CouncillorFactory.create_batch(5, council=decision.council)
    request = services.request_call_in(
        decision, signatories=councillors, grounds="g", received_at=at(dt.date(2025, 12, 24))
    )
    services.record_call_in_outcome(
        request, outcome=CallInOutcome.WITHDRAWN, on=dt.date(2025, 12, 30)
    )
    decision.refresh_from_db()
    assert decision.call_in_state == CallInState.OPEN
    assert decision.in_force_date == dt.date(2026, 1, 3)
    assert decision.status_text(dt.date(2025, 12, 31)) == "subject to call-in until 2 January 2026"


@pytest.mark.django_db
def test_settle_expired_call_ins() -> None:
    decision = cabinet_decision()
    services.publish_decision(decision, now=at(dt.date(2025, 12, 23)))
    assert services.settle_expired_call_ins(today=dt.date(2026, 1, 2)) == 0
    assert services.settle_expired_call_ins(today=dt.date(2026, 1, 3)) == 1
    decision.refresh_from_db()
    assert decision.call_in_state == CallInState.IN_FORCE


@pytest.mark.django_db
def test_referral_from_scrutiny_to_cabinet_to_full_council() -> None:
    scrutiny = CommitteeFactory(kind=CommitteeKind.OVERVIEW_SCRUTINY)
    council = scrutiny.council
    cabinet = CommitteeFactory(council=council, kind=CommitteeKind.EXECUTIVE)
    full = CommitteeFactory(council=council, kind=CommitteeKind.FULL_COUNCIL)
    meetings = [
        MeetingFactory(committee=body, start=at(dt.date(2025, 10, 1) + dt.timedelta(weeks=i)))
        for i, body in enumerate((scrutiny, cabinet, full))
    ]
    matter = services.start_matter(
        council,
        title="Local plan review",
        committee=scrutiny,
        meeting=meetings[0],
        recommendation="Review the draft local plan.",
    )
    first = matter.current
    assert matter.status_text == f"awaiting {scrutiny}"
    with pytest.raises(ValidationError, match="executive or council"):
        services.record_consideration(first, outcome=ConsiderationOutcome.DECIDED, resolution="x")
    with pytest.raises(ValidationError, match="not a meeting of"):
        services.record_consideration(
            first, outcome="recommended", resolution="x", refer_to=cabinet, meeting=meetings[1]
        )
    second = services.record_consideration(
        first,
        outcome=ConsiderationOutcome.RECOMMENDED,
        resolution="That cabinet adopts the plan with the changes proposed.",
        refer_to=cabinet,
        next_meeting=meetings[1],
    )
    assert second.committee == cabinet and second.referred_from == first
    assert second.recommendation.startswith("That cabinet adopts")
    third = services.record_consideration(
        second,
        outcome=ConsiderationOutcome.RECOMMENDED,
        resolution="That council adopts the plan.",
        refer_to=full,
        next_meeting=meetings[2],
    )
    matter.refresh_from_db()
    assert matter.status_text == f"awaiting {full}"
    assert (
        services.record_consideration(
            third, outcome=ConsiderationOutcome.DECIDED, resolution="RESOLVED: the plan is adopted."
        )
        is None
    )
    matter.refresh_from_db()
    assert matter.status == MatterStatus.DECIDED
    assert [c.meeting for c in matter.considerations.all()] == meetings
    assert [c.committee for c in matter.considerations.all()] == [scrutiny, cabinet, full]


@pytest.mark.django_db
def test_referred_back_returns_to_the_body_it_came_from() -> None:
    scrutiny = CommitteeFactory(kind=CommitteeKind.OVERVIEW_SCRUTINY)
    cabinet = CommitteeFactory(council=scrutiny.council, kind=CommitteeKind.EXECUTIVE)
    matter = services.start_matter(
        scrutiny.council,
        title="Fees",
        committee=scrutiny,
        recommendation="Review fees.",
        meeting=MeetingFactory(committee=scrutiny),
    )
    second = services.record_consideration(
        matter.current, outcome="recommended", resolution="Raise fees.", refer_to=cabinet
    )
    with pytest.raises(ValidationError, match="which meeting"):
        services.record_consideration(second, outcome="referred_back", resolution="Look again.")
    back = services.record_consideration(
        second,
        outcome="referred_back",
        resolution="Look again at concessions.",
        meeting=MeetingFactory(committee=cabinet),
    )
    assert back.committee == scrutiny and back.sequence == 3


@pytest.mark.django_db
def test_settle_call_ins_command() -> None:
    from io import StringIO

    from django.core.management import call_command

    decision = cabinet_decision()
    services.publish_decision(decision, now=at(dt.date(2025, 12, 23)))
    out = StringIO()
    call_command("settle_call_ins", stdout=out)  # run today: long after 2 January 2026
    assert out.getvalue().strip() == "1 decision now in force."
    decision.refresh_from_db()
    assert decision.call_in_state == CallInState.IN_FORCE


@pytest.mark.django_db
def test_key_decision_entry_must_be_the_councils_own() -> None:
    decision = cabinet_decision(key_decision=True)
    decision.forward_plan_entry = ForwardPlanEntryFactory(first_published=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="another council"):
        services.take_decision(decision)
