"""Fixtures for the front end: a headless display and a world to draw (the shipped Smallville when
its map exists, else the imported original town)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from agents.paths import shipped_worlds_dir
from tests.conftest import original_data_dir

SHIPPED_WORLD = shipped_worlds_dir() / "smallville"


@pytest.fixture()
def display() -> Iterator[pygame.Surface]:
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode((1280, 720))
    yield screen
    pygame.quit()


@pytest.fixture(scope="session")
def drawable_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A world folder with art, a scenario and character sheets."""
    if (SHIPPED_WORLD / "map.tmx").is_file() and (SHIPPED_WORLD / "scenarios").is_dir():
        return SHIPPED_WORLD
    source = original_data_dir()
    if not (source / "MANIFEST.md").is_file():
        pytest.skip("neither the shipped world nor the original town's data is available to draw")
    from agents.world.original_import.importer import import_original

    out = tmp_path_factory.mktemp("drawable") / "the_ville"
    import_original(source, out)
    return out
