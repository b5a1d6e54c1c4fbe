"""Wards, political groups and people, set up at /officer/setup/ (no admin needed)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from minutebook.backoffice.tests.setup_desk import desk, refused, text
from minutebook.people.factories import (
    CouncillorFactory,
    PersonFactory,
    PoliticalGroupFactory,
    WardFactory,
)
from minutebook.people.models import LegislativeTerm, Person, PersonKind, PoliticalGroup, Ward
from minutebook.publishing.registers import councillor_url

pytestmark = pytest.mark.django_db


def test_ward_group_and_councillor_added_then_shown_publicly() -> None:
    d = desk()
    c = d.client
    assert c.get(reverse("backoffice:setup_ward_new", args=["exampleshire"])).status_code == 200
    r = c.post(
        reverse("backoffice:setup_ward_new", args=["exampleshire"]),
        {"name": "Abbey Meads", "slug": "", "gss_code": "E05000001", "seats": "2"},
    )
    assert r.status_code == 302
    ward = Ward.objects.get(council=d.council)
    assert (ward.slug, ward.seats) == ("abbey-meads", 2)
    r = c.post(
        reverse("backoffice:setup_group_new", args=["exampleshire"]),
        {"name": "Green Party", "short_name": "Green", "colour": "#00aa00"},
    )
    assert r.status_code == 302
    group = PoliticalGroup.objects.get(council=d.council)
    r = c.post(
        reverse("backoffice:setup_person_new", args=["exampleshire"]),
        {
            "kind": PersonKind.COUNCILLOR,
            "honorific": "Cllr",
            "first_name": "Aled",
            "last_name": "Prydderch",
            "email": "aled@example.gov.uk",
            "political_group": group.pk,
            "ward": ward.pk,
            "is_active": "on",
        },
    )
    assert r.status_code == 302
    person = Person.objects.get(council=d.council, last_name="Prydderch")
    assert (person.ward, person.political_group) == (ward, group)
    for route in ("setup_wards", "setup_groups", "setup_people"):
        listed = text(c.get(reverse(f"backoffice:{route}", args=["exampleshire"])))
        assert "Abbey Meads" in listed or "Green Party" in listed or "Prydderch" in listed
    public = text(c.get(councillor_url(person)))
    assert "Cllr Aled Prydderch" in public and "Abbey Meads" in public
    assert "Green Party" in public
    # Edits reach the public page too.
    r = c.post(
        reverse("backoffice:setup_ward", args=[ward.pk]),
        {"name": "Abbey Meads and Mannington", "slug": "abbey-meads", "seats": "3"},
    )
    assert r.status_code == 302
    assert "Abbey Meads and Mannington" in text(c.get(councillor_url(person)))


def test_set_up_people_refuses_bad_input_and_keeps_it() -> None:
    d = desk()
    c = d.client
    WardFactory(council=d.council, name="Central", slug="central")
    theirs = PoliticalGroupFactory(council=d.other)
    r = c.post(
        reverse("backoffice:setup_ward_new", args=["exampleshire"]),
        {"name": "Central", "slug": "Not A Slug", "seats": "many", "gss_code": "E0500000123"},
    )
    refused(
        r,
        "There is already a ward called Central.",
        "Use only lower-case letters, numbers and hyphens",
        "Enter a whole number.",
        "Ensure this value has at most 9 characters",
        kept=("Not A Slug", "many", "E0500000123"),
    )
    r = c.post(
        reverse("backoffice:setup_group_new", args=["exampleshire"]),
        {"name": "G" * 151, "colour": "green"},
    )
    refused(
        r,
        "Ensure this value has at most 150 characters",
        "Enter the colour as # and six hexadecimal digits",
        kept=("G" * 151, "green"),
    )
    r = c.post(
        reverse("backoffice:setup_person_new", args=["exampleshire"]),
        {
            "kind": "wizard",
            "first_name": "Jo",
            "last_name": "",
            "email": "not-an-email",
            "political_group": theirs.pk,  # another council's group
        },
    )
    refused(
        r,
        "Enter the last name.",
        "Enter a valid email address.",
        "Choose one of the options listed",
        "Select a valid choice. wizard is not one of the available choices.",
        kept=("Jo", "not-an-email"),
    )
    r = c.post(
        reverse("backoffice:setup_person_new", args=["exampleshire"]),
        {"kind": PersonKind.OFFICER, "last_name": "Line\nbreak"},
    )
    refused(r, "no line breaks or control characters")
    assert not Person.objects.filter(council=d.council).exists()
    assert Ward.objects.filter(council=d.council).count() == 1
    # Another council's records are not this officer's to open or change.
    their_person = CouncillorFactory(council=d.other)
    assert c.get(reverse("backoffice:setup_person", args=[their_person.pk])).status_code == 403
    assert c.get(reverse("backoffice:setup_group", args=[theirs.pk])).status_code == 403
    assert c.get(reverse("backoffice:setup_people", args=["otherby"])).status_code == 403
    assert c.get(reverse("backoffice:setup_ward", args=[999999])).status_code == 404


def test_a_long_list_of_people_is_paged() -> None:
    d = desk()
    PersonFactory.create_batch(101, council=d.council)
    url = reverse("backoffice:setup_people", args=["exampleshire"])
    first = text(d.client.get(url))
    assert "Page 2 of 2" in first and first.count('href="/officer/setup/people/') == 100
    second = text(d.client.get(url, {"page": "2"}))
    assert second.count('href="/officer/setup/people/') == 1
    assert d.client.get(url, {"page": "many"}).status_code == 200


def test_council_terms_added_shown_in_oparl_and_bad_dates_refused() -> None:
    d = desk()
    c = d.client
    new = reverse("backoffice:setup_term_new", args=["exampleshire"])
    r = c.post(new, {"name": "2025 to 2029", "start_date": "2025-05-02"})
    assert r.status_code == 302
    term = LegislativeTerm.objects.get(council=d.council)
    assert term.start_date.isoformat() == "2025-05-02"
    assert "2025 to 2029" in text(c.get(f"/oparl/v1/body/{d.council.slug}"))
    refused(
        c.post(new, {"name": "Again", "start_date": "02/05/2025"}),
        "Another term already starts on 02 May 2025.",
        kept=("Again",),
    )
    refused(
        c.post(new, {"name": "Backwards", "start_date": "2029-05-04", "end_date": "2029-05-04"}),
        "The end date must be after the start date.",
        kept=("Backwards", "2029-05-04"),
    )
    refused(c.post(new, {"name": "", "start_date": "soon"}), "Enter the name.", kept=("soon",))
    assert LegislativeTerm.objects.filter(council=d.council).count() == 1
