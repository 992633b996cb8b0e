"""Writes every resident's sheet and portrait into a world folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.character_art.appearance import Resident
from tools.character_art.canvas import Canvas
from tools.character_art.portrait_painter import paint_portrait
from tools.character_art.residents import RESIDENTS
from tools.character_art.sheet_painter import paint_sheet

CHARACTERS_DIR = "characters"
PORTRAITS_DIR = "portraits"
DEFAULT_WORLD_FOLDER = Path(__file__).resolve().parents[2] / "assets" / "worlds" / "smallville"


@dataclass(frozen=True)
class BuiltArt:
    """What one build wrote: the files and the painted sheets (for a contact sheet)."""

    files: tuple[Path, ...]
    sheets: tuple[Canvas, ...]


def sheet_path(world_folder: Path, resident: Resident) -> Path:
    return world_folder / CHARACTERS_DIR / f"{resident.file_stem}.png"


def portrait_path(world_folder: Path, resident: Resident) -> Path:
    return world_folder / PORTRAITS_DIR / f"{resident.file_stem}.png"


def build_all(world_folder: Path, residents: Sequence[Resident] = RESIDENTS) -> BuiltArt:
    """Paint and save every resident's sheet and portrait under ``world_folder``."""
    files: list[Path] = []
    sheets: list[Canvas] = []
    for resident in residents:
        sheet = paint_sheet(resident.look)
        sheet.save_png(sheet_path(world_folder, resident))
        paint_portrait(resident.look).save_png(portrait_path(world_folder, resident))
        files.extend((sheet_path(world_folder, resident), portrait_path(world_folder, resident)))
        sheets.append(sheet)
    return BuiltArt(files=tuple(files), sheets=tuple(sheets))
