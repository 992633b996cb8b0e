"""A review image: every sheet side by side, scaled up, on grass and on a wood floor.

Not shipped: it exists so a person can look at all residents at once (``--contact-sheet PATH``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pygame

from tools.character_art.canvas import Canvas
from tools.character_art.facing import SHEET_HEIGHT, SHEET_WIDTH

GAP = 8


def _grass(width: int, height: int) -> np.ndarray:
    ys, xs = np.mgrid[0:height, 0:width]
    noise = ((xs * 7 + ys * 13) % 11 < 2) | ((xs * 3 + ys * 5) % 17 == 0)
    image = np.zeros((height, width, 3), dtype=np.uint8)
    image[:] = (106, 168, 79)
    image[noise] = (88, 146, 66)
    return image


def _wood(width: int, height: int) -> np.ndarray:
    ys, xs = np.mgrid[0:height, 0:width]
    plank = (ys // 24) % 2
    image = np.zeros((height, width, 3), dtype=np.uint8)
    image[:] = (176, 124, 78)
    image[plank == 1] = (164, 114, 70)
    image[ys % 24 == 0] = (120, 80, 48)
    seams = ((xs + plank * 60) % 120 == 0)
    image[seams] = (120, 80, 48)
    return image


def render_contact_sheet(sheets: Sequence[Canvas], path: Path, zoom: int = 3, per_row: int = 13) -> None:
    """Two bands (grass, then wood) each holding all ``sheets`` at ``zoom``x."""
    rows = (len(sheets) + per_row - 1) // per_row
    cell_w, cell_h = SHEET_WIDTH * zoom + GAP, SHEET_HEIGHT * zoom + GAP
    band_h = rows * cell_h + GAP
    width = per_row * cell_w + GAP
    background = np.concatenate([_grass(width, band_h), _wood(width, band_h)], axis=0)
    target = pygame.image.frombuffer(np.ascontiguousarray(background).tobytes(), (width, band_h * 2), "RGB").copy()
    for band in range(2):
        for index, sheet in enumerate(sheets):
            row, column = divmod(index, per_row)
            scaled = pygame.transform.scale_by(sheet.to_surface(), zoom)
            target.blit(scaled, (GAP + column * cell_w, band * band_h + GAP + row * cell_h))
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(target, str(path))


def render_zoomed(canvas: Canvas, path: Path, zoom: int = 6) -> None:
    """One image at ``zoom``x on a neutral checker, to judge single pixels."""
    width, height = canvas.width * zoom, canvas.height * zoom
    ys, xs = np.mgrid[0:height, 0:width]
    checker = np.where((((xs // 24) + (ys // 24)) % 2 == 0)[..., None], 150, 170).astype(np.uint8)
    checker = np.repeat(checker, 3, axis=2)
    target = pygame.image.frombuffer(np.ascontiguousarray(checker).tobytes(), (width, height), "RGB").copy()
    target.blit(pygame.transform.scale_by(canvas.to_surface(), zoom), (0, 0))
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(target, str(path))
