"""Keeping the public form usable: rate limits and a spam guard, no JavaScript needed.

Rate limits count attempts in Django's cache, per address and per (normalised) email,
within a window. Settings, all optional:

- ``MINUTEBOOK_PARTICIPATION_MAX_PER_IP`` (default 10) attempts per address per window;
- ``MINUTEBOOK_PARTICIPATION_MAX_PER_EMAIL`` (default 5) attempts per email per window;
- ``MINUTEBOOK_PARTICIPATION_WINDOW_SECONDS`` (default 3600);
- ``MINUTEBOOK_PARTICIPATION_MIN_FILL_SECONDS`` (default 3): a form sent back sooner
  than this after it was served is taken for a robot.

With the default local-memory cache each worker process counts on its own; configure a
shared cache (database or Redis) in production for one count across workers.

The spam guard is a honeypot field that people never see (robots fill it in) and a
signed timestamp served with the form, which also stops old forms being replayed.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from minutebook.participation.services import normalise_email

_SALT = "minutebook.participation.form-started"
MAX_FORM_AGE_SECONDS = 60 * 60 * 24


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def client_ip(request: HttpRequest) -> str:
    """The peer address; behind a proxy, set REMOTE_ADDR there (headers are not trusted)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one attempt under ``key``; True when the limit is exceeded."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


def over_limit(request: HttpRequest, email: str) -> bool:
    """Record an attempt from this address (and email, if given); True if either is over."""
    window = _setting("MINUTEBOOK_PARTICIPATION_WINDOW_SECONDS", 3600)
    by_ip = _hit(
        f"participation:ip:{client_ip(request)}",
        _setting("MINUTEBOOK_PARTICIPATION_MAX_PER_IP", 10),
        window,
    )
    by_email = False
    key = normalise_email(email)
    if key:
        by_email = _hit(
            # Hashed: the address is not validated yet and may be megabytes long.
            f"participation:email:{hashlib.sha256(key.encode()).hexdigest()}",
            _setting("MINUTEBOOK_PARTICIPATION_MAX_PER_EMAIL", 5),
            window,
        )
    return by_ip or by_email


def form_token() -> str:
    """A signed note of when the form was served."""
    return signing.TimestampSigner(salt=_SALT).sign(str(int(time.time())))


def looks_automated(token: str, honeypot: str) -> bool:
    """A filled honeypot, a missing or forged token, or a form sent back too fast or too late."""
    if honeypot.strip():
        return True
    try:
        served = int(
            signing.TimestampSigner(salt=_SALT).unsign(token or "", max_age=MAX_FORM_AGE_SECONDS)
        )
    except (signing.BadSignature, ValueError):
        return True
    return time.time() - served < _setting("MINUTEBOOK_PARTICIPATION_MIN_FILL_SECONDS", 3)
