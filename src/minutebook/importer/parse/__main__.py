"""Developer CLI: ``python -m minutebook.importer.parse --out DIR FILES...``.

Writes DIR/<stem>.json for each pack (text, markdown or PDF), for scoring with
score_pack.py; prints per-file timing and any errors.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from minutebook.importer.errors import PackError


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m minutebook.importer.parse", description=__doc__)
    ap.add_argument("files", nargs="+", type=Path, help="agenda packs (.txt, .md, .pdf)")
    ap.add_argument("--out", type=Path, help="directory for <stem>.json (default: print JSON)")
    ap.add_argument("--no-text", action="store_true", help="omit document texts from the JSON")
    ap.add_argument("--strict", action="store_true", help="let section parser errors propagate")
    args = ap.parse_args(argv)

    from minutebook.importer.parse import frontsheet  # noqa: F401  (import before timing)
    from minutebook.importer.reader import read_pack

    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    failures = 0
    total_bytes = 0
    t_all = time.perf_counter()
    cpu_all = time.process_time()
    for path in args.files:
        t0 = time.perf_counter()
        try:
            pack = read_pack(path, strict=args.strict)
        except PackError as exc:
            failures += 1
            print(f"{path}: error: {exc}", file=sys.stderr)
            continue
        dt = time.perf_counter() - t0
        size = path.stat().st_size
        total_bytes += size
        data = pack.to_dict()
        if args.no_text:
            for d in data.get("documents", []):
                d["text"] = ""
        out = json.dumps(data, ensure_ascii=False, indent=1)
        if args.out:
            (args.out / f"{path.stem}.json").write_text(out + "\n", encoding="utf-8")
            print(
                f"{path.name}: {dt * 1000:.0f} ms, {len(pack.meeting.agenda)} items, "
                f"{len(pack.reports)} reports, {len(pack.minutes)} minutes, "
                f"{len(pack.forward_plan)} plan entries, {len(pack.warnings)} warnings",
                file=sys.stderr,
            )
            for w in pack.warnings:
                print(f"  warning: {w}", file=sys.stderr)
        else:
            print(out)
    dt_all = time.perf_counter() - t_all
    cpu = time.process_time() - cpu_all
    if total_bytes and dt_all > 0 and cpu > 0:
        print(
            f"total {total_bytes / 1e6:.2f} MB in {dt_all:.3f} s wall, {cpu:.3f} s CPU "
            f"({total_bytes / 1e6 / cpu:.1f} MB/s CPU)",
            file=sys.stderr,
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
