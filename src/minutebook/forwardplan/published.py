"""Forward plan entries as the public was last told of them.

An entry is public once a published plan lists it, but the row stays editable: an
officer may retitle it, or rewrite it, before the next publication, in words nobody has
been given notice of. Public pages that name an entry (its own page, the decisions
register, a decision's page, a matter's history) read its wording from the latest
published version of the plan that lists it (``ForwardPlanVersion.entries``), never from
the row. An entry given notice of outside any stored version (read from the archive,
``first_published`` set) is shown as the plan prints it (``entry_snapshot``). An entry
no plan has listed is not public at all.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from minutebook.councils.models import Council
from minutebook.forwardplan.models import ForwardPlanEntry, ForwardPlanVersion
from minutebook.forwardplan.services import entry_snapshot

MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class PublishedEntry:
    """An entry's public face: its id, council and published wording (``snapshot``)."""

    pk: int
    council: Council
    snapshot: dict[str, Any]
    #: The published version it is read from; None for an entry noticed in no stored version.
    version: ForwardPlanVersion | None
    #: Whether ``version`` is the council's latest published plan (the entry is on the
    #: current plan); False when a later plan left it out (withdrawn, or decided).
    in_current: bool = False

    @property
    def first_published(self) -> date | None:
        """The day notice was first given (SI 2012/2089 reg 9)."""
        value = self.snapshot.get("first_published")
        return date.fromisoformat(value) if value else None

    @property
    def title(self) -> str:
        return str(self.snapshot.get("title") or "")

    @property
    def reference(self) -> str:
        return str(self.snapshot.get("reference") or "")


def published_entries(council: Council, pks: Collection[int]) -> dict[int, PublishedEntry]:
    """The council's entries among ``pks`` that the public has been told of, by id."""
    # An id beyond a database integer is no entry (an ``in`` lookup does not check the range).
    wanted = {pk for pk in pks if pk and 0 < pk <= MAX_ID}
    # Notice given (``first_published``) but in no stored version, such as an entry read
    # from the archive: as the plan prints it. Read up front with the versions, so that a
    # page costs the same queries whichever of its entries a version lists.
    noticed = (
        ForwardPlanEntry.objects.filter(
            council=council, pk__in=wanted, first_published__isnull=False
        )
        .select_related("decision_maker", "decision_maker_person", "portfolio_holder", "officer")
        .prefetch_related("wards_affected")
        if wanted
        else ForwardPlanEntry.objects.none()
    )
    rows = {entry.pk: entry for entry in noticed}
    # Publishing a plan stamps ``first_published`` on every entry it lists
    # (``services.publish_plan``), so an entry without it is in no version: the versions, whose
    # snapshots are the plan's every entry, are read only for those that may be in one
    # (an entry saved before any publication, as each save re-indexes it, reads none).
    wanted &= rows.keys()
    found: dict[int, tuple[dict[str, Any], ForwardPlanVersion | None]] = {}
    # Newest first: the first version that lists an entry holds its latest public words.
    versions = ForwardPlanVersion.objects.filter(council=council).order_by("-number")
    latest: int | None = None
    for version in versions.iterator() if wanted else ():
        latest = version.pk if latest is None else latest
        for snapshot in version.entries:
            pk = snapshot.get("id")
            if pk in wanted and pk not in found:
                found[pk] = (snapshot, version)
        if len(found) == len(wanted):
            break
    for pk, entry in rows.items():
        if pk not in found:
            found[pk] = (entry_snapshot(entry), None)
    return {
        pk: PublishedEntry(
            pk, council, snapshot, version, version is not None and version.pk == latest
        )
        for pk, (snapshot, version) in found.items()
    }


def published_entry(council: Council, pk: int) -> PublishedEntry | None:
    """One entry as the public was last told of it, or None when no plan listed it."""
    return published_entries(council, [pk]).get(pk)
