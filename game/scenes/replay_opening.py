"""Opening a recording in the replay scene: finding the world it was recorded in (its map, the
residents' character sheets and portraits) and building the scene on a reader.

The world is the folder of the map the recording names when that map is on this machine, else a
world folder of the same folder name or world name found here (imported worlds included), else the
shipped Smallville (an imported run of the original then plays with our characters). A resident's
sheet is the one the recording names (a path in the world folder, or a file stem) when it exists,
else the world's sheet for that name.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from agents.paths import shipped_worlds_dir
from agents.persistence.recording_reader import RecordingReader
from agents.persistence.recording_store import RecordingMeta, ResidentIdentity
from agents.world import map_format
from agents.world.errors import WorldFormatError
from agents.world.safe_paths import is_inside
from agents.world.world_folder import WorldFolder, find_world_folders, load_world_folder
from game.scenes.replay_scene import ReplayScene

log = logging.getLogger(__name__)


def world_for_recording(meta: RecordingMeta) -> WorldFolder:
    """The world folder to draw ``meta``'s recording in (see the module docstring)."""
    recorded = Path(meta.world_map_path) if meta.world_map_path else None
    if recorded is not None and recorded.is_file():
        try:
            return load_world_folder(recorded.parent)
        except WorldFormatError as error:
            log.warning("the recorded world %s cannot be loaded (%s); looking for another", recorded, error)
    candidates = list(find_world_folders())
    for folder in candidates:
        if recorded is not None and folder.name == recorded.parent.name:
            return load_world_folder(folder)
    for folder in candidates:
        try:
            world = load_world_folder(folder)
        except WorldFormatError:
            continue
        if world.world_map.name == meta.world:
            return world
    return load_world_folder(shipped_worlds_dir() / "smallville")


def art_path(folder: Path, recorded: str, kind_dir: str, default: Path) -> Path:
    """The file a recorded sprite or portrait names (a path inside the world folder, or a file stem
    in its ``kind_dir``), when it exists; else ``default``."""
    if recorded:
        named = Path(recorded)
        path = folder / named if named.suffix else folder / kind_dir / f"{recorded}.png"
        if is_inside(folder, path) and path.is_file():  # a recording never leads outside its world's folder
            return path
    return default


def sprite_paths(world: WorldFolder, residents: tuple[ResidentIdentity, ...]) -> dict[str, Path]:
    return {r.name: art_path(world.folder, r.sprite, map_format.CHARACTERS_DIR, world.sprite_path(r.name))
            for r in residents}


def portrait_lookup(world: WorldFolder, residents: tuple[ResidentIdentity, ...]) -> Callable[[str], Path]:
    portraits = {r.name: art_path(world.folder, r.portrait, map_format.PORTRAITS_DIR, world.portrait_path(r.name))
                 for r in residents}
    return lambda name: portraits.get(name, world.portrait_path(name))


def replay_scene_for(reader: RecordingReader, viewport_size_px: tuple[int, int], *, on_close: Callable[[], None],
                     on_continue: Callable[[int], None] | None, start_step: int | None = None) -> ReplayScene:
    """The replay scene on ``reader`` (which it then owns and closes); "Continue from here" only for a
    recording with minds (an imported run has moves only)."""
    meta = reader.meta
    world = world_for_recording(meta)
    title = f"{meta.name} ({meta.world} - {meta.scenario})"
    return ReplayScene(reader, title, world.map_path, sprite_paths(world, meta.residents),
                       portrait_lookup(world, meta.residents), viewport_size_px, on_close=on_close,
                       on_continue=on_continue if meta.has_minds else None, start_step=start_step)
