"""The register as the public and officers see it, and the officer steps that change it.

The public register (Localism Act 2011 s29(5)-(6)) lists each member's current entries
by category; an entry the monitoring officer agreed is sensitive (s32) appears only as
"Sensitive interest withheld", with no category or detail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from minutebook.interests.models import (
    Declaration,
    Dispensation,
    EntryRecord,
    Tenure,
    is_late,
)
from minutebook.members.models import RegisterCategory, RegisterEntry
from minutebook.people.models import Person

#: SI 2012/1464 Schedule: the disclosable pecuniary interest categories, in its order.
DPI_CATEGORIES = (
    RegisterCategory.EMPLOYMENT,
    RegisterCategory.SPONSORSHIP,
    RegisterCategory.CONTRACTS,
    RegisterCategory.LAND,
    RegisterCategory.LICENCES,
    RegisterCategory.CORPORATE_TENANCIES,
    RegisterCategory.SECURITIES,
)
WITHHELD = "Sensitive interest withheld"


def person_slug(person: Person) -> str:
    return slugify(person.full_name) or "member"


def current_tenure(person: Person, on: dt.date | None = None) -> Tenure | None:
    day = on or timezone.localdate()
    return (
        Tenure.objects.filter(person=person, took_office__lte=day)
        .filter(Q(left_office__isnull=True) | Q(left_office__gte=day))
        .order_by("-took_office")
        .first()
    )


def current_entries(person: Person, on: dt.date | None = None) -> list[RegisterEntry]:
    day = on or timezone.localdate()
    return list(
        RegisterEntry.objects.filter(person=person)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("record")
        .order_by("category", "-start_date", "pk")
    )


def _is_sensitive(entry: RegisterEntry) -> bool:
    record = getattr(entry, "record", None)
    return bool(record is not None and record.is_sensitive)


@dataclass
class PublicSection:
    heading: str
    items: list[dict[str, Any]] = field(default_factory=list)


def public_register(person: Person, on: dt.date | None = None) -> dict[str, Any]:
    """The published register: sections of public entries, and a count of withheld ones.

    Built field by field from the entry, never from the monitoring officer's record, so
    the reason for sensitivity and who agreed it cannot leak.
    """
    entries = current_entries(person, on)
    withheld = sum(1 for e in entries if _is_sensitive(e))
    dpi = PublicSection("Disclosable pecuniary interests (SI 2012/1464)")
    other = PublicSection("Other registrable interests")
    for entry in entries:
        if _is_sensitive(entry):
            continue
        row = {
            "category": entry.get_category_display(),
            "description": entry.description,
            "spouse_or_partner": entry.spouse_or_partner,
            "start_date": entry.start_date,
        }
        (dpi if entry.category in DPI_CATEGORIES else other).items.append(row)
    return {"sections": [dpi, other], "withheld": [WITHHELD] * withheld}


def officer_rows(person: Person) -> list[dict[str, Any]]:
    """Every entry with its record and the late-registration flag, for the officer page."""
    tenure = current_tenure(person)
    rows = []
    for entry in RegisterEntry.objects.filter(person=person).select_related("record"):
        record = getattr(entry, "record", None)
        rows.append(
            {
                "entry": entry,
                "record": record,
                "late": is_late(entry, tenure),
                "sensitive": record is not None and record.is_sensitive,
            }
        )
    return rows


@dataclass(frozen=True)
class Registration:
    """Where a member stands on registering: s30(1)'s deadline and whether it has passed."""

    due: dt.date | None
    registered: bool
    overdue: bool

    @property
    def text(self) -> str:
        """ "Not registered (due 2 June 2025, overdue)", or "" once anything is registered."""
        if self.registered or self.due is None:
            return ""
        due = f"due {self.due.day} {self.due:%B %Y}"
        return f"Not registered ({due}, overdue)" if self.overdue else f"Not registered yet ({due})"


def registration(person: Person, tenure: Tenure | None, on: dt.date | None = None) -> Registration:
    """Whether the member has registered anything, against the 28 days of s30(1).

    A member with nothing on the register once the 28 days beginning with taking office
    have run out is overdue (Localism Act 2011 s30(1)); with no recorded date of taking
    office there is no deadline to show.
    """
    day = on or timezone.localdate()
    registered = RegisterEntry.objects.filter(person=person).exists()
    due = tenure.registration_deadline if tenure is not None else None
    return Registration(due=due, registered=registered, overdue=bool(due and day > due))


@transaction.atomic
def record_entry(
    entry: RegisterEntry,
    *,
    notified_on: dt.date,
    arose_on: dt.date | None = None,
    is_sensitive: bool = False,
    sensitivity_agreed_by: str = "",
    sensitivity_reason: str = "",
    by: Any = None,
) -> EntryRecord:
    record, _ = EntryRecord.objects.get_or_create(
        entry=entry, defaults={"notified_on": notified_on}
    )
    record.notified_on = notified_on
    record.arose_on = arose_on
    record.is_sensitive = is_sensitive
    record.sensitivity_agreed_by = sensitivity_agreed_by.strip()
    record.sensitivity_reason = sensitivity_reason.strip()
    record.recorded_by = by if getattr(by, "pk", None) else None
    record.full_clean()
    record.save()
    return record


def valid_dispensations(person: Person, meeting: Any) -> list[Dispensation]:
    """The person's dispensations (Localism Act 2011 s33) in force for ``meeting``."""
    return [d for d in Dispensation.objects.filter(person=person) if d.covers(meeting)]


def public_declarations(person: Person) -> list[Declaration]:
    return list(
        Declaration.objects.filter(person=person)
        .select_related("meeting__committee__council", "agenda_item")
        .order_by("-meeting__start")[:50]
    )


_ACTIONS = {
    "withdrew": "withdrew from the meeting for the item",
    "dispensation": "stayed and took part under a dispensation",
    "other": "",
}


def declarations_minute_text(meeting: Any) -> str:
    """The minute for the meeting's "Declarations of interest" item, for the minutes code."""
    declarations = list(
        Declaration.objects.filter(meeting=meeting)
        .select_related("person", "agenda_item", "dispensation")
        .order_by("agenda_item__order", "person__last_name", "pk")
    )
    if not declarations:
        return "No declarations of interest were made."
    lines = []
    for d in declarations:
        where = (
            f"item {d.agenda_item.number} ({d.agenda_item.title})"
            if d.agenda_item is not None
            else "the business of the meeting"
        )
        action = _ACTIONS.get(d.action, "") or d.action_detail
        if d.action == "dispensation":
            ref = d.dispensation.reference if d.dispensation else d.dispensation_reference
            if ref:
                action = f"{action} ({ref})"
        elif d.action_detail and d.action != "other":
            action = f"{action}; {d.action_detail}"
        kind = d.get_kind_display().lower()
        lines.append(
            f"{d.person.display_name} declared a {kind} in {where}: {d.nature.strip()} "
            f"They {action.rstrip('.')}."
        )
    return "\n".join(lines)
