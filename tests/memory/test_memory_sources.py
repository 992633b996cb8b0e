"""Where conversation and whisper memories came from (``MemoryRecord.source``), and how saves keep it."""

from __future__ import annotations

import pickle
import shutil
import sqlite3
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from agents.cognition.services import MindServices
from agents.engine.mind_services_factory import offline_services as offline_services_with
from agents.engine.simulation import Simulation
from agents.engine.town_steps import hold_conversation, run_steps, step_once
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.memory.records import CONVERSATION, WHISPER, MemoryKind, MemorySource
from agents.memory.stream import MemoryStream
from agents.paths import shipped_worlds_dir
from agents.persistence.array_codec import BadSavedState
from agents.persistence.recorder import Recorder
from agents.persistence.recording_reader import RecordingReader
from agents.persistence.stream_state import STREAM_STATE_FORMAT
from agents.world.world_folder import WorldFolder, load_world_folder

ISABELLA, MARIA, KLAUS = "Isabella Rodriguez", "Maria Lopez", "Klaus Mueller"
EPOCH = datetime(2023, 2, 13)


@lru_cache(maxsize=1)
def town() -> WorldFolder:
    return load_world_folder(shipped_worlds_dir() / "smallville")


def services() -> MindServices:
    return offline_services_with(HashedNgramEmbedder(dimension=64))


def talked_town() -> tuple[Simulation, MindServices]:
    """Three residents at 9 am; Isabella is whispered the party and tells Maria."""
    folder = town()
    scenario = folder.load_scenario("three")
    scenario = replace(scenario, start_time=scenario.start_time.replace(hour=9))
    mind = services()
    sim = Simulation.create(folder.world_map, scenario, mind, seed=4, load_history_csv=False)
    run_steps(sim, 2, mind)  # a plan for the day, and a look around
    sim.whisper(ISABELLA, "You are throwing a Valentine's Day party at Hobbs Cafe on February 14", mind)
    hold_conversation(sim, ISABELLA, MARIA, mind)
    return sim, mind


def test_a_chat_gives_each_side_memories_heard_from_the_partner() -> None:
    sim, _ = talked_town()
    started, first, second, _ = sim.conversation_log[-1]
    assert {first, second} == {ISABELLA, MARIA}
    for me, partner in ((ISABELLA, MARIA), (MARIA, ISABELLA)):
        heard = [r for r in sim.residents[me].memory.records()
                 if r.source is not None and r.source.channel == CONVERSATION]
        assert len(heard) == 3, me  # the summary, the planning thought, the memo
        assert {r.kind for r in heard} == {MemoryKind.DIALOGUE, MemoryKind.THOUGHT}
        assert all(r.source == MemorySource(CONVERSATION, partner, me, started) for r in heard), me
    klaus = sim.residents[KLAUS].memory.records()
    assert not any(r.source is not None for r in klaus)  # never talked, never whispered
    own = [r for r in sim.residents[MARIA].memory.records() if r.kind in (MemoryKind.PLAN, MemoryKind.OBSERVATION)]
    assert own and all(r.source is None for r in own)  # her own, not heard


def test_a_whisper_comes_from_the_player() -> None:
    sim, mind = talked_town()
    record = sim.whisper(KLAUS, "You want to finish your paper on gentrification", mind)
    assert record.source == MemorySource(WHISPER, "", KLAUS, sim.now)
    whispered = [r for r in sim.residents[ISABELLA].memory.records()
                 if r.source is not None and r.source.channel == WHISPER]
    assert len(whispered) == 1 and "Valentine" in whispered[0].description


def test_a_source_needs_a_known_channel() -> None:
    with pytest.raises(ValueError, match="channel"):
        MemorySource("telepathy", "a", "b", EPOCH)


def test_pickling_round_trips_the_sources_and_the_fingerprint() -> None:
    sim, mind = talked_town()
    copy = pickle.loads(pickle.dumps(sim))
    for name in sim.residents:
        assert copy.residents[name].memory.records() == sim.residents[name].memory.records()
    assert copy.snapshot_sha256() == sim.snapshot_sha256()
    # the fingerprint is of the values: a source that differs is a different state
    stream = copy.residents[MARIA].memory
    index = next(r.memory_id for r in stream.records() if r.source is not None)
    stream._records[index] = replace(stream[index], source=replace(stream[index].source, speaker=KLAUS))
    assert copy.snapshot_sha256() != sim.snapshot_sha256()
    # and both go on alike
    again = pickle.loads(pickle.dumps(sim))
    run_steps(sim, 30, mind)
    run_steps(again, 30, mind)
    assert again.snapshot_sha256() == sim.snapshot_sha256()


def _stream_with_sources() -> MemoryStream:
    stream = MemoryStream(4, EPOCH)
    row = np.ones(4, dtype=np.float32) / 2
    stream.add(MemoryKind.OBSERVATION, "the cafe is open", EPOCH, 2, row)
    stream.add(MemoryKind.DIALOGUE, "Ada told me of the party", EPOCH.replace(hour=9), 5, row,
               source=MemorySource(CONVERSATION, "Ada Lee", "Bo Chan", EPOCH.replace(hour=8, minute=59)))
    stream.add(MemoryKind.THOUGHT, "I am running for mayor", EPOCH.replace(hour=10), 8, row,
               source=MemorySource(WHISPER, "", "Bo Chan", EPOCH.replace(hour=10)))
    return stream


def test_a_stream_pickles_its_sources_as_columns() -> None:
    stream = _stream_with_sources()
    state = stream.__reduce_ex__(5)[2]
    assert isinstance(state, dict) and state["format"] == STREAM_STATE_FORMAT == 2
    assert state["source_text"] == "Ada LeeBo ChanBo Chan"
    loaded = pickle.loads(pickle.dumps(stream, protocol=5))
    assert loaded.records() == stream.records()
    stream.add(MemoryKind.OBSERVATION, "later", EPOCH.replace(hour=11), 1, np.ones(4, dtype=np.float32))
    assert pickle.loads(pickle.dumps(stream)).records() == stream.records()  # the columns caught up


def test_a_format_1_stream_still_loads_without_sources() -> None:
    stream = _stream_with_sources()
    state = dict(stream.__reduce_ex__(4)[2])  # type: ignore[arg-type]
    for key in [key for key in state if key.startswith("source_")]:
        del state[key]
    state["format"] = 1
    old = MemoryStream.__new__(MemoryStream)
    old.__setstate__(state)
    assert [r.source for r in old.records()] == [None, None, None]
    assert [replace(r, source=None) for r in stream.records()] == list(old.records())
    with pytest.raises(BadSavedState, match="format 1 with keys"):
        MemoryStream.__new__(MemoryStream).__setstate__({**state, "source_codes": state["kinds"]})
    with pytest.raises(BadSavedState, match="format"):
        MemoryStream.__new__(MemoryStream).__setstate__({**state, "format": 3})


def test_a_saved_source_that_lies_is_refused() -> None:
    state = dict(_stream_with_sources().__reduce_ex__(4)[2])  # type: ignore[arg-type]
    with pytest.raises(BadSavedState, match="source_text_lengths"):
        MemoryStream.__new__(MemoryStream).__setstate__({**state, "source_text": state["source_text"] + "x"})
    with pytest.raises(BadSavedState, match="source_channel_values"):
        MemoryStream.__new__(MemoryStream).__setstate__({**state, "source_channel_values": ("rumour",)})


def _recorded_talk(tmp_path: Path) -> tuple[Path, Simulation]:
    sim, mind = talked_town()
    recorder = Recorder.start(sim, "talk", recordings_dir=tmp_path)
    for _ in range(3):
        step_once(sim, mind)
        recorder.after_step(sim)
    hold_conversation(sim, MARIA, KLAUS, mind)
    step_once(sim, mind)
    recorder.after_step(sim)
    recorder.close(sim)
    return recorder.path, sim


def test_a_recording_keeps_the_sources_and_an_older_one_still_loads(tmp_path: Path) -> None:
    path, sim = _recorded_talk(tmp_path)
    with RecordingReader.open(path) as reader:
        rebuilt = reader.simulation_at(reader.last_step)
    assert rebuilt.snapshot_sha256() == sim.snapshot_sha256()
    assert any(r.source is not None and r.source.speaker == KLAUS for r in rebuilt.residents[MARIA].memory.records())
    old = tmp_path / "old" / path.name
    old.parent.mkdir()
    shutil.copy(path, old)
    with sqlite3.connect(old) as connection:  # as recorded before memories had sources
        connection.execute("DROP TABLE memory_sources")
    with RecordingReader.open(old) as reader:
        rebuilt = reader.simulation_at(reader.last_step)
        view = reader.resident_view(MARIA, reader.last_step)
    for name, resident in sim.residents.items():
        assert list(rebuilt.residents[name].memory.records()) == [replace(r, source=None)
                                                                  for r in resident.memory.records()]
    assert view is not None and view.memories


def test_an_older_recording_goes_on_with_sources(tmp_path: Path) -> None:
    path, sim = _recorded_talk(tmp_path)
    with sqlite3.connect(path) as connection:  # as recorded before memories had sources ...
        connection.execute("DROP TABLE memory_sources")
    for resident in sim.residents.values():  # ... by a town loaded from a save made before them
        stream = resident.memory
        stream._records[:] = [replace(record, source=None) for record in stream.records()]
    mind = services()
    recorder = Recorder.go_on(sim, "talk", recordings_dir=tmp_path)
    assert recorder.path == path  # the same recording, gone on
    hold_conversation(sim, KLAUS, ISABELLA, mind)
    step_once(sim, mind)
    recorder.after_step(sim)
    recorder.close(sim)
    with RecordingReader.open(path) as reader:
        rebuilt = reader.simulation_at(reader.last_step)
    assert rebuilt.snapshot_sha256() == sim.snapshot_sha256()
    heard = [r.source for r in rebuilt.residents[KLAUS].memory.records() if r.source is not None]
    assert heard and all(source.speaker == ISABELLA for source in heard)
