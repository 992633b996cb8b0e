"""Write the shipped world's scenarios, ``three``, ``twenty-five`` and ``valentines``, from the residents table.

``valentines`` is the paper's Valentine's Day run: the twenty-five residents from February 13 00:00,
with the party and Sam Moore's candidacy each known to one resident at the start
(:mod:`tools.town_builder.residents_valentines`). A scenario has no end time; a two-day run is asked
for with ``smallville-sim run --scenario valentines --hours 48``.

Run ``python -m tools.town_builder.build_scenarios [WORLD_FOLDER]`` (default: the shipped
``assets/worlds/smallville``). The map is loaded from the world folder; every resident gets

- a spawn tile: a walkable spawn point inside their home arena (housemates get different ones while
  there are enough), or, when the map has no spawn point there, the first walkable tile of the home
  arena in row-major order (tiles free of game objects first), with a warning;
- a spatial memory ``{world: {sector: {arena: [objects]}}}`` of the arenas they know, each arena
  listing every game object the map places in it, sorted.

A known place or home the map does not have stops the build with an error naming the resident and
the address; nothing is written then. The same table and map always give the same files. Only the
scenario folders are replaced; nothing else in the world folder is touched.
"""

from __future__ import annotations

import argparse
import csv
import logging
import shutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from agents.world.address import AddressLevel, split_address
from agents.world.errors import WorldFormatError
from agents.world.map_format import CHARACTERS_DIR, PORTRAITS_DIR, SCENARIOS_DIR
from agents.world.pathfinding import Tile
from agents.world.scenario import (
    Persona,
    SpatialMemory,
    persona_file_stem,
    write_persona_json,
    write_scenario_json,
)
from agents.world.world_folder import load_world_folder
from agents.world.world_map import WorldMap
from tools.town_builder.residents import RESIDENTS, THREE_OVERRIDES, THREE_RESIDENTS, resident_named
from tools.town_builder.residents_model import Resident, ResidentOverride
from tools.town_builder.residents_valentines import VALENTINES_OVERRIDES

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_WORLD_FOLDER = REPO_ROOT / "assets" / "worlds" / "smallville"
START_TIME = datetime(2023, 2, 13, 0, 0, 0)
STEP_SECONDS = 10
HISTORY_CSV = "history.csv"
WHISPER_SEPARATOR = "; "


class ScenarioBuildError(ValueError):
    """The residents table and the map disagree (a place the map lacks, a malformed address)."""


@dataclass(frozen=True)
class ScenarioSpec:
    """One scenario to write: its folder name, title, residents in order, and per-scenario texts."""

    name: str
    title: str
    residents: tuple[str, ...]
    reflection_threshold: int
    overrides: Mapping[str, ResidentOverride] = field(default_factory=dict, hash=False)

    def resolved_residents(self) -> tuple[Resident, ...]:
        """The table's residents of this scenario with its overrides applied."""
        found = []
        for name in self.residents:
            resident = resident_named(name)
            override = self.overrides.get(name)
            found.append(resident.with_override(override) if override else resident)
        return tuple(found)


SCENARIOS: tuple[ScenarioSpec, ...] = (
    ScenarioSpec(name="three", title="Isabella, Maria and Klaus", residents=THREE_RESIDENTS,
                 reflection_threshold=150, overrides=THREE_OVERRIDES),
    ScenarioSpec(name="twenty-five", title="The twenty-five residents of Smallville",
                 residents=tuple(r.name for r in RESIDENTS), reflection_threshold=250,
                 overrides=MappingProxyType({})),
    ScenarioSpec(name="valentines", title="Valentine's Day in Smallville: the party and the election",
                 residents=tuple(r.name for r in RESIDENTS), reflection_threshold=250,
                 overrides=VALENTINES_OVERRIDES),
)


def _objects_by_arena(world: WorldMap) -> dict[str, list[str]]:
    """Arena address -> the names of the game objects the map places in it, sorted."""
    objects: dict[str, list[str]] = {arena: [] for arena in world.arenas()}
    for address in world.game_object_addresses():
        *arena_parts, game_object = split_address(address)
        objects[":".join(arena_parts)].append(game_object)
    return {arena: sorted(names) for arena, names in objects.items()}


def _check_arena(world: WorldMap, resident: Resident, address: str, what: str) -> tuple[str, str, str]:
    parts = split_address(address)
    if len(parts) != int(AddressLevel.ARENA) or not all(parts):
        raise ScenarioBuildError(f"{resident.name}: {what} {address!r} is not an arena address "
                                 "(world:sector:arena)")
    if parts[0] != world.name or not world.has_address(address):
        raise ScenarioBuildError(f"{resident.name}: {what} {address!r} is not in the map {world.source_path}")
    return parts[0], parts[1], parts[2]


def spatial_memory_for(resident: Resident, world: WorldMap,
                       objects_by_arena: Mapping[str, list[str]] | None = None) -> SpatialMemory:
    """The places ``resident`` knows, with each arena's game objects taken from ``world``."""
    objects = objects_by_arena if objects_by_arena is not None else _objects_by_arena(world)
    if resident.living_area not in resident.known_places:
        raise ScenarioBuildError(f"{resident.name}: home {resident.living_area!r} is missing from the known places")
    memory: SpatialMemory = {}
    for address in resident.known_places:
        world_name, sector, arena = _check_arena(world, resident, address, "known place")
        memory.setdefault(world_name, {}).setdefault(sector, {})[arena] = list(objects[address])
    return memory


def _row_major(tiles: Iterable[Tile]) -> list[Tile]:
    return sorted(tiles, key=lambda tile: (tile[1], tile[0]))


def _home_tiles(world: WorldMap, resident: Resident) -> list[Tile]:
    """Where ``resident`` may start in their home arena, best first."""
    home = resident.living_area
    spawns = [tile for tile in world.spawn_tiles if world.is_walkable(tile)
              and world.address_at(tile).at_level(AddressLevel.ARENA) == home]
    if spawns:
        return _row_major(spawns)
    walkable = [tile for tile in _row_major(world.tiles_of(home)) if world.is_walkable(tile)]
    if not walkable:
        raise ScenarioBuildError(f"{resident.name}: home {home!r} has no walkable tile in the map {world.source_path}")
    free = [tile for tile in walkable if not world.address_at(tile).game_object]
    chosen = free or walkable
    logger.warning("%s: no spawn point in the home %r; starting on the walkable tile %s instead",
                   resident.name, home, chosen[0])
    return chosen


def choose_spawn_tiles(residents: Sequence[Resident], world: WorldMap) -> dict[str, Tile]:
    """A start tile per resident in their home arena; the k-th resident of a shared home gets the
    k-th candidate tile (wrapping round when the home has fewer tiles than residents)."""
    chosen: dict[str, Tile] = {}
    housemates_so_far: dict[str, int] = {}
    for resident in residents:
        _check_arena(world, resident, resident.living_area, "home")
        candidates = _home_tiles(world, resident)
        index = housemates_so_far.get(resident.living_area, 0)
        if index >= len(candidates):
            logger.info("%s shares a start tile: %r has only %d", resident.name, resident.living_area,
                        len(candidates))
        chosen[resident.name] = candidates[index % len(candidates)]
        housemates_so_far[resident.living_area] = index + 1
    return chosen


def persona_for(resident: Resident, spawn_tile: Tile, spatial_memory: SpatialMemory) -> Persona:
    """The persona file's contents for ``resident``."""
    stem = persona_file_stem(resident.name)
    return Persona(
        name=resident.name, first_name=resident.first_name, last_name=resident.last_name, age=resident.age,
        innate=resident.innate, learned=resident.learned, currently=resident.currently,
        lifestyle=resident.lifestyle, daily_plan_req=resident.daily_plan_req,
        living_area=resident.living_area, spawn_tile=spawn_tile, spatial_memory=spatial_memory,
        sprite=f"{CHARACTERS_DIR}/{stem}.png", portrait=f"{PORTRAITS_DIR}/{stem}.png",
    )


def _check_whispers(resident: Resident) -> None:
    for whisper in resident.whispers:
        if ";" in whisper or not whisper.strip():
            raise ScenarioBuildError(f"{resident.name}: a whisper must be non-empty text without ';': {whisper!r}")


def write_history_csv(path: Path, residents: Sequence[Resident]) -> None:
    """``Name,Whisper`` with one row per resident, whispers joined by ``"; "``."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["Name", "Whisper"])
        for resident in residents:
            _check_whispers(resident)
            writer.writerow([resident.name, WHISPER_SEPARATOR.join(resident.whispers)])


@dataclass(frozen=True)
class PreparedScenario:
    """A scenario checked against the map and ready to write."""

    spec: ScenarioSpec
    residents: tuple[Resident, ...]
    personas: tuple[Persona, ...]


def prepare_scenario(world: WorldMap, spec: ScenarioSpec) -> PreparedScenario:
    """Resolve ``spec``'s residents on ``world``; raises ScenarioBuildError before anything is written."""
    residents = spec.resolved_residents()
    objects = _objects_by_arena(world)
    spawn_tiles = choose_spawn_tiles(residents, world)
    personas = tuple(persona_for(r, spawn_tiles[r.name], spatial_memory_for(r, world, objects)) for r in residents)
    for resident in residents:
        _check_whispers(resident)
    return PreparedScenario(spec=spec, residents=residents, personas=personas)


def write_scenario(world_folder: Path, prepared: PreparedScenario) -> Path:
    """Write ``scenarios/<name>/`` in ``world_folder``, replacing that folder and nothing else."""
    spec = prepared.spec
    root = world_folder / SCENARIOS_DIR
    staging = root / f".{spec.name}.building"
    target = root / spec.name
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        for persona in prepared.personas:
            write_persona_json(staging, persona)
        write_history_csv(staging / HISTORY_CSV, prepared.residents)
        write_scenario_json(staging, title=spec.title, start_time=START_TIME, step_seconds=STEP_SECONDS,
                            reflection_threshold=spec.reflection_threshold, residents=list(spec.residents),
                            history_csv=HISTORY_CSV)
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    logger.info("wrote %s (%d residents)", target, len(prepared.personas))
    return target


def build_scenarios(world_folder: Path) -> None:
    """Write the scenarios of :data:`SCENARIOS` into ``world_folder`` from its map.

    All are checked against the map first, so a problem leaves the folder as it was."""
    folder = load_world_folder(Path(world_folder))
    prepared = [prepare_scenario(folder.world_map, spec) for spec in SCENARIOS]
    for scenario in prepared:
        write_scenario(folder.folder, scenario)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.town_builder.build_scenarios",
                                     description="Write the scenarios three, twenty-five and valentines of a "
                                                 "world folder from the residents table.")
    parser.add_argument("world_folder", nargs="?", type=Path, default=DEFAULT_WORLD_FOLDER,
                        help=f"the world folder holding map.tmx (default: {DEFAULT_WORLD_FOLDER})")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        build_scenarios(args.world_folder)
    except (ScenarioBuildError, WorldFormatError) as error:
        logger.error("%s", error)
        return 1
    names = ", ".join(f"{spec.name} ({len(spec.residents)} residents)" for spec in SCENARIOS)
    print(f"wrote scenarios {names} in {args.world_folder / SCENARIOS_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
