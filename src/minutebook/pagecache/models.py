"""The one-row table whose value changes whenever data the public site shows changes."""

from __future__ import annotations

from django.db import models


class PublicGeneration(models.Model):
    """The public data's generation; database triggers rewrite it on every write.

    ``number`` counts bumps (for operators); ``token`` is a fresh random value at every
    bump, so a generation is never reused even when a transaction that bumped it rolls
    back or the database is restored from a backup: a page cached under one generation
    can only be served while the data is exactly as it was when the page was rendered.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    number = models.BigIntegerField(default=0)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "public data generation"

    def __str__(self) -> str:
        return f"generation {self.number}"
