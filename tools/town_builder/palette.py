"""The town's colours: ground, water, floors, walls and the materials furniture is made of.

One soft, sunny palette keeps every painter consistent; floor and wall styles are named here so
the layout tables can refer to them ("wood_light", "tile_bath", "brick_red", ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from tools.town_builder.canvas import Color

TILE_SIZE_PX: Final = 32

# -- outdoors ---------------------------------------------------------------------------------
GRASS: Final = (120, 178, 92)
GRASS_DARK: Final = (98, 156, 78)
GRASS_LIGHT: Final = (146, 196, 108)
DIRT: Final = (196, 166, 118)
DIRT_DARK: Final = (168, 138, 96)
PAVING: Final = (196, 192, 182)
PAVING_DARK: Final = (164, 160, 152)
ASPHALT: Final = (92, 96, 104)
ASPHALT_LIGHT: Final = (110, 114, 122)
ROAD_LINE: Final = (236, 210, 110)
CURB: Final = (150, 146, 140)
WATER: Final = (82, 152, 206)
WATER_DEEP: Final = (66, 128, 190)
WATER_LIGHT: Final = (156, 206, 236)
SAND: Final = (222, 204, 150)
LEAF: Final = (70, 138, 72)
LEAF_DARK: Final = (46, 104, 58)
LEAF_LIGHT: Final = (112, 172, 88)
BARK: Final = (110, 78, 52)
FENCE_WOOD: Final = (196, 150, 98)
HEDGE: Final = (64, 126, 66)
SOIL: Final = (132, 96, 66)
FLOWER_COLOURS: Final = ((236, 96, 110), (250, 210, 90), (246, 246, 240), (176, 120, 220), (250, 150, 70),
                         (120, 170, 240))

# -- materials --------------------------------------------------------------------------------
WOOD: Final = (170, 116, 70)
WOOD_DARK: Final = (118, 78, 50)
WOOD_LIGHT: Final = (206, 160, 108)
METAL: Final = (178, 186, 194)
METAL_DARK: Final = (110, 118, 128)
WHITE: Final = (244, 244, 240)
PORCELAIN: Final = (236, 242, 246)
BLACK: Final = (40, 40, 46)
CHALKBOARD: Final = (46, 84, 64)
FABRIC_RED: Final = (196, 76, 76)
FABRIC_BLUE: Final = (80, 118, 190)
FABRIC_GREEN: Final = (92, 150, 110)
FABRIC_YELLOW: Final = (232, 196, 96)
FABRIC_PURPLE: Final = (140, 100, 170)
FABRIC_TEAL: Final = (70, 160, 160)
PAPER: Final = (250, 246, 226)
GLASS: Final = (170, 214, 236)
BOOK_COLOURS: Final = ((190, 70, 70), (70, 110, 180), (90, 150, 90), (220, 180, 80), (150, 90, 150),
                       (230, 130, 70), (80, 160, 170))


@dataclass(frozen=True)
class FloorStyle:
    """How a floor looks: a base colour and a pattern ("planks", "checker", "tiles", "carpet",
    "stone", "grass")."""

    base: Color
    accent: Color
    pattern: str


FLOOR_STYLES: Final[dict[str, FloorStyle]] = {
    "wood_light": FloorStyle((214, 176, 128), (190, 150, 104), "planks"),
    "wood_warm": FloorStyle((196, 140, 92), (170, 116, 74), "planks"),
    "wood_dark": FloorStyle((146, 100, 70), (122, 82, 58), "planks"),
    "tile_bath": FloorStyle((226, 236, 240), (186, 206, 218), "tiles"),
    "tile_kitchen": FloorStyle((238, 232, 218), (190, 90, 80), "checker"),
    "tile_grey": FloorStyle((206, 208, 206), (180, 182, 182), "tiles"),
    "tile_cafe": FloorStyle((232, 218, 192), (212, 192, 160), "checker"),
    "carpet_red": FloorStyle((172, 82, 86), (152, 70, 76), "carpet"),
    "carpet_blue": FloorStyle((100, 128, 176), (88, 114, 160), "carpet"),
    "carpet_green": FloorStyle((108, 146, 104), (94, 130, 92), "carpet"),
    "carpet_beige": FloorStyle((214, 198, 166), (196, 180, 148), "carpet"),
    "carpet_purple": FloorStyle((142, 116, 164), (126, 102, 148), "carpet"),
    "stone": FloorStyle((186, 180, 168), (160, 154, 144), "stone"),
    "grass": FloorStyle(GRASS, GRASS_DARK, "grass"),
}


@dataclass(frozen=True)
class WallStyle:
    """A building's walls: the cap seen from above, the inside face and the outside facade."""

    cap: Color
    inner_face: Color
    outer_face: Color
    facade_pattern: str  # "brick", "siding" or "plaster"


WALL_STYLES: Final[dict[str, WallStyle]] = {
    "brick_red": WallStyle((96, 70, 66), (236, 222, 196), (178, 92, 74), "brick"),
    "brick_brown": WallStyle((88, 72, 62), (230, 214, 184), (150, 104, 78), "brick"),
    "siding_blue": WallStyle((80, 84, 100), (220, 230, 236), (120, 156, 196), "siding"),
    "siding_green": WallStyle((74, 90, 78), (226, 232, 210), (132, 176, 140), "siding"),
    "siding_yellow": WallStyle((104, 90, 66), (240, 232, 206), (226, 196, 118), "siding"),
    "plaster_cream": WallStyle((110, 96, 84), (242, 236, 220), (230, 214, 180), "plaster"),
    "plaster_white": WallStyle((96, 98, 106), (240, 240, 236), (226, 226, 220), "plaster"),
    "stone_grey": WallStyle((86, 86, 92), (228, 224, 214), (164, 162, 158), "brick"),
}
