"""The engine's command-line options, shared by ``smallville`` and ``smallville-sim run``:
``--workers N``, ``--time-policy`` and ``--step-seconds``, over the ``[simulation]`` table of the settings file."""

from __future__ import annotations

import argparse
from dataclasses import replace

from agents.engine.engine_settings import (
    MAX_STEP_SECONDS,
    MAX_WORKERS,
    EngineSettings,
    TimePolicy,
    load_engine_settings,
)
from agents.paths import user_folders


def _positive_workers(text: str) -> int:
    try:
        workers = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--workers takes a whole number, got {text!r}") from None
    if not 1 <= workers <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"--workers must be from 1 to {MAX_WORKERS}, got {workers}")
    return workers


def _step_seconds(text: str) -> int:
    try:
        seconds = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--step-seconds takes a whole number, got {text!r}") from None
    if not 1 <= seconds <= MAX_STEP_SECONDS:
        raise argparse.ArgumentTypeError(f"--step-seconds must be from 1 to {MAX_STEP_SECONDS}, got {seconds}")
    return seconds


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=_positive_workers, default=None,
                        help=f"threads running model calls in parallel, 1 to {MAX_WORKERS} (default: settings, else 8; "
                             "1 is the original's one-after-another way)")
    parser.add_argument("--time-policy", choices=[p.value for p in TimePolicy], default=None,
                        help="every-step-decided (default): a step passes when every resident has decided; "
                             "flowing: the clock runs on while residents think")
    parser.add_argument("--step-seconds", type=_step_seconds, default=None,
                        help="game seconds per step (default: settings, else the scenario's, usually 10)")


def engine_settings_for(args: argparse.Namespace) -> EngineSettings:
    """The settings file's ``[simulation]`` table with the command line's choices over it (raises
    SettingsError for a broken file)."""
    settings = load_engine_settings(user_folders().settings_file)
    if args.workers is not None:
        settings = replace(settings, workers=args.workers)
    if args.time_policy is not None:
        settings = replace(settings, time_policy=TimePolicy(args.time_policy))
    if args.step_seconds is not None:
        settings = replace(settings, step_seconds=args.step_seconds)
    return settings
