"""A world's art checked on the agents side (no pygame): the images its map names and its residents'
character sheets, so ``world info`` reports what the window would refuse or draw as a stand-in.

A map whose tileset image is missing or damaged cannot be drawn: :func:`check_map_images` raises the
:class:`~agents.world.errors.WorldFormatError` the window shows. A missing or damaged character sheet
is drawn as a plain figure; :func:`character_sheet_problem` says why.
"""

from __future__ import annotations

from pathlib import Path

from agents.world.errors import WorldFormatError
from agents.world.map_limits import check_declared_sizes
from agents.world.png_check import PngProblem, png_problem, png_size_px

SHEET_COLUMNS, SHEET_ROWS = 3, 4


def map_image_problems(map_path: Path) -> list[tuple[Path, str]]:
    """(image, what is wrong) for every image the map at ``map_path`` names that is not a whole PNG."""
    found: list[tuple[Path, str]] = []
    for image in check_declared_sizes(map_path).images:
        problem = png_problem(image)
        if problem is not None:
            found.append((image, problem))
    return found


def check_map_images(map_path: Path) -> None:
    """A WorldFormatError naming the first image of the map at ``map_path`` that cannot be drawn."""
    for image, problem in map_image_problems(map_path):
        raise WorldFormatError(image, f"this tileset image of {map_path.name} {problem}",
                               hint="restore the image from the world's source, or re-export it from your editor")


def character_sheet_problem(path: Path) -> str | None:
    """Why the sheet at ``path`` would be drawn as a plain figure (missing, damaged, not 3 x 4 square
    frames), or None when it is a good sheet."""
    problem = png_problem(path)
    if problem is not None:
        return problem
    try:
        width, height = png_size_px(path)
    except (PngProblem, OSError) as error:  # changed since it was checked
        return str(error)
    if width % SHEET_COLUMNS or height % SHEET_ROWS or width // SHEET_COLUMNS != height // SHEET_ROWS:
        return f"is {width} x {height} px, not {SHEET_COLUMNS} x {SHEET_ROWS} square frames"
    return None
