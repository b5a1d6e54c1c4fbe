"""Child process for ``test_races``: one importer racing others on the same database.

    python -m minutebook.importer.tests.race_writers PACK.json GO

It parses nothing (the test parsed the pack once and wrote its JSON), writes ``PACK.json.ready``
and waits for the file ``GO``, so that every racer starts its write at the same moment; then
it writes the pack and prints one JSON line: status and meeting id, or the error.

No Django import at module level: ``django.setup()`` must run first, in ``main``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

DEADLINE_SECONDS = 120.0


def main(argv: list[str]) -> int:
    import django

    django.setup()
    from minutebook.importer.pack import Pack
    from minutebook.importer.writer import write_pack

    source, go = Path(argv[0]), Path(argv[1])
    pack = Pack.from_dict(json.loads(source.read_text(encoding="utf-8")))
    Path(f"{source}.ready").touch()
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not go.exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never told to go")
        time.sleep(0.005)
    try:
        result = write_pack(pack, council_slug=None, source_path=source.with_suffix(".txt").name)
        out = {"status": result.status, "meeting": result.meeting_id}
    except Exception as exc:  # reported to the test, which fails on it
        out = {"error": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
