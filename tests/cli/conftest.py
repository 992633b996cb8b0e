"""Fixtures for the command-line tests: a small town (the shipped "three" scenario, a few minutes
in, offline model) pickled once per session and handed out as fresh copies, and a saves folder."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from agents.engine.mind_services_factory import offline_services
from agents.engine.simulation import Simulation
from agents.engine.town_steps import run_steps
from agents.paths import shipped_worlds_dir
from agents.world.world_folder import load_world_folder

TOWN_STEPS = 30  # five game minutes


@pytest.fixture(scope="session")
def town_pickle() -> bytes:
    services = offline_services()
    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    simulation = Simulation.create(folder.world_map, folder.load_scenario("three"), services, seed=1)
    run_steps(simulation, TOWN_STEPS, services)
    return pickle.dumps(simulation, protocol=pickle.HIGHEST_PROTOCOL)


@pytest.fixture()
def town(town_pickle: bytes) -> Simulation:
    copy: Simulation = pickle.loads(town_pickle)
    return copy


@pytest.fixture()
def saves_dir(tmp_path: Path) -> Path:
    return tmp_path / "saves"
