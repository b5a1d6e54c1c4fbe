"""Email alerts: a resident asks to hear when papers for a committee, a ward or a saved
search are published.

Double opt-in: a subscription does nothing until its address confirms it through the
signed link sent to it. The addresses are personal data: an unsubscribed row keeps no
address (``unsubscribe`` blanks it) so the council holds only what it uses.

Papers reach subscribers in a periodic digest, one email listing all of them
(``services.run_digests``): a ``NewPaper`` is matched once against the subscriptions
into ``PendingAlert`` rows, and each paper emailed becomes a ``SentAlert``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class AlertKind(models.TextChoices):
    COMMITTEE = "committee", "A committee"
    WARD = "ward", "A ward"
    SEARCH = "search", "A saved search"


class Subscription(models.Model):
    council = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, related_name="alert_subscriptions"
    )
    email = models.EmailField(blank=True)
    kind = models.CharField(max_length=10, choices=AlertKind.choices)
    committee = models.ForeignKey(
        "committees.Committee",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alert_subscriptions",
    )
    ward = models.ForeignKey(
        "people.Ward",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alert_subscriptions",
    )
    query = models.CharField(max_length=200, blank=True, help_text="The saved search's words.")
    site_url = models.URLField(
        blank=True, help_text="The site's address when subscribed, for links in the emails."
    )
    created = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="committee") & Q(committee__isnull=False))
                | (Q(kind="ward") & Q(ward__isnull=False))
                | (Q(kind="search") & ~Q(query="")),
                name="alert_has_its_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def subject(self) -> str:
        if self.kind == AlertKind.COMMITTEE and self.committee_id:
            return str(self.committee)
        if self.kind == AlertKind.WARD and self.ward_id:
            return str(self.ward)
        return f"“{self.query}”"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class NewPaper(models.Model):
    """A paper the public index has just gained, waiting for the digest to match it.

    Written by the index's new-entry hook inside the publishing transaction, so a
    rolled-back publication leaves none. The search entry has no creation time of its
    own (``indexed_at`` moves on every save and every index rebuild), so
    ``published_at`` is what "new to a subscriber" is measured against. Kind and object
    id, not a foreign key: a rebuild deletes and recreates every entry and must not lose
    papers still waiting.
    """

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)
    object_id = models.PositiveBigIntegerField()
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_new_paper"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class PendingAlert(models.Model):
    """A new paper matched to a subscription, waiting for that subscriber's next digest.

    ``claimed_at`` is set while a digest is sending it, so an overlapping digest leaves
    it alone without holding a database lock across the SMTP exchange; a claim older
    than the lease (a worker killed mid-send) is taken up again.
    """

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="pending")
    kind = models.CharField(max_length=16)
    object_id = models.PositiveBigIntegerField()
    matched_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "kind", "object_id"], name="unique_pending_alert"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry_key} for subscription {self.subscription_id}"

    @property
    def entry_key(self) -> str:
        return f"{self.kind}:{self.object_id}"


class SentAlert(models.Model):
    """One paper sent to one subscription: the digest never sends the same paper twice."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="sent")
    entry = models.ForeignKey(
        "search.SearchEntry", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entry_key = models.CharField(max_length=40, help_text="kind:object id of the paper sent.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "entry_key"], name="unique_alert_per_paper"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry_key} to subscription {self.subscription_id}"
