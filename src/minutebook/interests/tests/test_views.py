"""Interests through their pages: the public register, the 28 days, dispensations, declarations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.models import RoleAssignment
from minutebook.accounts.roles import Role
from minutebook.committees.factories import CommitteeFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.interests.models import (
    Declaration,
    DeclarationAction,
    Dispensation,
    EntryRecord,
    InterestKind,
    Tenure,
)
from minutebook.interests.rules import (
    dispensation_latest_end,
    dispensation_period_error,
    is_late_registration,
    registration_deadline,
)
from minutebook.interests.services import declarations_minute_text
from minutebook.interests.views import register_url
from minutebook.meetings.factories import AgendaItemFactory, MeetingFactory
from minutebook.members.models import RegisterCategory, RegisterEntry
from minutebook.people.factories import CouncillorFactory

SECRET_ADDRESS = "The Old Rectory, 4 Church Lane"
SENSITIVE_REASON = "Threats received from a former tenant."


@pytest.fixture
def councillor(db: None) -> Any:
    council = CouncilFactory(slug="exampleshire")
    return CouncillorFactory(council=council, first_name="Robin", last_name="Ellery")


@pytest.fixture
def officer_client(councillor: Any) -> Client:
    user = get_user_model().objects.create_user("dso", password="x-long-pass-42")
    RoleAssignment.objects.create(
        user=user, council=councillor.council, role=Role.DEMOCRATIC_SERVICES
    )
    client = Client()
    client.force_login(user)
    return client


def entry(person: Any, category: str, description: str, **extra: Any) -> RegisterEntry:
    return RegisterEntry.objects.create(
        person=person, category=category, description=description, **extra
    )


# Pure rules ------------------------------------------------------------------------------


def test_28_days_beginning_with_taking_office() -> None:
    took = dt.date(2025, 5, 5)
    assert registration_deadline(took) == dt.date(2025, 6, 1)
    assert not is_late_registration(dt.date(2025, 6, 1), took)
    assert is_late_registration(dt.date(2025, 6, 2), took)
    # An interest arising later runs from the day it arose.
    assert registration_deadline(took, dt.date(2025, 9, 1)) == dt.date(2025, 9, 28)
    assert registration_deadline(took, dt.date(2025, 1, 1)) == dt.date(2025, 6, 1)


def test_dispensation_at_most_four_years() -> None:
    start = dt.date(2025, 6, 1)
    assert dispensation_latest_end(start) == dt.date(2029, 5, 31)
    assert dispensation_period_error(start, dt.date(2029, 5, 31)) is None
    assert "more than four years" in (dispensation_period_error(start, dt.date(2029, 6, 1)) or "")
    assert dispensation_period_error(start, None)
    assert dispensation_period_error(start, dt.date(2025, 5, 31))
    assert dispensation_latest_end(dt.date(2028, 2, 29)) == dt.date(2032, 2, 28)


# The public register ---------------------------------------------------------------------


def test_public_register_withholds_sensitive_interests(client: Client, councillor: Any) -> None:
    entry(councillor, RegisterCategory.EMPLOYMENT, "Solicitor, Example & Co LLP")
    entry(councillor, RegisterCategory.OTHER_REGISTRABLE, "Trustee, Exampleton Food Bank")
    sensitive = entry(councillor, RegisterCategory.LAND, SECRET_ADDRESS)
    EntryRecord.objects.create(
        entry=sensitive,
        notified_on=dt.date(2025, 5, 10),
        is_sensitive=True,
        sensitivity_agreed_by="Monitoring Officer",
        sensitivity_reason=SENSITIVE_REASON,
    )
    entry(councillor, RegisterCategory.SECURITIES, "Ended holding", end_date=dt.date(2020, 1, 1))

    response = client.get(register_url(councillor))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Solicitor, Example &amp; Co LLP" in page
    assert "Trustee, Exampleton Food Bank" in page
    assert "Sensitive interest withheld" in page
    assert SECRET_ADDRESS not in page
    assert SENSITIVE_REASON not in page
    assert "Ended holding" not in page
    assert "Disclosable pecuniary interests" in page

    listing = client.get(
        reverse("publishing:participation:interests_councillors", args=["exampleshire"])
    )
    assert register_url(councillor) in listing.content.decode()
    home = client.get(councillor.council.get_absolute_url()).content.decode()
    assert reverse("publishing:participation:interests_councillors", args=["exampleshire"]) in home


def test_register_address_is_canonical(client: Client, councillor: Any) -> None:
    url = register_url(councillor)
    assert url.endswith(f"/councillors/{councillor.pk}-robin-ellery/interests/")
    wrong = url.replace("robin-ellery", "someone-else")
    response = client.get(wrong)
    assert response.status_code == 301 and response["Location"] == url
    assert (
        client.get(f"/exampleshire/councillors/{councillor.pk + 999}-x/interests/").status_code
        == 404
    )


def test_officer_marks_an_entry_sensitive_and_it_leaves_the_public_register(
    client: Client, officer_client: Client, councillor: Any
) -> None:
    item = entry(councillor, RegisterCategory.LAND, SECRET_ADDRESS)
    assert SECRET_ADDRESS in client.get(register_url(councillor)).content.decode()
    url = reverse("backoffice:interests_entry", args=[item.pk])
    page = officer_client.post(
        url, {"notified_on": "2025-05-10", "is_sensitive": "on", "sensitivity_agreed_by": ""}
    ).content.decode()
    assert "Say who agreed the interest is sensitive (s32)." in page
    response = officer_client.post(
        url,
        {
            "notified_on": "2025-05-10",
            "is_sensitive": "on",
            "sensitivity_agreed_by": "Monitoring Officer",
            "sensitivity_reason": SENSITIVE_REASON,
        },
    )
    assert response.status_code == 302
    page = client.get(register_url(councillor)).content.decode()
    assert SECRET_ADDRESS not in page and "Sensitive interest withheld" in page


def test_officer_page_flags_late_registration(officer_client: Client, councillor: Any) -> None:
    url = reverse("backoffice:interests_person", args=[councillor.pk])
    assert officer_client.post(url, {"took_office": "2025-05-05"}).status_code == 302
    assert Tenure.objects.get(person=councillor).took_office == dt.date(2025, 5, 5)
    on_time = entry(councillor, RegisterCategory.EMPLOYMENT, "Teacher")
    late = entry(councillor, RegisterCategory.CONTRACTS, "Supplies the council")
    EntryRecord.objects.create(entry=on_time, notified_on=dt.date(2025, 6, 1))
    EntryRecord.objects.create(entry=late, notified_on=dt.date(2025, 6, 2))
    page = officer_client.get(url).content.decode()
    assert "Sunday 1 June 2025" in page  # the deadline, shown
    assert page.count("Registered late") == 1
    index = officer_client.get(reverse("backoffice:interests")).content.decode()
    assert "1 late" in index


# Dispensations ---------------------------------------------------------------------------


def _dispensation_data(**overrides: Any) -> dict[str, str]:
    data = {
        "reference": "DISP/2025/1",
        "ground": "c",
        "grounds_detail": "Local knowledge of the harbour is needed in the debate.",
        "scope": "Harbour budget items",
        "committee": "",
        "allows_vote": "on",
        "granted_by": "Standards Committee",
        "granted_on": "2025-05-20",
        "valid_from": "2025-06-01",
        "valid_to": "2029-05-31",
    }
    data.update(overrides)
    return data


def test_dispensation_over_four_years_is_refused(officer_client: Client, councillor: Any) -> None:
    url = reverse("backoffice:interests_dispensation_new", args=[councillor.pk])
    page = officer_client.post(url, _dispensation_data(valid_to="2029-06-01")).content.decode()
    assert "A dispensation may not last more than four years" in page
    assert "it must end by 31 May 2029" in page
    assert not Dispensation.objects.exists()
    assert officer_client.post(url, _dispensation_data()).status_code == 302
    dispensation = Dispensation.objects.get()
    assert (dispensation.valid_to, dispensation.granted_by) == (
        dt.date(2029, 5, 31),
        "Standards Committee",
    )
    page = officer_client.post(url, _dispensation_data()).content.decode()
    assert "already has a dispensation with that reference" in page


# Declarations ----------------------------------------------------------------------------


def test_declarations_recorded_per_meeting_and_item(
    client: Client, officer_client: Client, councillor: Any
) -> None:
    committee = CommitteeFactory(council=councillor.council)
    start = timezone.make_aware(dt.datetime(2026, 3, 10, 10, 0))
    meeting = MeetingFactory(committee=committee, start=start)
    item = AgendaItemFactory(meeting=meeting, order=5, number="5", title="Harbour budget")
    url = reverse("backoffice:interests_meeting", args=[meeting.pk])
    base = {
        "person": councillor.pk,
        "agenda_item": item.pk,
        "kind": InterestKind.DPI,
        "nature": "Owns a mooring in the harbour.",
        "action": DeclarationAction.DISPENSATION,
    }
    page = officer_client.post(url, base).content.decode()
    assert "A DPI needs a dispensation to stay" in page
    assert not Declaration.objects.exists()

    # A dispensation that has run out does not cover the meeting.
    expired = Dispensation.objects.create(
        person=councillor,
        reference="OLD/1",
        ground="c",
        grounds_detail="x",
        scope="Harbour",
        granted_by="Standards Committee",
        granted_on=dt.date(2020, 1, 1),
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2023, 12, 31),
    )
    page = officer_client.post(url, {**base, "dispensation": expired.pk}).content.decode()
    assert "Select a valid choice" in page
    current = Dispensation.objects.create(
        person=councillor,
        reference="DISP/2025/7",
        ground="c",
        grounds_detail="x",
        scope="Harbour",
        granted_by="Standards Committee",
        granted_on=dt.date(2025, 6, 1),
        valid_from=dt.date(2025, 6, 1),
        valid_to=dt.date(2029, 5, 31),
    )
    assert officer_client.post(url, {**base, "dispensation": current.pk}).status_code == 302
    declaration = Declaration.objects.get()
    assert (declaration.agenda_item, declaration.dispensation) == (item, current)
    assert declaration.dispensation_reference == "DISP/2025/7"

    withdrew = {
        **base,
        "kind": InterestKind.NON_REGISTRABLE,
        "nature": "Brother works for the contractor.",
        "action": DeclarationAction.WITHDREW,
    }
    assert officer_client.post(url, withdrew).status_code == 302
    page = officer_client.post(url, withdrew).content.decode()
    assert "That declaration is already recorded." in page
    page = officer_client.post(
        url, {**withdrew, "kind": InterestKind.OTHER_REGISTRABLE, "action": "other"}
    ).content.decode()
    assert "Say what the member did." in page

    listing = officer_client.get(url).content.decode()
    assert "Owns a mooring in the harbour." in listing and "DISP/2025/7" in listing
    public = client.get(register_url(councillor)).content.decode()
    assert "Brother works for the contractor." in public

    minute = declarations_minute_text(meeting)
    assert (
        "Cllr Robin Ellery declared a disclosable pecuniary interest in item 5 (Harbour budget): "
        "Owns a mooring in the harbour. They stayed and took part under a dispensation "
        "(DISP/2025/7)." in minute
    )
    assert "They withdrew from the meeting for the item." in minute
    other = MeetingFactory(committee=committee)
    assert declarations_minute_text(other) == "No declarations of interest were made."


def test_interests_pages_need_an_officer_of_that_council(councillor: Any) -> None:
    url = reverse("backoffice:interests_person", args=[councillor.pk])
    assert Client().get(url).status_code == 302
    outsider = get_user_model().objects.create_user("other", password="x-long-pass-42")
    RoleAssignment.objects.create(
        user=outsider, council=CouncilFactory(), role=Role.DEMOCRATIC_SERVICES
    )
    client = Client()
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    dispensation = reverse("backoffice:interests_dispensation_new", args=[councillor.pk])
    assert client.post(dispensation, _dispensation_data()).status_code == 403
    assert not Dispensation.objects.exists()
