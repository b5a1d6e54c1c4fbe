"""Charts drawn on the server as SVG, each shown with its data as a table (issue 19).

No JavaScript: the SVG is part of the page. A chart is a list of rows, each a label
and one or more counted parts; rows are drawn as horizontal bars (they fit a 320 px
screen: the label sits above its bar, the number beside it). Colour never carries
meaning alone: every bar has its number written beside it, every part of a stacked
bar has its own fill pattern and is named in the legend, and the same numbers are in
the table. Fills have at least 3:1 contrast with the white page (WCAG 1.4.11).

The template ``includes/chart.html`` shows a chart: a ``<figure>`` with the SVG
(``role="img"``, named by the caption) and the table after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: Width of the drawing in SVG units (the SVG scales to its container).
WIDTH = 480
LABEL_HEIGHT = 22
BAR_HEIGHT = 18
ROW_GAP = 12
NUMBER_ROOM = 130
#: Fills and patterns, in the order parts take them: (colour, pattern or "").
#: Colours: GOV.UK blue, green, red, a dark orange and dark grey; all 3:1 or more on white.
STYLES = (
    ("#1d70b8", ""),
    ("#00703c", "stripes"),
    ("#d4351c", "dots"),
    ("#a35200", "cross"),
    ("#505a5f", "grid"),
    ("#4c2c92", "waves"),
)
_PATTERNS = {
    "stripes": '<path d="M0 8 L8 0" stroke="#fff" stroke-width="2"/>',
    "dots": '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
    "cross": '<path d="M0 0 L8 8 M8 0 L0 8" stroke="#fff" stroke-width="1.4"/>',
    "grid": '<path d="M4 0 V8 M0 4 H8" stroke="#fff" stroke-width="1.4"/>',
    "waves": '<path d="M0 6 Q2 2 4 6 T8 6" stroke="#fff" fill="none" stroke-width="1.4"/>',
}


@dataclass(frozen=True)
class Row:
    """One bar: its label and the counts of its parts (one part for a plain bar)."""

    label: str
    values: tuple[float, ...]
    #: What to write beside the bar and in the table ("8 of 10 (80%)"); the total if blank.
    text: str = ""

    @property
    def total(self) -> float:
        return sum(self.values)

    @property
    def shown(self) -> str:
        return self.text or _number(self.total)


@dataclass
class Chart:
    """A horizontal bar chart (stacked when ``parts`` names more than one part)."""

    #: Unique on the page: ids of the caption and patterns derive from it.
    key: str
    caption: str
    rows: list[Row]
    #: Headings of the table: the label column, then one per part (then "Total").
    label_heading: str
    parts: tuple[str, ...] = ("Number",)

    @property
    def stacked(self) -> bool:
        return len(self.parts) > 1

    @property
    def legend(self) -> list[tuple[str, str]]:
        """(part, fill) for each part: the key's swatches use the chart's own patterns."""
        return [(p, _fill(self, i)) for i, p in enumerate(self.parts)]

    @property
    def table_rows(self) -> list[list[str]]:
        rows = []
        for row in self.rows:
            cells = [row.label] + [_number(v) for v in row.values]
            if self.stacked or any(r.text for r in self.rows):
                cells.append(row.shown)
            rows.append(cells)
        return rows

    @property
    def table_headings(self) -> list[str]:
        headings = [self.label_heading, *self.parts]
        if self.stacked:
            headings.append("Total")
        elif any(r.text for r in self.rows):
            headings.append("Shown as")
        return headings

    @property
    def svg(self) -> SafeString:
        return mark_safe(render_svg(self))  # every text in it is escaped


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _patterns(chart: Chart) -> str:
    defs = []
    for colour, pattern in STYLES[: len(chart.parts)]:
        if pattern:
            defs.append(
                f'<pattern id="{chart.key}-{pattern}" width="8" height="8" '
                f'patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="{colour}"/>'
                f"{_PATTERNS[pattern]}</pattern>"
            )
    return f"<defs>{''.join(defs)}</defs>" if defs else ""


def _fill(chart: Chart, index: int) -> str:
    colour, pattern = STYLES[index % len(STYLES)]
    return f"url(#{chart.key}-{pattern})" if pattern else colour


def render_svg(chart: Chart) -> str:
    """The chart as an SVG element; its name comes from the figure's caption."""
    scale = max((r.total for r in chart.rows), default=0) or 1
    room = WIDTH - NUMBER_ROOM
    step = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    height = max(step * len(chart.rows), step)
    out = [
        f'<svg class="app-chart__svg" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{chart.key}-caption" '
        f'focusable="false">',
        _patterns(chart),
    ]
    for n, row in enumerate(chart.rows):
        top = n * step
        bar_top = top + LABEL_HEIGHT
        out.append(f'<g class="app-chart__row" data-label="{escape(row.label)}">')
        out.append(
            f'<text x="0" y="{top + 16}" class="app-chart__label" font-size="16" '
            f'fill="#0b0c0c">{escape(row.label)}</text>'
        )
        x = 0.0
        for i, value in enumerate(row.values):
            width = room * min(value, scale) / scale if scale else 0
            if width > 0:
                out.append(
                    f'<rect x="{x:.1f}" y="{bar_top}" width="{width:.1f}" '
                    f'height="{BAR_HEIGHT}" fill="{_fill(chart, i)}" '
                    f'data-value="{_number(value)}" data-part="{escape(chart.parts[i])}"/>'
                )
            x += width
        out.append(
            f'<text x="{x + 6:.1f}" y="{bar_top + 14}" font-size="16" fill="#0b0c0c">'
            f"{escape(row.shown)}</text></g>"
        )
    out.append("</svg>")
    return "".join(out)


def month_label(year: int, month: int) -> str:
    """Short month name and year, as a bar's label: "Mar 2025"."""
    import calendar

    return f"{calendar.month_abbr[month]} {year}"
