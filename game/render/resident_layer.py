"""Draws the residents: sprite with walk animation, selection highlight, name label, bubble; and
finds which resident is under the mouse."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path

import pygame

from game.render.camera import Camera
from game.render.character_sprites import CharacterSheet
from game.render.resident_pose import ResidentPose
from game.render.text_labels import TextLabels

SELECTION_COLOUR = (255, 214, 64)


class ResidentLayer:
    """The residents' sprites, labels and bubbles, drawn in order of depth (lower on screen = nearer)."""

    def __init__(self, sheet_paths: dict[str, Path], tile_size_px: int) -> None:
        self.tile_size_px = tile_size_px
        self.sheets: dict[str, CharacterSheet] = {}
        self.missing_sheets: list[str] = []
        for name, path in sheet_paths.items():
            if path.is_file():
                self.sheets[name] = CharacterSheet.load(path)
            else:
                colour_seed = zlib.crc32(name.encode())
                colour = (80 + colour_seed % 150, 80 + (colour_seed >> 8) % 150, 80 + (colour_seed >> 16) % 150)
                self.sheets[name] = CharacterSheet.plain_figure(colour, tile_size_px)
                self.missing_sheets.append(name)
        self.labels = TextLabels()
        self._screen_rects: dict[str, pygame.Rect] = {}

    def _sprite_rect(self, pose: ResidentPose, camera: Camera) -> pygame.Rect:
        x_tiles, y_tiles = pose.position_tiles()
        size = self.tile_size_px
        left, top = camera.world_to_screen((x_tiles * size, y_tiles * size))
        side = round(self.sheets[pose.name].frame_size_px * camera.zoom)
        tile_side = size * camera.zoom
        # the frame stands on the bottom of its tile, centred
        return pygame.Rect(round(left + (tile_side - side) / 2), round(top + tile_side - side), side, side)

    def draw(self, screen: pygame.Surface, camera: Camera, poses: Sequence[ResidentPose], selected: str | None,
             show_labels: bool = True) -> None:
        self._screen_rects.clear()
        view = screen.get_rect()
        ordered = sorted(poses, key=lambda pose: (pose.position_tiles()[1], pose.name))
        for pose in ordered:
            rect = self._sprite_rect(pose, camera)
            self._screen_rects[pose.name] = rect
            if not rect.inflate(rect.width, rect.height * 2).colliderect(view):
                continue
            if pose.name == selected:
                ring = pygame.Rect(0, 0, rect.width * 0.8, rect.height * 0.3)
                ring.center = (rect.centerx, rect.bottom - rect.height * 0.08)
                pygame.draw.ellipse(screen, SELECTION_COLOUR, ring, max(2, round(2 * camera.zoom)))
            frame = self.sheets[pose.name].frame(pose.facing, pose.sheet_column(), camera.zoom)
            screen.blit(frame, rect.topleft)
        if not show_labels:
            return
        for pose in ordered:
            rect = self._screen_rects[pose.name]
            if not rect.inflate(rect.width * 4, rect.height * 2).colliderect(view):
                continue
            label = self.labels.name_label(pose.name if camera.zoom >= 1.0 else pose.name.split()[0])
            screen.blit(label, (rect.centerx - label.get_width() // 2, rect.bottom + 1))
            bubble = self.labels.bubble(pose.emoji, pose.activity)
            if bubble is not None:
                screen.blit(bubble, (rect.centerx - bubble.get_width() // 2, rect.top - bubble.get_height()))
            if pose.name == selected:
                pygame.draw.rect(screen, SELECTION_COLOUR, label.get_rect(
                    topleft=(rect.centerx - label.get_width() // 2, rect.bottom + 1)).inflate(4, 2), 1)

    def resident_at(self, point_screen_px: tuple[int, int]) -> str | None:
        """The resident drawn at a screen point (the nearest one when sprites overlap)."""
        hits = [(rect.bottom, name) for name, rect in self._screen_rects.items() if rect.collidepoint(point_screen_px)]
        return max(hits)[1] if hits else None

    def screen_rect_of(self, name: str) -> pygame.Rect | None:
        return self._screen_rects.get(name)
