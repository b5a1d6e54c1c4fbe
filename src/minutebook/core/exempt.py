"""Exempt information (LGA 1972 Schedule 12A) kept out of public code by construction.

A model that can hold exempt content inherits :class:`ExemptAwareModel`. It gets two
managers and no ``objects``:

- ``public_objects`` (the default manager, so related managers such as
  ``meeting.agenda_items`` and the Django machinery start from the public view);
- ``officer_objects``, deliberately named, which includes exempt rows. Only officer
  code (the admin, the members' area, pack generation for members) may use it; a
  test fails if the public site or the API ever names it.

``is_exempt`` is stored, derived from ``exempt_paragraphs`` on save, so the public
filter is one indexed column and cannot be forgotten in a query.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

#: LGA 1972 Schedule 12A Part 1 paragraphs (England): the only lawful grounds.
SCHEDULE_12A_PARAGRAPHS: dict[int, str] = {
    1: "Information relating to any individual",
    2: "Information which is likely to reveal the identity of an individual",
    3: "Information relating to the financial or business affairs of any particular person "
    "(including the authority holding that information)",
    4: "Information relating to any consultations or negotiations, or contemplated consultations "
    "or negotiations, in connection with any labour relations matter",
    5: "Information in respect of which a claim to legal professional privilege could be "
    "maintained in legal proceedings",
    6: "Information which reveals that the authority proposes to give a notice or make an order "
    "or direction",
    7: "Information relating to any action taken or to be taken in connection with the "
    "prevention, investigation or prosecution of crime",
}


#: LGA 1972 Schedule 12A Part 4 (Wales), paragraphs 12-18: the same grounds, numbered
#: for Welsh authorities (paragraph 18 adds information about the Welsh Ministers' notices).
SCHEDULE_12A_WALES_PARAGRAPHS: dict[int, str] = {
    12: SCHEDULE_12A_PARAGRAPHS[1],
    13: SCHEDULE_12A_PARAGRAPHS[2],
    14: SCHEDULE_12A_PARAGRAPHS[3],
    15: SCHEDULE_12A_PARAGRAPHS[4],
    16: SCHEDULE_12A_PARAGRAPHS[5],
    17: SCHEDULE_12A_PARAGRAPHS[6],
    18: SCHEDULE_12A_PARAGRAPHS[7],
}


def validate_exempt_paragraphs(value: Any) -> None:
    """Only paragraphs 1-7 (England) or 12-18 (Wales) of Schedule 12A exist."""
    if not isinstance(value, list) or not all(isinstance(v, int) for v in value):
        raise ValidationError("Exempt paragraphs must be a list of paragraph numbers.")
    bad = [
        v
        for v in value
        if v not in SCHEDULE_12A_PARAGRAPHS and v not in SCHEDULE_12A_WALES_PARAGRAPHS
    ]
    if bad:
        raise ValidationError(
            "Schedule 12A has paragraphs 1 to 7 (England) and 12 to 18 (Wales) only; "
            f"not {', '.join(map(str, bad))}."
        )


def describe_paragraphs(paragraphs: list[int]) -> str:
    """'exempt under paragraph 3' / 'exempt under paragraphs 1 and 3'."""
    nums = sorted(set(paragraphs))
    if not nums:
        return ""
    if len(nums) == 1:
        return f"exempt under paragraph {nums[0]} of Schedule 12A"
    head = ", ".join(map(str, nums[:-1]))
    return f"exempt under paragraphs {head} and {nums[-1]} of Schedule 12A"


_local = threading.local()


class ReleaseNotConfirmed(ValidationError):
    """Exempt content would become public without an officer's confirmation."""


@contextlib.contextmanager
def releasing(*, by: Any = None, reason: str = "") -> Iterator[None]:
    """Within this block rows may go from exempt to public: an officer confirmed it.

    Schedule 12A information stays exempt until someone decides the grounds no longer
    apply (para 10); ``minutebook.derived.exempt`` refuses any other release and audits
    each confirmed one (``exempt.released``).
    """
    previous = getattr(_local, "release", None)
    _local.release = {"by": by, "reason": reason}
    try:
        yield
    finally:
        _local.release = previous


def current_release() -> dict[str, Any] | None:
    """Who confirmed releases in the running block, if any."""
    return getattr(_local, "release", None)


class PublicManager(models.Manager):
    """Rows the public may see: never an exempt one."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(is_exempt=False)


class OfficerManager(models.Manager):
    """Every row, exempt included. For officer and members' code only."""


class ExemptAwareModel(models.Model):
    exempt_paragraphs = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_exempt_paragraphs],
        help_text="Paragraphs of LGA 1972 Schedule 12A under which this is exempt; empty if public.",
    )
    public_interest_reason = models.TextField(
        blank=True,
        help_text="Why the public interest in maintaining the exemption outweighs disclosure.",
    )
    is_exempt = models.BooleanField(default=False, editable=False, db_index=True)

    public_objects = PublicManager()
    officer_objects = OfficerManager()

    class Meta:
        abstract = True
        default_manager_name = "public_objects"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.exempt_paragraphs = sorted({int(p) for p in (self.exempt_paragraphs or [])})
        self.is_exempt = bool(self.exempt_paragraphs)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "exempt_paragraphs" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_exempt"}
        # One transaction with what the save signals do: a row made exempt withdraws its
        # public copies before anyone can read them (minutebook.derived.exempt).
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)

    @property
    def exempt_description(self) -> str:
        return describe_paragraphs(list(self.exempt_paragraphs or []))
