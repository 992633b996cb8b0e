"""``smallville-sim measure SLOT``: the paper's measures of a saved town, by interview and by trace.

Loads the save slot (not changed, and not written back), interviews every resident with the
knowledge battery (two model calls per resident: :mod:`agents.research.interview_battery`), prints
the figures beside the paper's (:mod:`agents.research.measures_report`) and, with ``--out FILE.json``,
writes every figure and every answer. The model is the offline one unless ``--model`` names a server.
Coordination (who was invited to the party, who came: :mod:`agents.research.coordination`) is read
from the town's memories and the recording the slot names, when it holds the party window; with
``--pictures DIR`` the run's pictures (:mod:`agents.research.pictures`) are written there as PNG and
SVG, and their paths printed.
Exit codes: 0 done; 2 bad input (a slot that cannot be loaded, a bad ``--model``).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from agents.atomic_write import write_text_atomically
from agents.cli.model_choice import ModelChoiceError, model_choice_for, settings_for_command_line
from agents.cli.run_errors import EXIT_INPUT_ERROR, RunStopped
from agents.engine.mind_services_factory import services_for_stack
from agents.engine.simulation import Simulation
from agents.llm.settings import load_settings
from agents.llm.stack import build_model_stack
from agents.paths import user_folders, user_saves_dir
from agents.persistence.recording_reader import RecordingReader
from agents.persistence.recording_store import RecordingError, recording_path
from agents.persistence.save_slots import LoadedSlot, load_slot

log = logging.getLogger(__name__)

DEFAULT_WORKERS = 4


if TYPE_CHECKING:
    from agents.research.coordination import Coordination

def add_measure_command(subcommands: argparse._SubParsersAction) -> None:
    measure = subcommands.add_parser("measure", help="the paper's measures of a saved town (interviews and traces)",
                                     description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    measure.add_argument("slot", help="the save slot (or a save file) to measure")
    measure.add_argument("--saves-dir", type=Path, default=None, metavar="DIR",
                         help="the saves folder (default: your per-user saves folder)")
    measure.add_argument("--out", type=Path, default=None, metavar="FILE.json",
                         help="write every figure and answer to this JSON file")
    measure.add_argument("--pictures", type=Path, default=None, metavar="DIR",
                         help="write the run's pictures (diffusion, networks, who told whom, attendance) into DIR")
    measure.add_argument("--recordings-dir", type=Path, default=None, metavar="DIR",
                         help="where the slot's recording is (default: your per-user recordings folder)")
    measure.add_argument("--model", default="offline",
                         help="'offline' (the default), or the base URL of an OpenAI-compatible server")
    measure.add_argument("--model-name", default="", help="model id at --model URL (default: the server's first)")
    measure.add_argument("--api-key-env", default=None, help="environment variable holding the API key for --model URL")
    measure.add_argument("--workers", type=int, default=DEFAULT_WORKERS,
                         help=f"residents interviewed at once (default: {DEFAULT_WORKERS})")
    measure.set_defaults(handler=run_measure)


def _check_embedder(simulation: Simulation, slot: str, dimension: int) -> None:
    """Refuse (exit 2) a town whose memories were embedded with vectors of another length: the
    interview's retrieval could not compare them with its questions."""
    for name, resident in simulation.residents.items():
        if resident.memory.embedding_dimension != dimension:
            raise RunStopped(f"slot {slot!r}: {name}'s memories were embedded with "
                             f"{resident.memory.embedding_dimension}-dimensional vectors, but this embedder makes "
                             f"{dimension}; measure it with the embedder it was saved with (settings [model] embedder)",
                             EXIT_INPUT_ERROR)


def run_measure(args: argparse.Namespace) -> int:
    # the research rooms (networkx, matplotlib) load only for this command, not for every start
    from agents.research.coordination import coordination, coordination_json, coordination_lines
    from agents.research.measures import measure_town
    from agents.research.measures_report import measures_json, measures_table

    if args.workers < 1:
        raise RunStopped(f"--workers {args.workers}: give at least 1", EXIT_INPUT_ERROR)
    loaded = load_slot(args.slot, args.saves_dir if args.saves_dir is not None else user_saves_dir())
    try:
        settings = settings_for_command_line(args, load_settings(user_folders().settings_file))
        choice = model_choice_for(args, settings)
    except ModelChoiceError as error:
        raise RunStopped(str(error), EXIT_INPUT_ERROR) from None
    stack = build_model_stack(settings, choice=choice)
    try:
        services = services_for_stack(stack, settings)
        simulation = loaded.simulation
        _check_embedder(simulation, loaded.slot, services.embedder.dimension)
        print(f"smallville-sim measure: slot {loaded.slot}, {len(simulation.residents)} residents, "
              f"model: {stack.choice.label}", file=sys.stderr)
        measures = measure_town(simulation, services, workers=args.workers)
    finally:
        stack.begin_close()
        stack.close()
    reader = _slot_recording(loaded, args.recordings_dir)
    try:
        party = coordination(simulation, reader, up_to_step=loaded.header.step_index)
        print(measures_table(measures, model=stack.choice.label))
        print("\n".join(coordination_lines(party)))
        if args.out is not None:
            document = measures_json(measures, slot=loaded.slot, model=stack.choice.label)
            document["coordination"] = coordination_json(party)
            write_text_atomically(args.out, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
            print(f"wrote {args.out}", file=sys.stderr)
        if args.pictures is not None:
            _write_pictures(args.pictures, simulation, reader, party)
    finally:
        if reader is not None:
            reader.close()
    return 0


def _slot_recording(loaded: LoadedSlot, recordings_dir: Path | None) -> RecordingReader | None:
    """The recording the slot names, open (None when it has none, or it is gone or unreadable)."""
    name = loaded.header.recording
    if name is None:
        return None
    try:
        path = recording_path(name, recordings_dir)
        if not path.exists():
            print(f"smallville-sim measure: the slot's recording {name!r} is not in {path.parent}", file=sys.stderr)
            return None
        return RecordingReader.open(path)
    except RecordingError as error:
        print(f"smallville-sim measure: the slot's recording cannot be read ({error})", file=sys.stderr)
        return None


def _start_town(reader: RecordingReader | None) -> Simulation | None:
    """The town at the recording's first keyframe (None without one: no recording, or an imported run)."""
    if reader is None or not reader.keyframe_steps():
        return None
    try:
        return reader.simulation_at(reader.keyframe_steps()[0])
    except RecordingError as error:
        log.warning("the town at the start of %s cannot be rebuilt: %s", reader.name, error)
        return None


def _write_pictures(folder: Path, simulation: Simulation, reader: RecordingReader | None, party: Coordination) -> None:
    # matplotlib is imported only when pictures are asked for: the other commands start without it
    from agents.research.pictures import write_pictures

    try:
        written = write_pictures(folder, simulation, start=_start_town(reader), attendance=party.attendance)
    except OSError as error:
        raise RunStopped(f"--pictures {folder}: cannot write the pictures ({error})", EXIT_INPUT_ERROR) from None
    for path in written.paths:
        print(f"picture: {path}")
    for note in written.missing:
        print(f"no picture: {note}")
