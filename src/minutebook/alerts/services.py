"""Which subscriptions a newly published paper matches, and the emails that follow."""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from minutebook.alerts.models import AlertKind, SentAlert, Subscription
from minutebook.alerts.tokens import confirm_token, unsubscribe_token
from minutebook.search import indexing
from minutebook.search.models import SearchEntry
from minutebook.search.query import Filters, SearchTooSlow, matches

log = logging.getLogger(__name__)


def absolute(subscription: Subscription, path: str) -> str:
    return subscription.site_url.rstrip("/") + path


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute(
        subscription,
        reverse(
            "publishing:alerts:unsubscribe", kwargs={"token": unsubscribe_token(subscription.pk)}
        ),
    )


def send_confirmation(subscription: Subscription) -> None:
    confirm = absolute(
        subscription,
        reverse("publishing:alerts:confirm", kwargs={"token": confirm_token(subscription.pk)}),
    )
    body = render_to_string(
        "alerts/email_confirm.txt",
        {"subscription": subscription, "confirm_url": confirm, "council": subscription.council},
    )
    EmailMessage(
        subject=f"Confirm your email alert: {subscription.subject}",
        body=body,
        to=[subscription.email],
    ).send()


def subscriptions_for(entry: SearchEntry) -> list[Subscription]:
    """Active subscriptions the entry matches: its committee, its wards, or a saved search."""
    active = Subscription.objects.filter(
        council_id=entry.council_id, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).select_related("council", "committee", "ward")
    found: list[Subscription] = []
    for sub in active:
        if sub.kind == AlertKind.COMMITTEE:
            hit = entry.committee_id is not None and sub.committee_id == entry.committee_id
        elif sub.kind == AlertKind.WARD:
            hit = sub.ward_id in (entry.ward_ids or [])
        else:
            try:
                hit = matches(entry, sub.query, Filters(council_id=entry.council_id))
            except SearchTooSlow:
                # One saved search past the time limit must not stop the others' emails.
                log.warning(
                    "Saved search of subscription %s ran past the time limit on entry %s; "
                    "skipped this time",
                    sub.pk,
                    entry.pk,
                )
                continue
        if hit:
            found.append(sub)
    return found


def send_for_entry(entry: SearchEntry) -> int:
    """Email every matching subscriber once about this paper; returns emails sent."""
    key = f"{entry.kind}:{entry.object_id}"
    sent = 0
    for sub in subscriptions_for(entry):
        if SentAlert.objects.filter(subscription=sub, entry_key=key).exists():
            continue
        unsubscribe = unsubscribe_url(sub)
        body = render_to_string(
            "alerts/email_alert.txt",
            {
                "subscription": sub,
                "entry": entry,
                "entry_url": absolute(sub, entry.url),
                "unsubscribe_url": unsubscribe,
                "council": sub.council,
            },
        )
        message = EmailMessage(
            subject=f"{entry.get_kind_display()} published: {entry.title}"[:200],
            body=body,
            to=[sub.email],
            headers={
                # RFC 2369 and RFC 8058: mail programs offer a one-click unsubscribe.
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.send()
        SentAlert.objects.create(subscription=sub, entry=entry, entry_key=key)
        # bulk-update-ok: one column of an unsearched, unaudited row with no auto_now stamp;
        # a save could write back a stale unsubscribed_at over a concurrent unsubscribe.
        Subscription.objects.filter(pk=sub.pk).update(last_sent_at=timezone.now())
        sent += 1
    return sent


def _entry_published(entry: SearchEntry) -> None:
    """Queue the alerts once the publishing transaction commits.

    Papers read from an imported archive were published years ago: importing a council's
    back catalogue must not send its subscribers one email per old paper.
    """
    from minutebook.alerts.tasks import send_alerts

    if entry.is_imported:
        return
    entry_id = entry.pk
    transaction.on_commit(lambda: send_alerts.enqueue(entry_id))


def connect() -> None:
    if _entry_published not in indexing.on_new_entry:
        indexing.on_new_entry.append(_entry_published)
