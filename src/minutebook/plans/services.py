"""Plans as work: building the tree, changing statuses with history, reporting progress to
a committee, and accepting a plan read from an imported pack."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from minutebook.committees.models import Committee
from minutebook.councils.models import Council
from minutebook.documents.models import Document
from minutebook.meetings.models import Meeting
from minutebook.people.models import Person, normalise_name
from minutebook.plans.models import (
    TRACKED_LEVELS,
    ItemLevel,
    Plan,
    PlanImport,
    PlanItem,
    PlanKind,
    ProgressReport,
    RiskBand,
    StatusCategory,
    StatusOption,
    StatusUpdate,
)
from minutebook.plans.parse import DraftAction, DraftPlan, has_plan_table, parse_plan
from minutebook.reports.models import Report, ReportPurpose


class PlanError(Exception):
    """A step refused; the message is for the officer."""


#: Ready-made vocabularies: (label, category, colour).
VOCABULARIES: dict[str, list[tuple[str, str, str]]] = {
    "brag": [
        ("Complete", StatusCategory.COMPLETE, "#1d70b8"),
        ("On track", StatusCategory.ON_TRACK, "#00703c"),
        ("Significant risk", StatusCategory.AT_RISK, "#f47738"),
        ("High risk", StatusCategory.OFF_TRACK, "#d4351c"),
        ("Not started", StatusCategory.NOT_STARTED, "#505a5f"),
    ],
    "complete_on_target": [
        ("Complete", StatusCategory.COMPLETE, "#1d70b8"),
        ("On target", StatusCategory.ON_TRACK, "#00703c"),
    ],
}

#: A common 5x5 banding; councils set their own (``set_risk_bands``).
DEFAULT_RISK_BANDS: list[tuple[str, int, int, str]] = [
    ("Low", 1, 4, "#00703c"),
    ("Medium", 5, 9, "#ffdd00"),
    ("High", 10, 16, "#f47738"),
    ("Very high", 20, 25, "#d4351c"),
]

#: Which level may sit under which (None: the top of the tree).
ALLOWED_PARENTS: dict[str, set[str | None]] = {
    ItemLevel.AREA: {None, ItemLevel.AREA},
    ItemLevel.FOCUS: {ItemLevel.AREA},
    ItemLevel.ACTION: {None, ItemLevel.AREA, ItemLevel.FOCUS, ItemLevel.ACTION},
    ItemLevel.MILESTONE: {ItemLevel.ACTION, ItemLevel.RISK},
    ItemLevel.RISK: {None, ItemLevel.AREA, ItemLevel.FOCUS},
}


def guess_category(label: str) -> str:
    """The category a printed status word most likely means (an officer can change it)."""
    low = label.lower()
    rules = [
        (r"\b(?:complete|completed|done|achieved|closed|blue)\b", StatusCategory.COMPLETE),
        (r"\bnot (?:yet )?started\b", StatusCategory.NOT_STARTED),
        (r"\b(?:high risk|red|off (?:track|target)|behind|overdue)\b", StatusCategory.OFF_TRACK),
        (r"\b(?:risk|amber|delayed|slipp)", StatusCategory.AT_RISK),
        (r"\b(?:on (?:track|target)|green|in progress|ongoing)\b", StatusCategory.ON_TRACK),
    ]
    for pattern, category in rules:
        if re.search(pattern, low):
            return category
    return StatusCategory.OTHER


def unique_slug(council: Council, title: str) -> str:
    base = slugify(title)[:70] or "plan"
    taken = set(Plan.objects.filter(council=council).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_plan(
    council: Council,
    title: str,
    *,
    kind: str = PlanKind.OTHER,
    vocabulary: str | list[str] = "brag",
    committee: Committee | None = None,
    slug: str = "",
    description: str = "",
) -> Plan:
    """A plan with its status vocabulary: a ready-made one by name, or printed labels."""
    if committee is not None and committee.council_id != council.pk:
        raise PlanError("The committee belongs to another council.")
    plan = Plan.objects.create(
        council=council,
        title=title,
        kind=kind,
        committee=committee,
        slug=slug or unique_slug(council, title),
        description=description,
    )
    if isinstance(vocabulary, str):
        options = VOCABULARIES[vocabulary]
    else:
        options = [(label, guess_category(label), "") for label in vocabulary]
    for order, (label, category, colour) in enumerate(options):
        StatusOption.objects.create(
            plan=plan, label=label, category=category, colour=colour, order=order
        )
    return plan


def set_risk_bands(
    council: Council,
    bands: list[tuple[str, int, int, str]] = DEFAULT_RISK_BANDS,
    plan: Plan | None = None,
) -> list[RiskBand]:
    """Replace the council's (or one plan's) bands; they must not overlap."""
    spans = sorted((lo, hi) for _, lo, hi, _ in bands)
    for (_, hi), (lo, _) in itertools.pairwise(spans):
        if lo <= hi:
            raise PlanError("Risk bands overlap.")
    RiskBand.objects.filter(council=council, plan=plan).delete()
    return [
        RiskBand.objects.create(
            council=council, plan=plan, label=label, min_score=lo, max_score=hi, colour=colour
        )
        for label, lo, hi, colour in bands
    ]


def add_item(
    plan: Plan, level: str, title: str, *, parent: PlanItem | None = None, **fields: Any
) -> PlanItem:
    """Add a node at the end of its parent's children, checking the tree's shape."""
    if parent is not None and parent.plan_id != plan.pk:
        raise PlanError("The parent item belongs to another plan.")
    if (parent.level if parent else None) not in ALLOWED_PARENTS[level]:
        where = parent.get_level_display().lower() if parent else "the top of the plan"
        raise PlanError(f"A {ItemLevel(level).label.lower()} cannot sit under {where}.")
    status = fields.get("status")
    if status is not None and status.plan_id != plan.pk:
        raise PlanError("Use a status from this plan's vocabulary.")
    top = PlanItem.objects.filter(plan=plan, parent=parent).aggregate(m=Max("order"))["m"]
    return PlanItem.objects.create(
        plan=plan, parent=parent, level=level, title=title, order=(top or 0) + 1, **fields
    )


def tree(plan: Plan) -> list[tuple[PlanItem, int]]:
    """Every item in reading order with its depth (one query)."""
    items = list(
        PlanItem.objects.filter(plan=plan).select_related("status", "owner").order_by("order", "pk")
    )
    children: dict[int | None, list[PlanItem]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    out: list[tuple[PlanItem, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for child in children.get(parent, []):
            out.append((child, depth))
            walk(child.pk, depth + 1)

    walk(None, 0)
    return out


@transaction.atomic
def set_status(
    item: PlanItem,
    status: StatusOption | None,
    *,
    by: Any = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> StatusUpdate:
    """Change an item's status and record the change; a note alone records progress."""
    if item.level not in TRACKED_LEVELS:
        raise PlanError("Only actions, milestones and risks carry a status.")
    if status is not None and status.plan_id != item.plan_id:
        raise PlanError("Use a status from this plan's vocabulary.")
    item = PlanItem.objects.select_for_update(of=("self",)).select_related("status").get(pk=item.pk)
    old = item.status
    if old == status and not note:
        raise PlanError("Nothing to record: the status is unchanged and there is no note.")
    moment = at or timezone.now()
    update = StatusUpdate.objects.create(
        item=item,
        at=moment,
        by=by if getattr(by, "is_authenticated", False) else None,
        old_status=old,
        new_status=status,
        old_label=old.label if old else "",
        new_label=status.label if status else "",
        note=note,
    )
    if old != status:
        item.status = status
        done = status is not None and status.category == StatusCategory.COMPLETE
        item.completed_on = timezone.localdate(moment) if done else None
        item.save(update_fields=["status", "completed_on", "modified"])
    return update


# --- progress reports -----------------------------------------------------------------------


@dataclass
class Change:
    item: PlanItem
    old: str
    new: str
    note: str
    at: dt.datetime


@dataclass
class Progress:
    plan: Plan
    as_at: dt.datetime
    since: dt.datetime | None
    today: dt.date
    #: status label -> number of tracked items, in the vocabulary's order, then "No status".
    counts: dict[str, int] = field(default_factory=dict)
    by_level: dict[str, dict[str, int]] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    overdue: list[PlanItem] = field(default_factory=list)
    at_risk: list[PlanItem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


NO_STATUS = "No status"


def progress(
    plan: Plan, *, since: dt.datetime | None = None, as_at: dt.datetime | None = None
) -> Progress:
    """Counts by status, changes after ``since`` (default: the last report), overdue and
    at-risk items, as at ``as_at``."""
    as_at = as_at or timezone.now()
    if since is None:
        last = plan.progress_reports.filter(as_at__lt=as_at).order_by("-as_at").first()
        since = last.as_at if last else None
    today = timezone.localdate(as_at)
    summary = Progress(plan=plan, as_at=as_at, since=since, today=today)
    labels = [o.label for o in plan.status_options.all()]
    options = {o.pk: o for o in plan.status_options.all()}
    # An item changed after ``as_at`` is counted with the status it had then.
    then: dict[int, int | None] = {}
    for item_id, old_id in (
        StatusUpdate.objects.filter(item__plan=plan, at__gt=as_at)
        .order_by("-at", "-pk")
        .values_list("item_id", "old_status_id")
    ):
        then[item_id] = old_id
    counts: Counter[str] = Counter()
    by_level: dict[str, Counter[str]] = {}
    for item, _depth in tree(plan):
        if item.level not in TRACKED_LEVELS:
            continue
        if item.pk in then:
            item.status = options.get(then[item.pk]) if then[item.pk] else None
        label = item.status.label if item.status else NO_STATUS
        counts[label] += 1
        by_level.setdefault(item.level, Counter())[label] += 1
        if item.is_overdue(today):
            summary.overdue.append(item)
        if item.is_at_risk(today):
            summary.at_risk.append(item)
    order = [*labels, NO_STATUS]
    summary.counts = {label: counts[label] for label in order if counts[label]}
    summary.by_level = {
        level: {label: c[label] for label in order if c[label]} for level, c in by_level.items()
    }
    updates = StatusUpdate.objects.filter(item__plan=plan, at__lte=as_at).select_related("item")
    if since is not None:
        updates = updates.filter(at__gt=since)
    summary.changes = [
        Change(item=u.item, old=u.old_label, new=u.new_label, note=u.note, at=u.at)
        for u in updates.order_by("at", "pk")
    ]
    return summary


def _line(item: PlanItem) -> str:
    owner = f" (lead: {item.owner_display})" if item.owner_display else ""
    due = f", due {item.end_date:%d %B %Y}" if item.end_date else ""
    status = f", {item.status.label.lower()}" if item.status else ""
    return f"- {item}{owner}{due}{status}".replace("\n", " ")


def progress_body(summary: Progress) -> str:
    """The report's text, in the plain form packs print (numbered headings, dash lists)."""
    plan = summary.plan
    since = (
        f"since the last report ({summary.since:%d %B %Y})"
        if summary.since
        else "since the plan began"
    )
    level_names = dict(ItemLevel.choices)
    parts = [
        "1. Summary",
        f"This report sets out progress on the {plan.get_kind_display().lower()} "
        f'"{plan.title}" as at {summary.as_at:%d %B %Y}. It tracks {summary.total} actions, '
        f"milestones and risks: {len(summary.overdue)} overdue and {len(summary.at_risk)} "
        f"at risk. {len(summary.changes)} updates have been recorded {since}.",
        "2. Status",
        "\n".join(f"- {label}: {n}" for label, n in summary.counts.items()) or "No items yet.",
    ]
    for level, counts in summary.by_level.items():
        tally = "; ".join(f"{label} {n}" for label, n in counts.items())
        parts.append(f"{level_names[level]}s: {tally}.")
    parts.append(f"3. Changes {since}")
    parts.append(
        "\n".join(
            f"- {c.item}: {c.old or 'no status'} to {c.new or 'no status'}"
            + (f". {c.note}" if c.note else "")
            for c in summary.changes
        ).replace("\r", "")
        or "No changes have been recorded."
    )
    parts.append("4. Overdue items")
    parts.append(
        "\n".join(_line(i) for i in summary.overdue)
        or "No item is past its end date without being complete."
    )
    parts.append("5. Items at risk")
    parts.append("\n".join(_line(i) for i in summary.at_risk) or "No item is reported at risk.")
    return "\n\n".join(parts)


@transaction.atomic
def place_progress_report(
    plan: Plan, meeting: Meeting, *, by: Any = None, as_at: dt.datetime | None = None
) -> ProgressReport:
    """Generate the progress report and put it on the meeting's agenda as a report.

    The report is an ordinary draft Report: it goes through clearance like any other
    before the agenda can be published, and so reaches the pack and its HTML twin.
    """
    from minutebook.meetings.services import WorkflowError
    from minutebook.meetings.services import add_item as add_agenda_item

    if meeting.committee.council_id != plan.council_id:
        raise PlanError("The meeting belongs to another council.")
    summary = progress(plan, as_at=as_at)
    report = Report.officer_objects.create(
        council=plan.council,
        title=f"{plan.title}: progress report",
        purpose=ReportPurpose.INFORMATION,
        brief_summary=(
            f"Progress on {plan.title}: "
            + ", ".join(f"{n} {label.lower()}" for label, n in summary.counts.items())
            + f"; {len(summary.overdue)} overdue, {len(summary.at_risk)} at risk."
        ),
        recommendations="That the committee notes the progress made and the items at risk.",
        body=progress_body(summary),
        assigned_to=by if getattr(by, "is_authenticated", False) else None,
    )
    try:
        item = add_agenda_item(meeting, title=report.title, report=report)
    except WorkflowError as error:
        raise PlanError(str(error)) from error
    return ProgressReport.objects.create(
        plan=plan,
        meeting=meeting,
        report=report,
        agenda_item=item,
        as_at=summary.as_at,
        since=summary.since,
        counts=summary.counts,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )


# --- importing a plan from a pack -----------------------------------------------------------


def plan_documents(council: Council, limit: int = 200) -> list[Document]:
    """The council's recent documents that hold a plan table, to offer for reading."""
    docs = (
        Document.officer_objects.filter(council=council)
        .exclude(extracted_text="")
        .order_by("-created", "-pk")[:limit]
    )
    return [d for d in docs if has_plan_table(d.extracted_text)]


def read_document(document: Document, *, by: Any = None) -> PlanImport:
    """Read a plan out of an imported document's text into a draft for review."""
    draft = parse_plan(document.extracted_text.splitlines())
    if not draft.actions():
        raise PlanError("No plan table (action, lead, date and status columns) was found.")
    return PlanImport.objects.create(
        council=document.council,
        document=document,
        draft=draft.to_dict(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )


def _owner(council: Council, text: str) -> Person | None:
    """A held person named or titled exactly as printed; roles stay as text."""
    if not text:
        return None
    key = normalise_name(text)
    people = list(Person.objects.filter(council=council, normalised_name=key)[:2])
    if len(people) != 1:
        people = list(Person.objects.filter(council=council, job_title__iexact=text)[:2])
    return people[0] if len(people) == 1 else None


@transaction.atomic
def accept_import(
    plan_import: PlanImport,
    *,
    title: str,
    kind: str = PlanKind.OTHER,
    committee: Committee | None = None,
) -> Plan:
    """Turn the reviewed draft into a Plan with its areas, actions and milestones."""
    if plan_import.state != PlanImport.State.PENDING:
        raise PlanError("This draft has already been accepted or rejected.")
    draft = DraftPlan.from_dict(plan_import.draft)
    council = plan_import.council
    plan = create_plan(council, title, kind=kind, vocabulary=draft.statuses, committee=committee)
    plan.source_document = plan_import.document
    plan.save(update_fields=["source_document"])
    statuses = {o.label: o for o in plan.status_options.all()}

    def action(parent: PlanItem | None, a: DraftAction) -> None:
        node = add_item(
            plan,
            ItemLevel.RISK if a.is_risk else ItemLevel.ACTION,
            a.title,
            likelihood=a.likelihood,
            impact=a.impact,
            residual_likelihood=a.residual_likelihood,
            residual_impact=a.residual_impact,
            controls=a.controls,
            parent=parent,
            reference=a.reference[:20],
            owner_text=a.owner[:500],
            owner=_owner(council, a.owner),
            timescale_text=a.timescale[:200],
            start_date=a.start,
            end_date=a.end,
            is_ongoing=a.ongoing,
            recurrence=a.recurrence,
            measures_of_success=a.measures,
            evidence_types=a.evidence,
            status=statuses.get(a.status),
        )
        for m in a.milestones:
            add_item(
                plan,
                ItemLevel.MILESTONE,
                m.text,
                parent=node,
                owner_text=m.owner[:500],
                owner=_owner(council, m.owner),
                end_date=m.due,
                status=statuses.get(m.status),
            )

    for area in draft.areas:
        area_node = add_item(
            plan, ItemLevel.AREA, area.title or "Actions", reference=area.reference[:20]
        )
        for a in area.actions:
            action(area_node, a)
        for focus in area.focus_areas:
            focus_node = add_item(
                plan,
                ItemLevel.FOCUS,
                focus.title or "Actions",
                parent=area_node,
                reference=focus.reference[:20],
            )
            for a in focus.actions:
                action(focus_node, a)
    plan_import.state = PlanImport.State.ACCEPTED
    plan_import.plan = plan
    plan_import.save(update_fields=["state", "plan"])
    return plan
