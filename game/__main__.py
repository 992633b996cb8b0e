"""Entry point of ``smallville``: the game window (or, with --screenshot, one frame to a PNG)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from agents.cli.engine_options import add_engine_arguments, engine_settings_for

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

EXIT_INPUT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="smallville", description="Smallville: generative agents in a small town.")
    parser.add_argument("--world", type=Path, default=None,
                        help="start a new town in this world folder (or its map.tmx) at once, without the title screen")
    parser.add_argument("--scenario", default=None,
                        help="start a new town with this scenario at once (default world: our Smallville)")
    parser.add_argument("--screenshot", type=Path, default=None, metavar="FILE",
                        help="render the first frame headless to FILE (PNG) and exit")
    parser.add_argument("--paused", action="store_true", help="start with the clock paused (space resumes)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the simulation's randomness (default 0)")
    add_engine_arguments(parser)
    parser.add_argument("--smoke-test", action="store_true",
                        help="check this installation headless (frames, steps, data folder) and exit")
    return parser


def configure_logging() -> None:
    """Log to smallville.log in the per-user log folder, and warnings to stderr."""
    import logging

    from agents.paths import user_log_dir

    handlers: list[logging.Handler] = []
    stderr_handler = logging.StreamHandler()
    stderr_handler.setLevel(logging.WARNING)
    handlers.append(stderr_handler)
    try:
        folder = user_log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(folder / "smallville.log", encoding="utf-8"))
    except OSError as error:
        print(f"smallville: warning: cannot write the log file ({error})", file=sys.stderr)
    logging.basicConfig(level=logging.INFO, handlers=handlers,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging()
    if args.smoke_test:
        from agents.world.errors import WorldFormatError as _WorldFormatError
        from game.smoke_test import SmokeTestFailure, run_smoke_test

        try:
            print(run_smoke_test().line())
            return 0
        except (SmokeTestFailure, _WorldFormatError) as error:
            print(f"smoke test FAILED: {error}")
            return 1
    if args.screenshot is not None:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from agents.llm.settings import SettingsError
    from agents.world.errors import WorldFormatError
    from game.app import choose_scenario, choose_world, render_screenshot, run_window

    try:
        engine_settings_for(args)  # a broken [simulation] table is refused now, not at the first town
        if args.screenshot is not None:
            world = choose_world(args.world)
            scenario = choose_scenario(world, args.scenario)
            print(f"wrote {render_screenshot(world, scenario, args.screenshot)}")
            return 0
        world, scenario = None, None
        if args.world is not None or args.scenario is not None:  # straight into a town, no title screen
            world = choose_world(args.world)
            scenario = choose_scenario(world, args.scenario)
        return run_window(world, scenario, seed=args.seed, start_paused=args.paused,
                          engine_settings=lambda: engine_settings_for(args))
    except (WorldFormatError, SettingsError) as error:
        print(f"smallville: error: {error}", file=sys.stderr)
        return EXIT_INPUT_ERROR


if __name__ == "__main__":
    sys.exit(main())
