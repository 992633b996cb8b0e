"""Render a world's map with pygame to a PNG, to look at the town without the game:
``python -m tools.town_builder.preview [WORLD_FOLDER] OUTPUT.png [--scale 0.25] [--crop X Y W H]``
(crop in tiles, drawn at full size). Runs headless (SDL dummy video driver)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
from pytmx.util_pygame import load_pygame

from tools.town_builder.__main__ import DEFAULT_OUTPUT


def render_map(map_path: Path, crop_tiles: tuple[int, int, int, int] | None = None) -> pygame.Surface:
    """The map's art layers (semantic and hidden layers skipped), drawn at 1:1."""
    pygame.display.set_mode((1, 1))
    tiled = load_pygame(str(map_path), pixelalpha=True)
    x0, y0, w, h = crop_tiles or (0, 0, tiled.width, tiled.height)
    size = tiled.tilewidth
    surface = pygame.Surface((w * size, h * size), pygame.SRCALPHA)
    surface.fill((0, 0, 0, 255))
    for layer in tiled.visible_layers:
        if not hasattr(layer, "data") or "semantics" in layer.properties:
            continue
        for x, y, image in layer.tiles():
            if x0 <= x < x0 + w and y0 <= y < y0 + h:
                surface.blit(image, ((x - x0) * size, (y - y0) * size))
    return surface


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.town_builder.preview", description=__doc__)
    parser.add_argument("output", type=Path, help="PNG file to write")
    parser.add_argument("--world", type=Path, default=DEFAULT_OUTPUT, help="world folder (default: the shipped town)")
    parser.add_argument("--scale", type=float, default=0.25, help="scale of the whole-map picture")
    parser.add_argument("--crop", type=int, nargs=4, metavar=("X", "Y", "W", "H"), help="tiles to draw at 1:1")
    arguments = parser.parse_args(argv)
    surface = render_map(arguments.world / "map.tmx", tuple(arguments.crop) if arguments.crop else None)
    if not arguments.crop and arguments.scale != 1.0:
        width_px, height_px = surface.get_size()
        surface = pygame.transform.smoothscale(
            surface, (int(width_px * arguments.scale), int(height_px * arguments.scale)))
    pygame.image.save(surface, str(arguments.output))
    print(f"wrote {arguments.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
