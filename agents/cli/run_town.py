"""Where a headless run's town comes from and where it goes: a new town, ``--resume SLOT`` or
``--fork SLOT --as NEW``; ``--save SLOT`` with ``--overwrite``.

:func:`plan_run` checks everything that can be checked before the run (names, which options go
together, that the slot to continue exists and is readable, that the slot to write is free or
``--overwrite`` was given, that the saves folder is writable), so no run ends after hours with a
refusal it could have had at once. :func:`load_source` then loads the slot (its body is verified
and unpickled) before the model stack is built; :func:`check_fits` checks the loaded town against
this run's embedder and step length.

What a researcher can expect:

* ``--resume SLOT`` continues the town in SLOT and writes nothing unless ``--save`` is given
  (``--save SLOT --overwrite`` writes the continued town back into SLOT; ``--save OTHER`` keeps SLOT
  as it was and writes OTHER with SLOT as its parent);
* ``--fork SLOT --as NEW`` continues a copy and saves it into NEW at the end, with SLOT as NEW's
  parent; SLOT is never written;
* a slot is never replaced without ``--overwrite``.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from agents.cli.run_errors import EXIT_INPUT_ERROR, RunStopped
from agents.cognition.services import MindServices
from agents.engine.simulation import Simulation
from agents.paths import user_saves_dir
from agents.persistence.errors import SaveSlotError
from agents.persistence.save_format import SaveHeader, read_header
from agents.persistence.save_slots import LoadedSlot, check_slot_name, load_slot, slot_path


class TownSource(Enum):
    NEW = "new"
    RESUME = "resume"
    FORK = "fork"


@dataclass(frozen=True)
class RunPlan:
    """What the run starts from and where it saves. ``source_slot`` is the slot continued (None for a
    new town); ``save_slot`` the slot written at the end (None: nothing is written);
    ``source_header`` the continued slot's header as read when planning."""

    source: TownSource
    saves_dir: Path
    source_slot: str | None = None
    source_header: SaveHeader | None = None
    save_slot: str | None = None
    overwrite: bool = False

    @property
    def continues_a_slot(self) -> bool:
        return self.source is not TownSource.NEW


MAX_RUN_HOURS = 87_600

def _refuse(message: str) -> RunStopped:
    return RunStopped(message, EXIT_INPUT_ERROR)


def _slot_name(slot: str, option: str) -> str:
    try:
        return check_slot_name(slot, option)
    except SaveSlotError as error:
        raise _refuse(str(error)) from None


def plan_run(args: argparse.Namespace) -> RunPlan:
    """The run's plan from its options, every refusal raised now (:class:`RunStopped`, exit 2)."""
    if not 0 < args.hours <= MAX_RUN_HOURS:  # also refuses nan and inf
        raise _refuse(f"--hours must be more than 0 and at most {MAX_RUN_HOURS:,} (ten game years), got {args.hours:g}")
    saves_dir: Path = args.saves_dir if args.saves_dir is not None else user_saves_dir()
    if args.resume is not None and args.fork is not None:
        raise _refuse("--resume and --fork do not go together: --resume SLOT continues SLOT's town, "
                      "--fork SLOT --as NEW continues a copy of it as NEW")
    if args.fork is not None and args.fork_as is None:
        raise _refuse(f"--fork {args.fork} needs --as NEW: the name of the new slot the copy is saved into")
    if args.fork_as is not None and args.fork is None:
        raise _refuse("--as NEW goes with --fork SLOT (to continue a copy of SLOT as NEW); to save a run "
                      "into a slot, use --save SLOT")
    if args.fork is not None and args.save is not None:
        raise _refuse(f"--fork saves into --as {args.fork_as}; leave out --save {args.save}")
    if args.resume is not None or args.fork is not None:
        given = [option for option, value in (("--world", args.world), ("--scenario", args.scenario),
                                              ("--seed", args.seed)) if value is not None]
        if given:
            raise _refuse(f"{' and '.join(given)} cannot change a saved town: its world, scenario and "
                          "randomness are in the slot; leave them out")
    if args.resume is not None:
        source, source_slot = TownSource.RESUME, _slot_name(args.resume, "--resume")
        target = None if args.save is None else _slot_name(args.save, "--save")
    elif args.fork is not None:
        source, source_slot = TownSource.FORK, _slot_name(args.fork, "--fork")
        target = _slot_name(args.fork_as, "--as")
        if target == source_slot:
            raise _refuse(f"--fork {source_slot} --as {target}: a fork needs a new name; to continue the slot "
                          f"itself, use --resume {source_slot}")
    else:
        source, source_slot = TownSource.NEW, None
        target = None if args.save is None else _slot_name(args.save, "--save")
    if args.overwrite and target is None:
        raise _refuse("--overwrite goes with --save SLOT (or --fork SLOT --as NEW): there is no slot to write")
    header = None
    if source_slot is not None:
        try:
            header = read_header(slot_path(source_slot, saves_dir))
        except SaveSlotError as error:
            raise _refuse(f"--{source.value} {source_slot}: {error}") from None
    if target is not None:
        _check_target(target, saves_dir, overwrite=args.overwrite,
                      option="--as" if source is TownSource.FORK else "--save")
    return RunPlan(source=source, saves_dir=saves_dir, source_slot=source_slot, source_header=header,
                   save_slot=target, overwrite=args.overwrite)


def _check_target(slot: str, saves_dir: Path, *, overwrite: bool, option: str) -> None:
    path = slot_path(slot, saves_dir)
    if path.exists() and not overwrite:
        raise _refuse(f"{option} {slot}: the slot {slot!r} already exists ({path}); add --overwrite to replace "
                      "it, or choose another name (smallville-sim saves list shows the slots)")
    try:
        saves_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _refuse(f"{option} {slot}: the saves folder {saves_dir} cannot be made "
                      f"({error.strerror or error}); choose another with --saves-dir") from None
    if not os.access(saves_dir, os.W_OK | os.X_OK):
        raise _refuse(f"{option} {slot}: the saves folder {saves_dir} is not writable; check its permissions "
                      "or choose another with --saves-dir")


def load_source(plan: RunPlan) -> LoadedSlot:
    """The slot the plan continues, loaded and verified (:class:`RunStopped`, exit 2, if it cannot be)."""
    assert plan.source_slot is not None, "a new town has no slot to load"
    try:
        return load_slot(plan.source_slot, plan.saves_dir)
    except SaveSlotError as error:
        raise _refuse(f"--{plan.source.value} {plan.source_slot}: {error}") from None


def check_fits(simulation: Simulation, slot: str, services: MindServices, step_seconds: int | None) -> None:
    """Refuse (exit 2) to continue a saved town this run cannot continue faithfully: memories embedded
    with vectors of another length than this run's embedder makes, or ``--step-seconds`` other than
    the town's own step."""
    dimension = services.embedder.dimension
    for name, resident in simulation.residents.items():
        if resident.memory.embedding_dimension != dimension:
            raise _refuse(f"slot {slot!r}: {name}'s memories were embedded with {resident.memory.embedding_dimension}-"
                          f"dimensional vectors, but this run's embedder makes {dimension}; continue it with the "
                          "embedder it was saved with (settings [model] embedder / embedding_model)")
    saved_step = simulation.clock.step_seconds
    if step_seconds is not None and step_seconds != saved_step:
        raise _refuse(f"--step-seconds {step_seconds}: the town in slot {slot!r} runs {saved_step}-second steps, "
                      "which a saved town keeps; leave out --step-seconds")
