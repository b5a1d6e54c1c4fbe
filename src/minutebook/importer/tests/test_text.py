"""Normalisation of pack text into lines, and the shared value parsers."""

from __future__ import annotations

from datetime import date

import pytest

from minutebook.importer.parse.text import (
    clean_inline,
    find_date,
    is_page_stamp,
    norm_space,
    normalise,
    parse_date,
    parse_time,
    strip_honorific,
)


def texts(raw: str) -> list[str]:
    return [ln.text for ln in normalise(raw)]


def test_blank_lines_dropped_and_recorded() -> None:
    lines = normalise("One\n\n\nTwo\nThree\n   \nFour")
    assert [ln.text for ln in lines] == ["One", "Two", "Three", "Four"]
    assert [ln.blank_before for ln in lines] == [False, True, False, True]
    assert [ln.no for ln in lines] == [0, 1, 2, 3]
    assert lines[1].raw == "Two"


def test_markdown_markup_removed() -> None:
    assert texts("## 3. **Minutes**\n- item one\n* item two\n> quoted") == [
        "3. Minutes",
        "item one",
        "item two",
        "quoted",
    ]
    assert texts("See [the guide](http://x.example/g) and <http://x.example/a>.") == [
        "See the guide and http://x.example/a."
    ]


def test_html_fragments_and_entities() -> None:
    assert texts("<p>Complete</p> <p>On&nbsp;target</p>") == ["Complete On target"]
    assert texts("<i>Fish &amp; chips</i>") == ["Fish & chips"]
    assert texts("<table><tr><td>1</td><td>Apologies</td></tr></table>") == ["1\tApologies"]
    # Angle brackets that are not tags survive.
    assert texts("a < b and c > d") == ["a < b and c > d"]


def test_tables_become_tab_separated_cells() -> None:
    assert texts("| Item | Title |\n|---|:---:|\n| 1 | Apologies |") == [
        "Item\tTitle",
        "1\tApologies",
    ]
    lines = normalise("\t\tA  b\t\tC\t\t")
    assert lines[0].text == "A b\t\tC"
    assert lines[0].cells == ["A b", "", "C"]


def test_page_stamps_set_pages_and_are_removed() -> None:
    lines = normalise("front\nPage 4\nfive a\nfive b\nPage 5\nsix\nPage 6\nlast\n")
    assert [(ln.text, ln.page) for ln in lines] == [
        ("front", None),
        ("five a", 5),
        ("five b", 5),
        ("six", 6),
        ("last", 7),
    ]
    # Non-consecutive stamps leave the page unknown in between.
    lines = normalise("Page 2\nx\nPage 9\ny\n")
    assert [(ln.text, ln.page) for ln in lines] == [("x", None), ("y", 10)]
    # A stamp sharing a table row with content.
    lines = normalise("Page 44\tAction\tLead\n")
    assert [(ln.text, ln.page) for ln in lines] == [("Action\tLead", 44)]


def test_page_texts_and_form_feeds() -> None:
    lines = normalise("", ["Cover\nPage 3", "Body text\n", "More\nPage 5\n"])
    assert [(ln.text, ln.page) for ln in lines] == [("Cover", 3), ("Body text", 2), ("More", 5)]
    lines = normalise("one\fTwo\fthree")
    assert [(ln.text, ln.page) for ln in lines] == [("one", 1), ("Two", 2), ("three", 3)]


def test_is_page_stamp() -> None:
    assert is_page_stamp("Page 12") == 12
    assert is_page_stamp("page 7 of 90") == 7
    assert is_page_stamp("Page 12 of the report") is None
    assert is_page_stamp("Pages 3 - 4") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 September 2017", date(2017, 9, 6)),
        ("Thursday, 2 September 2021", date(2021, 9, 2)),
        ("2nd Sept 2021", date(2021, 9, 2)),
        ("24th March 2022", date(2022, 3, 24)),
        ("10 th February 2022", date(2022, 2, 10)),
        ("6 th Sept 2017", date(2017, 9, 6)),
        ("02/09/2021", date(2021, 9, 2)),
        ("2.9.21", date(2021, 9, 2)),
        ("2021-09-02", date(2021, 9, 2)),
        ("September 2, 2021", date(2021, 9, 2)),
        ("held on Wednesday 19 July 2017 at 10am", date(2017, 7, 19)),
        ("Decision Date 7 Sep 2021", date(2021, 9, 7)),
        ("31 February 2021", None),
        ("no date here", None),
        ("", None),
        ("Version 1.2.3", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_find_date_gives_span() -> None:
    found = find_date("Date: 6 September 2017 at 10am")
    assert found is not None
    d, a, b = found
    assert d == date(2017, 9, 6)
    assert "Date: 6 September 2017 at 10am"[a:b] == "6 September 2017"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.00 am", "10:00"),
        ("10am", "10:00"),
        ("2pm", "14:00"),
        ("2.30 p.m.", "14:30"),
        ("12.15pm", "12:15"),
        ("12 am", "00:00"),
        ("14:30", "14:30"),
        ("starting at 18.00", "18:00"),
        ("noon", "12:00"),
        ("Meeting Duration: 10.00 am - 11.50 am", "10:00"),
        ("no time", None),
        ("25:99", None),
        ("", None),
    ],
)
def test_parse_time(text: str, expected: str | None) -> None:
    assert parse_time(text) == expected


def test_strip_honorific_and_spaces() -> None:
    assert strip_honorific("Cllr Rebecca Knox") == "Rebecca Knox"
    assert strip_honorific("Cllr. D Walsh") == "D Walsh"
    assert strip_honorific("Councillor  Mrs   Jane Doe") == "Jane Doe"
    assert strip_honorific("County Councillor Dr A Smith") == "A Smith"
    assert strip_honorific("Mrsa Name") == "Mrsa Name"
    assert norm_space(" a \u00a0 b\tc\n") == "a b c"
    assert clean_inline("**Bold** and __also__ *em*") == "Bold and also em"


def test_normalise_handles_a_large_input() -> None:
    # Throughput is measured in bench/import.py; here only that nothing is lost at scale.
    text = "1. **Item**\n<p>text &amp; more</p>\n| a | b |\nPage 3\n\n" * 40000
    lines = normalise(text)
    assert len(lines) == 120000


def test_layout_column_gaps_become_cells() -> None:
    assert texts("5   UPDATED PLAN      5 - 24") == ["5\tUPDATED PLAN\t5 - 24"]
    assert texts("    Indented text.  Two spaces stay one.") == [
        "Indented text. Two spaces stay one."
    ]
