"""Sign-in hardening: throttling, the TOTP second factor, cookies and headers."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from minutebook.accounts.models import SignInFailure
from minutebook.accounts.roles import Role
from minutebook.accounts.testing import PASSWORD, build_world, grant, make_user
from minutebook.councils.factories import CouncilFactory

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str, **extra: str):
    return client.post("/accounts/login/", {"username": username, "password": password, **extra})


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_sign_in_and_out():
    grant(make_user("officer1"), CouncilFactory(), Role.DEMOCRATIC_SERVICES)
    client = Client()
    response = sign_in(client, "officer1", PASSWORD, next="/officer/")
    assert response.status_code == 302 and response["Location"] == "/officer/"
    assert client.get("/officer/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/officer/").status_code == 302


def test_repeated_failures_lock_the_username(settings):
    settings.MINUTEBOOK_SIGNIN_MAX_FAILURES = 3
    make_user("target", is_staff=True)
    client = Client()
    for _ in range(3):
        assert sign_in(client, "target", "wrong-password").status_code == 200
    assert SignInFailure.objects.filter(username="target").count() == 3
    # Now even the right password is refused, and the attempt counts again.
    page = sign_in(client, "target", PASSWORD)
    assert page.status_code == 200
    assert "_auth_user_id" not in client.session
    # The admin's sign-in uses the same backend.
    response = client.post("/admin/login/", {"username": "target", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    # Another username from another address is unaffected.
    make_user("bystander", is_staff=True)
    assert sign_in(Client(REMOTE_ADDR="10.0.0.9"), "bystander", PASSWORD).status_code == 302


def test_lock_expires_and_success_clears_failures(settings):
    settings.MINUTEBOOK_SIGNIN_MAX_FAILURES = 2
    make_user("forgetful", is_staff=True)
    client = Client()
    sign_in(client, "forgetful", "nope-1")
    sign_in(client, "forgetful", "nope-2")
    assert sign_in(client, "forgetful", PASSWORD).status_code == 200
    settings.MINUTEBOOK_SIGNIN_LOCKOUT_MINUTES = 0
    assert sign_in(client, "forgetful", PASSWORD).status_code == 302
    assert not SignInFailure.objects.filter(username="forgetful").exists()


def test_many_usernames_from_one_address_are_throttled(settings):
    settings.MINUTEBOOK_SIGNIN_MAX_FAILURES_PER_IP = 4
    make_user("victim", is_staff=True)
    client = Client(REMOTE_ADDR="192.0.2.7")
    for n in range(4):
        sign_in(client, f"guess{n}", "password")
    assert sign_in(client, "victim", PASSWORD).status_code == 200
    assert sign_in(Client(REMOTE_ADDR="192.0.2.8"), "victim", PASSWORD).status_code == 302


def test_administrators_must_set_up_and_use_totp(settings):
    """Set-up needs an enrolment code (accounts.otp; the whole flow: test_second_factor)."""
    from minutebook.accounts import otp

    settings.MINUTEBOOK_REQUIRE_ADMIN_OTP = True
    world = build_world()
    client = Client()
    assert sign_in(client, "admin", PASSWORD, next="/officer/").status_code == 302
    response = client.get("/officer/")
    assert response.status_code == 302 and "/accounts/two-factor/enrol/" in response["Location"]
    assert client.get("/admin/").status_code == 302
    issued = otp.issue(world.user("admin"), None, remove_devices=False)
    setup = client.post(response["Location"], {"code": issued.code})
    assert setup.status_code == 302 and "/accounts/two-factor/setup/" in setup["Location"]
    page = client.get(setup["Location"])
    assert page.status_code == 200 and 'id="otp-key"' in page.content.decode()
    device = TOTPDevice.objects.get(user=world.user("admin"), confirmed=False)
    assert client.post(setup["Location"], {"token": "000000"}).status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp backs off after a wrong code
    device.throttle_reset()
    done = client.post(setup["Location"], {"token": code(device), "next": "/officer/"})
    assert done.status_code == 302 and done["Location"] == "/officer/"
    assert client.get("/officer/").status_code == 200
    # Next time: the code is asked for at once.
    client = Client()
    sign_in(client, "admin", PASSWORD)
    response = client.get("/officer/audit/")
    assert "/accounts/two-factor/verify/" in response["Location"]
    device.refresh_from_db()
    # A code is good once only (no replay): start afresh, as a later time step would.
    device.last_t = -1
    device.save()
    ok = client.post(
        "/accounts/two-factor/verify/", {"token": code(device), "next": "/officer/audit/"}
    )
    assert ok.status_code == 302 and ok["Location"] == "/officer/audit/"
    assert client.get("/officer/audit/").status_code == 200


def test_superusers_count_as_administrators(settings):
    settings.MINUTEBOOK_REQUIRE_ADMIN_OTP = True
    root = make_user("root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    assert "/accounts/two-factor/enrol/" in client.get("/admin/")["Location"]


def test_totp_is_optional_for_officers_but_used_once_set_up(settings):
    settings.MINUTEBOOK_REQUIRE_ADMIN_OTP = True
    world = build_world()
    client = Client()
    client.force_login(world.user("dso"))
    assert client.get("/officer/").status_code == 200
    TOTPDevice.objects.create(user=world.user("dso"), name="phone", confirmed=True)
    assert "/accounts/two-factor/verify/" in client.get("/officer/")["Location"]
    # Public pages are never behind the second factor.
    assert client.get("/accounts/two-factor/verify/").status_code == 200


def test_open_redirects_are_refused_after_verification(settings):
    settings.MINUTEBOOK_REQUIRE_ADMIN_OTP = True
    user = make_user("careful", is_staff=True)
    grant_world = build_world()
    grant(user, grant_world.council, Role.ADMINISTRATOR)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    client.force_login(user)
    response = client.post(
        "/accounts/two-factor/verify/", {"token": code(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/officer/"


def test_pages_carry_a_content_security_policy_without_inline_scripts():
    """Public pages load only script files, so their policy needs (and names) no nonce;
    a nonce replayed from the public page cache would be worthless."""
    world = build_world()
    response = Client().get(f"/{world.council.slug}/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "'nonce-" not in policy and "nonce=" not in response.content.decode()


def test_password_validation_is_strong():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("short1", "password123", "1234567890123"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("correct-horse-battery-staple")


def test_members_land_in_the_members_area():
    build_world()
    response = sign_in(Client(), "councillor", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/members/"
    response = sign_in(Client(), "finance", PASSWORD)
    assert response["Location"] == "/officer/"


def test_templates_have_no_script_the_policy_would_block():
    """Inline scripts carry the nonce; no inline event handlers (CSP forbids both else)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offending = []
    paths = list(root.rglob("templates/**/*.html"))
    assert any(p.name == "base.html" for p in paths)
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "nonce=" not in tag:
                offending.append(f"{path}: {tag}")
        offending += [f"{path}: {m}" for m in re.findall(r"\son[a-z]+=\"", text)]
    assert not offending, "\n".join(offending)
