"""Django's PostgreSQL backend with the maintenance switch (see ``minutebook.core.db``)."""

from __future__ import annotations

from django.db.backends.postgresql import base, operations

from minutebook.core.db import maintenance


class DatabaseOperations(operations.DatabaseOperations):
    def execute_sql_flush(self, sql_list: list[str]) -> None:
        with maintenance(self.connection):
            super().execute_sql_flush(sql_list)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
