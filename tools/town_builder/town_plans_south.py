"""Layout table, south of Main Street: Johnson Park, Harvey Oak Supply Store, The Willows Market
and Pharmacy, the Dorm for Oak Hill College with its garden, and the six family homes (see
:mod:`plan_model` for the characters). Names are the original town's, exactly.
"""

from __future__ import annotations

from tools.town_builder.plan_model import Arena, Plan

JOHNSON_PARK = Plan(
    sector="Johnson Park", origin=(6, 41), outdoor=True,
    rows=(
        ",,,,,%,,,,,,,,,,,,,,::,,,,,,,,,,,,%,,,,,",
        ",,,,,,,,,,,,,,,,,,,,::,,,,,,,,,,,,,,,,,,",
        ",,^,,,,,,,vvv,,,,,,,::,,,,,,vvv,,,,,^,,,",
        ",,,,,,,,,,vvv,,,^,,,::,,,^,,vvv,,,,,,,,,",
        ",,,,,,::::::::::::::::::::::::::::,,,,,,",
        ",,,,,,:,,,,,,,,,,,,,,,,,,,,,,,,,,:,,,,,,",
        ",,,,,,:,,$$,,,,%,,,,,,,,%,,,$$,,,:,,,,,,",
        ",,^,,,:,,,,,,,,____________,,,,,,:,,,^,,",
        ",,,,,,:,,,,,,,_______________,,,,:,,,,,,",
        ",,,,,,:,,,,,,_________________,,,:,,,,,,",
        "::::::::,,,,,__________________,::::::::",
        ",,^,,,:,,,,,,_________________,,,:,,,^,,",
        ",,,,,,:,P,,,,,_______________,,,,:,,,,,,",
        ",,,,,,:,,,,,,,,____________,,,,,,:,,,,,,",
        ",,^,,,:,,$$,,,,,,,,,,,,,,,,,,$$,,:,,,^,,",
        ",,,,,,:,,,,,,,,,,,,,,,,,,,,,,,,,,:,,,,,,",
        ",,,,,,::::::::::::::::::::::::::::,,,,,,",
        ",,,,,,,,,,vvvv,,,,,,::,,,,,,vvvv,,,,,,,,",
        ",,,,,,,,,,vvvv,,,,,,::,,,,,,vvvv,,,,,,,,",
        ",,%,,,,,%,,,,,,,^,,,::,,,^,,,,,%,,,,,%,,",
        ",,,,,,,,,,,,,,,,,,,,::,,,,,,,,,,,,,,,,,,",
        ",,,,,,vvv,,,,,,,,,,,::,,,,,,,,,,,vvv,,,,",
        ",,,,,,vvv,,,,,,,,,,,::,,,,,,,,,,,vvv,,,,",
        ",,^,,,,,,,,,^,,,,,,,::,,,,,,^,,,,,,,,^,,",
    ),
    arenas={"P": Arena("park", "grass")},
    objects={"v": "park garden"},
)

SUPPLY_STORE = Plan(
    sector="Harvey Oak Supply Store", origin=(53, 42), wall_style="brick_brown",
    rows=(
        "####################",
        "#uuuuu..uuuuu..uuuu#",
        "#..................#",
        "#..................#",
        "#.uu..uu..uu..uu...#",
        "#.uu..uu..uu..uu...#",
        "#.uu..uu..uu..uu...#",
        "#..................#",
        "#........S.........#",
        "#..................#",
        "#..........*.......#",
        "#...5555...........#",
        "#...====...........#",
        "#...8888...........#",
        "#*................*#",
        "#..................#",
        "#########++#########",
    ),
    arenas={"S": Arena("supply store", "wood_warm")},
    objects={"u": "supply store product shelf", "8": "supply store counter", "5": "behind the supply store counter"},
)

MARKET = Plan(
    sector="The Willows Market and Pharmacy", origin=(75, 42), wall_style="siding_green",
    rows=(
        "##########################",
        "#uuuuuuu..uuuuuu..#vvvvvv#",
        "#.................#......#",
        "#.uu..uu..uu..uu..#.vvvv.#",
        "#.uu..uu..uu..uu.........#",
        "#.uu..uu..uu..uu.........#",
        "#........................#",
        "#...........S.....#..44..#",
        "#.................#..==..#",
        "#...3333..........#..77..#",
        "#...====.................#",
        "#...6666.................#",
        "#*......................*#",
        "#........................#",
        "#........................#",
        "#........................#",
        "###########++#############",
    ),
    arenas={"S": Arena("store", "tile_grey")},
    objects={"u": "grocery store shelf", "v": "pharmacy store shelf", "3": "behind the grocery counter",
             "6": "grocery store counter", "4": "behind the pharmacy counter", "7": "pharmacy store counter"},
)

_DORM_BUILDING = [
    "######################", "#bb..zz#qq.xx.#b...cc#", "#C.....#.....b#..D...#", "#......#M.....#......#",
    "#cc...d#cc...d#s..d..#", "#......#......#s.....#", "###+######+#####+#####", "#...ooo..........#kkk#",
    "#...mm...........#..f#", "#...mm....R......+..f#", "#........ppp.....#.K.#", "#........ppp.....#n.a#",
    "####+########.########", "#......#w..h#.#w....h#", "#.W..ll#.Y.h#.#..X..h#", "#c...zz#t...+.+t.....#",
    "#b....d#....#.#w.....#", "#############+########",
]
_DORM_GARDEN = [
    "|||||||||", "|,,,,,,,|", "|,vv,vv,|", "|,vv,vv,|", "|,,,,,,,|", "|,,,G,,,|", "|,vv,vv,|", "|,vv,vv,|",
    "|,,,,,,,|", "|,,,,^,,|", "|,,,,,,,|", "|,vv,vv,|", "|,vv,vv,|", "|,,,,,,,|", "|,,,,,,,|", "|,vv,vv,|",
    "|,vv,vv,|", "|,,,,,,,|", "|,,,,,,,|", "|,vv,vv,|", "|,,,,,,,|", "|//||||||",
]
DORM = Plan(
    sector="Dorm for Oak Hill College", origin=(107, 41), wall_style="brick_red",
    rows=tuple(building + " " + garden for building, garden in zip(
        _DORM_BUILDING + [" " * 22] * (len(_DORM_GARDEN) - len(_DORM_BUILDING)), _DORM_GARDEN)),
    arenas={"C": Arena("Klaus Mueller's room", "carpet_blue"), "M": Arena("Maria Lopez's room", "carpet_purple"),
            "D": Arena("Ayesha Khan's room", "carpet_green"), "R": Arena("common room", "wood_light"),
            "K": Arena("kitchen", "tile_kitchen"), "W": Arena("Wolfgang Schulz's room", "carpet_beige"),
            "Y": Arena("man's bathroom", "tile_bath"), "X": Arena("woman's bathroom", "tile_bath"),
            "G": Arena("garden", "grass")},
    objects={"p": "pool table", "v": "dorm garden"},
)


def _small_house(sector: str, x: int, main_room: list[str], wall_style: str, floor: str) -> Plan:
    """A one-room house with its door on South Street (north) and a bathroom at the back."""
    return Plan(
        sector=sector, origin=(x, 73), wall_style=wall_style,
        rows=("#####+#####", *main_room, "#....##+###", "#....#...w#", "#....#.B.h#", "#....#t..h#", "###########"),
        arenas={"A": Arena("main room", floor), "B": Arena("bathroom", "tile_bath")},
    )


SMALL_HOUSES = (
    _small_house("Adam Smith's house", 8,
                 ["#cc.d..knf#", "#.........#", "#A..~~....#", "#...~~...b#", "#........b#", "#cc.......#"],
                 "siding_blue", "wood_light"),
    _small_house("Yuriko Yamamoto's house", 21,
                 ["#ss.d..knf#", "#.........#", "#A..~~....#", "#...~~...b#", "#*.......b#", "#cc.......#"],
                 "plaster_cream", "wood_warm"),
    _small_house("Moore family's house", 34,
                 ["#cc.d..knf#", "#.........#", "#A.ooo....#", "#........b#", "#........b#", "#cc......*#"],
                 "brick_brown", "carpet_beige"),
)


def _family_house(sector: str, x: int, common_room: list[str], first_bedroom: list[str],
                  second_bedroom: list[str], garden: list[str], names: tuple[str, str], wall_style: str,
                  floor: str, extra_objects: dict[str, str] | None = None) -> Plan:
    """A family home: common room, kitchen and bathroom in front (door on South Street), two
    bedrooms behind, and a fenced garden at the back with a gate on the west side."""
    front = [room + "#" + kitchen + "#" + bath + "#" for room, kitchen, bath in zip(
        common_room, ["kkn.", "K..f", "....", "....", "...."], ["h.w", "hBt", "...", "...", "..."])]
    bedrooms = ["#" + a + "#" + b + "#" for a, b in zip(first_bedroom, second_bedroom)]
    return Plan(
        sector=sector, origin=(x, 73), wall_style=wall_style,
        rows=("######+###############", *("#" + row for row in front), "#...........#+######+#",
              "#....................#", "####+##########+######", *bedrooms, "#" * 22, *garden, "|" * 22),
        arenas={"A": Arena("common room", floor), "K": Arena("kitchen", "tile_kitchen"),
                "B": Arena("bathroom", "tile_bath"), "C": Arena(names[0], "carpet_blue"),
                "D": Arena(names[1], "carpet_purple"), "G": Arena("garden", "grass")},
        objects={"v": "house garden", **(extra_objects or {})},
    )


_GARDEN = ["|,,,,,,,,,,,,,,,,,,,,|", "|,vvvv,,vvvv,,vvvv,,,|", "|,vvvv,,vvvv,,vvvv,^,|",
           "/,,,,,,,,,G,,,,,,,,,,|", "/,,,,,,,,,,,,,,,,,,,,|", "|,vvvv,,vvvv,,vvvv,,,|"]

FAMILY_HOUSES = (
    _family_house(
        "Tamara Taylor and Carmen Ortiz's house", 53,
        ["ss....mm...", "......mm...", "..A........", "..........*", "*.........."],
        ["b.......", "b..C...d", "c......."], ["b..........", "b..D......g", "c.........."],
        _GARDEN, ("Tamara Taylor's room", "Carmen Ortiz's room"), "siding_yellow", "wood_warm"),
    _family_house(
        "Moreno family's house", 78,
        ["ss....mm..r", "......mm..r", "..A........", "..........*", "*.........."],
        ["b.......", "b..C...d", "c......."], ["b..........", "b..D......g", "c.........."],
        ["|,,,,,,,,,,,,,,,,,,,,|", "|,vvvv,,vvvv,,vvvv,,,|", "|,vvvv,,vvvv,,vvvv,^,|",
         "/,,,,,,,,,G,,,,,,,,y,|", "/,,,,,,,,,,,,,,,,,,,,|", "|,vvvv,,vvvv,,vvvv,,,|"],
        ("Tom and Jane Moreno's bedroom", "empty bedroom"), "siding_blue", "wood_light",
        extra_objects={"y": "garden chair"}),
    _family_house(
        "Lin family's house", 108,
        ["sss...mm...", "......mm...", "..A........", "..........*", "*.........."],
        ["b.......", "b..C...d", "cc......"], ["b..........", "b..D.....d.", "ccc........"],
        _GARDEN, ("Mei and John Lin's bedroom", "Eddy Lin's bedroom"), "brick_red", "wood_dark"),
)

SOUTH_PLANS = (JOHNSON_PARK, SUPPLY_STORE, MARKET, DORM, *SMALL_HOUSES, *FAMILY_HOUSES)
