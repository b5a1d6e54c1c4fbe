"""/officer/users/: an administrator issues the enrolment codes for a second factor.

A code is shown once, on the page that issues it, for the administrator to hand over
out of band (in person, by phone); only its hash is kept (``accounts.otp``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from minutebook.accounts import otp
from minutebook.accounts.forms import IssueEnrolmentForm, LinkPersonForm
from minutebook.accounts.permissions import can, councils_where
from minutebook.accounts.roles import Role

View = Callable[..., HttpResponse]


def administrators_only(view: View) -> View:
    """Signed in and an administrator somewhere ("roles.manage", the action
    ``ROUTE_ACTIONS`` gives these routes), else 403; each view then checks the user it
    acts on. Written here rather than taken from ``backoffice.access``, which depends on
    this app (apps depend downwards only)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can(request.user, "roles.manage"):
            raise PermissionDenied("Only administrators issue enrolment codes.")
        return view(request, *args, **kwargs)

    return wrapped


def users_in_scope(issuer: Any) -> QuerySet[Any]:
    """The active users ``issuer`` may issue codes for (``otp.issuing_council`` decides
    each one; this narrows the list the same way)."""
    users = get_user_model().objects.filter(is_active=True).exclude(pk=issuer.pk)
    if issuer.is_superuser:
        return users.order_by("username")
    mine = councils_where(issuer, {Role.ADMINISTRATOR})
    if mine is not None:
        users = users.filter(
            Q(role_assignments__council_id__in=mine) | Q(person__council_id__in=mine)
        ).exclude(is_superuser=True)
    return users.distinct().order_by("username")


@require_safe
@administrators_only
def user_list(request: HttpRequest) -> HttpResponse:
    users = (
        users_in_scope(request.user)
        .annotate(devices=Count("totpdevice", filter=Q(totpdevice__confirmed=True), distinct=True))
        .select_related("person__council")
    )
    return render(request, "accounts/officer/users.html", {"users": users})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@administrators_only
def second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a new enrolment code (revoking older ones; optionally removing devices)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_object_or_404(get_user_model(), pk=pk)
    allowed, council_id = otp.issuing_council(request.user, user)
    if not allowed:
        raise PermissionDenied("You may not issue an enrolment code for this user.")
    form = IssueEnrolmentForm(request.POST if request.method == "POST" else None)
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = otp.issue(
            user,
            request.user,
            council_id=council_id,
            remove_devices=form.cleaned_data["remove_devices"],
        )
        form = IssueEnrolmentForm()
    return render(
        request,
        "accounts/officer/second_factor.html",
        {
            "subject": user,
            "form": form,
            "issued": issued,
            "devices": TOTPDevice.objects.filter(user=user, confirmed=True),
            "outstanding": otp.outstanding(user),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@administrators_only
def link_person(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a login to its person: a councillor's login to their record opens the members'
    area to them, an officer's lets them open the reports that name them.

    Only users the administrator may manage (``users_in_scope``), and only people of
    the councils they administer who are not linked to another login.
    """
    from django.contrib import messages
    from django.db import transaction
    from django.shortcuts import redirect

    from minutebook.people.models import Person

    user = get_object_or_404(users_in_scope(request.user), pk=pk)
    people = Person.objects.filter(Q(user__isnull=True) | Q(user=user)).select_related("council")
    mine = councils_where(request.user, {Role.ADMINISTRATOR})
    if mine is not None:
        people = people.filter(council_id__in=mine)
    current = Person.objects.filter(user=user).select_related("council").first()
    form = LinkPersonForm(
        request.POST if request.method == "POST" else None,
        people=people.order_by("council__name", "last_name", "first_name"),
        initial={"person": current.pk if current else None},
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["person"]
        with transaction.atomic():
            if current is not None and current.pk != chosen.pk:
                current.user = None
                current.save(update_fields=["user", "modified"])
            chosen.user = user
            chosen.save(update_fields=["user", "modified"])
        messages.success(request, f"{user.username} is linked to {chosen.display_name}.")
        return redirect("backoffice:users")
    return render(
        request,
        "accounts/officer/user_person.html",
        {"subject": user, "form": form, "current": current},
    )
