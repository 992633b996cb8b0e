"""``smallville-sim measure SLOT``: the paper's measures of a saved town, by interview and by trace.

Loads the save slot (not changed, and not written back), interviews every resident with the
knowledge battery (two model calls per resident: :mod:`agents.research.interview_battery`), prints
the figures beside the paper's (:mod:`agents.research.measures_report`) and, with ``--out FILE.json``,
writes every figure and every answer. The model is the offline one unless ``--model`` names a server.
Exit codes: 0 done; 2 bad input (a slot that cannot be loaded, a bad ``--model``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from agents.atomic_write import write_text_atomically
from agents.cli.model_choice import ModelChoiceError, model_choice_for, settings_for_command_line
from agents.cli.run_errors import EXIT_INPUT_ERROR, RunStopped
from agents.engine.mind_services_factory import services_for_stack
from agents.llm.settings import load_settings
from agents.llm.stack import build_model_stack
from agents.paths import user_folders, user_saves_dir
from agents.persistence.save_slots import load_slot
from agents.research.measures import measure_town
from agents.research.measures_report import measures_json, measures_table

DEFAULT_WORKERS = 4


def add_measure_command(subcommands: argparse._SubParsersAction) -> None:
    measure = subcommands.add_parser("measure", help="the paper's measures of a saved town (interviews and traces)",
                                     description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    measure.add_argument("slot", help="the save slot (or a save file) to measure")
    measure.add_argument("--saves-dir", type=Path, default=None, metavar="DIR",
                         help="the saves folder (default: your per-user saves folder)")
    measure.add_argument("--out", type=Path, default=None, metavar="FILE.json",
                         help="write every figure and answer to this JSON file")
    measure.add_argument("--model", default="offline",
                         help="'offline' (the default), or the base URL of an OpenAI-compatible server")
    measure.add_argument("--model-name", default="", help="model id at --model URL (default: the server's first)")
    measure.add_argument("--api-key-env", default=None, help="environment variable holding the API key for --model URL")
    measure.add_argument("--workers", type=int, default=DEFAULT_WORKERS,
                         help=f"residents interviewed at once (default: {DEFAULT_WORKERS})")
    measure.set_defaults(handler=run_measure)


def run_measure(args: argparse.Namespace) -> int:
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
        print(f"smallville-sim measure: slot {loaded.slot}, {len(simulation.residents)} residents, "
              f"model: {stack.choice.label}", file=sys.stderr)
        measures = measure_town(simulation, services, workers=args.workers)
    finally:
        stack.begin_close()
        stack.close()
    print(measures_table(measures, model=stack.choice.label))
    if args.out is not None:
        document = measures_json(measures, slot=loaded.slot, model=stack.choice.label)
        write_text_atomically(args.out, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0
