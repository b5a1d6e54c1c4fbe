"""Notification pages: the list (read and unread) and the e-mail preference.

The same pages serve officers under /officer/notifications/ and members under
/members/notifications/; each shows only the signed-in person's own notifications.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from minutebook.backoffice.access import officer_required
from minutebook.members.views import member_required
from minutebook.notifications.forms import PreferenceForm
from minutebook.notifications.models import Notification, NotificationPreference
from minutebook.notifications.services import mark_read

PER_PAGE = 50


def unread_for(user: Any, limit: int = 10) -> tuple[list[Notification], int]:
    """The newest unread notifications (for a dashboard) and how many are unread."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    return list(rows.order_by("-created", "-pk")[:limit]), rows.count()


def _list(request: HttpRequest, area: str) -> HttpResponse:
    here = "backoffice:notifications" if area == "officer" else "member_notifications:list"
    if request.method == "POST":
        if request.POST.get("all"):
            count = mark_read(request.user)
        else:
            ids = [int(v) for v in request.POST.getlist("read") if v.isdigit()]
            count = mark_read(request.user, ids)
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read.")
        return redirect(here)
    rows = Notification.objects.filter(user=request.user).order_by("-created", "-pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        f"notifications/{area}_list.html",
        {"page": page, "unread": rows.filter(read_at__isnull=True).count(), "here": here},
    )


def _preferences(request: HttpRequest, area: str) -> HttpResponse:
    pref = NotificationPreference.objects.filter(user=request.user).first()
    pref = pref or NotificationPreference(user=request.user)
    form = PreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Notifications: {pref.get_delivery_display().lower()}.")
        return redirect(request.path)
    return render(request, f"notifications/{area}_preferences.html", {"form": form})


@officer_required
def officer_list(request: HttpRequest) -> HttpResponse:
    return _list(request, "officer")


@officer_required
def officer_preferences(request: HttpRequest) -> HttpResponse:
    return _preferences(request, "officer")


@member_required
def member_list(request: HttpRequest) -> HttpResponse:
    return _list(request, "members")


@member_required
def member_preferences(request: HttpRequest) -> HttpResponse:
    return _preferences(request, "members")
