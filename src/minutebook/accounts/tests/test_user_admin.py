"""The user admin in the hands of one council's administrator: no privilege escalation,
no taking over another council's officers (whose roles reach that council's papers)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from minutebook.accounts.models import RoleAssignment
from minutebook.accounts.roles import Role, ensure_roles
from minutebook.accounts.testing import PASSWORD, grant, make_user

pytestmark = pytest.mark.django_db


def refused(response: Any) -> bool:
    """Forbidden, not found, or sent back to the admin index (Django's answer for an
    object outside the admin's queryset): never the page, never a saved change."""
    if response.status_code == 302:
        return response.url == reverse("admin:index")
    return response.status_code in (403, 404)


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
    assert refused(client.get(f"/admin/auth/user/{bravo_dso.pk}/password/"))
    edit = {"username": "bravo-dso", "email": "me@example.com", "is_active": "on"}
    assert refused(client.post(f"/admin/auth/user/{bravo_dso.pk}/change/", edit))
    response = client.post(
        f"/admin/auth/user/{bravo_dso.pk}/password/",
        {"password1": "taken-over-pass-99", "password2": "taken-over-pass-99"},
    )
    assert refused(response)
    bravo_dso.refresh_from_db()
    assert bravo_dso.check_password(PASSWORD)
    assert bravo_dso.email == "bravo-dso@example.gov.uk"
    root = make_user("root", is_staff=True, is_superuser=True)
    assert refused(client.get(f"/admin/auth/user/{root.pk}/password/"))
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


@pytest.fixture
def people_of_two_councils(alpha_admin) -> dict[str, Any]:
    """Users of Alpha, of Bravo, of both, of neither, and a superuser (by username)."""
    from minutebook.people.factories import CouncillorFactory

    _client, admin_user, alpha, bravo = alpha_admin
    users = {"alpha-admin": admin_user}
    for name, council in (("alpha-officer", alpha), ("bravo-officer", bravo)):
        users[name] = make_user(name, is_staff=True)
        grant(users[name], council, Role.DEMOCRATIC_SERVICES)
    users["both-officer"] = make_user("both-officer", is_staff=True)
    grant(users["both-officer"], alpha, Role.DEMOCRATIC_SERVICES)
    grant(users["both-officer"], bravo, Role.DEMOCRATIC_SERVICES)
    for name, council in (("alpha-councillor", alpha), ("bravo-councillor", bravo)):
        users[name] = make_user(name)
        CouncillorFactory(council=council, user=users[name])
    users["newcomer"] = make_user("newcomer")
    users["the-superuser"] = make_user("the-superuser", is_staff=True, is_superuser=True)
    return users


#: Whom Alpha's administrator may see in the user admin (the rest must stay hidden): an
#: account tied to no council ("newcomer") is for superusers only.
ALPHA_SEES = {"alpha-admin", "alpha-officer", "both-officer", "alpha-councillor"}
ALPHA_NEVER_SEES = {"bravo-officer", "bravo-councillor", "the-superuser", "newcomer"}


def autocomplete_names(client: Client, term: str = "") -> set[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "accounts",
            "model_name": "roleassignment",
            "field_name": "user",
            "term": term,
        },
    )
    assert response.status_code == 200
    return {row["text"] for row in response.json()["results"]}


def test_the_user_changelist_lists_only_the_administrators_councils(
    alpha_admin, people_of_two_councils
) -> None:
    client = alpha_admin[0]
    page = client.get(reverse("admin:auth_user_changelist"))
    assert page.status_code == 200
    assert {u.username for u in page.context["cl"].result_list} == ALPHA_SEES
    for name in ALPHA_SEES:
        assert f"{name}@example.gov.uk".encode() in page.content
    for name in ALPHA_NEVER_SEES:
        assert name.encode() not in page.content
        assert f"{name}@example.gov.uk".encode() not in page.content
    searched = client.get(reverse("admin:auth_user_changelist"), {"q": "bravo"})
    assert b"bravo-officer" not in searched.content
    assert b"bravo-councillor" not in searched.content


def test_the_user_autocomplete_offers_only_the_administrators_councils(
    alpha_admin, people_of_two_councils
) -> None:
    client = alpha_admin[0]
    assert autocomplete_names(client) == ALPHA_SEES
    assert autocomplete_names(client, "bravo") == set()
    assert autocomplete_names(client, "super") == set()


def test_another_councils_user_page_is_refused(alpha_admin, people_of_two_councils) -> None:
    client = alpha_admin[0]
    for name in ALPHA_NEVER_SEES:
        user = people_of_two_councils[name]
        for view in ("change", "history"):
            response = client.get(reverse(f"admin:auth_user_{view}", args=[user.pk]))
            assert refused(response), (name, view)
            assert f"{name}@example.gov.uk".encode() not in response.content
    alpha_officer = people_of_two_councils["alpha-officer"]
    page = client.get(reverse("admin:auth_user_change", args=[alpha_officer.pk]))
    assert page.status_code == 200 and b"alpha-officer@example.gov.uk" in page.content


def test_a_council_administrator_cannot_reset_a_role_less_staff_account(
    alpha_admin, people_of_two_councils
) -> None:
    """Issue 15: a council administrator reset the password of a staff account with no
    role (which then acted as an officer at every council). Role-less accounts, and
    accounts whose roles were all withdrawn, are for superusers only."""
    client, _admin_user, alpha, _bravo = alpha_admin
    role_less = make_user("role-less-staff", is_staff=True)
    former = make_user("former-officer")
    RoleAssignment.objects.filter(pk=grant(former, alpha, Role.DEMOCRATIC_SERVICES).pk).delete()
    for target in (role_less, former, people_of_two_councils["newcomer"]):
        password = f"/admin/auth/user/{target.pk}/password/"
        assert refused(client.get(password)), target
        response = client.post(
            password, {"password1": "taken-over-pass-99", "password2": "taken-over-pass-99"}
        )
        assert refused(response), target
        edit = {"username": target.username, "email": "me@example.com", "is_active": "on"}
        assert refused(client.post(f"/admin/auth/user/{target.pk}/change/", edit)), target
        target.refresh_from_db()
        assert target.check_password(PASSWORD) and target.email != "me@example.com"
    root = Client()
    root.force_login(people_of_two_councils["the-superuser"])
    assert root.get(f"/admin/auth/user/{role_less.pk}/password/").status_code == 200


def test_an_account_an_administrator_creates_gets_its_first_role_at_their_council(
    alpha_admin,
) -> None:
    client, admin_user, alpha, bravo = alpha_admin
    add = reverse("admin:auth_user_add")
    form = client.get(add).context["adminform"].form
    assert set(form.fields["council"].queryset) == {alpha}
    data = {
        "username": "new-clerk",
        "usable_password": "true",
        "password1": "a-new-clerk-pass-77",
        "password2": "a-new-clerk-pass-77",
        "role": Role.DEMOCRATIC_SERVICES,
    }
    response = client.post(add, {**data, "council": bravo.pk})
    assert response.status_code == 200 and "council" in response.context["adminform"].form.errors
    response = client.post(add, data)
    assert response.status_code == 200 and "council" in response.context["adminform"].form.errors
    assert not get_user_model().objects.filter(username="new-clerk").exists()
    response = client.post(add, {**data, "council": alpha.pk})
    assert response.status_code == 302
    granted = RoleAssignment.objects.get(user__username="new-clerk")
    assert (granted.council, granted.role, granted.granted_by) == (
        alpha,
        Role.DEMOCRATIC_SERVICES,
        admin_user,
    )
    assert client.get(response.url).status_code == 200


def test_a_newcomer_gets_their_first_role_from_a_superuser(people_of_two_councils) -> None:
    newcomer = people_of_two_councils["newcomer"]
    alpha = RoleAssignment.objects.filter(user__username="alpha-admin").get().council
    root = Client()
    root.force_login(people_of_two_councils["the-superuser"])
    response = root.post(
        reverse("admin:accounts_roleassignment_add"),
        {"user": newcomer.pk, "council": alpha.pk, "role": Role.DEMOCRATIC_SERVICES},
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=newcomer, council=alpha).exists()


def test_a_council_administrator_grants_roles_only_to_their_councils_people(
    alpha_admin, people_of_two_councils
) -> None:
    client, admin_user, alpha, _bravo = alpha_admin
    add = reverse("admin:accounts_roleassignment_add")
    councillor = people_of_two_councils["alpha-councillor"]
    response = client.post(
        add, {"user": councillor.pk, "council": alpha.pk, "role": Role.REPORT_AUTHOR}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    granted = RoleAssignment.objects.get(user=councillor)
    assert (granted.council, granted.granted_by) == (alpha, admin_user)
    for name in ALPHA_NEVER_SEES:
        outsider = people_of_two_councils[name]
        response = client.post(
            add, {"user": outsider.pk, "council": alpha.pk, "role": Role.DEMOCRATIC_SERVICES}
        )
        assert response.status_code == 200
        assert "user" in response.context["adminform"].form.errors
        assert not RoleAssignment.objects.filter(user=outsider, council=alpha).exists()


def test_a_superuser_sees_every_user(alpha_admin, people_of_two_councils) -> None:
    client = Client()
    assert client.login(username="the-superuser", password=PASSWORD)
    everyone = set(people_of_two_councils)
    page = client.get(reverse("admin:auth_user_changelist"))
    assert {u.username for u in page.context["cl"].result_list} == everyone
    for name in everyone:
        assert f"{name}@example.gov.uk".encode() in page.content
    assert autocomplete_names(client) == everyone
    bravo_officer = people_of_two_councils["bravo-officer"]
    page = client.get(reverse("admin:auth_user_change", args=[bravo_officer.pk]))
    assert page.status_code == 200
