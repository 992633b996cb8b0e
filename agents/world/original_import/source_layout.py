"""Where the original town's files are inside an import source.

Two layouts are understood: a checkout of the original ``generative_agents`` repository, and a
folder laid out like ``shared/smallville-original`` (map/, matrix/, characters/, history/,
base_sims/).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agents.world.errors import WorldFormatError

BASE_SIMULATIONS = {"three": "base_the_ville_isabella_maria_klaus", "twenty-five": "base_the_ville_n25"}
HISTORY_FILES = {"three": "agent_history_init_n3.csv", "twenty-five": "agent_history_init_n25.csv"}

_REPO_ASSETS = Path("environment/frontend_server/static_dirs/assets")
_REPO_STORAGE = Path("environment/frontend_server/storage")


@dataclass(frozen=True)
class OriginalSource:
    """Paths of the original town's files inside one import source."""

    root: Path
    map_tmx: Path
    maze_dir: Path
    blocks_dir: Path
    meta_json: Path
    characters_dir: Path
    portraits_dir: Path
    base_simulations: dict[str, Path]
    history_csvs: dict[str, Path]


def _flat_layout(root: Path) -> OriginalSource:
    return OriginalSource(
        root=root, map_tmx=root / "map" / "the_ville.tmx", maze_dir=root / "matrix" / "maze",
        blocks_dir=root / "matrix" / "special_blocks", meta_json=root / "matrix" / "maze_meta_info.json",
        characters_dir=root / "characters", portraits_dir=root / "characters" / "profile",
        base_simulations={key: root / "base_sims" / name for key, name in BASE_SIMULATIONS.items()},
        history_csvs={key: root / "history" / name for key, name in HISTORY_FILES.items()},
    )


def _repository_layout(root: Path) -> OriginalSource:
    ville = root / _REPO_ASSETS / "the_ville"
    return OriginalSource(
        root=root, map_tmx=ville / "visuals" / "the_ville.tmx", maze_dir=ville / "matrix" / "maze",
        blocks_dir=ville / "matrix" / "special_blocks", meta_json=ville / "matrix" / "maze_meta_info.json",
        characters_dir=root / _REPO_ASSETS / "characters",
        portraits_dir=root / _REPO_ASSETS / "characters" / "profile",
        base_simulations={key: root / _REPO_STORAGE / name for key, name in BASE_SIMULATIONS.items()},
        history_csvs={key: ville / name for key, name in HISTORY_FILES.items()},
    )


def locate_original_source(root: Path) -> OriginalSource:
    """Find the original town's files under ``root``; a clear error when neither layout fits."""
    root = Path(root)
    if not root.is_dir():
        raise WorldFormatError(root, "import source folder not found",
                               hint="pass a checkout of joonspk-research/generative_agents")
    for layout in (_repository_layout(root), _flat_layout(root)):
        if layout.map_tmx.is_file() or layout.maze_dir.is_dir():
            missing = [path for path in (layout.map_tmx, layout.maze_dir, layout.blocks_dir, layout.meta_json,
                                         layout.characters_dir, *layout.base_simulations.values())
                       if not path.exists()]
            if missing:
                raise WorldFormatError(missing[0], "missing from the import source",
                                       hint=f"{len(missing)} expected file(s) or folder(s) are absent")
            return layout
    raise WorldFormatError(root, "neither a generative_agents checkout nor a smallville-original folder",
                           hint=f"expected {_REPO_ASSETS / 'the_ville'} or map/ and matrix/ inside it")
