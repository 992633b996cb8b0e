"""Reading a recording: the town's frame at any step, the timeline's markers, a resident's mind as
of any step, and the whole town at a keyframe (to fork a new timeline from it).

Use::

    reader = RecordingReader.open("monday")          # a name in the recordings folder, or a file
    reader.first_step, reader.last_step              # last_step grows while the run is recorded
    view = reader.frame(1234)                        # a SimulationView, as live play draws
    reader.markers()                                 # ((step, "conversation" | "reflection", names), ...)
    reader.resident_view("Isabella Rodriguez", 1234) # the inspector's view as of that step
    town = reader.simulation_at(1234)                # the town at the keyframe at or before it

A frame is the full frame stored at or before the step (every ``frame_key_steps``) with the changes
of the steps after it applied; the state reached is kept, so stepping forward applies one step. A
fork's recording begins at its parent's step: asked for an earlier step, it reads the parent
recording (when it is still there). A recording being written is read as far as it has been
committed. Use it on the thread that opened it (its SQLite connection is that thread's).
"""

from __future__ import annotations

import functools
import json
import logging
import math
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple, Self, TypeVar

from agents.cognition.resident import Conversation
from agents.engine.simulation import Simulation
from agents.persistence.recording_events import (
    ACTIVITY,
    ADDRESS,
    CHAT,
    CHAT_WITH,
    EMOJI,
    FIELDS,
    INCIDENTS,
    LAST_INCIDENT,
    THINKING,
    TILE,
    TOWN_WHO,
)
from agents.persistence.recording_keyframes import KeyframeLoader
from agents.persistence.recording_store import (
    RECORDING_SUFFIX,
    RecordingError,
    RecordingMeta,
    open_for_reading,
    read_last_step,
    read_meta,
    recording_path,
    unpack_json,
)
from agents.persistence.recording_strings import StringTable
from agents.persistence.recording_views import MindReplay
from agents.views.resident_view import ResidentDetailView
from agents.views.resident_view_builder import MemoryViewCache, resident_detail_view
from agents.views.town_frame import ResidentView, SimulationView

log = logging.getLogger(__name__)

_BATCHES_KEPT = 64
_MINDS_KEPT = 4
_BROKEN_HINT = "the recording is damaged; replay another one"
T = TypeVar("T")


class Marker(NamedTuple):
    """A moment to mark on the timeline."""

    step: int
    kind: str  # "conversation" | "reflection"
    names: tuple[str, ...]


@dataclass
class _FrameState:
    step: int
    residents: list[list[Any]]
    town: list[Any]
    previous_tiles: list[Any]


def _reads(method: Callable[..., T]) -> Callable[..., T]:
    """A reader's method: an SQLite error (a damaged file) is a RecordingError naming the file."""

    @functools.wraps(method)
    def reading(self: RecordingReader, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as error:
            raise RecordingError(self.path, f"the recording could not be read ({type(error).__name__}: {error})",
                                 _BROKEN_HINT) from error

    return reading


class RecordingReader:
    """See the module docstring. Build with :meth:`open`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection = open_for_reading(path)
        self.meta: RecordingMeta = read_meta(self._connection, path)
        self.name = self.meta.name
        self._strings = StringTable(self._connection, path)
        self._loader = KeyframeLoader(self._connection, path, self.meta, self._strings)
        self._names = self.meta.resident_names()
        self._state: _FrameState | None = None
        self._batches: OrderedDict[tuple[int, str], list[list[Any]]] = OrderedDict()
        self._conversations: dict[int, Conversation] = {}
        self._minds: OrderedDict[str, MindReplay] = OrderedDict()
        self._memory_views = MemoryViewCache()
        self._parent: RecordingReader | None = None
        if self.meta.parent is not None:
            parent_path = path.parent / f"{self.meta.parent.name}{RECORDING_SUFFIX}"
            if parent_path.exists() and parent_path.resolve() != path.resolve():
                try:
                    self._parent = RecordingReader(parent_path)
                except RecordingError as error:
                    log.warning("the parent recording of %s cannot be read (%s); its earlier steps are not shown",
                                self.name, error)
            else:
                log.info("the parent recording %s of %s is gone; it is replayed from step %d", self.meta.parent.name,
                         self.name, self.meta.first_step)

    @classmethod
    def open(cls, path_or_name: Path | str, recordings_dir: Path | None = None) -> RecordingReader:
        """Open a recording: a file (a ``Path``, or a ``str`` ending in the suffix or holding a
        folder separator) or a name in ``recordings_dir`` (default: the per-user one)."""
        if isinstance(path_or_name, Path):
            return cls(path_or_name)
        if path_or_name.endswith(RECORDING_SUFFIX) or "/" in path_or_name or "\\" in path_or_name:
            return cls(Path(path_or_name))
        return cls(recording_path(path_or_name, recordings_dir))

    def close(self) -> None:
        if self._parent is not None:
            self._parent.close()
        self._connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- where and when -------------------------------------------------------------------------------

    @property
    def parent(self) -> RecordingReader | None:
        return self._parent

    @property
    def own_first_step(self) -> int:
        """The first step recorded in this file (a fork's earlier steps are its parent's)."""
        return self.meta.first_step

    @property
    def first_step(self) -> int:
        return self._parent.first_step if self._parent is not None else self.meta.first_step

    @property
    @_reads
    def last_step(self) -> int:
        """The last step committed (asked anew each time: a recording being written grows)."""
        return read_last_step(self._connection, self.path)

    def time_of(self, step: int) -> datetime:
        return self.meta.clock_start + timedelta(seconds=step * self.meta.step_seconds)

    def step_at(self, when: datetime) -> int:
        """The step at or just before game time ``when`` (not clamped to the recording's steps)."""
        return math.floor((when - self.meta.clock_start).total_seconds() / self.meta.step_seconds)

    def contains(self, step: int) -> bool:
        return self.first_step <= step <= self.last_step

    def _check_step(self, step: int) -> None:
        if type(step) is not int or not self.contains(step):
            raise RecordingError(self.path, f"step {step!r} is not in this recording (steps {self.first_step} "
                                            f"to {self.last_step})", "pick a step in that range")

    # -- frames ---------------------------------------------------------------------------------------

    @_reads
    def frame(self, step: int) -> SimulationView:
        """What every resident showed at ``step`` (a RecordingError for a step not recorded)."""
        self._check_step(step)
        if step < self.meta.first_step and self._parent is not None:
            parent_step = min(step, self._parent.last_step)
            view = self._parent.frame(parent_step)
            return view if parent_step == step else replace(view, step_index=step, now=self.time_of(step))
        state = self._state
        if state is None or state.step > step or step - state.step > 2 * self.meta.frame_key_steps:
            # from the full frame before the step, so that the tiles before it are known too
            state = self._state = self._frame_key(step - 1 if step > self.meta.first_step else step)
        if step > state.step:
            self._advance(state, step)
        return self._view(state)

    def _frame_key(self, step: int) -> _FrameState:
        row = self._connection.execute("SELECT step, body FROM frames WHERE step <= ? ORDER BY step DESC LIMIT 1",
                                       (step,)).fetchone()
        if row is None:
            raise RecordingError(self.path, f"no full frame at or before step {step}", _BROKEN_HINT)
        data = unpack_json(row[1], self.path, f"the frame at step {row[0]}")
        try:
            residents = [list(fields) for fields in data["r"]]
            town = list(data["t"])
            if len(residents) != len(self._names) or any(len(f) != FIELDS for f in residents) or len(town) != 2:
                raise ValueError("wrong number of fields")
        except (KeyError, TypeError, ValueError) as error:
            raise RecordingError(self.path, f"the frame at step {row[0]} is not valid ({error})", _BROKEN_HINT) from error
        return _FrameState(row[0], residents, town, [fields[TILE] for fields in residents])

    def _advance(self, state: _FrameState, step: int) -> None:
        residents, town = state.residents, state.town
        previous: list[Any] | None = None  # the tiles at the step before: before that step's changes
        try:
            for entry in self._entries("frame_changes", state.step, step):
                if entry[0] == step:
                    previous = [fields[TILE] for fields in residents]
                for position in range(1, len(entry), 3):
                    who, field, value = entry[position], entry[position + 1], entry[position + 2]
                    if who == TOWN_WHO:
                        town[field] = value
                    else:
                        residents[who][field] = value
        except (IndexError, TypeError) as error:
            raise RecordingError(self.path, f"the frame changes up to step {step} are not valid ({error})",
                                 _BROKEN_HINT) from error
        state.previous_tiles = previous if previous is not None else [fields[TILE] for fields in residents]
        state.step = step

    def _entries(self, column: str, after: int, up_to: int) -> Iterator[list[Any]]:
        """The entries ``[step, ...]`` of ``column`` ("frame_changes" or "mind_events") for the steps
        after ``after`` up to ``up_to``, in order."""
        rows = self._connection.execute(
            "SELECT last_step FROM step_batches WHERE last_step > ? AND first_step <= ? ORDER BY last_step",
            (after, up_to)).fetchall()
        for (last,) in rows:
            for entry in self._batch(last, column):
                if after < entry[0] <= up_to:
                    yield entry

    def _batch(self, last_step: int, column: str) -> list[list[Any]]:
        key = (last_step, column)
        found = self._batches.get(key)
        if found is not None:
            self._batches.move_to_end(key)
            return found
        row = self._connection.execute(f"SELECT {column} FROM step_batches WHERE last_step = ?", (last_step,)).fetchone()
        entries = unpack_json(row[0] if row else None, self.path, f"the steps up to {last_step}")
        if not isinstance(entries, list) or not all(isinstance(e, list) and e and type(e[0]) is int for e in entries):
            raise RecordingError(self.path, f"the steps up to {last_step} are not valid", _BROKEN_HINT)
        self._batches[key] = entries
        if len(self._batches) > _BATCHES_KEPT:
            self._batches.popitem(last=False)
        return entries

    def _view(self, state: _FrameState) -> SimulationView:
        text = self._strings.__getitem__
        residents = []
        try:
            for name, fields, previous in zip(self._names, state.residents, state.previous_tiles):
                conversation, shown = fields[CHAT]
                chat = self.conversation(conversation).turns[:shown] if conversation else ()
                residents.append(ResidentView(
                    name=name, tile=(fields[TILE][0], fields[TILE][1]), previous_tile=(previous[0], previous[1]),
                    activity=text(fields[ACTIVITY]), emoji=text(fields[EMOJI]), address=text(fields[ADDRESS]),
                    chat_with=text(fields[CHAT_WITH]), chat=chat, thinking=text(fields[THINKING])))
        except (IndexError, TypeError, ValueError) as error:
            raise RecordingError(self.path, f"the frame at step {state.step} is not valid ({error})",
                                 _BROKEN_HINT) from error
        return SimulationView(state.step, self.time_of(state.step), tuple(residents), int(state.town[INCIDENTS]),
                              text(state.town[LAST_INCIDENT]))

    @_reads
    def conversation(self, index: int) -> Conversation:
        """Recorded conversation ``index``."""
        found = self._conversations.get(index)
        if found is None:
            row = self._connection.execute("SELECT first, second, started, turns FROM conversations WHERE id = ?",
                                           (index,)).fetchone()
            if row is None:
                raise RecordingError(self.path, f"conversation {index} is missing", _BROKEN_HINT)
            try:
                turns = tuple((str(speaker), str(line)) for speaker, line in json.loads(row[3]))
                found = Conversation((row[0], row[1]), turns, datetime.fromisoformat(row[2]))
            except (ValueError, TypeError) as error:
                raise RecordingError(self.path, f"conversation {index} is not valid ({error})", _BROKEN_HINT) from error
            self._conversations[index] = found
        return found

    # -- the timeline ---------------------------------------------------------------------------------

    @_reads
    def markers(self) -> tuple[Marker, ...]:
        """Where conversations began and reflections were made, in step order (a fork's earlier ones
        are its parent's)."""
        first = self.meta.first_step
        found: list[Marker] = []
        if self._parent is not None:
            found.extend(m for m in self._parent.markers() if m.step < first)
        for first_name, second_name, started in self._connection.execute(
                "SELECT first, second, started FROM conversations ORDER BY id"):
            step = self.step_at(datetime.fromisoformat(started))
            if step >= first:
                found.append(Marker(step, "conversation", (first_name, second_name)))
        by_step: dict[int, list[str]] = {}
        for step, resident in self._connection.execute(
                "SELECT DISTINCT step, resident FROM memories WHERE kind = 'reflection' AND step > ? "
                "ORDER BY step, resident", (first,)):
            by_step.setdefault(step, []).append(self._names[resident])
        found.extend(Marker(step, "reflection", tuple(names)) for step, names in by_step.items())
        found.sort(key=lambda m: (m.step, m.kind, m.names))
        return tuple(found)

    # -- minds ----------------------------------------------------------------------------------------

    @_reads
    def keyframe_steps(self) -> tuple[int, ...]:
        """The steps a town can be rebuilt at (a fork's parent's before its first step)."""
        own = self._loader.steps()
        if self._parent is None:
            return own
        return tuple(s for s in self._parent.keyframe_steps() if s < self.meta.first_step) + own

    def keyframe_at_or_before(self, step: int) -> int | None:
        earlier = [s for s in self.keyframe_steps() if s <= step]
        return earlier[-1] if earlier else None

    @_reads
    def simulation_at(self, step: int) -> Simulation:
        """The whole town at the keyframe at or before ``step`` (its clock says which step), with the
        minds as they were then: a new object each call, ready to step on."""
        self._check_step(step)
        if step < self.meta.first_step and self._parent is not None:
            return self._parent.simulation_at(min(step, self._parent.last_step))
        keyframe = self._own_keyframe(step)
        return self._loader.simulation(keyframe)

    def _own_keyframe(self, step: int) -> int:
        row = self._connection.execute("SELECT MAX(step) FROM keyframes WHERE step <= ?", (step,)).fetchone()
        if row is None or row[0] is None:
            raise RecordingError(self.path, f"this recording has no keyframe at or before step {step}",
                                 "an imported run has no minds to rebuild; pick a recording of a run of ours")
        return int(row[0])

    @_reads
    def resident_view(self, name: str, step: int) -> ResidentDetailView | None:
        """Everything the inspector shows of ``name`` as of ``step`` (None for someone who is not in
        the recording, or a recording without minds: an imported run)."""
        self._check_step(step)
        if name not in self._names or not self.meta.has_minds:
            return None
        if step < self.meta.first_step and self._parent is not None:
            return self._parent.resident_view(name, min(step, self._parent.last_step))
        keyframe = self._own_keyframe(step)
        replay = self._minds.get(name)
        if replay is None or replay.keyframe_step != keyframe or replay.step > step:
            replay = MindReplay(self._loader, self._connection, self.path, self._strings, self.conversation, name,
                                self._names.index(name), keyframe)
            self._minds[name] = replay
            if len(self._minds) > _MINDS_KEPT:
                self._minds.popitem(last=False)
        self._minds.move_to_end(name)
        town = replay.advance(step, lambda after, up_to: self._entries("mind_events", after, up_to))
        thinking = self.frame(step).residents[replay.index].thinking
        return resident_detail_view(town, name, thinking=thinking, cache=self._memory_views)
