"""A child process for the kill -9 test of recordings: steps a town pickled at 7 am and records it
into a recording of a recordings folder, one transaction per game minute, for ever; after each step
prints "recorded <step> <committed step>" for the parent to time its kill."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from agents.engine.mind_services_factory import offline_services
from agents.engine.simulation import Simulation
from agents.engine.step_driver import StepDriver
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.persistence.recorder import Recorder, RecorderSettings


def main(recordings_dir: Path, name: str, start_pickle: Path) -> None:
    services = offline_services(HashedNgramEmbedder(dimension=256))
    simulation: Simulation = pickle.loads(start_pickle.read_bytes())
    driver = StepDriver.inline(simulation, services)
    # a transaction per game minute, however fast the run goes (the default commits at most 4 a second)
    recorder = Recorder.start(simulation, name, recordings_dir=recordings_dir,
                              settings=RecorderSettings(commit_min_seconds=0.0))
    print(f"started {simulation.clock.step_index}", flush=True)
    while True:
        driver.step()
        recorder.after_step(simulation)
        print(f"recorded {recorder.last_step} {recorder.committed_step}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
