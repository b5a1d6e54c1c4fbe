"""The public search index: one row per publishable thing, text as the public sees it.

Rows are written only by ``minutebook.search.indexing``, which reads every source
through ``public_objects`` (or a model with no exempt content) and only once the
thing is open to inspection, so an exempt report, appendix, minute or decision never
has a row. The full-text part lives beside this table and depends on the database:
an FTS5 table kept in step by triggers on SQLite (its rowid the generated column
``fts_key``, its scope words the generated column ``fts_scope``), generated
``search_vector`` and ``search_scope`` tsvector columns in one GIN index on PostgreSQL
(migrations 0002 and 0003; ``minutebook.search.fulltext`` explains the layout). Those
columns are not Django fields: a migration that makes Django remake this table on
SQLite (an AlterField, say) drops them and the triggers, and must run 0003's
statements again.
"""

from __future__ import annotations

from django.db import models


class EntryKind(models.TextChoices):
    REPORT = "report", "Report"
    APPENDIX = "appendix", "Appendix"
    DOCUMENT = "document", "Meeting document"
    AGENDA_ITEM = "agenda_item", "Agenda item"
    MINUTE = "minute", "Minutes"
    DECISION = "decision", "Decision"
    FORWARD_PLAN = "forward_plan", "Forward plan entry"


class SearchEntry(models.Model):
    kind = models.CharField(max_length=16, choices=EntryKind.choices, db_index=True)
    object_id = models.PositiveBigIntegerField()
    council = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, related_name="search_entries"
    )
    committee = models.ForeignKey(
        "committees.Committee",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_entries",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_entries",
    )
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    date = models.DateField(null=True, blank=True, db_index=True)
    is_imported = models.BooleanField(default=False)
    ward_ids = models.JSONField(default=list, blank=True, help_text="Wards the matter affects.")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "title"]
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_source"),
        ]
        indexes = [models.Index(fields=["council", "date"], name="search_council_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
