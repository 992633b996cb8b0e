"""The engine's command-line options, shared by ``smallville`` and ``smallville-sim run``:
``--workers N`` and ``--time-policy``, over the ``[simulation]`` table of the settings file."""

from __future__ import annotations

import argparse
from dataclasses import replace

from agents.engine.engine_settings import EngineSettings, TimePolicy, load_engine_settings
from agents.paths import user_folders


def _positive_workers(text: str) -> int:
    try:
        workers = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--workers takes a whole number, got {text!r}") from None
    if workers < 1:
        raise argparse.ArgumentTypeError(f"--workers must be at least 1, got {workers}")
    return workers


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=_positive_workers, default=None,
                        help="threads running model calls in parallel (default: settings, else 8; "
                             "1 is the original's one-after-another way)")
    parser.add_argument("--time-policy", choices=[p.value for p in TimePolicy], default=None,
                        help="every-step-decided (default): a step passes when every resident has decided; "
                             "flowing: the clock runs on while residents think")


def engine_settings_for(args: argparse.Namespace) -> EngineSettings:
    """The settings file's ``[simulation]`` table with the command line's choices over it (raises
    SettingsError for a broken file)."""
    settings = load_engine_settings(user_folders().settings_file)
    if args.workers is not None:
        settings = replace(settings, workers=args.workers)
    if args.time_policy is not None:
        settings = replace(settings, time_policy=TimePolicy(args.time_policy))
    return settings
