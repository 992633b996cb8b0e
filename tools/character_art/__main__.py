"""Command line: rebuild all character sheets and portraits.

    python -m tools.character_art [WORLD_FOLDER] [--contact-sheet PATH]

WORLD_FOLDER defaults to assets/worlds/smallville; files go to its characters/ and portraits/.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from tools.character_art.build import DEFAULT_WORLD_FOLDER, build_all
from tools.character_art.contact_sheet import render_contact_sheet


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.character_art",
                                     description="Rebuild the residents' walk sheets and portraits.")
    parser.add_argument("world_folder", nargs="?", type=Path, default=DEFAULT_WORLD_FOLDER,
                        help="world folder to write characters/ and portraits/ into")
    parser.add_argument("--contact-sheet", type=Path, default=None,
                        help="also write a review image of all sheets (3x, on grass and on wood)")
    args = parser.parse_args(argv)
    built = build_all(args.world_folder)
    total = sum(path.stat().st_size for path in built.files)
    print(f"wrote {len(built.files)} PNGs ({total} bytes) under {args.world_folder}")
    if args.contact_sheet is not None:
        render_contact_sheet(built.sheets, args.contact_sheet)
        print(f"contact sheet: {args.contact_sheet}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
