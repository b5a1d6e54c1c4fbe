"""Postcodes to wards: reading the ONS Postcode Directory (ONSPD) and finding a postcode.

ONSPD is a CSV of every UK postcode with the GSS code of its ward (``osward``). A council
loads it with ``minutebook load-postcodes FILE``; only rows whose ward code is one of the
council's wards (``Ward.gss_code``) are kept, the rest counted. The load replaces the
council's table in one transaction, so a reader sees the old table or the new one, and
loading the same file twice leaves the same table.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from minutebook.councils.models import Council
from minutebook.people.models import PostcodeWard, Ward

#: A UK postcode once spaces are gone: outward code (2 to 4) then inward code (3).
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
BATCH = 5000


class PostcodeFileError(ValueError):
    """The file is not an ONSPD-style CSV (no postcode or ward column)."""


def normalise_postcode(text: str) -> str | None:
    """``" sw1a1aa "`` -> ``"SW1A 1AA"``; None when it cannot be a UK postcode."""
    compact = re.sub(r"\s+", "", text or "").upper()
    if not POSTCODE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


@dataclass
class LoadResult:
    loaded: int = 0
    other_wards: int = 0  # a ward code that is not one of the council's wards
    terminated: int = 0  # ONSPD ``doterm`` set: the postcode is no longer in use
    invalid: int = 0  # no usable postcode or ward code
    other_ward_codes: int = 0  # distinct codes among ``other_wards``


def load_postcodes(council: Council, lines: Iterable[str]) -> LoadResult:
    """Replace ``council``'s postcode table with the rows of ``lines`` (a CSV with a
    header: ``pcds`` or ``pcd``, and ``osward``) that fall in its wards."""
    reader = csv.DictReader(lines)
    fields = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    postcode_col = fields.get("pcds") or fields.get("pcd")
    ward_col = fields.get("osward")
    if postcode_col is None or ward_col is None:
        raise PostcodeFileError(
            "The file needs a header row with a postcode column (pcds or pcd) and a ward "
            "column (osward), as in the ONS Postcode Directory."
        )
    terminated_col = fields.get("doterm")
    wards = {
        w.gss_code.strip().upper(): w.pk
        for w in Ward.objects.filter(council=council).exclude(gss_code="")
    }
    result = LoadResult()
    found: dict[str, int] = {}
    others: set[str] = set()
    for row in reader:
        postcode = normalise_postcode(row.get(postcode_col) or "")
        code = (row.get(ward_col) or "").strip().upper()
        if postcode is None or not code:
            result.invalid += 1
        elif terminated_col and (row.get(terminated_col) or "").strip():
            result.terminated += 1
        elif code not in wards:
            result.other_wards += 1
            others.add(code)
        else:
            found[postcode] = wards[code]
    result.other_ward_codes = len(others)
    with transaction.atomic():
        # bulk-update-ok: the postcode table is the council's lookup for the finder only;
        # no cache, pack, feed or API record is made from it (the page cache's generation
        # is bumped by the table's triggers).
        PostcodeWard.objects.filter(council=council).delete()
        rows = [PostcodeWard(council=council, postcode=p, ward_id=w) for p, w in found.items()]
        # bulk-update-ok: as above; loaded whole, in batches.
        PostcodeWard.objects.bulk_create(rows, batch_size=BATCH)
    result.loaded = len(found)
    return result


def ward_for(council: Council, postcode: str) -> Ward | None:
    """The council's ward for a normalised postcode, if the loaded table has it."""
    row = (
        PostcodeWard.objects.filter(council=council, postcode=postcode)
        .select_related("ward")
        .first()
    )
    return row.ward if row else None
