"""PostgreSQL: a month word (``zd202611``; ``zd0`` undated) among each row's scope words.

The GIN index cannot return rows in date order, and walking the (date, id) index while
testing each row's tsvector costs a tsvector read per row: fine for a word in every
other paper, slow for one in every fiftieth. With the month in the GIN index, the newest
matches are found month by month, each an index intersection (see
``fulltext._pg_newest``). SQLite needs nothing: its FTS5 rowid is already in date order.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

SCOPE = (
    "to_tsvector('simple', 'zc' || council_id::text || ' zm' || "
    "coalesce(committee_id, 0)::text || ' zk' || replace(kind, '_', ''){month})"
)
MONTH = " || ' zd' || coalesce((extract(year FROM date) * 100 + extract(month FROM date))::int, 0)::text"


def _scope(expression: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS search_entry_document",
        "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_scope",
        "ALTER TABLE search_searchentry ADD COLUMN search_scope tsvector "
        f"GENERATED ALWAYS AS ({expression}) STORED",
        "CREATE INDEX search_entry_document ON search_searchentry "
        "USING gin (search_scope, search_vector)",
        "ANALYZE search_searchentry",
    ]


def run(statements: list[str]) -> Any:
    def apply(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0003_scoped_fulltext")]

    operations = [
        migrations.RunPython(
            run(_scope(SCOPE.format(month=MONTH))), run(_scope(SCOPE.format(month="")))
        )
    ]
