"""Benchmark of saving in the window: how long the main thread is stopped to capture a save
(``pickle.dumps`` of the simulation, :func:`agents.persistence.save_slots.capture_save`), how long
the writer thread then takes (hash, atomic write, fsync) and how long loading the slot takes
(:func:`agents.persistence.save_slots.load_slot`: read, checks, unpickle, structure check), for the
"three" and "twenty-five" towns run offline to a given hour. The goal is a capture within one frame
(~16 ms). The first capture of a town is shown apart: it also encodes every memory record so far
(later captures encode only the records added since).

    python bench/save_capture.py [--hour 11] [--repeats 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agents.engine.mind_services_factory import offline_services
from agents.engine.simulation import Simulation
from agents.engine.town_steps import run_steps
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.paths import shipped_worlds_dir
from agents.persistence.save_slots import capture_save, load_slot, write_captured_save
from agents.world.world_folder import load_world_folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hour", type=int, default=11, help="game hour to run the town to first (default 11)")
    parser.add_argument("--repeats", type=int, default=7)
    arguments = parser.parse_args()
    services = offline_services(HashedNgramEmbedder(dimension=256))
    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    with tempfile.TemporaryDirectory() as saves:
        for name in ("three", "twenty-five"):
            simulation = Simulation.create(folder.world_map, folder.load_scenario(name), services, seed=1)
            run_steps(simulation, arguments.hour * 360, services)
            captures, writes, loads, size = [], [], [], 0
            for _ in range(arguments.repeats + 1):
                began = time.perf_counter()
                captured = capture_save(simulation, "bench", Path(saves))
                captures.append((time.perf_counter() - began) * 1000)
                began = time.perf_counter()
                size = write_captured_save(captured).body_bytes
                writes.append((time.perf_counter() - began) * 1000)
                began = time.perf_counter()
                load_slot("bench", Path(saves))
                loads.append((time.perf_counter() - began) * 1000)
            first, captures = captures[0], captures[1:]
            print(f"{name:12s} at {simulation.now:%H:%M}: capture median {statistics.median(captures):5.1f} ms "
                  f"(min {min(captures):5.1f}, max {max(captures):5.1f}; first {first:5.1f}); write on the worker "
                  f"median {statistics.median(writes):5.1f} ms; load median {statistics.median(loads):6.1f} ms "
                  f"(min {min(loads):6.1f}); body {size / 1e6:.2f} MB", flush=True)


if __name__ == "__main__":
    main()
