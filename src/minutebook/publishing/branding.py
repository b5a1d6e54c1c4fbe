"""The council's own colour on the public site, made safe and legible.

The colour comes from data (a council row or an environment variable), so it is
validated before it reaches an inline style, and the header text switches between
white and near-black to keep WCAG AA contrast whatever colour a council picks.
"""

from __future__ import annotations

import re

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_BRAND = "#1d4f91"
WHITE = "#ffffff"
BLACK = "#0b0c0c"


def clean_colour(value: str | None, default: str = DEFAULT_BRAND) -> str:
    """A #rrggbb colour, or the default when the value is anything else."""
    if value and _HEX.match(value.strip()):
        return value.strip().lower()
    return default


def _luminance(colour: str) -> float:
    """Relative luminance as WCAG 2 defines it."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour_on(background: str) -> str:
    """White or near-black, whichever reads better on the background."""
    if contrast_ratio(background, WHITE) >= contrast_ratio(background, BLACK):
        return WHITE
    return BLACK
