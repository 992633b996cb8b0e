"""Fixtures for the save-slot tests: the shipped town's "three" scenario stepped to 7 am with the
offline model (built once per session, handed out as fresh copies), and a saves folder under the
test's own per-user home."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from agents.cognition.services import MindServices
from agents.engine.mind_services_factory import offline_services
from agents.engine.simulation import Simulation
from agents.engine.town_steps import run_steps
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.paths import shipped_worlds_dir, user_saves_dir
from agents.world.world_folder import load_world_folder

MORNING_STEPS = 7 * 360  # 7 am: the first resident is getting up


@pytest.fixture(scope="session")
def services() -> MindServices:
    return offline_services(HashedNgramEmbedder(dimension=256))


def stepped_simulation(services: MindServices, steps: int = MORNING_STEPS, seed: int = 5) -> Simulation:
    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    simulation = Simulation.create(folder.world_map, folder.load_scenario("three"), services, seed=seed)
    run_steps(simulation, steps, services)
    return simulation


@pytest.fixture(scope="session")
def morning_pickle(services: MindServices) -> bytes:
    return pickle.dumps(stepped_simulation(services), protocol=pickle.HIGHEST_PROTOCOL)


@pytest.fixture()
def simulation(morning_pickle: bytes) -> Simulation:
    """A fresh copy of the town at 7 am (tests may step it)."""
    copy: Simulation = pickle.loads(morning_pickle)
    return copy


@pytest.fixture()
def saves_dir() -> Path:
    """The per-user saves folder, inside this test's own SMALLVILLE_HOME (not created yet)."""
    return user_saves_dir()
