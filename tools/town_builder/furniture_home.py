"""Painters of the game objects found in homes: beds, desks, closets, shelves, kitchens,
bathrooms, sofas and tables, computers, consoles, instruments, easels and blackboards.

Each painter takes the piece's size in tiles and a variant and returns a transparent canvas of
that size, drawn top-down with a little 3/4 front on tall things, to sit over the floor.
"""

from __future__ import annotations

from collections.abc import Callable

from tools.town_builder import palette
from tools.town_builder.canvas import Canvas, shade
from tools.town_builder.terrain_tiles import SIZE, seeded_rng

Painter = Callable[[int, int, int], Canvas]
BLANKETS = (palette.FABRIC_BLUE, palette.FABRIC_RED, palette.FABRIC_GREEN, palette.FABRIC_PURPLE,
            palette.FABRIC_YELLOW, palette.FABRIC_TEAL)


def new(width_tiles: int, height_tiles: int) -> Canvas:
    return Canvas(width_tiles * SIZE, height_tiles * SIZE)


def cabinet(canvas: Canvas, x: int, y: int, w: int, h: int, colour: tuple[int, ...], top_px: int = 8) -> None:
    """A tall piece seen from the front-top: a lit top surface over a front face."""
    canvas.shadow(x, y, w, h)
    canvas.box(x, y + top_px, w, h - top_px, colour)
    canvas.box(x, y, w, top_px + 1, shade(colour, 1.2), bevel=False)


def chair(canvas: Canvas, cx: int, cy: int, colour: tuple[int, ...] = palette.WOOD, facing: str = "up") -> None:
    """A small chair seen from above; its back is on the side opposite ``facing``."""
    canvas.shadow(cx - 5, cy - 5, 10, 10, 40)
    canvas.box(cx - 5, cy - 5, 10, 10, colour, bevel=False)
    back = {"up": (cx - 5, cy + 3, 10, 3), "down": (cx - 5, cy - 6, 10, 3),
            "left": (cx + 3, cy - 5, 3, 10), "right": (cx - 6, cy - 5, 3, 10)}[facing]
    canvas.box(*back, shade(colour, 0.75), bevel=False)


def bed(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    blanket = BLANKETS[variant % len(BLANKETS)]
    W, H = canvas.width_px, canvas.height_px
    if h >= w:
        canvas.shadow(3, 2, W - 6, H - 4)
        canvas.box(3, 2, W - 6, H - 4, palette.WOOD_DARK)
        canvas.box(5, 5, W - 10, H - 9, palette.WHITE, bevel=False)
        for px in range(7, W - 7, 20):
            canvas.box(px, 7, min(18, W - 7 - px), 10, palette.PAPER)
        canvas.box(5, 22, W - 10, H - 27, blanket)
        canvas.rect(5, 22, W - 10, 3, shade(blanket, 1.3))
        canvas.rect(6, H - 9, W - 12, 1, shade(blanket, 0.75))
    else:
        canvas.shadow(2, 3, W - 4, H - 6)
        canvas.box(2, 3, W - 4, H - 6, palette.WOOD_DARK)
        canvas.box(5, 5, W - 9, H - 10, palette.WHITE, bevel=False)
        canvas.box(7, 7, 10, H - 14, palette.PAPER)
        canvas.box(22, 5, W - 26, H - 10, blanket)
        canvas.rect(22, 5, 3, H - 10, shade(blanket, 1.3))
    return canvas


def desk(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    W, H = canvas.width_px, canvas.height_px
    top_h = min(H - 12, 20 if h == 1 else H - 16)
    cabinet(canvas, 2, 2, W - 4, top_h, palette.WOOD, top_px=top_h - 4)
    canvas.box(6, 5, 9, 7, palette.PAPER, bevel=False)
    canvas.line(7, 7, 13, 7, palette.METAL_DARK)
    canvas.line(7, 9, 12, 9, palette.METAL_DARK)
    canvas.ellipse(W - 9, 8, 4, 4, palette.FABRIC_YELLOW if variant % 2 else palette.FABRIC_GREEN)
    canvas.rect(W - 10, 8, 2, 6, palette.BLACK)
    chair(canvas, W // 2, H - 7, palette.WOOD_DARK, "up")
    return canvas


def closet(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    W, H = canvas.width_px, canvas.height_px
    colour = (palette.WOOD, palette.WOOD_LIGHT, (200, 200, 196))[variant % 3]
    cabinet(canvas, 3, 1, W - 6, H - 4, colour, top_px=7)
    for x in range(3 + (W - 6) // 2, W - 3, max(1, (W - 6) // 2)):
        canvas.rect(x, 9, 1, H - 13, shade(colour, 0.6))
    canvas.rect(W // 2 - 3, H // 2, 2, 4, palette.METAL)
    canvas.rect(W // 2 + 2, H // 2, 2, 4, palette.METAL)
    return canvas


def shelf(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    W, H = canvas.width_px, canvas.height_px
    rng = seeded_rng("shelf", w, h, variant)
    cabinet(canvas, 2, 2, W - 4, H - 5, palette.WOOD_LIGHT, top_px=5)
    for y in range(8, H - 6, 9):
        canvas.rect(4, y + 7, W - 8, 2, palette.WOOD_DARK)
        x = 5
        while x < W - 8:
            kind = int(rng.integers(0, 4))
            if kind == 0:
                canvas.ellipse(x + 3, y + 4, 3, 3, palette.LEAF)
                canvas.rect(x + 1, y + 4, 4, 3, (200, 110, 80))
                x += 8
            elif kind == 1:
                canvas.box(x, y + 1, 7, 6, (210, 180, 130), bevel=False)
                x += 9
            else:
                for _ in range(3):
                    colour = palette.BOOK_COLOURS[int(rng.integers(0, len(palette.BOOK_COLOURS)))]
                    canvas.rect(x, y, 2, 7, colour)
                    x += 2
                x += 2
    return canvas


def refrigerator(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    W, H = canvas.width_px, canvas.height_px
    for x in range(0, W, SIZE):
        cabinet(canvas, x + 4, 1, SIZE - 8, H - 3, palette.PORCELAIN, top_px=6)
        canvas.rect(x + 5, 16, SIZE - 10, 1, palette.METAL_DARK)
        canvas.rect(x + SIZE - 9, 9, 2, 5, palette.METAL_DARK)
        canvas.rect(x + SIZE - 9, 19, 2, 7, palette.METAL_DARK)
        canvas.rect(x + 8, 20, 4, 3, palette.FABRIC_RED if variant % 2 else palette.FABRIC_YELLOW)
    return canvas


def counter_top(canvas: Canvas, colour: tuple[int, ...] = (222, 218, 210)) -> None:
    """A kitchen worktop filling the piece, with a cabinet front at the bottom."""
    W, H = canvas.width_px, canvas.height_px
    canvas.shadow(1, 2, W - 2, H - 6)
    canvas.box(1, 2, W - 2, H - 6, colour)
    canvas.rect(1, H - 9, W - 2, 5, palette.WOOD)
    canvas.rect(1, H - 9, W - 2, 1, palette.WOOD_DARK)


def cooking_area(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    counter_top(canvas)
    for x in range(0, canvas.width_px, SIZE):
        canvas.box(x + 3, 4, SIZE - 6, 20, (70, 72, 78))
        for bx, by in ((x + 10, 9), (x + 22, 9), (x + 10, 18), (x + 22, 18)):
            canvas.ring(bx, by, 4, 4, (150, 60, 50), 1.5)
        if (x // SIZE + variant) % 2 == 0:
            canvas.ellipse(x + 22, 17, 6, 5, palette.METAL)
            canvas.ellipse(x + 22, 17, 4, 3, (200, 130, 80))
            canvas.rect(x + 27, 16, 5, 2, palette.BLACK)
    return canvas


def kitchen_sink(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    counter_top(canvas)
    W = canvas.width_px
    canvas.box(W // 2 - 11, 6, 22, 15, palette.METAL)
    canvas.rect(W // 2 - 9, 8, 18, 11, palette.METAL_DARK)
    canvas.rect(W // 2 - 8, 9, 16, 9, (150, 190, 210))
    canvas.rect(W // 2 - 1, 3, 2, 6, palette.METAL_DARK)
    canvas.ellipse(W // 2 + 8, 14, 3, 2, palette.WHITE)
    return canvas


def toaster(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    counter_top(canvas)
    canvas.shadow(7, 5, 16, 13, 50)
    canvas.box(7, 5, 16, 13, palette.METAL)
    canvas.rect(10, 8, 10, 2, palette.BLACK)
    canvas.rect(10, 12, 10, 2, palette.BLACK)
    canvas.rect(11, 6, 3, 3, (220, 170, 100))
    canvas.rect(23, 9, 2, 4, palette.BLACK)
    return canvas


def bathroom_sink(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    W = canvas.width_px
    canvas.shadow(4, 2, W - 8, 22)
    canvas.box(4, 2, W - 8, 22, (214, 206, 196))
    canvas.ellipse(W / 2, 13, 9, 7, palette.WHITE)
    canvas.ellipse(W / 2, 14, 6, 4, (190, 212, 226))
    canvas.rect(W // 2 - 1, 3, 2, 5, palette.METAL_DARK)
    canvas.rect(6, 20, 5, 3, palette.FABRIC_TEAL)
    return canvas


def shower(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    W, H = canvas.width_px, canvas.height_px
    canvas.box(2, 2, W - 4, H - 4, (190, 222, 236))
    for x in range(2, W - 2, 7):
        canvas.rect(x, 3, 1, H - 6, (170, 204, 222))
    for y in range(2, H - 2, 7):
        canvas.rect(3, y, W - 6, 1, (170, 204, 222))
    canvas.ellipse(W / 2, H / 2, 3, 3, palette.METAL_DARK)
    canvas.ellipse(W / 2, 7, 4, 3, palette.METAL)
    canvas.rect(W - 6, 2, 3, H - 4, (240, 240, 255, 200))
    canvas.rect(W - 6, 2, 3, H - 4, (255, 255, 255, 120))
    return canvas


def toilet(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    canvas.shadow(9, 2, 14, 8)
    canvas.box(9, 2, 14, 8, palette.WHITE)
    canvas.ellipse(16, 18, 8, 10, shade(palette.WHITE, 0.8))
    canvas.ellipse(16, 18, 7, 9, palette.WHITE)
    canvas.ellipse(16, 19, 4, 6, (196, 220, 232))
    canvas.rect(14, 4, 4, 2, palette.METAL)
    return canvas


def sofa(w: int, h: int, variant: int, colours: tuple[tuple[int, ...], ...] = (
        palette.FABRIC_BLUE, palette.FABRIC_RED, palette.FABRIC_GREEN, palette.FABRIC_YELLOW)) -> Canvas:
    canvas = new(w, h)
    colour = colours[variant % len(colours)]
    W, H = canvas.width_px, canvas.height_px
    canvas.shadow(2, 4, W - 4, H - 8)
    if w >= h:
        canvas.box(2, 4, W - 4, H - 8, shade(colour, 0.8))
        canvas.box(2, 4, W - 4, 8, shade(colour, 0.7))
        for x in range(7, W - 7, max(1, (W - 14) // max(1, w))):
            seat_w = max(1, (W - 14) // max(1, w)) - 2
            canvas.box(x, 12, seat_w, H - 19, colour)
        canvas.box(2, 8, 5, H - 12, shade(colour, 0.7))
        canvas.box(W - 7, 8, 5, H - 12, shade(colour, 0.7))
    else:
        canvas.box(4, 2, W - 8, H - 4, shade(colour, 0.8))
        canvas.box(4, 2, 8, H - 4, shade(colour, 0.7))
        for y in range(7, H - 7, max(1, (H - 14) // max(1, h))):
            canvas.box(12, y, W - 19, max(1, (H - 14) // max(1, h)) - 2, colour)
        canvas.box(8, 2, W - 12, 5, shade(colour, 0.7))
        canvas.box(8, H - 7, W - 12, 5, shade(colour, 0.7))
    return canvas


def table(w: int, h: int, variant: int, colour: tuple[int, ...] = palette.WOOD) -> Canvas:
    canvas = new(w, h)
    W, H = canvas.width_px, canvas.height_px
    rng = seeded_rng("table", w, h, variant)
    for x in range(16, W, SIZE):
        chair(canvas, x, 5, palette.WOOD_DARK, "down")
        chair(canvas, x, H - 5, palette.WOOD_DARK, "up")
    canvas.shadow(5, 9, W - 10, H - 18)
    canvas.box(5, 9, W - 10, H - 18, colour)
    for _ in range(max(1, w * h)):
        cx, cy = 10 + int(rng.integers(0, max(1, W - 20))), 13 + int(rng.integers(0, max(1, H - 26)))
        canvas.ellipse(cx, cy, 3, 3, palette.WHITE)
        canvas.ellipse(cx, cy, 1.5, 1.5, (150, 100, 70))
    return canvas


def computer(w: int, h: int, variant: int, with_tower: bool = False) -> Canvas:
    canvas = desk(w, h, variant + 1) if not with_tower else new(w, h)
    W, H = canvas.width_px, canvas.height_px
    if with_tower:
        cabinet(canvas, 1, 2, W - 2, min(H - 12, 22), palette.WOOD_DARK, top_px=16)
        chair(canvas, W // 2, H - 7, palette.BLACK, "up")
        canvas.box(W - 8, 4, 6, 14, palette.BLACK, bevel=False)
        canvas.pixel(W - 5, 6, (120, 255, 120))
    canvas.box(W // 2 - 8, 3, 16, 11, palette.BLACK, bevel=False)
    canvas.rect(W // 2 - 6, 4, 12, 8, (96, 170, 230))
    canvas.rect(W // 2 - 5, 5, 6, 1, palette.WHITE)
    canvas.rect(W // 2 - 1, 13, 2, 2, palette.BLACK)
    canvas.box(W // 2 - 7, 15, 14, 4, (210, 210, 214), bevel=False)
    return canvas


def computer_desk(w: int, h: int, variant: int) -> Canvas:
    return computer(w, h, variant, with_tower=True)


def game_console(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    W = canvas.width_px
    cabinet(canvas, 2, 1, W - 4, 12, palette.WOOD_DARK, top_px=5)
    canvas.box(W // 2 - 12, 0, 24, 7, palette.BLACK, bevel=False)
    canvas.rect(W // 2 - 10, 1, 20, 5, (90, 60, 170))
    canvas.box(W // 2 - 5, 9, 10, 3, (230, 230, 236), bevel=False)
    canvas.box(6, 18, W - 12, 10, palette.FABRIC_BLUE if variant % 2 else palette.FABRIC_RED)
    canvas.box(W // 2 - 5, 20, 10, 5, palette.BLACK, bevel=False)
    canvas.pixel(W // 2 - 3, 22, palette.FABRIC_RED)
    canvas.pixel(W // 2 + 2, 22, palette.FABRIC_GREEN)
    return canvas


def lifting_weight(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    W, H = canvas.width_px, canvas.height_px
    canvas.box(2, 3, W - 4, H - 6, (70, 70, 78), bevel=False)
    canvas.rect(5, H // 2 - 1, W - 10, 2, palette.METAL)
    for x in (6, W - 11):
        canvas.box(x, H // 2 - 8, 5, 16, palette.BLACK, bevel=False)
        canvas.rect(x + 1, H // 2 - 7, 1, 14, (100, 100, 110))
    canvas.rect(11, 6, 8, 2, palette.METAL)
    canvas.box(9, 5, 3, 4, palette.BLACK, bevel=False)
    canvas.box(18, 5, 3, 4, palette.BLACK, bevel=False)
    return canvas


def guitar(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    body = (200, 120, 60) if variant % 2 == 0 else (170, 40, 50)
    canvas.ellipse(16, 27, 9, 5, (0, 0, 0, 50))
    canvas.rect(15, 2, 3, 14, palette.WOOD_DARK)
    canvas.rect(14, 1, 5, 4, palette.BLACK)
    canvas.ellipse(16, 17, 6, 5, body)
    canvas.ellipse(16, 24, 8, 6, body)
    canvas.ellipse(16, 21, 2.5, 2.5, palette.BLACK)
    canvas.rect(16, 6, 1, 20, (240, 230, 200))
    return canvas


def harp(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    H = canvas.height_px
    gold, dark = (214, 170, 80), (150, 110, 50)
    canvas.ellipse(16, H - 5, 11, 3, (0, 0, 0, 50))
    canvas.line(8, H - 6, 8, 3, gold)
    canvas.line(9, H - 6, 9, 3, dark)
    canvas.line(8, 3, 25, 10, gold)
    canvas.line(25, 10, 12, H - 6, gold)
    canvas.rect(7, H - 7, 10, 3, dark)
    for x in range(10, 23, 2):
        top = 3 + (x - 8) * 7 // 17
        bottom = H - 6 - (x - 10)
        if bottom > top:
            canvas.line(x, top + 1, x, bottom, (240, 236, 220))
    return canvas


def easel(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    H = canvas.height_px
    canvas.line(8, H - 3, 14, 2, palette.WOOD)
    canvas.line(24, H - 3, 18, 2, palette.WOOD)
    canvas.line(16, 2, 16, H - 6, palette.WOOD_DARK)
    canvas.box(6, 5, 20, 16, palette.WHITE, bevel=False)
    sky = ((150, 200, 236), (240, 190, 140))[variant % 2]
    canvas.rect(7, 6, 18, 9, sky)
    canvas.rect(7, 15, 18, 5, palette.GRASS)
    canvas.ellipse(20, 9, 2.5, 2.5, palette.FABRIC_YELLOW)
    canvas.rect(5, 21, 22, 2, palette.WOOD_DARK)
    canvas.ellipse(26, H - 5, 4, 3, palette.WOOD_LIGHT)
    canvas.pixel(25, H - 6, palette.FABRIC_RED)
    canvas.pixel(27, H - 5, palette.FABRIC_BLUE)
    return canvas


def piano(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    W = canvas.width_px
    cabinet(canvas, 2, 1, W - 4, 17, palette.BLACK, top_px=8)
    canvas.rect(4, 2, W - 8, 1, (90, 90, 100))
    canvas.rect(4, 14, W - 8, 6, palette.WHITE)
    for x in range(5, W - 5, 4):
        canvas.rect(x, 14, 1, 6, (150, 150, 150))
        if x % 12 != 1:
            canvas.rect(x + 1, 14, 2, 3, palette.BLACK)
    canvas.box(W // 2 - 10, 23, 20, 6, palette.BLACK)
    return canvas


def blackboard(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    W = canvas.width_px
    rng = seeded_rng("blackboard", w, h, variant)
    canvas.shadow(2, 2, W - 4, 20)
    canvas.box(2, 2, W - 4, 20, palette.WOOD, bevel=False)
    canvas.rect(4, 4, W - 8, 16, palette.CHALKBOARD)
    for y in (7, 11, 15):
        x = 6
        while x < W - 10:
            length = int(rng.integers(3, 9))
            canvas.rect(x, y, length, 1, (220, 230, 220))
            x += length + 3
    canvas.rect(4, 22, W - 8, 2, palette.WOOD_DARK)
    canvas.rect(8, 21, 3, 1, palette.WHITE)
    for x in (6, W - 8):
        canvas.rect(x, 24, 2, 7, palette.WOOD_DARK)
    return canvas


HOME_PAINTERS: dict[str, Painter] = {
    "bed": bed, "desk": desk, "closet": closet, "shelf": shelf, "refrigerator": refrigerator,
    "cooking area": cooking_area, "kitchen sink": kitchen_sink, "toaster": toaster,
    "bathroom sink": bathroom_sink, "shower": shower, "toilet": toilet,
    "common room sofa": sofa, "common room table": table, "computer": computer,
    "computer desk": computer_desk, "game console": game_console, "lifting weight": lifting_weight,
    "guitar": guitar, "harp": harp, "easel": easel, "piano": piano, "blackboard": blackboard,
}
