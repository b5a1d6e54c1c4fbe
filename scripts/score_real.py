"""Print the importer's score on each real PDF that has hand-written truth.

Usage: ``uv run python scripts/score_real.py [SUBSTRING ...]`` (only truth files whose
path contains one of the substrings).  Same reading and scoring as
``src/minutebook/importer/tests/test_real_documents.py``; the last line is the mean.
"""

from __future__ import annotations

import sys

from minutebook.core.testing_shared import shared_path
from minutebook.importer.tests.test_real_documents import TRUTHS, table


def main(argv: list[str]) -> int:
    scorer = shared_path("tools", "score_pack.py")
    if not scorer.is_file() or not shared_path("corpus", "real").is_dir():
        print(f"needs {scorer} and {shared_path('corpus', 'real')}", file=sys.stderr)
        return 2
    truths = [t for t in TRUTHS if not argv or any(a in str(t) for a in argv)]
    _mean, rows = table(truths, scorer)
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
