"""``smallville-sim replay import PATH [--as NAME]``: a run of the original Generative Agents
(``storage/<sim>/`` or ``compressed_storage/<sim>/``) made into a recording the replay scene plays.

It prints what it imported (steps, times, residents, the world and whose character sheets), the
steps the source did not hold, and on stderr each thing it skipped, naming the file. A source it
cannot import, a bad name or an existing recording (without ``--overwrite``) is one line on stderr
and exit status 2 (raised to :func:`agents.cli.main.main`, which prints it); the import itself is in
:mod:`agents.persistence.original_run_import`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

from agents.cli.wording import count_of
from agents.persistence.original_run_import import RunImport, import_original_run

MAX_WARNINGS_SHOWN = 20


def add_replay_import_command(replay_subparsers: argparse._SubParsersAction) -> None:
    """Add ``import`` to the ``replay`` subcommands."""
    parser = replay_subparsers.add_parser(
        "import", help="make a run of the original Generative Agents into a recording to replay",
        description="Convert a storage/<sim>/ folder (reverie/meta.json, movement/<step>.json) or a "
                    "compressed_storage/<sim>/ folder (meta.json, master_movement.json) of the original into "
                    "a recording. It plays in the original town with the original's characters when that town "
                    "has been imported (smallville-sim import-original), else in ours.")
    parser.add_argument("path", type=Path, metavar="PATH", help="the run's folder")
    parser.add_argument("--as", dest="name", metavar="NAME", default=None,
                        help="the recording's name (default: the folder's name)")
    parser.add_argument("--world", type=Path, default=None, metavar="WORLD",
                        help="the world folder to replay it in (default: the imported original town, else ours)")
    parser.add_argument("--overwrite", action="store_true", help="replace a recording of that name")
    parser.add_argument("--recordings-dir", type=Path, default=None, metavar="DIR",
                        help="the recordings folder (default: your per-user recordings folder)")
    parser.set_defaults(handler=run_replay_import)


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{count_of(hours, 'h', 'h')} {count_of(minutes, 'min', 'min')}"
    return count_of(hours, "h", "h") if hours else count_of(minutes, "min", "min")


def describe_import(result: RunImport) -> list[str]:
    """The lines ``replay import`` prints on stdout."""
    run, meta = result.run, result.run.meta
    first, last = run.frames[0].time, run.frames[-1].time
    names = ", ".join(run.resident_names)
    world = result.world
    sheets = "the original's characters" if world.original else "our characters"
    lines = [
        f"imported {run.folder} ({meta.layout.replace('_', ' ')} layout) as recording {result.name!r}",
        (f"  steps {run.first_step} to {run.last_step} ({count_of(len(run.frames), 'step')} read), "
         f"{first:%a %Y-%m-%d %H:%M:%S} to {last:%a %Y-%m-%d %H:%M:%S}, "
         f"{count_of(meta.step_seconds, 'second')} a step"),
        f"  {count_of(len(run.resident_names), 'resident')}: {names}",
        (f"  world: {world.folder.world_map.name} ({world.folder.folder}), scenario "
         f"{world.scenario or '(none)'}, drawn with {sheets}"),
    ]
    for gap in run.gaps:
        span = _duration(gap.steps * meta.step_seconds)
        start = meta.time_of(gap.first)
        end = meta.time_of(gap.last) + timedelta(seconds=meta.step_seconds)
        lines.append(f"  gap: steps {gap.first} to {gap.last} ({count_of(gap.steps, 'step')}, {span}, "
                     f"{start:%a %H:%M:%S} to {end:%a %H:%M:%S}) are not in the source; the replay shows the last "
                     "known frame through them")
    lines.append(f"  file: {result.path}")
    return lines


def run_replay_import(args: argparse.Namespace) -> int:
    result = import_original_run(args.path, args.name, world=args.world, recordings_dir=args.recordings_dir,
                                 overwrite=args.overwrite)
    for line in describe_import(result):
        print(line)
    warnings = result.warnings
    for warning in warnings[:MAX_WARNINGS_SHOWN]:
        print(f"smallville-sim: warning: {warning}", file=sys.stderr)
    if len(warnings) > MAX_WARNINGS_SHOWN:
        print(f"smallville-sim: warning: ... and {count_of(len(warnings) - MAX_WARNINGS_SHOWN, 'more warning')} "
              "(smallville-sim -v shows them all in the log)", file=sys.stderr)
    if warnings:
        print(f"  {count_of(len(warnings), 'warning')} (on stderr): what they name was skipped")
    return 0
