"""The full-text half of the index, which differs by database (see ``search.fulltext``)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from minutebook.search import fulltext


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": fulltext.SQLITE_SETUP, "postgresql": fulltext.POSTGRESQL_SETUP}),
            _run({"sqlite": fulltext.SQLITE_TEARDOWN, "postgresql": fulltext.POSTGRESQL_TEARDOWN}),
        )
    ]
