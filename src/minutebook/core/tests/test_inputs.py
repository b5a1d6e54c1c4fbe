"""Input at the boundary (core.inputs): control characters, names, oversized forms, dates.

A NUL byte in a search was a 500 on PostgreSQL (its text cannot hold one); a 3 MB
text was refused by Django's 2.5 MB body limit with a bare 400, losing the form.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import Client

from minutebook.alerts.models import Subscription
from minutebook.committees.models import Committee
from minutebook.core import inputs
from minutebook.councils.factories import CouncilFactory
from minutebook.importer.parse import parse_text
from minutebook.importer.writer import write_pack
from minutebook.meetings.models import AgendaItem, Meeting, Venue
from minutebook.people.models import Person

FIXTURE = (
    Path(inputs.__file__).resolve().parents[1]
    / "importer/tests/fixtures/packs/county_cabinet_pdf.txt"
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/search/?q=a%00b", "/search/?q=%1b", "/search/?%00=1", "/cal/search/?q=x%07", "/cal%00/"],
)
def test_control_characters_in_an_address_are_a_400_page(client: Client, url: str) -> None:
    CouncilFactory(slug="cal")
    response = client.get(url)
    assert response.status_code == 400
    assert b"control characters" in response.content
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Security-Policy" in response  # a page like every other


@pytest.mark.django_db
def test_tabs_and_line_breaks_in_a_search_are_ordinary_input(client: Client) -> None:
    CouncilFactory(slug="cal")
    assert client.get("/search/?q=planning%09appeal%0D%0A").status_code == 200


@pytest.mark.django_db
def test_controls_are_stripped_from_form_fields_and_the_rest_kept(client: Client) -> None:
    council = CouncilFactory(slug="cal")
    response = client.post(
        f"/{council.slug}/alerts/",
        {"email": "res\x00@example.org", "kind": "search", "query": "lib\x00rary\x1b hours"},
    )
    assert response.status_code == 200
    sub = Subscription.objects.get()
    assert (sub.email, sub.query) == ("res@example.org", "library hours")


@pytest.mark.django_db
def test_a_body_over_the_limit_is_a_413_page_saying_what_to_do(
    client: Client, settings: Any
) -> None:
    council = CouncilFactory(slug="cal")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    response = client.post(
        f"/{council.slug}/alerts/", {"email": "a@example.org", "query": "x" * (1024 * 1024)}
    )
    assert response.status_code == 413
    assert b"more than 1 MB" in response.content
    assert b"100,000 characters" in response.content


def test_the_body_limit_reads_a_three_megabyte_text() -> None:
    from django.conf import settings

    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE >= 3 * 1024 * 1024 * 3  # percent-encoded


@pytest.mark.parametrize(
    "bad", ["Planning\nCommittee", "Planning\r", "Cabinet\x00", "Tab\there", "Line\u2028sep"]
)
def test_names_refuse_line_breaks_and_controls(bad: str) -> None:
    with pytest.raises(ValidationError):
        inputs.validate_name(bad)
    inputs.validate_name("Overview & Scrutiny \u2013 Health (Adults\u2019) Committee")


def test_texts_keep_line_breaks_but_refuse_other_controls() -> None:
    inputs.validate_text("First line\r\n\tSecond line")
    with pytest.raises(ValidationError):
        inputs.validate_text("pasted\x0bfrom a PDF")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Committee, "name"),
        (Venue, "name"),
        (AgendaItem, "title"),
        (Person, "last_name"),
    ],
)
def test_model_forms_of_names_show_the_error(model: Any, field: str) -> None:
    form = forms.modelform_factory(model, fields=[field])({field: "Line one\nX-EVIL: 1"})
    assert not form.is_valid()
    assert "no line breaks or control characters" in form.errors[field][0]


@pytest.mark.django_db
def test_the_importer_writes_names_as_one_line() -> None:
    """A PDF's text can break a title over lines or carry a stray control character."""
    pack = parse_text(FIXTURE.read_text(encoding="utf-8"), file=FIXTURE.name)
    pack.meeting.committee = "Cabinet\n(Executive)"
    pack.meeting.venue = "Council Chamber,\r\nCounty Hall\x0c"
    pack.meeting.agenda[0].title = "Apologies\nfor\x1f absence"
    result = write_pack(pack, council_slug=None, source_path="cabinet.txt")
    meeting = Meeting.objects.select_related("committee", "venue").get(pk=result.meeting_id)
    assert meeting.committee.name == "Cabinet (Executive)"
    assert meeting.venue is not None and meeting.venue.name == "Council Chamber, County Hall"
    first = AgendaItem.public_objects.filter(meeting=meeting).order_by("order").first()
    assert first is not None and first.title == "Apologies for absence"
    for item in AgendaItem.public_objects.filter(meeting=meeting):
        inputs.validate_name(item.title)


@pytest.mark.parametrize(
    ("value", "utc"),
    [
        (
            dt.datetime(2025, 1, 31, 18, tzinfo=dt.timezone(dt.timedelta(hours=14))),
            (2025, 1, 31, 4),
        ),
        (dt.datetime(2025, 1, 31, 18, tzinfo=dt.UTC), (2025, 1, 31, 18)),
        (dt.datetime(2025, 7, 1), (2025, 6, 30, 23)),  # naive: UK summer time
    ],
)
def test_filter_times_are_brought_to_utc(value: dt.datetime, utc: tuple[int, ...]) -> None:
    assert inputs.to_utc(value) == dt.datetime(*utc, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2025, 1, 31, 18, tzinfo=dt.timezone(dt.timedelta(hours=15))),
        dt.datetime(2025, 1, 31, 18, tzinfo=dt.timezone(-dt.timedelta(hours=23, minutes=59))),
        dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.timezone(-dt.timedelta(hours=1))),
        dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    ],
)
def test_filter_times_no_database_can_hold_are_refused(value: dt.datetime) -> None:
    with pytest.raises(ValueError):
        inputs.to_utc(value)
