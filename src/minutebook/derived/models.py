"""What still has to be rebuilt: one row per derived copy whose sources changed.

A save of a source writes its dependants' rows here in the saving transaction (so a
rolled-back change leaves nothing to rebuild, and a committed one cannot be lost by a
crash before the worker ran); the worker rebuilds them and deletes the rows.
"""

from __future__ import annotations

from django.db import models


class StaleCopy(models.Model):
    copy = models.CharField(max_length=40, help_text="The copy's name in the graph.")
    key = models.CharField(max_length=80, help_text="Which one, e.g. a meeting's id.")
    marked_at = models.DateTimeField(
        help_text="The latest change; a rebuild started before it leaves the row in place."
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["marked_at"]
        constraints = [
            models.UniqueConstraint(fields=["copy", "key"], name="unique_stale_copy"),
        ]

    def __str__(self) -> str:
        return f"{self.copy}:{self.key}"
