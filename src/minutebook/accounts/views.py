"""Sign in, sign out, and the TOTP second factor: redeem an administrator's enrolment
code, set the authenticator up, then verify at each sign-in (docs/sign-in.md)."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from minutebook.accounts import otp, throttle
from minutebook.accounts.forms import EnrolmentCodeForm, SignInForm, TokenForm


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


LOCKED = "Too many wrong codes. Wait a while, then try again."
#: Session key of the authenticator being set up (created when a code was redeemed).
ENROLLING = "mb_otp_enrolling_device"


def _throttled(request: HttpRequest) -> bool:
    return throttle.is_locked(otp.throttle_key(request.user), request)


def _wrong(request: HttpRequest) -> None:
    throttle.record_failure(otp.throttle_key(request.user), request)


@never_cache
@csrf_protect
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the current TOTP code from a device set up earlier.

    Wrong codes count towards the sign-in throttle (their own count: a password sign-in
    does not clear it), on top of django-otp's growing delay per device.
    """
    if not user_has_device(request.user):
        return _redirect("accounts:enrol", request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _throttled(request):
            form.add_error("token", LOCKED)
        else:
            for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
                if device.verify_token(form.cleaned_data["token"]):
                    otp_login(request, device)
                    throttle.clear_failures(otp.throttle_key(request.user))
                    return HttpResponseRedirect(_next(request))
            _wrong(request)
            form.add_error("token", "That code is not right, or has expired. Try the next one.")
    return render(request, "accounts/verify.html", {"form": form, "next": _next(request)})


@never_cache
@csrf_protect
@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Ask your administrator: redeem the enrolment code they issued, nothing else.

    Users who must use a second factor and have none are sent here from every protected
    page (``SecondFactorMiddleware``).
    """
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _throttled(request):
            form.add_error("code", LOCKED)
        else:
            enrolment = otp.redeem(request.user, form.cleaned_data["code"])
            if enrolment is None:
                _wrong(request)
                form.add_error(
                    "code",
                    "That code is not right, or was used, replaced or has expired. "
                    "Ask your administrator for a new one.",
                )
            else:
                TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
                device = TOTPDevice.objects.create(
                    user=request.user, name="Authenticator app", confirmed=False
                )
                request.session[ENROLLING] = [device.pk, enrolment.pk]
                return _redirect("accounts:otp-setup", request)
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "next": _next(request),
            "has_device": user_has_device(request.user),
        },
    )


@never_cache
@csrf_protect
@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: show the key, confirm with a first code.

    Only after redeeming an enrolment code in this session: there is no first-come set-up.
    """
    device_id, enrolment_id = request.session.get(ENROLLING) or (None, None)
    device = TOTPDevice.objects.filter(user=request.user, pk=device_id, confirmed=False).first()
    if device is None:
        return _redirect("accounts:enrol", request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _throttled(request):
            form.add_error("token", LOCKED)
        elif device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            del request.session[ENROLLING]
            otp_login(request, device)
            throttle.clear_failures(otp.throttle_key(request.user))
            _record_enrolled(request, device, enrolment_id)
            return HttpResponseRedirect(_next(request))
        else:
            _wrong(request)
            form.add_error("token", "That code is not right. Check the key and the phone's clock.")
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return render(
        request,
        "accounts/otp_setup.html",
        {"form": form, "secret": secret, "config_url": device.config_url, "next": _next(request)},
    )


def _record_enrolled(request: HttpRequest, device: TOTPDevice, enrolment_id: int | None) -> None:
    from minutebook import audit
    from minutebook.accounts.models import EnrolmentCode

    enrolment = EnrolmentCode.objects.filter(pk=enrolment_id, user=request.user).first()
    audit.record(
        "otp.enrolled",
        enrolment,
        object_label="" if enrolment is not None else str(request.user),
        after={"device_id": device.pk, "name": device.name, "user_id": request.user.pk},
    )


def _redirect(name: str, request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': _next(request)})}")
