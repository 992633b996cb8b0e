"""``smallville-sim run``: a simulation for a number of game hours with no window, with progress,
a summary (JSON and Markdown) and exit codes a batch script can use.

A run starts a new town, or continues a saved one (``--resume SLOT``; ``--fork SLOT --as NEW``),
see :mod:`agents.cli.run_town`. Its first line says what it runs and which model, and where that
choice came from (:mod:`agents.cli.model_choice`); the progress line says at once when the model
cannot be reached, and for how long (:mod:`agents.llm.model_outage`). The summary is the last thing
printed on stdout; a run ends with its summary and, if it stopped early, one line saying why.

Exit codes (:mod:`agents.cli.run_errors`): 0 done; 2 bad input (world, scenario, settings, slot
names, a slot to write that exists without ``--overwrite``); 3 the model stayed unreachable longer
than ``unreachable_give_up_seconds``; 4 the cost budget ran out; 5 the save slot could not be
written; 130 interrupted (Ctrl-C; 143 for SIGTERM), between two steps (:mod:`agents.cli.interrupts`).
The summary is written in every case but bad input; when its file cannot be written (a full disk, a
folder that is not writable) the run says so and prints the JSON on stdout instead. A base URL shown
anywhere (the first line, the stop line, the summary) has its key masked (:mod:`agents.llm.url_safety`).
"""

from __future__ import annotations

import argparse
import errno
import json
import logging
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from agents.atomic_write import write_text_atomically
from agents.cli.engine_options import add_engine_arguments, engine_settings_for
from agents.cli.interrupts import DeferredInterrupt
from agents.cli.model_choice import ModelChoiceError, model_choice_for, settings_for_command_line
from agents.cli.progress import RunProgress, UsageFigures
from agents.cli.run_errors import (
    EXIT_BUDGET_EXHAUSTED,
    EXIT_INPUT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_MODEL_UNREACHABLE,
    EXIT_SAVE_FAILED,
    RunStopped,
)
from agents.cli.run_recording import (
    add_recording_arguments,
    check_recording_arguments,
    finish_recording,
    start_recording,
)
from agents.cli.run_town import RunPlan, TownSource, check_fits, load_source, plan_run
from agents.cli.wording import count_of
from agents.cognition.condition import CONDITIONS, FULL, condition_named
from agents.cognition.config import DEFAULT_CONFIG
from agents.cognition.services import MindServices
from agents.engine.engine_settings import EngineSettings, TimePolicy, concurrency_warning
from agents.engine.mind_services_factory import services_for_stack
from agents.engine.run_summary import build_run_summary, summary_markdown
from agents.engine.simulation import Simulation
from agents.engine.step_driver import StepDriver
from agents.llm.model_outage import model_outage
from agents.llm.settings import load_settings
from agents.llm.stack import LanguageModelStack, build_model_stack
from agents.llm.url_safety import mask_urls_in_text
from agents.paths import shipped_worlds_dir, user_folders
from agents.persistence.autosave import load_autosave_settings
from agents.persistence.errors import SaveSlotError
from agents.persistence.recorder import Recorder
from agents.persistence.save_slots import LoadedSlot, save_slot, slot_path
from agents.world.scenario import Scenario
from agents.world.world_folder import WorldFolder, load_world_folder

__all__ = ["EXIT_BUDGET_EXHAUSTED", "EXIT_INPUT_ERROR", "EXIT_INTERRUPTED", "EXIT_MODEL_UNREACHABLE",
           "EXIT_SAVE_FAILED", "RunStopped", "add_run_command", "run_simulation"]

log = logging.getLogger(__name__)

PROGRESS_REDRAW_SECONDS = 0.2
DEFAULT_SCENARIO = "three"
DEFAULT_SEED = 0

RUN_DESCRIPTION = """\
Run a town headless for some game hours, then print its summary.

A new town:            smallville-sim run --hours 24 [--world W] [--scenario S] [--seed N] [--save SLOT]
The paper's two days:  smallville-sim run --scenario valentines --hours 48 [--condition NAME]
Continue a saved one:  smallville-sim run --resume SLOT --hours 2 [--save NAME]
Continue a copy:       smallville-sim run --fork SLOT --as NEW --hours 2

--resume SLOT goes on from the town saved in SLOT and writes nothing unless --save is given: SLOT
stays as it was. --save SLOT --overwrite writes the continued town back into SLOT; --save OTHER
writes OTHER (its parent is SLOT). --fork SLOT --as NEW goes on from SLOT and saves into NEW at the
end, with SLOT as NEW's parent. A slot that exists is never replaced without --overwrite: that is
checked before the run starts. A continued town keeps its world, scenario, step length and
randomness (no --world, --scenario, --seed or other --step-seconds with --resume or --fork); the
model and engine options are as for a new run.

Ctrl-C or SIGTERM stops the run between two steps: the summary is written and --save honoured
(a second Ctrl-C stops at once, without them).

Exit codes: 0 done; 2 bad input; 3 the model stayed unreachable longer than
unreachable_give_up_seconds; 4 the cost budget ran out; 5 the save slot could not be written;
130 interrupted (Ctrl-C), 143 stopped by SIGTERM. The summary is written in every case but bad input.
"""


def add_run_command(subcommands: argparse._SubParsersAction) -> None:
    run = subcommands.add_parser("run", help="run a town headless for some game hours and summarise it "
                                             "(a new town, or one continued from a save slot)",
                                 description=RUN_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("--hours", type=float, required=True, help="game hours to simulate")
    new_town = run.add_argument_group("a new town")
    new_town.add_argument("--world", type=Path, default=None, help="a world folder (default: our Smallville)")
    new_town.add_argument("--scenario", default=None,
                          help=f"scenario name in the world (default: {DEFAULT_SCENARIO})")
    new_town.add_argument("--seed", type=int, default=None,
                          help=f"seed of the simulation's randomness (default: {DEFAULT_SEED})")
    saved = run.add_argument_group("a saved town")
    saved.add_argument("--resume", default=None, metavar="SLOT",
                       help="continue the town saved in SLOT (SLOT is not written unless --save SLOT --overwrite)")
    saved.add_argument("--fork", default=None, metavar="SLOT",
                       help="continue a copy of the town in SLOT, saved at the end into --as NEW")
    saved.add_argument("--as", dest="fork_as", default=None, metavar="NEW",
                       help="with --fork: the new slot (its parent is SLOT)")
    saved.add_argument("--save", default=None, metavar="SLOT",
                       help="at the end, save the town into this slot (letters, digits, - and _)")
    saved.add_argument("--overwrite", action="store_true",
                       help="let --save (or --as) replace a slot that exists")
    saved.add_argument("--saves-dir", type=Path, default=None, metavar="DIR",
                       help="the saves folder (default: your per-user saves folder)")
    run.add_argument("--condition", default=None, choices=tuple(CONDITIONS), metavar="NAME",
                     help="the paper's ablation condition: " + ", ".join(CONDITIONS) + " (default: full; a continued "
                          "town keeps its own unless this is given)")
    model = run.add_argument_group("the model")
    model.add_argument("--model", default=None,
                       help="'offline', or the base URL of an OpenAI-compatible server (default: your settings, "
                            "the environment, a detected local server, else offline)")
    model.add_argument("--model-name", default="", help="model id at --model URL (default: the server's first)")
    model.add_argument("--api-key-env", default=None,
                       help="environment variable holding the API key for --model URL")
    add_engine_arguments(run)
    add_recording_arguments(run)
    run.add_argument("--summary", type=Path, default=None,
                     help="write the summary to FILE.json and FILE.md (default: Markdown on stdout only)")
    run.set_defaults(handler=run_simulation)


@dataclass(frozen=True)
class _StartedTown:
    """The town the run drives and what its first line and summary say about where it came from."""

    simulation: Simulation
    loaded: LoadedSlot | None
    description: str


def run_simulation(args: argparse.Namespace) -> int:
    plan = plan_run(args)
    check_recording_arguments(args, plan)
    loaded = load_source(plan) if plan.continues_a_slot else None
    new_town: tuple[WorldFolder, Scenario] | None = None
    if loaded is None:  # a wrong world or scenario is refused before the model starts
        folder = load_world_folder(args.world if args.world is not None else shipped_worlds_dir() / "smallville")
        new_town = folder, folder.load_scenario(args.scenario or DEFAULT_SCENARIO)
    file_settings = load_settings(user_folders().settings_file)
    load_autosave_settings(user_folders().settings_file)  # the window's [saves] too: one file, checked whole
    engine_settings = engine_settings_for(args)
    try:
        settings = settings_for_command_line(args, file_settings)
        choice = model_choice_for(args, settings)
    except ModelChoiceError as error:
        raise RunStopped(str(error), EXIT_INPUT_ERROR) from None
    stack = build_model_stack(settings, choice=choice)
    driver: StepDriver | None = None
    recorder: Recorder | None = None
    simulation: Simulation | None = None
    try:
        services = services_for_stack(stack, settings)
        town = _start_town(args, plan, loaded, new_town, services, engine_settings)
        simulation = town.simulation
        residents = len(simulation.residents)
        print(f"smallville-sim run: {town.description}, {count_of(residents, 'resident')}, "
              f"{count_of(args.hours, 'game hour')}, model: {stack.choice.label}, "
              f"{engine_settings.time_policy.value}, {count_of(engine_settings.workers, 'worker')}",
              file=sys.stderr)
        if plan.source is TownSource.RESUME and plan.save_slot is None:
            print(f"smallville-sim run: note: nothing will be saved (slot {plan.source_slot!r} stays as it "
                  "was); add --save NAME to keep the town where this run ends", file=sys.stderr)
        warning = concurrency_warning(engine_settings, stack.max_concurrent_requests)
        if warning:
            print(f"smallville-sim run: note: {warning}", file=sys.stderr)
        driver = StepDriver.pooled(simulation, services, engine_settings)
        recorder = start_recording(args, plan, simulation, None if loaded is not None else _seed(args),
                                   loaded.header if loaded is not None else None)
        if recorder is not None:
            driver.on_step_passed.append(recorder.on_step_passed)
        with DeferredInterrupt() as interrupt:
            exit_code, stop_message = _run_and_report(args, plan, town, driver, stack, services, engine_settings,
                                                      settings.unreachable_give_up_seconds, interrupt, recorder)
    finally:  # no new model calls; the pool (work asked ahead withdrawn, running work given a bounded time); the stack
        stack.begin_close()
        if driver is not None:
            driver.close()
        if simulation is not None:
            finish_recording(recorder, simulation, between_steps=driver is not None and not driver.step_open)
        stack.close()
    if stop_message:
        print(f"smallville-sim: stopped: {mask_urls_in_text(stop_message)}", file=sys.stderr)
    return exit_code


def _start_town(args: argparse.Namespace, plan: RunPlan, loaded: LoadedSlot | None,
                new_town: tuple[WorldFolder, Scenario] | None, services: MindServices,
                engine_settings: EngineSettings) -> _StartedTown:
    if loaded is not None:
        assert plan.source_slot is not None
        simulation = loaded.simulation
        check_fits(simulation, plan.source_slot, services, args.step_seconds)
        if args.condition is not None:  # the continued town goes on under the condition asked for
            simulation.config = replace(simulation.config, condition=condition_named(args.condition))
        into = "" if plan.source is TownSource.RESUME else f" into {plan.save_slot!r}"
        description = (f"{'resuming' if plan.source is TownSource.RESUME else 'forking'} slot {plan.source_slot!r}"
                       f"{into} ({simulation.world.name} / {simulation.scenario_name}, "
                       f"game time {simulation.now:%a %Y-%m-%d %H:%M})")
        return _StartedTown(simulation, loaded, description)
    assert new_town is not None
    folder, scenario = new_town
    condition = condition_named(args.condition or FULL.name)
    simulation = Simulation.create(folder.world_map, scenario, services,
                                   seed=args.seed if args.seed is not None else DEFAULT_SEED,
                                   config=replace(DEFAULT_CONFIG, condition=condition),
                                   step_seconds=engine_settings.step_seconds)
    shown = "" if condition is FULL else f", condition {condition.name}"
    return _StartedTown(simulation, None, f"{folder.world_map.name} / {scenario.name}{shown}")


def _run_and_report(args: argparse.Namespace, plan: RunPlan, town: _StartedTown, driver: StepDriver,
                    stack: LanguageModelStack, services: MindServices, engine_settings: EngineSettings,
                    give_up_seconds: float, interrupt: DeferredInterrupt,
                    recorder: Recorder | None = None) -> tuple[int, str]:
    """Drive the run, settle it, save it if asked, print and write the summary: (exit code, why it stopped)."""
    simulation = town.simulation
    began = time.monotonic()
    started_at = simulation.now.isoformat(timespec="seconds")
    first_step = simulation.clock.step_index
    exit_code, stop_message = 0, ""
    total_steps = max(1, round(args.hours * 3600 / simulation.clock.step_seconds))
    progress = RunProgress(total_steps)
    try:
        _drive(driver, engine_settings, total_steps, stack, give_up_seconds, progress, interrupt)
    except RunStopped as stopped:
        exit_code, stop_message = stopped.exit_code, str(stopped)
        stack.begin_close()  # the thoughts in progress fall back at once instead of waiting for the model
    progress.finish()
    driver.settle()
    if driver.step_open:
        driver.pump()  # a step stopped part way: every thought has finished, so it passes now
    counters = driver.counters()
    prompts = services.runner.counters_snapshot()
    # The town is done: no new model calls, and the calls a server is still answering (work asked ahead)
    # get the pool's close time to come back, so the usage read below counts every call a server received.
    stack.begin_close()
    driver.close()
    engine = {"time_policy": engine_settings.time_policy.value, "workers": driver.workers,
              "operations": counters.operations, "operations_failed": counters.failed,
              "operations_timed_out": counters.timed_out, "thoughts_superseded": counters.superseded,
              "operations_asked_ahead": counters.ahead_started, "operations_asked_ahead_used": counters.ahead_used}
    summary = build_run_summary(simulation, steps=simulation.clock.step_index - first_step,
                                wall_seconds=time.monotonic() - began,
                                seed=args.seed if args.seed is not None else DEFAULT_SEED,
                                stack=stack.snapshot(), prompts=prompts,
                                started_at=started_at, engine=engine)
    if town.loaded is not None:
        summary["seed"] = None  # a continued town goes on with the randomness saved in its slot
        summary["continued_from"] = {"slot": plan.source_slot, "how": plan.source.value,
                                     "game_time": town.loaded.header.game_time.isoformat(timespec="seconds"),
                                     "step": town.loaded.header.step_index}
    if plan.save_slot is not None:
        if recorder is not None:
            recorder.flush()  # the save's step is in the recording it names
        recording = recorder.name if recorder is not None and recorder.failure is None else None
        saved, problem = _save(simulation, plan, town, recording)
        if saved:
            summary["saved_to"] = saved
        else:
            summary["save_failed"] = problem
            if not stop_message:
                exit_code, stop_message = EXIT_SAVE_FAILED, problem
    if stop_message:
        summary["stopped"] = mask_urls_in_text(stop_message)
    markdown = summary_markdown(_for_markdown(summary))
    if args.summary is not None:
        _write_summary(args.summary, summary, markdown)
    print(markdown)
    return exit_code, stop_message


def _write_summary(path: Path, summary: dict[str, Any], markdown: str) -> None:
    """Write the summary as FILE.json and FILE.md; when the disk is full or the folder cannot be
    written, say so and print the JSON on stdout instead (the Markdown is printed anyway)."""
    json_path = path if path.suffix == ".json" else path.with_suffix(".json")
    json_text = json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
    try:
        write_text_atomically(json_path, json_text)
        write_text_atomically(json_path.with_suffix(".md"), markdown)
    except OSError as error:
        if error.errno == errno.ENOSPC:
            reason = "the disk is full"
        elif isinstance(error, FileExistsError | NotADirectoryError):
            reason = "a part of its folder's path is a file"
        else:
            reason = error.strerror or str(error)
        print(f"smallville-sim run: could not write the summary to {json_path} ({reason}); "
              "it is printed below instead, as JSON and then as Markdown", file=sys.stderr)
        print(json_text)
        return
    print(f"summary written to {json_path} and {json_path.with_suffix('.md')}", file=sys.stderr)


def _seed(args: argparse.Namespace) -> int:
    return args.seed if args.seed is not None else DEFAULT_SEED


def _for_markdown(summary: dict[str, Any]) -> dict[str, Any]:
    """The summary as the Markdown shows it: a continued town's seed is the one saved in its slot."""
    continued = summary.get("continued_from")
    if not continued:
        return summary
    return {**summary, "seed": f"as saved in slot {continued['slot']!r} (continued with --{continued['how']})"}


def _save(simulation: Simulation, plan: RunPlan, town: _StartedTown, recording: str | None) -> tuple[str, str]:
    """Save the town as the plan says: (the file written, "") or ("", why it could not be)."""
    assert plan.save_slot is not None
    target = slot_path(plan.save_slot, plan.saves_dir)
    if target.exists() and not plan.overwrite:  # made while the run ran
        return "", (f"the slot {plan.save_slot!r} was made by someone else while this run ran ({target}); "
                    "nothing was saved; run again with --overwrite, or another name")
    if town.loaded is None:
        parent = None
    elif plan.save_slot == plan.source_slot:
        parent = town.loaded.header.parent_slot  # written back into itself: its lineage is unchanged
    else:
        parent = plan.source_slot
    try:
        header = save_slot(simulation, plan.save_slot, plan.saves_dir, parent_slot=parent, recording=recording)
    except SaveSlotError as error:
        return "", str(error)
    lineage = f" (parent {parent!r})" if parent else ""
    print(f"saved the town at {header.game_time:%Y-%m-%d %H:%M} into slot {plan.save_slot!r}{lineage}: {target}",
          file=sys.stderr)
    return str(target), ""


def _usage(stack: LanguageModelStack) -> UsageFigures:
    usage = stack.usage_meter.snapshot().total
    return UsageFigures(usage.calls, usage.prompt_tokens + usage.completion_tokens, usage.cost_usd)


def _check_outage(stack: LanguageModelStack, give_up_seconds: float) -> str:
    """The progress line's alert while the model is unreachable ("" when it answers); stops the run
    once it has been unreachable longer than ``give_up_seconds``."""
    outage = model_outage(stack)
    if outage is None:
        return ""
    if outage.seconds > give_up_seconds:
        raise RunStopped(f"the model at {outage.where} has been unreachable for {outage.seconds:.0f} s "
                         f"({outage.reason}); giving up (unreachable_give_up_seconds = {give_up_seconds:g} in the settings' "
                         "[resilience]); check that the server runs and the URL is right, or run with --model offline",
                         EXIT_MODEL_UNREACHABLE)
    return mask_urls_in_text(outage.progress_text())


def _drive(driver: StepDriver, engine_settings: EngineSettings, total_steps: int, stack: LanguageModelStack,
           give_up_seconds: float, progress: RunProgress, interrupt: DeferredInterrupt) -> None:
    """Step until ``total_steps``; under "flowing", at most ``flowing_steps_per_second``. While a step
    waits for the model the progress line is redrawn, so an unreachable model shows at once; between
    steps the clock is held while the circuit breaker is open (calls would only be refused). Ctrl-C
    or SIGTERM stops the run while it waits or between steps, never inside a resident's thought."""
    simulation = driver.simulation
    flowing = engine_settings.time_policy is TimePolicy.FLOWING
    step_interval = 1.0 / engine_settings.flowing_steps_per_second
    last_drawn = 0.0

    def check_interrupt() -> None:
        if interrupt.requested:
            raise RunStopped(interrupt.description, interrupt.exit_code)

    def draw(steps_done: int, alert: str) -> None:
        nonlocal last_drawn
        thinking = len(driver.thinking)
        progress.show(steps_done, simulation.now, _usage(stack), note=f"{thinking} thinking" if thinking else "",
                      alert=alert)
        last_drawn = time.monotonic()

    for steps_done in range(1, total_steps + 1):
        step_began = time.monotonic()
        driver.begin_step()  # the same as driver.step(), with the progress line kept up while it waits
        while not driver.pump():
            driver.wait_for_outcomes()
            check_interrupt()
            if time.monotonic() - last_drawn >= PROGRESS_REDRAW_SECONDS:
                draw(steps_done - 1, _check_outage(stack, give_up_seconds))
        breaker = stack.circuit_breaker
        while breaker is not None and breaker.state().is_open:
            check_interrupt()
            draw(steps_done, _check_outage(stack, give_up_seconds))
            time.sleep(PROGRESS_REDRAW_SECONDS)
        check_interrupt()
        if stack.budget_guard is not None and stack.budget_guard.is_exhausted:
            raise RunStopped("the cost budget is spent; stopping before it is exceeded", EXIT_BUDGET_EXHAUSTED)
        if time.monotonic() - last_drawn >= PROGRESS_REDRAW_SECONDS or steps_done == total_steps:
            draw(steps_done, _check_outage(stack, give_up_seconds))
        if flowing:
            time.sleep(max(0.0, step_interval - (time.monotonic() - step_began)))
