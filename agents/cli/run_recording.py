"""What a headless run records, and into which recording (``smallville-sim run``; see issue "time
machine" and :mod:`agents.persistence.recorder`).

Every run is recorded unless ``--no-record``. The recording's name is ``--record NAME`` when given,
else the slot the run saves into (``--save SLOT``, ``--as NEW``), else a new name
``<scenario>-<date>-<time>``. A continued town (``--resume``) goes on in the recording its slot
names (or a branch of it, when that recording went on past the save); a fork (``--fork SLOT --as
NEW``) starts recording NEW as a branch of SLOT's recording at the slot's step. A recording that
exists is replaced only with ``--overwrite``. A recording that fails while the run goes on (a full
disk) is said once on stderr; the run itself goes on.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from agents.cli.run_errors import EXIT_INPUT_ERROR, RunStopped
from agents.cli.run_town import RunPlan, TownSource
from agents.engine.simulation import Simulation
from agents.persistence.errors import SaveSlotError
from agents.persistence.recorder import Recorder
from agents.persistence.recording_store import (
    RecordingLink,
    check_recording_name,
    generated_recording_name,
    recording_path,
)
from agents.persistence.save_format import SaveHeader

log = logging.getLogger(__name__)


def add_recording_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("the recording (every run is recorded, to replay it)")
    group.add_argument("--record", default=None, metavar="NAME",
                       help="the recording's name (default: the slot saved into, else <scenario>-<date>-<time>)")
    group.add_argument("--no-record", action="store_true", help="do not record this run")
    group.add_argument("--recordings-dir", type=Path, default=None, metavar="DIR",
                       help="the recordings folder (default: your per-user recordings folder)")


def check_recording_arguments(args: argparse.Namespace, plan: RunPlan) -> None:
    """Refuse before the run a recording name that is bad, or that exists without --overwrite."""
    if args.no_record:
        if args.record is not None:
            raise RunStopped("--record and --no-record do not go together", EXIT_INPUT_ERROR)
        return
    name = _chosen_name(args, plan)
    if name is None:
        return
    try:
        check_recording_name(name, "--record" if args.record is not None else "recording name")
    except SaveSlotError as error:
        raise RunStopped(str(error), EXIT_INPUT_ERROR) from None
    continues = plan.source is TownSource.RESUME and args.record is None
    if not continues and recording_path(name, args.recordings_dir).exists() and not plan.overwrite:
        raise RunStopped(f"a recording named {name!r} exists already ({recording_path(name, args.recordings_dir)}): "
                         "run again with --overwrite to replace it, --record NAME for another, or --no-record",
                         EXIT_INPUT_ERROR)


def _chosen_name(args: argparse.Namespace, plan: RunPlan) -> str | None:
    if args.record is not None:
        return str(args.record)
    if plan.source is TownSource.RESUME:
        return None  # goes on in the recording its slot names
    return plan.save_slot


def start_recording(args: argparse.Namespace, plan: RunPlan, simulation: Simulation, seed: int | None,
                    source_header: SaveHeader | None) -> Recorder | None:
    """The recorder of this run (None with --no-record); says on stderr where it records."""
    if args.no_record:
        return None
    folder = args.recordings_dir
    try:
        parent_name = source_header.recording if source_header is not None else None
        if plan.source is TownSource.RESUME and args.record is None and parent_name is not None:
            recorder = Recorder.go_on(simulation, parent_name, recordings_dir=folder, seed=seed)
        else:
            name = _chosen_name(args, plan) or generated_recording_name(folder, prefix=simulation.scenario_name)
            parent = (RecordingLink(parent_name, simulation.clock.step_index)
                      if parent_name is not None and recording_path(parent_name, folder).exists() else None)
            recorder = Recorder.start(simulation, name, recordings_dir=folder, seed=seed, parent=parent,
                                      overwrite=plan.overwrite)
    except SaveSlotError as error:  # a RecordingError is one: the run goes on, unrecorded
        print(f"smallville-sim run: note: this run is not recorded: {error}", file=sys.stderr)
        return None
    print(f"smallville-sim run: recording into {recorder.name!r} ({recorder.path})", file=sys.stderr)
    return recorder


def finish_recording(recorder: Recorder | None, simulation: Simulation, between_steps: bool) -> None:
    """Close the recording (with a keyframe at the end when the town is between steps)."""
    if recorder is None:
        return
    try:
        recorder.close(simulation if between_steps else None)
    except SaveSlotError as error:
        print(f"smallville-sim run: note: the recording could not be finished: {error}", file=sys.stderr)
        return
    if recorder.failure is not None:
        print(f"smallville-sim run: note: the recording stopped early: {recorder.failure}", file=sys.stderr)
