from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from jsonschema import Draft7Validator
from referencing import Registry, Resource

from minutebook.core.testing_shared import needs_shared
from minutebook.demo import load_demo

TODAY = date(2025, 3, 12)


def oparl_validators() -> dict[str, Draft7Validator]:
    """A validator per OParl type, with the schemas' relative ``$ref``s ("File.json").

    The schemas are ../shared/oparl-1.1-schema: the test (or subtest) skips without them.
    """
    schema_dir = needs_shared("oparl-1.1-schema")
    schemas = {p.stem: json.loads(p.read_text()) for p in sorted(schema_dir.glob("*.json"))}
    assert "System" in schemas and "Body" in schemas, f"not the OParl schemas: {schema_dir}"
    resources = []
    for schema in schemas.values():
        resource = Resource.from_contents(schema)
        resources += [(schema["$id"], resource), (schema["$id"] + ".json", resource)]
    registry = Registry().with_resources(resources)
    return {name: Draft7Validator(schema, registry=registry) for name, schema in schemas.items()}


def schema_errors(validators: dict[str, Draft7Validator], obj: dict[str, Any]) -> list[str]:
    name = str(obj.get("type", "")).rsplit("/", 1)[-1]
    if name not in validators:
        return [f"{obj.get('id')}: unknown type {obj.get('type')!r}"]
    return [
        f"{obj['id']}: {e.message} at {list(e.path)}" for e in validators[name].iter_errors(obj)
    ]


@pytest.fixture(scope="module")
def demo(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """The demo council, loaded once per module and rolled back at its end.

    Each test still runs in its own transaction inside this one (``django_db``), so what
    a test changes is gone before the next; loading the demo per test cost ~8 s each.
    """
    media = tmp_path_factory.mktemp("demo-media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        yield load_demo(seed=1, today=TODAY)
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh_page_cache() -> None:
    """A test's writes are rolled back but the public page cache is not: start empty."""
    cache.clear()


@pytest.fixture(autouse=True)
def _base_url(settings: Any) -> None:
    """Ids are built from MINUTEBOOK_BASE_URL: the test client's own host, here."""
    settings.MINUTEBOOK_BASE_URL = "http://testserver"
