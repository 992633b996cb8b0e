"""Draws the app's icon (a little house under a tree on a green hill, our own art) and writes it as
PNG (window icon, Linux .desktop), ICO (Windows) and ICNS (macOS); the ICO and ICNS embed the PNG.

    python -m tools.app_icon [OUT_FOLDER]      # default assets/icon
"""

from __future__ import annotations

import os
import struct
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame

ICON_SIZE_PX = 256


def draw_icon(size_px: int = ICON_SIZE_PX) -> pygame.Surface:
    s = size_px / 256
    icon = pygame.Surface((size_px, size_px), pygame.SRCALPHA)

    def rect(x: float, y: float, w: float, h: float) -> pygame.Rect:
        return pygame.Rect(round(x * s), round(y * s), round(w * s), round(h * s))

    def points(*pairs: tuple[float, float]) -> list[tuple[int, int]]:
        return [(round(x * s), round(y * s)) for x, y in pairs]

    pygame.draw.rect(icon, (126, 196, 232), rect(8, 8, 240, 240), border_radius=round(48 * s))
    pygame.draw.circle(icon, (255, 226, 120), (round(196 * s), round(64 * s)), round(26 * s))
    pygame.draw.ellipse(icon, (104, 176, 84), rect(-40, 150, 340, 200))
    pygame.draw.ellipse(icon, (86, 156, 70), rect(120, 176, 200, 120))
    pygame.draw.rect(icon, (120, 84, 52), rect(176, 120, 16, 70))
    for cx, cy, r in ((184, 104, 34), (164, 124, 26), (206, 126, 26)):
        pygame.draw.circle(icon, (58, 128, 70), (round(cx * s), round(cy * s)), round(r * s))
    pygame.draw.rect(icon, (240, 226, 196), rect(56, 120, 96, 80))
    pygame.draw.polygon(icon, (196, 78, 62), points((44, 124), (104, 72), (164, 124)))
    pygame.draw.rect(icon, (132, 86, 56), rect(94, 156, 22, 44))
    pygame.draw.rect(icon, (122, 190, 226), rect(66, 136, 20, 18))
    pygame.draw.rect(icon, (122, 190, 226), rect(124, 136, 20, 18))
    mask = pygame.Surface((size_px, size_px), pygame.SRCALPHA)
    pygame.draw.rect(mask, (255, 255, 255, 255), rect(8, 8, 240, 240), border_radius=round(48 * s))
    icon.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    pygame.draw.rect(icon, (40, 52, 64), rect(8, 8, 240, 240), round(6 * s), border_radius=round(48 * s))
    return icon


def png_bytes(surface: pygame.Surface) -> bytes:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "icon.png"
        pygame.image.save(surface, str(path))
        return path.read_bytes()


def ico_bytes(png: bytes, size_px: int) -> bytes:
    """An ICO holding one PNG image (Windows Vista and later read these)."""
    side = 0 if size_px >= 256 else size_px
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), 6 + 16)
    return header + entry + png


def icns_bytes(png: bytes) -> bytes:
    """An ICNS holding one 256 x 256 PNG ('ic08')."""
    chunk = b"ic08" + struct.pack(">I", 8 + len(png)) + png
    return b"icns" + struct.pack(">I", 8 + len(chunk)) + chunk


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "assets" / "icon"
    out.mkdir(parents=True, exist_ok=True)
    pygame.display.init()
    png = png_bytes(draw_icon())
    (out / "smallville.png").write_bytes(png)
    (out / "smallville.ico").write_bytes(ico_bytes(png, ICON_SIZE_PX))
    (out / "smallville.icns").write_bytes(icns_bytes(png))
    pygame.quit()
    print(f"wrote {out}/smallville.png, .ico, .icns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
