"""The statutory clock: working days, clear days and council deadlines, as pure functions.

A plain package (not a Django app) so that the rules can be tested and cited on their
own; the apps and the ``minutebook clock`` command call into it.
"""

from minutebook.clock.calendar import WorkingCalendar, bank_holidays
from minutebook.clock.deadlines import (
    DEADLINES,
    LONDON,
    agenda_publish_by,
    agenda_published_in_time,
    call_in_expires,
    clear_days_before,
    clear_working_days_before,
    deadline_at,
    deadline_basis,
    decision_in_force_from,
    key_decision_notice_by,
    meeting_deadlines,
    private_meeting_notice_by,
    private_meeting_reasons_by,
    report_deadline,
    within_days_beginning_with,
    working_days_after,
    working_days_before,
)
from minutebook.clock.rules import ClockRules, DeadlineRule, parse_deadline_rule

__all__ = [
    "DEADLINES",
    "LONDON",
    "ClockRules",
    "DeadlineRule",
    "WorkingCalendar",
    "agenda_publish_by",
    "agenda_published_in_time",
    "bank_holidays",
    "call_in_expires",
    "clear_days_before",
    "clear_working_days_before",
    "deadline_at",
    "deadline_basis",
    "decision_in_force_from",
    "key_decision_notice_by",
    "meeting_deadlines",
    "parse_deadline_rule",
    "private_meeting_notice_by",
    "private_meeting_reasons_by",
    "report_deadline",
    "within_days_beginning_with",
    "working_days_after",
    "working_days_before",
]
