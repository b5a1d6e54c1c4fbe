"""The systemd units in docs/deploying.md: valid units that run real minutebook commands."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutebook.cli import app

DOC = Path(__file__).resolve().parents[1] / "docs" / "deploying.md"
MINUTEBOOK = str(Path(sys.executable).with_name("minutebook"))


def units() -> dict[str, str]:
    """Each ```ini block that starts with a '# /etc/systemd/system/<name>' line."""
    found = {}
    for block in re.findall(r"```ini\n(.*?)```", DOC.read_text(), flags=re.S):
        first, _, body = block.partition("\n")
        match = re.match(r"# /etc/systemd/system/(\S+\.service)$", first)
        if match:
            found[match.group(1)] = body
    return found


def test_the_doc_has_a_unit_for_each_deployment_shape() -> None:
    assert set(units()) == {
        "minutebook.service",
        "minutebook-web.service",
        "minutebook-worker@.service",
        "minutebook-scheduler.service",
    }


@pytest.mark.parametrize("name", sorted(units()))
def test_unit_parses_and_runs_a_real_command(name: str) -> None:
    parser = configparser.ConfigParser(strict=True, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(units()[name])
    assert {"Unit", "Service", "Install"} <= set(parser.sections())
    service = parser["Service"]
    assert service["KillSignal"] == "SIGTERM"
    assert int(service["TimeoutStopSec"]) >= 20  # a worker's task and gunicorn's requests finish
    argv = shlex.split(service["ExecStart"])
    assert argv[0].startswith("/") and argv[0].endswith("/bin/minutebook")
    command, options = argv[1], [a for a in argv[2:] if a.startswith("--")]
    help_text = CliRunner().invoke(app, [command, "--help"], terminal_width=200)
    assert help_text.exit_code == 0, f"{name}: no `minutebook {command}`"
    for option in options:
        assert option in help_text.output, f"{name}: `minutebook {command}` has no {option}"


@pytest.mark.parametrize("name", sorted(units()))
def test_systemd_accepts_the_unit(name: str, tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (Debian package systemd)")
    text = re.sub(r"^ExecStart=\S+", f"ExecStart={MINUTEBOOK}", units()[name], flags=re.M)
    path = tmp_path / name.replace("@", "@test")
    path.write_text(text)
    done = subprocess.run(
        [analyze, "verify", "--man=no", str(path)], capture_output=True, text=True, timeout=60
    )
    ours = [line for line in done.stderr.splitlines() if str(path) in line]
    assert done.returncode == 0 and ours == [], done.stderr
