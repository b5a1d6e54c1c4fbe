"""Sign in, sign out, and the TOTP second factor (set up, then verify at each sign-in)."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from minutebook.accounts.forms import SignInForm, TokenForm


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = False

    def get_default_redirect_url(self) -> str:
        """Officers go to the officer pages, members to the members' area."""
        from minutebook.accounts.permissions import can

        user = self.request.user
        if not can(user, "officer.view") and can(user, "members.view"):
            return "/members/"
        return super().get_default_redirect_url()


class SignOutView(auth_views.LogoutView):
    next_page = "/"


def _next(request: HttpRequest, default: str = "/officer/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@never_cache
@csrf_protect
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the current TOTP code from a device set up earlier."""
    if not user_has_device(request.user):
        return HttpResponseRedirect(
            f"/accounts/two-factor/setup/?{urlencode({'next': _next(request)})}"
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return HttpResponseRedirect(_next(request))
        form.add_error("token", "That code is not right, or has expired. Try the next one.")
    return render(request, "accounts/verify.html", {"form": form, "next": _next(request)})


@never_cache
@csrf_protect
@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: show the key, confirm with a first code."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        if user_has_device(request.user):
            return HttpResponseRedirect(
                f"/accounts/two-factor/verify/?{urlencode({'next': _next(request)})}"
            )
        device = TOTPDevice.objects.create(
            user=request.user, name="Authenticator app", confirmed=False
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return HttpResponseRedirect(_next(request))
        form.add_error("token", "That code is not right. Check the key and the phone's clock.")
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return render(
        request,
        "accounts/otp_setup.html",
        {"form": form, "secret": secret, "config_url": device.config_url, "next": _next(request)},
    )
