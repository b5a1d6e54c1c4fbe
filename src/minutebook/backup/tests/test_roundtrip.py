"""The acceptance test of ``minutebook backup`` and ``restore``.

A council with public and exempt business, uploaded files and a generated agenda pack
is backed up; ``minutebook restore`` (a subprocess, as an operator runs it) loads the
archive into a new, empty database of the same engine and a new MEDIA_ROOT. A crawl of
the public site from the home page then gives the same pages (status and body) from
both, every table holds the same rows (exempt ones and the audit trail included), the
files are byte-identical, and the public page cache has a new generation. Runs on the
engine the suite runs on: SQLite, or PostgreSQL when DATABASE_URL names it.
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from minutebook.audit.models import AuditEvent
from minutebook.backup.manifest import Manifest
from minutebook.backup.service import backup
from minutebook.backup.tests import site_snapshot
from minutebook.backup.tests.helpers import environment, minutebook, new_database, snapshot_of
from minutebook.documents.models import Document
from minutebook.packs.services import generate_pack
from minutebook.publishing.tests.scenario import CANARY, build_scenario
from minutebook.reports.models import Report

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _manifest(archive: Path) -> Manifest:
    with tarfile.open(archive, "r:gz") as tar:
        handle = tar.extractfile("manifest.json")
        assert handle is not None
        return Manifest.from_bytes(handle.read())


def test_restore_into_a_new_database_serves_the_same_site(tmp_path: Path, media_root: Path) -> None:
    scenario = build_scenario()
    packs = generate_pack(scenario.held)
    assert any(g.document.is_exempt for g in packs), "the members' pack is the exempt one"
    assert Report.officer_objects.filter(is_exempt=True).exists()
    assert AuditEvent.objects.exists(), "the scenario's saves are audited"
    # The state of a site that has been started (``serve`` migrates at every start), as
    # restore leaves it: the first migrate of a new database grants the role groups
    # only the permissions of apps migrated before accounts; the next grants the rest.
    call_command("migrate", verbosity=0)
    archive = tmp_path / "site.tar.gz"
    backup(archive)
    original = site_snapshot.snapshot(Client())

    restored_media = tmp_path / "restored-media"
    with new_database(tmp_path) as url:
        env = environment(url, restored_media)
        done = minutebook("restore", str(archive), env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Restored." in done.stdout
        out = tmp_path / "restored.json"
        crawled = snapshot_of(out, env)
        assert crawled.returncode == 0, crawled.stderr
        again = tmp_path / "again.tar.gz"
        done = minutebook("backup", "--out", str(again), env=env)
        assert done.returncode == 0, done.stdout + done.stderr
    restored = json.loads(out.read_text())

    pages = original["pages"]
    assert len(pages) >= 50, f"the crawl reached only {len(pages)} pages"
    assert any("/items/" in url for url in pages) and any("/documents/" in url for url in pages)
    differ = sorted(
        u
        for u in pages.keys() | restored["pages"].keys()
        if pages.get(u) != restored["pages"].get(u)
    )
    assert differ == [], f"{len(differ)} pages differ, e.g. {differ[:5]}"
    assert not any(CANARY in page[3] for page in pages.values()), "the crawl is public"

    # Every row of every table, exempt ones and the audit trail included.
    assert restored["rows"] == original["rows"]
    assert restored["audit"] == original["audit"]
    assert len(original["audit"]) == AuditEvent.objects.count() > 0
    for label in (
        "documents.Document",
        "reports.Report",
        "decisions.MinuteItem",
        "decisions.Decision",
    ):
        model = apps.get_model(label)
        entry = original["rows"][label]
        assert entry["officer"] == model.officer_objects.count() == entry["rows"]
        assert entry["officer"] > entry["public"] == model.public_objects.count(), label
    assert _manifest(archive).counts["audit_auditevent"] == AuditEvent.objects.count()

    # The files, byte for byte, exempt appendices and both packs among them.
    files = _files(media_root)
    assert files and _files(restored_media) == files
    for document in Document.officer_objects.exclude(file=""):
        assert document.file.name in files

    # The page cache does not reuse the backed-up generation.
    assert restored["generation"] != original["generation"]
    assert restored["generation"].split(".")[1] != original["generation"].split(".")[1]

    # The restored site backs up to the same rows and migrations.
    first, second = _manifest(archive), _manifest(again)
    assert second.counts == first.counts
    assert second.migrations == first.migrations
    assert second.media.keys() == first.media.keys()
