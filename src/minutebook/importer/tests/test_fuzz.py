"""Property tests: whatever text arrives, parse_text returns a Pack or raises PackError.

Section parsers run in strict mode so that a crash in any of them fails the test instead of
becoming a warning.
"""

from __future__ import annotations

import os
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutebook.importer.errors import PackError
from minutebook.importer.pack import Pack
from minutebook.importer.parse import parse_text
from minutebook.importer.tests.conftest import CORPUS_DIR

# MINUTEBOOK_FUZZ_EXAMPLES raises the number of examples for a longer local run.
FUZZ = settings(
    max_examples=int(os.environ.get("MINUTEBOOK_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def check(text: str) -> None:
    try:
        pack = parse_text(text, file="fuzz.txt", strict=True)
    except PackError:
        return
    assert isinstance(pack, Pack)
    d = pack.to_dict()
    assert Pack.from_dict(d).to_dict() == d


@cache
def corpus_lines() -> tuple[tuple[str, ...], ...]:
    """The corpus packs as line tuples (first part of each, to keep examples quick)."""
    out = []
    for p in sorted(CORPUS_DIR.glob("*.txt")):
        out.append(tuple(p.read_text(encoding="utf-8").splitlines()[:1500]))
    return tuple(out)


# Fragments that look like pack structure, so random text reaches the deeper rules.
FRAGMENTS = [
    "Agenda Item 6",
    "Cabinet",
    "People and Health Overview Committee",
    "24 March 2022",
    "Date: Thursday, 2 September 2021",
    "Time: 10.00 am",
    "Venue: Room 1",
    "Membership: (Quorum 3)",
    "Ann Lee (Chairman), Bob Hart",
    "1. **Apologies**",
    "2 MINUTES 5 - 12",
    "a) Sub item",
    "| 1 | Title | 3 - 4 |",
    "|---|---|",
    "<td>1</td><td>x</td>",
    "Page 12",
    "Minutes of a meeting held on 19 July 2017",
    "Present:",
    "Report Author: Jo Bloggs",
    "Recommendation:",
    "Forward Plan",
    "Key Decision - Yes",
    "By virtue of paragraph(s) 4 of Part 1 of Schedule 12A",
    "Document is Restricted",
    "This page is intentionally left blank",
    "\t\t",
    "",
]


@FUZZ
@given(st.text(max_size=3000))
def test_random_text(text: str) -> None:
    check(text)


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(["utf-8", "latin-1", "cp1252"]))
def test_random_bytes_decoded(data: bytes, encoding: str) -> None:
    check(data.decode(encoding, errors="replace"))


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=120))
def test_structured_fragments(parts: list[str]) -> None:
    check("\n".join(parts))


@pytest.mark.shared("corpus")
@FUZZ
@given(st.data())
def test_mutated_corpus(data: st.DataObject) -> None:
    packs = corpus_lines()
    assert packs, f"no packs in {CORPUS_DIR}"
    lines = list(data.draw(st.sampled_from(packs)))
    for _ in range(data.draw(st.integers(0, 8))):
        if not lines:
            break
        op = data.draw(st.sampled_from(["delete", "duplicate", "swap", "truncate", "garble"]))
        i = data.draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            k = data.draw(st.integers(1, 40))
            del lines[i : i + k]
        elif op == "duplicate":
            k = data.draw(st.integers(1, 40))
            lines[i:i] = lines[i : i + k]
        elif op == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "truncate":
            lines = lines[:i]
        else:
            line = lines[i]
            cut = data.draw(st.integers(0, len(line)))
            lines[i] = line[:cut] + data.draw(st.text(max_size=10)) + line[cut:]
    check("\n".join(lines))
