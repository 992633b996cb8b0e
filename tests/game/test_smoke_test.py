"""``smallville --smoke-test`` from source: one line, exit 0; and a clear failure when the data
folder cannot be written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_smoke_test(home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SMALLVILLE_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "game", "--smoke-test"], capture_output=True, text=True,
                          timeout=180, env=env, check=False)


def test_smoke_test_passes_and_prints_one_line(tmp_path: Path) -> None:
    result = run_smoke_test(tmp_path / "home")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("smoke test ok:")
    assert "60 frames" in lines[0] and "30 simulation steps (offline model)" in lines[0]
    assert "saved and loaded back" in lines[0]
    assert (tmp_path / "home" / "data").is_dir()
    assert list((tmp_path / "home" / "data").iterdir()) == [], "the probe file must be cleaned up"


def test_smoke_test_reports_an_unwritable_data_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "data").write_text("a file where the data folder should be")
    result = run_smoke_test(home)
    assert result.returncode == 1
    assert result.stdout.startswith("smoke test FAILED:") and "not writable" in result.stdout
