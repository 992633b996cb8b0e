"""``smallville-sim run``: a simulation for a number of game hours with no window, with progress,
a summary (JSON and Markdown) and exit codes a batch script can use.

Exit codes: 0 done; 2 bad input (world, scenario, settings, slot name); 3 the model stayed unreachable
longer than ``unreachable_give_up_seconds``; 4 the cost budget ran out; 5 the save slot could not be
written (the summary is still written in every case).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from dataclasses import replace
from pathlib import Path

from agents.atomic_write import write_text_atomically
from agents.cli.engine_options import add_engine_arguments, engine_settings_for
from agents.cli.progress import RunProgress
from agents.engine.engine_settings import EngineSettings, TimePolicy, concurrency_warning
from agents.engine.mind_services_factory import services_for_stack
from agents.engine.run_summary import build_run_summary, summary_markdown
from agents.engine.simulation import Simulation
from agents.engine.step_driver import StepDriver
from agents.llm.settings import LlmSettings, load_settings
from agents.llm.stack import LanguageModelStack, build_model_stack
from agents.paths import shipped_worlds_dir, user_folders, user_saves_dir
from agents.persistence.errors import SaveSlotError
from agents.persistence.save_slots import check_slot_name, save_slot, slot_path
from agents.world.world_folder import load_world_folder

log = logging.getLogger(__name__)

EXIT_MODEL_UNREACHABLE = 3
EXIT_BUDGET_EXHAUSTED = 4
EXIT_SAVE_FAILED = 5
PROGRESS_REDRAW_SECONDS = 0.2


class RunStopped(Exception):
    """The run cannot go on; ``exit_code`` says why."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def add_run_command(subcommands: argparse._SubParsersAction) -> None:
    run = subcommands.add_parser("run", help="run a simulation headless for some game hours and summarise it")
    run.add_argument("--world", type=Path, default=shipped_worlds_dir() / "smallville",
                     help="a world folder (default: our Smallville)")
    run.add_argument("--scenario", default="three", help="scenario name in the world (default: three)")
    run.add_argument("--hours", type=float, required=True, help="game hours to simulate")
    run.add_argument("--model", default=None,
                     help="'offline', or the base URL of an OpenAI-compatible server (default: your settings, "
                          "the environment, a detected local server, else offline)")
    run.add_argument("--model-name", default="", help="model id at --model URL (default: the server's first)")
    run.add_argument("--api-key-env", default=None, help="environment variable holding the API key for --model URL")
    run.add_argument("--seed", type=int, default=0, help="seed of the simulation's randomness")
    add_engine_arguments(run)
    run.add_argument("--save", default=None, metavar="SLOT",
                     help="at the end, save the town into this save slot of your saves folder (resume or fork "
                          "it later; letters, digits, - and _)")
    run.add_argument("--summary", type=Path, default=None,
                     help="write the summary to FILE.json and FILE.md (default: Markdown on stdout only)")
    run.set_defaults(handler=run_simulation)


def _settings_for(args: argparse.Namespace) -> LlmSettings:
    settings = load_settings(user_folders().settings_file)
    if args.model is None:
        return settings
    if args.model == "offline":
        return replace(settings, provider="offline")
    return replace(settings, provider="auto", base_url=args.model, model=args.model_name,
                   api_key_env=args.api_key_env or settings.api_key_env)


def _wait_while_unreachable(stack: LanguageModelStack, give_up_seconds: float, progress: RunProgress,
                            simulation: Simulation, steps_done: int) -> None:
    breaker = stack.circuit_breaker
    while breaker is not None and breaker.state().is_open:
        state = breaker.state()
        if state.down_for_seconds > give_up_seconds:
            raise RunStopped(f"the model has been unreachable for {state.down_for_seconds:.0f} s "
                             f"({state.reason}); giving up", EXIT_MODEL_UNREACHABLE)
        usage = stack.usage_meter.snapshot().total
        progress.show(steps_done, simulation.now, usage.calls, usage.prompt_tokens + usage.completion_tokens,
                      usage.cost_usd, note=f"model unreachable ({state.reason}); waiting")
        time.sleep(1.0)


def run_simulation(args: argparse.Namespace) -> int:
    if args.hours <= 0:
        raise RunStopped("--hours must be more than 0", 2)
    if args.save is not None:
        try:
            check_slot_name(args.save, "--save")
        except SaveSlotError as error:
            raise RunStopped(str(error), 2) from None
    folder = load_world_folder(args.world)
    scenario = folder.load_scenario(args.scenario)
    settings = _settings_for(args)
    engine_settings = engine_settings_for(args)
    stack = build_model_stack(settings)
    print(f"smallville-sim run: {folder.world_map.name} / {scenario.name}, {len(scenario.personas)} residents, "
          f"{args.hours:g} game hours, model: {stack.choice.label}, {engine_settings.time_policy.value}, "
          f"{engine_settings.workers} workers", file=sys.stderr)
    services = services_for_stack(stack, settings)
    warning = concurrency_warning(engine_settings, stack.max_concurrent_requests)
    if warning:
        print(f"smallville-sim run: note: {warning}", file=sys.stderr)
    began = time.monotonic()
    exit_code, stop_message = 0, ""
    driver: StepDriver | None = None
    try:
        simulation = Simulation.create(folder.world_map, scenario, services, seed=args.seed,
                                       step_seconds=engine_settings.step_seconds)
        driver = StepDriver.pooled(simulation, services, engine_settings)
        started_at = simulation.now.isoformat(timespec="seconds")
        total_steps = max(1, round(args.hours * 3600 / simulation.clock.step_seconds))
        progress = RunProgress(total_steps)
        try:
            _drive(driver, engine_settings, total_steps, stack, settings.unreachable_give_up_seconds, progress)
        except RunStopped as stopped:
            exit_code, stop_message = stopped.exit_code, str(stopped)
        driver.settle()
        progress.finish()
        counters = driver.counters()
        engine = {"time_policy": engine_settings.time_policy.value, "workers": driver.workers,
                  "operations": counters.operations, "operations_failed": counters.failed,
                  "operations_timed_out": counters.timed_out, "thoughts_superseded": counters.superseded,
                  "operations_asked_ahead": counters.ahead_started, "operations_asked_ahead_used": counters.ahead_used}
        summary = build_run_summary(simulation, steps=simulation.clock.step_index, wall_seconds=time.monotonic() - began,
                                    seed=args.seed, stack=stack.snapshot(), prompts=services.runner.counters_snapshot(),
                                    started_at=started_at, engine=engine)
        if args.save is not None:
            try:
                header = save_slot(simulation, args.save, user_saves_dir())
                summary["saved_to"] = str(slot_path(args.save, user_saves_dir()))
                print(f"saved the town at {header.game_time:%Y-%m-%d %H:%M} into slot {args.save!r}: "
                      f"{summary['saved_to']}", file=sys.stderr)
            except SaveSlotError as error:
                if not stop_message:
                    exit_code, stop_message = EXIT_SAVE_FAILED, str(error)
                summary["save_failed"] = str(error)
        if stop_message:
            summary["stopped"] = stop_message
        markdown = summary_markdown(summary)
        if args.summary is not None:
            json_path = args.summary if args.summary.suffix == ".json" else args.summary.with_suffix(".json")
            write_text_atomically(json_path, json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
            write_text_atomically(json_path.with_suffix(".md"), markdown)
            print(f"summary written to {json_path} and {json_path.with_suffix('.md')}", file=sys.stderr)
        print(markdown)
    finally:  # no new model calls; the pool (work asked ahead withdrawn, running work given a bounded time); the stack
        stack.begin_close()
        if driver is not None:
            driver.close()
        stack.close()
    if stop_message:
        print(f"smallville-sim: stopped: {stop_message}", file=sys.stderr)
    return exit_code


def _drive(driver: StepDriver, engine_settings: EngineSettings, total_steps: int, stack: LanguageModelStack,
           give_up_seconds: float, progress: RunProgress) -> None:
    """Step until ``total_steps``; under "flowing", at most ``flowing_steps_per_second``."""
    simulation = driver.simulation
    flowing = engine_settings.time_policy is TimePolicy.FLOWING
    step_interval = 1.0 / engine_settings.flowing_steps_per_second
    last_drawn = 0.0
    for steps_done in range(1, total_steps + 1):
        step_began = time.monotonic()
        driver.step()
        _wait_while_unreachable(stack, give_up_seconds, progress, simulation, steps_done)
        if stack.budget_guard is not None and stack.budget_guard.is_exhausted:
            raise RunStopped("the cost budget is spent; stopping before it is exceeded", EXIT_BUDGET_EXHAUSTED)
        if time.monotonic() - last_drawn >= PROGRESS_REDRAW_SECONDS or steps_done == total_steps:
            usage = stack.usage_meter.snapshot().total
            thinking = len(driver.thinking)
            progress.show(steps_done, simulation.now, usage.calls, usage.prompt_tokens + usage.completion_tokens,
                          usage.cost_usd, note=f"{thinking} thinking" if thinking else "")
            last_drawn = time.monotonic()
        if flowing:
            time.sleep(max(0.0, step_interval - (time.monotonic() - step_began)))
