"""Subscribe, confirm (double opt-in) and unsubscribe, all working without JavaScript.

The emailed links open a page with one button: a link scanner fetching the page
neither confirms nor unsubscribes anyone. Mail programs use RFC 8058 one-click: a POST
carrying ``List-Unsubscribe=One-Click`` and no CSRF token, which the signed token in
the address authorises instead.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from minutebook.alerts.forms import SubscribeForm
from minutebook.alerts.models import AlertKind, Subscription
from minutebook.alerts.services import send_confirmation
from minutebook.alerts.tokens import read_confirm, read_unsubscribe
from minutebook.councils.models import Council


def _crumbs(council: Council) -> list[tuple[str, str]]:
    return [(council.short_name or council.name, council.get_absolute_url())]


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest, council: str) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    if request.method == "POST":
        form = SubscribeForm(request.POST, council=obj)
        if form.is_valid():
            data = form.cleaned_data
            kind = data["kind"]
            subscription = Subscription.objects.create(
                council=obj,
                email=data["email"],
                kind=kind,
                committee=data["committee"] if kind == AlertKind.COMMITTEE else None,
                ward=data["ward"] if kind == AlertKind.WARD else None,
                query=data["query"].strip() if kind == AlertKind.SEARCH else "",
            )
            send_confirmation(subscription)
            return render(
                request,
                "alerts/check_email.html",
                {"council": obj, "subscription": subscription, "breadcrumbs": _crumbs(obj)},
            )
    else:
        initial: dict[str, object] = {}
        if request.GET.get("committee"):
            initial.update(kind=AlertKind.COMMITTEE)
            committee = obj.committees.filter(slug=request.GET["committee"]).first()
            if committee is not None:
                initial["committee"] = committee.pk
        elif request.GET.get("q"):
            initial.update(kind=AlertKind.SEARCH, query=request.GET["q"][:200])
        form = SubscribeForm(initial=initial, council=obj)
    return render(
        request,
        "alerts/subscribe.html",
        {"council": obj, "form": form, "breadcrumbs": _crumbs(obj)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    pk = read_confirm(token)
    subscription = Subscription.objects.select_related("council").filter(pk=pk).first()
    if subscription is None or subscription.unsubscribed_at is not None:
        return render(request, "alerts/link_expired.html", status=404)
    done = subscription.confirmed_at is not None
    if request.method == "POST" and not done:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
        done = True
    return render(
        request,
        "alerts/confirm.html",
        {
            "council": subscription.council,
            "subscription": subscription,
            "done": done,
            "breadcrumbs": _crumbs(subscription.council),
        },
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    pk = read_unsubscribe(token)
    subscription = Subscription.objects.select_related("council").filter(pk=pk).first()
    if subscription is None:
        return render(request, "alerts/link_expired.html", status=404)
    done = subscription.unsubscribed_at is not None
    if request.method == "POST" and not done:
        subscription.unsubscribed_at = timezone.now()
        subscription.email = ""
        subscription.save(update_fields=["unsubscribed_at", "email"])
        done = True
    return render(
        request,
        "alerts/unsubscribe.html",
        {
            "council": subscription.council,
            "subscription": subscription,
            "done": done,
            "token": token,
            "breadcrumbs": _crumbs(subscription.council),
        },
    )
