"""Round trip: the importer reads a generated pack back to its header and agenda."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutebook.importer.reader import read_pack
from minutebook.packs.pdf import assemble, layout
from minutebook.packs.source import build_source
from minutebook.packs.tests.builders import build_pack_scenario

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pad", [False, True])
def test_importer_reads_back_header_and_agenda(tmp_path: Path, pad: bool) -> None:
    scenario = build_pack_scenario(pad=pad, paragraphs=3)
    meeting = scenario.meeting
    lay = layout(build_source(meeting))
    path = tmp_path / "pack.pdf"
    path.write_bytes(assemble(lay, "public"))

    pack = read_pack(path).to_dict()
    header = pack["meeting"]
    assert pack["council"] == "Harrowdene Borough Council"
    assert header["committee"] == "Cabinet"
    assert header["date"] == "2025-03-12"
    assert header["time"] == "18:30"
    assert header["venue"].startswith("Council Chamber, Town Hall, Market Street")
    assert header["quorum"] == 3
    assert header["published"] == "2025-03-04"
    assert [(m["name"], m["role"]) for m in header["members"]] == [
        ("Rosa Linton", "Chairman"),
        ("Owen Marchbank", "Vice-Chairman"),
        ("Priya Nayar", "Member"),
        ("Tom Quayle", "Member"),
    ]

    expected = []
    for item in meeting.agenda_items.order_by("order"):
        pages = lay.ranges.get(lay.source.items[item.order - 1].anchor)
        expected.append((item.number, item.title, list(pages) if pages else None))
    got = [(a["number"], a["title"], a["pages"]) for a in header["agenda"]]
    assert got == expected
    exempt = {a["number"]: a["exempt_paragraphs"] for a in header["agenda"]}
    assert exempt["4"] == [3] and exempt["3"] == []
    assert [a["to_follow"] for a in header["agenda"]][-1] is True
