"""Entry point of ``smallville``: the game window (or, with --screenshot, one frame to a PNG)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

EXIT_INPUT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="smallville", description="Smallville: generative agents in a small town.")
    parser.add_argument("--world", type=Path, default=None, help="a world folder or its map.tmx (default: our Smallville)")
    parser.add_argument("--scenario", default=None, help="scenario name in the world (default: three)")
    parser.add_argument("--screenshot", type=Path, default=None, metavar="FILE",
                        help="render the first frame headless to FILE (PNG) and exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.screenshot is not None:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from agents.world.errors import WorldFormatError
    from game.app import choose_scenario, choose_world, render_screenshot, run_window

    try:
        world = choose_world(args.world)
        scenario = choose_scenario(world, args.scenario)
        if args.screenshot is not None:
            print(f"wrote {render_screenshot(world, scenario, args.screenshot)}")
            return 0
        return run_window(world, scenario)
    except WorldFormatError as error:
        print(f"smallville: error: {error}", file=sys.stderr)
        return EXIT_INPUT_ERROR


if __name__ == "__main__":
    sys.exit(main())
