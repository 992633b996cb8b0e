"""The town as a grid of tiles while it is being laid out: what the ground is, which wall, fence
or prop stands on a tile, whether it blocks, its sector / arena / game object / spawn names, and
the pictures (furniture, rugs, trees) that span several tiles.

Filled by :mod:`plan_stamping` (the sectors) and :mod:`outdoor_layout` (roads, river, paths,
trees); read by :mod:`map_assembly`, which turns it into art layers and semantic grids.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

Tile = tuple[int, int]

# Layers a piece can be drawn in (bottom to top); see map_assembly.
DETAIL_LAYER = "detail"
FURNITURE_LAYER = "furniture"
FOREGROUND_LAYER = "foreground"


@dataclass(frozen=True)
class Piece:
    """A picture spanning ``width_tiles`` x ``height_tiles`` from ``(x, y)``: ``kind`` names the
    painter (a game object kind, a decor kind, "rug", "tree canopy", ...)."""

    kind: str
    layer: str
    x: int
    y: int
    width_tiles: int = 1
    height_tiles: int = 1
    variant: int = 0
    style: str = ""


@dataclass
class TileInfo:
    """Everything known about one tile.

    ``ground`` is one of grass, path, paving, road, water, bridge, stone, floor; ``style`` refines
    it (floor style, road marking); ``structure`` is "", wall, door, fence or gate, with the
    building's wall style in ``wall_style``; ``indoor`` marks floors, doors and walls of buildings.
    """

    ground: str = "grass"
    style: str = ""
    structure: str = ""
    wall_style: str = ""
    indoor: bool = False
    blocked: bool = False
    prop: str = ""
    sector: str = ""
    arena: str = ""
    game_object: str = ""
    spawn: str = ""


@dataclass
class TownGrid:
    """A ``width_tiles`` x ``height_tiles`` town being built."""

    width_tiles: int
    height_tiles: int
    tiles: list[list[TileInfo]] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.tiles:
            self.tiles = [[TileInfo() for _ in range(self.width_tiles)] for _ in range(self.height_tiles)]

    def in_bounds(self, x: int, y: int) -> bool:
        return 0 <= x < self.width_tiles and 0 <= y < self.height_tiles

    def at(self, x: int, y: int) -> TileInfo:
        return self.tiles[y][x]

    def all_tiles(self) -> list[tuple[int, int, TileInfo]]:
        """Every tile, row-major, with its position."""
        return [(x, y, self.tiles[y][x]) for y in range(self.height_tiles) for x in range(self.width_tiles)]

    def is_walkable(self, x: int, y: int) -> bool:
        return self.in_bounds(x, y) and not self.tiles[y][x].blocked

    def neighbours(self, x: int, y: int) -> list[Tile]:
        """The up to four in-bounds neighbours of a tile (north, east, south, west)."""
        found = [(x, y - 1), (x + 1, y), (x, y + 1), (x - 1, y)]
        return [(nx, ny) for nx, ny in found if self.in_bounds(nx, ny)]

    def reachable_from(self, start: Tile) -> set[Tile]:
        """Every walkable tile connected to ``start`` through 4-neighbour steps."""
        reached = {start}
        queue = deque([start])
        while queue:
            x, y = queue.popleft()
            for step in self.neighbours(x, y):
                if step not in reached and self.is_walkable(*step):
                    reached.add(step)
                    queue.append(step)
        return reached
