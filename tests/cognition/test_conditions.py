"""The paper's ablation conditions: full, no-reflection, no-reflection-no-planning, no-memory."""

from __future__ import annotations

import json
import pickle
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from agents.cli.main import main
from agents.cognition.condition import (
    CONDITIONS,
    FULL,
    NO_MEMORY,
    NO_REFLECTION,
    NO_REFLECTION_NO_PLANNING,
    Condition,
    condition_named,
)
from agents.cognition.config import DEFAULT_CONFIG, MindConfig
from agents.cognition.recall import recall
from agents.cognition.reflect import should_reflect
from agents.engine.mind_services_factory import offline_services
from agents.engine.simulation import Simulation
from agents.engine.town_steps import run_steps
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.memory.records import MemoryKind
from agents.memory.stream import MemoryStream
from agents.paths import shipped_worlds_dir
from agents.persistence.save_slots import load_slot, save_slot
from agents.world.world_folder import WorldFolder, load_world_folder

EPOCH = datetime(2023, 2, 13, 8)


@lru_cache(maxsize=1)
def town() -> WorldFolder:
    return load_world_folder(shipped_worlds_dir() / "smallville")


def _town_under(condition: Condition, steps: int) -> Simulation:
    services = offline_services(HashedNgramEmbedder(dimension=64))
    folder = town()
    sim = Simulation.create(folder.world_map, folder.load_scenario("three"), services, seed=2,
                            config=replace(DEFAULT_CONFIG, condition=condition))
    run_steps(sim, steps, services)
    return sim


def _config(condition: Condition) -> MindConfig:
    return replace(DEFAULT_CONFIG, condition=condition)


def _stream() -> tuple[MemoryStream, HashedNgramEmbedder]:
    embedder = HashedNgramEmbedder(dimension=64)
    stream = MemoryStream(64, EPOCH)
    texts = [(MemoryKind.OBSERVATION, "the cafe counter is busy"), (MemoryKind.PLAN, "plan: open the cafe at 8"),
             (MemoryKind.REFLECTION, "Isabella cares about her customers"),
             (MemoryKind.DIALOGUE, "Maria and Isabella chatted about the cafe"),
             (MemoryKind.OBSERVATION, "Klaus Mueller is reading at the cafe")]
    for minutes, (kind, text) in enumerate(texts):
        stream.add(kind, text, EPOCH.replace(minute=minutes), 5, embedder.embed([text])[0])
    return stream, embedder


def test_the_four_conditions_are_named_and_nested() -> None:
    assert list(CONDITIONS) == ["full", "no-reflection", "no-reflection-no-planning", "no-memory"]
    assert condition_named("no-memory") is NO_MEMORY
    with pytest.raises(ValueError, match="the conditions are full, no-reflection"):
        condition_named("no-dreams")
    assert FULL.recalled_kinds() == frozenset(MemoryKind)
    assert NO_REFLECTION.recalled_kinds() == frozenset(MemoryKind) - {MemoryKind.REFLECTION}
    assert NO_REFLECTION_NO_PLANNING.recalled_kinds() == frozenset(MemoryKind) - {MemoryKind.REFLECTION,
                                                                                   MemoryKind.PLAN}
    assert NO_MEMORY.recalled_kinds() == {MemoryKind.OBSERVATION}
    assert DEFAULT_CONFIG.condition is FULL


def test_recall_leaves_out_what_the_condition_takes_away() -> None:
    stream, embedder = _stream()
    query = embedder.embed(["the cafe"])[0]

    def kinds(condition: Condition) -> set[MemoryKind]:
        return {s.record.kind for s in recall(stream, query, EPOCH.replace(hour=9), _config(condition), count=10)}

    assert kinds(FULL) == {MemoryKind.OBSERVATION, MemoryKind.PLAN, MemoryKind.REFLECTION, MemoryKind.DIALOGUE}
    assert kinds(NO_REFLECTION) == {MemoryKind.OBSERVATION, MemoryKind.PLAN, MemoryKind.DIALOGUE}
    assert kinds(NO_REFLECTION_NO_PLANNING) == {MemoryKind.OBSERVATION, MemoryKind.DIALOGUE}
    only = recall(stream, query, EPOCH.replace(hour=9), _config(NO_MEMORY), count=10)
    assert [s.record.description for s in only] == ["Klaus Mueller is reading at the cafe"]  # the current one
    assert recall(stream, query, EPOCH, _config(NO_MEMORY), count=10, kinds=(MemoryKind.PLAN,)) == []
    assert recall(MemoryStream(64, EPOCH), query, EPOCH, _config(NO_MEMORY), count=10) == []


def test_without_reflection_the_trigger_never_fires() -> None:
    sim = _town_under(FULL, 0)
    resident = next(iter(sim.residents.values()))
    resident.importance_since_reflection = 10_000
    assert should_reflect(resident, _config(FULL))
    for condition in (NO_REFLECTION, NO_REFLECTION_NO_PLANNING, NO_MEMORY):
        assert not should_reflect(resident, _config(condition), EPOCH)
        assert not should_reflect(resident, _config(condition))


def test_without_planning_the_day_has_hours_but_no_plan() -> None:
    planned = _town_under(FULL, 3)
    unplanned = _town_under(NO_REFLECTION_NO_PLANNING, 3)
    for name in planned.residents:
        full, bare = planned.residents[name], unplanned.residents[name]
        assert full.daily_plan and any(r.kind is MemoryKind.PLAN for r in full.memory.records())
        assert bare.daily_plan == () and not any(r.kind is MemoryKind.PLAN for r in bare.memory.records())
        assert bare.schedule and bare.action is not None  # the engine still has a current action


def test_the_condition_is_saved_with_the_town_and_old_saves_get_full(tmp_path: Path) -> None:
    sim = _town_under(NO_MEMORY, 2)
    save_slot(sim, "ablated", tmp_path)
    loaded = load_slot("ablated", tmp_path).simulation
    assert loaded.config.condition is not NO_MEMORY and loaded.config.condition == NO_MEMORY
    assert loaded.snapshot_sha256() == sim.snapshot_sha256()
    assert pickle.loads(pickle.dumps(_config(NO_REFLECTION))) == _config(NO_REFLECTION)
    state = dict(vars(DEFAULT_CONFIG))
    del state["condition"]  # a config saved before there were conditions
    old = MindConfig.__new__(MindConfig)
    old.__setstate__(state)
    assert old == DEFAULT_CONFIG and old.condition == FULL
    with pytest.raises(TypeError, match="should be a dict"):
        MindConfig.__new__(MindConfig).__setstate__(["condition"])  # type: ignore[arg-type]


def test_run_takes_a_condition_and_the_summary_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "summary.json"
    assert main(["run", "--model", "offline", "--hours", "0.1", "--condition", "no-memory",
                 "--summary", str(target)]) == 0
    summary = json.loads(target.read_text())
    assert summary["condition"] == "no-memory"
    assert "condition no-memory" in (tmp_path / "summary.md").read_text()
    assert "condition no-memory" in capsys.readouterr().err
    assert main(["run", "--model", "offline", "--hours", "0.05", "--summary", str(target)]) == 0
    assert json.loads(target.read_text())["condition"] == "full"
    with pytest.raises(SystemExit):
        main(["run", "--model", "offline", "--hours", "0.05", "--condition", "no-dreams"])


def test_an_offline_hour_under_each_condition_runs() -> None:
    for condition in CONDITIONS.values():
        sim = _town_under(condition, 8 * 360 + 60)  # past 8 am: up, about, observing
        for resident in sim.residents.values():
            kinds = {r.kind for r in resident.memory.records()}
            assert MemoryKind.OBSERVATION in kinds
            assert (MemoryKind.PLAN in kinds) is condition.plans
            assert MemoryKind.REFLECTION not in kinds or condition.reflects
        assert np.isfinite(sim.residents[next(iter(sim.residents))].memory.importance).all()
