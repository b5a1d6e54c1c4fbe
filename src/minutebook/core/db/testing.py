"""Test helper for database guards: a statement the triggers must refuse."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction


def assert_sql_refused(sql: str, params: list[Any], match: str = "immutable") -> None:
    """Run ``sql`` in its own savepoint and expect the database to refuse it."""
    with (
        pytest.raises(DatabaseError, match=match),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)
