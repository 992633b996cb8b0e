"""Events on tiles: add, remove, list, pickle."""

from __future__ import annotations

import pickle

from agents.world.tile_events import TileEvent, TileEvents


def test_add_list_remove() -> None:
    events = TileEvents()
    brewing = TileEvent("the Ville:Hobbs Cafe:cafe:coffee machine", "is", "brewing", "the coffee machine is brewing")
    serving = TileEvent("Isabella Rodriguez", "is", "serving coffee", "Isabella is serving coffee")
    events.add((3, 4), brewing)
    events.add((3, 4), brewing)  # a duplicate is kept once
    events.add((3, 4), serving)
    events.add((1, 9), serving)
    assert events.at((3, 4)) == (brewing, serving)
    assert events.at((0, 0)) == ()
    assert events.tiles() == ((3, 4), (1, 9))
    assert len(events) == 3
    assert events.remove((3, 4), brewing) is True
    assert events.remove((3, 4), brewing) is False
    assert events.remove_subject((1, 9), "Isabella Rodriguez") == 1
    assert events.tiles() == ((3, 4),)
    assert pickle.loads(pickle.dumps(events)) == events


def test_idle_event() -> None:
    assert TileEvent("the Ville:Hobbs Cafe:cafe:piano").is_idle
    assert not TileEvent("a", "is", "b").is_idle
