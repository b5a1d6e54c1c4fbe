"""No application code calls ``QuerySet.update()`` without saying why that is harmless.

A bulk update sends no ``pre_save``/``post_save`` signals and leaves ``auto_now`` fields
alone, so it skips the search index, OParl tombstones, the audit trail and the
``modified`` stamps that ``modified_since`` clients sync by. Application code saves
each row instead (``minutebook.core.saving.save_each``), or marks a bulk update that
provably keeps nothing out of step with ``# bulk-update-ok: <reason>`` on the call.

The scan recognises a queryset by the shape of the receiver: a call chain that passes
through a manager attribute (``objects``, ``public_objects``, ``officer_objects``...) or
a queryset method (``filter``, ``exclude``...). ``dict.update``, ``set.update`` and
widget attributes have neither, so they never trip it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import minutebook

SRC = Path(minutebook.__file__).resolve().parent

MANAGER_NAMES = {
    "objects",
    "public_objects",
    "officer_objects",
    "_base_manager",
    "_default_manager",
}
QUERYSET_METHODS = {
    "all",
    "filter",
    "exclude",
    "order_by",
    "select_related",
    "prefetch_related",
    "select_for_update",
    "only",
    "defer",
    "distinct",
    "annotate",
    "alias",
    "using",
    "none",
}
MARKER = re.compile(r"#\s*bulk-update-ok:\s*\S")


def _is_queryset_chain(node: ast.expr) -> bool:
    """Whether ``node`` (the receiver of ``.update``) is built from a manager or queryset."""
    while True:
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                if func.attr in QUERYSET_METHODS:
                    return True
                node = func.value
                continue
            return False
        if isinstance(node, ast.Attribute):
            if node.attr in MANAGER_NAMES:
                return True
            node = node.value
            continue
        return False


def unmarked_bulk_updates(source: str) -> list[int]:
    """Line numbers of queryset ``.update(...)`` calls in ``source`` without the marker.

    The marker may sit on any line of the call, or in the comment lines just above it.
    """
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "update"
            and _is_queryset_chain(node.func.value)
        ):
            continue
        span = lines[node.lineno - 1 : node.end_lineno or node.lineno]
        above = node.lineno - 2
        while above >= 0 and lines[above].strip().startswith("#"):
            span.append(lines[above])
            above -= 1
        if not any(MARKER.search(line) for line in span):
            found.append(node.lineno)
    return sorted(found)


def application_modules() -> list[Path]:
    return sorted(
        path
        for path in SRC.rglob("*.py")
        if "tests" not in path.relative_to(SRC).parts
        and "migrations" not in path.relative_to(SRC).parts
        and not path.name.startswith("test_")
        and path.name != "conftest.py"
    )


def test_the_detector_tells_querysets_from_dicts_and_sets() -> None:
    source = "\n".join(
        [
            "Item.public_objects.filter(pk=1).update(order=2)",
            "Item.objects.update(flag=True)",
            "entries.filter(first__isnull=True).update(first=today)",
            "Decision.officer_objects.filter(a=1).exclude(b=2).update(\n    c=3\n)",
            "Item._base_manager.all().update(x=1)",
            "seen.update(on_page)",
            "initial.update(kind='x')",
            "self.fields['email'].widget.attrs.update(autocomplete='email')",
            "digest.update(chunk)",
            "found.setdefault(table, set()).update(events)",
            "Item.objects.filter(pk=1).update(x=1)  # bulk-update-ok: a reason",
            "# bulk-update-ok: the reason above the call",
            "Item.objects.filter(pk=2).update(x=1)",
            "Item.objects.filter(pk=3).update(x=1)  # bulk-update-ok:",
            "Item.objects.filter(pk=4).update(x=1)  # bulk-update-ok: this one only",
            "Item.objects.filter(pk=5).update(x=1)",
            "# bulk-update-ok: a reason over two comment lines,",
            "# the second one here",
            "Item.objects.filter(pk=6).update(x=1)",
        ]
    )
    assert unmarked_bulk_updates(source) == [1, 2, 3, 4, 7, 16, 18]


def test_the_scan_reads_application_code_only() -> None:
    modules = {p.relative_to(SRC).as_posix() for p in application_modules()}
    assert "meetings/services.py" in modules
    assert not any("/tests/" in m or "/migrations/" in m for m in modules)


def test_no_unmarked_bulk_update_in_application_code() -> None:
    offenders = [
        f"{path.relative_to(SRC)}:{line}"
        for path in application_modules()
        for line in unmarked_bulk_updates(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, (
        "QuerySet.update() skips the save signals (search index, OParl tombstones, audit) "
        "and auto_now 'modified'; save each row (minutebook.core.saving.save_each) or add "
        "'# bulk-update-ok: <reason>' where that is provably harmless: " + ", ".join(offenders)
    )
