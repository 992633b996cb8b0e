"""The believability figures of an offline day (issue 15), measured from a headless run.

Runs a scenario with the offline model (the same services as ``smallville-sim run --model offline``,
sequentially, which gives the same day as any number of workers) and prints the figures of
:mod:`agents.engine.day_figures`: reflections, repeats, conversations per resident-day and per hour,
sleeps at home, repeated action descriptions and dialogue lines.

Run from the repository root: ``python bench/offline_day.py --scenario twenty-five --hours 24 --seed 3``.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agents.engine.day_figures import day_figures
from agents.engine.mind_services_factory import offline_services
from agents.engine.simulation import Simulation
from agents.engine.town_steps import run_steps
from agents.paths import shipped_worlds_dir
from agents.world.world_folder import load_world_folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="three")
    parser.add_argument("--hours", type=float, default=24)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    services = offline_services()
    sim = Simulation.create(folder.world_map, folder.load_scenario(args.scenario), services, seed=args.seed)
    start = time.perf_counter()
    run_steps(sim, round(args.hours * 3600 / sim.clock.step_seconds), services)
    print(f"{args.scenario}, seed {args.seed}: {time.perf_counter() - start:.1f} s wall")
    print(day_figures(sim, args.hours).text())
    corrections = getattr(services.runner, "corrections_snapshot", None)
    if corrections is not None:
        print("corrections:", corrections())


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    main()
