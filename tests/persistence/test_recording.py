"""Recordings of a real offline run of the shipped town (13.5 game hours of the "three" scenario, with
conversations, reflections, an interview and a whisper): the frames and the residents' views read
back equal what the live town showed at every step; the timeline's markers; a fork from a keyframe
goes on exactly as the run that was never interrupted; a recording is read while it is written and
goes on (or branches) when its town is resumed."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from agents.cognition.services import MindServices
from agents.engine.step_driver import StepDriver
from agents.engine.town_steps import run_steps
from agents.persistence.recorder import Recorder, RecorderSettings
from agents.persistence.recording_fork import fork_from_recording
from agents.persistence.recording_reader import RecordingReader
from agents.persistence.recording_store import RecordingError, list_recordings
from agents.persistence.save_slots import load_slot
from agents.views.town_frame import tiles_of_residents, view_of
from tests.persistence.recording_runs import (
    INTERVIEWED,
    QUESTION,
    VIEW_FIELDS_COMPARED,
    WHISPER,
    WHISPERED_TO,
    RecordedRun,
    record_run,
    town,
)

STEPS = 4860  # 00:00 to 13:30: the day planned, reflections at 9:50, conversations from noon
HOUR = 360
INTERVIEW_STEP = 3600  # 10:00
FORK_KEYFRAME = 12 * HOUR
FORK_STEPS = HOUR


def _view_steps() -> set[int]:
    sampled = set(range(1, STEPS + 1, 13))
    sampled |= set(range(12 * HOUR, 12 * HOUR + 240))  # noon: conversations
    sampled |= set(range(INTERVIEW_STEP - 2, INTERVIEW_STEP + 4))
    for keyframe in range(HOUR, STEPS, HOUR):
        sampled |= {keyframe - 1, keyframe, keyframe + 1}
    return {s for s in sampled if 1 <= s <= STEPS}


@pytest.fixture(scope="module")
def recorded(services: MindServices, tmp_path_factory: pytest.TempPathFactory) -> RecordedRun:
    return record_run(services, tmp_path_factory.mktemp("recordings"), steps=STEPS, interview_step=INTERVIEW_STEP,
                      view_steps=_view_steps(),
                      hash_steps={0, FORK_KEYFRAME, FORK_KEYFRAME + FORK_STEPS, STEPS} | set(range(0, STEPS, HOUR)))


@pytest.fixture()
def reader(recorded: RecordedRun) -> RecordingReader:
    opened = RecordingReader.open(recorded.path)
    yield opened  # type: ignore[misc]
    opened.close()


def test_the_frames_are_the_live_towns_at_every_step_in_order_and_at_random(recorded: RecordedRun,
                                                                             reader: RecordingReader) -> None:
    assert (reader.first_step, reader.last_step) == (0, STEPS)
    for step, live in recorded.frames.items():
        assert reader.frame(step) == live, f"step {step}"
    steps = list(recorded.frames)
    random.Random(3).shuffle(steps)
    for step in steps[:400]:
        assert reader.frame(step) == recorded.frames[step], f"step {step} read out of order"
    walked = sum(1 for f in recorded.frames.values() for r in f.residents if r.tile != r.previous_tile)
    chatting = [f for f in recorded.frames.values() if any(r.chat for r in f.residents)]
    assert walked > 500 and chatting, "the run should have residents walking and talking"


def test_the_residents_views_are_the_live_views_as_of_each_step(recorded: RecordedRun,
                                                                 reader: RecordingReader) -> None:
    for (name, step), live in sorted(recorded.views.items(), key=lambda item: (item[0][1], item[0][0])):
        replayed = reader.resident_view(name, step)
        assert replayed is not None
        for field in VIEW_FIELDS_COMPARED:
            assert getattr(replayed, field) == getattr(live, field), f"{name} at step {step}: {field}"
    # and out of order, which rebuilds from the keyframes
    for (name, step), live in random.Random(4).sample(sorted(recorded.views.items()), 60):
        replayed = reader.resident_view(name, step)
        assert replayed is not None and replayed.memories == live.memories and replayed.schedule == live.schedule


def test_the_views_show_the_interview_the_whisper_reflections_and_conversations(recorded: RecordedRun,
                                                                               reader: RecordingReader) -> None:
    before = reader.resident_view(INTERVIEWED, INTERVIEW_STEP - 1)
    after = reader.resident_view(INTERVIEWED, INTERVIEW_STEP)
    assert before is not None and after is not None
    assert not before.interview.transcript and after.interview.transcript[0] == ("Interviewer", QUESTION)
    whispered = reader.resident_view(WHISPERED_TO, INTERVIEW_STEP)
    assert whispered is not None and any(m.whispered and m.description == WHISPER for m in whispered.memories)
    last = {name: reader.resident_view(name, STEPS) for name in reader.meta.resident_names()}
    assert all(v is not None and v.reflections and all(r.evidence for r in v.reflections) for v in last.values())
    assert any(v is not None and v.past_conversations for v in last.values())
    assert reader.resident_view("Nobody Here", 10) is None


def test_the_markers_are_where_conversations_began_and_reflections_were_made(recorded: RecordedRun,
                                                                             reader: RecordingReader) -> None:
    assert recorded.final is not None
    markers = reader.markers()
    conversations = {(m.step, frozenset(m.names)) for m in markers if m.kind == "conversation"}
    expected = {(reader.step_at(started), frozenset((a, b))) for started, a, b, _ in recorded.final.conversation_log}
    assert conversations == expected and conversations
    reflections = [m for m in markers if m.kind == "reflection"]
    made = {r.created_at for resident in recorded.final.residents.values() for r in resident.memory.records()
            if r.kind.value == "reflection"}
    assert reflections and {reader.time_of(m.step - 1) for m in reflections} == made
    assert [m.step for m in markers] == sorted(m.step for m in markers)


def test_times_and_steps_convert_both_ways(reader: RecordingReader) -> None:
    assert reader.time_of(0) == reader.meta.clock_start
    assert reader.time_of(HOUR).hour == 1 and reader.step_at(reader.time_of(1234)) == 1234
    with pytest.raises(RecordingError, match="not in this recording"):
        reader.frame(STEPS + 1)


def test_keyframes_are_every_game_hour_and_at_the_end(reader: RecordingReader) -> None:
    assert reader.keyframe_steps() == (*range(0, STEPS, HOUR), STEPS)
    assert reader.keyframe_at_or_before(HOUR + 5) == HOUR


def test_each_keyframe_is_the_town_as_it_was(recorded: RecordedRun, reader: RecordingReader) -> None:
    for step in range(0, STEPS, HOUR):
        rebuilt = reader.simulation_at(step + 7)  # a step after the keyframe: the keyframe at or before
        assert rebuilt.clock.step_index == step
        assert rebuilt.snapshot_sha256() == recorded.hashes[step], f"keyframe {step}"
    assert reader.simulation_at(STEPS).snapshot_sha256() == recorded.hashes[STEPS]


def test_a_fork_from_a_keyframe_goes_on_as_the_run_never_interrupted(recorded: RecordedRun, reader: RecordingReader,
                                                                     services: MindServices, tmp_path: Path) -> None:
    forked = fork_from_recording(reader, FORK_KEYFRAME + 100, "what-if", saves_dir=tmp_path / "saves",
                                 recordings_dir=recorded.recordings_dir)
    assert forked.origin.step == FORK_KEYFRAME and forked.simulation.clock.step_index == FORK_KEYFRAME
    assert forked.simulation.snapshot_sha256() == recorded.hashes[FORK_KEYFRAME]
    loaded = load_slot("what-if", tmp_path / "saves")
    assert loaded.simulation.snapshot_sha256() == recorded.hashes[FORK_KEYFRAME]
    assert loaded.header.recording == "what-if"  # the slot goes on into its own recording
    driver = StepDriver.inline(forked.simulation, services)
    driver.on_step_passed.append(forked.recorder.on_step_passed)
    for _ in range(FORK_STEPS):
        driver.step()
    forked.recorder.close(forked.simulation)
    assert forked.recorder.failure is None
    assert forked.simulation.snapshot_sha256() == recorded.hashes[FORK_KEYFRAME + FORK_STEPS]

    with RecordingReader.open("what-if", recorded.recordings_dir) as fork:
        assert fork.meta.parent is not None and fork.meta.parent.name == recorded.path.stem
        assert (fork.first_step, fork.own_first_step, fork.last_step) == (0, FORK_KEYFRAME, FORK_KEYFRAME + FORK_STEPS)
        for step in (5, FORK_KEYFRAME - 1, FORK_KEYFRAME, FORK_KEYFRAME + 1, FORK_KEYFRAME + FORK_STEPS):
            assert fork.frame(step) == recorded.frames[step], f"the fork's step {step}"
        assert [m for m in fork.markers() if m.step <= FORK_KEYFRAME + FORK_STEPS] == \
            [m for m in reader.markers() if m.step <= FORK_KEYFRAME + FORK_STEPS]
        view = fork.resident_view(INTERVIEWED, FORK_KEYFRAME + 50)
        assert view is not None and view.memories == recorded.views[(INTERVIEWED, FORK_KEYFRAME + 50)].memories
        assert fork.keyframe_steps()[0] == 0 and FORK_KEYFRAME in fork.keyframe_steps()
    listed = {entry.name: entry for entry in list_recordings(recorded.recordings_dir).recordings}
    assert listed["what-if"].meta.parent is not None and listed["what-if"].meta.parent.step == FORK_KEYFRAME


def test_a_recording_is_read_while_it_is_written(services: MindServices, tmp_path: Path) -> None:
    simulation = town(services)
    driver = StepDriver.inline(simulation, services)
    recorder = Recorder.start(simulation, "live", recordings_dir=tmp_path,
                              settings=RecorderSettings(commit_min_seconds=0.0))  # every game minute
    with RecordingReader.open("live", tmp_path) as reader:
        assert reader.last_step == 0
        seen = []
        for _ in range(40):
            before = tiles_of_residents(simulation)
            driver.step()
            recorder.after_step(simulation)
            seen.append(reader.last_step)
            assert reader.frame(reader.last_step).step_index == reader.last_step
        assert seen[-1] >= 40 - 6 and seen == sorted(seen) and len(set(seen)) >= 6, seen
        recorder.close(simulation)
        assert reader.last_step == 40 and reader.frame(40) == view_of(simulation, before)


def test_a_fast_run_commits_a_few_times_a_second_not_every_game_minute(services: MindServices,
                                                                       tmp_path: Path) -> None:
    simulation = town(services)
    recorder = Recorder.start(simulation, "fast", recordings_dir=tmp_path, settings=RecorderSettings(
        keyframe_minutes=600, commit_minutes=1, commit_min_seconds=3600))
    for _ in range(60):
        run_steps(simulation, 1, services)
        recorder.after_step(simulation)
    assert recorder.committed_step == 0, "not a commit before the wall-clock interval has passed"
    recorder.flush()
    assert recorder.committed_step == 60
    recorder.close(simulation)


def test_a_resumed_town_goes_on_in_its_recording_or_branches_from_it(services: MindServices, tmp_path: Path) -> None:
    simulation = town(services)
    driver = StepDriver.inline(simulation, services)
    recorder = Recorder.start(simulation, "slot-a", recordings_dir=tmp_path, settings=RecorderSettings())
    driver.on_step_passed.append(recorder.on_step_passed)
    for _ in range(30):
        driver.step()
    recorder.close(simulation)

    again = Recorder.go_on(simulation, "slot-a", recordings_dir=tmp_path)  # the run that saved it stopped here
    assert again.name == "slot-a"
    driver.on_step_passed[:] = [again.on_step_passed]
    for _ in range(30):
        before = tiles_of_residents(simulation)
        driver.step()
    again.close(simulation)
    with RecordingReader.open("slot-a", tmp_path) as reader:
        assert (reader.first_step, reader.last_step) == (0, 60)
        assert reader.frame(60) == view_of(simulation, before)
        assert reader.simulation_at(60).snapshot_sha256() == simulation.snapshot_sha256()

    earlier = town(services)
    run_steps(earlier, 45, services)  # a town at step 45: the recording went on past it
    branch = Recorder.go_on(earlier, "slot-a", recordings_dir=tmp_path)
    assert branch.name == "slot-a-2" and branch.meta.parent is not None
    assert (branch.meta.parent.name, branch.meta.parent.step) == ("slot-a", 45)
    branch.close(earlier)
    with RecordingReader.open("slot-a-2", tmp_path) as reader:
        assert (reader.first_step, reader.own_first_step, reader.last_step) == (0, 45, 45)


def test_an_existing_recording_is_not_replaced_unless_asked(services: MindServices, tmp_path: Path) -> None:
    simulation = town(services)
    Recorder.start(simulation, "taken", recordings_dir=tmp_path).close(simulation)
    with pytest.raises(RecordingError, match="exists already"):
        Recorder.start(simulation, "taken", recordings_dir=tmp_path)
    Recorder.start(simulation, "taken", recordings_dir=tmp_path, overwrite=True).close(simulation)
    with pytest.raises(RecordingError, match="slot name|recording name"):
        Recorder.start(simulation, "no spaces please", recordings_dir=tmp_path)
