from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
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


@pytest.fixture
def demo(db: Any) -> Any:
    return load_demo(seed=1, today=TODAY)
