"""Django's SQLite backend with the maintenance switch (see ``minutebook.core.db``)."""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import base, operations

from minutebook.core.db import maintenance


class DatabaseOperations(operations.DatabaseOperations):
    def execute_sql_flush(self, sql_list: list[str]) -> None:
        with maintenance(self.connection):
            super().execute_sql_flush(sql_list)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    mb_maintenance = False

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        conn = super().get_new_connection(conn_params)
        conn.create_function("mb_maintenance", 0, lambda: 1 if self.mb_maintenance else 0)
        return conn
