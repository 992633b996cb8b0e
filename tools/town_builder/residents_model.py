"""The shape of one resident in the town builder's table, and the addresses of the town's shared
places that many residents know.

A :class:`Resident` is the author's record of a person (identity, routine, home, the places they
know, what they remember at the start); the scenario builder turns it into the persona file the
game reads. A :class:`ResidentOverride` replaces some of those texts in one scenario only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

WORLD = "the Ville"


def place(sector: str, arena: str) -> str:
    """The arena address ``"the Ville:<sector>:<arena>"``."""
    return f"{WORLD}:{sector}:{arena}"


# -- public places ------------------------------------------------------------------------------

CAFE = place("Hobbs Cafe", "cafe")
PUB = place("The Rose and Crown Pub", "pub")
SUPPLY_STORE = place("Harvey Oak Supply Store", "supply store")
MARKET = place("The Willows Market and Pharmacy", "store")
PARK = place("Johnson Park", "park")

COLLEGE = "Oak Hill College"
COLLEGE_HALLWAY = place(COLLEGE, "hallway")
COLLEGE_LIBRARY = place(COLLEGE, "library")
COLLEGE_CLASSROOM = place(COLLEGE, "classroom")

DORM = "Dorm for Oak Hill College"
DORM_GARDEN = place(DORM, "garden")
DORM_COMMON_ROOM = place(DORM, "common room")
DORM_KITCHEN = place(DORM, "kitchen")
DORM_WOMENS_BATHROOM = place(DORM, "woman's bathroom")
DORM_MENS_BATHROOM = place(DORM, "man's bathroom")

CO_LIVING = "artist's co-living space"
CO_LIVING_KITCHEN = place(CO_LIVING, "kitchen")
CO_LIVING_COMMON_ROOM = place(CO_LIVING, "common room")

LIN_HOUSE = "Lin family's house"
MORENO_HOUSE = "Moreno family's house"
MOORE_HOUSE = "Moore family's house"
TAYLOR_ORTIZ_HOUSE = "Tamara Taylor and Carmen Ortiz's house"

#: The shops, the cafe, the pub and the park: what nearly everyone in town knows.
TOWN_CENTRE: tuple[str, ...] = (CAFE, PUB, SUPPLY_STORE, MARKET, PARK)

#: What every student living in the dorm knows besides their own room.
DORM_AND_COLLEGE: tuple[str, ...] = (
    COLLEGE_HALLWAY, COLLEGE_LIBRARY, COLLEGE_CLASSROOM,
    DORM_GARDEN, DORM_COMMON_ROOM, DORM_KITCHEN, DORM_WOMENS_BATHROOM, DORM_MENS_BATHROOM,
)


@dataclass(frozen=True)
class Resident:
    """One resident of Smallville as the town's authors describe them.

    ``innate`` holds three traits, ``learned`` the background and occupation, ``currently`` what
    occupies them when a scenario starts, ``lifestyle`` when they sleep, wake and eat,
    ``daily_plan_req`` their daily routine, ``living_area`` their home's arena address,
    ``known_places`` the arena addresses they know (home first), ``whispers`` the short
    second-person sentences that become their first memories.
    """

    first_name: str
    last_name: str
    age: int
    innate: str
    learned: str
    currently: str
    lifestyle: str
    daily_plan_req: str
    living_area: str
    known_places: tuple[str, ...]
    whispers: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def with_override(self, override: ResidentOverride) -> Resident:
        """This resident with the texts ``override`` sets replaced."""
        changes: dict[str, object] = {}
        for key in ("currently", "lifestyle", "daily_plan_req", "whispers"):
            value = getattr(override, key)
            if value is not None:
                changes[key] = value
        return replace(self, **changes)


@dataclass(frozen=True)
class ResidentOverride:
    """Texts that differ for a resident in one scenario; ``None`` keeps the table's text."""

    currently: str | None = None
    lifestyle: str | None = None
    daily_plan_req: str | None = None
    whispers: tuple[str, ...] | None = None
