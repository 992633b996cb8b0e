"""The generated character art: every resident has a well-formed walk sheet and portrait, the sheets
differ from each other, and the generator rebuilds the shipped files byte for byte."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pygame
import pytest

from tools.character_art.build import build_all, portrait_path, sheet_path
from tools.character_art.facing import FRAME_SIZE, PORTRAIT_SIZE, SHEET_HEIGHT, SHEET_WIDTH
from tools.character_art.residents import RESIDENTS

REPO_ROOT = Path(__file__).resolve().parents[2]
WORLD_FOLDER = REPO_ROOT / "assets" / "worlds" / "smallville"
EXPECTED_NAMES = {
    "Latoya Williams", "Rajiv Patel", "Abigail Chen", "Francisco Lopez", "Hailey Johnson", "Arthur Burton",
    "Ryan Park", "Isabella Rodriguez", "Giorgio Rossi", "Carlos Gomez", "Klaus Mueller", "Maria Lopez",
    "Ayesha Khan", "Wolfgang Schulz", "Mei Lin", "John Lin", "Eddy Lin", "Tom Moreno", "Jane Moreno",
    "Tamara Taylor", "Carmen Ortiz", "Sam Moore", "Jennifer Moore", "Yuriko Yamamoto", "Adam Smith",
}
PNG_COLOR_TYPE_RGBA = 6
MIN_MEAN_DISTANCE_BETWEEN_SHEETS = 4.0


def _rgba(path: Path) -> np.ndarray:
    """The image as an array [y, x, (r, g, b, a)]."""
    surface = pygame.image.load(str(path))
    rgb = pygame.surfarray.array3d(surface).transpose(1, 0, 2)
    alpha = pygame.surfarray.array_alpha(surface).T
    return np.dstack([rgb, alpha])


def _is_rgba_png(path: Path) -> bool:
    header = path.read_bytes()[:26]
    return header[:8] == b"\x89PNG\r\n\x1a\n" and header[25] == PNG_COLOR_TYPE_RGBA


@pytest.fixture(scope="module")
def sheets() -> dict[str, np.ndarray]:
    return {resident.name: _rgba(sheet_path(WORLD_FOLDER, resident)) for resident in RESIDENTS}


def _frames(sheet: np.ndarray) -> list[list[np.ndarray]]:
    return [[sheet[row * FRAME_SIZE:(row + 1) * FRAME_SIZE, column * FRAME_SIZE:(column + 1) * FRAME_SIZE]
             for column in range(3)] for row in range(4)]


def test_the_cast_is_the_25_residents() -> None:
    names = [resident.name for resident in RESIDENTS]
    assert len(names) == len(set(names)) == 25
    assert set(names) == EXPECTED_NAMES


def test_every_resident_has_an_rgba_sheet_and_portrait() -> None:
    for resident in RESIDENTS:
        sheet, portrait = sheet_path(WORLD_FOLDER, resident), portrait_path(WORLD_FOLDER, resident)
        assert sheet.name == f"{resident.name.replace(' ', '_')}.png"
        assert _is_rgba_png(sheet), sheet
        assert _is_rgba_png(portrait), portrait
        assert _rgba(sheet).shape == (SHEET_HEIGHT, SHEET_WIDTH, 4)
        assert _rgba(portrait).shape == (PORTRAIT_SIZE, PORTRAIT_SIZE, 4)


def test_frame_corners_are_transparent_and_the_figure_stands_in_the_lower_part(
        sheets: dict[str, np.ndarray]) -> None:
    for name, sheet in sheets.items():
        for row, frames in enumerate(_frames(sheet)):
            for column, frame in enumerate(frames):
                where = f"{name} row {row} column {column}"
                alpha = frame[:, :, 3]
                assert alpha[0, 0] == alpha[0, -1] == alpha[-1, 0] == alpha[-1, -1] == 0, where
                assert not alpha[0].any(), f"{where}: touches the top edge"
                assert (alpha[FRAME_SIZE // 2:] > 0).sum() > 100, f"{where}: no body in the lower half"
                assert (alpha[-4:] > 0).any(), f"{where}: no feet near the bottom"
                assert set(np.unique(alpha)) <= {0, 255}, f"{where}: alpha should be on or off"


def test_walk_frames_differ_from_the_standing_frame(sheets: dict[str, np.ndarray]) -> None:
    for name, sheet in sheets.items():
        for row, (first, standing, second) in enumerate(_frames(sheet)):
            assert not np.array_equal(first, standing), f"{name} row {row}: frame 0 equals frame 1"
            assert not np.array_equal(second, standing), f"{name} row {row}: frame 2 equals frame 1"
            assert not np.array_equal(first, second), f"{name} row {row}: frame 0 equals frame 2"


def test_right_row_is_the_mirror_of_the_left_row(sheets: dict[str, np.ndarray]) -> None:
    for name, sheet in sheets.items():
        left, right = _frames(sheet)[1], _frames(sheet)[2]
        for column in range(3):
            assert np.array_equal(right[column], left[column][:, ::-1]), name


def test_sheets_are_pairwise_distinct(sheets: dict[str, np.ndarray]) -> None:
    premultiplied = {name: sheet[:, :, :3].astype(float) * (sheet[:, :, 3:] / 255.0)
                     for name, sheet in sheets.items()}
    for (name_a, a), (name_b, b) in itertools.combinations(premultiplied.items(), 2):
        distance = float(np.abs(a - b).mean())
        assert distance > MIN_MEAN_DISTANCE_BETWEEN_SHEETS, f"{name_a} and {name_b} look alike ({distance:.2f})"


def test_portraits_are_distinct_and_filled() -> None:
    portraits = [_rgba(portrait_path(WORLD_FOLDER, resident)) for resident in RESIDENTS]
    for resident, portrait in zip(RESIDENTS, portraits, strict=True):
        alpha = portrait[:, :, 3]
        assert alpha[0, 0] == 0 and alpha[32, 32] == 255, resident.name
    for a, b in itertools.combinations(portraits, 2):
        assert not np.array_equal(a, b)


def test_generator_rebuilds_the_shipped_files_byte_for_byte(tmp_path: Path) -> None:
    chosen = (RESIDENTS[0], RESIDENTS[7], RESIDENTS[-1])
    build_all(tmp_path, chosen)
    for resident in chosen:
        for path_of in (sheet_path, portrait_path):
            rebuilt, shipped = path_of(tmp_path, resident), path_of(WORLD_FOLDER, resident)
            assert rebuilt.read_bytes() == shipped.read_bytes(), (
                f"{shipped} is stale: run python -m tools.character_art")
