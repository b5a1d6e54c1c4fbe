"""A response cache for anonymous visitors to the public site, never stale on a write.

Why: rendering a meeting page, a search or an OParl list costs many queries; the same
bytes go to every anonymous visitor, so they are rendered once per change.

Invalidation: every cache key contains the public data's *generation*
(``minutebook.pagecache``), a row that database triggers rewrite on every write to
a minutebook table, by whatever route: ORM saves and deletes, bulk ``update()``,
raw SQL, imports. The middleware reads the generation *before* it looks up or renders
a page and stores the page under that generation, so a page rendered while a write
commits is stored under the old generation, which no later request asks for. An item
marked exempt is therefore gone from public pages with the next request.

Time: a stored page lives ``MINUTEBOOK_PUBLIC_CACHE_SECONDS`` (default 60). Changes
that come from the clock rather than a write (a scheduled publication time passing,
a call-in period ending, "upcoming" turning into "past") show within that time.

Never cached (``eligible_request`` and ``storable``):

* anything but GET and HEAD; only GET responses are stored, HEAD is answered from them
  with an empty body;
* requests carrying a session cookie or a messages cookie (anyone signed in, or
  mid-way through a form) or an Authorization header;
* paths under ``PRIVATE_PREFIXES`` (officer, members, admin, sign-in), even when the
  visitor is anonymous;
* responses that are not 200, are streamed (files), set a cookie, used a CSRF token,
  carry a CSP nonce, say ``Cache-Control: private/no-store/no-cache``, vary on a
  header the key does not hold, or are larger than ``MAX_BYTES``.

``Vary: Cookie``: Django adds it when a view touches the session, which every page does
by reading ``request.user``. For a request with no session and no messages cookie that
user is the anonymous user and the session is empty, the same for every such visitor,
and no code reads any other cookie; pages that used the CSRF cookie are never stored.
So a page stored for one cookie-less visitor is right for all of them, and visitors
who have a session are never served from the cache.

The key also holds the scheme and host (OParl and feeds print absolute URLs), every
``HX-*`` request header (django-htmx partials), and a salt from the settings pages
read (branding, time zone, static and media addresses...), recomputed whenever a
setting changes, plus ``MINUTEBOOK_PUBLIC_CACHE_SALT`` for operators (a release id).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import BaseCache, caches
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import cc_delim_re

from minutebook.pagecache.triggers import read_generation

log = logging.getLogger(__name__)

CACHE_HEADER = "X-Minutebook-Cache"
#: The one place that says which paths are not the public site. A test checks every
#: non-public include in ``minutebook.urls`` is listed.
PRIVATE_PREFIXES = ("/admin/", "/officer/", "/members/", "/accounts/", "/operations/", "/health/")
#: Larger responses (agenda packs, big exports) are served but not stored.
MAX_BYTES = 2 * 1024 * 1024
#: Settings (besides every MINUTEBOOK_*) whose value changes what a public page says.
SALT_SETTINGS = (
    "DEBUG",
    "LANGUAGE_CODE",
    "TIME_ZONE",
    "USE_TZ",
    "USE_I18N",
    "STATIC_URL",
    "STORAGES",
    "MEDIA_URL",
    "MEDIA_ROOT",
    "ROOT_URLCONF",
    "TEMPLATES",
    "CONTENT_SECURITY_POLICY",
    "X_FRAME_OPTIONS",
    "LOGIN_URL",
)
_NO_STORE_DIRECTIVES = {"private", "no-store", "no-cache"}
_salt: str | None = None


def settings_salt() -> str:
    """A digest of the settings public pages depend on; reset when a setting changes."""
    global _salt
    if _salt is None:
        names = sorted({n for n in dir(settings) if n.startswith("MINUTEBOOK_")})
        names += [n for n in SALT_SETTINGS if hasattr(settings, n)]
        text = repr([(n, getattr(settings, n)) for n in names])
        _salt = hashlib.sha256(text.encode()).hexdigest()[:16]
    return _salt


def _reset_salt(**kwargs: Any) -> None:
    global _salt
    _salt = None


setting_changed.connect(_reset_salt, dispatch_uid="minutebook-public-cache-salt")


def enabled() -> bool:
    return bool(getattr(settings, "MINUTEBOOK_PUBLIC_CACHE", True))


def page_cache() -> BaseCache:
    return caches[getattr(settings, "MINUTEBOOK_PUBLIC_CACHE_ALIAS", "default")]


def timeout() -> int:
    return int(getattr(settings, "MINUTEBOOK_PUBLIC_CACHE_SECONDS", 60))


def is_public_path(path: str) -> bool:
    return not path.startswith(PRIVATE_PREFIXES)


def eligible_request(request: HttpRequest) -> bool:
    """May this request be answered from, and its response stored in, the cache?"""
    if request.method not in {"GET", "HEAD"}:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if CookieStorage.cookie_name in request.COOKIES:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return is_public_path(request.path_info)


def cache_key(request: HttpRequest, generation: str) -> str:
    """The key for this request's page under ``generation``, whatever the method."""
    htmx = sorted((k, v) for k, v in request.META.items() if k.startswith("HTTP_HX_"))
    parts = [
        settings_salt(),
        getattr(settings, "MINUTEBOOK_PUBLIC_CACHE_SALT", ""),
        generation,
        request.build_absolute_uri(),
        repr(htmx),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"minutebook:page:{digest}"


def _keyed_vary(header: str) -> bool:
    name = header.strip().lower()
    return name == "cookie" or name.startswith("hx-")


def storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Is this response the same for every anonymous visitor, and safe to replay?"""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    for header in ("Content-Security-Policy", "Content-Security-Policy-Report-Only"):
        if "'nonce-" in response.headers.get(header, ""):
            return False
    directives = {
        d.split("=")[0].strip().lower()
        for d in cc_delim_re.split(response.headers.get("Cache-Control", ""))
    }
    if directives & _NO_STORE_DIRECTIVES:
        return False
    vary = response.headers.get("Vary", "")
    if vary and not all(_keyed_vary(h) for h in cc_delim_re.split(vary)):
        return False
    content = getattr(response, "content", b"")
    return len(content) <= MAX_BYTES and b"csrfmiddlewaretoken" not in content


def _rebuild(entry: tuple[int, list[tuple[str, str]], bytes], head: bool) -> HttpResponse:
    status, headers, content = entry
    response = HttpResponse(b"" if head else content, status=status)
    for name, value in headers:
        response.headers[name] = value
    response.headers[CACHE_HEADER] = "hit"
    return response


class PublicPageCacheMiddleware:
    """Serve anonymous visitors' public pages from the cache; see the module docstring."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not enabled() or not eligible_request(request):
            return self.get_response(request)
        try:
            generation = read_generation()
        except Exception:  # the cache must never fail a request
            # No database (a schema served before migrate, a database outage the view
            # may survive): answer as if there were no cache.
            log.warning("public page cache: cannot read the generation", exc_info=True)
            generation = None
        if generation is None:
            return self.get_response(request)
        key = cache_key(request, generation)
        store = page_cache()
        entry = store.get(key)
        if entry is not None:
            return _rebuild(entry, head=request.method == "HEAD")
        response = self.get_response(request)
        if storable(request, response):
            headers = [(k, v) for k, v in response.items() if k != CACHE_HEADER]
            store.set(key, (response.status_code, headers, response.content), timeout())
        response.headers[CACHE_HEADER] = "miss"
        return response
