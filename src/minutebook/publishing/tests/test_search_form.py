"""The public search: GOV.UK date inputs with clear errors, and no page past the last."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict
from django.test import Client

from minutebook.publishing.search_form import date_filters, last_page, read_date
from minutebook.publishing.tests.scenario import Scenario


def _q(text: str) -> QueryDict:
    return QueryDict(text)


@pytest.mark.parametrize(
    ("query", "value", "error", "wrong"),
    [
        ("from-day=31&from-month=1&from-year=2025", dt.date(2025, 1, 31), "", set()),
        ("from-day=&from-month=&from-year=", None, "", set()),
        ("from-day=31&from-year=2025", None, "The from date must include a month", {"month"}),
        ("from-year=2025", None, "The from date must include a day and month", {"day", "month"}),
        (
            "from-day=31&from-month=2&from-year=2025",
            None,
            "must be a real date",
            {"day", "month", "year"},
        ),
        ("from-day=3&from-month=x&from-year=2025", None, "must be a real date", {"month"}),
        ("from-day=3&from-month=2&from-year=25", None, "Year must include 4 numbers", {"year"}),
        ("from=2025-01-31", dt.date(2025, 1, 31), "", set()),  # an older link
        ("from=31-01-2025", None, "must be a real date", {"day", "month", "year"}),
    ],
)
def test_date_input_reads_and_explains(
    query: str, value: dt.date | None, error: str, wrong: set[str]
) -> None:
    got = read_date(_q(query), "from", "The from date")
    assert got.value == value
    assert (error in got.error) if error else got.error == ""
    assert got.wrong == wrong


def test_to_date_before_from_date_is_an_error_on_the_to_date() -> None:
    start, end, errors = date_filters(
        _q("from-day=2&from-month=3&from-year=2025&to-day=1&to-month=3&to-year=2025")
    )
    assert start.value == dt.date(2025, 3, 2) and end.value is None
    assert errors == {"to-day": "The to date must be the same as or after the from date"}


def test_last_page() -> None:
    assert last_page(999, 2) == 2
    assert last_page(2, 2) is None
    assert last_page(5, 0) == 1  # no results at all: the first page


def test_search_page_date_inputs_and_page_past_the_last(client: Client, scenario: Scenario) -> None:
    council = scenario.council.slug
    page = client.get(f"/{council}/search/?q=leisure").content.decode()
    for part in ("from-day", "from-month", "from-year", "to-day", "to-month", "to-year"):
        assert f'name="{part}"' in page
    assert "govuk-date-input" in page
    bad = client.get(f"/{council}/search/?q=leisure&from-day=31&from-month=2&from-year=2025")
    body = bad.content.decode()
    assert "There is a problem" in body and 'href="#from-day"' in body
    assert "The from date must be a real date" in body
    # The visitor's figures stay in the boxes, marked as wrong.
    assert 'value="31"' in body and "govuk-input--error" in body

    far = client.get(f"/{council}/search/?q=leisure&page=999")
    assert far.status_code == 302
    assert far["Location"].endswith("page=1") and "q=leisure" in far["Location"]
    landed = client.get(far["Location"]).content.decode()
    assert "Showing 0 to 0" not in landed and "result" in landed
