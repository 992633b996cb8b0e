"""A world folder on disk: its map, scenarios, character sheets and portraits.

``load_world_folder(path)`` accepts the folder or the ``map.tmx`` inside it. Worlds are found in
the shipped assets and in the user's worlds folder (where ``import-original`` writes).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agents.paths import shipped_worlds_dir, user_worlds_dir
from agents.world import map_format
from agents.world.errors import WorldFormatError
from agents.world.scenario import SCENARIO_FILE_NAME, Scenario, load_scenario, persona_file_stem
from agents.world.tmx_loader import load_world_map
from agents.world.world_map import WorldMap


@dataclass(frozen=True)
class WorldFolder:
    """A loaded world folder: the map plus where its other files are."""

    folder: Path
    world_map: WorldMap

    @property
    def map_path(self) -> Path:
        return self.world_map.source_path

    def scenario_names(self) -> tuple[str, ...]:
        root = self.folder / map_format.SCENARIOS_DIR
        if not root.is_dir():
            return ()
        return tuple(sorted(p.name for p in root.iterdir() if (p / SCENARIO_FILE_NAME).is_file()))

    def load_scenario(self, name: str) -> Scenario:
        folder = self.folder / map_format.SCENARIOS_DIR / name
        if not (folder / SCENARIO_FILE_NAME).is_file():
            known = ", ".join(self.scenario_names()) or "none"
            raise WorldFormatError(folder / SCENARIO_FILE_NAME, f"no scenario named {name!r}",
                                   hint=f"scenarios in this world: {known}")
        return load_scenario(folder)

    def sprite_path(self, resident_name: str) -> Path:
        return self.folder / map_format.CHARACTERS_DIR / f"{persona_file_stem(resident_name)}.png"

    def portrait_path(self, resident_name: str) -> Path:
        return self.folder / map_format.PORTRAITS_DIR / f"{persona_file_stem(resident_name)}.png"


def resolve_map_path(path: Path) -> tuple[Path, Path]:
    """(world folder, map file) for a path naming either of them."""
    path = Path(path)
    if path.is_dir():
        map_path = path / map_format.MAP_FILE_NAME
        if not map_path.is_file():
            candidates = sorted(path.glob("*.tmx"))
            if len(candidates) != 1:
                raise WorldFormatError(map_path, "map file not found",
                                       hint="a world folder holds map.tmx (see docs/maps.md)")
            map_path = candidates[0]
        return path, map_path
    return path.parent, path


def load_world_folder(path: Path) -> WorldFolder:
    """Load the world at ``path`` (a world folder or its .tmx file)."""
    folder, map_path = resolve_map_path(path)
    return WorldFolder(folder=folder, world_map=load_world_map(map_path))


def find_world_folders() -> list[Path]:
    """World folders the game can offer: shipped ones first, then the user's imported ones."""
    found: list[Path] = []
    for root in (shipped_worlds_dir(), user_worlds_dir()):
        if root.is_dir():
            found.extend(sorted(p for p in root.iterdir() if (p / map_format.MAP_FILE_NAME).is_file()))
    return found
