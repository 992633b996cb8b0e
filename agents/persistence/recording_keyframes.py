"""Keyframes of a recording: the whole town at a step, stored so that it is never stored whole twice.

A keyframe rebuilds the :class:`~agents.engine.simulation.Simulation` as it was at its step (the
minds too), so a new timeline can go on from there (a fork) with exactly the state the recorded run
had: equal ``snapshot_sha256``, and the same steps after. What never changes in a run, the world map,
is stored once per recording (``statics``), a persona once (``residents``); the place index is saved
as its world only (``PlaceIndex.__getstate__``), so it is rebuilt from the world. What only grows
is stored once too:

* the memories, in the ``memories`` and ``embeddings`` tables as the recorder first sees them (with
  their importance and last access then); a keyframe says how many of each stream existed and
  which importance and last-access values differ from those of its base (the keyframe before, or
  for a full one the values the memories were first seen with);
* the lists and dicts that only grow (each resident's action log, conversations, planning thoughts,
  interview and places found; the town's conversation log and incidents): a keyframe stores the
  items new since its base.

A keyframe is stored full (base: none) every :data:`FULL_EVERY` keyframes, and a part whenever it
did not just grow (a list replaced, a dict cleared), so reading one walks at most that many back.
The rest (the clock, the tile events, the random generators, each resident's action, plan, path, ...)
is pickled per keyframe: the town's in ``keyframes``, each resident's in ``keyframe_residents``.
Pickles are of the live objects with those parts taken out (shallow copies), so whatever pickling
the classes define is used; they are read back with the restricted unpickler
(:func:`~agents.persistence.recording_store.unpack_pickle`).
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from agents.cognition.perceive import PlaceIndex
from agents.cognition.resident import Resident
from agents.engine.simulation import Simulation
from agents.memory.records import MemoryKind, MemoryRecord, MemorySource
from agents.memory.stream import MemoryStream
from agents.persistence.recording_store import (
    MAX_BLOB_BYTES,
    RecordingError,
    RecordingMeta,
    has_table,
    pack_pickle,
    unpack_pickle,
)
from agents.persistence.recording_strings import StringTable
from agents.world.scenario import Persona
from agents.world.world_map import WorldMap

TOWN = -1  # the owner of the town's growing parts (residents are 0, 1, ...)
TOWN_PARTS = ("conversation_log", "incidents")
RESIDENT_PARTS = ("action_log", "conversations", "planning_thoughts", "interview_transcript", "place_cache")
FULL_EVERY = 24  # a keyframe (each part, each stream's arrays) is stored whole at least this often
PICKLE_LEVEL = 1  # zlib level of the per-keyframe pickles (the recorder's time matters more)
MEMORY_COLUMNS = ("memory_id, kind, description, created, subject, predicate, object, evidence, importance, "
                  "last_access, embedding")
_IN_CHUNK = 900
_KINDS = {kind.value: kind for kind in MemoryKind}
_BROKEN_HINT = "the recording is damaged; replay another one"


def check_recordable(simulation: Simulation) -> None:
    """Refuse (RecordingError) a town whose structure the keyframes do not know how to store."""
    places = simulation.places.__getstate__()
    if not isinstance(places, dict) or set(places) != {"world"} or places["world"] is not simulation.world:
        raise RecordingError("the town", "its place index is saved as more than its world, which recordings do "
                                         "not know how to store",
                             "this is a bug in Smallville: agents/persistence/recording_keyframes.py needs updating")
    for resident in simulation.residents.values():
        for part in RESIDENT_PARTS:
            if not isinstance(getattr(resident, part), list | dict):
                raise RecordingError("the town", f"{resident.name}'s {part} is not a list or a dict",
                                     "this is a bug in Smallville: recording_keyframes.py needs updating")


def statics_rows(simulation: Simulation) -> list[tuple[str, int, bytes]]:
    """The world map: stored once per recording."""
    world_raw, world_body = pack_pickle(simulation.world)
    return [("world", world_raw, world_body)]


def persona_row(persona: Persona) -> tuple[int, bytes]:
    return pack_pickle(persona)


# -- writing ------------------------------------------------------------------------------------------


@dataclass
class _Stored:
    """What a part or a stream's arrays held at the keyframe they were last stored at."""

    items: Any  # a part's items (references), or (importance, last access) copies
    step: int
    links: int  # keyframes since it was stored whole


@dataclass
class KeyframeRows:
    """The rows of one keyframe, for the recorder to insert in one transaction."""

    step: int
    town: tuple[int, int, bytes]  # step, raw bytes, body
    residents: list[tuple[Any, ...]] = field(default_factory=list)
    parts: list[tuple[int, int, int, bytes]] = field(default_factory=list)  # step, owner, raw bytes, body

    @property
    def stored_bytes(self) -> int:
        return (len(self.town[2]) + sum(len(row[3]) + len(row[9]) for row in self.residents)
                + sum(len(row[3]) for row in self.parts))


class KeyframeWriter:
    """Makes the rows of keyframes, remembering what was stored so far (the recorder's thread).
    ``first_seen(index)`` gives a resident's memories' importance and last access as first seen
    (as recorded in the ``memories`` table), one value per memory recorded."""

    def __init__(self, personas: Sequence[Persona],
                 first_seen: Any) -> None:
        self._personas = list(personas)
        self._first_seen = first_seen
        self._stored: dict[tuple[int, str], _Stored] = {}

    def rows(self, simulation: Simulation, names: Sequence[str]) -> KeyframeRows:
        step = simulation.clock.step_index
        if tuple(simulation.residents) != tuple(names):
            raise RecordingError("the town", "its residents are not those the recording began with",
                                 "a recording follows one town; start a new recording for this one")
        town = _shallow(simulation)
        town.world = None  # type: ignore[assignment]  # in statics
        town.places = None  # type: ignore[assignment]  # rebuilt from the world
        town.residents = {}
        for part in TOWN_PARTS:
            setattr(town, part, None)
        raw, body = pack_pickle(town, PICKLE_LEVEL)
        rows = KeyframeRows(step, (step, raw, body))
        self._parts(rows, TOWN, {part: getattr(simulation, part) for part in TOWN_PARTS})
        for index, resident in enumerate(simulation.residents.values()):
            rows.residents.append(self._resident_row(step, index, resident))
            self._parts(rows, index, {part: getattr(resident, part) for part in RESIDENT_PARTS})
        return rows

    def _resident_row(self, step: int, index: int, resident: Resident) -> tuple[Any, ...]:
        skeleton = _shallow(resident)
        skeleton.memory = None  # type: ignore[assignment]  # in the memories table and the arrays below
        if resident.persona == self._personas[index]:
            skeleton.persona = None  # type: ignore[assignment]  # in the residents table
        for part in RESIDENT_PARTS:
            setattr(skeleton, part, None)
        raw, body = pack_pickle(skeleton, PICKLE_LEVEL)
        stream = resident.memory
        count = len(stream)
        importance, last_access = stream.importance.copy(), stream.last_access_hours.copy()
        first_imp, first_acc = self._first_seen(index)
        if len(first_imp) < count:
            raise RecordingError("the town", f"{resident.name} remembers {count} things, {len(first_imp)} recorded",
                                 "this is a bug in Smallville's recorder")
        base_imp, base_acc = np.asarray(first_imp[:count]), np.asarray(first_acc[:count])
        stored = self._stored.get((index, "arrays"))
        base_step = None
        if stored is not None and stored.links + 1 < FULL_EVERY and len(stored.items[0]) <= count:
            known = len(stored.items[0])
            base_imp[:known], base_acc[:known] = stored.items
            base_step = stored.step
        arrays = _encode_changes(importance, base_imp) + _encode_changes(last_access, base_acc)
        links = stored.links + 1 if base_step is not None and stored is not None else 0
        self._stored[(index, "arrays")] = _Stored((importance, last_access), step, links)
        return (step, index, raw, body, count, len(stream.capacity_arrays()[1]), stream.embedding_dimension,
                stream.epoch.isoformat(), base_step, zlib.compress(arrays, PICKLE_LEVEL))

    def _parts(self, rows: KeyframeRows, owner: int, parts: Mapping[str, list[Any] | dict[Any, Any]]) -> None:
        entries = []
        for part, container in parts.items():
            items = list(container.items()) if isinstance(container, dict) else list(container)
            stored = self._stored.get((owner, part))
            grew = (stored is not None and stored.links + 1 < FULL_EVERY and len(items) >= len(stored.items)
                    and items[:len(stored.items)] == stored.items)  # identical items compare at C speed
            start = len(stored.items) if grew and stored is not None else 0
            base = stored.step if grew and stored is not None else None
            entries.append((part, base, start, len(items) - start, items[start:]))
            self._stored[(owner, part)] = _Stored(items, rows.step, stored.links + 1 if grew and stored else 0)
        raw, body = pack_pickle(entries, PICKLE_LEVEL)
        rows.parts.append((rows.step, owner, raw, body))


def _shallow(value: Any) -> Any:
    """A new object with the same attributes (pickled as its class says, with some swapped out)."""
    clone = object.__new__(type(value))
    clone.__dict__.update(value.__dict__)
    return clone


def _encode_changes(now: npt.NDArray[np.float64], base: npt.NDArray[np.float64]) -> bytes:
    """Where ``now`` differs from ``base`` (same length): a count, the indices, the values."""
    changed = np.flatnonzero(now != base)
    return (np.array([changed.size], dtype="<u4").tobytes() + changed.astype("<u4").tobytes()
            + now[changed].astype("<f8").tobytes())


def _apply_changes(data: memoryview, offset: int, into: npt.NDArray[np.float64], what: str,
                   path: Path) -> int:
    """Apply one :func:`_encode_changes` block at ``offset`` of ``data`` to ``into``; the next offset."""
    if offset + 4 > len(data):
        raise RecordingError(path, f"{what}: the array changes are cut short", _BROKEN_HINT)
    count = int(np.frombuffer(data[offset: offset + 4], dtype="<u4")[0])
    end = offset + 4 + count * 12
    if end > len(data):
        raise RecordingError(path, f"{what}: the array changes are cut short", _BROKEN_HINT)
    indices = np.frombuffer(data[offset + 4: offset + 4 + count * 4], dtype="<u4")
    if count and int(indices.max()) >= len(into):
        raise RecordingError(path, f"{what}: an array change is past the {len(into)} memories", _BROKEN_HINT)
    into[indices.astype(np.int64)] = np.frombuffer(data[offset + 4 + count * 4: end], dtype="<f8")
    return end


# -- reading ------------------------------------------------------------------------------------------


class KeyframeLoader:
    """Rebuilds towns from a recording's keyframes (the reader's thread)."""

    def __init__(self, connection: sqlite3.Connection, path: Path, meta: RecordingMeta, strings: StringTable) -> None:
        self._connection = connection
        self._path = path
        self._meta = meta
        self._strings = strings
        self._world: WorldMap | None = None
        self._personas: dict[int, tuple[int, bytes]] = {}

    def steps(self) -> tuple[int, ...]:
        return tuple(step for (step,) in self._connection.execute("SELECT step FROM keyframes ORDER BY step"))

    def simulation(self, step: int) -> Simulation:
        """The town at keyframe ``step``, exactly as it was (a new object each call)."""
        return self._town(step, minds=None)

    def town_for_views(self, step: int, name: str) -> Simulation:
        """The town at keyframe ``step`` with only ``name``'s mind whole (memories, growing parts;
        without embeddings); the others have their state but no memories: enough to build ``name``'s
        views, quickly."""
        names = self._meta.resident_names()
        if name not in names:
            raise KeyError(name)
        return self._town(step, minds={names.index(name)})

    def _town(self, step: int, minds: set[int] | None) -> Simulation:
        row = self._connection.execute("SELECT raw_bytes, town FROM keyframes WHERE step = ?", (step,)).fetchone()
        if row is None:
            raise RecordingError(self._path, f"there is no keyframe at step {step}", _BROKEN_HINT)
        town = unpack_pickle(row[1], row[0], self._path, f"the keyframe at step {step}")
        if not isinstance(town, Simulation) or town.clock.step_index != step:
            raise RecordingError(self._path, f"the keyframe at step {step} does not hold the town at that step",
                                 _BROKEN_HINT)
        world = self._world_map()
        town.world = world
        town.places = PlaceIndex(world)
        parts = _PartReader(self._connection, self._path)
        for part, items in parts.items(step, TOWN, TOWN_PARTS).items():
            setattr(town, part, items)
        names = self._meta.resident_names()
        rows = {index: rest for index, *rest in self._connection.execute(
            "SELECT resident, raw_bytes, body, memories, capacity, dimension, epoch FROM keyframe_residents "
            "WHERE step = ? ORDER BY resident", (step,))}
        if sorted(rows) != list(range(len(names))):
            raise RecordingError(self._path, f"the keyframe at step {step} lacks residents", _BROKEN_HINT)
        residents: dict[str, Resident] = {}
        for index, name in enumerate(names):
            whole = minds is None or index in minds
            resident = self._resident(step, index, name, rows[index], parts if whole else None)
            if whole:
                resident.memory = self._stream(step, index, name, rows[index][2:], embeddings=minds is None)
            residents[name] = resident
        town.residents = residents
        return town

    def _resident(self, step: int, index: int, name: str, row: Sequence[Any], parts: _PartReader | None) -> Resident:
        raw, body, _, _, dimension, epoch = row
        what = f"{name} at keyframe step {step}"
        resident = unpack_pickle(body, raw, self._path, what)
        if not isinstance(resident, Resident):
            raise RecordingError(self._path, f"{what} is not a resident", _BROKEN_HINT)
        if resident.persona is None:
            resident.persona = self._persona(index)
        if resident.name != name:
            raise RecordingError(self._path, f"{what} is someone else ({resident.name})", _BROKEN_HINT)
        found = parts.items(step, index, RESIDENT_PARTS) if parts is not None else {}
        for part in RESIDENT_PARTS:
            items = found.get(part, [])
            setattr(resident, part, dict(items) if part == "place_cache" else items)
        resident.memory = MemoryStream(dimension, _time(epoch, self._path, what))
        return resident

    def _stream(self, step: int, index: int, name: str, row: Sequence[Any], *, embeddings: bool) -> MemoryStream:
        count, capacity, dimension, epoch_text = row
        what = f"{name}'s memories at keyframe step {step}"
        if not (type(count) is int and type(capacity) is int and type(dimension) is int
                and 0 <= count <= capacity and 0 < dimension and capacity * dimension * 4 <= MAX_BLOB_BYTES):
            raise RecordingError(self._path, f"{what}: {count!r} memories, capacity {capacity!r}, {dimension!r} "
                                             "dimensions do not make a memory stream", _BROKEN_HINT)
        rows = self._connection.execute(f"SELECT {MEMORY_COLUMNS} FROM memories WHERE resident = ? AND memory_id < ? "
                                        "ORDER BY memory_id", (index, count)).fetchall()
        if len(rows) != count:
            raise RecordingError(self._path, f"{what}: {count} memories expected, {len(rows)} recorded", _BROKEN_HINT)
        importance = np.zeros(capacity, dtype=np.float64)
        last_access = np.zeros(capacity, dtype=np.float64)
        try:
            importance[:count] = [row[8] for row in rows]
            last_access[:count] = [row[9] for row in rows]
        except (TypeError, ValueError) as error:
            raise RecordingError(self._path, f"{what}: {error}", _BROKEN_HINT) from error
        self._apply_arrays(step, index, count, importance, last_access, what)
        records = memory_records(self._path, self._strings, rows, importance,
                                 memory_sources(self._path, self._connection, self._strings, index, 0, count))
        vectors = (self.embeddings([row[10] for row in rows], dimension) if embeddings
                   else np.zeros((count, dimension), dtype=np.float32))
        try:
            return MemoryStream.from_parts(dimension, _time(epoch_text, self._path, what), records, vectors,
                                           importance, last_access)
        except ValueError as error:
            raise RecordingError(self._path, f"{what}: {error}", _BROKEN_HINT) from error

    def _apply_arrays(self, step: int, index: int, count: int, importance: npt.NDArray[np.float64],
                      last_access: npt.NDArray[np.float64], what: str) -> None:
        """Apply the chain of array changes from the last full keyframe up to ``step``."""
        chain: list[tuple[int, bytes]] = []
        at: int | None = step
        while at is not None:
            row = self._connection.execute("SELECT memories, arrays_base, arrays FROM keyframe_residents "
                                           "WHERE step = ? AND resident = ?", (at, index)).fetchone()
            if row is None or not isinstance(row[2], bytes) or type(row[0]) is not int or row[0] > count:
                raise RecordingError(self._path, f"{what}: the arrays at keyframe step {at} are missing or bad",
                                     _BROKEN_HINT)
            data = zlib.decompressobj().decompress(row[2], count * 24 + 9)
            chain.append((row[0], data))
            base = row[1]
            if base is not None and (type(base) is not int or base >= at):
                raise RecordingError(self._path, f"{what}: a bad base {base!r} at keyframe step {at}", _BROKEN_HINT)
            at = base
        for known, data in reversed(chain):
            view = memoryview(data)
            offset = _apply_changes(view, 0, importance[:known], what, self._path)
            _apply_changes(view, offset, last_access[:known], what, self._path)

    def embeddings(self, ids: Sequence[int], dimension: int) -> npt.NDArray[np.float32]:
        """The embedding rows ``ids`` (float32, one row each)."""
        unique = sorted(set(ids))
        found: dict[int, bytes] = {}
        for begin in range(0, len(unique), _IN_CHUNK):
            chunk = unique[begin: begin + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            for key, vector in self._connection.execute(f"SELECT id, vector FROM embeddings WHERE id IN ({marks})",
                                                        chunk):
                if not isinstance(vector, bytes) or len(vector) != dimension * 4:
                    raise RecordingError(self._path, f"embedding {key} is not {dimension} float32 values", _BROKEN_HINT)
                found[key] = vector
        missing = [key for key in unique if key not in found]
        if missing:
            raise RecordingError(self._path, f"embeddings {missing[:5]} are missing", _BROKEN_HINT)
        if not ids:
            return np.zeros((0, dimension), dtype=np.float32)
        table = np.frombuffer(b"".join(found[key] for key in unique), dtype="<f4").reshape(len(unique), dimension)
        positions = {key: position for position, key in enumerate(unique)}
        return table[[positions[key] for key in ids]].astype(np.float32)

    def _world_map(self) -> WorldMap:
        if self._world is None:
            row = self._connection.execute("SELECT raw_bytes, body FROM statics WHERE name = 'world'").fetchone()
            if row is None:
                raise RecordingError(self._path, "the recording lacks its world map", _BROKEN_HINT)
            world = unpack_pickle(row[1], row[0], self._path, "the world map")
            if not isinstance(world, WorldMap):
                raise RecordingError(self._path, "the recorded world map is not a world map", _BROKEN_HINT)
            self._world = world
        return self._world

    def _persona(self, index: int) -> Persona:
        if index not in self._personas:
            row = self._connection.execute("SELECT raw_bytes, persona FROM residents WHERE idx = ?", (index,)).fetchone()
            if row is None:
                raise RecordingError(self._path, f"resident {index} is not in the recording", _BROKEN_HINT)
            self._personas[index] = (row[0], row[1])
        raw, body = self._personas[index]
        persona = unpack_pickle(body, raw, self._path, f"the persona of resident {index}")
        if not isinstance(persona, Persona):
            raise RecordingError(self._path, f"the persona of resident {index} is not a persona", _BROKEN_HINT)
        return persona


class _PartReader:
    """Reads the growing parts of owners at keyframes, each row unpickled once."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self._path = path
        self._rows: dict[tuple[int, int], dict[str, tuple[int | None, int, int, list[Any]]]] = {}

    def items(self, step: int, owner: int, parts: Sequence[str]) -> dict[str, list[Any]]:
        return {part: self._whole(step, owner, part) for part in parts}

    def _whole(self, step: int, owner: int, part: str) -> list[Any]:
        chain: list[tuple[int, list[Any]]] = []
        at: int | None = step
        while at is not None:
            entry = self._row(at, owner).get(part)
            if entry is None:
                raise RecordingError(self._path, f"the keyframe at step {at} lacks the {part} of owner {owner}",
                                     _BROKEN_HINT)
            base, start, _, items = entry
            if base is not None and base >= at:
                raise RecordingError(self._path, f"the {part} of owner {owner} at step {at} has a bad base", _BROKEN_HINT)
            chain.append((start, items))
            at = base
        whole: list[Any] = []
        for start, items in reversed(chain):
            if start != len(whole):
                raise RecordingError(self._path, f"the {part} of owner {owner} does not add up at step {step}",
                                     _BROKEN_HINT)
            whole.extend(items)
        return whole

    def _row(self, step: int, owner: int) -> dict[str, tuple[int | None, int, int, list[Any]]]:
        key = (step, owner)
        if key not in self._rows:
            row = self._connection.execute("SELECT raw_bytes, body FROM keyframe_parts WHERE step = ? AND owner = ?",
                                           key).fetchone()
            what = f"the growing parts of owner {owner} at keyframe step {step}"
            if row is None:
                raise RecordingError(self._path, f"{what} are missing", _BROKEN_HINT)
            entries = unpack_pickle(row[1], row[0], self._path, what)
            found: dict[str, tuple[int | None, int, int, list[Any]]] = {}
            try:
                for part, base, start, count, items in entries:  # type: ignore[attr-defined]
                    if (type(part) is not str or not isinstance(items, list) or len(items) != count
                            or type(start) is not int or (base is not None and type(base) is not int)):
                        raise ValueError(part)
                    found[part] = (base, start, count, items)
            except (TypeError, ValueError) as error:
                raise RecordingError(self._path, f"{what} are not valid ({error})", _BROKEN_HINT) from error
            self._rows[key] = found
        return self._rows[key]


def _time(text: object, path: Path, what: str) -> datetime:
    try:
        return datetime.fromisoformat(text)  # type: ignore[arg-type]
    except (TypeError, ValueError) as error:
        raise RecordingError(path, f"{what}: {text!r} is not a date-time", _BROKEN_HINT) from error


def memory_records(path: Path, strings: StringTable, rows: Sequence[Sequence[Any]],
                   importance: npt.NDArray[np.float64],
                   sources: Mapping[int, MemorySource] | None = None) -> list[MemoryRecord]:
    """The memories of rows (:data:`MEMORY_COLUMNS`), with the importance of ``importance`` and the
    sources of ``sources`` (by memory id; :func:`memory_sources`)."""
    values = importance[:len(rows)].astype(np.int64).tolist()
    text, time, kinds, found = strings.__getitem__, strings.time, _KINDS, sources or {}
    try:
        return [MemoryRecord(memory_id, kinds[kind], text(description), time(created), value, text(subject),
                             text(predicate), text(obj), tuple(map(int, evidence.split(","))) if evidence else (),
                             found.get(memory_id))
                for (memory_id, kind, description, created, subject, predicate, obj, evidence, *_), value
                in zip(rows, values)]
    except (KeyError, ValueError, AttributeError, TypeError) as error:
        raise RecordingError(path, f"a memory is not valid ({type(error).__name__}: {error})", _BROKEN_HINT) from error


def memory_record(path: Path, strings: StringTable, row: Sequence[Any], importance: int,
                  sources: Mapping[int, MemorySource] | None = None) -> MemoryRecord:
    """A memory from its row (:data:`MEMORY_COLUMNS`) with ``importance`` (and its source, if any in ``sources``)."""
    return memory_records(path, strings, [row], np.array([importance], dtype=np.float64), sources)[0]


def memory_sources(path: Path, connection: sqlite3.Connection, strings: StringTable, resident: int,
                   first_id: int, end_id: int) -> dict[int, MemorySource]:
    """The sources of resident ``resident``'s memories ``first_id`` to ``end_id`` (excluded), by
    memory id; none from a recording made before memories had sources."""
    if not has_table(connection, "memory_sources"):
        return {}
    rows = connection.execute("SELECT memory_id, channel, speaker, listener, at FROM memory_sources "
                              "WHERE resident = ? AND memory_id >= ? AND memory_id < ?",
                              (resident, first_id, end_id)).fetchall()
    try:
        return {memory_id: MemorySource(channel, strings[speaker], strings[listener], strings.time(at))
                for memory_id, channel, speaker, listener, at in rows}
    except (ValueError, TypeError) as error:
        raise RecordingError(path, f"a memory's source is not valid ({error})", _BROKEN_HINT) from error
