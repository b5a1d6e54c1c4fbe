"""Who is told, writing the notifications, and e-mailing them from the worker.

``notify`` writes rows in the caller's transaction and, once it commits, queues
``tasks.send_notifications`` so the e-mail goes from the task worker, never from the
request. Recipients are active users; the person who did the thing is not told of it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from minutebook.accounts.models import RoleAssignment
from minutebook.accounts.roles import Role
from minutebook.core.inputs import one_line
from minutebook.core.saving import save_each
from minutebook.core.site import site_url
from minutebook.notifications.models import Delivery, Notification, NotificationPreference

log = logging.getLogger(__name__)

#: A claim not marked sent after this long belongs to a worker that died mid-send.
CLAIM_LEASE = timedelta(minutes=30)
#: A digest goes at most this often to one person (the schedule runs hourly).
DIGEST_EVERY = timedelta(hours=23)


# Recipients -------------------------------------------------------------------------


def role_holders(council_id: int | None, roles: Iterable[str]) -> list[Any]:
    """Active users given one of ``roles`` at the council (not staff without a role)."""
    if council_id is None:
        return []
    ids = RoleAssignment.objects.filter(
        council_id=council_id, role__in=list(roles), user__is_active=True
    ).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=list(ids)).order_by("pk"))


def democratic_services(council_id: int | None) -> list[Any]:
    return role_holders(council_id, [Role.DEMOCRATIC_SERVICES])


def people_users(people: Iterable[Any]) -> list[Any]:
    """The active logins linked to these people (people without one hear nothing)."""
    users = []
    for person in people:
        user = getattr(person, "user", None) if person is not None else None
        if user is not None and user.is_active:
            users.append(user)
    return users


# Writing ----------------------------------------------------------------------------


def notify(
    users: Iterable[Any],
    *,
    kind: str,
    title: str,
    path: str = "",
    body: str = "",
    council_id: int | None = None,
    key: str = "",
    exclude_user_id: int | None = None,
) -> list[Notification]:
    """One notification per distinct user; a ``key`` already held by the user is skipped,
    and so is a user who turned this kind off in their preferences."""
    made: list[Notification] = []
    seen: set[int] = set()
    users = [user for user in users if user is not None]
    # Everyone's muted kinds in one query, not one per person (a scan notifies many).
    muted_by = dict(
        NotificationPreference.objects.filter(user__in=[user.pk for user in users]).values_list(
            "user_id", "muted_kinds"
        )
    )
    for user in users:
        if user.pk in seen or user.pk == exclude_user_id:
            continue
        seen.add(user.pk)
        if kind in (muted_by.get(user.pk) or ()):
            continue
        row = Notification(
            user=user,
            council_id=council_id,
            kind=kind,
            title=one_line(title)[:300],
            body=body,
            path=path[:300],
            key=key[:200],
        )
        if key:
            if Notification.objects.filter(user=user, key=row.key).exists():
                continue
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                continue  # another run wrote it just now
        else:
            row.save()
        made.append(row)
    if made:
        transaction.on_commit(_queue_send)
    return made


def _queue_send() -> None:
    from minutebook.notifications.tasks import send_notifications

    try:
        send_notifications.enqueue()
    except Exception:  # the hourly schedule sends it anyway
        log.exception("notifications: could not queue the send task")


def delivery_for(user: Any) -> str:
    pref = NotificationPreference.objects.filter(user=user).first()
    return pref.delivery if pref is not None else Delivery.IMMEDIATE


def preferences_path(user: Any) -> str:
    """Officers change their choice in /officer/, members in /members/."""
    from django.urls import reverse

    from minutebook.accounts.permissions import roles_for
    from minutebook.accounts.roles import OFFICER_ROLES

    if roles_for(user) & OFFICER_ROLES:
        return reverse("backoffice:notification_preferences")
    return reverse("member_notifications:preferences")


def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (these ids, or all); how many changed."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return len(save_each(rows.order_by("pk"), read_at=timezone.now()))


# Sending ----------------------------------------------------------------------------


def _claim(rows: list[Notification], now: dt.datetime) -> list[Notification]:
    """The rows this run takes (compare-and-set, so two workers never send one twice)."""
    won = []
    for row in rows:
        free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE)
        # bulk-update-ok: compare-and-set of the send claim (bookkeeping, not audited or
        # searched); a save could not tell whether another worker took it first.
        got = Notification.objects.filter(free, pk=row.pk, emailed_at__isnull=True).update(
            claimed_at=now
        )
        if got:
            row.claimed_at = now
            won.append(row)
    return won


def _release(rows: list[Notification]) -> None:
    save_each(rows, claimed_at=None)


def _message(user: Any, rows: list[Notification], digest: bool) -> EmailMessage:
    if digest:
        subject = f"minutebook: {len(rows)} notification{'s' if len(rows) != 1 else ''} today"
    else:
        subject = f"minutebook: {rows[0].title}"
    body = render_to_string(
        "notifications/email.txt",
        {
            "user": user,
            "rows": [(row, site_url(row.path) if row.path else "") for row in rows],
            "digest": digest,
            "preferences_url": site_url(preferences_path(user)),
        },
    )
    return EmailMessage(subject=one_line(subject)[:200], body=body, to=[user.email])


def _pending(now: dt.datetime) -> dict[Any, list[Notification]]:
    rows = (
        Notification.objects.filter(emailed_at__isnull=True, user__is_active=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE))
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id", "created", "pk")
    )
    by_user: dict[Any, list[Notification]] = {}
    for row in rows:
        by_user.setdefault(row.user, []).append(row)
    return by_user


def send(*, digest: bool, now: dt.datetime | None = None) -> int:
    """E-mail waiting notifications: immediate ones one by one, or each digest; e-mails sent.

    An e-mail that fails gives its notifications back for the next run (at least once,
    never silently dropped); one person's failure does not stop the others.
    """
    now = now or timezone.now()
    prefs = dict(NotificationPreference.objects.values_list("user_id", "delivery"))
    last = dict(NotificationPreference.objects.values_list("user_id", "last_digest_at"))
    # A kind turned off after its notice was written (waiting for a digest, or for a
    # retry) is not e-mailed either: the preference holds from the moment it is saved.
    muted_by = dict(NotificationPreference.objects.values_list("user_id", "muted_kinds"))
    sent = 0
    failed = 0
    for user, rows in _pending(now).items():
        wants_digest = prefs.get(user.pk, Delivery.IMMEDIATE) == Delivery.DIGEST
        if wants_digest != digest:
            continue
        if digest and last.get(user.pk) and now - last[user.pk] < DIGEST_EVERY:
            continue
        rows = [row for row in rows if row.kind not in (muted_by.get(user.pk) or ())]
        rows = _claim(rows, now)
        if not rows:
            continue
        batches = [rows] if digest else [[row] for row in rows]
        for batch in batches:
            try:
                get_connection().send_messages([_message(user, batch, digest)])
            except Exception:
                log.exception("notifications: e-mail to user %s failed", user.pk)
                _release(batch)
                failed += 1
                continue
            save_each(batch, emailed_at=now)
            sent += 1
        if digest:
            pref, _ = NotificationPreference.objects.get_or_create(user=user)
            pref.last_digest_at = now
            pref.save(update_fields=["last_digest_at", "modified"])
    if failed:
        raise SendIncomplete(f"{failed} notification e-mail(s) failed; they wait for the next run.")
    return sent


class SendIncomplete(Exception):
    """Some notification e-mails failed; they are sent by a later run."""
