"""``smallville-sim replay import``: a run of the original Generative Agents made into one of our
recordings, to play in the replay scene.

Use::

    result = import_original_run(Path("storage/July1_the_ville_isabella_maria_klaus-step-3-20"))
    result.name, result.path        # the recording (named after the folder, or ``name=``)
    result.warnings                 # what was skipped, each naming its file (RunWarning values)
    result.run.gaps                 # the steps the source did not hold

The world it plays in: ``world=`` when given; else the original town when it has been imported
(``smallville-sim import-original``: a folder of the per-user worlds folder named like the run's
maze, ``the_ville``, or marked ``IMPORTED_FROM.txt``), whose character sheets are the original's;
else our own town (``smallville``), with our sheets. Residents are checked against the world's
scenarios (one warning each for a stranger, who is imported anyway with no sheet of their own),
and tiles against its map.

Each frame keeps the original step number and time (see :mod:`agents.persistence.original_runs`);
a gap shows the last known frame. A resident whose original place is not a place (``<persona>``
while talking, ``<waiting>``) shows the address of the tile they stand on, as our own chats do.
The recording has frames only (no minds: ``has_minds`` False). It is written to a temporary file
and moved into place when whole, so a failed import leaves nothing behind.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from agents.paths import shipped_worlds_dir, user_worlds_dir
from agents.persistence.frames_recording_writer import FramesRecordingWriter
from agents.persistence.original_run_entries import ResidentState, RunWarning
from agents.persistence.original_run_sources import STORAGE, locate_run_folder, read_run_meta
from agents.persistence.original_runs import OriginalRun, read_original_run
from agents.persistence.recorder import RecorderSettings
from agents.persistence.recording_store import (
    RecordingError,
    RecordingMeta,
    ResidentIdentity,
    check_recording_name,
    recording_path,
    remove_recording_files,
    utc_now,
)
from agents.persistence.save_format import current_app_version
from agents.views.town_frame import ResidentView, SimulationView
from agents.world import map_format
from agents.world.errors import WorldFormatError
from agents.world.scenario import persona_file_stem
from agents.world.world_folder import WorldFolder, load_world_folder

log = logging.getLogger(__name__)

IMPORT_MARKER = "IMPORTED_FROM.txt"  # written by agents.world.original_import.importer
OUR_WORLD = "smallville"
_NAME_FORBIDDEN = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class ImportWorld:
    """The world an imported run plays in: ``original`` when it is the imported original town;
    ``scenario`` the one of its scenarios whose residents fit the run best; ``residents`` everyone
    its scenarios know."""

    folder: WorldFolder
    original: bool
    scenario: str
    residents: frozenset[str]


@dataclass(frozen=True)
class RunImport:
    """An imported run: the recording's name and file, the run as read, the world, what was skipped."""

    name: str
    path: Path
    run: OriginalRun
    world: ImportWorld
    warnings: tuple[RunWarning, ...]


def recording_name_for(folder: Path) -> str:
    """A valid recording name from a run folder's name (``July1_the_ville-step-3-20`` as it is;
    other characters become ``-``)."""
    name = _NAME_FORBIDDEN.sub("-", folder.name).strip("-")[:64].strip("-")
    return name or "original-run"


def _is_original_town(folder: Path, maze_name: str) -> bool:
    return (folder / IMPORT_MARKER).is_file() or (bool(maze_name) and folder.name == maze_name)


def _find_world_folder(maze_name: str) -> tuple[Path, bool]:
    """The imported original town (preferring the one named like the maze), else our town."""
    root = user_worlds_dir()
    if root.is_dir():
        imported = sorted((p for p in root.iterdir() if (p / map_format.MAP_FILE_NAME).is_file()
                           and _is_original_town(p, maze_name)), key=lambda p: (p.name != maze_name, p.name))
        if imported:
            return imported[0], True
    ours = shipped_worlds_dir() / OUR_WORLD
    if not (ours / map_format.MAP_FILE_NAME).is_file():
        raise WorldFormatError(ours, "our town is not where it should be, and the original town is not imported",
                               hint="import it (smallville-sim import-original) or pass --world")
    return ours, False


def choose_world(maze_name: str, resident_names: Sequence[str], world: Path | None = None) -> ImportWorld:
    """The world to replay a run of ``resident_names`` in (see the module docstring)."""
    if world is not None:
        folder = load_world_folder(world)
        original = _is_original_town(folder.folder, maze_name)
    else:
        path, original = _find_world_folder(maze_name)
        folder = load_world_folder(path)
    wanted = set(resident_names)
    known: set[str] = set()
    best: tuple[tuple[int, int], str] | None = None
    for scenario_name in folder.scenario_names():
        names = {persona.name for persona in folder.load_scenario(scenario_name).personas}
        known |= names
        score = (len(wanted & names), -len(names))  # most of the run's residents, then the smallest
        if best is None or score > best[0]:
            best = (score, scenario_name)
    return ImportWorld(folder=folder, original=original, scenario=best[1] if best else "",
                       residents=frozenset(known))


def _identity(name: str, world: ImportWorld) -> ResidentIdentity:
    """The sheet and portrait of ``name`` in the world ("" when it has none: a stand-in is drawn)."""
    stem = persona_file_stem(name)
    sprite = f"{map_format.CHARACTERS_DIR}/{stem}.png"
    portrait = f"{map_format.PORTRAITS_DIR}/{stem}.png"
    return ResidentIdentity(name, sprite if (world.folder.folder / sprite).is_file() else "",
                            portrait if (world.folder.folder / portrait).is_file() else "")


def _place(state: ResidentState, world: ImportWorld) -> str:
    if state.place:
        return state.place
    world_map = world.folder.world_map
    return world_map.address_at(state.tile).deepest if world_map.in_bounds(state.tile) else ""


def _views(run: OriginalRun, names: tuple[str, ...], world: ImportWorld) -> Iterator[SimulationView]:
    """The recording's frames: every resident in every frame (one not read yet shows as first read)."""
    first_known = {name: next(f.residents[name] for f in run.frames if name in f.residents) for name in names}
    previous: list[tuple[ResidentState, ResidentView]] = []
    previous_step: int | None = None
    for frame in run.frames:
        now: list[tuple[ResidentState, ResidentView]] = []
        for index, name in enumerate(names):
            state = frame.residents.get(name, first_known[name])
            last_state, last = previous[index] if previous else (None, None)
            before = last.tile if last is not None and previous_step == frame.step - 1 else state.tile
            if last is not None and state is last_state and last.previous_tile == before:
                now.append((state, last))  # unchanged (most residents at most steps): the same value
                continue
            now.append((state, ResidentView(
                name=name, tile=state.tile, previous_tile=before, activity=state.action, emoji=state.emoji,
                address=_place(state, world), chat_with=state.chat_with, chat=state.chat or ())))
        previous, previous_step = now, frame.step
        yield SimulationView(frame.step, frame.time, tuple(view for _, view in now))


def import_original_run(source: Path, name: str | None = None, *, world: Path | None = None,
                        recordings_dir: Path | None = None, overwrite: bool = False) -> RunImport:
    """Import the original run at ``source`` as recording ``name`` (default: from the folder's
    name) in ``recordings_dir`` (default: the per-user one). Refused with a WorldFormatError (the
    source) or RecordingError (the name, an existing recording without ``overwrite``, the disk)."""
    folder, layout = locate_run_folder(source)
    name = check_recording_name(name if name is not None else recording_name_for(folder))
    target = recording_path(name, recordings_dir)
    if target.exists() and not overwrite:
        raise RecordingError(target, f"a recording named {name!r} exists already",
                             "pass --overwrite to replace it, or --as NAME to import under another name")
    meta_path = folder / "reverie" / "meta.json" if layout == STORAGE else folder / "meta.json"
    run_meta, _ = read_run_meta(meta_path, layout, folder.name)
    chosen = choose_world(run_meta.maze_name, run_meta.persona_names, world)
    run = read_original_run(folder, world_map=chosen.folder.world_map, known_residents=chosen.residents)
    names = run.resident_names
    warnings = list(run.warnings)
    for resident in names:
        if resident not in run.frames[0].residents:
            appears = next(f for f in run.frames if resident in f.residents)
            warnings.append(RunWarning(folder, f"{resident} first appears at step {appears.step}; shown as there "
                                               f"from step {run.first_step} on", f"step {run.first_step}"))
    settings = RecorderSettings()
    step_seconds = run.meta.step_seconds
    meta = RecordingMeta(
        name=name, world=chosen.folder.world_map.name, world_map_path=str(chosen.folder.map_path),
        scenario=chosen.scenario, step_seconds=step_seconds, clock_start=run.meta.start_time,
        first_step=run.first_step, seed=None, residents=tuple(_identity(n, chosen) for n in names), parent=None,
        keyframe_interval_steps=max(1, round(settings.keyframe_minutes * 60 / step_seconds)),
        frame_key_steps=max(1, round(settings.frame_key_minutes * 60 / step_seconds)),
        created_at=utc_now(), app_version=current_app_version(), has_minds=False)
    staging = target.with_name(f".{target.name}.importing-{os.getpid()}")
    try:
        remove_recording_files(staging)
        writer = FramesRecordingWriter.create(staging, meta)
        try:
            for view in _views(run, names, chosen):
                writer.add(view)
            writer.close()
            remove_recording_files(target)
            os.replace(staging, target)
        except BaseException:
            writer.abandon()
            raise
    except OSError as error:
        remove_recording_files(staging)
        raise RecordingError(target, f"could not write the recording ({error.strerror or error})",
                             "check that the recordings folder is writable and the disk is not full") from error
    for warning in warnings:
        log.info("skipped on import: %s", warning)
    log.info("imported the original run %s as recording %s (%d steps, %d warnings)", folder, name,
             len(run.frames), len(warnings))
    return RunImport(name=name, path=target, run=run, world=chosen, warnings=tuple(warnings))
