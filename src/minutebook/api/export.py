"""Bulk export: a council's public record as JSON Lines of OParl objects, in a zip.

One file per type (``meeting.jsonl``: one object per line, as the API serves it), the
forward plan, the Body, and ``manifest.json`` with counts. Rows are read in keyset
batches, so memory stays flat for a council of any size.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from typing import IO, Any

from django.utils import timezone

from minutebook.api import listing, oparl, record, tombstones
from minutebook.api.common import RECORD_PATHS
from minutebook.api.models import OParlType, Tombstone
from minutebook.councils.models import Council

BATCH = 500


def _lines(objs: list[dict[str, Any]]) -> bytes:
    return b"".join(
        json.dumps(o, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
        for o in objs
    )


def record_file(kind: str) -> str:
    """``meeting.jsonl``; ``minutebook-public-question.jsonl`` for minutebook's own types."""
    if kind in oparl.PATHS:
        return f"{oparl.PATHS[kind]}.jsonl"
    return f"{RECORD_PATHS[kind][0].replace('/', '-')}.jsonl"


def write_export(council: Council, origin: str, out: IO[bytes]) -> dict[str, int]:
    """Write the zip to ``out``; returns the number of objects per file."""
    urls = oparl.Urls(origin)
    counts: dict[str, int] = {}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        terms = list(oparl.KINDS[OParlType.LEGISLATIVE_TERM].rows(council.pk).order_by("pk"))
        archive.writestr("body.jsonl", _lines([oparl.body_obj(urls, council, terms)]))
        counts["body.jsonl"] = 1
        kinds = [*oparl.KINDS.items(), *record.RECORDS.items()]
        for kind, spec in kinds:
            name = record_file(kind)
            n = 0
            with archive.open(name, "w") as handle:
                gone = Tombstone.objects.filter(council_id=council.pk, oparl_type=kind)
                parts = [
                    listing.Segment(spec.rows(council.pk), spec.serialize),
                    listing.Segment(gone, tombstones.tombstone_objs),
                ]
                cursor = None
                while True:
                    data, cursor = listing.page(urls, parts, cursor, BATCH)
                    handle.write(_lines(data))
                    n += len(data)
                    if cursor is None:
                        break
            counts[name] = n
        manifest = {
            "body": urls.body(council.slug),
            "oparlVersion": oparl.OPARL,
            "generated": oparl.when(timezone.now()),
            "files": counts,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return counts


def export_council(council: Council, origin: str) -> IO[bytes]:
    """The zip in a temporary file, rewound, for streaming as a download."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the FileResponse
    write_export(council, origin, handle)
    handle.seek(0)
    return handle
