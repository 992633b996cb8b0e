"""The world map in a save: what it is built from (its grids as plain bytes and their names), not the
parts derived from them.

A :class:`~agents.world.world_map.WorldMap` never changes once built, so it is saved as the
arguments of its constructor (made once per world, :func:`world_state`) and rebuilt on load by its
constructor from those arguments once :func:`world_arguments` has checked them: the path grid, the
address index and the spawn tiles are made by our code, never read from the file. The check: the
five grids have one shape (at most :data:`MAX_WORLD_TILES` tiles), the collision grid is boolean, the
others integers indexing their name tuples. A BadSavedState names the field that does not check out.

Building a world takes tens of milliseconds (its address index and path grid), so a world that is
already built in this process with the very same state (the town being played, or one loaded
before) is shared instead: :func:`remember_world` notes a world with its state, :func:`world_like`
finds one whose state equals a loaded one (compared whole: grids, names, path; a world never changes
once built, so sharing its parts is safe)::

    {"format": 1, "name": str, "source_path": Path, "tile_size_px": int, "collision": |b1[H, W],
     "sector_ids": int[H, W], "sector_names": (str, ...), ... arena, object, spawn alike}
"""

from __future__ import annotations

import weakref
from pathlib import PurePath

import numpy as np
import numpy.typing as npt

from agents.persistence.array_codec import BadSavedState, decode_array, encode_array, shown

WORLD_STATE_FORMAT = 1
MAX_WORLD_TILES = 1_000_000  # the original town is 140 x 100; a million tiles take seconds to index
MAX_TILE_SIZE_PX = 4096
LEVELS = ("sector", "arena", "object", "spawn")

_INTEGER_DTYPES = frozenset({"|i1", "|u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8"})
_STATE_KEYS = frozenset({"format", "name", "source_path", "tile_size_px", "collision"}
                        | {f"{level}_{part}" for level in LEVELS for part in ("ids", "names")})
_FIELD = "WorldMap"


def world_state(name: str, source_path: PurePath, tile_size_px: int, collision: npt.NDArray[np.bool_],
                grids: dict[str, tuple[npt.NDArray[np.integer], tuple[str, ...]]]) -> dict[str, object]:
    """The state a world is pickled as; ``grids`` maps each of :data:`LEVELS` to its id grid and names."""
    state: dict[str, object] = {"format": WORLD_STATE_FORMAT, "name": name, "source_path": source_path,
                                "tile_size_px": tile_size_px, "collision": encode_array(collision)}
    for level in LEVELS:
        ids, names = grids[level]
        state[f"{level}_ids"] = encode_array(ids)
        state[f"{level}_names"] = tuple(names)
    return state


def world_arguments(state: object) -> dict[str, object]:
    """The keyword arguments of ``WorldMap(...)`` in a state made by :func:`world_state`, checked."""
    if type(state) is not dict or set(state) != _STATE_KEYS:
        found = sorted(shown(key) for key in state) if type(state) is dict else type(state).__name__
        raise BadSavedState(_FIELD, f"should be a saved world with keys {sorted(_STATE_KEYS)}, found {found}")
    if state["format"] != WORLD_STATE_FORMAT or type(state["format"]) is not int:
        raise BadSavedState(f"{_FIELD}.format", f"should be {WORLD_STATE_FORMAT}, found {shown(state['format'])}")
    name, source_path, tile_size = state["name"], state["source_path"], state["tile_size_px"]
    if type(name) is not str or not name:
        raise BadSavedState(f"{_FIELD}.name", "should be a non-empty string")
    if not isinstance(source_path, PurePath):
        raise BadSavedState(f"{_FIELD}.source_path", f"should be a path, found a {type(source_path).__name__}")
    if type(tile_size) is not int or not 1 <= tile_size <= MAX_TILE_SIZE_PX:
        raise BadSavedState(f"{_FIELD}.tile_size_px", f"should be a whole number from 1 to {MAX_TILE_SIZE_PX}")
    collision = decode_array(state["collision"], f"{_FIELD}.collision", dtypes="|b1", ndim=2)
    height, width = collision.shape
    if not 1 <= height * width <= MAX_WORLD_TILES:
        raise BadSavedState(f"{_FIELD}.collision", f"should have from 1 to {MAX_WORLD_TILES} tiles, found "
                                                   f"{width} x {height}")
    arguments: dict[str, object] = {"name": name, "source_path": source_path, "tile_size_px": tile_size,
                                    "collision": collision}
    for level in LEVELS:
        names = state[f"{level}_names"]
        field = f"{_FIELD}.{level}_names"
        if type(names) is not tuple or not names or not all(type(text) is str for text in names):
            raise BadSavedState(field, "should be a non-empty tuple of strings")
        ids = decode_array(state[f"{level}_ids"], f"{_FIELD}.{level}_ids", dtypes=_INTEGER_DTYPES,
                           shape=(height, width))
        if int(ids.min()) < 0 or int(ids.max()) >= len(names):
            raise BadSavedState(f"{_FIELD}.{level}_ids", f"holds an index outside its {len(names)} names")
        arguments[f"{level}_ids"] = ids
        arguments[f"{level}_names"] = names
    return arguments


_BUILT: weakref.WeakValueDictionary[tuple[str, tuple[int, ...]], object] = weakref.WeakValueDictionary()


def remember_world(state: dict[str, object], world: object) -> None:
    """Note ``world``, whose saved state is ``state``, as one a load may share (while it lives)."""
    _BUILT[_key(state)] = world


def world_like(state: dict[str, object], saved_state_of: str = "__getstate__") -> object | None:
    """A live world whose saved state equals ``state`` (a checked one), or None."""
    world = _BUILT.get(_key(state))
    if world is None:
        return None
    return world if getattr(world, saved_state_of)() == state else None


def _key(state: dict[str, object]) -> tuple[str, tuple[int, ...]]:
    collision = state["collision"]
    return (str(state["name"]), collision[1] if type(collision) is tuple else ())
