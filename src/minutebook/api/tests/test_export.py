"""Bulk export: ``minutebook export`` and the download, with exempt rows left out."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from typer.testing import CliRunner

from minutebook.cli import app
from minutebook.committees.factories import CommitteeFactory
from minutebook.councils.factories import CouncilFactory
from minutebook.documents.factories import DocumentFactory
from minutebook.meetings.factories import MeetingFactory

from .conftest import oparl_validators, schema_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def council() -> Any:
    council = CouncilFactory(slug="exporting")
    # A past meeting whose agenda is published: its papers are open to inspection
    # (s100B(1)). Fixed dates, since the factory's sequence reaches future ones.
    meeting = MeetingFactory(
        committee=CommitteeFactory(council=council),
        start=dt.datetime(2025, 3, 4, 10, tzinfo=dt.UTC),
        published_at=dt.datetime(2025, 2, 24, 10, tzinfo=dt.UTC),
    )
    DocumentFactory(
        council=council, meeting=meeting, title="Public notice", published_at=meeting.start
    )
    DocumentFactory(
        council=council,
        meeting=meeting,
        title="Secret appendix",
        exempt_paragraphs=[3],
        published_at=meeting.start,
    )
    return council


def read(data: bytes) -> dict[str, list[dict[str, Any]]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    out = {}
    for name in archive.namelist():
        text = archive.read(name).decode()
        if name.endswith(".jsonl"):
            out[name] = [json.loads(line) for line in text.splitlines()]
        else:
            out[name] = [json.loads(text)]
    return out


@pytest.fixture
def exported(council: Any, tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    """``minutebook export`` of the council, read back."""
    target = tmp_path / "export.zip"
    result = CliRunner().invoke(
        app,
        ["export", "--council", "exporting", "--out", str(target), "--base-url", "https://x.test"],
    )
    assert result.exit_code == 0, result.output
    return read(target.read_bytes())


def test_cli_export(exported: dict[str, list[dict[str, Any]]]) -> None:
    files = exported
    assert {"body.jsonl", "meeting.jsonl", "file.jsonl", "manifest.json"} <= set(files)
    assert files["body.jsonl"][0]["id"] == "https://x.test/oparl/v1/body/exporting"
    names = [f["name"] for f in files["file.jsonl"]]
    assert names == ["Public notice"]
    assert files["manifest.json"][0]["files"]["meeting.jsonl"] == 1
    assert b"Secret appendix" not in json.dumps(files).encode()


@pytest.mark.shared("oparl-1.1-schema")
def test_cli_export_is_valid_oparl(exported: dict[str, list[dict[str, Any]]]) -> None:
    validators = oparl_validators()
    checked = 0
    for name, objs in exported.items():
        if name.endswith(".jsonl") and name != "forward-plan-entry.jsonl":
            for obj in objs:
                assert schema_errors(validators, obj) == []
                checked += 1
    assert checked >= 4  # body, meeting, file and more: the loop really validated something


def test_cli_export_unknown_council(db: Any, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["export", "--council", "nowhere", "--out", str(tmp_path / "x")]
    )
    assert result.exit_code == 2


def test_download(council: Any, client: Client) -> None:
    response = client.get("/oparl/v1/body/exporting/export.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Access-Control-Allow-Origin"] == "*"
    files = read(b"".join(response.streaming_content))
    assert files["body.jsonl"][0]["id"] == "http://testserver/oparl/v1/body/exporting"
    assert b"Secret appendix" not in json.dumps(files).encode()
    assert client.get("/oparl/v1/body/nowhere/export.zip").status_code == 404
