from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from minutebook.people.factories import (
    CouncillorFactory,
    LegislativeTermFactory,
    PersonFactory,
    WardFactory,
)
from minutebook.people.models import Person, normalise_name


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("Cllr. D Walsh", "d walsh"),
        ("Councillor Jane Smith", "jane smith"),
        ("Andrew Kerby (Chairman)", "andrew kerby"),
        ("Séan O'Neill-Smith", "sean oneill smith"),
        ("  Dr  Ann   Lee ", "ann lee"),
        ("County Councillor Bob Ray", "bob ray"),
    ],
)
def test_normalise_name(printed: str, key: str) -> None:
    assert normalise_name(printed) == key


@pytest.mark.django_db
def test_person_normalised_name_is_kept_in_step_on_save() -> None:
    person = PersonFactory(first_name="Séan", last_name="O'Neill", honorific="Cllr")
    assert person.normalised_name == "sean oneill"
    person.last_name = "Smith"
    person.save(update_fields=["last_name"])
    person.refresh_from_db()
    assert person.normalised_name == "sean smith"
    assert Person.objects.filter(normalised_name=normalise_name("Cllr Sean Smith")).exists()


@pytest.mark.django_db
def test_councillor_str_has_honorific_and_ward_in_same_council() -> None:
    cllr = CouncillorFactory(first_name="Jo", last_name="Bramble")
    assert str(cllr) == "Cllr Jo Bramble"
    assert cllr.ward.council == cllr.council
    assert cllr.political_group.council == cllr.council


@pytest.mark.django_db
def test_ward_name_unique_per_council() -> None:
    ward = WardFactory(name="Northgate")
    WardFactory(name="Northgate")  # another council: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        WardFactory(council=ward.council, name="Northgate")


@pytest.mark.django_db
def test_term_must_end_after_it_starts() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        LegislativeTermFactory(start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 4, 1))
