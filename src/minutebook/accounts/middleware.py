"""Keep users who must use a second factor out of the officer pages, the admin, the
members' area and operations until they have verified with it.

Who must is one rule, ``accounts.otp.needs_second_factor``. A user with no authenticator
yet is sent to the page that asks for their administrator's enrolment code, and reaches
none of these pages before enrolling. Must come after django-otp's ``OTPMiddleware``,
which adds ``user.is_verified()``.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from minutebook.accounts.otp import needs_second_factor

#: Path prefixes behind the second factor (every staff and members' route).
PROTECTED_PREFIXES = ("/officer/", "/members/", "/admin/", "/operations/")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(PROTECTED_PREFIXES) and not request.path.startswith(
            ("/admin/login/", "/admin/logout/")
        ):
            user = request.user
            if needs_second_factor(user) and not _verified(user):
                from django_otp import user_has_device

                name = "accounts:verify" if user_has_device(user) else "accounts:enrol"
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse(name)}?{query}")
        return self.get_response(request)


def _verified(user: object) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())
