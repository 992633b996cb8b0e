"""The agent's known places (spatial memory) as the offline rules use them.

``context["spatial_memory"]`` is ``{world: {sector: {arena: [game objects]}}}``; the agent's home is its
persona's ``living_area`` address ``world:sector:arena``. :class:`KnownPlaces` answers: which sector or
arena a text names, which arenas are someone else's private room, where one can eat out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from agents.llm.offline.text_tools import mentions

_FOOD_OBJECTS = ("cooking area", "refrigerator", "toaster", "kitchen sink", "stove", "oven", "microwave")
_EATERY_WORDS = ("cafe", "café", "restaurant", "diner", "pub", "bar", "bistro", "bakery")
_GENERIC_ARENAS = (
    "main room",
    "common room",
    "kitchen",
    "bathroom",
    "bedroom",
    "garden",
    "living room",
    "hallway",
)


@dataclass(frozen=True)
class KnownPlaces:
    """An agent's places: ``tree[sector][arena] = objects`` in one world, plus its home address."""

    world: str
    tree: Mapping[str, Mapping[str, tuple[str, ...]]]
    home_sector: str
    home_arena: str

    @classmethod
    def from_context(cls, context: Mapping[str, object]) -> KnownPlaces:
        persona = context.get("persona")
        living_area = str(persona.get("living_area", "")) if isinstance(persona, Mapping) else ""
        parts = living_area.split(":")
        raw = context.get("spatial_memory")
        worlds = raw if isinstance(raw, Mapping) else {}
        world = parts[0] if parts and parts[0] in worlds else next(iter(worlds), parts[0] if parts else "")
        sectors = worlds.get(world, {}) if isinstance(worlds.get(world, {}), Mapping) else {}
        tree: dict[str, dict[str, tuple[str, ...]]] = {}
        for sector, arenas in sectors.items():
            if not isinstance(arenas, Mapping):
                continue
            tree[str(sector)] = {
                str(arena): tuple(str(item) for item in objects) if isinstance(objects, (list, tuple)) else ()
                for arena, objects in arenas.items()
            }
        home_sector = parts[1] if len(parts) > 1 else ""
        home_arena = parts[2] if len(parts) > 2 else ""
        return cls(world=str(world), tree=tree, home_sector=home_sector, home_arena=home_arena)

    @property
    def has_home(self) -> bool:
        return self.home_sector in self.tree

    def sectors(self) -> list[str]:
        return list(self.tree)

    def arenas_with_objects(self, sector: str) -> list[str]:
        return [arena for arena, objects in self.tree.get(sector, {}).items() if objects]

    def is_someone_elses_room(self, arena: str, own_name: str) -> bool:
        """``"Abigail Chen's room"`` is private to Abigail; generic rooms are nobody's."""
        possessive = re.match(r"(.+?)'s? ", arena)
        if possessive is None or arena.casefold().startswith(("man's", "woman's", "men's", "women's")):
            return False
        owner_words = set(possessive.group(1).casefold().replace(" and ", " ").split())
        return not owner_words & set(own_name.casefold().split())

    def sector_named_in(self, text: str) -> tuple[str, int] | None:
        """The best sector named in ``text`` and where in the text it is named."""
        best: tuple[float, int, str] | None = None
        folded = text.casefold()
        for sector in self.tree:
            score = mentions(text, sector)
            if score >= 0.6 and len(sector) > 3:
                position = _first_position(folded, sector)
                candidate = (score, -position, sector)
                if best is None or candidate > best:
                    best = candidate
        return None if best is None else (best[2], -best[1])

    def sectors_named_in(self, text: str) -> list[str]:
        """Every sector named in ``text``, in the order they are named."""
        folded = text.casefold()
        best_at: dict[int, tuple[float, str]] = {}
        for sector in self.tree:
            score = mentions(text, sector)
            if score < 0.6:
                continue
            position = _first_position(folded, sector)
            if position not in best_at or score > best_at[position][0]:
                best_at[position] = (score, sector)
        return [best_at[position][1] for position in sorted(best_at)]

    def arena_named_in(self, text: str, sector: str) -> str | None:
        """An arena of ``sector`` named in ``text`` (generic room names only inside the home)."""
        folded = text.casefold()
        for arena in self.tree.get(sector, {}):
            if arena.casefold() in folded:
                return arena
        return None

    def distinctive_arena_named_in(self, text: str, own_name: str) -> tuple[str, str] | None:
        """A non-generic arena anywhere (e.g. ``library``) named in ``text``: (sector, arena)."""
        folded = text.casefold()
        for sector, arenas in self.tree.items():
            for arena in arenas:
                name = arena.casefold()
                if name in _GENERIC_ARENAS or self.is_someone_elses_room(arena, own_name):
                    continue
                if re.search(rf"\b{re.escape(name)}\b", folded):
                    return sector, arena
        return None

    def home_has_kitchen(self) -> bool:
        return any(
            any(food in obj for food in _FOOD_OBJECTS for obj in objects)
            for objects in self.tree.get(self.home_sector, {}).values()
        )

    def eateries(self) -> list[str]:
        """Sectors where one can eat out, most obviously named first."""
        named = [s for s in self.tree if any(word in s.casefold() for word in _EATERY_WORDS)]
        by_arena = [
            s
            for s, arenas in self.tree.items()
            if s not in named and any(any(word in a.casefold() for word in _EATERY_WORDS) for a in arenas)
        ]
        cafes_first = sorted(
            named, key=lambda s: 0 if "cafe" in s.casefold() or "café" in s.casefold() else 1
        )
        return cafes_first + by_arena

    def parks(self) -> list[str]:
        return [
            s
            for s, arenas in self.tree.items()
            if "park" in s.casefold() or any("park" in a.casefold() for a in arenas)
        ]

    def pubs(self) -> list[str]:
        return [s for s in self.tree if any(word in s.casefold() for word in ("pub", "bar ", "tavern"))]


def _first_position(folded_text: str, name: str) -> int:
    for word in sorted(
        (w for w in re.findall(r"[a-z0-9]+", name.casefold()) if len(w) > 3), key=len, reverse=True
    ):
        position = folded_text.find(word.removesuffix("s"))
        if position >= 0:
            return position
    return len(folded_text)
