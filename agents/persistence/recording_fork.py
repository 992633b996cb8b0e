"""A new timeline from a recorded moment ("continue from here" in a replay).

:func:`fork_from_recording` rebuilds the town at the keyframe at or before the step asked
(:meth:`RecordingReader.simulation_at`: the minds as they were then), saves it as a new save slot
and starts its recording, whose parent is the recording it came from at that step (so the replay of
the fork shows the earlier steps too). The town it returns goes on exactly as the recorded run went
on from there (with the same model answers).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from agents.engine.simulation import Simulation
from agents.paths import user_saves_dir
from agents.persistence.errors import SaveSlotError
from agents.persistence.recorder import Recorder, RecorderSettings
from agents.persistence.recording_reader import RecordingReader
from agents.persistence.recording_store import RecordingError, RecordingLink, recording_path
from agents.persistence.save_format import SaveHeader
from agents.persistence.save_slots import check_slot_name, save_slot, slot_path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ForkedTown:
    """A town forked from a recording: ready to step on, saved as ``slot``, recording into ``recorder``
    (open: the caller goes on recording with it, and closes it)."""

    simulation: Simulation
    slot: str
    header: SaveHeader
    recorder: Recorder
    origin: RecordingLink  # the recording and the keyframe step it was forked from


def fork_from_recording(reader: RecordingReader, step: int, new_slot: str, *, saves_dir: Path | None = None,
                        recordings_dir: Path | None = None, settings: RecorderSettings | None = None) -> ForkedTown:
    """Fork the town at the keyframe at or before ``step`` of ``reader``'s recording into the new save
    slot ``new_slot`` and a new recording of the same name (neither may exist yet)."""
    saves = user_saves_dir() if saves_dir is None else saves_dir
    check_slot_name(new_slot, "new slot name")
    if slot_path(new_slot, saves).exists():
        raise SaveSlotError(slot_path(new_slot, saves), f"the slot {new_slot!r} already exists",
                            "pick another name for the fork, or delete that slot first")
    target = recording_path(new_slot, recordings_dir)
    if target.exists():
        raise RecordingError(target, f"a recording named {new_slot!r} exists already",
                             "pick another name for the fork, or delete that recording first")
    simulation = reader.simulation_at(step)
    keyframe = simulation.clock.step_index
    source = _source_recording(reader, keyframe)
    parent_slot = source.name if slot_path_or_none(source.name, saves) is not None else None
    header = save_slot(simulation, new_slot, saves, parent_slot=parent_slot, recording=new_slot)
    origin = RecordingLink(source.name, keyframe)
    recorder = Recorder.start(simulation, target, parent=origin, seed=source.meta.seed,
                              settings=settings or RecorderSettings())
    log.info("forked %s at step %d into slot %s", source.name, keyframe, new_slot)
    return ForkedTown(simulation, new_slot, header, recorder, origin)


def _source_recording(reader: RecordingReader, step: int) -> RecordingReader:
    """The recording of the chain that holds ``step`` itself (a fork's earlier steps are its parent's)."""
    while step < reader.own_first_step and reader.parent is not None:
        reader = reader.parent
    return reader


def slot_path_or_none(name: str, saves_dir: Path) -> Path | None:
    """The file of save slot ``name`` when it exists (and the name is a slot name), else None."""
    try:
        path = slot_path(name, saves_dir)
    except SaveSlotError:
        return None
    return path if path.exists() else None
