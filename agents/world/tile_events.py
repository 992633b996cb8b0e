"""Events happening on tiles: "the coffee machine is brewing", "Isabella Rodriguez is serving coffee".

An event is a triple (subject, predicate, object) with a description. Events belong to the
simulation state (they change every step), so they live here apart from the static world map, in
plain picklable containers.
"""

from __future__ import annotations

from collections.abc import ItemsView, Sequence
from dataclasses import dataclass

from agents.world.pathfinding import Tile


@dataclass(frozen=True, slots=True)
class TileEvent:
    """Something happening at a tile; ``subject`` is usually an address or a resident's name."""

    subject: str
    predicate: str = ""
    object: str = ""
    description: str = ""

    @property
    def is_idle(self) -> bool:
        """True for an event that says nothing happens (no predicate)."""
        return not self.predicate


class TileEvents:
    """Events per tile, in the order they were added; duplicates on one tile are kept once."""

    def __init__(self) -> None:
        self._events: dict[Tile, list[TileEvent]] = {}

    def add(self, tile: Tile, event: TileEvent) -> None:
        """Add ``event`` at ``tile`` (no-op if it is already there)."""
        events = self._events.setdefault(tile, [])
        if event not in events:
            events.append(event)

    def remove(self, tile: Tile, event: TileEvent) -> bool:
        """Remove ``event`` from ``tile``; True if it was there."""
        events = self._events.get(tile)
        if not events or event not in events:
            return False
        events.remove(event)
        if not events:
            del self._events[tile]
        return True

    def remove_subject(self, tile: Tile, subject: str) -> int:
        """Remove every event at ``tile`` whose subject is ``subject``; how many went."""
        events = self._events.get(tile, [])
        kept = [event for event in events if event.subject != subject]
        removed = len(events) - len(kept)
        if kept:
            self._events[tile] = kept
        else:
            self._events.pop(tile, None)
        return removed

    def at(self, tile: Tile) -> tuple[TileEvent, ...]:
        """The events at ``tile``, oldest first."""
        return tuple(self._events.get(tile, ()))

    def tiles(self) -> tuple[Tile, ...]:
        """Every tile that has at least one event, in row-major order."""
        return tuple(sorted(self._events, key=lambda tile: (tile[1], tile[0])))

    def by_tile(self) -> ItemsView[Tile, Sequence[TileEvent]]:
        """Every tile with its events (oldest first; read only), in no particular order: cheaper than
        :meth:`tiles` when the caller orders what it keeps."""
        return self._events.items()  # type: ignore[return-value]

    def __len__(self) -> int:
        return sum(len(events) for events in self._events.values())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TileEvents) and self._events == other._events

    def __repr__(self) -> str:
        return f"TileEvents({len(self)} events on {len(self._events)} tiles)"
