"""The statutory clock: named, pure deadline functions, each citing the rule it applies.

Every function takes plain dates (and a ``WorkingCalendar`` where working days matter)
and returns a date or a London-time datetime; nothing here reads the database or the
current time, so each deadline can be checked by hand against a calendar.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from minutebook.clock.calendar import WorkingCalendar
from minutebook.clock.rules import ClockRules, DeadlineRule, parse_deadline_rule

LONDON = ZoneInfo("Europe/London")

#: A deadline rule with no time of day runs to the end of its day.
END_OF_DAY = time(23, 59)

_ENGLAND = WorkingCalendar("ENG")


def _calendar(cal: WorkingCalendar | None) -> WorkingCalendar:
    return _ENGLAND if cal is None else cal


def _positive(n: int, what: str) -> None:
    if n < 0:
        raise ValueError(f"{what} must not be negative (got {n}).")


def clear_working_days_before(day: date, n: int, cal: WorkingCalendar | None = None) -> date:
    """The latest working day that leaves ``n`` clear working days before ``day``.

    Clear days exclude both the deadline's own day and ``day``; weekends, bank holidays
    and closures are not counted. Counting back, the ``n``-th working day before ``day``
    is the first clear day, and the deadline is the working day before that. Any
    non-working days between the two are equally in time (nothing is counted on them).
    """
    _positive(n, "Clear working days")
    cal = _calendar(cal)
    first_clear = cal.add_working_days(day, -n)
    return cal.previous_working_day(first_clear)


def agenda_publish_by(
    meeting_date: date, clear_days: int = 5, cal: WorkingCalendar | None = None
) -> date:
    """Latest (working) day to publish the agenda and reports for a meeting on ``meeting_date``.

    Local Government Act 1972 s100B(3): copies of the agenda and reports must be open to
    inspection at least five clear days before the meeting (s100B(4)(b) admits a later,
    urgent item only with the chair's reasons recorded). Clear days exclude the day of
    publication and the day of the meeting, and days when the offices are closed
    (weekends, bank holidays) do not count: R v Swansea City Council, ex p Elitestone
    Ltd [1993] 46 EG 181 (CA), decided on the then "three clear days". A council may
    set more than five (``clear_days``), never fewer.
    """
    return clear_working_days_before(meeting_date, clear_days, cal)


def agenda_published_in_time(
    published: date, meeting_date: date, clear_days: int = 5, cal: WorkingCalendar | None = None
) -> bool:
    """Whether an agenda published on ``published`` left ``clear_days`` clear working days.

    LGA 1972 s100B(3), counted as in ``agenda_publish_by``; this is the check to run on an
    actual publication (which may fall on a weekend), the other gives the date to aim for.
    """
    return _calendar(cal).working_days_between(published, meeting_date) >= clear_days


def clear_days_before(day: date, n: int) -> date:
    """The latest date leaving ``n`` clear calendar days before ``day`` (both ends excluded).

    Used for notices in calendar days, where weekends and bank holidays count: the
    Local Authorities (Executive Arrangements) (Meetings and Access to Information)
    (England) Regulations 2012 (SI 2012/2089) reg 9 (key decision, 28 clear days in the
    forward plan), reg 5(2) (intention to meet in private, 28 clear days) and reg 5(4)
    (reasons for the private meeting, 5 clear days).
    """
    _positive(n, "Clear days")
    return day - timedelta(days=n + 1)


def key_decision_notice_by(decision_date: date, days: int = 28) -> date:
    """Last day to publish notice of a key decision: SI 2012/2089 reg 9, 28 clear days.

    Later notice needs general exception (reg 10) or special urgency (reg 11).
    """
    return clear_days_before(decision_date, days)


def private_meeting_notice_by(meeting_date: date, days: int = 28) -> date:
    """Last day to give notice of intention to hold a meeting in private: SI 2012/2089 reg 5(2)."""
    return clear_days_before(meeting_date, days)


def private_meeting_reasons_by(meeting_date: date, days: int = 5) -> date:
    """Last day to publish the reasons for a private meeting: SI 2012/2089 reg 5(4), 5 clear days."""
    return clear_days_before(meeting_date, days)


def within_days_beginning_with(start: date, n: int = 28) -> date:
    """The last day of "``n`` days beginning with" ``start``: ``start`` itself is day one.

    The statutory form of, for example, the Localism Act 2011 s30(1): a member must notify
    disclosable pecuniary interests "before the end of 28 days beginning with the day on
    which the person becomes a member" — so the 28th day counting ``start`` as the first.
    """
    if n < 1:
        raise ValueError(f"A period of days beginning with a day has at least one day (got {n}).")
    return start + timedelta(days=n - 1)


def working_days_before(day: date, n: int, cal: WorkingCalendar | None = None) -> date:
    """The ``n``-th working day before ``day`` (``day`` itself not counted)."""
    _positive(n, "Working days")
    return _calendar(cal).add_working_days(day, -n)


def working_days_after(day: date, n: int = 5, cal: WorkingCalendar | None = None) -> date:
    """The ``n``-th working day after ``day``: the last day of a call-in period.

    Call-in is set by each council's overview and scrutiny procedure rules under the
    Local Government Act 2000 s9F(2)(a) and (4) (review of decisions made but not yet
    implemented): typically a decision may be called in within five working days of its
    publication (the day of publication not counted) and may be implemented only once
    that period has expired.
    """
    _positive(n, "Working days")
    return _calendar(cal).add_working_days(day, n)


def call_in_expires(
    published: date, working_days: int = 5, cal: WorkingCalendar | None = None
) -> date:
    """Last day on which a decision published on ``published`` can be called in."""
    return working_days_after(published, working_days, cal)


def decision_in_force_from(
    published: date, working_days: int = 5, cal: WorkingCalendar | None = None
) -> date:
    """First day a decision may be implemented: the day after its call-in period ends.

    Only if it was not called in (and was not taken under the urgency exemption).
    """
    return call_in_expires(published, working_days, cal) + timedelta(days=1)


def report_deadline(
    meeting_date: date,
    working_days: int = 5,
    agenda_clear_days: int = 5,
    cal: WorkingCalendar | None = None,
) -> date:
    """Day reports are due to democratic services: ``working_days`` before agenda publication.

    A local rule (the council's own), leaving time to check and assemble the pack before
    the statutory publication date of LGA 1972 s100B(3).
    """
    return working_days_before(
        agenda_publish_by(meeting_date, agenda_clear_days, cal), working_days, cal
    )


def meeting_local_date(meeting_start: datetime) -> date:
    """The meeting's date in UK local time (a naive datetime is taken to be UK local time)."""
    if meeting_start.tzinfo is None:
        return meeting_start.date()
    return meeting_start.astimezone(LONDON).date()


def deadline_at(
    rule: DeadlineRule | str,
    meeting_start: datetime,
    cal: WorkingCalendar | None = None,
    agenda_clear_days: int = 5,
) -> datetime:
    """Evaluate a council deadline rule for a meeting, as a Europe/London datetime.

    The rule is the council's own (its procedure rules for public questions, statements,
    petitions, councillor questions), held as text: see ``rules.parse_deadline_rule``.
    A rule counting "before agenda publication" counts back from ``agenda_publish_by``.
    """
    if isinstance(rule, str):
        rule = parse_deadline_rule(rule)
    anchor = meeting_local_date(meeting_start)
    if rule.anchor == "agenda_publication":
        anchor = agenda_publish_by(anchor, agenda_clear_days, cal)
    if rule.working:
        if rule.clear:
            day = clear_working_days_before(anchor, rule.count, cal)
        else:
            day = working_days_before(anchor, rule.count, cal)
    elif rule.clear:
        day = clear_days_before(anchor, rule.count)
    else:
        day = anchor - timedelta(days=rule.count)
    return datetime.combine(day, rule.at or END_OF_DAY, tzinfo=LONDON)


#: Each deadline's label and legal basis, in the order ``meeting_deadlines`` returns them.
DEADLINES: dict[str, tuple[str, str]] = {
    "agenda_publish_by": ("Publish agenda and reports by", "LGA 1972 s100B(3); Elitestone (1993)"),
    "report_deadline": ("Reports due", "Council rule: working days before publication"),
    "key_decision_notice_by": ("Key decision notice by", "SI 2012/2089 reg 9"),
    "private_meeting_notice_by": ("Private meeting notice by", "SI 2012/2089 reg 5(2)"),
    "private_meeting_reasons_by": ("Private meeting reasons by", "SI 2012/2089 reg 5(4)"),
    "public_question_deadline": ("Public questions close", "Council procedure rules"),
    "public_statement_deadline": ("Public statements close", "Council procedure rules"),
    "petition_deadline": ("Petitions close", "Council petition scheme"),
    "councillor_question_deadline": ("Councillor questions close", "Council procedure rules"),
    "call_in_expires": ("Call-in period ends", "Council scrutiny rules; LGA 2000 s9F"),
    "decision_in_force_from": ("Decision in force from", "Day after call-in ends"),
}

_RULE_KEYS = {
    "public_question_deadline": "public_question_deadline_rule",
    "public_statement_deadline": "public_statement_deadline_rule",
    "petition_deadline": "petition_deadline_rule",
    "councillor_question_deadline": "councillor_question_deadline_rule",
}


def deadline_basis(rules: ClockRules) -> dict[str, str]:
    """The basis of each deadline as shown to officers: citation, or the council's wording."""
    basis = {key: citation for key, (_, citation) in DEADLINES.items()}
    for key, setting in _RULE_KEYS.items():
        basis[key] = f'"{getattr(rules, setting)}"'
    basis["report_deadline"] = (
        f"{rules.report_deadline_working_days} working days before publication (council rule)"
    )
    basis["agenda_publish_by"] = (
        f"{rules.agenda_clear_days} clear working days: LGA 1972 s100B(3); Elitestone (1993)"
    )
    basis["key_decision_notice_by"] = (
        f"{rules.key_decision_notice_days} clear days: SI 2012/2089 reg 9"
    )
    basis["private_meeting_notice_by"] = (
        f"{rules.private_meeting_notice_days} clear days: SI 2012/2089 reg 5(2)"
    )
    basis["private_meeting_reasons_by"] = (
        f"{rules.private_meeting_reasons_days} clear days: SI 2012/2089 reg 5(4)"
    )
    basis["call_in_expires"] = f"{rules.call_in_working_days} working days after publication"
    return basis


def meeting_deadlines(
    meeting_start: datetime,
    rules: ClockRules | None = None,
    cal: WorkingCalendar | None = None,
    decision_published: date | None = None,
) -> dict[str, date]:
    """Every deadline for one meeting, keyed as in ``DEADLINES``.

    Values are dates, except the participation deadlines, which are Europe/London
    datetimes. ``call_in_expires`` and ``decision_in_force_from`` appear only when the
    date a decision of the meeting was published is given. ``cal`` defaults to the
    rules' region with no closure days.
    """
    if rules is None:
        rules = ClockRules()
    if cal is None:
        cal = rules.calendar()
    day = meeting_local_date(meeting_start)
    result: dict[str, date] = {
        "agenda_publish_by": agenda_publish_by(day, rules.agenda_clear_days, cal),
        "report_deadline": report_deadline(
            day, rules.report_deadline_working_days, rules.agenda_clear_days, cal
        ),
        "key_decision_notice_by": key_decision_notice_by(day, rules.key_decision_notice_days),
        "private_meeting_notice_by": private_meeting_notice_by(
            day, rules.private_meeting_notice_days
        ),
        "private_meeting_reasons_by": private_meeting_reasons_by(
            day, rules.private_meeting_reasons_days
        ),
    }
    for key, setting in _RULE_KEYS.items():
        result[key] = deadline_at(rules.rule(setting), meeting_start, cal, rules.agenda_clear_days)
    if decision_published is not None:
        result["call_in_expires"] = call_in_expires(
            decision_published, rules.call_in_working_days, cal
        )
        result["decision_in_force_from"] = decision_in_force_from(
            decision_published, rules.call_in_working_days, cal
        )
    return result
