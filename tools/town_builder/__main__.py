"""Rebuild the shipped town: ``python -m tools.town_builder [OUTPUT_FOLDER]`` (default
``assets/worlds/smallville``). Writes map.tmx, town_tiles.png and semantics.png; leaves the
folder's scenarios, characters and portraits alone."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tools.town_builder.map_assembly import build_map_files
from tools.town_builder.town_layout import build_town_grid

DEFAULT_OUTPUT = Path(__file__).resolve().parents[2] / "assets" / "worlds" / "smallville"


def build_town(folder: Path) -> Path:
    """Lay out and write the town into ``folder``; returns the map's path."""
    return build_map_files(build_town_grid(), folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.town_builder", description=__doc__)
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT_OUTPUT,
                        help="world folder to write (default: assets/worlds/smallville)")
    arguments = parser.parse_args(argv)
    started_s = time.monotonic()
    map_path = build_town(arguments.output)
    print(f"wrote {map_path} in {time.monotonic() - started_s:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
