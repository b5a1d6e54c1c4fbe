"""A login is linked to its person from /officer/setup/ (the person's page, democratic
services) and from /officer/users/ (administrators): only logins and people of the
officer's own council, none already linked to someone else."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant, make_user
from minutebook.backoffice.tests.setup_desk import desk, refused
from minutebook.people.factories import CouncillorFactory
from minutebook.people.models import Person, PersonKind

pytestmark = pytest.mark.django_db


def _person_data(person: Person, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": PersonKind.COUNCILLOR,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_logins_are_linked_from_setup_and_users() -> None:
    d = desk()
    ada = CouncillorFactory(council=d.council, first_name="Ada", last_name="Pemberton")
    ben = CouncillorFactory(council=d.council, first_name="Ben", last_name="Okafor")
    ada_login = make_user("ada")
    grant(ada_login, d.council, Role.COUNCILLOR)
    elsewhere = make_user("elsewhere")
    grant(elsewhere, d.other, Role.COUNCILLOR)

    # Democratic services, on the person's set-up page: only this council's free logins.
    url = reverse("backoffice:setup_person", args=[ada.pk])
    page = html.unescape(d.client.get(url).content.decode())
    assert "Login" in page and ">ada</option>" in page and "elsewhere" not in page
    refused(
        d.client.post(url, _person_data(ada, user=elsewhere.pk)),
        "Choose one of",
        kept=("Ada",),
    )
    assert d.client.post(url, _person_data(ada, user=ada_login.pk)).status_code == 302
    ada.refresh_from_db()
    assert ada.user == ada_login
    # Linked now: not offered for Ben.
    ben_page = d.client.get(reverse("backoffice:setup_person", args=[ben.pk])).content.decode()
    assert ">ada</option>" not in ben_page

    # An administrator, from the users page, moves the login to Ben.
    admin = make_user("admin_user")
    grant(admin, d.council, Role.ADMINISTRATOR)
    client = Client()
    client.force_login(admin)
    users = html.unescape(client.get(reverse("backoffice:users")).content.decode())
    assert "Ada Pemberton" in users
    link = reverse("backoffice:user-person", args=[ada_login.pk])
    assert link in users
    refused(client.post(link, {}), "Choose the person this login belongs to.")
    assert client.post(link, {"person": ben.pk}).status_code == 302
    ada.refresh_from_db()
    ben.refresh_from_db()
    assert ada.user is None and ben.user == ada_login
    # Another council's login is not theirs to link; the DSO cannot open the page at all.
    other_link = reverse("backoffice:user-person", args=[elsewhere.pk])
    assert client.get(other_link).status_code == 404
    assert d.client.get(link).status_code == 403
