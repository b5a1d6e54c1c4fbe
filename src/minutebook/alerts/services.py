"""Alert emails: confirmation, and the digest of newly public papers.

A paper the public index gains is noted as a ``NewPaper`` (``_entry_published``); the
scheduled digest (``tasks.send_alert_digests``) matches each one once against the
subscriptions, then sends each subscriber one email listing every paper waiting for
them. See docs/alerts.md.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from minutebook.alerts.models import AlertKind, NewPaper, PendingAlert, SentAlert, Subscription
from minutebook.alerts.tokens import confirm_token, unsubscribe_token
from minutebook.core.inputs import one_line
from minutebook.core.site import site_url
from minutebook.search import indexing
from minutebook.search.models import EntryKind, SearchEntry
from minutebook.search.query import Filters, SearchTooSlow, matches

log = logging.getLogger(__name__)


def absolute(subscription: Subscription, path: str) -> str:
    """``path`` on the site's configured address (``core.site.site_url``), never the
    address a request came in on: a forged ``Host`` header would otherwise put another
    site's links in the council's e-mails. ``Subscription.site_url`` (what older rows
    recorded from the request) is not read."""
    return site_url(path)


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
        subject=one_line(f"Confirm your email alert: {subscription.subject}"),
        body=body,
        to=[subscription.email],
    ).send()


#: New papers matched in one transaction: their rows stay locked while they are matched.
MATCH_BATCH = 50
#: A claim older than this is a digest that died mid-send; its papers are sent again.
CLAIM_LEASE = timedelta(hours=1)


@dataclass
class DigestRun:
    """What one digest run did; ``failures`` says what waits for the next run and why."""

    matched: int = 0
    emails: int = 0
    failures: list[str] = field(default_factory=list)


def _active(council_id: int) -> list[Subscription]:
    return list(
        Subscription.objects.filter(
            council_id=council_id, confirmed_at__isnull=False, unsubscribed_at__isnull=True
        ).order_by("pk")
    )


def _hit(sub: Subscription, entry: SearchEntry) -> bool:
    """Whether the paper is about the subscription's committee, ward or saved search.

    Raises ``SearchTooSlow`` when the saved search runs past the time limit.
    """
    if sub.kind == AlertKind.COMMITTEE:
        return entry.committee_id is not None and sub.committee_id == entry.committee_id
    if sub.kind == AlertKind.WARD:
        return sub.ward_id in (entry.ward_ids or [])
    return matches(entry, sub.query, Filters(council_id=entry.council_id))


def _public_entries(keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], SearchEntry]:
    """The index rows the public may see now, by (kind, object id); never imported ones.

    The index drops a row as soon as its paper is withdrawn or made exempt, so reading
    it at send time is what keeps such papers out of the emails.
    """
    wanted = set(keys)
    if not wanted:
        return {}
    rows = SearchEntry.objects.filter(
        kind__in={k for k, _ in wanted}, object_id__in={i for _, i in wanted}, is_imported=False
    ).select_related("committee")
    return {(e.kind, e.object_id): e for e in rows if (e.kind, e.object_id) in wanted}


def match_new_papers() -> int:
    """Match each waiting ``NewPaper`` once against the subscriptions; returns papers done.

    A batch's rows are locked with SKIP LOCKED, so overlapping digests share the work
    and none matches a paper twice. A subscriber only hears of papers published after
    confirming. A saved search past the time limit is skipped for the rest of the batch
    (logged), so one slow search costs one time limit, not one per paper.
    """
    done = 0
    while True:
        with transaction.atomic():
            papers = list(
                NewPaper.objects.select_for_update(skip_locked=True).order_by("pk")[:MATCH_BATCH]
            )
            if not papers:
                return done
            entries = _public_entries((p.kind, p.object_id) for p in papers)
            subscriptions: dict[int, list[Subscription]] = {}
            too_slow: set[int] = set()
            pending: list[PendingAlert] = []
            for paper in papers:
                entry = entries.get((paper.kind, paper.object_id))
                if entry is None:
                    continue  # no longer public, or an imported paper: never sent
                if entry.council_id not in subscriptions:
                    subscriptions[entry.council_id] = _active(entry.council_id)
                for sub in subscriptions[entry.council_id]:
                    if sub.pk in too_slow or sub.confirmed_at > paper.published_at:
                        continue
                    try:
                        hit = _hit(sub, entry)
                    except SearchTooSlow:
                        too_slow.add(sub.pk)
                        log.warning(
                            "Saved search of subscription %s ran past the time limit on entry "
                            "%s; skipped for this batch of new papers",
                            sub.pk,
                            entry.pk,
                        )
                        continue
                    if hit:
                        pending.append(
                            PendingAlert(
                                subscription=sub, kind=entry.kind, object_id=entry.object_id
                            )
                        )
            PendingAlert.objects.bulk_create(pending, ignore_conflicts=True)
            NewPaper.objects.filter(pk__in=[p.pk for p in papers]).delete()
        done += len(papers)


def digest_message(sub: Subscription, entries: list[SearchEntry]) -> EmailMessage:
    """One email listing every paper, with RFC 2369/8058 one-click unsubscribe headers."""
    unsubscribe = unsubscribe_url(sub)
    body = render_to_string(
        "alerts/email_digest.txt",
        {
            "subscription": sub,
            "papers": [(entry, absolute(sub, entry.url)) for entry in entries],
            "unsubscribe_url": unsubscribe,
            "council": sub.council,
        },
    )
    if len(entries) == 1:
        subject = f"{entries[0].get_kind_display()} published: {entries[0].title}"
    else:
        subject = f"{len(entries)} papers published: {sub.subject}"
    return EmailMessage(
        subject=one_line(subject)[:200],
        body=body,
        to=[sub.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _claim(
    subscription_id: int, now: datetime
) -> tuple[Subscription, list[PendingAlert], list[SearchEntry]] | None:
    """Claim what one subscriber's digest will send, in a short transaction.

    The subscription row is locked with SKIP LOCKED, so two digests never claim for the
    same subscriber at once; the lock is let go before the email goes, so neither the
    subscriber's unsubscribe nor (on SQLite) any other writer waits on SMTP. Papers no
    longer public, or already sent, are dropped here.

    FOR NO KEY UPDATE, not FOR UPDATE: a digest matching new papers inserts pending rows
    whose deferred foreign-key checks take KEY SHARE on this row at commit, after its
    page-cache generation bump; FOR UPDATE would block them while this transaction
    waits for that bump at its own commit, a deadlock (seen under the overlap test).
    """
    with transaction.atomic():
        sub = (
            Subscription.objects.select_for_update(skip_locked=True, no_key=True)
            .filter(pk=subscription_id)
            .first()
        )
        if sub is None:
            return None  # another digest is on this subscriber now
        waiting = PendingAlert.objects.filter(subscription=sub)
        if not sub.is_active or not sub.email:
            waiting.delete()
            return None
        rows = list(
            waiting.filter(
                Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE)
            ).order_by("pk")
        )
        entries = _public_entries((r.kind, r.object_id) for r in rows)
        sent = set(
            SentAlert.objects.filter(
                subscription=sub, entry_key__in=[r.entry_key for r in rows]
            ).values_list("entry_key", flat=True)
        )
        keep = [r for r in rows if (r.kind, r.object_id) in entries and r.entry_key not in sent]
        kept = {r.pk for r in keep}
        PendingAlert.objects.filter(pk__in=[r.pk for r in rows if r.pk not in kept]).delete()
        if not keep:
            return None
        # bulk-update-ok: alerts' own bookkeeping, unsearched, unaudited, no auto_now stamp.
        PendingAlert.objects.filter(pk__in=kept).update(claimed_at=now)
    return sub, keep, [entries[(r.kind, r.object_id)] for r in keep]


def send_digest(subscription_id: int) -> bool:
    """Send one subscriber one email listing every paper waiting for them; True if sent.

    Only after the email has gone are the papers recorded as sent; if it fails their
    claim is let go and they wait for the next digest.
    """
    now = timezone.now()
    claimed = _claim(subscription_id, now)
    if claimed is None:
        return False
    sub, rows, entries = claimed
    pks = [r.pk for r in rows]
    try:
        digest_message(sub, entries).send()
    except BaseException:
        # bulk-update-ok: alerts' own bookkeeping; a claim it cannot release lapses anyway.
        PendingAlert.objects.filter(pk__in=pks, claimed_at=now).update(claimed_at=None)
        raise
    with transaction.atomic():
        SentAlert.objects.bulk_create(
            [
                SentAlert(subscription=sub, entry=entry, entry_key=row.entry_key)
                for row, entry in zip(rows, entries, strict=True)
            ],
            ignore_conflicts=True,
        )
        PendingAlert.objects.filter(pk__in=pks).delete()
        # bulk-update-ok: one column of an unsearched, unaudited row with no auto_now stamp;
        # a save could write back a stale unsubscribed_at over a concurrent unsubscribe.
        Subscription.objects.filter(pk=sub.pk).update(last_sent_at=now)
    return True


def run_digests() -> DigestRun:
    """Match the new papers, then send every subscriber with papers waiting one email.

    Safe to run twice at once and to run again after a failure: nothing is recorded as
    sent before its email has gone, and nothing recorded as sent goes again. One
    subscriber's failed email does not stop the others'.
    """
    run = DigestRun()
    try:
        run.matched = match_new_papers()
    except Exception as error:
        log.exception("Alert digest: matching new papers failed; they wait for the next run")
        run.failures.append(f"matching new papers: {error!r}")
    waiting = (
        PendingAlert.objects.filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=timezone.now() - CLAIM_LEASE)
        )
        .order_by("subscription_id")
        .values_list("subscription_id", flat=True)
        .distinct()
    )
    for subscription_id in list(waiting):
        try:
            run.emails += send_digest(subscription_id)
        except Exception as error:
            log.exception(
                "Alert digest to subscription %s failed; its papers wait for the next run",
                subscription_id,
            )
            run.failures.append(f"subscription {subscription_id}: {error!r}")
    return run


def _entry_published(entry: SearchEntry) -> None:
    """Note a newly public paper for the next digest, in the publishing transaction.

    One publication is one paper. The hook once queued a task that emailed each
    subscriber one message per paper, so starting a set of 24 minutes sent 24 emails;
    the digest now collects a subscriber's papers into one email, and the minutes count
    once: a single minute's index entry is never noted (it is part of the minutes), the
    minutes are announced by their public document when they are published
    (``_announced``). Papers read from an imported archive were published years ago:
    importing a council's back catalogue must not alert anyone. ``ignore_conflicts``: a
    paper already waiting stays as it is, and publishing does not wait on a digest that
    has that row locked.
    """
    if entry.is_imported or entry.kind == EntryKind.MINUTE:
        return
    if entry.kind == EntryKind.DOCUMENT and not _announced(entry.object_id):
        return
    NewPaper.objects.bulk_create(
        [NewPaper(council_id=entry.council_id, kind=entry.kind, object_id=entry.object_id)],
        ignore_conflicts=True,
    )


def _announced(document_id: int) -> bool:
    """Whether a meeting document is a publication of its own, to be noted once.

    Not the accessible HTML copy of a generated PDF (the PDF is the paper), and not a
    new version of minutes already announced under the same title (each edit of
    published draft minutes makes a version); approval ("Draft minutes" becoming
    "Minutes") is announced.
    """
    from minutebook.documents.models import Document, DocumentKind, DocumentSource

    row = (
        Document.public_objects.filter(pk=document_id)
        .values("source", "media_type", "kind", "title", "replaces_id", "replaces__title")
        .first()
    )
    if row is None:
        return False  # not public: the index holds no entry for it either
    if row["source"] == DocumentSource.GENERATED and row["media_type"].startswith("text/html"):
        return False
    if row["kind"] == DocumentKind.MINUTES and row["replaces_id"] is not None:
        return row["replaces__title"] != row["title"]
    return True


def connect() -> None:
    if _entry_published not in indexing.on_new_entry:
        indexing.on_new_entry.append(_entry_published)
