"""The decision cycle: taking, publishing and calling in decisions; referrals between bodies.

- Taking a decision: the record of SI 2012/2089 reg 12 (decision, date, reasons,
  alternatives rejected, conflicts declared, dispensations); a key decision only with
  notice under reg 9, or a general exception (reg 10) or special urgency (reg 11):
  see ``minutebook.forwardplan.services.notice_route``.
- Publishing: reg 12 requires the record "as soon as reasonably practicable"; the
  call-in period (``Council.call_in_working_days`` working days after publication,
  the council's scrutiny rules under LGA 2000 s9F) starts then.
- Call-in: ``Council.call_in_signatories`` councillors, with grounds, within the period;
  it suspends implementation until scrutiny records its outcome.

Functions take ``now``/``today`` so that every rule can be tested on fixed dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from minutebook.clock import (
    LONDON,
    ClockRules,
    WorkingCalendar,
    call_in_expires,
    decision_in_force_from,
)
from minutebook.committees.models import Committee, CommitteeKind
from minutebook.core.saving import save_each
from minutebook.councils.models import Council
from minutebook.decisions import rules
from minutebook.decisions.models import (
    CallInOutcome,
    CallInRequest,
    CallInState,
    Consideration,
    ConsiderationOutcome,
    Decision,
    KeyDecisionNotice,
    Matter,
    MatterStatus,
)
from minutebook.decisions.referrals import place_on_agenda
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.people.models import Person, PersonKind

#: The call-in period runs to the end of its last day.
END_OF_CALL_IN = time(23, 59, 59)


def council_calendar(council: Council) -> WorkingCalendar:
    """The council's working days: its nation's bank holidays and its closure days."""
    rules = ClockRules.from_council(council)
    return rules.calendar(council.closure_days.values_list("date", flat=True))


def _user(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


# --------------------------------------------------------------------------- taking


def take_decision(decision: Decision) -> Decision:
    """Validate and save a decision record; refuse what SI 2012/2089 forbids.

    Reg 12 asks for the decision, its reasons and the alternatives rejected (an executive
    decision without them is refused). A key decision needs its forward plan entry and a
    lawful notice route (reg 9, or reg 10/11 exceptions); the route is stored in
    ``key_decision_notice``. An urgent decision needs the urgency reason.
    """
    errors: dict[str, str] = {}
    if not decision.decision.strip():
        errors["decision"] = "Record the decision made (reg 12(a))."
    if decision.is_executive:
        if not decision.reasons.strip():
            errors["reasons"] = "Record the reasons for the decision (reg 12(b))."
        if not decision.alternatives_rejected.strip():
            errors["alternatives_rejected"] = (
                'Record the alternatives considered and rejected, or "None" (reg 12(c)).'
            )
    if decision.is_urgent and not decision.urgency_reason.strip():
        errors["urgency_reason"] = "Give the reason the decision is urgent."
    if decision.is_urgent and not decision.is_executive:
        errors["is_urgent"] = "Only executive decisions are subject to call-in."
    if errors:
        raise ValidationError(errors)
    decision.key_decision_notice = ""
    if decision.key_decision:
        entry = decision.forward_plan_entry
        if not decision.is_executive:
            raise ValidationError({"key_decision": "Only executive decisions can be key."})
        if entry is None:
            raise ValidationError(
                {
                    "forward_plan_entry": "A key decision needs its forward plan entry "
                    "(SI 2012/2089 reg 9)."
                }
            )
        if entry.council_id != decision.council_id:
            raise ValidationError(
                {"forward_plan_entry": "That forward plan entry belongs to another council."}
            )
        if not entry.key_decision:
            raise ValidationError(
                {"forward_plan_entry": "That forward plan entry is not for a key decision."}
            )
        from minutebook.forwardplan.services import notice_route

        decision.key_decision_notice = KeyDecisionNotice(notice_route(entry, decision.date))
    decision.full_clean()
    decision.save()
    return decision


def publish_decision(
    decision: Decision, *, now: datetime | None = None, user: Any = None
) -> Decision:
    """Publish the decision record (reg 12) and start its call-in period.

    Executive decisions open for call-in until ``call_in_working_days`` working days after
    the day of publication (``clock.call_in_expires``) and are in force the day after
    (``clock.decision_in_force_from``). An urgent decision is in force at once; other
    bodies' resolutions are not subject to call-in.
    """
    now = now or timezone.now()
    if decision.published_at is not None:
        raise ValidationError("This decision has already been published.")
    if now > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"published_at": "Publication cannot be in the future."})
    published = timezone.localtime(now, LONDON).date()
    if published < decision.date:
        raise ValidationError({"published_at": "A decision cannot be published before it is made."})
    decision.published_at = now
    decision.published_by = _user(user)
    if not decision.is_executive:
        decision.call_in_state = CallInState.NOT_APPLICABLE
    elif decision.is_urgent:
        decision.call_in_state = CallInState.URGENT
        decision.in_force_date = decision.date
    else:
        days = decision.council.call_in_working_days
        cal = council_calendar(decision.council)
        last = call_in_expires(published, days, cal)
        decision.call_in_expires = datetime.combine(last, END_OF_CALL_IN, tzinfo=LONDON)
        decision.in_force_date = decision_in_force_from(published, days, cal)
        decision.call_in_state = CallInState.OPEN
    decision.save()
    return decision


# --------------------------------------------------------------------------- call-in


def request_call_in(
    decision: Decision,
    *,
    signatories: Iterable[Person],
    grounds: str,
    received_at: datetime | None = None,
    user: Any = None,
) -> CallInRequest:
    """Record a call-in; if valid it suspends implementation (state "called in").

    Refused when the decision is not open to call-in (unpublished, urgent, not
    executive, already called in), when received after the period ended, when signed by
    fewer than ``Council.call_in_signatories`` of the council's councillors, or without
    grounds. The decision row is locked while checking, so two requests arriving together
    cannot both be accepted.
    """
    with transaction.atomic():
        locked = Decision.officer_objects.select_for_update().get(pk=decision.pk)
        request = _request_call_in(locked, signatories, grounds, received_at, user)
    decision.call_in_state, decision.in_force_date = locked.call_in_state, locked.in_force_date
    return request


def _request_call_in(
    decision: Decision,
    signatories: Iterable[Person],
    grounds: str,
    received_at: datetime | None,
    user: Any,
) -> CallInRequest:
    received_at = received_at or timezone.now()
    council = decision.council
    people = {p.pk: p for p in signatories}
    if decision.published_at is None:
        raise ValidationError("The decision has not been published: call-in has not started.")
    if decision.call_in_state == CallInState.URGENT:
        raise ValidationError(
            "This decision was taken as urgent and is exempt from call-in: "
            f"{decision.urgency_reason}"
        )
    if decision.call_in_state == CallInState.CALLED_IN:
        raise ValidationError("This decision has already been called in.")
    if decision.call_in_state != CallInState.OPEN or decision.call_in_expires is None:
        raise ValidationError("This decision is not subject to call-in.")
    if received_at > decision.call_in_expires:
        raise ValidationError(
            {
                "received_at": f"The call-in period ended on "
                f"{decision.call_in_expires_on:%-d %B %Y}: the decision can no longer be "
                "called in."
            }
        )
    if received_at < decision.published_at:
        raise ValidationError({"received_at": "A call-in cannot precede publication."})
    errors: dict[str, str] = {}
    not_councillors = [
        str(p)
        for p in people.values()
        if p.kind != PersonKind.COUNCILLOR or p.council_id != council.pk
    ]
    if not_councillors:
        errors["signatories"] = (
            f"Only councillors of {council} can call in a decision: not "
            f"{', '.join(sorted(not_councillors))}."
        )
    elif own := rules.own_decision_signatories(people.values(), rules.decided_by(decision)):
        errors["signatories"] = own
    elif len(people) < council.call_in_signatories:
        errors["signatories"] = (
            f"A call-in needs {council.call_in_signatories} councillors' signatures; "
            f"this one has {len(people)}."
        )
    if not grounds.strip():
        errors["grounds"] = "Give the grounds for the call-in."
    if errors:
        raise ValidationError(errors)
    request = CallInRequest.objects.create(
        decision_record=decision,
        received_at=received_at,
        grounds=grounds.strip(),
        recorded_by=_user(user),
    )
    request.signatories.set(people.values())
    decision.call_in_state = CallInState.CALLED_IN
    decision.in_force_date = None
    decision.save(update_fields=["call_in_state", "in_force_date", "modified"])
    return request


def record_call_in_outcome(
    request: CallInRequest,
    *,
    outcome: str,
    on: date,
    notes: str = "",
    meeting: Meeting | None = None,
    user: Any = None,
) -> CallInRequest:
    """Record scrutiny's outcome and set what the decision may now do.

    Withdrawn or no further action: the decision takes effect, not before the day after
    the call-in period (a withdrawn call-in inside the period reopens it). Referred back
    to the decision maker or to full council: it stays suspended; the body reconsiders
    and a new decision is recorded.
    """
    if not request.is_pending:
        raise ValidationError("The outcome of this call-in is already recorded.")
    if outcome not in CallInOutcome.values or outcome == CallInOutcome.PENDING:
        raise ValidationError({"outcome": "Choose an outcome."})
    decision = request.decision_record
    if on < timezone.localtime(request.received_at).date():
        raise ValidationError({"outcome_on": "The outcome cannot precede the call-in."})
    if (
        outcome
        in (
            CallInOutcome.NO_FURTHER_ACTION,
            CallInOutcome.REFERRED_BACK,
            CallInOutcome.REFERRED_TO_COUNCIL,
        )
        and not notes.strip()
    ):
        raise ValidationError({"outcome_notes": "Record the scrutiny committee's reasons."})
    expires = decision.call_in_expires_on
    assert expires is not None  # a request exists only for a decision open to call-in
    period_end = decision_in_force_from(
        timezone.localtime(decision.published_at).date(),
        decision.council.call_in_working_days,
        council_calendar(decision.council),
    )
    with transaction.atomic():
        request.outcome = outcome
        request.outcome_on = on
        request.outcome_notes = notes.strip()
        request.considered_at = meeting
        request.save()
        if outcome == CallInOutcome.WITHDRAWN:
            decision.call_in_state = CallInState.OPEN if on <= expires else CallInState.IN_FORCE
            decision.in_force_date = max(period_end, on)
        elif outcome == CallInOutcome.NO_FURTHER_ACTION:
            decision.call_in_state = CallInState.CALL_IN_REJECTED
            decision.in_force_date = max(period_end, on)
        elif outcome == CallInOutcome.REFERRED_BACK:
            decision.call_in_state = CallInState.REFERRED_BACK
            decision.in_force_date = None
        else:
            decision.call_in_state = CallInState.REFERRED_TO_COUNCIL
            decision.in_force_date = None
        decision.save(update_fields=["call_in_state", "in_force_date", "modified"])
    return request


def settle_expired_call_ins(*, today: date | None = None) -> int:
    """Mark decisions whose call-in period has ended uncalled as in force; returns how many."""
    today = today or timezone.localdate()
    end = datetime.combine(today, time.min, tzinfo=LONDON)
    expired = Decision.officer_objects.filter(
        call_in_state=CallInState.OPEN, call_in_expires__lt=end
    ).order_by("pk")
    settled = 0
    for pk in list(expired.values_list("pk", flat=True)):
        # Saved one by one (re-indexed, audited, ``modified`` moves), each re-read under
        # its lock: a call-in recorded since the list was read stands (request_call_in).
        with transaction.atomic():
            still_open = expired.select_for_update().filter(pk=pk)
            settled += len(save_each(still_open, call_in_state=CallInState.IN_FORCE))
    return settled


# --------------------------------------------------------------------------- referrals


def start_matter(
    council: Council,
    *,
    title: str,
    committee: Committee,
    recommendation: str,
    meeting: Meeting | None = None,
    report: Any = None,
) -> Matter:
    """Open a matter at its first body (often scrutiny), optionally on a meeting's agenda."""
    if committee.council_id != council.pk:
        raise ValidationError({"committee": "The body belongs to another council."})
    _check_meeting(committee, meeting)
    with transaction.atomic():
        matter = Matter.objects.create(council=council, title=title, report=report)
        Consideration.objects.create(
            matter=matter,
            sequence=1,
            committee=committee,
            meeting=meeting,
            recommendation=recommendation,
        )
    return matter


def _check_meeting(committee: Committee, meeting: Meeting | None) -> None:
    if meeting is not None and meeting.committee_id != committee.pk:
        raise ValidationError({"meeting": f"That meeting is not a meeting of {committee}."})


def record_consideration(
    consideration: Consideration,
    *,
    outcome: str,
    resolution: str,
    meeting: Meeting | None = None,
    refer_to: Committee | None = None,
    next_meeting: Meeting | None = None,
    decision: Decision | None = None,
    agenda_item: AgendaItem | None = None,
) -> Consideration | None:
    """Record what a body resolved on the matter; returns the next body's consideration.

    "Recommended" passes the resolution on as the recommendation to ``refer_to`` (for
    example scrutiny to cabinet, cabinet to full council); "referred back" returns it to
    the body it came from; "decided", "not agreed" and "noted" end the matter. The next
    body's consideration goes on ``next_meeting``'s agenda, or that body's next meeting's
    (``referrals.place_on_agenda``); ``agenda_item`` names the item of ``meeting`` this
    body considered it under, when it was not put there as a referral.
    """
    if consideration.outcome != ConsiderationOutcome.PENDING:
        raise ValidationError("This consideration already has its outcome.")
    meeting = meeting or consideration.meeting
    if meeting is None:
        raise ValidationError({"meeting": "Say at which meeting the matter was considered."})
    _check_meeting(consideration.committee, meeting)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "That item is on another meeting's agenda."})
    if outcome not in ConsiderationOutcome.values or outcome == ConsiderationOutcome.PENDING:
        raise ValidationError({"outcome": "Choose an outcome."})
    if not resolution.strip():
        raise ValidationError({"resolution": "Record what was resolved."})
    matter = consideration.matter
    target: Committee | None = None
    if outcome == ConsiderationOutcome.RECOMMENDED:
        if refer_to is None:
            raise ValidationError({"refer_to": "Say which body the recommendation goes to."})
        if refer_to.pk == consideration.committee_id or refer_to.council_id != matter.council_id:
            raise ValidationError({"refer_to": "Recommend to another body of the council."})
        target = refer_to
    elif outcome == ConsiderationOutcome.REFERRED_BACK:
        if consideration.referred_from is None:
            raise ValidationError({"outcome": "The matter started here: nothing to refer back to."})
        target = consideration.referred_from.committee
    if outcome == ConsiderationOutcome.DECIDED and consideration.committee.kind not in (
        CommitteeKind.EXECUTIVE,
        CommitteeKind.FULL_COUNCIL,
        CommitteeKind.REGULATORY,
        CommitteeKind.JOINT,
        CommitteeKind.OTHER,
    ):
        raise ValidationError(
            {"outcome": "Scrutiny recommends; the decision is for the executive or council."}
        )
    if target is not None:
        _check_meeting(target, next_meeting)
    with transaction.atomic():
        consideration.meeting = meeting
        consideration.outcome = outcome
        consideration.resolution = resolution.strip()
        consideration.refer_to = target
        consideration.decision_record = decision
        if agenda_item is not None:
            consideration.agenda_item = agenda_item
        elif consideration.agenda_item is not None and consideration.agenda_item.meeting_id != (
            meeting.pk
        ):
            consideration.agenda_item = None  # considered elsewhere than where it was placed
        consideration.save()
        if target is not None:
            matter.status = MatterStatus.IN_PROGRESS
            matter.save(update_fields=["status", "modified"])
            onward = Consideration.objects.create(
                matter=matter,
                sequence=consideration.sequence + 1,
                committee=target,
                meeting=next_meeting,
                referred_from=consideration,
                recommendation=consideration.resolution,
            )
            # The receiving body's next agenda, or the meeting the officer picked.
            try:
                place_on_agenda(onward, next_meeting)
            except ValidationError as error:
                raise ValidationError({"next_meeting": error.messages}) from error
            return onward
        matter.status = {
            ConsiderationOutcome.DECIDED: MatterStatus.DECIDED,
            ConsiderationOutcome.NOT_AGREED: MatterStatus.NOT_AGREED,
        }.get(ConsiderationOutcome(outcome), MatterStatus.CLOSED)
        matter.save(update_fields=["status", "modified"])
    return None
