"""``smallville-sim import-original``: turn a user's copy of the original town into a world folder.

Everything is written into a temporary folder beside the destination and moved into place only
when the whole import succeeded, so a failed import leaves nothing half-written.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from agents.world import map_format
from agents.world.errors import WorldFormatError
from agents.world.original_import.art_layers import read_original_art
from agents.world.original_import.base_simulation import read_base_simulation
from agents.world.original_import.maze_tables import (
    names_from_codes,
    read_block_table,
    read_maze_grid,
    read_maze_meta,
)
from agents.world.original_import.source_layout import OriginalSource, locate_original_source
from agents.world.scenario import (
    history_of_residents,
    persona_file_stem,
    read_history_rows,
    write_persona_json,
    write_scenario_json,
)
from agents.world.tmx_loader import load_world_map
from agents.world.tmx_writer import SemanticGrids, build_world_tmx, write_world_tmx

log = logging.getLogger(__name__)

DEFAULT_WORLD_FOLDER_NAME = "the_ville"
SCENARIO_TITLES = {"three": "Isabella, Maria and Klaus (original town)",
                   "twenty-five": "The twenty-five residents (original town)"}


@dataclass(frozen=True)
class ImportResult:
    world_folder: Path
    residents: int
    scenarios: tuple[str, ...]
    dropped_places: tuple[str, ...]


def _read_semantics(source: OriginalSource) -> tuple[str, SemanticGrids, int, int, int]:
    meta = read_maze_meta(source.meta_json)
    world_table = read_block_table(source.blocks_dir / "world_blocks.csv", "world")
    world_names = {row[-1] for row in world_table.values()}
    if len(world_names) != 1:
        raise WorldFormatError(source.blocks_dir / "world_blocks.csv", f"expected one world, found {sorted(world_names)}")
    names: dict[str, list[str]] = {}
    collision_codes: list[int] = []
    for kind in ("collision", "sector", "arena", "game_object", "spawning_location"):
        maze_path = source.maze_dir / f"{kind}_maze.csv"
        codes = read_maze_grid(maze_path, meta, source.meta_json)
        if kind == "collision":
            collision_codes = codes
            continue
        table_path = source.blocks_dir / f"{kind}_blocks.csv"
        names[kind] = names_from_codes(codes, read_block_table(table_path, kind), maze_path, table_path, meta.width_tiles)
    grids = SemanticGrids(collision=[code != 0 for code in collision_codes], sector=names["sector"],
                          arena=names["arena"], game_object=names["game_object"], spawn=names["spawning_location"])
    return world_names.pop(), grids, meta.width_tiles, meta.height_tiles, meta.tile_size_px


def _write_world(source: OriginalSource, staging: Path) -> tuple[list[str], list[str]]:
    """Write the whole world into ``staging``; (resident names, known places left out)."""
    world_name, grids, width, height, tile_size_px = _read_semantics(source)
    art = read_original_art(source.map_tmx, width, height)
    (staging / "tilesets").mkdir()
    for tileset in art.tilesets:
        shutil.copyfile(tileset.source_image, staging / tileset.target_image)
    document, semantic_tileset = build_world_tmx(
        world_name=world_name, width=width, height=height, tile_size_px=tile_size_px,
        art_tilesets=[tileset.element for tileset in art.tilesets], art_layers=art.layers,
        semantics=grids, semantic_first_gid=art.next_free_gid)
    write_world_tmx(staging, document, semantic_tileset)
    world = load_world_map(staging / map_format.MAP_FILE_NAME)

    dropped: list[str] = []
    all_names: list[str] = []
    for key, base_folder in source.base_simulations.items():
        base = read_base_simulation(base_folder, world)
        dropped.extend(base.dropped_places)
        scenario_folder = staging / map_format.SCENARIOS_DIR / key
        scenario_folder.mkdir(parents=True)
        for persona in base.personas:
            write_persona_json(scenario_folder, persona)
            if persona.name not in all_names:
                all_names.append(persona.name)
        history_name = None
        history_path = source.history_csvs.get(key)
        if history_path is not None and history_path.is_file():
            history_of_residents(read_history_rows(history_path), {persona.name for persona in base.personas},
                                 history_path)  # validate before copying
            history_name = "history.csv"
            shutil.copyfile(history_path, scenario_folder / history_name)
        write_scenario_json(scenario_folder, title=SCENARIO_TITLES[key], start_time=base.start_time,
                            step_seconds=base.step_seconds, reflection_threshold=base.reflection_threshold,
                            residents=[persona.name for persona in base.personas], history_csv=history_name)

    for folder_name in (map_format.CHARACTERS_DIR, map_format.PORTRAITS_DIR):
        (staging / folder_name).mkdir()
    for name in all_names:
        stem = persona_file_stem(name)
        sheet = source.characters_dir / f"{stem}.png"
        if not sheet.is_file():
            raise WorldFormatError(sheet, f"character sheet of {name} not found")
        shutil.copyfile(sheet, staging / map_format.CHARACTERS_DIR / sheet.name)
        portrait = source.portraits_dir / f"{stem}.png"
        if portrait.is_file():
            shutil.copyfile(portrait, staging / map_format.PORTRAITS_DIR / portrait.name)
    (staging / "IMPORTED_FROM.txt").write_text(
        "Imported by smallville-sim import-original from the user's copy of the original Generative Agents\n"
        f"repository at {source.root}. Its art belongs to its artists (PixyMoon, LimeZu, pipohi):\n"
        "keep this folder for your own use and do not redistribute it.\n", encoding="utf-8")
    return all_names, dropped


def _check_destination(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise WorldFormatError(out, "destination exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise WorldFormatError(out, "destination folder is not empty", hint="choose another --out or pass --force")


def import_original(source_root: Path, out: Path, force: bool = False) -> ImportResult:
    """Import the original town from ``source_root`` into the world folder ``out``."""
    out = Path(out).absolute()
    _check_destination(out, force)
    source = locate_original_source(Path(source_root))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.importing-", dir=out.parent))
    try:
        residents, dropped = _write_world(source, staging)
        scenario_names = tuple(sorted(p.name for p in (staging / map_format.SCENARIOS_DIR).iterdir()))
        _replace_folder(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    log.info("imported the original town into %s", out)
    return ImportResult(world_folder=out, residents=len(residents), scenarios=scenario_names,
                        dropped_places=tuple(dropped))


def _replace_folder(staging: Path, out: Path) -> None:
    if out.exists():
        retired = out.parent / f".{out.name}.replaced-{os.getpid()}"
        os.replace(out, retired)
        os.replace(staging, out)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(staging, out)
