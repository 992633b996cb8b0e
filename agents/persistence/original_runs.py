"""A recorded run of the original Generative Agents, read and checked into one value.

Two layouts are read (:func:`read_original_run` tells them apart):

- ``storage/<sim>/`` as the original's server writes it: ``reverie/meta.json`` and one
  ``movement/<step>.json`` per step, each holding every resident
  (``{"persona": {NAME: entry}, "meta": {"curr_time": "February 13, 2023, 09:56:40"}}``; an entry
  is described in :mod:`agents.persistence.original_run_entries`);
- ``compressed_storage/<sim>/`` as its ``compress_sim_storage.py`` writes it: ``meta.json`` (a copy
  of ``reverie/meta.json``) and ``master_movement.json``, ``{"<step>": {NAME: entry}}`` holding per
  step only the residents whose movement, pronunciatio, description or chat changed (``{}`` when
  none did; every resident at the first step).

Both give the same :class:`OriginalRun`: the meta, and one :class:`OriginalFrame` per step the
source holds, with every resident known by then in its state at that step.

Times: step ``N`` is at ``start_date`` 00:00:00 + ``N`` x ``sec_per_step``, as the original's own
replay computes it (a ``movement`` file's ``curr_time`` that disagrees gives a warning). Without
``start_date``, the start is ``curr_time`` - ``step`` x ``sec_per_step`` from the same meta.json.

Gaps: the original steps are kept, never renumbered, so each frame's step and time are those of
the original run (``storage_sample`` holds steps 0..359 and 3540..3659). A step the source does not
hold (a gap, or a step file that could not be read) has no frame; :meth:`OriginalRun.frame_at` and
an imported recording show the last known state through it, and :attr:`OriginalRun.gaps` lists
the missing ranges.

Bad input: a folder without its meta file or its movement data, a meta.json that is not valid or
lacks ``sec_per_step`` / ``persona_names``, a ``master_movement.json`` that is not valid JSON, or a
run with no readable step at all is refused with a :class:`~agents.world.errors.WorldFormatError`
naming the file (and line or field). Everything smaller is a :class:`RunWarning` in
:attr:`OriginalRun.warnings`, naming the file and the line, step or field: a step file that is not
valid JSON (the step is skipped), a field of the wrong type or a tile off the map (that resident's
entry is skipped: their last known state holds), a resident the meta does not list (left out), a
resident the world does not know (kept: one warning naming the first file they appear in), a step
time that disagrees with the meta's.
"""

from __future__ import annotations

import bisect
import itertools
import logging
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from agents.persistence.original_run_entries import ResidentState, RunWarning, parse_entry
from agents.persistence.original_run_sources import (
    COMPRESSED_STORAGE,
    LAYOUT_HINT,
    STORAGE,
    OriginalRunMeta,
    StepEntries,
    compressed_steps,
    locate_run_folder,
    read_run_meta,
    storage_steps,
)
from agents.world.errors import WorldFormatError
from agents.world.world_map import WorldMap

__all__ = ["COMPRESSED_STORAGE", "STORAGE", "OriginalFrame", "OriginalRun", "OriginalRunMeta",
           "ResidentState", "RunWarning", "StepGap", "read_original_run"]

log = logging.getLogger(__name__)

_UNREAD = object()  # no entry of this resident has been read yet


@dataclass(frozen=True)
class OriginalFrame:
    """Every resident known by ``step`` as they were at it; ``changed`` names those whose state
    differs from the previous frame (all of them in the first)."""

    step: int
    time: datetime
    residents: Mapping[str, ResidentState]
    changed: tuple[str, ...]


@dataclass(frozen=True)
class StepGap:
    """Steps ``first``..``last`` (inclusive) that the source does not hold."""

    first: int
    last: int

    @property
    def steps(self) -> int:
        return self.last - self.first + 1


@dataclass(frozen=True)
class OriginalRun:
    """An original run as read: the folder, its meta, its frames in step order, what was skipped."""

    folder: Path
    meta: OriginalRunMeta
    frames: tuple[OriginalFrame, ...]
    warnings: tuple[RunWarning, ...]

    @property
    def steps(self) -> tuple[int, ...]:
        return tuple(frame.step for frame in self.frames)

    @property
    def first_step(self) -> int:
        return self.frames[0].step

    @property
    def last_step(self) -> int:
        return self.frames[-1].step

    @property
    def resident_names(self) -> tuple[str, ...]:
        """The meta's residents that appear in at least one frame, in the meta's order."""
        seen = set().union(*(frame.residents.keys() for frame in self.frames))
        return tuple(name for name in self.meta.persona_names if name in seen)

    @property
    def gaps(self) -> tuple[StepGap, ...]:
        steps = self.steps
        return tuple(StepGap(before + 1, after - 1) for before, after in itertools.pairwise(steps)
                     if after > before + 1)

    def frame_at(self, step: int) -> OriginalFrame:
        """The frame in force at ``step``: its own, or the last one before it (a gap)."""
        index = bisect.bisect_right(self.steps, step) - 1
        if index < 0:
            raise KeyError(f"step {step} is before the first step ({self.first_step}) of {self.folder}")
        return self.frames[index]

# -- frames -----------------------------------------------------------------------------------


class _FrameBuilder:
    """Turns steps (whole or changes only) into frames of every known resident's state."""

    def __init__(self, meta: OriginalRunMeta, meta_path: Path, world_map: WorldMap | None,
                 known_residents: Collection[str] | None, warnings: list[RunWarning]) -> None:
        self.meta = meta
        self.meta_path = meta_path
        self.world_map = world_map
        self.known_residents = None if known_residents is None else frozenset(known_residents)
        self.warnings = warnings
        self.state: dict[str, ResidentState] = {}
        self.frames: list[OriginalFrame] = []
        self._unlisted_warned: set[str] = set()
        self._unknown_warned: set[str] = set()
        self._order = {name: index for index, name in enumerate(meta.persona_names)}
        self._raw: dict[str, object] = {}  # each resident's last entry that was read into their state

    def add(self, step: StepEntries) -> None:
        """Apply one step's entries and append its frame."""
        changed: list[str] = []
        for raw_name, entry in step.entries.items():
            name = str(raw_name).strip()
            where = self._where(step, f"persona.{name}")
            if name not in self.meta.persona_names:
                if name not in self._unlisted_warned:
                    self._unlisted_warned.add(name)
                    self.warnings.append(RunWarning(
                        step.file, f"{name} is not among the residents {self.meta_path.name} lists "
                                   "(persona_names); left out", where))
                continue
            if entry == self._raw.get(name, _UNREAD):  # as at the step before: nothing to read (most steps)
                continue
            self._check_known(name, step.file, where)
            parsed = parse_entry(entry, step.file, where)
            if isinstance(parsed, RunWarning):
                self.warnings.append(parsed)
                continue
            if self.world_map is not None and not self.world_map.in_bounds(parsed.tile):
                size = f"{self.world_map.width_tiles} x {self.world_map.height_tiles}"
                self.warnings.append(RunWarning(step.file, f"tile {parsed.tile} is outside the {size} map; "
                                                "this entry is skipped", f"{where}.movement"))
                continue
            self._raw[name] = entry
            if self.state.get(name) != parsed:
                self.state[name] = parsed
                changed.append(name)
        if step.complete:
            missing = [name for name in self.meta.persona_names if name not in step.entries]
            if missing:
                self.warnings.append(RunWarning(step.file, f"no entry for {', '.join(missing)}; "
                                                "their last known state holds", self._where(step, "persona")))
        self.frames.append(OriginalFrame(step=step.step, time=self.meta.time_of(step.step),
                                         residents=dict(self.state),
                                         changed=tuple(sorted(changed, key=self._order.__getitem__))))

    @staticmethod
    def _where(step: StepEntries, field_path: str) -> str:
        return f"{step.where}, {field_path}" if step.where else f"field {field_path}"

    def _check_known(self, name: str, file: Path, where: str) -> None:
        if self.known_residents is None or name in self.known_residents or name in self._unknown_warned:
            return
        self._unknown_warned.add(name)
        self.warnings.append(RunWarning(file, f"{name} is not a resident of the world the run is imported "
                                        "into; imported anyway", where))


def read_original_run(path: Path, *, world_map: WorldMap | None = None,
                      known_residents: Collection[str] | None = None) -> OriginalRun:
    """Read the original run at ``path`` (either layout; see the module docstring).

    With ``world_map``, tiles off that map are skipped with a warning; with ``known_residents``
    (the residents of the world it is imported into), each resident outside them gets one warning
    naming the first file they appear in.
    """
    folder, layout = locate_run_folder(path)
    meta_path = folder / "reverie" / "meta.json" if layout == STORAGE else folder / "meta.json"
    meta, warnings = read_run_meta(meta_path, layout, folder.name)
    steps: Iterable[StepEntries] = (storage_steps(folder, meta, warnings) if layout == STORAGE
                                    else compressed_steps(folder, warnings))
    builder = _FrameBuilder(meta, meta_path, world_map, known_residents, warnings)
    for step in steps:
        builder.add(step)
    frames = tuple(builder.frames)
    while frames and not frames[0].residents:  # steps before anyone was readable show nobody
        frames = frames[1:]
    if not frames:
        source = folder / "movement" if layout == STORAGE else folder / "master_movement.json"
        first = f" (first problem: {warnings[0]})" if warnings else ""
        raise WorldFormatError(source, f"no step of this run could be read{first}", hint=LAYOUT_HINT)
    first_frame = frames[0]
    frames = (OriginalFrame(first_frame.step, first_frame.time, first_frame.residents,
                            tuple(n for n in meta.persona_names if n in first_frame.residents)), *frames[1:])
    seen = set().union(*(frame.residents.keys() for frame in frames))
    for name in meta.persona_names:
        if name not in seen:
            warnings.append(RunWarning(meta_path, f"{name} has no readable entry in any step; not shown",
                                       "field persona_names"))
    log.info("read %d steps of the original run %s (%d warnings)", len(frames), folder, len(warnings))
    return OriginalRun(folder=folder, meta=meta, frames=frames, warnings=tuple(warnings))
