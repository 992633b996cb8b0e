"""Fixtures for the language-model tests: an isolated home folder, a clean environment, a test server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.model_server import ModelServer

_MODEL_ENV = (
    "OPENAI_API_KEY",
    "SMALLVILLE_BASE_URL",
    "SMALLVILLE_MODEL",
    "SMALLVILLE_API_KEY",
    "OPENAI_BASE_URL",
)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "smallville-home"
    monkeypatch.setenv("SMALLVILLE_HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    for name in _MODEL_ENV:
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def model_server() -> Iterator[ModelServer]:
    with ModelServer() as server:
        yield server
