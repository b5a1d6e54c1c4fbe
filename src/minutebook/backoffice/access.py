"""Who may use the officer pages.

Officer pages are for council staff (``is_staff``); finer roles and permissions come
with the permissions work. Every officer view is wrapped by :func:`officer_required`,
so a member of the public is sent to sign in and never sees an officer page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def officer_required(view: View) -> View:
    """Signed-in staff only; anyone else signs in first, then gets 403 if not staff."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_staff:
            raise PermissionDenied("Officer pages are for council staff.")
        return view(request, *args, **kwargs)

    return wrapped
