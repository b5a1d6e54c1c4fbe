"""Scope tokens and newest-first keys in the full-text index (see ``search.fulltext``).

SQLite: two generated columns on search_searchentry, ``fts_key`` (the row's day number
shifted left 32 bits, plus its id: newest rows have the highest keys, ids stay below
2**32) and ``fts_scope`` (``zc<council> zm<committee> zk<kind>``); the FTS5 table is
remade with ``fts_key`` as its rowid and ``fts_scope`` as a third column, then filled
in one pass from the table ('rebuild') and compacted to one segment ('optimize').

PostgreSQL: a ``search_scope`` tsvector ('simple' words, so the tokens stay as they are)
in the same GIN index as ``search_vector``, so the index intersects a council's rows
with a word's; and a (date, id) index for walking matches newest first.

The columns are not Django fields: a later migration that makes Django remake this
table on SQLite (an AlterField, say) must run these statements again.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

FTS_TABLE = "search_searchentry_fts"
TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"
PG_CONFIG = "english"
SCOPE = "'zc' || {council} || ' zm' || {committee} || ' zk' || replace(kind, '_', '')"
COLUMNS = "title, body, fts_scope"

SQLITE_V1_TEARDOWN = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
SQLITE_V1_SETUP = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    f"title, body, content='search_searchentry', content_rowid='id', {TOKENIZE})",
    f"CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    f"CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    f"CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]

SQLITE_SETUP = [
    *SQLITE_V1_TEARDOWN,
    "ALTER TABLE search_searchentry ADD COLUMN fts_key INTEGER GENERATED ALWAYS AS ("
    "(coalesce(CAST(julianday(date) AS INTEGER), 0) << 32) + id) VIRTUAL",
    "ALTER TABLE search_searchentry ADD COLUMN fts_scope TEXT GENERATED ALWAYS AS ("
    + SCOPE.format(council="council_id", committee="coalesce(committee_id, 0)")
    + ") VIRTUAL",
    "CREATE UNIQUE INDEX search_entry_fts_key ON search_searchentry (fts_key)",
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({COLUMNS}, "
    f"content='search_searchentry', content_rowid='fts_key', {TOKENIZE})",
    "CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, {COLUMNS}) "
    "VALUES (new.fts_key, new.title, new.body, new.fts_scope); END",
    "CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {COLUMNS}) "
    "VALUES ('delete', old.fts_key, old.title, old.body, old.fts_scope); END",
    "CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {COLUMNS}) "
    "VALUES ('delete', old.fts_key, old.title, old.body, old.fts_scope); "
    f"INSERT INTO {FTS_TABLE}(rowid, {COLUMNS}) "
    "VALUES (new.fts_key, new.title, new.body, new.fts_scope); END",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')",
]
SQLITE_TEARDOWN = [
    *SQLITE_V1_TEARDOWN,
    "DROP INDEX IF EXISTS search_entry_fts_key",
    "ALTER TABLE search_searchentry DROP COLUMN fts_scope",
    "ALTER TABLE search_searchentry DROP COLUMN fts_key",
    *SQLITE_V1_SETUP,
]

POSTGRESQL_SETUP = [
    "ALTER TABLE search_searchentry ADD COLUMN search_scope tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple', "
    + SCOPE.format(council="council_id::text", committee="coalesce(committee_id, 0)::text")
    + ")) STORED",
    "DROP INDEX IF EXISTS search_entry_document",
    "CREATE INDEX search_entry_document ON search_searchentry "
    "USING gin (search_scope, search_vector)",
    "CREATE INDEX search_entry_newest ON search_searchentry (date DESC NULLS LAST, id DESC)",
    "ANALYZE search_searchentry",
]
POSTGRESQL_TEARDOWN = [
    "DROP INDEX IF EXISTS search_entry_newest",
    "DROP INDEX IF EXISTS search_entry_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_scope",
    "CREATE INDEX search_entry_document ON search_searchentry USING gin (search_vector)",
]


def run(statements: dict[str, list[str]]) -> Any:
    def apply(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_SETUP, "postgresql": POSTGRESQL_SETUP}),
            run({"sqlite": SQLITE_TEARDOWN, "postgresql": POSTGRESQL_TEARDOWN}),
        )
    ]
