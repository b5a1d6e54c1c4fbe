"""Read an action plan out of a pack's text: tab-separated table rows into a draft plan.

Pure (no Django): the officer page stores the draft as JSON for review before anything
becomes a Plan. Packs print plans as tables that break across pages, lose cells and
repeat their headers, so the reader works on general signals only:

- a *header row* names the columns ("Action", "Timescale"/"By when", "Lead"/"Owner",
  "Progress and milestones", "Status"/"RAG"/"BRAG", "Measures of success", "Evidence");
  an unlabelled first column (blank or a page stamp) holds references;
- numbered one-cell lines ("2. Ensuring ...", "Outcome 3: ...") are *areas*; a column
  such as "Improvement"/"Objective"/"Priority" carries *focus areas* inside an area;
- a row with text in the action column starts an action, unless that text reads as the
  previous row's continuation (lower-case start, or no reference, date or owner of its
  own); milestone cells become the action's milestones with their status and lead;
- rows shorter than the header and not indented are aligned to the right edge, because
  the status column is the one packs keep.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from minutebook.importer.parse.text import clean_inline, is_page_stamp

# --- the draft ------------------------------------------------------------------------------


@dataclass
class DraftMilestone:
    text: str
    status: str = ""
    owner: str = ""
    due: dt.date | None = None


@dataclass
class DraftAction:
    reference: str = ""
    title: str = ""
    timescale: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    ongoing: bool = False
    recurrence: str = ""
    measures: str = ""
    evidence: str = ""
    owner: str = ""
    status: str = ""
    milestones: list[DraftMilestone] = field(default_factory=list)
    # Risks: scores on a 5x5 matrix, current and residual, and the controls.
    likelihood: int | None = None
    impact: int | None = None
    residual_likelihood: int | None = None
    residual_impact: int | None = None
    controls: str = ""

    @property
    def is_risk(self) -> bool:
        return self.likelihood is not None or self.impact is not None


@dataclass
class DraftFocus:
    reference: str = ""
    title: str = ""
    actions: list[DraftAction] = field(default_factory=list)


@dataclass
class DraftArea:
    reference: str = ""
    title: str = ""
    actions: list[DraftAction] = field(default_factory=list)
    focus_areas: list[DraftFocus] = field(default_factory=list)


@dataclass
class DraftPlan:
    areas: list[DraftArea] = field(default_factory=list)
    #: Status labels in order of first appearance (the plan's vocabulary).
    statuses: list[str] = field(default_factory=list)

    def actions(self) -> list[DraftAction]:
        out: list[DraftAction] = []
        for area in self.areas:
            out.extend(area.actions)
            for focus in area.focus_areas:
                out.extend(focus.actions)
        return out

    def milestones(self) -> list[DraftMilestone]:
        return [m for a in self.actions() for m in a.milestones]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _jsonable(asdict(self))
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DraftPlan:
        def ms(d: dict[str, Any]) -> DraftMilestone:
            return DraftMilestone(**{**d, "due": _date(d.get("due"))})

        def act(d: dict[str, Any]) -> DraftAction:
            return DraftAction(
                **{
                    **d,
                    "start": _date(d.get("start")),
                    "end": _date(d.get("end")),
                    "milestones": [ms(m) for m in d.get("milestones", [])],
                }
            )

        areas = [
            DraftArea(
                reference=a.get("reference", ""),
                title=a.get("title", ""),
                actions=[act(x) for x in a.get("actions", [])],
                focus_areas=[
                    DraftFocus(
                        reference=f.get("reference", ""),
                        title=f.get("title", ""),
                        actions=[act(x) for x in f.get("actions", [])],
                    )
                    for f in a.get("focus_areas", [])
                ],
            )
            for a in data.get("areas", [])
        ]
        return cls(areas=areas, statuses=list(data.get("statuses", [])))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


# --- column labels --------------------------------------------------------------------------

#: (field, pattern) in priority order: the first that matches a header cell names it.
COLUMN_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("residual_likelihood", re.compile(r"\b(?:residual|target)\b.*\b(?:likelihood|probability)\b")),
    ("residual_impact", re.compile(r"\b(?:residual|target)\b.*\b(?:impact|severity)\b")),
    ("likelihood", re.compile(r"\b(?:likelihood|probability)\b")),
    ("impact", re.compile(r"^(?:current )?(?:impact|severity|consequence)$")),
    ("controls", re.compile(r"\b(?:controls?|mitigations?|mitigating)\b")),
    ("status", re.compile(r"\b(?:b?rag|status|rating)\b")),
    ("milestones", re.compile(r"\b(?:milestones?|progress|updates?|commentary)\b")),
    ("measures", re.compile(r"\b(?:measures?|success|criteria|kpis?|targets?|impact)\b")),
    ("evidence", re.compile(r"\bevidence\b")),
    ("owner", re.compile(r"\b(?:lead|leads|owner|owners|responsib\w*|accountable|who)\b")),
    ("start", re.compile(r"\bstart\b")),
    ("timescale", re.compile(r"\b(?:timescales?|by when|deadline|dates?|due|when|timeframe)\b")),
    (
        "focus",
        re.compile(r"\b(?:improvements?|objectives?|priority|priorities|focus|theme|workstream)\b"),
    ),
    (
        "action",
        re.compile(r"\b(?:actions?|tasks?|activity|activities|what we will do|risks?)\b"),
    ),
    ("reference", re.compile(r"^(?:ref|reference|no|number|id)$")),
]

_STAMP = re.compile(r"^(?:page\s*)?\d{1,3}$", re.I)
_STAMP_IN_CELL = re.compile(r"\s*\bpage\s+\d{1,4}\b\s*", re.I)
_REF = re.compile(
    r"^([A-Z]{0,3}\d{1,2}(?:[./]\d{1,3})+[a-z]?|[A-Z]{1,3}\d{1,3})(?:[.:)])?(?:\s+(.*))?$"
)
_AREA = re.compile(
    r"^(?:(?:outcome|priority|area|theme|objective|workstream|section|aim|goal|strand)\s+)?"
    r"(\d{1,2}(?:\.\d{1,2})*)[.:)]?\s+([A-Z].{3,250})$",
    re.I,
)


def column_field(label: str) -> str | None:
    text = re.sub(r"[^a-z0-9]+", " ", label.lower()).strip()
    if not text:
        return None
    for name, pattern in COLUMN_PATTERNS:
        if pattern.search(text):
            return name
    return None


def header_columns(cells: list[str]) -> list[str | None] | None:
    """Field per column if ``cells`` is a plan table's header row, else None."""
    fields: list[str | None] = []
    for i, cell in enumerate(cells):
        if not cell:
            fields.append(None)
            continue
        if len(cell) > 40:
            return None
        if i == 0 and _STAMP.match(cell):
            fields.append(None)
            continue
        fields.append(column_field(cell))
    named = [f for f in fields if f]
    if len(set(named)) < 3 or len(named) != len(set(named)):
        return None
    if "action" not in named and "milestones" in named:
        fields = ["action" if f == "milestones" else f for f in fields]
        named = [f for f in fields if f]
    if "action" not in named or not {"owner", "status", "timescale"} & set(named):
        return None
    # An unlabelled first column holds references; a header printed without one (or with
    # its empty first cell trimmed) gets one, as rows often still print their numbers.
    if fields[0] is None and "reference" not in named:
        fields[0] = "reference"
    elif "reference" not in named:
        fields = ["reference", *fields]
    return fields


def _looks_like_other_header(cells: list[str]) -> bool:
    texts = [c for c in cells if c]
    return len(texts) >= 2 and all(
        len(c) <= 40 and not re.search(r"[\d()]", c) and not is_status(c) for c in texts
    )


# --- statuses and dates ---------------------------------------------------------------------

#: Words that make a short cell a status; the vocabulary itself comes from the plan.
_STATUS_WORDS = re.compile(
    r"^(?:complete[d]?|done|achieved|on (?:target|track)|in progress|not (?:yet )?started|"
    r"delayed|behind|off (?:target|track)|at risk|(?:significant|high|some) risk|overdue|"
    r"red|amber|green|blue|black|ongoing|closed|open|cancelled|superseded)\b",
    re.I,
)


def is_status(text: str) -> bool:
    return bool(text) and len(text) <= 40 and bool(_STATUS_WORDS.match(text))


def _split_statuses(text: str) -> list[str]:
    """'Complete Complete' (two merged cells) -> ['Complete', 'Complete']."""
    out: list[str] = []
    rest = text.strip()
    while rest:
        m = _STATUS_WORDS.match(rest)
        if not m:
            return [text.strip()]
        out.append(rest[: m.end()].strip())
        rest = rest[m.end() :].strip()
    return out


_MONTHS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i])
}
_MONTHS["sept"] = 9
_MONTH_YEAR = re.compile(
    r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s*(\d{4}|\d{2}(?!\d))?\b",
    re.I,
)
_DUE_PAREN = re.compile(r"\(([^()]*)\)\s*$")
RECURRENCES = {
    "weekly": "weekly",
    "fortnightly": "fortnightly",
    "monthly": "monthly",
    "bi-monthly": "bimonthly",
    "bimonthly": "bimonthly",
    "quarterly": "quarterly",
    "termly": "termly",
    "each term": "termly",
    "six-monthly": "six_monthly",
    "half-yearly": "six_monthly",
    "annually": "annually",
    "annual": "annually",
    "yearly": "annually",
}
_ONGOING = re.compile(r"\b(?:on-?going|continuous|throughout|business as usual)\b", re.I)


def month_span(text: str) -> tuple[dt.date | None, dt.date | None]:
    """First and last day of the months a timescale names ("Oct to Dec 17", "July 2017").

    A month without a year takes the next year printed after it; two-digit years are
    20YY. A single month is both start and end month.
    """
    found: list[tuple[int, int | None]] = []
    for m in _MONTH_YEAR.finditer(text):
        year = m.group(2)
        y = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
        found.append((_MONTHS[m.group(1).lower()], y))
    if not found:
        return None, None
    end_month, end_year = found[-1]
    if end_year is None:
        return None, None
    start_month, start_year = found[0]
    if start_year is None:
        start_year = end_year if start_month <= end_month else end_year - 1
    start = dt.date(start_year, start_month, 1)
    end = dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    return start, end


def read_timescale(text: str) -> tuple[dt.date | None, dt.date | None, bool, str]:
    """(start, end, ongoing, recurrence) of a timescale cell."""
    low = text.lower()
    recurrence = next((v for k, v in RECURRENCES.items() if re.search(rf"\b{k}\b", low)), "")
    ongoing = bool(_ONGOING.search(text))
    start, end = month_span(text)
    if (
        end is not None
        and re.search(r"\b(?:from|starting|beginning)\b", low)
        and not re.search(r"\b(?:to|until|till|by)\b|[-\u2013]", low)
    ):
        return (start or end).replace(day=1), None, ongoing, recurrence
    if start and end and start.replace(day=1) >= end.replace(day=1):
        start = None  # one month, or two timescales run together: keep the last as the end
    return start, end, ongoing, recurrence


def milestone_due(text: str) -> dt.date | None:
    m = _DUE_PAREN.search(text)
    return month_span(m.group(1))[1] if m else None


def _split_merged_milestones(text: str, statuses: list[str]) -> list[str]:
    """Two milestones merged into one cell, each ending in its date in brackets."""
    if len(statuses) < 2:
        return [text]
    parts = [p.strip() for p in re.split(r"(?<=\))\s+(?=[A-Z])", text) if p.strip()]
    return parts if len(parts) == len(statuses) else [text]


# --- the reader -----------------------------------------------------------------------------


def _cells(raw: str) -> list[str]:
    return [clean_inline(c) for c in raw.split("\t")]


_DATEISH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b\.?\s*(?:\d{2,4})?|"
    r"\b(?:19|20)\d{2}\b|\bon-?going\b|\bto be (?:agreed|confirmed)\b|\bq[1-4]\b|"
    r"\b(?:weekly|monthly|quarterly|termly|annual(?:ly)?|yearly)\b",
    re.I,
)


def _fit(column: str | None, cell: str) -> float:
    """How well a cell suits a column: positive for a good fit, negative for a bad one."""
    if not cell or column is None:
        return 0.0
    if column == "reference":
        return 3.0 if _REF.match(cell) and len(cell) <= 12 else -2.0
    if column == "status":
        return 3.0 if is_status(cell) else -2.0
    if column in ("timescale", "start"):
        return 2.0 if _DATEISH.search(cell) and len(cell) <= 60 else -1.0
    if column == "milestones":
        return 1.0 if _DUE_PAREN.search(cell) else 0.0
    if is_status(cell):
        return -2.0
    return 0.0


def _align(cells: list[str], columns: list[str | None]) -> list[str]:
    """Place a row's cells under the header's columns.

    Rows lose cells at either end (trimmed empties, page breaks), so every placement of
    the row as one run of columns is scored by how well each cell suits its column (a
    status under Status, a date under Timescale, a number under the reference column),
    and the best is kept; a row that kept its leading empty cells leans towards staying
    where it is.
    """
    width = len(columns)
    if len(cells) > width:
        while len(cells) > width and not cells[-1]:
            cells = cells[:-1]
        while len(cells) > width and not cells[0]:
            cells = cells[1:]
        return cells[-width:]
    while cells and not cells[-1]:
        cells = cells[:-1]
    best: tuple[float, list[str]] | None = None
    for offset in range(width - len(cells) + 1):
        placed = [""] * offset + cells + [""] * (width - offset - len(cells))
        score = sum(_fit(col, cell) for col, cell in zip(columns, placed, strict=True))
        if offset == 0 and cells and not cells[0]:
            score += 0.5
        if best is None or score > best[0]:
            best = (score, placed)
    return best[1] if best else [""] * width


_DATE_START = re.compile(
    r"^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*\d{2,4}\b|on-?going\b)",
    re.I,
)


def _repair(cells: list[str], columns: list[str | None]) -> list[str]:
    """Undo the commonest lost or extra cell: a bare reference one column right of the
    reference column, or a date sitting in the action column."""
    width = len(columns)
    if (
        columns[0] == "reference"
        and len(cells) > 1
        and not cells[0]
        and _REF.match(cells[1])
        and not _REF.match(cells[1]).group(2)  # type: ignore[union-attr]
    ):
        return [*cells[1:], ""]
    if "action" in columns:
        a = columns.index("action")
        if a < width and _DATE_START.match(cells[a]) and "timescale" in columns[a + 1 :]:
            at = a - 1 if a > 1 and columns[a - 1] != "reference" and cells[a - 1] else a
            return _align([*cells[:at], "", *cells[at:]], columns)
    return cells


def _continues(text: str) -> bool:
    return bool(text) and (text[0].islower() or text[0] in ",;)&")


class _Reader:
    def __init__(self) -> None:
        self.plan = DraftPlan()
        self.columns: list[str | None] | None = None
        self.pending_area: tuple[str, str] | None = None
        self.area: DraftArea | None = None
        self.focus: DraftFocus | None = None
        self.action: DraftAction | None = None

    # headings
    def heading(self, text: str) -> bool:
        m = _AREA.match(text)
        if not m:
            return False
        ref, title = m.group(1), m.group(2).strip()
        current = self.area.title if self.area else (self.pending_area or ("", ""))[1]
        if _key(title) == _key(current):
            return True
        self.pending_area = (ref, title)
        self.area = None
        self.focus = None
        self.action = None
        return True

    def _area(self) -> DraftArea:
        if self.area is None:
            ref, title = self.pending_area or ("", "")
            self.area = DraftArea(reference=ref, title=title)
            self.plan.areas.append(self.area)
        return self.area

    def _status(self, text: str) -> str:
        if text and text not in self.plan.statuses:
            self.plan.statuses.append(text)
        return text

    # rows
    def row(self, raw: str) -> None:
        assert self.columns is not None
        cells = _repair(_align(_cells(raw), self.columns), self.columns)
        raw_cells = _align(raw.split("\t"), self.columns)
        listed = {
            name
            for name, cell in zip(self.columns, raw_cells, strict=True)
            if name and cell.lstrip().startswith(("<ul", "<li", "\u2022"))
        }
        row: dict[str, str] = {}
        for name, cell in zip(self.columns, cells, strict=True):
            if name and cell:
                row[name] = _STAMP_IN_CELL.sub(" ", cell).strip() if name == "reference" else cell
        if row.get("status") and not all(is_status(x) for x in _split_statuses(row["status"])):
            extra = row.pop("status")
            if not row.get("milestones"):
                row["milestones"] = extra
        ref = row.get("reference", "")
        if ref and not _REF.match(ref):
            ref = ""  # a page stamp in the reference column
        for name in ("focus", "action"):
            m = _REF.match(row.get(name, ""))
            if m and m.group(2) and not ref:
                ref, row[name] = m.group(1), m.group(2)
        self._focus(row, ref)
        self._action(row, ref if "focus" not in self.columns else "", "action" in listed)
        self._milestones(row)

    def _focus(self, row: dict[str, str], ref: str) -> None:
        text = row.get("focus", "")
        if not text:
            return
        if self.focus is not None and (_continues(text) or not ref):
            self.focus.title = f"{self.focus.title} {text}".strip()
            return
        self.focus = DraftFocus(reference=ref, title=text)
        self._area().focus_areas.append(self.focus)
        self.action = None

    def _action(self, row: dict[str, str], ref: str, listed: bool = False) -> None:
        text = row.get("action", "")
        measures = row.get("measures", "")
        starts = bool(text) and not _continues(text) and not (listed and not ref)
        if starts and self.action is not None and not ref and not row.get("timescale"):
            # No reference or date of its own: a new action only if nothing else continues.
            starts = not _continues(measures) and bool(row.get("owner") or row.get("milestones"))
        if starts:
            self.action = DraftAction(reference=ref, title=text)
            (self.focus.actions if self.focus else self._area().actions).append(self.action)
        elif self.action is not None and text:
            self.action.title = f"{self.action.title} {text}".strip()
        action = self.action
        if action is None:
            return
        if row.get("timescale"):
            action.timescale = f"{action.timescale} {row['timescale']}".strip()
            action.start, action.end, action.ongoing, action.recurrence = read_timescale(
                action.timescale
            )
        for name in ("likelihood", "impact", "residual_likelihood", "residual_impact"):
            m = re.match(r"^([1-5])\b", row.get(name, ""))
            if m and getattr(action, name) is None:
                setattr(action, name, int(m.group(1)))
        for name in ("measures", "evidence", "controls"):
            if row.get(name):
                setattr(action, name, f"{getattr(action, name)} {row[name]}".strip())
        owner = row.get("owner", "")
        if owner and (starts or not (row.get("milestones") or row.get("status"))):
            action.owner = f"{action.owner} {owner}".strip()
        if "milestones" not in (self.columns or []) and row.get("status"):
            action.status = self._status(row["status"])

    def _milestones(self, row: dict[str, str]) -> None:
        action = self.action
        text = row.get("milestones", "")
        status = row.get("status", "")
        if action is None or not (text or status):
            return
        statuses = _split_statuses(status) if status else [""]
        owner = "" if row.get("action") else row.get("owner", "")
        if not text:
            # A status alone is the action's own, or the last milestone's printed without one.
            if row.get("action") or not action.milestones:
                action.status = self._status(status)
            elif not action.milestones[-1].status:
                action.milestones[-1].status = self._status(status)
            return
        last = action.milestones[-1] if action.milestones else None
        if last is not None and _continues(text) and (not last.status or not status):
            last.text = f"{last.text} {text}".strip()
            last.due = milestone_due(last.text)
            if status and not last.status:
                last.status = self._status(status)
            return
        for part, st in zip(_split_merged_milestones(text, statuses), statuses, strict=False):
            action.milestones.append(
                DraftMilestone(
                    text=part, status=self._status(st), owner=owner, due=milestone_due(part)
                )
            )


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
        start=1,
    )
}
_LIST_AREA = re.compile(
    r"^(?:priority|outcome|theme|objective|area|workstream|aim|goal|strand)\s+"
    r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\s*[:.\u2013-]\s*(\S.{2,200})$",
    re.I,
)
#: A reference alone on its line, with a letter prefix: "P1/003", "A2.4", "SR-12".
_LIST_REF = re.compile(r"^([A-Z]{1,3}\d{0,2}[/.\-]\d{1,3}[a-z]?)$")


def parse_reference_list(lines: list[str]) -> DraftPlan:
    """A plan printed as a list rather than a table: each action's reference alone on a
    line, its text in the paragraph after it, under "Priority One: ..." style headings.

    Such plans carry no lead, date or status columns; the officer adds them on review.
    """
    plan = DraftPlan()
    area: DraftArea | None = None
    pending: tuple[str, str] = ("", "")
    action: DraftAction | None = None
    collecting = False
    for raw in lines:
        text = clean_inline(raw).strip()
        if not text or is_page_stamp(text) is not None:
            if action is not None and action.title:
                collecting = False
            continue
        m = _LIST_AREA.match(text)
        if m:
            number = _NUMBER_WORDS.get(m.group(1).lower(), m.group(1))
            title = re.sub(r"\s+\w+:$", "", m.group(2)).strip()
            pending, area, action, collecting = (number, title), None, None, False
            continue
        m = _LIST_REF.match(text)
        if m:
            if area is None:
                area = DraftArea(reference=pending[0], title=pending[1])
                plan.areas.append(area)
            action = DraftAction(reference=m.group(1))
            area.actions.append(action)
            collecting = True
            continue
        if collecting and action is not None:
            if action.title and raw[:1].isspace():
                collecting = False  # an indented line opens the next block
                continue
            action.title = f"{action.title} {text}".strip()
    return plan


def has_plan_table(text: str) -> bool:
    """Whether ``text`` holds a plan table's header row (a cheap test before parsing)."""
    return any(
        header_columns(_cells(line)) is not None for line in text.splitlines() if "\t" in line
    )


def parse_plan(lines: list[str]) -> DraftPlan:
    """A draft plan from text lines: tables (cells separated by tabs) where there are any,
    else reference-led action lists."""
    plan = _parse_tables(lines)
    return plan if plan.actions() else parse_reference_list(lines)


def _parse_tables(lines: list[str]) -> DraftPlan:
    reader = _Reader()
    for raw in lines:
        cells = _cells(raw)
        texts = [c for c in cells if c]
        if not texts:
            continue
        columns = header_columns(cells)
        if columns is not None:
            reader.columns = columns
            continue
        if len(texts) == 1 and reader.heading(texts[0]):
            continue
        if reader.columns is None or "\t" not in raw:
            continue
        if _looks_like_other_header(cells):
            reader.columns = None
            continue
        reader.row(raw)
    return reader.plan


def parse_plan_text(text: str) -> DraftPlan:
    return parse_plan(text.splitlines())
