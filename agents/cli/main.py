"""Entry point of ``smallville-sim``: parses the command line and runs one subcommand.

Errors in user input (a broken map, a bad import source) print one clear line on stderr and exit
with status 2; nothing prints a traceback for them.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from agents.cli.run_command import RunStopped, add_run_command
from agents.cli.world_commands import add_world_commands
from agents.llm.settings import SettingsError
from agents.world.errors import WorldFormatError

EXIT_INPUT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="smallville-sim", description="Smallville, headless.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    subcommands = parser.add_subparsers(dest="command", required=True)
    add_world_commands(subcommands)
    add_run_command(subcommands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.handler(args))
    except (WorldFormatError, SettingsError) as error:
        print(f"smallville-sim: error: {error}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except RunStopped as stopped:
        print(f"smallville-sim: error: {stopped}", file=sys.stderr)
        return stopped.exit_code


if __name__ == "__main__":
    sys.exit(main())
