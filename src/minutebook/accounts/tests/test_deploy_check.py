"""``manage.py check --deploy`` is clean with the production settings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[4]


@pytest.mark.slow
def test_check_deploy_is_clean(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "minutebook.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "MINUTEBOOK_VAR_DIR": str(tmp_path),
    }
    # Other tests in the same run may set these (Playwright sets async-unsafe mode).
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_DEBUG"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


@pytest.mark.slow
def test_production_requires_a_second_factor_of_every_officer(tmp_path: Path) -> None:
    """Issue 15: a second factor for every officer role in production, on by default."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "minutebook.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "MINUTEBOOK_VAR_DIR": str(tmp_path),
    }
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_DEBUG"):
        env.pop(name, None)
    for name in [n for n in env if n.startswith("MINUTEBOOK_REQUIRE_")]:
        env.pop(name)
    script = (
        "from django.conf import settings as s; from minutebook.accounts.otp import "
        "required_roles; print(s.MINUTEBOOK_REQUIRE_OFFICER_OTP, sorted(required_roles()))"
    )
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "shell", "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    from minutebook.accounts.roles import OFFICER_ROLES

    assert result.stdout.strip().splitlines()[-1] == f"True {sorted(OFFICER_ROLES)}"
