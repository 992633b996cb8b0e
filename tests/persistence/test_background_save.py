"""Resume and background saves: a town resumed from a save steps on exactly as the uninterrupted run
(pooled driver, offline model); a save captured between steps and written on the writer's thread is
the same file a plain save makes; pictures beside slots are listed, copied by forks, deleted with
slots; a failed write is reported, not raised."""

from __future__ import annotations

import errno
import time
from pathlib import Path

import pytest

from agents.cognition.services import MindServices
from agents.engine.simulation import Simulation
from agents.engine.simulation_runner import SimulationRunner
from agents.paths import shipped_worlds_dir
from agents.persistence import save_slots
from agents.persistence.background_save import BackgroundSaveWriter, remove_stale_temporaries
from agents.persistence.save_slots import (
    capture_save,
    delete_slot,
    fork_slot,
    list_slots,
    load_slot,
    newest_slot,
    save_slot,
    slot_path,
)
from agents.persistence.thumbnails import PNG_SIGNATURE, thumbnail_path
from agents.world.world_folder import load_world_folder

STEPS_AFTER = 180  # half a game hour of a town that is up
FAKE_PNG = PNG_SIGNATURE + b"not really a picture, but it starts like one"


def run_steps(runner: SimulationRunner, steps: int, timeout_seconds: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_seconds
    while not runner.ready:
        runner.poll()
        assert time.monotonic() < deadline, "the runner was never ready"
    assert runner.request_steps(steps)
    while not runner.poll(budget_seconds=0.5):
        assert time.monotonic() < deadline, "the steps never passed"


def test_a_resumed_town_steps_on_as_the_uninterrupted_run(simulation: Simulation, services: MindServices,
                                                         saves_dir: Path) -> None:
    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    scenario = folder.load_scenario("three")
    save_slot(simulation, "morning", saves_dir)
    uninterrupted = SimulationRunner.resume(folder.world_map, scenario, simulation, services)
    resumed = SimulationRunner.resume(folder.world_map, scenario, load_slot("morning", saves_dir).simulation,
                                      services)
    try:
        assert resumed.view.now == simulation.now, "the first view is the loaded town's, not the scenario start"
        start_tiles = {r.name: r.tile for r in resumed.view.residents}
        run_steps(uninterrupted, STEPS_AFTER // 2)  # the uninterrupted run saves half-way: capture, go on
        halfway = uninterrupted.simulation_when_idle()
        assert halfway is not None
        save_slot(halfway, "halfway", saves_dir)
        run_steps(uninterrupted, STEPS_AFTER - STEPS_AFTER // 2)
        run_steps(resumed, STEPS_AFTER)
        ours, theirs = uninterrupted.simulation_when_idle(), resumed.simulation_when_idle()
        assert ours is not None and theirs is not None
        assert theirs.clock.step_index == ours.clock.step_index
        assert theirs.snapshot_sha256() == ours.snapshot_sha256()
        assert any(r.tile != start_tiles[r.name] for r in resumed.view.residents), "nobody moved: a weak test"
        # and the half-way save resumed goes on to the same state too
        again = SimulationRunner.resume(folder.world_map, scenario, load_slot("halfway", saves_dir).simulation,
                                        services)
        try:
            run_steps(again, STEPS_AFTER - STEPS_AFTER // 2)
            assert again.simulation_when_idle().snapshot_sha256() == ours.snapshot_sha256()  # type: ignore[union-attr]
        finally:
            again.close()
    finally:
        uninterrupted.close()
        resumed.close()


def test_a_background_save_writes_what_a_plain_save_writes(simulation: Simulation, saves_dir: Path) -> None:
    writer = BackgroundSaveWriter()
    try:
        captured = capture_save(simulation, "background", saves_dir, parent_slot="morning", thumbnail_png=FAKE_PNG)
        assert not slot_path("background", saves_dir).exists(), "capturing writes nothing"
        writer.submit(captured, "autosave")
        outcomes = writer.wait(30)
    finally:
        writer.close()
    assert [(o.slot, o.kind, o.succeeded) for o in outcomes] == [("background", "autosave", True)]
    plain = save_slot(simulation, "plain", saves_dir)
    header = outcomes[0].header
    assert header is not None and header.body_sha256 == plain.body_sha256 and header.parent_slot == "morning"
    loaded = load_slot("background", saves_dir)
    assert loaded.simulation.snapshot_sha256() == simulation.snapshot_sha256()
    assert thumbnail_path(loaded.path).read_bytes() == FAKE_PNG


def test_pictures_are_listed_copied_by_forks_and_deleted_with_their_slot(simulation: Simulation,
                                                                          saves_dir: Path) -> None:
    save_slot(simulation, "pictured", saves_dir, thumbnail_png=FAKE_PNG)
    save_slot(simulation, "bare", saves_dir)
    fork_slot("pictured", "fork", saves_dir)
    entries = {entry.slot: entry for entry in list_slots(saves_dir).slots}
    assert entries["pictured"].thumbnail == saves_dir / "pictured.thumb.png"
    assert entries["bare"].thumbnail is None
    assert entries["fork"].thumbnail is not None and entries["fork"].thumbnail.read_bytes() == FAKE_PNG
    assert entries["fork"].header.parent_slot == "pictured"
    save_slot(simulation, "pictured", saves_dir)  # saved again without a picture: the old one would be wrong
    assert not (saves_dir / "pictured.thumb.png").exists()
    delete_slot("fork", saves_dir)
    assert not (saves_dir / "fork.thumb.png").exists() and not (saves_dir / "fork.smallville-save").exists()
    save_slot(simulation, "junk", saves_dir, thumbnail_png=b"GIF89a")  # not a PNG: not stored
    assert not (saves_dir / "junk.thumb.png").exists()


def test_newest_slot_is_the_last_one_saved(simulation: Simulation, saves_dir: Path) -> None:
    assert newest_slot(saves_dir) is None
    save_slot(simulation, "first", saves_dir)
    save_slot(simulation, "autosave-1", saves_dir)
    newest = newest_slot(saves_dir)
    assert newest is not None and newest.slot == "autosave-1"
    (saves_dir / "zzz-broken.smallville-save").write_bytes(b"SMALLVILLE-SAVE\n{")
    assert newest_slot(saves_dir).slot == "autosave-1"  # type: ignore[union-attr]


def test_a_failed_background_write_is_an_outcome_with_the_reason(simulation: Simulation, saves_dir: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    save_slot(simulation, "kept", saves_dir)
    before = slot_path("kept", saves_dir).read_bytes()

    def disk_full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(save_slots, "write_bytes_atomically", disk_full)
    writer = BackgroundSaveWriter()
    try:
        writer.submit(capture_save(simulation, "kept", saves_dir))
        (outcome,) = writer.wait(30)
    finally:
        writer.close()
    assert not outcome.succeeded and "disk is full" in (outcome.error or "")
    assert slot_path("kept", saves_dir).read_bytes() == before


def test_stale_temporaries_of_interrupted_writes_are_removed(saves_dir: Path) -> None:
    saves_dir.mkdir(parents=True)
    old = saves_dir / ".autosave-1.smallville-save.abc123.tmp"
    fresh = saves_dir / ".autosave-2.smallville-save.def456.tmp"
    old.write_bytes(b"half")
    fresh.write_bytes(b"half")
    past = time.time() - 3600
    import os

    os.utime(old, (past, past))
    assert remove_stale_temporaries(saves_dir) == 1
    assert not old.exists() and fresh.exists()
