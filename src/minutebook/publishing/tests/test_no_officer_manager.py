"""Public code must never reach exempt rows: it may not even name the officer manager.

The forbidden name is assembled at run time so this file does not trip its own scan.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]  # src/minutebook
FORBIDDEN = "officer" + "_objects"
#: Django's unfiltered managers reach exempt rows just the same.
ALSO_FORBIDDEN = ("_base" + "_manager", "_default" + "_manager")
#: Public code: the site, its templates, the API, search and alerts.
PUBLIC_ROOTS = [
    PACKAGE / "publishing",
    PACKAGE / "templates",
    PACKAGE / "api",
    PACKAGE / "search",
    PACKAGE / "alerts",
    PACKAGE / "feeds",
]
SCANNED_SUFFIXES = {".py", ".html", ".txt", ".xml", ".json", ".ics"}
#: Template folders that belong to officer code, not to the public site.
OFFICER_TEMPLATE_DIRS = {"backoffice", "admin", "officer", "members"}


def public_files(root: Path) -> list[Path]:
    """Source files under a public root, leaving out officer template folders."""
    files = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in SCANNED_SUFFIXES or not path.is_file():
            continue
        if path.resolve() == Path(__file__).resolve():
            continue
        parts = path.relative_to(root).parts
        if root.name == "templates" and parts[0] in OFFICER_TEMPLATE_DIRS:
            continue
        if "tests" in parts:
            continue  # tests read exempt rows on purpose, to set the trap they check

        files.append(path)
    return files


def offending_files(roots: list[Path]) -> list[str]:
    """Every public source file that names the officer manager, with line numbers."""
    hits: list[str] = []
    for root in roots:
        if not root.exists():
            continue
        for path in public_files(root):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if any(name in line for name in (FORBIDDEN, *ALSO_FORBIDDEN)):
                    hits.append(f"{path}:{number}: {line.strip()}")
    return hits


def test_public_code_never_names_the_officer_manager() -> None:
    hits = offending_files(PUBLIC_ROOTS)
    assert not hits, "public code must use public_objects only:\n" + "\n".join(hits)


def test_public_roots_exist() -> None:
    """A moved app must not make the scan silently pass over nothing."""
    assert (PACKAGE / "publishing" / "views.py").is_file()
    assert (PACKAGE / "templates" / "base.html").is_file()


@pytest.mark.parametrize("suffix", [".py", ".html"])
def test_scan_catches_a_planted_use(tmp_path: Path, suffix: str) -> None:
    planted = tmp_path / "api" / f"views{suffix}"
    planted.parent.mkdir()
    planted.write_text(f"x = Report.{FORBIDDEN}.all()\n", encoding="utf-8")
    assert offending_files([tmp_path / "api"]) == [f"{planted}:1: x = Report.{FORBIDDEN}.all()"]


@pytest.mark.parametrize("name", ALSO_FORBIDDEN)
def test_scan_catches_unfiltered_managers(tmp_path: Path, name: str) -> None:
    planted = tmp_path / "views.py"
    planted.write_text(f"Report.{name}.all()\n", encoding="utf-8")
    assert offending_files([tmp_path]) == [f"{planted}:1: Report.{name}.all()"]


def exempt_aware_forward_keys() -> set[str]:
    """Names of forward relations that point at an exempt-aware model.

    Following such a relation (``item.report``) uses Django's unfiltered base manager,
    so it would hand public code an exempt row. Public code reads ``*_id`` instead.
    """
    from django.apps import apps

    from minutebook.core.exempt import ExemptAwareModel

    names: set[str] = set()
    for model in apps.get_models():
        for f in model._meta.get_fields():
            target = getattr(f, "related_model", None)
            if (
                (f.many_to_one or f.one_to_one)
                and f.concrete
                and isinstance(target, type)
                and issubclass(target, ExemptAwareModel)
            ):
                names.add(f.name)
    return names


def forward_key_uses(roots: list[Path], names: set[str]) -> list[str]:
    """Public source lines that follow one of those relations as an attribute."""
    if not names:
        return []
    pattern = re.compile(r"\.(" + "|".join(sorted(map(re.escape, names))) + r")(?![\w])")
    hits: list[str] = []
    for root in roots:
        if not root.exists():
            continue
        for path in public_files(root):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    hits.append(f"{path}:{number}: {line.strip()}")
    return hits


def test_exempt_aware_forward_keys_are_known() -> None:
    """The agenda item's report link is the relation this guard exists for."""
    assert "report" in exempt_aware_forward_keys()


def test_public_code_never_follows_a_forward_key_to_exempt_rows() -> None:
    hits = forward_key_uses(PUBLIC_ROOTS, exempt_aware_forward_keys())
    assert not hits, "read the *_id and use public_objects instead:\n" + "\n".join(hits)


def test_forward_key_scan_catches_a_planted_use(tmp_path: Path) -> None:
    planted = tmp_path / "item.html"
    planted.write_text("{{ item.report.body }}\n{{ item.report_id }}\n", encoding="utf-8")
    assert forward_key_uses([tmp_path], {"report"}) == [f"{planted}:1: {{{{ item.report.body }}}}"]


def test_officer_templates_are_left_out_but_public_ones_scanned(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "backoffice").mkdir(parents=True)
    (templates / "publishing").mkdir()
    (templates / "backoffice" / "x.html").write_text(f"{FORBIDDEN}\n", encoding="utf-8")
    (templates / "publishing" / "y.html").write_text(f"{FORBIDDEN}\n", encoding="utf-8")
    (templates / "base.html").write_text(f"{FORBIDDEN}\n", encoding="utf-8")
    hits = offending_files([templates])
    assert [h.split(":")[0] for h in hits] == [
        str(templates / "base.html"),
        str(templates / "publishing" / "y.html"),
    ]
