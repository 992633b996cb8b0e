"""Layout table, north of Main Street: the artist's co-living space, the row of five apartments,
The Rose and Crown Pub, Hobbs Cafe and Oak Hill College (see :mod:`plan_model` for the
characters). Names of sectors, arenas and objects are the original town's, exactly.
"""

from __future__ import annotations

from tools.town_builder.plan_model import Arena, Plan, beside

_UNITS_TOP = beside(
    ["#bA..ssc#h.t", "#b.....c#h.w", "#.......#.Bw", "#.......##+#", "#...........", "#d..........",
     "#...~~......"],
    ["#bC...ec#h.t", "#b....ec#h.w", "#......g#.Dw", "#.......##+#", "#...........", "#*..........",
     "#..........."],
    ["#bE....c#h.t", "#b......#h.w", "#.......#.Fw", "#.......##+#", "#...........", "#d.....~~...",
     "#......~~..."],
    ["#"] * 7,
)
_UNITS_BOTTOM = beside(
    ["#b.....e....", "#bG....e....", "#..........s", "#.......##+#", "#.......#.Hw", "#cc.....#h.w",
     "#.......#h.t"],
    ["#b....ee....", "#bI.........", "#..........d", "#.......##+#", "#.......#.Jw", "#c......#h.w",
     "#c......#h.t"],
    ["#.#kkkna.ff.#", "#.#K........#", "#.#...&&....#", "#.+...&&....#", "#.#.........#", "#.#*.......*#",
     "#.#.........#"],
)
CO_LIVING = Plan(
    sector="artist's co-living space", origin=(8, 5), wall_style="siding_yellow",
    rows=(
        "#" * 37, *_UNITS_TOP, "####+#######" * 3 + "#",
        "#....oo...................oo........#",
        "#....mm...........L.......mm........#",
        "#....mm.......~~~~~.......mm........#",
        "#.............~~~~~.................#",
        "#*.................................*#",
        "####+#######" + "####+#######" + "#.######+####",
        *_UNITS_BOTTOM, "#" * 24 + "#+#" + "#" * 10,
    ),
    arenas={
        "A": Arena("Latoya Williams's room", "wood_light"), "B": Arena("Latoya Williams's bathroom", "tile_bath"),
        "C": Arena("Rajiv Patel's room", "carpet_green"), "D": Arena("Rajiv Patel's bathroom", "tile_bath"),
        "E": Arena("Abigail Chen's room", "carpet_purple"), "F": Arena("Abigail Chen's bathroom", "tile_bath"),
        "G": Arena("Francisco Lopez's room", "wood_warm"), "H": Arena("Francisco Lopez's bathroom", "tile_bath"),
        "I": Arena("Hailey Johnson's room", "carpet_blue"), "J": Arena("Hailey Johnson's bathroom", "tile_bath"),
        "K": Arena("kitchen", "tile_kitchen"), "L": Arena("common room", "wood_light"),
    },
)


def _apartment(sector: str, x: int, main_room: list[str], wall_style: str, floor: str) -> Plan:
    """A one-room apartment with a bathroom in the back corner and its door on the lane (south)."""
    return Plan(
        sector=sector, origin=(x, 3), wall_style=wall_style,
        rows=("#########", "#hBt#b.c#", "#h.w#b.c#", "#..w#...#", "##+##...#", *main_room, "####+####"),
        arenas={"A": Arena("main room", floor), "B": Arena("bathroom", "tile_bath")},
    )


APARTMENTS = (
    _apartment("Arthur Burton's apartment", 52,
               ["#g.....s#", "#A.....s#", "#.~~....#", "#.~~..d.#", "#f......#", "#*......#"],
               "brick_brown", "wood_dark"),
    _apartment("Ryan Park's apartment", 62,
               ["#......y#", "#A......#", "#.......#", "#.~~....#", "#.~~....#", "#kkn..f*#"],
               "siding_blue", "wood_light"),
    _apartment("Isabella Rodriguez's apartment", 72,
               ["#s.....d#", "#sA.....#", "#...~~..#", "#...~~..#", "#.......#", "#f.....*#"],
               "plaster_cream", "wood_warm"),
    _apartment("Giorgio Rossi's apartment", 82,
               ["#qq....d#", "#A......#", "#.......#", "#...~~..#", "#...~~..#", "#kn..f..#"],
               "siding_green", "carpet_beige"),
    _apartment("Carlos Gomez's apartment", 92,
               ["#d......#", "#A....*.#", "#.~~....#", "#.~~....#", "#.......#", "#kkn.f..#"],
               "brick_red", "wood_light"),
)

PUB = Plan(
    sector="The Rose and Crown Pub", origin=(52, 18), wall_style="brick_red",
    rows=(
        "#######################",
        "#ss.kk.n.ff....*.....*#",
        "#2222222..............#",
        "#=======..............#",
        "#uuuuuuu.......P......#",
        "#.....................#",
        "#..&&.....&&.....&&...#",
        "#..&&.....&&.....&&...#",
        "#.....................#",
        "#................~~~~.#",
        "#..&&.....&&.....~~i~.#",
        "#..&&.....&&.....~~~~.#",
        "#.....................#",
        "#*...................*#",
        "#.....................#",
        "##########+############",
    ),
    arenas={"P": Arena("pub", "wood_dark")},
    objects={"u": "bar customer seating", "2": "behind the bar counter", "i": "microphone"},
)

CAFE = Plan(
    sector="Hobbs Cafe", origin=(76, 18), wall_style="plaster_white",
    rows=(
        "#########################",
        "#kk.n.ff..*........pp...#",
        "#11111..................#",
        "#=====..................#",
        "#.......................#",
        "#..i..i..i.......i..i...#",
        "#.......................#",
        "#..i..i..i...C...i..i...#",
        "#.......................#",
        "#..i..i..i.......i..i...#",
        "#.......................#",
        "#*.....................*#",
        "#.......................#",
        "#..........~~~~.........#",
        "#..........~~~~.........#",
        "###########++############",
    ),
    arenas={"C": Arena("cafe", "tile_cafe")},
    objects={"1": "behind the cafe counter", "i": "cafe customer seating"},
)

_CLASSROOM = [
    "....qqqq......", "......v.......", "..............", "..j..j..j..j..", "..............",
    "..j..j..j..j..", "..............", "..j..j..j..j..", "..............", "......K.......",
    "..............", "*............*",
]
_LIBRARY = [
    "uuuuuu..uuuuuu", "..............", "..mm.....mm...", "..mm.....mm...", "..............",
    "u............u", "u.....L......u", "u............u", "..............", "..ii.....ii...",
    "..............", "*............*",
]
COLLEGE = Plan(
    sector="Oak Hill College", origin=(107, 3), wall_style="stone_grey",
    rows=(
        "#" * 31,
        *("#" + left + "#" + right + "#" for left, right in zip(_CLASSROOM, _LIBRARY)),
        "#######+###############+#######",
        "#*...........................*#",
        "#.............H...............#",
        "#.............................#",
        "#######+###########+###########",
    ),
    arenas={"K": Arena("classroom", "carpet_blue"), "L": Arena("library", "carpet_red"),
            "H": Arena("hallway", "stone")},
    objects={"v": "classroom podium", "j": "classroom student seating", "u": "bookshelf",
             "i": "library sofa", "m": "library table"},
)

NORTH_PLANS = (CO_LIVING, *APARTMENTS, PUB, CAFE, COLLEGE)
