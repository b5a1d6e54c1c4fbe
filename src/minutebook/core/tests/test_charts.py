"""The SVG charts: bars drawn to scale from their data, text escaped, colour never alone."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.template.loader import render_to_string
from hypothesis import given
from hypothesis import strategies as st

from minutebook.core.charts import NUMBER_ROOM, WIDTH, Chart, Row

SVG = "{http://www.w3.org/2000/svg}"


def _bars(chart: Chart) -> list[list[ET.Element]]:
    root = ET.fromstring(str(chart.svg))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart.key}-caption"
    return [group.findall(f"{SVG}rect") for group in root.findall(f"{SVG}g")]


def test_bars_are_drawn_to_scale_with_their_numbers_beside_them() -> None:
    chart = Chart(
        key="c",
        caption="Decisions made each month",
        rows=[Row("Jan 2025", (4,)), Row("Feb 2025", (8,)), Row("Mar 2025", (0,))],
        label_heading="Month",
    )
    groups = _bars(chart)
    assert [len(g) for g in groups] == [1, 1, 0]  # no bar for nought, only its number
    widths = [float(g[0].get("width", 0)) for g in groups[:2]]
    assert widths[1] == WIDTH - NUMBER_ROOM and widths[0] == widths[1] / 2
    root = ET.fromstring(str(chart.svg))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert texts == ["Jan 2025", "4", "Feb 2025", "8", "Mar 2025", "0"]
    assert chart.table_headings == ["Month", "Number"]
    assert chart.table_rows == [["Jan 2025", "4"], ["Feb 2025", "8"], ["Mar 2025", "0"]]


@given(
    st.lists(
        st.tuples(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50)),
        min_size=1,
        max_size=8,
    )
)
def test_stacked_parts_match_the_data_and_never_overrun(data: list[tuple[int, int, int]]) -> None:
    chart = Chart(
        key="s",
        caption="Attendance",
        rows=[Row(f"Row {n}", values) for n, values in enumerate(data)],
        label_heading="Member",
        parts=("Present", "Apologies", "Absent"),
    )
    biggest = max(sum(v) for v in data) or 1
    for group, values in zip(_bars(chart), data, strict=True):
        drawn = {rect.get("data-part"): rect for rect in group}
        assert [int(drawn[p].get("data-value", 0)) for p in drawn] == [v for v in values if v]
        x = 0.0
        for rect in group:
            # Each part starts where the one before it ends, in proportion to its count.
            assert abs(float(rect.get("x", 0)) - x) < 0.11
            value = int(rect.get("data-value", 0))
            assert abs(float(rect.get("width", 0)) - (WIDTH - NUMBER_ROOM) * value / biggest) < 0.11
            x += float(rect.get("width", 0))
        assert x <= WIDTH - NUMBER_ROOM + 0.2
    # Every part but the first has a pattern as well as a colour.
    fills = [fill for _, fill in chart.legend]
    assert fills[0].startswith("#") and all(f.startswith("url(#s-") for f in fills[1:])
    assert chart.table_headings == ["Member", "Present", "Apologies", "Absent", "Total"]


def test_text_is_escaped_and_the_figure_carries_its_table() -> None:
    chart = Chart(
        key="e",
        caption="Areas <b>",
        rows=[Row("Roads & <script>", (3, 1), "4 actions")],
        label_heading="Area",
        parts=("Complete", "On track"),
    )
    assert "<script>" not in str(chart.svg)
    ET.fromstring(str(chart.svg))  # well-formed
    html = render_to_string("core/chart.html", {"chart": chart})
    assert html.count("<figure") == 1 and 'id="e-caption"' in html
    assert "<figcaption" in html and "Areas &lt;b&gt;" in html
    assert '<th scope="row" class="govuk-table__header">Roads &amp; &lt;script&gt;</th>' in html
    assert html.count("govuk-table__cell--numeric") == 3  # complete, on track, total
    assert 'tabindex="0"' in html and 'role="region"' in html
