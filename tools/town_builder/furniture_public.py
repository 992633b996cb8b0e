"""Painters of the game objects of public places (cafe, pub, shops, college, gardens) and of the
decor that blocks walking without being a game object (potted plants, counter bodies).

Painters share the signature of :mod:`furniture_home`: size in tiles and a variant in, a
transparent canvas out.
"""

from __future__ import annotations

from tools.town_builder import palette
from tools.town_builder.canvas import Canvas, shade
from tools.town_builder.furniture_home import Painter, cabinet, chair, new, sofa, table
from tools.town_builder.terrain_tiles import seeded_rng

MAT_COLOURS = {"bar": (60, 54, 58), "cafe": (128, 84, 60), "grocery": (74, 120, 84),
               "pharmacy": (70, 140, 150), "supply store": (196, 120, 60)}


def behind_counter(place: str) -> Painter:
    """Where the staff stands: an anti-slip mat in the shop's colour."""
    def paint(w: int, h: int, variant: int) -> Canvas:
        canvas = new(w, h)
        colour = MAT_COLOURS[place]
        W, H = canvas.width_px, canvas.height_px
        canvas.box(2, 2, W - 4, H - 4, colour, bevel=False)
        for y in range(6, H - 4, 6):
            for x in range(6 + (y // 6 % 2) * 3, W - 4, 6):
                canvas.rect(x, y, 2, 2, shade(colour, 0.7))
        return canvas
    return paint


def bar_stool(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    canvas.ellipse(17, 19, 8, 6, (0, 0, 0, 50))
    canvas.ellipse(16, 16, 8, 8, palette.BLACK)
    canvas.ellipse(16, 16, 7, 7, (178, 52, 56))
    canvas.ellipse(14, 14, 3, 2, (220, 110, 110))
    return canvas


def cafe_seating(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    chair(canvas, 5, 16, palette.WOOD_DARK, "right")
    chair(canvas, 27, 16, palette.WOOD_DARK, "left")
    canvas.ellipse(17, 18, 11, 10, (0, 0, 0, 45))
    canvas.ellipse(16, 16, 11, 11, palette.WOOD_DARK)
    canvas.ellipse(16, 16, 10, 10, (236, 226, 210))
    canvas.ellipse(13 + variant % 2 * 5, 14, 2.5, 2.5, palette.WHITE)
    canvas.ellipse(13 + variant % 2 * 5, 14, 1.5, 1.5, (110, 70, 40))
    if variant % 3 == 0:
        canvas.ellipse(19, 19, 2.5, 2, (220, 170, 100))
    return canvas


def podium(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    cabinet(canvas, 7, 4, 18, 24, palette.WOOD_DARK, top_px=10)
    canvas.box(10, 5, 12, 7, palette.PAPER, bevel=False)
    canvas.rect(15, 14, 2, 8, palette.FABRIC_YELLOW)
    return canvas


def student_seat(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    canvas.shadow(5, 3, 22, 13)
    canvas.box(5, 3, 22, 13, palette.WOOD_LIGHT)
    canvas.box(8, 5, 8, 6, palette.PAPER, bevel=False)
    canvas.rect(18, 6, 6, 1, palette.FABRIC_BLUE)
    chair(canvas, 16, 24, (90, 110, 150), "up")
    return canvas


def bookshelf(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    W, H = canvas.width_px, canvas.height_px
    rng = seeded_rng("bookshelf", w, h, variant)
    cabinet(canvas, 1, 1, W - 2, H - 3, palette.WOOD_DARK, top_px=5)
    for y in range(7, H - 8, 8):
        x = 3
        while x < W - 4:
            book_w = int(rng.integers(2, 4))
            colour = palette.BOOK_COLOURS[int(rng.integers(0, len(palette.BOOK_COLOURS)))]
            top = y + int(rng.integers(0, 2))
            canvas.rect(x, top, book_w, y + 7 - top, colour)
            canvas.rect(x, top + 2, book_w, 1, shade(colour, 1.3))
            x += book_w + (1 if rng.random() < 0.2 else 0)
        canvas.rect(2, y + 7, W - 4, 1, shade(palette.WOOD_DARK, 0.7))
    return canvas


def library_sofa(w: int, h: int, variant: int) -> Canvas:
    return sofa(w, h, variant, colours=((126, 70, 50), (90, 60, 48)))


def library_table(w: int, h: int, variant: int) -> Canvas:
    canvas = table(w, h, variant, colour=palette.WOOD_DARK)
    canvas.box(8, 12, 9, 6, palette.BOOK_COLOURS[variant % 7], bevel=False)
    canvas.rect(canvas.width_px - 14, 13, 6, 4, (60, 140, 90))
    canvas.rect(canvas.width_px - 12, 17, 2, 3, palette.FABRIC_YELLOW)
    return canvas


def shop_counter(place: str) -> Painter:
    """A shop counter (where a customer is served) with a till."""
    tops = {"grocery": (226, 222, 214), "pharmacy": (244, 246, 248), "supply store": palette.WOOD_LIGHT}

    def paint(w: int, h: int, variant: int) -> Canvas:
        canvas = new(w, h)
        W, H = canvas.width_px, canvas.height_px
        top = tops[place]
        cabinet(canvas, 1, 4, W - 2, H - 8, top, top_px=H - 16)
        canvas.rect(1, H - 12, W - 2, 8, shade(top, 0.78) if place != "grocery" else (70, 130, 90))
        canvas.box(W - 18, 5, 14, 10, palette.METAL_DARK, bevel=False)
        canvas.rect(W - 16, 7, 10, 3, (120, 220, 140))
        if place == "grocery":
            canvas.rect(4, 7, W - 26, 8, palette.BLACK)
            canvas.rect(5, 10, W - 28, 1, (90, 90, 96))
            canvas.ellipse(10, 10, 3, 3, (230, 80, 60))
        elif place == "pharmacy":
            canvas.rect(8, 7, 10, 3, palette.FABRIC_GREEN)
            canvas.rect(11, 4, 4, 9, palette.FABRIC_GREEN)
        else:
            canvas.box(5, 6, 10, 7, (200, 50, 50), bevel=False)
            canvas.rect(8, 5, 4, 2, palette.BLACK)
        return canvas
    return paint


def store_shelf(place: str) -> Painter:
    """A shop's shelving with its wares: produce and cans, medicine, or tools and paint."""
    def paint(w: int, h: int, variant: int) -> Canvas:
        canvas = new(w, h)
        W, H = canvas.width_px, canvas.height_px
        rng = seeded_rng("store_shelf", place, w, h, variant)
        frame = palette.METAL if place != "grocery" else (210, 206, 196)
        cabinet(canvas, 1, 1, W - 2, H - 3, frame, top_px=4)
        for y in range(6, H - 8, 8):
            canvas.rect(2, y + 7, W - 4, 1, shade(frame, 0.6))
            x = 3
            while x < W - 6:
                if place == "grocery":
                    colour = ((220, 70, 60), (250, 180, 60), (120, 190, 80), (240, 220, 90),
                              (200, 120, 180))[int(rng.integers(0, 5))]
                    canvas.ellipse(x + 2.5, y + 4, 2.5, 2.5, colour)
                    x += 5
                elif place == "pharmacy":
                    colour = (palette.WHITE, (250, 200, 120), (150, 200, 240), (240, 150, 150))[int(rng.integers(0, 4))]
                    canvas.rect(x, y + 1, 3, 6, colour)
                    canvas.rect(x, y + 1, 3, 1, shade(colour, 0.7))
                    x += 4
                else:
                    kind = int(rng.integers(0, 3))
                    if kind == 0:
                        canvas.box(x, y + 1, 5, 6, (196, 80, 60) if rng.random() < 0.5 else (70, 110, 170), bevel=False)
                        canvas.rect(x, y + 2, 5, 1, palette.METAL)
                        x += 6
                    elif kind == 1:
                        canvas.box(x, y + 1, 7, 6, (200, 170, 120), bevel=False)
                        x += 8
                    else:
                        canvas.rect(x, y + 1, 1, 6, palette.WOOD)
                        canvas.rect(x - 1, y + 1, 3, 2, palette.METAL_DARK)
                        x += 3
        return canvas
    return paint


def microphone(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    canvas.box(1, 1, 30, 30, (120, 80, 60), bevel=False)
    for y in (8, 16, 24):
        canvas.rect(2, y, 28, 1, (96, 64, 48))
    canvas.ellipse(16, 25, 6, 2, palette.BLACK)
    canvas.rect(15, 10, 2, 15, palette.METAL_DARK)
    canvas.ellipse(16, 8, 3.5, 4, palette.BLACK)
    canvas.ellipse(15, 7, 1.2, 1.2, palette.METAL)
    canvas.box(24, 3, 6, 9, palette.BLACK, bevel=False)
    canvas.ellipse(27, 7, 2, 2, (90, 90, 100))
    return canvas


def pool_table(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    W, H = canvas.width_px, canvas.height_px
    canvas.shadow(4, 4, W - 8, H - 8)
    canvas.box(4, 4, W - 8, H - 8, palette.WOOD_DARK)
    canvas.rect(9, 9, W - 18, H - 18, (48, 130, 84))
    for px, py in ((9, 9), (W // 2, 8), (W - 10, 9), (9, H - 10), (W // 2, H - 9), (W - 10, H - 10)):
        canvas.ellipse(px, py, 3, 3, palette.BLACK)
    rng = seeded_rng("pool", w, h)
    for colour in ((240, 200, 60), (200, 40, 40), (40, 60, 180), (240, 120, 40), (100, 40, 130), (20, 20, 20)):
        canvas.ellipse(W // 2 + int(rng.integers(-20, 20)), H // 2 + int(rng.integers(-10, 10)), 2.5, 2.5, colour)
    canvas.ellipse(W // 4, H // 2, 2.5, 2.5, palette.WHITE)
    canvas.line(12, H // 2 + 8, W // 4 - 3, H // 2 + 1, (220, 190, 130))
    return canvas


def garden_bed(kind: str) -> Painter:
    """Walkable garden tiles: vegetable rows (house), flower beds (park), herbs (dorm)."""
    def paint(w: int, h: int, variant: int) -> Canvas:
        canvas = new(w, h)
        rng = seeded_rng("garden", kind, variant)
        if kind == "house":
            canvas.box(2, 2, 28, 28, palette.SOIL, bevel=False)
            crop = ((110, 170, 70), (230, 120, 50), (200, 60, 60), (120, 160, 60))[variant % 4]
            for y in (8, 18, 27):
                canvas.rect(4, y - 2, 24, 1, shade(palette.SOIL, 0.75))
                for x in range(7, 28, 7):
                    canvas.ellipse(x, y - 4, 3, 3, palette.LEAF)
                    canvas.ellipse(x, y - 3, 1.6, 1.6, crop)
        elif kind == "park":
            for _ in range(10):
                colour = palette.FLOWER_COLOURS[int(rng.integers(0, len(palette.FLOWER_COLOURS)))]
                x, y = int(rng.integers(3, 29)), int(rng.integers(3, 29))
                canvas.rect(x, y + 2, 1, 3, palette.LEAF_DARK)
                canvas.ellipse(x + 0.5, y + 1, 2, 2, colour)
                canvas.pixel(x, y + 1, (250, 236, 140))
        else:
            canvas.box(3, 5, 26, 22, (150, 100, 66))
            canvas.rect(5, 7, 22, 18, palette.SOIL)
            herb = ((90, 160, 90), (150, 190, 90), (170, 120, 200))[variant % 3]
            for x in range(9, 26, 6):
                for y in (11, 19):
                    canvas.ellipse(x, y, 3, 3, herb)
                    canvas.pixel(x, y - 1, shade(herb, 1.3))
        return canvas
    return paint


def garden_chair(w: int, h: int, variant: int) -> Canvas:
    canvas = new(w, h)
    canvas.ellipse(17, 22, 10, 5, (0, 0, 0, 45))
    canvas.box(8, 6, 16, 6, palette.WHITE)
    canvas.box(8, 12, 16, 12, palette.WHITE)
    canvas.box(5, 10, 3, 12, palette.WHITE, bevel=False)
    canvas.box(24, 10, 3, 12, palette.WHITE, bevel=False)
    canvas.rect(10, 14, 12, 8, palette.FABRIC_YELLOW)
    return canvas


def potted_plant(w: int, h: int, variant: int) -> Canvas:
    """Decor: a plant in a pot (blocks walking)."""
    canvas = new(w, h)
    canvas.ellipse(17, 27, 8, 3, (0, 0, 0, 50))
    canvas.box(10, 18, 12, 10, (190, 100, 70))
    for angle_x, angle_y in ((-7, -6), (7, -6), (0, -10), (-4, -2), (5, -1)):
        canvas.ellipse(16 + angle_x, 14 + angle_y, 5, 4, palette.LEAF if variant % 2 else palette.LEAF_DARK)
    canvas.ellipse(14, 8, 2.5, 2, palette.LEAF_LIGHT)
    return canvas


def counter_body(w: int, h: int, variant: int) -> Canvas:
    """Decor: a serving counter's body (blocks walking); variant 1 adds a pastry display."""
    canvas = new(w, h)
    W, H = canvas.width_px, canvas.height_px
    top = (palette.WOOD_DARK, (214, 200, 180), (120, 80, 60))[variant % 3]
    cabinet(canvas, 0, 4, W, H - 6, top, top_px=H - 16)
    canvas.rect(0, H - 12, W, 8, shade(top, 0.7))
    rng = seeded_rng("counter", w, h, variant)
    for x in range(6, W - 6, 14):
        kind = int(rng.integers(0, 3))
        if kind == 0:
            canvas.ellipse(x + 3, 11, 3, 3, palette.WHITE)
            canvas.ellipse(x + 3, 11, 1.5, 1.5, (110, 70, 40))
        elif kind == 1:
            canvas.box(x, 7, 10, 7, (240, 240, 236, 200), bevel=False)
            canvas.ellipse(x + 3, 11, 2, 2, (220, 160, 90))
            canvas.ellipse(x + 7, 11, 2, 2, (190, 110, 70))
    return canvas


PUBLIC_PAINTERS: dict[str, Painter] = {
    "bar customer seating": bar_stool, "cafe customer seating": cafe_seating,
    "behind the bar counter": behind_counter("bar"), "behind the cafe counter": behind_counter("cafe"),
    "behind the grocery counter": behind_counter("grocery"),
    "behind the pharmacy counter": behind_counter("pharmacy"),
    "behind the supply store counter": behind_counter("supply store"),
    "classroom podium": podium, "classroom student seating": student_seat, "bookshelf": bookshelf,
    "library sofa": library_sofa, "library table": library_table,
    "grocery store counter": shop_counter("grocery"), "pharmacy store counter": shop_counter("pharmacy"),
    "supply store counter": shop_counter("supply store"), "grocery store shelf": store_shelf("grocery"),
    "pharmacy store shelf": store_shelf("pharmacy"), "supply store product shelf": store_shelf("supply store"),
    "microphone": microphone, "pool table": pool_table, "dorm garden": garden_bed("dorm"),
    "house garden": garden_bed("house"), "park garden": garden_bed("park"), "garden chair": garden_chair,
}

DECOR_PAINTERS: dict[str, Painter] = {"potted plant": potted_plant, "counter": counter_body}

# Objects painted tile by tile (a variant per tile) instead of as one picture per piece.
PER_TILE_KINDS = frozenset({
    "bar customer seating", "cafe customer seating", "classroom student seating", "dorm garden",
    "house garden", "park garden", "behind the bar counter", "behind the cafe counter",
    "behind the grocery counter", "behind the pharmacy counter", "behind the supply store counter",
})
