"""Throttle password guessing: lock a username, and an address, after repeated failures.

Failures are kept in the database so every worker process sees them. A locked username
cannot sign in even with the right password until the window has passed; that is the
point (the attacker may have guessed it). Settings:

- ``MINUTEBOOK_SIGNIN_MAX_FAILURES`` (default 5) per username within the window;
- ``MINUTEBOOK_SIGNIN_MAX_FAILURES_PER_IP`` (default 20) per address within the window;
- ``MINUTEBOOK_SIGNIN_LOCKOUT_MINUTES`` (default 15): the window and the lock.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from minutebook.accounts.models import SignInFailure


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def window() -> timedelta:
    return timedelta(minutes=_setting("MINUTEBOOK_SIGNIN_LOCKOUT_MINUTES", 15))


def normalise_username(username: Any) -> str:
    return str(username or "").strip().lower()[:150]


def client_ip(request: HttpRequest | None) -> str | None:
    """The peer address. Behind a proxy, set it in REMOTE_ADDR there (never trust headers)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def is_locked(username: Any, request: HttpRequest | None = None) -> bool:
    since = timezone.now() - window()
    recent = SignInFailure.objects.filter(at__gte=since)
    name = normalise_username(username)
    if name and recent.filter(username=name).count() >= _setting(
        "MINUTEBOOK_SIGNIN_MAX_FAILURES", 5
    ):
        return True
    ip = client_ip(request)
    return bool(
        ip
        and recent.filter(ip_address=ip).count()
        >= _setting("MINUTEBOOK_SIGNIN_MAX_FAILURES_PER_IP", 20)
    )


def record_failure(username: Any, request: HttpRequest | None) -> None:
    SignInFailure.objects.create(
        username=normalise_username(username), ip_address=client_ip(request), at=timezone.now()
    )
    # Keep the table small: nothing older than a day matters.
    SignInFailure.objects.filter(at__lt=timezone.now() - timedelta(days=1)).delete()


def clear_failures(username: Any) -> None:
    SignInFailure.objects.filter(username=normalise_username(username)).delete()
