"""Forward plan rules: which decisions are key, publishing the plan, and late key decisions.

The statute is the Local Authorities (Executive Arrangements) (Meetings and Access to
Information) (England) Regulations 2012, SI 2012/2089:

- reg 8: a key decision is an executive decision likely to involve significant spending
  or savings, or to be significant in its effects on communities in two or more wards.
  "Significant" is the council's own level (``Council.key_decision_threshold``,
  ``Council.key_decision_wards``);
- reg 9: notice of a key decision in the forward plan at least 28 clear days before it
  is made (``Council.key_decision_notice_days``);
- reg 10 (general exception): later notice is lawful if the scrutiny chair is told in
  writing, a notice is made public, and five clear days then pass;
- reg 11 (special urgency): otherwise only with the scrutiny chair's agreement that the
  decision is urgent and cannot reasonably be deferred;
- reg 19: the executive reports those urgent decisions to council.

Every date test goes through the pure clock (``minutebook.clock``); these functions add
the council's settings and the records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from minutebook.clock import ClockRules, clear_days_before, key_decision_notice_by
from minutebook.core.saving import save_each
from minutebook.councils.models import Council
from minutebook.forwardplan.models import (
    ExceptionKind,
    ForwardPlanEntry,
    ForwardPlanVersion,
    KeyDecisionException,
    KeyDecisionLimb,
)
from minutebook.people.models import Person

#: SI 2012/2089 reg 10(1)(d): clear days between the general exception notice and the decision.
GENERAL_EXCEPTION_CLEAR_DAYS = 5


class LateKeyDecisionError(ValidationError):
    """A key decision without 28 clear days' notice and without a lawful exception."""


# --------------------------------------------------------------------------- keyness


@dataclass(frozen=True)
class KeyDecisionTest:
    """The outcome of the reg 8 test: whether key, which limb, and a sentence saying why."""

    key: bool
    limb: str
    reason: str


def key_decision_test(
    amount: Decimal | int | None,
    wards_affected: int,
    *,
    threshold: Decimal | int,
    wards_threshold: int,
) -> KeyDecisionTest:
    """Apply SI 2012/2089 reg 8 with the council's levels; pure, so it can be shown and tested.

    ``amount`` is the expenditure incurred or savings made (either sign: a saving is as
    key as a spend); it is key "at or over" ``threshold``. ``wards_affected`` is how many
    wards feel a significant effect; key at ``wards_threshold`` or more (two in reg 8(b)).
    """
    spending = amount is not None and abs(Decimal(amount)) >= Decimal(threshold)
    wards = wards_threshold > 0 and wards_affected >= wards_threshold
    parts: list[str] = []
    if spending:
        parts.append(
            f"spending or savings of £{abs(Decimal(amount or 0)):,.0f} (threshold £{Decimal(threshold):,.0f})"
        )
    if wards:
        parts.append(f"significant effect in {wards_affected} wards (key at {wards_threshold})")
    if spending and wards:
        limb = KeyDecisionLimb.BOTH
    elif spending:
        limb = KeyDecisionLimb.SPENDING
    elif wards:
        limb = KeyDecisionLimb.WARDS
    else:
        return KeyDecisionTest(False, "", "")
    return KeyDecisionTest(True, str(limb), "Key decision: " + "; ".join(parts) + ".")


def council_key_decision_test(
    council: Council, amount: Decimal | int | None, wards_affected: int
) -> KeyDecisionTest:
    """``key_decision_test`` with the council's own threshold and wards count."""
    return key_decision_test(
        amount,
        wards_affected,
        threshold=council.key_decision_threshold,
        wards_threshold=council.key_decision_wards,
    )


def wards_count(entry: ForwardPlanEntry) -> int:
    """Wards the entry affects; "all wards" counts every ward of the council.

    "All wards" is never fewer than the council's ``key_decision_wards`` (reg 8(b)), so an
    all-wards entry meets the wards limb even when the council's wards are not yet recorded.
    """
    if entry.all_wards:
        return max(entry.council.wards.count(), entry.council.key_decision_wards)
    if entry.pk is None:
        return 0
    return entry.wards_affected.count()


def apply_key_decision_test(entry: ForwardPlanEntry, wards: int | None = None) -> KeyDecisionTest:
    """Set the entry's key decision fields from its amount and wards (reg 8); not saved."""
    result = council_key_decision_test(
        entry.council, entry.spending_amount, wards_count(entry) if wards is None else wards
    )
    entry.key_decision = result.key
    entry.key_decision_limb = result.limb
    entry.key_decision_reason = result.reason[:300]
    return result


# --------------------------------------------------------------------------- versions

#: Fields kept in each published version, with the labels used when showing changes.
SNAPSHOT_FIELDS: dict[str, str] = {
    "reference": "Reference",
    "title": "Matter",
    "description": "Description",
    "decision_maker": "Decision maker",
    "when": "Date or period",
    "decision_date": "Decision date",
    "key_decision": "Key decision",
    "key_decision_limb": "Key decision because of",
    "key_decision_reason": "Why it is a key decision",
    "wards": "Wards affected",
    "access": "Access",
    "exempt_paragraphs": "Exempt paragraphs",
    "consultation": "Consultees",
    "documents": "Documents",
    "portfolio_holder": "Portfolio holder",
    "lead_officer": "Lead officer",
    "first_published": "First published",
}


#: How a snapshot's ``wards`` says the entry affects every ward.
ALL_WARDS = "All wards"


def entry_snapshot(entry: ForwardPlanEntry) -> dict[str, Any]:
    """The entry as the public sees it in the plan: plain JSON values only."""
    if entry.all_wards:
        wards: list[str] = [ALL_WARDS]
    else:
        wards = sorted(w.name for w in entry.wards_affected.all())
    return {
        "id": entry.pk,
        "reference": entry.reference,
        "title": entry.title,
        "description": entry.description,
        "decision_maker": entry.decision_maker_name,
        "when": entry.when_text,
        "decision_date": entry.decision_date.isoformat() if entry.decision_date else None,
        "key_decision": entry.key_decision,
        "key_decision_limb": entry.key_decision_limb,
        "key_decision_reason": entry.key_decision_reason,
        "wards": wards,
        "access": entry.access,
        "exempt_paragraphs": list(entry.exempt_paragraphs or []),
        "consultation": entry.consultation,
        "documents": entry.documents_to_be_submitted,
        "portfolio_holder": str(entry.portfolio_holder)
        if entry.portfolio_holder_id
        else entry.portfolio_holder_text,
        "lead_officer": str(entry.officer) if entry.officer_id else entry.officer_text,
        "first_published": entry.first_published.isoformat() if entry.first_published else None,
    }


def publish_plan(
    council: Council, *, user: Any = None, now: datetime | None = None
) -> ForwardPlanVersion:
    """Publish the council's forward plan: stamp new entries and freeze a numbered version.

    Publication is what gives notice under SI 2012/2089 reg 9, so an entry's
    ``first_published`` is the day of the first version that lists it, and never changes
    afterwards. Withdrawn entries, and entries whose decision has been taken by the day
    of publication (``to_be_decided``: the plan lists decisions "to be made", reg 9(1)),
    are left out of the new version; they remain in the earlier ones.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        Council.objects.select_for_update().filter(pk=council.pk).get()
        entries = (
            ForwardPlanEntry.objects.for_council(council)
            .current()
            .to_be_decided(today)
            .select_related(
                "decision_maker", "decision_maker_person", "portfolio_holder", "officer"
            )
            .prefetch_related("wards_affected")
            .order_by("decision_date", "title", "pk")
        )
        save_each(entries.filter(first_published__isnull=True), first_published=today)
        last = ForwardPlanVersion.objects.filter(council=council).aggregate(n=Max("number"))["n"]
        return ForwardPlanVersion.objects.create(
            council=council,
            number=(last or 0) + 1,
            published_at=now,
            published_by=user if getattr(user, "pk", None) else None,
            entries=[entry_snapshot(e) for e in entries],
        )


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: Any
    new: Any


@dataclass(frozen=True)
class EntryChange:
    id: int
    title: str
    fields: list[FieldChange]


@dataclass(frozen=True)
class PlanDiff:
    """What changed between two published versions, entry by entry (matched by id)."""

    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[EntryChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def diff_versions(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> PlanDiff:
    """Compare two versions' entries: added, removed, and changed fields of the rest."""
    before = {e["id"]: e for e in old}
    after = {e["id"]: e for e in new}
    added = [e for key, e in after.items() if key not in before]
    removed = [e for key, e in before.items() if key not in after]
    changed: list[EntryChange] = []
    for key, entry in after.items():
        if key not in before:
            continue
        fields = [
            FieldChange(name, label, before[key].get(name), entry.get(name))
            for name, label in SNAPSHOT_FIELDS.items()
            if before[key].get(name) != entry.get(name)
        ]
        if fields:
            changed.append(EntryChange(key, entry["title"], fields))
    return PlanDiff(added, removed, changed)


def version_diff(version: ForwardPlanVersion) -> PlanDiff:
    """What ``version`` changed against the version before it (everything, for the first)."""
    previous = version.previous()
    return diff_versions(previous.entries if previous else [], version.entries)


# --------------------------------------------------------------------------- late notice


def notice_days(council: Council) -> int:
    return ClockRules.from_council(council).key_decision_notice_days


def notice_due_by(entry: ForwardPlanEntry) -> date | None:
    """Last day the entry could first be published with full notice (reg 9), if dated."""
    if entry.decision_date is None:
        return None
    return key_decision_notice_by(entry.decision_date, notice_days(entry.council))


def has_full_notice(
    entry: ForwardPlanEntry, decision_date: date, *, as_of: date | None = None
) -> bool:
    """Whether the entry gave the council's clear days' notice of a decision on ``decision_date``.

    Notice is publication (reg 9): an unpublished entry has given none, unless ``as_of``
    is passed to ask whether publishing it on that day would still be in time.
    """
    noticed = entry.first_published or as_of
    if noticed is None:
        return False
    return noticed <= key_decision_notice_by(decision_date, notice_days(entry.council))


def is_late(entry: ForwardPlanEntry, *, as_of: date | None = None) -> bool:
    """A key decision whose notice is (or, unpublished, would be) short of reg 9's 28 clear days."""
    if not entry.key_decision or entry.decision_date is None:
        return False
    return not has_full_notice(entry, entry.decision_date, as_of=as_of or timezone.localdate())


def exception_effective_from(exception: KeyDecisionException) -> date | None:
    """First day a decision may be taken under the exception.

    Reg 10: five clear days after the notice (both ends excluded, calendar days), so the
    sixth day after it. Reg 11: the day the chair agreed.
    """
    if exception.kind == ExceptionKind.GENERAL_EXCEPTION:
        if exception.notice_published is None:
            return None
        return exception.notice_published + timedelta(days=GENERAL_EXCEPTION_CLEAR_DAYS + 1)
    return exception.agreed_on


def notice_route(entry: ForwardPlanEntry, decision_date: date) -> str:
    """How notice of this key decision was lawfully given, or ``LateKeyDecisionError``.

    Returns ``"forward_plan"`` (reg 9: the entry was *published* 28 clear days before),
    ``"general_exception"`` (reg 10) or ``"special_urgency"`` (reg 11), matching
    ``decisions.KeyDecisionNotice``. A general exception counts only once five clear days
    have passed since its notice.
    """
    if has_full_notice(entry, decision_date):
        return "forward_plan"
    exceptions = list(entry.exceptions.all())
    for kind in (ExceptionKind.GENERAL_EXCEPTION, ExceptionKind.SPECIAL_URGENCY):
        for exception in exceptions:
            start = exception_effective_from(exception)
            if exception.kind == kind and start is not None and start <= decision_date:
                return str(kind)
    days = notice_days(entry.council)
    due = key_decision_notice_by(decision_date, days)
    noticed = entry.first_published
    told = f"first published on {noticed:%-d %B %Y}" if noticed else "not yet in the forward plan"
    pending = [e for e in exceptions if e.kind == ExceptionKind.GENERAL_EXCEPTION]
    hint = ""
    if pending:
        start = exception_effective_from(pending[0])
        hint = (
            f" The general exception notice allows a decision from {start:%-d %B %Y} "
            f"(five clear days, reg 10)."
        )
    raise LateKeyDecisionError(
        f"This key decision needs {days} clear days' notice (SI 2012/2089 reg 9): for a "
        f"decision on {decision_date:%-d %B %Y} the notice was due by {due:%-d %B %Y}, but "
        f"the entry was {told}. Record a general exception (reg 10) or special urgency "
        f"(reg 11) before taking it.{hint}",
        code="late_key_decision",
    )


def _check_exception(
    entry: ForwardPlanEntry, reason: str, chair: Person | None, chair_text: str
) -> None:
    errors: dict[str, str] = {}
    if not entry.key_decision:
        errors["entry"] = "Only a key decision needs a general exception or special urgency."
    elif not is_late(entry):
        errors["entry"] = "This entry has its full notice in the forward plan: no exception needed."
    if not reason.strip():
        errors["reason"] = "Give the reason."
    if chair is None and not chair_text.strip():
        errors["scrutiny_chair_text"] = "Say which scrutiny chair was told or agreed."
    if errors:
        raise ValidationError(errors)


def record_general_exception(
    entry: ForwardPlanEntry,
    *,
    reason: str,
    notice_published: date,
    scrutiny_chair: Person | None = None,
    scrutiny_chair_text: str = "",
    user: Any = None,
    now: datetime | None = None,
) -> KeyDecisionException:
    """Record a reg 10 general exception: chair told and public notice given on ``notice_published``.

    The decision can then be taken from the sixth day after (five clear days).
    """
    _check_exception(entry, reason, scrutiny_chair, scrutiny_chair_text)
    if entry.decision_date and entry.decision_date < notice_published + timedelta(
        days=GENERAL_EXCEPTION_CLEAR_DAYS + 1
    ):
        first = notice_published + timedelta(days=GENERAL_EXCEPTION_CLEAR_DAYS + 1)
        latest = clear_days_before(entry.decision_date, GENERAL_EXCEPTION_CLEAR_DAYS)
        raise ValidationError(
            {
                "notice_published": (
                    f"Five clear days must pass after the notice (reg 10): notice on "
                    f"{notice_published:%-d %B %Y} allows a decision from {first:%-d %B %Y}; "
                    f"for {entry.decision_date:%-d %B %Y} give notice by {latest:%-d %B %Y}, "
                    f"move the date, or use special urgency (reg 11)."
                )
            }
        )
    return KeyDecisionException.objects.create(
        entry=entry,
        kind=ExceptionKind.GENERAL_EXCEPTION,
        reason=reason.strip(),
        notice_published=notice_published,
        scrutiny_chair=scrutiny_chair,
        scrutiny_chair_text=scrutiny_chair_text.strip(),
        recorded_by=user if getattr(user, "pk", None) else None,
        recorded_at=now or timezone.now(),
    )


def record_special_urgency(
    entry: ForwardPlanEntry,
    *,
    reason: str,
    agreed_on: date,
    scrutiny_chair: Person | None = None,
    scrutiny_chair_text: str = "",
    user: Any = None,
    now: datetime | None = None,
) -> KeyDecisionException:
    """Record reg 11 special urgency: the chair agreed on ``agreed_on`` that it cannot wait."""
    _check_exception(entry, reason, scrutiny_chair, scrutiny_chair_text)
    if entry.decision_date and agreed_on > entry.decision_date:
        raise ValidationError(
            {"agreed_on": "The chair's agreement must come before the decision (reg 11)."}
        )
    return KeyDecisionException.objects.create(
        entry=entry,
        kind=ExceptionKind.SPECIAL_URGENCY,
        reason=reason.strip(),
        agreed_on=agreed_on,
        scrutiny_chair=scrutiny_chair,
        scrutiny_chair_text=scrutiny_chair_text.strip(),
        recorded_by=user if getattr(user, "pk", None) else None,
        recorded_at=now or timezone.now(),
    )


def exceptions_for_report(
    council: Council, *, include_reported: bool = False
) -> QuerySet[KeyDecisionException]:
    """Exceptions to list in the executive's report to council (SI 2012/2089 reg 19).

    Reg 19 requires the special urgency decisions; general exceptions are listed too, as
    most constitutions ask. Those already reported are left out unless asked for.
    """
    qs = KeyDecisionException.objects.filter(entry__council=council).select_related(
        "entry", "scrutiny_chair", "recorded_by"
    )
    if not include_reported:
        qs = qs.filter(reported_to_council_on__isnull=True)
    return qs.order_by("recorded_at")


def mark_reported(council: Council, on: date) -> int:
    """Mark every unreported exception as included in the report to council of ``on``."""
    # bulk-update-ok: KeyDecisionException keeps no auto_now stamp; nothing listens to its saves.
    return exceptions_for_report(council).update(reported_to_council_on=on)
