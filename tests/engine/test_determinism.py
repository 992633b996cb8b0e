"""The same seed, scenario and offline model give the same snapshot hash after a game day, in
separate processes with different string-hash seeds."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO_ROOT

ONE_DAY = """
from agents.engine.town_steps import run_steps
from agents.engine.mind_services_factory import offline_services
from agents.engine.simulation import Simulation
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.paths import shipped_worlds_dir
from agents.world.world_folder import load_world_folder
folder = load_world_folder(shipped_worlds_dir() / "smallville")
services = offline_services(HashedNgramEmbedder(dimension=256))
sim = Simulation.create(folder.world_map, folder.load_scenario("three"), services, seed={seed})
run_steps(sim, sim.clock.steps_per_day(), services)
print(sim.snapshot_sha256())
"""


def day_hash(seed: int, hash_seed: int) -> str:
    result = subprocess.run([sys.executable, "-c", ONE_DAY.format(seed=seed)], cwd=REPO_ROOT, capture_output=True,
                            text=True, timeout=300, check=False,
                            env={**os.environ, "PYTHONHASHSEED": str(hash_seed)})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_same_seed_same_snapshot_hash_across_processes() -> None:
    first, second = day_hash(seed=4, hash_seed=1), day_hash(seed=4, hash_seed=2)
    assert len(first) == 64 and first == second


def test_another_seed_gives_another_day() -> None:
    assert day_hash(seed=4, hash_seed=3) != day_hash(seed=5, hash_seed=3)
