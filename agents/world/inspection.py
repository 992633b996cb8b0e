"""A world's vital figures and the problems found in it: the report behind
``smallville-sim world info``.

Problems are sentences a map maker can act on: arenas no one can walk into or reach, tiles that
belong to no full address, scenario addresses that no tile carries, spawn tiles on walls or outside
the map, tileset images and character sheets that are missing or damaged. Everything ``run`` and the
window refuse is among them, so "problems: none" means the world loads.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from agents.world.art_check import character_sheet_problem, map_image_problems
from agents.world.errors import WorldFormatError
from agents.world.scenario import Scenario, spatial_memory_addresses
from agents.world.scenario_fit import spawn_outside_problem
from agents.world.world_folder import WorldFolder
from agents.world.world_map import WorldMap


@dataclass(frozen=True)
class ScenarioSummary:
    name: str
    residents: int
    unresolved_addresses: int


@dataclass(frozen=True)
class WorldReport:
    """Figures of one world and the problems found in it."""

    world_name: str
    map_path: str
    width_tiles: int
    height_tiles: int
    tile_size_px: int
    sectors: int
    arenas: int
    game_object_addresses: int
    game_object_kinds: int
    collision_tiles: int
    spawn_tiles: int
    walkable_regions: int
    scenarios: tuple[ScenarioSummary, ...] = ()
    problems: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    def to_text(self) -> str:
        lines = [
            f"world            {self.world_name}  ({self.map_path})",
            f"size             {self.width_tiles} x {self.height_tiles} tiles of {self.tile_size_px} px",
            f"sectors          {self.sectors}",
            f"arenas           {self.arenas} (distinct sector:arena pairs)",
            f"game objects     {self.game_object_addresses} full addresses, {self.game_object_kinds} kinds",
            f"collision tiles  {self.collision_tiles}",
            f"spawn tiles      {self.spawn_tiles}",
            f"walkable regions {self.walkable_regions}",
        ]
        for scenario in self.scenarios:
            lines.append(f"scenario         {scenario.name}: {scenario.residents} residents, "
                         f"{scenario.unresolved_addresses} unresolved addresses")
        if self.problems:
            lines.append(f"problems         {len(self.problems)}")
            lines.extend(f"  - {problem}" for problem in self.problems)
        else:
            lines.append("problems         none")
        return "\n".join(lines)


def _arena_problems(world: WorldMap) -> list[str]:
    labels = world.path_grid.component_labels()
    width = world.width_tiles
    arena_regions: dict[str, set[int]] = {}
    problems: list[str] = []
    for arena in world.arenas():
        regions = {labels[y * width + x] for x, y in world.tiles_of(arena)} - {-1}
        if not regions:
            problems.append(f"arena {arena!r} has no walkable tile")
        arena_regions[arena] = regions
    counts = Counter(region for regions in arena_regions.values() for region in regions)
    if counts:
        main_region = counts.most_common(1)[0][0]
        for arena, regions in arena_regions.items():
            if regions and main_region not in regions:
                problems.append(f"arena {arena!r} cannot be reached from the rest of the town")
    return problems


def _scenario_problems(world: WorldMap, scenario: Scenario, folder: WorldFolder) -> tuple[list[str], int]:
    problems: list[str] = []
    unresolved = 0
    labels = world.path_grid.component_labels()
    for persona in scenario.personas:
        where = f"scenario {scenario.name!r}, {persona.name}"
        outside = spawn_outside_problem(world, persona)
        if outside is not None:
            problems.append(f"{where}: {outside} (a run refuses it)")
        elif not world.is_walkable(persona.spawn_tile):
            problems.append(f"{where}: spawn tile {persona.spawn_tile} is a collision tile")
        if not world.has_address(persona.living_area):
            problems.append(f"{where}: home {persona.living_area!r} has no tiles")
            unresolved += 1
        elif world.in_bounds(persona.spawn_tile):
            x, y = persona.spawn_tile
            start_region = labels[y * world.width_tiles + x]
            home_regions = {labels[hy * world.width_tiles + hx] for hx, hy in world.tiles_of(persona.living_area)}
            if start_region == -1 or start_region not in home_regions:
                problems.append(f"{where}: home {persona.living_area!r} cannot be reached from the spawn tile")
        for address in spatial_memory_addresses(persona.spatial_memory):
            if not world.has_address(address):
                problems.append(f"{where}: known place {address!r} has no tiles")
                unresolved += 1
        sheet = folder.sprite_path(persona.name)
        sheet_problem = character_sheet_problem(sheet)
        if sheet_problem is not None:
            problems.append(f"{where}: the character sheet {sheet} {sheet_problem} (a plain figure is drawn instead)")
    return problems, unresolved


def inspect_world(folder: WorldFolder) -> WorldReport:
    """Measure ``folder``'s world and list its problems (scenarios included)."""
    world = folder.world_map
    problems = _arena_problems(world)
    for label, tiles in world.orphan_tiles().items():
        problems.append(f"{len(tiles)} tiles with an {label}, first at {tiles[0]}")
    problems.extend(f"tileset image {image} {problem} (the window cannot draw the map)"
                    for image, problem in map_image_problems(world.source_path))
    blocked_spawns = [tile for tile in world.spawn_tiles if not world.is_walkable(tile)]
    if blocked_spawns:
        problems.append(f"{len(blocked_spawns)} spawn tiles are collision tiles, first at {blocked_spawns[0]}")
    summaries: list[ScenarioSummary] = []
    for name in folder.scenario_names():
        try:
            scenario = folder.load_scenario(name)
        except WorldFormatError as error:
            problems.append(f"scenario {name!r} does not load: {error}")
            continue
        found, unresolved = _scenario_problems(world, scenario, folder)
        problems.extend(found)
        summaries.append(ScenarioSummary(name=name, residents=len(scenario.personas), unresolved_addresses=unresolved))
    regions = max(world.path_grid.component_labels(), default=-1) + 1
    return WorldReport(
        world_name=world.name, map_path=str(world.source_path), width_tiles=world.width_tiles,
        height_tiles=world.height_tiles, tile_size_px=world.tile_size_px, sectors=len(world.sectors()),
        arenas=len(world.arenas()), game_object_addresses=len(world.game_object_addresses()),
        game_object_kinds=len(world.game_object_kinds()), collision_tiles=world.collision_tile_count,
        spawn_tiles=len(world.spawn_tiles), walkable_regions=regions, scenarios=tuple(summaries),
        problems=tuple(problems),
    )

