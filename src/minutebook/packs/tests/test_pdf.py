"""The PDF pack, checked page by page with pypdfium2 text extraction."""

from __future__ import annotations

import pytest
from django.utils import timezone

from minutebook.meetings.models import Supplement
from minutebook.packs.pdf import assemble, layout
from minutebook.packs.source import build_source, text_blocks
from minutebook.packs.tests.builders import CANARY, build_pack_scenario
from minutebook.packs.tests.pdfcheck import (
    front_sheet_ranges,
    lines,
    page_sizes,
    page_texts,
    stamped_items,
)

pytestmark = pytest.mark.django_db

BLANK = "This page is intentionally left blank"


def check_pack(texts: list[str]) -> dict[str, tuple[int, int]]:
    """Stamps, stamps of items, and front-sheet ranges against the real pages."""
    for number, text in enumerate(texts, 1):
        assert f"Page {number}" in lines(text), f"page {number} lacks its stamp: {text[-80:]!r}"
        others = {int(n) for n in __import__("re").findall(r"^Page (\d+)$", text, flags=8)}
        assert others == {number}, f"page {number} carries stamps {others}"
    ranges = front_sheet_ranges(texts)
    starts = stamped_items(texts)
    assert ranges, "the front sheet prints no page ranges"
    assert set(ranges) == set(starts), (ranges, starts)
    ordered = sorted(ranges.items(), key=lambda kv: kv[1])
    for (number, (first, last)), following in zip(ordered, [*ordered[1:], None], strict=True):
        assert starts[number] == first, f"item {number} starts on {starts[number]}, not {first}"
        assert first <= last
        end = following[1][0] if following else len(texts) + 1
        # After an item's last page comes the next item, or blank padding only.
        for gap in range(last + 1, end):
            assert BLANK in texts[gap - 1], f"page {gap} after item {number} is not blank"
        assert BLANK not in texts[last - 1]
    return ranges


@pytest.mark.parametrize("pad", [False, True])
def test_pack_page_by_page(pad: bool) -> None:
    scenario = build_pack_scenario(pad=pad, extra_items=14)
    lay = layout(build_source(scenario.meeting))
    public = assemble(lay, "public")
    members = assemble(lay, "members")
    pub, mem = page_texts(public), page_texts(members)
    assert len(pub) == len(mem) == lay.page_count
    assert lay.front_pages >= 2, "the front sheet should run over a page in this test"

    ranges = check_pack(pub)
    assert check_pack(mem) == ranges
    assert set(ranges) == {"3", "4", "5"}

    # Each report's first page carries its stamp at the top, then its title.
    assert lines(pub[ranges["3"][0] - 1])[:2] == ["Agenda Item 3", "Library opening hours"]
    assert lines(mem[ranges["4"][0] - 1])[:2] == ["Agenda Item 4", "Disposal of the depot"]

    # Appendices are merged in order, at their own size, within the item's range.
    first, last = ranges["3"]
    item_text = "\n".join(pub[first - 1 : last])
    assert item_text.index("USAGE-FIGURES sheet 1") < item_text.index("USAGE-FIGURES sheet 2")
    assert item_text.index("USAGE-FIGURES sheet 2") < item_text.index("BRANCH-MAP sheet 1")
    sizes = page_sizes(public)
    map_page = next(i for i, t in enumerate(pub) if "BRANCH-MAP" in t)
    assert sizes[map_page] == (1191, 842), "an A3 landscape appendix keeps its size"
    assert sizes[0] == (595, 842)

    # No exempt text in the public pack; its places say restricted, with the paragraph.
    assert not any(CANARY in t for t in pub)
    assert any(CANARY in t for t in mem)
    assert ranges["4"][1] - ranges["4"][0] >= 2, "the exempt item runs over pages"
    for n in range(ranges["4"][0], ranges["4"][1] + 1):
        assert "Document is Restricted" in pub[n - 1]
        assert "paragraph 3" in pub[n - 1]
    prices = next(i for i, t in enumerate(mem) if "PRICES" in t)
    assert "Document is Restricted" in pub[prices]
    assert "NOT FOR PUBLICATION" in mem[prices]

    blanks = [n for n, t in enumerate(pub, 1) if BLANK in t]
    if pad:
        assert blanks, "this layout needs padding"
        assert all(first % 2 == 1 for first, _ in ranges.values())
        for n in blanks:
            assert lines(pub[n - 1]) == [BLANK, f"Page {n}"]
            assert lines(mem[n - 1]) == [BLANK, f"Page {n}"]
    else:
        assert blanks == []


def test_front_sheet_header_and_rules() -> None:
    scenario = build_pack_scenario()
    texts = page_texts(assemble(layout(build_source(scenario.meeting)), "public"))
    front = "\n".join(texts[:2])
    for expected in (
        "Harrowdene Borough Council",
        "Meeting: Cabinet",
        "Date: Wednesday, 12 March 2025",
        "Time: 6.30 pm",
        "Venue: Council Chamber, Town Hall, Market Street",
        "Rosa Linton (Chairman)",
        "Owen Marchbank (Vice-Chairman)",
        "Quorum: 3",
        "Date of Publication: Tuesday, 4 March 2025",
        # The clock: 3 clear working days before Wednesday 12 March, 08:30.
        "8.30 am on Thursday, 6 March 2025",
        "4. Disposal of the depot (exempt: para 3)",
        "Report to follow.",
    ):
        assert expected in front.replace("\n", " ") or expected in front, expected


def test_supplement_pack_has_its_own_pages() -> None:
    scenario = build_pack_scenario()
    meeting = scenario.meeting
    supplement = Supplement.objects.create(meeting=meeting, number=1, published_at=timezone.now())
    meeting.agenda_items.filter(number="5").update(supplement=supplement)
    main = page_texts(assemble(layout(build_source(meeting)), "public"))
    assert "5" not in stamped_items(main)
    assert "Published in Supplement 1" in "\n".join(main[:3])

    texts = page_texts(assemble(layout(build_source(meeting, supplement)), "public"))
    assert texts[0].startswith("Harrowdene Borough Council\nSupplement 1")
    ranges = check_pack(texts)
    assert list(ranges) == ["5"]
    assert "Parks grounds maintenance" in texts[ranges["5"][0] - 1]


def test_text_blocks_find_headings_and_lists() -> None:
    blocks = text_blocks("1. Background\nWhy we are here.\n\n- one\n- two\n\nA closing line.", "x")
    assert [(b.kind, b.text or b.items) for b in blocks] == [
        ("h", "1. Background"),
        ("p", "Why we are here."),
        ("ul", ["one", "two"]),
        ("p", "A closing line."),
    ]
    assert [b.anchor for b in blocks] == ["x-b1", "x-b2", "x-b3", "x-b4"]
