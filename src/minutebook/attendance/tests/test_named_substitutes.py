"""Named substitutes per committee, for a period: appointed on the committee's named
substitutes page (the council's councillors only, with optional start and end dates) and
listed first, marked, when the attendance register records a substitution at a meeting
within those dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from minutebook.backoffice.tests.setup_desk import desk, refused, text
from minutebook.committees.factories import CommitteeFactory, MembershipFactory
from minutebook.committees.models import NamedSubstitute
from minutebook.meetings import services
from minutebook.people.factories import CouncillorFactory

pytestmark = pytest.mark.django_db


def _day(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _form_date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def test_named_substitutes_are_set_up_and_offered_first() -> None:
    d = desk()
    committee = CommitteeFactory(council=d.council, name="Planning", slug="planning")
    member = CouncillorFactory(council=d.council, first_name="Ada", last_name="Pemberton")
    MembershipFactory(committee=committee, person=member)
    named = CouncillorFactory(council=d.council, first_name="Zoe", last_name="Young")
    CouncillorFactory(council=d.council, first_name="Alan", last_name="Abbott")
    theirs = CouncillorFactory(council=d.other, first_name="Otto", last_name="Other")
    page_url = reverse("backoffice:setup_committee", args=[committee.pk])
    assert "Named substitutes" in text(d.client.get(page_url))
    url = reverse("backoffice:setup_named_substitutes", args=[committee.pk])

    refused(d.client.post(url, {"person": theirs.pk}), "Choose one of")
    response = d.client.post(url, {"person": named.pk, "start": "", "end": ""})
    assert response.status_code == 302, text(response)[:2000]
    assert list(committee.named_substitutes.all()) == [named]
    assert "Otto Other" not in text(d.client.get(url))

    meeting = services.create_meeting(committee, start=timezone.now() + dt.timedelta(days=9))
    page = text(d.client.get(reverse("backoffice:attendance:substitute", args=[meeting.pk])))
    assert f"{named.display_name} (named substitute)" in page
    # Listed before councillors who come earlier in the alphabet.
    assert page.index("(named substitute)") < page.index("Abbott")


def test_only_those_named_for_the_meetings_date_come_first() -> None:
    d = desk()
    committee = CommitteeFactory(council=d.council, name="Licensing", slug="licensing")
    MembershipFactory(committee=committee, person=CouncillorFactory(council=d.council))
    this_year = CouncillorFactory(council=d.council, first_name="Yara", last_name="Yates")
    last_year = CouncillorFactory(council=d.council, first_name="Xavier", last_name="Xu")
    next_year = CouncillorFactory(council=d.council, first_name="Wendy", last_name="Wu")
    CouncillorFactory(council=d.council, first_name="Alan", last_name="Abbott")
    url = reverse("backoffice:setup_named_substitutes", args=[committee.pk])
    for person, start, end in (
        (this_year, _day(-30), _day(300)),
        (last_year, _day(-400), _day(-31)),
        (next_year, _day(301), None),
    ):
        response = d.client.post(
            url,
            {
                "person": person.pk,
                "start": _form_date(start),
                "end": _form_date(end) if end else "",
            },
        )
        assert response.status_code == 302, text(response)[:2000]
    listing = text(d.client.get(url))
    assert listing.index("Yara Yates") < listing.index("Past") < listing.index("Xavier Xu")

    meeting = services.create_meeting(committee, start=timezone.now() + dt.timedelta(days=9))
    page = text(d.client.get(reverse("backoffice:attendance:substitute", args=[meeting.pk])))
    assert f"{this_year.display_name} (named substitute)" in page
    assert f"{last_year.display_name} (named substitute)" not in page
    assert f"{next_year.display_name} (named substitute)" not in page
    assert last_year.display_name in page and next_year.display_name in page
    assert page.index("(named substitute)") < page.index("Abbott")


def test_end_before_start_is_refused_with_the_typed_values_kept() -> None:
    d = desk()
    committee = CommitteeFactory(council=d.council, name="Audit", slug="audit")
    person = CouncillorFactory(council=d.council, first_name="Rhian", last_name="Roberts")
    url = reverse("backoffice:setup_named_substitutes", args=[committee.pk])
    start, end = "14/05/2026", "01/05/2026"
    body = refused(
        d.client.post(url, {"person": person.pk, "start": start, "end": end}),
        "The end date must be the same as or after the start date.",
        kept=(start, end),
    )
    assert f'<option value="{person.pk}" selected>' in body
    assert not NamedSubstitute.objects.exists()

    # Edited on its own page: the same rule, the same values kept.
    named = NamedSubstitute.objects.create(
        committee=committee, person=person, start=dt.date(2026, 5, 14)
    )
    edit = reverse("backoffice:setup_named_substitute", args=[named.pk])
    refused(
        d.client.post(edit, {"person": person.pk, "start": start, "end": end}),
        "The end date must be the same as or after the start date.",
        kept=(start, end),
    )
    named.refresh_from_db()
    assert named.end is None
    good = {"person": person.pk, "start": start, "end": "13/05/2027"}
    assert d.client.post(edit, good).status_code == 302
    named.refresh_from_db()
    assert named.end == dt.date(2027, 5, 13)

    # Named again for an overlapping period: refused, saying which appointment.
    refused(
        d.client.post(url, {"person": person.pk, "start": "01/01/2027", "end": ""}),
        "is already a named substitute for Audit from 14 May 2026 to 13 May 2027",
    )
    # For the next municipal year: a second appointment.
    again = {"person": person.pk, "start": "14/05/2027", "end": "12/05/2028"}
    assert d.client.post(url, again).status_code == 302
    assert NamedSubstitute.objects.filter(person=person).count() == 2

    remove = reverse("backoffice:setup_named_substitute_remove", args=[named.pk])
    assert d.client.post(remove).status_code == 302
    assert NamedSubstitute.objects.filter(person=person).count() == 1
