"""A child process for the kill -9 test: goes on from the newest save of a saves folder (or a town
pickled at 7 am) and autosaves after every step, for ever, on the background writer; fsync is made
slow, so a kill lands in the middle of a write. Prints "writing <slot> <step>" and "saved <slot>
<step>" lines for the parent to time its kill."""

from __future__ import annotations

import os
import pickle
import sys
import time
from pathlib import Path

import agents.atomic_write
from agents.engine.mind_services_factory import offline_services
from agents.engine.simulation import Simulation
from agents.engine.town_steps import run_steps
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.persistence.autosave import next_autosave_slot
from agents.persistence.background_save import BackgroundSaveWriter
from agents.persistence.save_slots import capture_save, load_slot, newest_slot

SLOW_FSYNC_SECONDS = 0.2


def slow_fsync(descriptor: int) -> None:
    time.sleep(SLOW_FSYNC_SECONDS)
    os.fsync(descriptor)


def main(saves_dir: Path, start_pickle: Path) -> None:
    agents.atomic_write.os = type(os)("os_with_slow_fsync")  # type: ignore[attr-defined]
    for name in dir(os):
        setattr(agents.atomic_write.os, name, getattr(os, name))
    agents.atomic_write.os.fsync = slow_fsync  # type: ignore[attr-defined]
    services = offline_services(HashedNgramEmbedder(dimension=256))
    newest = newest_slot(saves_dir)
    simulation: Simulation = (load_slot(newest.path, saves_dir).simulation if newest is not None
                              else pickle.loads(start_pickle.read_bytes()))
    print(f"started {simulation.clock.step_index}", flush=True)
    writer = BackgroundSaveWriter()
    last: str | None = None
    while True:
        run_steps(simulation, 1, services)
        last = next_autosave_slot(saves_dir, 3, busy=writer.pending, after=last)
        writer.submit(capture_save(simulation, last, saves_dir), "autosave")
        print(f"writing {last} {simulation.clock.step_index}", flush=True)
        for outcome in writer.wait():
            print(f"saved {outcome.slot} {outcome.header.step_index if outcome.header else 'failed'}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
