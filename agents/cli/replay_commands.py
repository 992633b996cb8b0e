"""``smallville-sim replay list`` and ``smallville-sim replay export NAME --from T --to T --out FILE.json``.

``list`` prints the recordings of the recordings folder: world, scenario, steps, the game time they
span, size on disk and, for a fork, the recording and step it branched from. ``export`` writes a
window of a recording as JSON for analysis::

    {"world": ..., "scenario": ..., "step_seconds": ...,
     "steps": [{"step": N, "time": ISO, "residents": {NAME: {"tile": [x, y], "action": TEXT, "emoji": TEXT,
                                                             "place": ADDRESS, "chat": [[SPEAKER, LINE], ...] or null}}}]}

with every resident in every step from ``--from`` to ``--to`` (both included). ``T`` is a step number
or a game time (``2023-02-13T09:00``, ``2023-02-13 09:00``, ``09:00`` on the recording's first day,
``Tue 09:00``; see :mod:`agents.views.game_time_query`). A bad name, time or range is a
:class:`~agents.persistence.recording_store.RecordingError` naming the argument, which
:func:`agents.cli.main.main` prints as one line (exit status 2).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from agents.atomic_write import write_text_atomically
from agents.paths import user_recordings_dir
from agents.persistence.recording_reader import RecordingReader
from agents.persistence.recording_store import (
    RecordingEntry,
    RecordingError,
    check_recording_name,
    list_recordings,
    recording_path,
)
from agents.views.game_time_query import ACCEPTED, GameTimeQueryError, parse_game_moment


def add_replay_commands(subcommands: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """Add ``replay list`` and ``replay export``; returns the ``replay`` subcommands (for more)."""
    replay = subcommands.add_parser("replay", help="recordings of runs: list them, export a window of one as JSON")
    actions = replay.add_subparsers(dest="replay_command", required=True, metavar="{list,export,...}")
    listing = actions.add_parser("list", help="list the recordings")
    listing.add_argument("--recordings-dir", type=Path, default=None, metavar="DIR",
                         help="the recordings folder (default: your per-user recordings folder)")
    listing.set_defaults(handler=run_replay_list)
    export = actions.add_parser("export", help="write the steps of a recording from one time to another as JSON")
    export.add_argument("name", metavar="NAME", help="the recording (see: smallville-sim replay list)")
    export.add_argument("--from", dest="start", required=True, metavar="T",
                        help=f"the first step to write: {ACCEPTED} (a time alone is on the recording's first day)")
    export.add_argument("--to", dest="end", required=True, metavar="T", help="the last step to write (included)")
    export.add_argument("--out", type=Path, required=True, metavar="FILE.json", help="the JSON file to write")
    export.add_argument("--recordings-dir", type=Path, default=None, metavar="DIR",
                        help="the recordings folder (default: your per-user recordings folder)")
    export.set_defaults(handler=run_replay_export)
    return actions


# -- list ---------------------------------------------------------------------------------------------


def run_replay_list(args: argparse.Namespace) -> int:
    folder = args.recordings_dir or user_recordings_dir()
    listing = list_recordings(folder)
    for line in listing_lines(listing.recordings):
        print(line)
    if not listing.recordings:
        print(f"no recordings in {folder}")
    for problem in listing.problems:
        print(f"smallville-sim replay list: skipped {problem.path}: {problem.reason}", file=sys.stderr)
    return 0


def listing_lines(entries: Sequence[RecordingEntry]) -> list[str]:
    """One line per recording (see the module docstring)."""
    lines = []
    for entry in entries:
        meta = entry.meta
        first_time = meta.clock_start + timedelta(seconds=meta.first_step * meta.step_seconds)
        last_time = meta.clock_start + timedelta(seconds=entry.last_step * meta.step_seconds)
        steps = entry.last_step - meta.first_step + 1
        parent = f", forked from {meta.parent.name} at step {meta.parent.step}" if meta.parent else ""
        kind = "" if meta.has_minds else ", imported (no minds)"
        lines.append(f"{entry.name}: {meta.world} / {meta.scenario}, {len(meta.residents)} residents, steps "
                     f"{meta.first_step}-{entry.last_step} ({steps} steps of {meta.step_seconds} s), "
                     f"{first_time:%a %Y-%m-%d %H:%M} to {last_time:%a %Y-%m-%d %H:%M}, "
                     f"{entry.size_bytes / 1e6:.1f} MB{parent}{kind}")
    return lines


# -- export -------------------------------------------------------------------------------------------


def run_replay_export(args: argparse.Namespace) -> int:
    name = check_recording_name(args.name, "NAME")
    path = recording_path(name, args.recordings_dir)
    if not path.exists():
        raise RecordingError(f"NAME {name!r}", f"there is no recording named {name!r} in {path.parent}",
                             "list them with: smallville-sim replay list")
    with RecordingReader.open(path) as reader:
        first = moment_step(reader, args.start, "--from")
        last = moment_step(reader, args.end, "--to")
        if last < first:
            raise RecordingError(f"--to {args.end!r}", f"step {last} comes before --from (step {first})",
                                 "give a --to at or after --from")
        document = export_document(reader, first, last)
    write_text_atomically(args.out, json.dumps(document, ensure_ascii=False) + "\n")
    print(f"wrote steps {first} to {last} ({last - first + 1} steps) of {name} to {args.out}", file=sys.stderr)
    return 0


def moment_step(reader: RecordingReader, text: str, argument: str) -> int:
    """The step ``text`` names in ``reader``'s recording (a RecordingError naming ``argument`` when it
    cannot be read or is not recorded)."""
    first_day = reader.time_of(reader.first_step).date()
    try:
        moment = parse_game_moment(text, first_day=first_day, today=first_day)
    except GameTimeQueryError as error:
        raise RecordingError(f"{argument} {text!r}", str(error), f"type {ACCEPTED}") from None
    step = moment.step if moment.step is not None else reader.step_at(moment.time)  # type: ignore[arg-type]
    if not reader.contains(step):
        first, last = reader.first_step, reader.last_step
        raise RecordingError(f"{argument} {text!r}", f"step {step} is not in recording {reader.name!r}, which holds "
                                                     f"steps {first} to {last} ({reader.time_of(first):%Y-%m-%d %H:%M:%S}"
                                                     f" to {reader.time_of(last):%Y-%m-%d %H:%M:%S})",
                             "pick a step or time in that range")
    return step


def export_document(reader: RecordingReader, first: int, last: int) -> dict[str, object]:
    """The export's JSON value for steps ``first`` to ``last`` (see the module docstring)."""
    steps = []
    for step in range(first, last + 1):
        frame = reader.frame(step)
        steps.append({"step": step, "time": frame.now.isoformat(), "residents": {
            r.name: {"tile": [r.tile[0], r.tile[1]], "action": r.activity, "emoji": r.emoji, "place": r.address,
                     "chat": [[speaker, line] for speaker, line in r.chat] if r.chat else None}
            for r in frame.residents}})
    meta = reader.meta
    return {"world": meta.world, "scenario": meta.scenario, "step_seconds": meta.step_seconds, "steps": steps}
