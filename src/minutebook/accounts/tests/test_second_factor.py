"""A second factor for every officer role, set up only with an administrator's code."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from minutebook.accounts.models import EnrolmentCode, SignInFailure
from minutebook.accounts.roles import Role
from minutebook.accounts.testing import PASSWORD, build_world, grant, make_user
from minutebook.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ENROL = "/accounts/two-factor/enrol/"
SETUP = "/accounts/two-factor/setup/"
VERIFY = "/accounts/two-factor/verify/"
OFFICER_NAMES = ("dso", "author", "finance", "legal", "monitoring", "admin")


@pytest.fixture
def officer_otp(settings):
    settings.MINUTEBOOK_REQUIRE_OFFICER_OTP = True
    settings.MINUTEBOOK_REQUIRE_ADMIN_OTP = True
    settings.MINUTEBOOK_REQUIRE_MEMBER_OTP = False
    return settings


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def signed_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def issue_code(admin_client: Client, user, remove_devices: bool = False) -> str:
    data = {"remove_devices": "on"} if remove_devices else {}
    page = admin_client.post(f"/officer/users/{user.pk}/second-factor/", data)
    assert page.status_code == 200
    found = re.search(r'id="enrolment-code">([A-Z0-9-]+)<', page.content.decode())
    assert found, page.content.decode()
    return found.group(1)


def enrol(client: Client, code: str) -> TOTPDevice:
    """Redeem the code, read the key, confirm with a first token: verified after."""
    response = client.post(ENROL, {"code": code, "next": "/officer/"})
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    page = client.get(response["Location"])
    assert 'id="otp-key"' in page.content.decode()
    device = TOTPDevice.objects.get(user_id=client.session["_auth_user_id"], confirmed=False)
    done = client.post(SETUP, {"token": code_of(device), "next": "/officer/"})
    assert done.status_code == 302 and done["Location"] == "/officer/"
    device.refresh_from_db()
    assert device.confirmed
    return device


def verified_admin(world) -> Client:
    """The council's administrator, enrolled by a superuser and verified."""
    root = make_user("root", is_staff=True, is_superuser=True)
    TOTPDevice.objects.create(user=root, name="root phone", confirmed=True)
    root_client = Client()
    root_client.force_login(root)
    session = root_client.session
    device = TOTPDevice.objects.get(user=root)
    session["otp_device_id"] = device.persistent_id
    session.save()
    admin_client = signed_in("admin")
    enrol(admin_client, issue_code(root_client, world.user("admin")))
    return admin_client


@pytest.mark.parametrize("name", [*OFFICER_NAMES, "superuser"])
def test_every_officer_role_without_a_device_is_held_at_ask_your_administrator(officer_otp, name):
    world = build_world()
    user = (
        make_user("root", is_staff=True, is_superuser=True)
        if name == "superuser"
        else world.user(name)
    )
    client = Client()
    client.force_login(user)
    for path in ("/officer/", "/officer/reports/", "/admin/", "/operations/tasks/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(ENROL), path
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'id="ask-administrator"' in page.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_members_are_held_only_when_the_council_wants_it(officer_otp):
    world = build_world()
    client = Client()
    client.force_login(world.user("councillor"))
    assert client.get("/members/").status_code == 200
    officer_otp.MINUTEBOOK_REQUIRE_MEMBER_OTP = True
    assert client.get("/members/")["Location"].startswith(ENROL)


def test_the_setting_off_lets_officers_in_without_a_device(settings):
    settings.MINUTEBOOK_REQUIRE_OFFICER_OTP = False
    settings.MINUTEBOOK_REQUIRE_ADMIN_OTP = False
    world = build_world()
    client = Client()
    client.force_login(world.user("dso"))
    assert client.get("/officer/").status_code == 200


def test_nobody_sets_up_an_authenticator_without_a_code(officer_otp):
    """The old first-come set-up page gave a key to whoever signed in first."""
    world = build_world()
    for name in ("dso", "admin", "councillor"):
        client = signed_in(name)
        response = client.get(SETUP)
        assert response.status_code == 302 and response["Location"].startswith(ENROL)
        assert client.post(SETUP, {"token": "123456"})["Location"].startswith(ENROL)
        guessed = client.post(ENROL, {"code": "AAAA-BBBB-CCCC"})
        assert guessed.status_code == 200 and "not right" in guessed.content.decode()
        assert not TOTPDevice.objects.filter(user=world.user(name)).exists()


def test_only_an_administrator_of_the_users_council_issues_a_code():
    world = build_world()
    stranger = make_user("other_admin")
    grant(stranger, world.other_council, Role.ADMINISTRATOR)
    target = world.user("dso")
    url = f"/officer/users/{target.pk}/second-factor/"
    for name, user in [
        ("other council's administrator", stranger),
        ("democratic services", world.user("dso")),
        ("report author", world.user("author")),
    ]:
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 403, name
        assert client.post(url).status_code == 403, name
    client = Client()
    client.force_login(stranger)
    assert url not in client.get("/officer/users/").content.decode()
    # Nor for themselves (self-enrolment), nor for a superuser.
    root = make_user("root", is_staff=True, is_superuser=True)
    grant(root, world.council, Role.ADMINISTRATOR)
    admin = Client()
    admin.force_login(world.user("admin"))
    assert admin.post(f"/officer/users/{world.user('admin').pk}/second-factor/").status_code == 403
    assert admin.post(f"/officer/users/{root.pk}/second-factor/").status_code == 403
    assert not EnrolmentCode.objects.exists()
    # The council's own administrator may; the officer pages lead there.
    assert 'href="/officer/users/"' in admin.get("/officer/").content.decode()
    dso = Client()
    dso.force_login(world.user("dso"))
    assert 'href="/officer/users/"' not in dso.get("/officer/").content.decode()
    listing = admin.get("/officer/users/").content.decode()
    assert url in listing and root.username not in listing
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", issue_code(admin, target))


def test_a_code_works_once_for_its_user_then_password_and_token_reach_the_officer_pages(
    officer_otp,
):
    world = build_world()
    admin = verified_admin(world)
    target = world.user("dso")
    code = issue_code(admin, target)
    stored = EnrolmentCode.objects.get(user=target, used_at__isnull=True)
    assert code not in stored.code_hash and code.replace("-", "") not in stored.code_hash
    issued = AuditEvent.objects.get(action="otp.enrolment_issued", after__user_id=target.pk)
    assert issued.council_id == world.council.pk and issued.actor_id == world.user("admin").pk
    # Another user cannot use it, even signed in with their own password.
    other = signed_in("finance")
    assert other.post(ENROL, {"code": code}).status_code == 200
    # Its user, signed in with the password, is held until they enrol with it.
    client = signed_in("dso")
    assert client.get("/officer/")["Location"].startswith(ENROL)
    enrol(client, code.lower().replace("-", " "))
    assert client.get("/officer/").status_code == 200
    assert AuditEvent.objects.filter(action="otp.enrolled", after__user_id=target.pk).exists()
    # Single use: the same code again (another session) is refused and makes no device.
    again = signed_in("dso")
    refused = again.post(ENROL, {"code": code})
    assert refused.status_code == 200 and "not right" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=target).count() == 1
    # Next sign-in: password, then a token from the app.
    device = TOTPDevice.objects.get(user=target)
    device.last_t = -1  # a later time step, so the set-up token is not a replay
    device.save()
    client = signed_in("dso")
    response = client.get("/officer/reports/")
    assert response["Location"].startswith(VERIFY)
    ok = client.post(VERIFY, {"token": code_of(device), "next": "/officer/reports/"})
    assert ok.status_code == 302 and ok["Location"] == "/officer/reports/"
    assert client.get("/officer/").status_code == 200


def test_a_code_expires_and_a_new_one_revokes_the_old(officer_otp):
    world = build_world()
    admin = Client()
    admin.force_login(world.user("admin"))
    officer_otp.MINUTEBOOK_REQUIRE_OFFICER_OTP = False
    officer_otp.MINUTEBOOK_REQUIRE_ADMIN_OTP = False
    target = world.user("legal")
    expired = issue_code(admin, target)
    EnrolmentCode.objects.filter(user=target).update(expires=timezone.now() - timedelta(seconds=1))
    first = issue_code(admin, target)
    second = issue_code(admin, target)
    officer_otp.MINUTEBOOK_REQUIRE_OFFICER_OTP = True
    client = signed_in("legal")
    for stale in (expired, first):
        assert client.post(ENROL, {"code": stale}).status_code == 200
    assert not TOTPDevice.objects.filter(user=target).exists()
    enrol(client, second)
    assert EnrolmentCode.objects.filter(user=target, revoked_at__isnull=False).count() == 2


def test_wrong_tokens_are_refused_and_throttled_past_a_new_password_sign_in(officer_otp):
    officer_otp.MINUTEBOOK_SIGNIN_MAX_FAILURES = 3
    world = build_world()
    target = world.user("monitoring")
    device = TOTPDevice.objects.create(user=target, name="phone", confirmed=True)
    client = signed_in("monitoring")
    for _ in range(3):
        wrong = client.post(VERIFY, {"token": "000000", "next": "/officer/"})
        assert wrong.status_code == 200 and "not right" in wrong.content.decode()
        device.refresh_from_db()
        device.throttle_reset()  # so only minutebook's throttle is left to refuse
    assert SignInFailure.objects.filter(username="otp:monitoring").count() == 3
    # Signing in with the password again (which clears password failures) does not
    # clear the count of wrong codes: the right code is refused while it lasts.
    client = signed_in("monitoring")
    locked = client.post(VERIFY, {"token": code_of(device), "next": "/officer/"})
    assert locked.status_code == 200 and "Too many wrong codes" in locked.content.decode()
    assert client.get("/officer/")["Location"].startswith(VERIFY)
    # Wrong enrolment codes count the same way.
    assert "Too many wrong codes" in client.post(ENROL, {"code": "X"}).content.decode()
    officer_otp.MINUTEBOOK_SIGNIN_LOCKOUT_MINUTES = 0
    ok = client.post(VERIFY, {"token": code_of(device), "next": "/officer/"})
    assert ok.status_code == 302 and client.get("/officer/").status_code == 200


def test_a_lost_phone_is_removed_when_the_administrator_issues_a_new_code(officer_otp):
    world = build_world()
    admin = verified_admin(world)
    target = world.user("author")
    user_client = signed_in("author")
    old = enrol(user_client, issue_code(admin, target))
    assert user_client.get("/officer/").status_code == 200
    # Without removing: the old phone stays (a second one may be added).
    issue_code(admin, target)
    assert TOTPDevice.objects.filter(pk=old.pk).exists()
    new_code = issue_code(admin, target, remove_devices=True)
    assert not TOTPDevice.objects.filter(user=target).exists()
    removed = AuditEvent.objects.get(action="otp.device_removed")
    assert removed.before["device_id"] == old.pk and removed.council_id == world.council.pk
    # The session verified with the lost phone is held again, until the new code is used.
    assert user_client.get("/officer/")["Location"].startswith(ENROL)
    enrol(user_client, new_code)
    assert user_client.get("/officer/").status_code == 200


def test_the_first_superuser_gets_a_code_from_the_command_line(officer_otp):
    root = make_user("root", is_staff=True, is_superuser=True)
    out = StringIO()
    call_command("issue_enrolment", "root", stdout=out)
    code = re.search(r"root: ([A-Z0-9-]+)", out.getvalue()).group(1)
    client = signed_in("root")
    assert client.get("/admin/")["Location"].startswith(ENROL)
    enrol(client, code)
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.filter(user=root, confirmed=True).count() == 1
