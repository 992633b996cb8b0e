"""Character sheets: 3 columns x 4 rows of square frames (rows down, left, right, up), cut into
frames once and scaled per zoom on demand."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.render.resident_pose import Facing

SHEET_COLUMNS, SHEET_ROWS = 3, 4


class CharacterSheet:
    """The frames of one resident's sheet, with per-zoom scaled copies."""

    def __init__(self, image: pygame.Surface, source: str) -> None:
        width, height = image.get_size()
        if width % SHEET_COLUMNS or height % SHEET_ROWS or width // SHEET_COLUMNS != height // SHEET_ROWS:
            raise ValueError(f"{source}: a character sheet must be 3 x 4 square frames, got {width} x {height} px")
        self.frame_size_px = width // SHEET_COLUMNS
        size = self.frame_size_px
        self._frames = {(row, column): image.subsurface((column * size, row * size, size, size)).copy()
                        for row in range(SHEET_ROWS) for column in range(SHEET_COLUMNS)}
        self._scaled: dict[tuple[int, int, float], pygame.Surface] = {}

    @classmethod
    def load(cls, path: Path) -> CharacterSheet:
        try:
            image = pygame.image.load(str(path)).convert_alpha()
        except (pygame.error, OSError) as error:
            raise ValueError(f"{path}: cannot load character sheet ({error})") from error
        return cls(image, str(path))

    @classmethod
    def plain_figure(cls, colour: tuple[int, int, int], frame_size_px: int) -> CharacterSheet:
        """A plain figure for a resident whose sheet file is missing (the world check reports it)."""
        size = frame_size_px
        image = pygame.Surface((size * SHEET_COLUMNS, size * SHEET_ROWS), pygame.SRCALPHA)
        for row in range(SHEET_ROWS):
            for column in range(SHEET_COLUMNS):
                body = pygame.Rect(column * size + size // 4, row * size + size // 4, size // 2, size * 3 // 4)
                pygame.draw.ellipse(image, (*colour, 255), body)
                pygame.draw.ellipse(image, (20, 20, 20, 255), body, 1)
        return cls(image, "missing sheet")

    def frame(self, facing: Facing, column: int, zoom: float) -> pygame.Surface:
        key = (int(facing), column, zoom)
        scaled = self._scaled.get(key)
        if scaled is None:
            base = self._frames[(int(facing), column)]
            side = max(1, round(self.frame_size_px * zoom))
            scaled = base if zoom == 1.0 else pygame.transform.scale(base, (side, side))
            self._scaled[key] = scaled
        return scaled
