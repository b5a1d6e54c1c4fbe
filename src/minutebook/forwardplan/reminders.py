"""The forward plan's deadlines, for democratic services' reminder digest.

An entry gives notice only once the plan listing it is published (``first_published``),
so an unpublished, dated entry is a deadline running:

- a key decision needs 28 clear days' notice (SI 2012/2089 reg 9;
  ``services.notice_due_by``); after that the decision needs the general exception
  (reg 10) or special urgency (reg 11), so an entry with one recorded is left alone;
- a matter to be taken in private (``access`` not open) needs 28 clear days' notice of
  the intention (reg 5(2)), which the published entry gives; after that only with the
  scrutiny chair's agreement that it is urgent (reg 5(6)).

The sending, the stages and the window are ``meetings.reminders``'.
"""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from minutebook.clock import private_meeting_notice_by
from minutebook.core.site import site_url
from minutebook.councils.models import Council
from minutebook.forwardplan.models import (
    Access,
    EntryReminderKind,
    ForwardPlanEntry,
    ForwardPlanReminder,
)
from minutebook.forwardplan.services import notice_due_by
from minutebook.meetings.models import ReminderStage
from minutebook.meetings.reminders import Due, long_date, reminder_stage
from minutebook.meetings.services import council_clock


def forward_plan_reminders(council: Council, now: dt.datetime) -> list[Due]:
    """Unpublished dated entries whose reg 9 or reg 5(2) notice is due soon or passed."""
    rules, cal = council_clock(council)
    today = timezone.localdate(now)
    window = council.reminder_working_days
    longest = max(rules.key_decision_notice_days, rules.private_meeting_notice_days)
    # A decision later than this cannot have its notice in the window yet.
    horizon = cal.add_working_days(today, window) + timedelta(days=longest + 1)
    entries = (
        ForwardPlanEntry.objects.for_council(council)
        .current()
        .unpublished()
        .filter(decision_date__gte=today, decision_date__lte=horizon)
        .select_related("council")
        .prefetch_related("exceptions")
        .order_by("decision_date", "pk")
    )
    plan_url = site_url(reverse("backoffice:forwardplan:plan", args=[council.slug]))
    found: list[Due] = []
    for entry in entries:
        assert entry.decision_date is not None  # filtered above
        path = reverse("backoffice:forwardplan:entry", args=[entry.pk])
        title = f"{entry.title} (decision {long_date(entry.decision_date)})"
        if entry.key_decision and not entry.exceptions.all():
            due = notice_due_by(entry)
            assert due is not None
            stage = reminder_stage(today, due, window, cal)
            if stage is not None:
                found.append(
                    Due(
                        ForwardPlanReminder,
                        entry,
                        EntryReminderKind.KEY_DECISION,
                        stage,
                        due,
                        title,
                        _key_decision_action(stage, due, rules.key_decision_notice_days),
                        path,
                        (f"Publish the plan: {plan_url}",)
                        if stage == ReminderStage.DUE_SOON
                        else (),
                    )
                )
        if entry.access != Access.OPEN:
            due = private_meeting_notice_by(entry.decision_date, rules.private_meeting_notice_days)
            stage = reminder_stage(today, due, window, cal)
            if stage is not None:
                found.append(
                    Due(
                        ForwardPlanReminder,
                        entry,
                        EntryReminderKind.PRIVATE_MEETING,
                        stage,
                        due,
                        title,
                        _private_action(stage, due, rules.private_meeting_notice_days),
                        path,
                    )
                )
    return found


def _key_decision_action(stage: ReminderStage, due: dt.date, days: int) -> str:
    if stage == ReminderStage.OVERDUE:
        return (
            f"Key decision not in the published forward plan: {days} clear days' notice "
            f"(SI 2012/2089 reg 9) was due by {long_date(due)}. The decision now needs the "
            "general exception (reg 10: tell the scrutiny chair in writing, publish a notice, "
            "then five clear days) or special urgency (reg 11: the scrutiny chair agrees it "
            "is urgent and cannot reasonably be deferred)."
        )
    return (
        f"Key decision not yet in the published forward plan: publish the plan by "
        f"{long_date(due)} to give {days} clear days' notice (SI 2012/2089 reg 9)."
    )


def _private_action(stage: ReminderStage, due: dt.date, days: int) -> str:
    if stage == ReminderStage.OVERDUE:
        return (
            f"To be taken in private, but notice of that intention ({days} clear days, "
            f"SI 2012/2089 reg 5(2)) was due by {long_date(due)} and the entry is not "
            "published. It can now be taken in private only if the scrutiny chair agrees it "
            "is urgent and cannot reasonably be deferred (reg 5(6))."
        )
    return (
        f"To be taken in private: publish the plan with this entry, which gives notice of "
        f"the intention and the reasons, by {long_date(due)} ({days} clear days, "
        "SI 2012/2089 reg 5(2))."
    )
