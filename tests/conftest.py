"""Test-wide setup: headless SDL, per-user folders in a temporary directory, and the original
town's data (skipped with a reason when it is absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

REPO_ROOT = Path(__file__).resolve().parent.parent
ORIGINAL_DATA_ENV = "SMALLVILLE_ORIGINAL"


def original_data_dir() -> Path:
    """Where the original town's data is: $SMALLVILLE_ORIGINAL or ../shared/smallville-original."""
    configured = os.environ.get(ORIGINAL_DATA_ENV)
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "smallville-original"


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own per-user folders (settings, caches, saves) under a temp dir."""
    home = tmp_path_factory.mktemp("smallville-home")
    monkeypatch.setenv("SMALLVILLE_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def original_source() -> Path:
    folder = original_data_dir()
    if not (folder / "MANIFEST.md").is_file():
        pytest.skip(f"the original town's data is not at {folder} (set {ORIGINAL_DATA_ENV} to a copy of "
                    "shared/smallville-original to run these tests)")
    return folder


@pytest.fixture(scope="session")
def imported_original(original_source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The original town imported once per test session; tests must not modify it."""
    from agents.world.original_import.importer import import_original

    out = tmp_path_factory.mktemp("imported") / "the_ville"
    import_original(original_source, out)
    return out
