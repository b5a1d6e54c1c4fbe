"""Copies of other OParl servers' records, kept apart from this council's own.

A mirror holds each object as the source served it (its OParl JSON), keyed by the
source's id, never as a minutebook Committee, Meeting or Report: nothing mirrored can be
edited at /officer/, reach this site's public pages or API, or be mistaken for this
council's record. ``minutebook mirror URL`` is the only writer (``mirror.sync``).
"""

from __future__ import annotations

from django.db import models


class MirrorSource(models.Model):
    """One server mirrored, by the address given to ``minutebook mirror``."""

    url = models.URLField(max_length=500, unique=True)
    #: The source's own clock at the start of the last sync, less the overlap: the next
    #: sync asks for ``modified_since`` this. None until a first full crawl succeeds.
    since = models.DateTimeField(null=True, blank=True)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_full_at = models.DateTimeField(null=True, blank=True)
    syncs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.url


class MirroredObject(models.Model):
    """One OParl object of a source, exactly as last served (embedded objects inside)."""

    source = models.ForeignKey(MirrorSource, on_delete=models.CASCADE, related_name="held")
    #: The source's id: an absolute URL on the source.
    oparl_id = models.URLField(max_length=500)
    oparl_type = models.CharField(max_length=200)
    data = models.JSONField()
    fetched_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "oparl_id"], name="unique_mirrored_object"),
        ]
        indexes = [models.Index(fields=["source", "oparl_type"])]

    def __str__(self) -> str:
        return self.oparl_id
