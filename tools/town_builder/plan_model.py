"""How a place is written down in the layout tables: a :class:`Plan` is a little ASCII drawing of
one sector (a building with its rooms, or an outdoor place) plus legends naming its arenas and
objects.

Characters of a plan:

- ``#`` wall, ``+`` doorway, ``|`` fence, ``/`` garden gate, space: not part of the sector;
- ``.`` floor of the room it is in, ``,`` grass, ``:`` stone path, ``_`` water (blocks);
- an upper-case letter: floor that also names the room (``arenas`` legend gives its arena name
  and floor style); each room (the floor reachable without crossing walls, doors, fences or
  gates) holds exactly one such letter;
- a lower-case letter or a digit: a game object (``objects`` legend, defaults in
  :data:`DEFAULT_OBJECTS`), walkable, drawn as furniture; touching same letters form one piece;
- decor that blocks walking and is no game object: ``*`` potted plant, ``=`` counter, ``&``
  table, ``%`` bush, ``^`` tree (trunk here, crown above), ``$`` bench; ``~`` is a rug (walkable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

WALL: Final = "#"
DOOR: Final = "+"
FENCE: Final = "|"
GATE: Final = "/"
OUTSIDE: Final = " "
FLOOR: Final = "."
GRASS: Final = ","
STONE_PATH: Final = ":"
WATER: Final = "_"
RUG: Final = "~"
DECOR: Final[dict[str, str]] = {"*": "potted plant", "=": "counter", "&": "table", "%": "bush", "^": "tree",
                                "$": "bench"}

# Characters that bound a room when rooms are found by flood fill.
ROOM_BOUNDARIES: Final = frozenset({WALL, DOOR, FENCE, GATE, OUTSIDE})

DEFAULT_OBJECTS: Final[dict[str, str]] = {
    "b": "bed", "d": "desk", "c": "closet", "s": "shelf", "f": "refrigerator", "k": "cooking area",
    "n": "kitchen sink", "w": "bathroom sink", "h": "shower", "t": "toilet", "e": "easel", "g": "guitar",
    "o": "common room sofa", "m": "common room table", "p": "piano", "x": "computer", "y": "computer desk",
    "z": "game console", "l": "lifting weight", "q": "blackboard", "a": "toaster", "r": "harp",
}


@dataclass(frozen=True)
class Arena:
    """A room's (or outdoor area's) arena name and how its floor looks."""

    name: str
    floor: str


@dataclass(frozen=True)
class Plan:
    """One sector drawn as rows of characters, placed with its top left at ``origin`` (tiles)."""

    sector: str
    origin: tuple[int, int]
    rows: tuple[str, ...]
    arenas: dict[str, Arena]
    wall_style: str = "plaster_cream"
    objects: dict[str, str] = field(default_factory=dict)
    outdoor: bool = False

    @property
    def width_tiles(self) -> int:
        return max(len(row) for row in self.rows)

    @property
    def height_tiles(self) -> int:
        return len(self.rows)

    def object_legend(self) -> dict[str, str]:
        return {**DEFAULT_OBJECTS, **self.objects}


def beside(*blocks: list[str]) -> list[str]:
    """Rows of several equally tall blocks joined left to right."""
    heights = {len(block) for block in blocks}
    if len(heights) != 1:
        raise ValueError(f"blocks of different heights {sorted(heights)} cannot be joined")
    return ["".join(parts) for parts in zip(*blocks)]
