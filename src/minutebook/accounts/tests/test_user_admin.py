"""The user admin in the hands of one council's administrator: no privilege escalation,
no taking over another council's officers (whose roles reach that council's papers)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from minutebook.accounts.roles import Role, ensure_roles
from minutebook.accounts.testing import PASSWORD, grant, make_user

pytestmark = pytest.mark.django_db


def change_data(client: Client, user: Any, **changes: str) -> dict[str, str]:
    """The change form's own values (as a browser would post them), with ``changes``."""
    form = client.get(f"/admin/auth/user/{user.pk}/change/").context["adminform"].form
    data: dict[str, str] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or isinstance(value, list):
            continue
        if name == "date_joined":
            data["date_joined_0"], data["date_joined_1"] = value.strftime(
                "%Y-%m-%d %H:%M:%S"
            ).split()
        elif value is True:
            data[name] = "on"
        elif value is not False:
            data[name] = str(value)
    data.update(changes)
    return data


@pytest.fixture
def alpha_admin() -> tuple[Client, Any, Any, Any]:
    from minutebook.councils.factories import CouncilFactory

    ensure_roles()
    alpha, bravo = CouncilFactory(name="Alpha"), CouncilFactory(name="Bravo")
    admin_user = make_user("alpha-admin", is_staff=True)
    grant(admin_user, alpha, Role.ADMINISTRATOR)
    client = Client()
    assert client.login(username="alpha-admin", password=PASSWORD)
    return client, admin_user, alpha, bravo


def test_a_council_administrator_cannot_make_anyone_a_superuser(alpha_admin) -> None:
    client, admin_user, _alpha, _bravo = alpha_admin
    page = client.get(f"/admin/auth/user/{admin_user.pk}/change/")
    assert b'name="is_superuser"' not in page.content
    data = change_data(client, admin_user, is_superuser="on", first_name="Ada")
    response = client.post(f"/admin/auth/user/{admin_user.pk}/change/", data)
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.first_name == "Ada" and not admin_user.is_superuser


def test_a_council_administrator_cannot_take_over_another_councils_officer(alpha_admin) -> None:
    client, _admin_user, alpha, bravo = alpha_admin
    bravo_dso = make_user("bravo-dso", is_staff=True)
    grant(bravo_dso, bravo, Role.DEMOCRATIC_SERVICES)
    assert client.get(f"/admin/auth/user/{bravo_dso.pk}/password/").status_code == 403
    edit = {"username": "bravo-dso", "email": "me@example.com", "is_active": "on"}
    assert client.post(f"/admin/auth/user/{bravo_dso.pk}/change/", edit).status_code == 403
    response = client.post(
        f"/admin/auth/user/{bravo_dso.pk}/password/",
        {"password1": "taken-over-pass-99", "password2": "taken-over-pass-99"},
    )
    assert response.status_code == 403
    bravo_dso.refresh_from_db()
    assert bravo_dso.check_password(PASSWORD)
    root = make_user("root", is_staff=True, is_superuser=True)
    assert client.get(f"/admin/auth/user/{root.pk}/password/").status_code == 403
    alpha_dso = make_user("alpha-dso", is_staff=True)
    grant(alpha_dso, alpha, Role.DEMOCRATIC_SERVICES)
    assert client.get(f"/admin/auth/user/{alpha_dso.pk}/password/").status_code == 200


def test_a_superuser_still_manages_privileges() -> None:
    make_user("root", is_staff=True, is_superuser=True)
    target = make_user("someone")
    client = Client()
    assert client.login(username="root", password=PASSWORD)
    page = client.get(f"/admin/auth/user/{target.pk}/change/")
    assert b'name="is_superuser"' in page.content
