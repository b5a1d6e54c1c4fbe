"""Branding safety and GOV.UK-style dates and times."""

from __future__ import annotations

import datetime as dt

import pytest

from minutebook.publishing.branding import (
    BLACK,
    DEFAULT_BRAND,
    WHITE,
    clean_colour,
    contrast_ratio,
    text_colour_on,
)
from minutebook.publishing.templatetags.publishing import (
    exempt_text,
    govuk_date,
    govuk_time,
    page_range,
)


@pytest.mark.parametrize(
    "value",
    ["red", "#fff", "#12345g", "#123456; background: url(x)", "", None, "1d4f91"],
)
def test_unsafe_or_malformed_colours_fall_back(value: str | None) -> None:
    assert clean_colour(value) == DEFAULT_BRAND


def test_valid_colour_is_kept_lowercase() -> None:
    assert clean_colour(" #A1B2C3 ") == "#a1b2c3"


@pytest.mark.parametrize("background", ["#1d4f91", "#0b0c0c", "#6f2c91", "#ffdd00", "#f3f2f1"])
def test_header_text_meets_aa_on_any_brand(background: str) -> None:
    text = text_colour_on(background)
    assert contrast_ratio(text, background) >= 4.5


def test_light_brand_gets_dark_text_and_dark_brand_white() -> None:
    assert text_colour_on("#ffdd00") == BLACK
    assert text_colour_on("#1d4f91") == WHITE


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.time(19, 0), "7pm"),
        (dt.time(10, 30), "10:30am"),
        (dt.time(12, 0), "midday"),
        (dt.time(0, 0), "midnight"),
        (dt.time(12, 15), "12:15pm"),
        (None, ""),
    ],
)
def test_govuk_time(value: dt.time | None, expected: str) -> None:
    assert govuk_time(value) == expected


def test_govuk_time_uses_local_time_for_aware_datetimes() -> None:
    summer_evening_utc = dt.datetime(2025, 7, 1, 18, 0, tzinfo=dt.UTC)
    assert govuk_time(summer_evening_utc) == "7pm"


def test_govuk_date() -> None:
    assert govuk_date(dt.date(2025, 1, 14)) == "Tuesday 14 January 2025"


def test_exempt_text_and_page_range() -> None:
    assert exempt_text([3]) == "exempt under paragraph 3 of Schedule 12A"
    assert exempt_text([]) == ""
    assert page_range(5, 12) == "Pages 5 to 12"
    assert page_range(5, 5) == "Page 5"
    assert page_range(None, None) == ""
