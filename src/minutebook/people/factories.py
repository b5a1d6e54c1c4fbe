"""Factories for people, wards, groups and terms (deterministic sequences)."""

from __future__ import annotations

import datetime as dt

import factory

from minutebook.councils.factories import CouncilFactory, MinutebookFactory
from minutebook.people.models import LegislativeTerm, Person, PersonKind, PoliticalGroup, Ward

FIRST_NAMES = ["Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Morgan", "Jamie", "Taylor", "Ash"]
LAST_NAMES = ["Ashdown", "Bramble", "Cotter", "Dunmore", "Ellery", "Fairley", "Gorse", "Hatherley"]


class WardFactory(MinutebookFactory):
    class Meta:
        model = Ward

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Ward {n}")
    slug = factory.Sequence(lambda n: f"ward-{n}")


class PoliticalGroupFactory(MinutebookFactory):
    class Meta:
        model = PoliticalGroup

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Group {n}")
    short_name = factory.Sequence(lambda n: f"G{n}")


class LegislativeTermFactory(MinutebookFactory):
    class Meta:
        model = LegislativeTerm

    council = factory.SubFactory(CouncilFactory)
    start_date = factory.Sequence(lambda n: dt.date(2001 + 4 * n, 5, 1))
    end_date = factory.LazyAttribute(lambda o: o.start_date.replace(year=o.start_date.year + 4))
    name = factory.LazyAttribute(lambda o: f"{o.start_date.year} to {o.end_date.year}")


class PersonFactory(MinutebookFactory):
    class Meta:
        model = Person

    council = factory.SubFactory(CouncilFactory)
    kind = PersonKind.OFFICER
    first_name = factory.Sequence(lambda n: FIRST_NAMES[n % len(FIRST_NAMES)])
    last_name = factory.Sequence(lambda n: f"{LAST_NAMES[n % len(LAST_NAMES)]}{n}")
    job_title = "Democratic Services Officer"
    email = factory.LazyAttribute(lambda o: f"{o.first_name}.{o.last_name}@example.gov.uk".lower())
    phone = factory.Sequence(lambda n: f"01632 {960000 + n % 1000:06d}")


class CouncillorFactory(PersonFactory):
    kind = PersonKind.COUNCILLOR
    honorific = "Cllr"
    job_title = ""
    political_group = factory.SubFactory(
        PoliticalGroupFactory, council=factory.SelfAttribute("..council")
    )
    ward = factory.SubFactory(WardFactory, council=factory.SelfAttribute("..council"))
