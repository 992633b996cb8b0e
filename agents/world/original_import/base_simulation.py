"""Residents of the original's base simulations (``storage/base_the_ville_*``): identity from
each ``bootstrap_memory/scratch.json``, known places from ``spatial_memory.json``, spawn tiles
from ``environment/0.json`` and the start time from ``reverie/meta.json``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from agents.world.errors import WorldFormatError
from agents.world.map_format import CHARACTERS_DIR, PORTRAITS_DIR
from agents.world.safe_paths import check_resident_name
from agents.world.scenario import Persona, persona_file_stem, read_json_file, spatial_memory_addresses
from agents.world.world_map import WorldMap

ORIGINAL_TIME_FORMAT = "%B %d, %Y, %H:%M:%S"


@dataclass(frozen=True)
class BaseSimulation:
    start_time: datetime
    step_seconds: int
    reflection_threshold: int
    personas: tuple[Persona, ...]
    dropped_places: tuple[str, ...]


def _field(data: dict[str, Any], key: str, path: Path, kind: type) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
        raise WorldFormatError(path, f"missing or not a {kind.__name__}: {value!r}", where=f"field {key}")
    return value


def _optional_text(data: dict[str, Any], key: str, path: Path) -> str:
    value = data.get(key) or ""
    if not isinstance(value, str):
        raise WorldFormatError(path, f"must be text, got {value!r}", where=f"field {key}")
    return value


def read_base_simulation(folder: Path, world: WorldMap) -> BaseSimulation:
    """Read one base simulation and check every persona against ``world``."""
    meta_path = folder / "reverie" / "meta.json"
    meta = read_json_file(meta_path)
    try:
        start_time = datetime.strptime(str(meta["curr_time"]), ORIGINAL_TIME_FORMAT)
    except (KeyError, ValueError) as error:
        raise WorldFormatError(meta_path, f"curr_time is not like 'February 13, 2023, 00:00:00' ({error})",
                               where="field curr_time") from error
    step_seconds = _field(meta, "sec_per_step", meta_path, int)
    names = _field(meta, "persona_names", meta_path, list)
    env_path = folder / "environment" / "0.json"
    environment = read_json_file(env_path)

    personas: list[Persona] = []
    thresholds: list[int] = []
    dropped: list[str] = []
    for index, raw_name in enumerate(names):
        if not isinstance(raw_name, str):
            raise WorldFormatError(meta_path, f"a resident's name must be text, got {raw_name!r:.40}",
                                   where=f"field persona_names, entry {index + 1}")
        name = check_resident_name(raw_name, meta_path, f"field persona_names, entry {index + 1}")
        memory = folder / "personas" / name / "bootstrap_memory"
        scratch_path = memory / "scratch.json"
        scratch = read_json_file(scratch_path)
        position = environment.get(name) if isinstance(environment, dict) else None
        if not isinstance(position, dict) or not isinstance(position.get("x"), int) or not isinstance(position.get("y"), int):
            raise WorldFormatError(env_path, f"no x, y for {name}", where=f"field {name!r}")
        spawn = (position["x"], position["y"])
        if not world.is_walkable(spawn):
            raise WorldFormatError(env_path, f"{name}'s start tile {spawn} is outside the map or a collision tile",
                                   where=f"field {name!r}")
        home = _field(scratch, "living_area", scratch_path, str).strip()
        if not world.has_address(home):
            raise WorldFormatError(scratch_path, f"home address {home!r} has no tiles in the map",
                                   where="field living_area", hint="fix the address or the map's arena blocks")
        spatial_path = memory / "spatial_memory.json"
        spatial = read_json_file(spatial_path)
        known, lost = _resolvable_spatial_memory(spatial, world, spatial_path)
        dropped.extend(f"{name}: {address}" for address in lost)
        thresholds.append(int(scratch.get("importance_trigger_max", 150)))
        stem = persona_file_stem(name)
        personas.append(Persona(
            name=name, first_name=_field(scratch, "first_name", scratch_path, str).strip(),
            last_name=_field(scratch, "last_name", scratch_path, str).strip(),
            age=_field(scratch, "age", scratch_path, int), innate=_field(scratch, "innate", scratch_path, str),
            learned=_field(scratch, "learned", scratch_path, str), currently=_field(scratch, "currently", scratch_path, str),
            lifestyle=_field(scratch, "lifestyle", scratch_path, str),
            daily_plan_req=_optional_text(scratch, "daily_plan_req", scratch_path), living_area=home,
            spawn_tile=spawn, spatial_memory=known,
            sprite=f"{CHARACTERS_DIR}/{stem}.png", portrait=f"{PORTRAITS_DIR}/{stem}.png",
        ))
    threshold = max(set(thresholds), key=thresholds.count) if thresholds else 150
    return BaseSimulation(start_time=start_time, step_seconds=step_seconds, reflection_threshold=threshold,
                          personas=tuple(personas), dropped_places=tuple(dropped))


def _resolvable_spatial_memory(spatial: Any, world: WorldMap, path: Path) -> tuple[dict, list[str]]:
    """The spatial memory restricted to places the map has, and the addresses left out."""
    if not isinstance(spatial, dict):
        raise WorldFormatError(path, "must hold {world: {sector: {arena: [objects]}}}")
    kept: dict[str, dict[str, dict[str, list[str]]]] = {}
    lost: list[str] = []
    for world_name, sectors in spatial.items():
        for sector, arenas in (sectors or {}).items():
            sector_address = f"{world_name}:{sector.strip()}"
            if not world.has_address(sector_address):
                lost.append(sector_address)
                continue
            for arena, objects in (arenas or {}).items():
                arena_address = f"{sector_address}:{arena.strip()}"
                if not world.has_address(arena_address):
                    lost.append(arena_address)
                    continue
                kept_objects = []
                for obj in objects or []:
                    if world.has_address(f"{arena_address}:{obj.strip()}"):
                        kept_objects.append(obj.strip())
                    else:
                        lost.append(f"{arena_address}:{obj.strip()}")
                kept.setdefault(world_name, {}).setdefault(sector.strip(), {})[arena.strip()] = kept_objects
    assert all(world.has_address(a) for a in spatial_memory_addresses(kept))
    return kept, lost
