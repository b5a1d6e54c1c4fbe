"""Correcting an issued decision record that is not in signed minutes: a new version.

An executive decision's written statement (SI 2012/2089 reg 12) is open to inspection
from publication (reg 13, 14), and once issued the database keeps it as it is
(docs/minutes.md). A mistake found later is put right openly: a new ``Decision`` row
that ``corrects`` the old one, with the officer's corrected wording and the reason,
published at once. The old row is not touched, so what was published stays readable
and the triggers need no exception. A decision recorded in signed minutes is corrected
through the minutes (``minutes.services.correct_minutes``) instead.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from minutebook import audit
from minutebook.decisions.models import _SIGNED, Decision

#: What the officer may correct: the text of the record (reg 12(a)-(e), the title and
#: the urgency reason). Who decided, when, on which report and under which notice are
#: facts of the decision, not wording: a different one is a different decision.
TEXT_FIELDS = (
    "title",
    "decision",
    "reasons",
    "alternatives_rejected",
    "declarations_noted",
    "dispensations",
    "urgency_reason",
)
#: Not copied to the correction: its own identity, publication and correction.
NOT_COPIED = frozenset(
    {"id", "created", "modified", "published_at", "published_by", "corrects", "correction_reason"}
)


def in_signed_minutes(decision: Decision) -> bool:
    return Decision._base_manager.filter(
        pk=decision.pk, minute_item__meeting__minutes__state__in=_SIGNED
    ).exists()


def refusal(decision: Decision) -> str:
    """Why this record cannot be corrected here, or ``""``."""
    if decision.published_at is None:
        return "This decision is not published yet: edit the record instead."
    if in_signed_minutes(decision):
        return (
            "This decision is recorded in signed minutes: correct the minutes instead "
            "(a new version with its reason)."
        )
    if Decision._base_manager.filter(corrects=decision).exists():
        return "This record has already been corrected: correct the latest version."
    return ""


def correct_decision(
    decision: Decision, *, changes: dict[str, str], reason: str, user: Any = None
) -> Decision:
    """Publish a corrected version of an issued ``decision``; return it.

    Everything but the text is copied as it is, the exempt state and the call-in
    included: call-in runs from the publication of the decision (the council's
    scrutiny rules under LGA 2000 s9F; ``services.publish_decision``), and correcting
    its record does not reopen it. The new version is published at once, because the
    record it replaces already was (reg 12: "as soon as reasonably practicable").
    """
    reason = reason.strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = "Give the reason for the correction: it is published with it."
    if not (changes.get("decision") or "").strip():
        errors["decision"] = "Record the decision made (reg 12(a))."
    if not (changes.get("title") or "").strip():
        errors["title"] = "Give the decision a title."
    if decision.is_executive:
        if not (changes.get("reasons") or "").strip():
            errors["reasons"] = "Record the reasons for the decision (reg 12(b))."
        if not (changes.get("alternatives_rejected") or "").strip():
            errors["alternatives_rejected"] = (
                'Record the alternatives considered and rejected, or "None" (reg 12(c)).'
            )
    if not errors and all(changes.get(f, "") == getattr(decision, f) for f in TEXT_FIELDS):
        errors["decision"] = "Nothing has changed: a correction changes the record's text."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        old = Decision.officer_objects.select_for_update().get(pk=decision.pk)
        why = refusal(old)
        if why:
            raise ValidationError(why)
        new = Decision(
            **{
                f.attname: getattr(old, f.attname)
                for f in Decision._meta.concrete_fields
                if f.name not in NOT_COPIED
            }
        )
        for name in TEXT_FIELDS:
            setattr(new, name, changes.get(name, getattr(old, name)))
        new.corrects = old
        new.correction_reason = reason
        new.published_at = timezone.now()
        new.published_by = user if getattr(user, "pk", None) else None
        new.full_clean()
        new.save()
        audit.record(
            "decision.corrected",
            new,
            before={f: getattr(old, f) for f in TEXT_FIELDS} | {"id": old.pk},
            after={f: getattr(new, f) for f in TEXT_FIELDS} | {"id": new.pk},
            changed_fields=[f for f in TEXT_FIELDS if getattr(old, f) != getattr(new, f)],
            reason=reason,
            user=user,
        )
    return new
