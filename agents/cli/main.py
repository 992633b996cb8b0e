"""Entry point of ``smallville-sim``: parses the command line and runs one subcommand.

Subcommands: ``world info``, ``import-original`` (:mod:`agents.cli.world_commands`), ``run``
(:mod:`agents.cli.run_command`), ``saves list|show|fork|delete`` (:mod:`agents.cli.saves_commands`),
``replay ...`` (:mod:`agents.cli.replay_commands`), ``measure SLOT`` (:mod:`agents.cli.measure_command`).

Errors in user input (a broken map, a bad import source, a save slot or recording that cannot be
found or read) print one clear line on stderr and exit with status 2; nothing prints a traceback for
them (a URL in such a line is masked: :func:`agents.llm.url_safety.mask_urls_in_text`). Ctrl-C ends with one line and status 130; output cut short by its reader (``| head``) ends
quietly with status 1.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from agents.cli.measure_command import add_measure_command
from agents.cli.replay_commands import add_replay_commands
from agents.cli.replay_import_command import add_replay_import_command
from agents.cli.run_command import RunStopped, add_run_command
from agents.cli.run_errors import EXIT_INPUT_ERROR, EXIT_INTERRUPTED
from agents.cli.saves_commands import add_saves_commands
from agents.cli.world_commands import add_world_commands
from agents.llm.settings import SettingsError
from agents.llm.url_safety import mask_urls_in_text
from agents.persistence.errors import SaveSlotError
from agents.world.errors import WorldFormatError

__all__ = ["EXIT_INPUT_ERROR", "build_parser", "main"]

EXIT_OUTPUT_CLOSED = 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="smallville-sim", description="Smallville, headless.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    subcommands = parser.add_subparsers(dest="command", required=True)
    add_world_commands(subcommands)
    add_run_command(subcommands)
    add_saves_commands(subcommands)
    add_measure_command(subcommands)
    add_replay_import_command(add_replay_commands(subcommands))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.handler(args))
    except (WorldFormatError, SettingsError, SaveSlotError) as error:
        print(f"smallville-sim: error: {mask_urls_in_text(str(error))}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except RunStopped as stopped:
        print(f"smallville-sim: error: {mask_urls_in_text(str(stopped))}", file=sys.stderr)
        return stopped.exit_code
    except KeyboardInterrupt:
        print("smallville-sim: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # whoever read the output stopped reading (``| head``): nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that flushing stdout at exit does not fail again
        return EXIT_OUTPUT_CLOSED


if __name__ == "__main__":
    sys.exit(main())
