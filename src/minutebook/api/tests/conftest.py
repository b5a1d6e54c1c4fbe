from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from jsonschema import Draft7Validator
from referencing import Registry, Resource

from minutebook.core.testing_shared import needs_shared
from minutebook.demo.testing import demo_loaded

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
def demo(django_db_setup: Any, django_db_blocker: Any, run_tmp: Path) -> Iterator[Any]:
    """The demo council for the module, gone at its end (``demo_loaded``: loaded once per
    run on SQLite).

    Each test still runs in its own transaction (``django_db``), so what a test changes
    is gone before the next; loading the demo per test cost ~8 s each.
    """
    with django_db_blocker.unblock(), demo_loaded(TODAY, run_tmp) as demo:
        yield demo


@pytest.fixture(autouse=True)
def _fresh_page_cache() -> None:
    """A test's writes are rolled back but the public page cache is not: start empty."""
    cache.clear()


@pytest.fixture(autouse=True)
def _base_url(settings: Any) -> None:
    """Ids are built from MINUTEBOOK_BASE_URL: the test client's own host, here."""
    settings.MINUTEBOOK_BASE_URL = "http://testserver"
