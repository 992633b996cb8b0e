"""Autosaves: the [saves] settings (bad values named), the rotation over autosave-1..N (oldest
overwritten), and the play scene's saver autosaving on game time while a real runner (offline model)
steps, quick saving, and saving on quit."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from agents.cognition.services import MindServices
from agents.engine.simulation import Simulation
from agents.engine.simulation_runner import SimulationRunner
from agents.llm.settings import SettingsError
from agents.paths import shipped_worlds_dir
from agents.persistence.autosave import (
    AutosaveClock,
    AutosaveSettings,
    load_autosave_settings,
    next_autosave_slot,
)
from agents.persistence.save_slots import list_slots, load_slot, save_slot
from agents.world.world_folder import load_world_folder
from game.scenes.town_saver import QUICKSAVE_SLOT, TownSaver


def test_settings_come_from_the_saves_table(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    assert load_autosave_settings(path) == AutosaveSettings(30, 3)
    path.write_text("[saves]\nautosave_interval_game_minutes = 10\nautosave_slots_kept = 5\n")
    assert load_autosave_settings(path) == AutosaveSettings(interval_game_minutes=10, slots_kept=5)


@pytest.mark.parametrize(("line", "named"), [
    ("autosave_interval_game_minutes = 0", "autosave_interval_game_minutes"),
    ("autosave_interval_game_minutes = 'often'", "autosave_interval_game_minutes"),
    ("autosave_slots_kept = 0", "autosave_slots_kept"),
    ("autosave_slots_kept = 2.5", "autosave_slots_kept"),
])
def test_a_bad_value_names_its_field_and_file(tmp_path: Path, line: str, named: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f"[saves]\n{line}\n")
    with pytest.raises(SettingsError) as raised:
        load_autosave_settings(path)
    assert named in str(raised.value) and str(path) in str(raised.value)


def test_the_clock_is_due_each_interval_of_game_time() -> None:
    start = datetime(2023, 2, 13, 8, 0)
    clock = AutosaveClock(timedelta(minutes=30), since=start)
    assert not clock.due(start + timedelta(minutes=29, seconds=50))
    assert clock.due(start + timedelta(minutes=30))
    clock.saved(start + timedelta(minutes=30, seconds=10))
    assert not clock.due(start + timedelta(minutes=59)) and clock.due(start + timedelta(minutes=60, seconds=10))


def test_rotation_fills_free_slots_then_overwrites_the_oldest(simulation: Simulation, saves_dir: Path) -> None:
    chosen = []
    for _ in range(5):
        slot = next_autosave_slot(saves_dir, 3)
        save_slot(simulation, slot, saves_dir)
        chosen.append(slot)
    assert chosen == ["autosave-1", "autosave-2", "autosave-3", "autosave-1", "autosave-2"]
    assert next_autosave_slot(saves_dir, 3, busy={"autosave-3"}) == "autosave-1"


# -- the saver with a real runner -------------------------------------------------------------------


def resumed_runner(simulation: Simulation, services: MindServices) -> SimulationRunner:
    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    runner = SimulationRunner.resume(folder.world_map, folder.load_scenario("three"), simulation, services)
    deadline = time.monotonic() + 60
    while not runner.ready:
        runner.poll()
        assert time.monotonic() < deadline
    return runner


def play(runner: SimulationRunner, saver: TownSaver, frames: int, steps_per_frame: int = 6, *,
         until_game_time: timedelta | None = None, wall_seconds: float = 120.0) -> None:
    """What the play scene does each frame: the saver first, then poll, then ask for steps unless held.
    With ``until_game_time``, frames go on (past ``frames``) until that much game time has passed or
    ``wall_seconds`` are spent: on a loaded machine a frame may end before any step does."""
    start = runner.view.now
    deadline = time.monotonic() + wall_seconds
    frame = 0
    while frame < frames or (until_game_time is not None and runner.view.now - start < until_game_time
                             and time.monotonic() < deadline):
        saver.update()
        runner.poll(budget_seconds=0.05)
        if not saver.holds_steps and runner.ready:
            runner.request_steps(steps_per_frame)
        frame += 1
    for _ in range(400):  # let the last writes finish
        saver.update()
        if not saver.saving:
            return
        time.sleep(0.01)


def test_autosaves_fire_on_their_game_time_interval_into_rotating_slots(simulation: Simulation,
                                                                         services: MindServices,
                                                                         saves_dir: Path) -> None:
    runner = resumed_runner(simulation, services)
    saver = TownSaver(runner, saves_dir, "three", lambda: None, AutosaveSettings(interval_game_minutes=2,
                                                                                 slots_kept=2),
                      origin_slot="morning")
    try:
        start = runner.view.now
        play(runner, saver, frames=130, until_game_time=timedelta(minutes=13))  # 6 steps of 10 s a frame
        elapsed = runner.view.now - start
        assert runner.last_error is None, runner.last_error
        assert elapsed >= timedelta(minutes=10)
        slots = {entry.slot: entry.header for entry in list_slots(saves_dir).slots}
        assert set(slots) == {"autosave-1", "autosave-2"}
        times = sorted(header.game_time for header in slots.values())
        # the two newest autosaves are kept, each taken as its interval was crossed (at a step boundary)
        assert times[1] - times[0] == timedelta(minutes=2)
        assert all((t - start) % timedelta(minutes=2) < timedelta(minutes=1) for t in times)
        assert runner.view.now - times[1] < timedelta(minutes=2)
        assert all(header.parent_slot == "morning" for header in slots.values())
        assert saver.last_message.startswith("autosaved to autosave-")
        assert saver.last_capture_seconds > 0
    finally:
        saver.close()
        runner.close()


def test_quick_save_and_save_on_quit(simulation: Simulation, services: MindServices, saves_dir: Path) -> None:
    runner = resumed_runner(simulation, services)
    saver = TownSaver(runner, saves_dir, "three", lambda: None, AutosaveSettings(interval_game_minutes=600))
    try:
        runner.request_steps(6)
        runner.poll(budget_seconds=0.0005)  # a step may be open now: the quick save waits for its end
        saver.quick_save()
        assert saver.holds_steps and runner.hold_between_steps
        play(runner, saver, frames=20)
        quick = load_slot(QUICKSAVE_SLOT, saves_dir)
        assert saver.last_message == f"quick saved to quicksave at {quick.header.game_time:%a %H:%M}"
        assert saver.origin_slot == QUICKSAVE_SLOT
        runner.request_steps(6)
        header = saver.save_on_quit()
        assert header.game_time == runner.view.now
        idle = runner.simulation_when_idle()
        assert idle is not None
        assert load_slot("autosave-1", saves_dir).simulation.snapshot_sha256() == idle.snapshot_sha256()
    finally:
        saver.close()
        runner.close()


def test_rotation_goes_on_after_the_last_slot_chosen_even_before_it_is_written(saves_dir: Path) -> None:
    assert next_autosave_slot(saves_dir, 3, after="autosave-1") == "autosave-2"
    assert next_autosave_slot(saves_dir, 3, after="autosave-3") == "autosave-1"
    assert next_autosave_slot(saves_dir, 3, after="autosave-7") == "autosave-1"  # the setting shrank
