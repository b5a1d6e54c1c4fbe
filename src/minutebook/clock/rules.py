"""Council rules as data: deadline rule text and the per-council ``ClockRules``.

A council's constitution states its participation deadlines in words ("3 clear working
days before, 08:30", "midday the working day before"). minutebook keeps those words as
the council's data and parses them here into a ``DeadlineRule``, so that the rule shown
to the public and the rule the clock applies are the same text. Unknown wording is
refused rather than guessed at. This module is pure: no Django, no clock arithmetic
(that lives in ``deadlines``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache
from typing import Any, Literal

from minutebook.clock.calendar import WorkingCalendar

Anchor = Literal["meeting", "agenda_publication"]

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "twenty-eight": 28,
}

_TIME = r"(?:\d{1,2}[:.]\d{2}\s*(?:am|pm)?|\d{1,2}\s*(?:am|pm)|midday|noon)"
_COUNT = r"\d+|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_RULE = re.compile(
    rf"^(?:(?P<pre>{_TIME})\s+(?:on\s+)?)?"
    r"(?:the\s+(?P<one_working>working\s+)?day\s+before"
    rf"|(?P<count>{_COUNT})\s+(?P<clear>clear\s+)?(?P<working>working\s+)?days?\s+before)"
    r"(?:\s+(?:the\s+)?(?P<anchor>meeting|agenda\s+publication|publication\s+of\s+the\s+agenda))?"
    rf"(?:\s*,\s*(?:at\s+|by\s+)?(?P<post>{_TIME})|\s+(?:at|by)\s+(?P<post2>{_TIME}))?$"
)

RULE_EXAMPLES = (
    '"3 clear working days before, 08:30", "midday the working day before", '
    '"10 working days before, 17:00", "2 clear days before, 17:00", '
    '"5 working days before agenda publication"'
)


@dataclass(frozen=True)
class DeadlineRule:
    """A parsed deadline rule: count back from the meeting (or agenda publication).

    ``working`` counts working days, otherwise calendar days; ``clear`` leaves ``count``
    whole days between the deadline's day and the anchor day, otherwise the deadline is
    the ``count``-th day before the anchor. ``at`` is the time of day, or ``None`` for
    "by the end of that day".
    """

    text: str
    count: int
    working: bool
    clear: bool
    at: time | None
    anchor: Anchor = "meeting"


def _parse_time(raw: str, rule: str) -> time:
    raw = raw.replace(" ", "")
    if raw in ("midday", "noon"):
        return time(12, 0)
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?(am|pm)?", raw)
    if match is None:  # pragma: no cover - the rule pattern only admits these shapes
        raise ValueError(f"Unrecognised time {raw!r} in deadline rule {rule!r}.")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = match.group(3)
    if suffix:
        if not 1 <= hour <= 12:
            raise ValueError(f"Bad hour {hour} in {raw!r} in deadline rule {rule!r}.")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"Bad time {raw!r} in deadline rule {rule!r}.")
    return time(hour, minute)


@lru_cache(maxsize=256)
def parse_deadline_rule(text: str) -> DeadlineRule:
    """Parse a council's deadline wording; ``ValueError`` naming the rule if it is not understood."""
    normal = re.sub(r"\s+", " ", text.strip().lower()).rstrip(".")
    match = _RULE.match(normal)
    if match is None:
        raise ValueError(
            f"Unrecognised deadline rule {text!r}: expected wording such as {RULE_EXAMPLES}."
        )
    times = [t for t in (match["pre"], match["post"], match["post2"]) if t]
    if len(times) > 1:
        raise ValueError(f"Deadline rule {text!r} gives more than one time of day.")
    at = _parse_time(times[0], text) if times else None
    if match["count"] is None:
        count, working, clear = 1, bool(match["one_working"]), False
    else:
        raw = match["count"]
        count = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        working, clear = bool(match["working"]), bool(match["clear"])
    anchor: Anchor = "meeting"
    if match["anchor"] and match["anchor"] != "meeting":
        anchor = "agenda_publication"
    return DeadlineRule(text=text, count=count, working=working, clear=clear, at=at, anchor=anchor)


@dataclass(frozen=True)
class ClockRules:
    """One council's clock settings; the defaults are the statutory floors and common practice.

    Built from a council with ``from_council``, which only reads attributes, so this
    package needs no Django. Deadline wording is parsed on construction: a council whose
    rule text cannot be understood fails here, naming the setting.
    """

    region: str = "ENG"
    agenda_clear_days: int = 5
    key_decision_notice_days: int = 28
    private_meeting_notice_days: int = 28
    private_meeting_reasons_days: int = 5
    call_in_working_days: int = 5
    report_deadline_working_days: int = 5
    public_question_deadline_rule: str = "3 clear working days before, 08:30"
    public_statement_deadline_rule: str = "3 clear working days before, 08:30"
    petition_deadline_rule: str = "10 working days before, 17:00"
    councillor_question_deadline_rule: str = "3 clear working days before, 08:30"

    #: The settings that hold deadline wording, in display order.
    RULE_FIELDS = (
        "public_question_deadline_rule",
        "public_statement_deadline_rule",
        "petition_deadline_rule",
        "councillor_question_deadline_rule",
    )

    def __post_init__(self) -> None:
        WorkingCalendar(self.region)  # rejects an unknown region early
        if self.agenda_clear_days < 5:
            raise ValueError(
                f"agenda_clear_days is {self.agenda_clear_days}: LGA 1972 s100B(3) requires "
                "at least five clear days."
            )
        for name in (
            "key_decision_notice_days",
            "private_meeting_notice_days",
            "private_meeting_reasons_days",
            "call_in_working_days",
            "report_deadline_working_days",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative.")
        for name in self.RULE_FIELDS:
            try:
                parse_deadline_rule(getattr(self, name))
            except ValueError as error:
                raise ValueError(f"{name}: {error}") from error

    def calendar(self, closures: Iterable[date] = frozenset()) -> WorkingCalendar:
        """The council's working-day calendar: its region's bank holidays plus ``closures``."""
        return WorkingCalendar(self.region, closures)

    def rule(self, name: str) -> DeadlineRule:
        """The parsed rule held in the setting ``name`` (one of ``RULE_FIELDS``)."""
        if name not in self.RULE_FIELDS:
            raise KeyError(name)
        return parse_deadline_rule(getattr(self, name))

    @classmethod
    def from_council(cls, council: Any) -> ClockRules:
        """Read a council's settings (any object with the ``Council`` attribute names).

        Missing attributes keep their defaults, so partial objects (tests, imports) work.
        """
        values: dict[str, Any] = {}
        if getattr(council, "bank_holiday_region", None):
            values["region"] = str(council.bank_holiday_region)
        for name in (
            "agenda_clear_days",
            "key_decision_notice_days",
            "private_meeting_notice_days",
            "private_meeting_reasons_days",
            "call_in_working_days",
            "report_deadline_working_days",
        ):
            value = getattr(council, name, None)
            if value is not None:
                values[name] = int(value)
        for name in cls.RULE_FIELDS:
            value = getattr(council, name, None)
            if value:
                values[name] = str(value)
        return cls(**values)
