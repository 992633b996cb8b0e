"""The smoke test's save check: a round trip through a slot in the per-user saves folder that leaves
nothing behind, and a clear failure when the loaded state differs or the folder is not writable."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.cognition.services import MindServices
from agents.engine.simulation import Simulation
from agents.engine.town_steps import step_once
from agents.paths import user_saves_dir
from agents.persistence import save_slots
from agents.persistence.save_slots import LoadedSlot
from game.smoke_test import SmokeTestFailure, _check_save_slot


def test_the_save_check_passes_and_leaves_no_saves_folder(simulation: Simulation) -> None:
    assert _check_save_slot(simulation) > 100_000
    assert not user_saves_dir().exists()


def test_the_save_check_keeps_an_existing_saves_folder_and_its_slots(simulation: Simulation) -> None:
    save_slots.save_slot(simulation, "mine", user_saves_dir())
    _check_save_slot(simulation)
    assert [p.name for p in user_saves_dir().iterdir()] == ["mine.smallville-save"]


def test_the_save_check_fails_when_the_loaded_state_differs(simulation: Simulation, services: MindServices,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    real_load = save_slots.load_slot

    def load_one_step_on(slot: str | Path, saves_dir: Path) -> LoadedSlot:
        loaded = real_load(slot, saves_dir)
        step_once(loaded.simulation, services)
        return loaded

    monkeypatch.setattr(save_slots, "load_slot", load_one_step_on)
    with pytest.raises(SmokeTestFailure, match="differs from the one saved"):
        _check_save_slot(simulation)
    assert not user_saves_dir().exists()


def test_the_save_check_fails_clearly_when_the_saves_folder_is_not_writable(simulation: Simulation) -> None:
    user_saves_dir().parent.mkdir(parents=True)
    user_saves_dir().write_text("a file where the saves folder should be")
    with pytest.raises(SmokeTestFailure, match="saving and loading a save slot failed: .* not writable"):
        _check_save_slot(simulation)
