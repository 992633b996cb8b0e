"""The player's requests through the simulation runner: an interview answered on a worker while every
frame's poll returns at once (the answer in the view and, after a pickle round trip, in the
transcript); a failed interview says so and can be asked again; a whisper shows at once, marked
whispered; a history CSV is checked in full first (a bad line is named and nothing is loaded)."""

from __future__ import annotations

import pickle
import time
from functools import lru_cache
from pathlib import Path

import pytest

from agents.cognition.interview import INTERVIEWER
from agents.cognition.services import MindServices
from agents.engine.engine_settings import EngineSettings
from agents.engine.mind_services_factory import offline_services
from agents.engine.player_requests import PlayerRequests
from agents.engine.simulation import Simulation
from agents.engine.simulation_runner import SimulationRunner
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.paths import shipped_worlds_dir
from agents.world.errors import WorldFormatError
from agents.world.world_folder import WorldFolder, load_world_folder
from tests.engine.scripted_server import scripted_server
from tests.fixtures.model_server import Fault

MARIA, KLAUS = "Maria Lopez", "Klaus Mueller"
QUESTION = "Who do you have a crush on?"
FRAME_SECONDS = 1 / 60
SLOW_POLL_SECONDS = 0.1  # far above what a poll takes; only a poll that waited for the model is this slow


@lru_cache(maxsize=1)
def town() -> WorldFolder:
    return load_world_folder(shipped_worlds_dir() / "smallville")


def started_runner(services: MindServices, settings: EngineSettings | None = None) -> SimulationRunner:
    folder = town()
    runner = SimulationRunner(folder.world_map, folder.load_scenario("three"), services, seed=5,
                              settings=settings or EngineSettings(workers=2))
    deadline = time.monotonic() + 30
    while not runner.ready:
        assert time.monotonic() < deadline, "the simulation was never created"
        runner.poll()
        time.sleep(0.01)
    return runner


def poll_frames_until(runner: SimulationRunner, done, timeout_seconds: float = 30.0) -> float:  # type: ignore[no-untyped-def]
    """Poll as the game loop does, one poll a frame, until ``done()``; the slowest poll's seconds."""
    slowest = 0.0
    deadline = time.monotonic() + timeout_seconds
    while not done():
        assert time.monotonic() < deadline, "timed out"
        began = time.perf_counter()
        runner.poll()
        slowest = max(slowest, time.perf_counter() - began)
        time.sleep(FRAME_SECONDS)
    return slowest


def answer(context) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {"answer": f"Between us: it is Klaus. (You asked: {context['question']})"}


def test_an_interview_is_answered_on_a_worker_while_the_loop_goes_on() -> None:
    with scripted_server({"interview_answer": answer}, latency_seconds=0.3) as (services, _, server):
        runner = started_runner(services)
        try:
            assert runner.ask_interview(MARIA, QUESTION)
            assert not runner.ask_interview(MARIA, "And another?"), "one question at a time per resident"
            asking = runner.resident_view(MARIA)
            assert asking is not None and asking.interview.waiting and asking.interview.error == ""
            assert asking.interview.transcript[-1] == (INTERVIEWER, QUESTION)
            assert "interview" in asking.thinking
            assert any(s.name == MARIA and "interview" in s.thinking for s in runner.resident_summaries())
            assert runner.request_steps(2)  # the town goes on meanwhile
            slowest = poll_frames_until(runner, lambda: not runner.resident_view(MARIA).interview.waiting)  # type: ignore[union-attr]
            assert slowest < SLOW_POLL_SECONDS, f"a poll took {slowest:.3f} s: the loop waited"
            view = runner.resident_view(MARIA)
            assert view is not None and view.interview.error == "" and not view.interview.waiting
            expected = (MARIA, f"Between us: it is Klaus. (You asked: {QUESTION})")
            assert view.interview.transcript == ((INTERVIEWER, QUESTION), expected)
            assert "interview" not in view.thinking
            poll_frames_until(runner, lambda: runner.ready)
            simulation = runner.simulation_when_idle()
            assert simulation is not None
            loaded = pickle.loads(pickle.dumps(simulation))
            assert loaded.residents[MARIA].interview_transcript == [(INTERVIEWER, QUESTION), expected]
            assert server.stats.chat_requests >= 1
        finally:
            runner.close()


def test_a_failed_interview_says_so_and_can_be_asked_again() -> None:
    with scripted_server({"interview_answer": answer}) as (services, _, server):
        runner = started_runner(services)
        try:
            server.inject(Fault.SERVER_ERROR, times=3)  # the first try and both retries: the model is down
            assert runner.ask_interview(KLAUS, QUESTION)
            poll_frames_until(runner, lambda: not runner.resident_view(KLAUS).interview.waiting)  # type: ignore[union-attr]
            failed = runner.resident_view(KLAUS)
            assert failed is not None and server.pending_faults() == 0
            assert QUESTION in failed.interview.error and "ask again" in failed.interview.error
            assert failed.interview.transcript == ()  # no stand-in answer was given
            assert runner.ask_interview(KLAUS, QUESTION)
            assert runner.resident_view(KLAUS).interview.error == ""  # type: ignore[union-attr]
            poll_frames_until(runner, lambda: not runner.resident_view(KLAUS).interview.waiting)  # type: ignore[union-attr]
            answered = runner.resident_view(KLAUS)
            assert answered is not None and answered.interview.error == ""
            assert answered.interview.transcript[-1][0] == KLAUS
        finally:
            runner.close()


def test_an_interview_past_the_timeout_fails_and_its_late_answer_is_dropped() -> None:
    with scripted_server({"interview_answer": answer}, latency_seconds=1.0) as (services, _, _server):
        folder = town()
        simulation = Simulation.create(folder.world_map, folder.load_scenario("three"), services, seed=1)
        requests = PlayerRequests(services, timeout_seconds=0.3)
        try:
            assert requests.ask(simulation, MARIA, QUESTION)
            deadline = time.monotonic() + 10
            while requests.waiting(MARIA):
                assert time.monotonic() < deadline
                requests.poll(simulation)
                time.sleep(0.02)
            assert "timed out after 0.3 s" in requests.interview_view(MARIA, simulation).error
            time.sleep(1.2)  # the late answer arrives ...
            assert requests.poll(simulation) == 0  # ... and is not applied
            assert simulation.residents[MARIA].interview_transcript == []
        finally:
            requests.close()


def offline() -> MindServices:
    return offline_services(HashedNgramEmbedder(dimension=64))


def test_a_whisper_shows_at_once_marked_whispered() -> None:
    runner = started_runner(offline())
    try:
        before = runner.resident_view(KLAUS)
        assert before is not None
        planted = runner.whisper(KLAUS, "  Maria Lopez is planning a surprise for you  ")
        assert planted.whispered and planted.kind == "thought" and planted.description.startswith("Maria Lopez is")
        after = runner.resident_view(KLAUS)  # no poll in between
        assert after is not None and after.memories[0] == planted and after.version != before.version
        assert len(after.memories) == len(before.memories) + 1
        with pytest.raises(ValueError, match="no resident named"):
            runner.whisper("Nobody Here", "hello")
        with pytest.raises(ValueError, match="empty"):
            runner.whisper(KLAUS, "   ")
        assert runner.resident_view("Nobody Here") is None
    finally:
        runner.close()


def memory_counts(runner: SimulationRunner) -> dict[str, int]:
    simulation = runner.simulation_when_idle()
    assert simulation is not None
    return {name: len(resident.memory) for name, resident in simulation.residents.items()}


@pytest.mark.parametrize(("third_line", "problem"), [
    (",a whisper without a name", "expected a name"),
    ("Nobody Here,you are a ghost", "no resident named 'Nobody Here'"),
    ("Klaus Mueller,  ;  ", "no whisper for Klaus Mueller"),
])
def test_a_history_file_with_a_bad_third_line_is_refused_and_adds_nothing(
        tmp_path: Path, third_line: str, problem: str) -> None:
    path = tmp_path / "history.csv"
    path.write_text(f"Name,Whisper\nMaria Lopez,You love jazz;You are learning the piano\n{third_line}\n"
                    "Klaus Mueller,You are writing a paper\n", encoding="utf-8")
    runner = started_runner(offline())
    try:
        before = memory_counts(runner)
        with pytest.raises(WorldFormatError) as refused:
            runner.load_history(path)
        assert refused.value.where == "line 3" and problem in str(refused.value)
        assert str(path) in str(refused.value)
        assert memory_counts(runner) == before
    finally:
        runner.close()


def test_a_good_history_file_whispers_every_line(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text("Name,Whisper\nMaria Lopez,You love jazz;You are learning the piano\n\n"
                    "Klaus Mueller,\"You are writing a paper, on gentrification\"\n", encoding="utf-8")
    runner = started_runner(offline())
    try:
        before = memory_counts(runner)
        assert runner.load_history(path) == 3
        after = memory_counts(runner)
        assert after[MARIA] == before[MARIA] + 2 and after[KLAUS] == before[KLAUS] + 1
        klaus = runner.resident_view(KLAUS)
        assert klaus is not None and klaus.memories[0].whispered
        assert klaus.memories[0].description == "You are writing a paper, on gentrification"
        maria = runner.resident_view(MARIA)
        assert maria is not None and [m.description for m in maria.memories[:2]] == [
            "You are learning the piano", "You love jazz"]
    finally:
        runner.close()


def test_the_inline_interview_still_works() -> None:
    mind = offline()
    folder = town()
    simulation = Simulation.create(folder.world_map, folder.load_scenario("three"), mind, seed=1)
    answer_text = simulation.interview(MARIA, "Who are you?", mind, remember_it=True)
    maria = simulation.residents[MARIA]
    assert answer_text and maria.interview_transcript == [(INTERVIEWER, "Who are you?"), (MARIA, answer_text)]
    assert maria.memory[len(maria.memory) - 1].description.startswith(f"{MARIA} was asked \"Who are you?\"")
