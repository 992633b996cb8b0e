"""What a town refuses of a scenario on a world: a resident who would start outside the map.

Everything else a scenario may get wrong about its world (a home without tiles, a spawn tile on a
wall, places that are not on the map) is reported by ``world info`` and lived with by the town; a
resident outside the map has no address and no path, so :func:`check_scenario_fits` refuses it
before a town is built, naming the persona file and its field.
"""

from __future__ import annotations

from agents.world.errors import WorldFormatError
from agents.world.scenario import PERSONAS_DIR, Persona, Scenario, persona_file_stem
from agents.world.world_map import WorldMap


def spawn_outside_problem(world: WorldMap, persona: Persona) -> str | None:
    """Why ``persona`` cannot start on ``world`` (their spawn tile is outside the map), or None."""
    if world.in_bounds(persona.spawn_tile):
        return None
    return (f"spawn tile {persona.spawn_tile} is outside the map "
            f"({world.width_tiles} x {world.height_tiles} tiles)")


def check_scenario_fits(world: WorldMap, scenario: Scenario) -> None:
    """A WorldFormatError naming the persona file and field of the first resident who cannot start."""
    for persona in scenario.personas:
        problem = spawn_outside_problem(world, persona)
        if problem is not None:
            raise WorldFormatError(scenario.folder / PERSONAS_DIR / f"{persona_file_stem(persona.name)}.json",
                                   problem, where="field spawn_tile",
                                   hint=f"choose a tile with x from 0 to {world.width_tiles - 1} and y from 0 to "
                                        f"{world.height_tiles - 1}, e.g. a spawn tile of the map")
