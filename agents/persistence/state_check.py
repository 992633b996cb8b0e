"""Checking a loaded town before it is handed on: every field of the type it is declared with, and
the parts consistent with each other.

The restricted unpickler only builds admitted classes, but it sets their fields to whatever the file
says; a ``Simulation`` whose ``residents`` is ``5`` would load and fail later, in the middle of a
game. :func:`check_simulation` walks the loaded state first and refuses it with a
:class:`SaveSlotError` naming the field (``Simulation.residents['Ada Lee'].memory``):

* the simulation's fields are :data:`SIMULATION_FIELDS`, each of its type, no field missing and none
  this version does not know;
* a dataclass (a resident, an action, the config...) is checked field by field against its type hints
  (``typing.get_type_hints``: ``list[Tile]``, ``dict[str, datetime]``, ``Action | None``...), with
  exact types (a ``bool`` is not an ``int``, a ``datetime`` not a ``date``; a ``float`` field takes an
  ``int`` too and must be finite); a field typed ``object`` (the inputs of work asked ahead) holds
  plain data only: numbers, strings, times, containers of them and the simulation's dataclasses,
  nested at most :data:`MAX_PLAIN_DEPTH` deep;
* the classes that are not dataclasses are checked for what they hold: a memory stream (rebuilt and
  checked by its own ``__setstate__``, :mod:`agents.persistence.stream_state`) has its parts and its
  arrays' shapes agree; the world (:mod:`agents.persistence.world_state`) was built by its
  constructor; the place index is of the simulation's world; the events are tiles to event lists;
* and across the town: each resident is filed under their own name, the clock's step is positive,
  every resident's tile and path, and every event's tile, lie on the map.

Each check costs about a microsecond a value (25 residents after a game day: tens of ms).
"""

from __future__ import annotations

import dataclasses
import enum
import math
import random
import types
import typing
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path, PurePath

import numpy as np

from agents.cognition.config import MindConfig
from agents.cognition.perceive import PlaceIndex
from agents.cognition.plan import Placement
from agents.cognition.resident import Resident
from agents.engine.clock import GameClock
from agents.engine.model_work import Incident
from agents.engine.pending_chat import PendingChat
from agents.engine.simulation import Simulation
from agents.memory.records import MemoryRecord
from agents.memory.stream import MemoryStream
from agents.persistence.array_codec import shown
from agents.persistence.errors import SaveSlotError
from agents.world.pathfinding import PathGrid, Tile
from agents.world.tile_events import TileEvent, TileEvents
from agents.world.world_map import WorldMap

SIMULATION_FIELDS: dict[str, object] = {
    "world": WorldMap,
    "scenario_name": str,
    "clock": GameClock,
    "residents": dict[str, Resident],
    "config": MindConfig,
    "events": TileEvents,
    "rng": random.Random,
    "np_rng": np.random.Generator,
    "places": PlaceIndex,
    "conversation_log": list[tuple[datetime, str, str, tuple[tuple[str, str], ...]]],
    "incidents": list[Incident],
    "pending_chats": list[PendingChat],
}
MAX_PLAIN_DEPTH = 32
# fields whose annotation says less than (or other than) what they hold; checked as said here
HINT_OVERRIDES: dict[tuple[type, str], object] = {
    # annotated as a tuple, filled with Placement values (agents.engine.thoughts); plan imports resident
    (Resident, "place_cache"): dict[tuple[str, str], Placement],
}

_TAMPERED = "the file was not made by Smallville or was tampered with; do not use it, load another slot"
_OTHER_VERSION = ("the save was made by another version of the app, or was tampered with; "
                  "load another slot")
_STATE_PACKAGES = ("agents.cognition", "agents.engine", "agents.memory", "agents.world")
_EXACT_ATOMS: frozenset[type] = frozenset({str, bool, bytes, int, datetime, date, time, timedelta})
_PLAIN_ATOMS: frozenset[type] = frozenset({type(None), bool, int, float, str, bytes, datetime, date, time, timedelta})

Checker = Callable[[object], None]


class _Mismatch(Exception):
    """A value that is not what its field holds; ``where`` collects the path to it, innermost first."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.where: list[str] = []

    def at(self, segment: str) -> _Mismatch:
        self.where.append(segment)
        return self


def check_simulation(state: object, source: Path) -> Simulation:
    """``state`` (unpickled from ``source``) if it is a simulation whose structure checks out (see
    the module docstring); a :class:`SaveSlotError` naming the first field that does not, else."""
    if type(state) is not Simulation:
        raise SaveSlotError(source, f"the file holds a {type(state).__qualname__}, not a simulation", _TAMPERED)
    try:
        _check_simulation(state)
    except _Mismatch as mismatch:
        where = "Simulation" + "".join(reversed(mismatch.where))
        raise SaveSlotError(source, f"the saved state is not a valid town: {where} {mismatch.problem}",
                            _OTHER_VERSION) from None
    except (TypeError, ValueError, AttributeError, LookupError, RecursionError) as error:  # a value no check foresaw
        raise SaveSlotError(source, f"the saved state could not be checked ({type(error).__name__}: "
                                    f"{str(error)[:300]})", _OTHER_VERSION) from error
    return state


# -- the simulation --------------------------------------------------------------------------------


def _check_simulation(simulation: Simulation) -> None:
    fields = vars(simulation)
    _check_field_names(fields, SIMULATION_FIELDS, "Simulation")
    for name, hint in SIMULATION_FIELDS.items():
        _within(f".{name}", _checker(hint), fields[name])
    world: WorldMap = fields["world"]
    if fields["places"]._world is not world:  # a saved index must be of this world
        raise _Mismatch("is the place index of another world than the simulation's").at(".places")
    clock: GameClock = fields["clock"]
    if clock.step_seconds < 1 or clock.step_index < 0:
        raise _Mismatch(f"should step at least a second from step 0, found {clock.step_seconds} s at step "
                        f"{clock.step_index}").at(".clock")
    for name, resident in fields["residents"].items():
        where = f".residents[{shown(name, 60)}]"
        if resident.name != name:
            raise _Mismatch(f"is the resident {shown(resident.name, 60)}, filed under another name").at(where)
        _on_map(world, [resident.tile], f"{where}.tile")
        _on_map(world, resident.path, f"{where}.path")
    _on_map(world, fields["events"]._events, ".events")


def _on_map(world: WorldMap, tiles: Iterable[Tile], where: str) -> None:
    width, height = world.width_tiles, world.height_tiles
    for x, y in tiles:
        if not (0 <= x < width and 0 <= y < height):
            raise _Mismatch(f"holds the tile {shown((x, y))}, outside the {width} x {height} map").at(where)


def _check_field_names(fields: dict[str, object], expected: Iterable[str], kind: str,
                       optional: frozenset[str] = frozenset()) -> None:
    wanted = set(expected)
    missing = wanted - fields.keys()
    if missing:
        raise _Mismatch(f"has no field {shown(min(missing))} (a {kind} has {len(wanted)})")
    extra = fields.keys() - wanted - optional
    if extra:
        raise _Mismatch(f"has a field {min(shown(name, 60) for name in extra)} that a {kind} of this version does "
                        "not have")


def _within(segment: str, checker: Checker, value: object) -> None:
    try:
        checker(value)
    except _Mismatch as mismatch:
        raise mismatch.at(segment) from None


# -- checkers by type hint -------------------------------------------------------------------------


@cache
def _checker(hint: object) -> Checker:
    """The check of a value declared as ``hint`` (made once per hint)."""
    if hint is object or hint is typing.Any:
        return _check_plain
    if hint is None or hint is type(None):
        return _is_none
    origin = typing.get_origin(hint)
    if origin is None:
        if isinstance(hint, type):
            return _class_checker(hint)
        raise TypeError(f"the state check does not know the type hint {hint!r}")
    args = typing.get_args(hint)
    if origin is types.UnionType or origin is typing.Union:
        return _union_checker(args)
    if origin is list:
        return _sequence_checker(list, args[0])
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _sequence_checker(tuple, args[0])
        return _fixed_tuple_checker(args)
    if origin is dict:
        return _dict_checker(args[0], args[1])
    if origin is set or origin is frozenset:
        return _sequence_checker(origin, args[0])
    if origin is typing.Literal:
        return _literal_checker(args)
    raise TypeError(f"the state check does not know the type hint {hint!r}")


def _class_checker(cls: type) -> Checker:
    custom = _CUSTOM.get(cls)
    if custom is not None:
        return custom
    if cls is float:
        return _is_number
    if cls in _EXACT_ATOMS:
        return _exact(cls)
    if issubclass(cls, PurePath):
        return _instance_of(PurePath, "a path")
    if issubclass(cls, enum.Enum):
        return _exact(cls)
    if dataclasses.is_dataclass(cls):
        return _DataclassChecker(cls)
    raise TypeError(f"the state check does not know how to check a {cls.__qualname__}")


def _describe(value: object) -> str:
    kind = type(value)
    if kind in _PLAIN_ATOMS and kind is not bytes:
        return f"{kind.__name__} {shown(value)}"
    return f"a {kind.__qualname__}"


def _name_of(cls: type) -> str:
    names = {int: "a whole number", float: "a number", str: "a string", bool: "True or False",
             datetime: "a date and time", date: "a date", list: "a list", tuple: "a tuple", dict: "a dict",
             set: "a set", frozenset: "a frozenset", bytes: "bytes"}
    return names.get(cls, f"a {cls.__qualname__}")


def _exact(cls: type) -> Checker:
    expected = _name_of(cls)

    def check(value: object) -> None:
        if type(value) is not cls:
            raise _Mismatch(f"should be {expected}, found {_describe(value)}")

    return check


def _instance_of(cls: type, expected: str) -> Checker:
    def check(value: object) -> None:
        if not isinstance(value, cls):
            raise _Mismatch(f"should be {expected}, found {_describe(value)}")

    return check


def _is_number(value: object) -> None:
    if (type(value) is not float and type(value) is not int) or not math.isfinite(value):  # type: ignore[arg-type]
        raise _Mismatch(f"should be a finite number, found {_describe(value)}")


def _is_none(value: object) -> None:
    if value is not None:
        raise _Mismatch(f"should be None, found {_describe(value)}")


def _union_checker(options: tuple[object, ...]) -> Checker:
    checkers = tuple(_checker(option) for option in options)
    expected = " or ".join("None" if option is type(None) else _hint_name(option) for option in options)

    def check(value: object) -> None:
        for checker in checkers:
            try:
                checker(value)
                return
            except _Mismatch:
                continue
        if value is not None:  # say what is wrong inside, when only one option is not None
            others = [c for c, option in zip(checkers, options, strict=True) if option is not type(None)]
            if len(others) == 1:
                others[0](value)
        raise _Mismatch(f"should be {expected}, found {_describe(value)}")

    return check


def _hint_name(hint: object) -> str:
    return _name_of(hint) if isinstance(hint, type) else str(hint).replace("typing.", "")


def _sequence_checker(container: type, item_hint: object) -> Checker:
    expected = _name_of(container)
    fast = item_hint if item_hint in _EXACT_ATOMS else None
    lazy: list[Checker] = []

    def check(value: object) -> None:
        if type(value) is not container:
            raise _Mismatch(f"should be {expected}, found {_describe(value)}")
        if fast is not None and set(map(type, value)) <= {fast}:  # type: ignore[call-overload]
            return
        if not lazy:
            lazy.append(_checker(item_hint))
        item_checker = lazy[0]
        for index, item in enumerate(value):  # type: ignore[arg-type]
            try:
                item_checker(item)
            except _Mismatch as mismatch:
                raise mismatch.at(f"[{index}]" if container is not set and container is not frozenset else
                                  f" (an item: {_describe(item)})") from None

    return check


def _fixed_tuple_checker(item_hints: tuple[object, ...]) -> Checker:
    if item_hints == ((),):  # tuple[()]
        item_hints = ()
    size = len(item_hints)
    lazy: list[tuple[Checker, ...]] = []
    atoms = tuple(hint if hint in _EXACT_ATOMS else None for hint in item_hints)
    all_atoms = None not in atoms

    def check(value: object) -> None:
        if type(value) is not tuple or len(value) != size:
            raise _Mismatch(f"should be a tuple of {size}, found {_describe(value)}"
                            + (f" of {len(value)}" if type(value) is tuple else ""))
        if all_atoms and tuple(map(type, value)) == atoms:  # the usual case, at C speed
            return
        if not lazy:
            lazy.append(tuple(_checker(hint) for hint in item_hints))
        for index, (checker, item) in enumerate(zip(lazy[0], value, strict=True)):
            try:
                checker(item)
            except _Mismatch as mismatch:
                raise mismatch.at(f"[{index}]") from None

    return check


def _dict_checker(key_hint: object, value_hint: object) -> Checker:
    lazy: list[tuple[Checker, Checker]] = []

    def check(value: object) -> None:
        if type(value) is not dict:
            raise _Mismatch(f"should be a dict, found {_describe(value)}")
        if not lazy:
            lazy.append((_checker(key_hint), _checker(value_hint)))
        key_checker, value_checker = lazy[0]
        for key, item in value.items():
            try:
                key_checker(key)
            except _Mismatch as mismatch:
                raise mismatch.at(f" (a key: {_describe(key)})") from None
            try:
                value_checker(item)
            except _Mismatch as mismatch:
                raise mismatch.at(f"[{shown(key, 60)}]") from None

    return check


def _literal_checker(allowed: tuple[object, ...]) -> Checker:
    def check(value: object) -> None:
        if type(value) not in _PLAIN_ATOMS or value not in allowed:
            raise _Mismatch(f"should be one of {shown(allowed)}, found {_describe(value)}")

    return check


class _DataclassChecker:
    """The check of a dataclass: exact type, every field there (and no other), each of its type."""

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.expected = f"a {cls.__qualname__}"
        self.names = tuple(spec.name for spec in dataclasses.fields(cls))
        self.name_set = frozenset(self.names)
        self.slots = "__slots__" in cls.__dict__
        self._fields: tuple[tuple[str, Checker], ...] | None = None
        self._atom_names: tuple[str, ...] = ()
        self._atom_types: tuple[type, ...] = ()

    def fields(self) -> tuple[tuple[str, Checker], ...]:
        """The checks of the fields that are not of a plain type (those are checked at once)."""
        if self._fields is None:
            try:
                hints = typing.get_type_hints(self.cls)
            except NameError as error:
                raise TypeError(f"the type hints of {self.cls.__qualname__} cannot be resolved ({error})") from error
            resolved = {name: HINT_OVERRIDES.get((self.cls, name), hints[name]) for name in self.names}
            atoms = [name for name in self.names if resolved[name] in _EXACT_ATOMS]
            self._atom_names = tuple(atoms)
            self._atom_types = tuple(resolved[name] for name in atoms)  # type: ignore[misc]
            self._fields = tuple((name, _checker(resolved[name])) for name in self.names if name not in atoms)
        return self._fields

    def __call__(self, value: object) -> None:
        if type(value) is not self.cls:
            raise _Mismatch(f"should be {self.expected}, found {_describe(value)}")
        if self.slots:
            state: dict[str, object] = {}
            for name in self.names:
                try:
                    state[name] = getattr(value, name)
                except AttributeError:
                    raise _Mismatch(f"has no field {name!r}") from None
            extra = getattr(value, "__dict__", {})
            if extra:
                _check_field_names(extra, (), self.cls.__qualname__)
        else:
            state = vars(value)
            if state.keys() != self.name_set:
                _check_field_names(state, self.names, self.cls.__qualname__)
        checks = self.fields()
        if tuple(map(type, map(state.__getitem__, self._atom_names))) != self._atom_types:
            for name, kind in zip(self._atom_names, self._atom_types, strict=True):
                _within(f".{name}", _checker(kind), state[name])
        for name, checker in checks:
            try:
                checker(state[name])
            except _Mismatch as mismatch:
                raise mismatch.at(f".{name}") from None


# -- plain data (fields typed ``object``) ----------------------------------------------------------


def _check_plain(value: object, depth: int = 0) -> None:
    kind = type(value)
    if kind in _PLAIN_ATOMS:
        if kind is float and not math.isfinite(value):  # type: ignore[arg-type]
            raise _Mismatch(f"should be a finite number, found {_describe(value)}")
        return
    if depth >= MAX_PLAIN_DEPTH:
        raise _Mismatch(f"is nested more than {MAX_PLAIN_DEPTH} deep")
    if kind is list or kind is tuple:
        for index, item in enumerate(value):  # type: ignore[arg-type]
            try:
                _check_plain(item, depth + 1)
            except _Mismatch as mismatch:
                raise mismatch.at(f"[{index}]") from None
    elif kind is set or kind is frozenset:
        for item in value:  # type: ignore[attr-defined]
            _check_plain(item, depth + 1)
    elif kind is dict:
        for key, item in value.items():  # type: ignore[attr-defined]
            _check_plain(key, depth + 1)
            try:
                _check_plain(item, depth + 1)
            except _Mismatch as mismatch:
                raise mismatch.at(f"[{shown(key, 60)}]") from None
    elif dataclasses.is_dataclass(kind) and kind.__module__.startswith(_STATE_PACKAGES) and kind not in _NOT_PLAIN:
        _checker(kind)(value)
    elif isinstance(value, enum.Enum) and kind.__module__.startswith(_STATE_PACKAGES):
        return
    else:
        raise _Mismatch(f"should be plain data (numbers, text, times, containers), found {_describe(value)}")


# a resident or a simulation's part is never part of the plain inputs of a thought
_NOT_PLAIN: frozenset[type] = frozenset({Resident})


# -- the classes that are not dataclasses ----------------------------------------------------------


def _check_stream(value: object) -> None:
    if type(value) is not MemoryStream:
        raise _Mismatch(f"should be a MemoryStream, found {_describe(value)}")
    fields = vars(value)
    _check_field_names(fields, ("embedding_dimension", "epoch", "_records", "_embeddings", "_importance",
                                "_last_access_hours"), "MemoryStream", frozenset({"_saved_columns", "_ids_by_kind"}))
    dimension, records = fields["embedding_dimension"], fields["_records"]
    embeddings, importance, last_access = fields["_embeddings"], fields["_importance"], fields["_last_access_hours"]
    if type(dimension) is not int or dimension < 1 or type(fields["epoch"]) is not datetime:
        raise _Mismatch("should have a positive embedding dimension and an epoch")
    if type(records) is not list or not set(map(type, records)) <= {MemoryRecord}:
        raise _Mismatch("should hold a list of memory records").at("._records")
    arrays_agree = (
        type(embeddings) is np.ndarray and embeddings.dtype == np.float32 and embeddings.ndim == 2
        and type(importance) is np.ndarray and importance.dtype == np.float64 and importance.ndim == 1
        and type(last_access) is np.ndarray and last_access.dtype == np.float64 and last_access.ndim == 1
        and embeddings.shape[1] == dimension
        and embeddings.shape[0] == importance.shape[0] == last_access.shape[0] >= max(1, len(records)))
    if not arrays_agree:
        raise _Mismatch(f"has arrays that do not agree with its {len(records)} records of dimension {dimension}")
    if records and records[-1].memory_id != len(records) - 1:
        raise _Mismatch("has records whose ids are not their places").at("._records")


def _check_world(value: object) -> None:
    if type(value) is not WorldMap:
        raise _Mismatch(f"should be a WorldMap, found {_describe(value)}")
    fields = vars(value)
    built = (type(fields.get("path_grid")) is PathGrid and type(fields.get("_address_tiles")) is dict
             and type(fields.get("spawn_tiles")) is tuple and type(fields.get("name")) is str
             and type(fields.get("width_tiles")) is int and type(fields.get("height_tiles")) is int)
    if not built:
        raise _Mismatch("was not built from a saved world (its grids and index are missing)")


def _check_places(value: object) -> None:
    if type(value) is not PlaceIndex:
        raise _Mismatch(f"should be a PlaceIndex, found {_describe(value)}")
    fields = vars(value)
    _check_field_names(fields, ("world_name", "objects_of_arena", "_area", "_world"), "PlaceIndex")


def _check_events(value: object) -> None:
    if type(value) is not TileEvents:
        raise _Mismatch(f"should be a TileEvents, found {_describe(value)}")
    fields = vars(value)
    _check_field_names(fields, ("_events",), "TileEvents")
    _within("._events", _checker(dict[Tile, list[TileEvent]]), fields["_events"])


def _check_random(value: object) -> None:
    if type(value) is not random.Random:
        raise _Mismatch(f"should be a random generator, found {_describe(value)}")


def _check_generator(value: object) -> None:
    if type(value) is not np.random.Generator or type(value.bit_generator) is not np.random.PCG64:
        raise _Mismatch(f"should be a numpy PCG64 generator, found {_describe(value)}")


_CUSTOM: dict[type, Checker] = {
    MemoryStream: _check_stream, WorldMap: _check_world, PlaceIndex: _check_places, TileEvents: _check_events,
    random.Random: _check_random, np.random.Generator: _check_generator,
}
