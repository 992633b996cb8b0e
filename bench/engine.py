"""Benchmark of the engine.

(a) wall time of one game day of the 25 residents with the offline model (target <= 60 s);
(b) one game hour of the 25 residents against the test server at 500 ms per call (answers by the
    offline rules, over HTTP), "every step decided": wall time with 16 workers and with 1 worker (the
    original's one-after-another way) and the speed-up (target >= 10x). Two hours are measured: the
    scenario's first hour (00:00-01:00: everyone plans the day) and a busy morning hour (08:00-09:00,
    from the town run offline to 7:50 and then ten game minutes against the server, not timed, so
    the hour begins as in a run already going; both worker counts start from the same pickled state
    and both end the hour when the work it asked ahead is back);
(c) the game loop's frame time (update + draw + flip, without the 60 fps wait), p99 and median,
    while the residents think on 16 workers against the test server at 500 ms per call
    (target p99 <= 20 ms). The server runs in its own process, as a model server does (in this
    process its 16 connection threads would compete with the game loop for the interpreter). The main thread owns the simulation and applies the answers in
    ``update``; that includes waiting at most 2 ms a frame for answers (see
    ``SimulationRunner.poll``).

    python bench/engine.py [--seconds 8] [--skip-hours]
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import pickle
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pygame

from agents.cognition.services import MindServices
from agents.engine.engine_settings import EngineSettings
from agents.engine.mind_services_factory import offline_services
from agents.engine.operation_pool import OperationPool
from agents.engine.simulation import Simulation
from agents.engine.simulation_runner import SimulationRunner
from agents.engine.step_driver import StepDriver
from agents.engine.town_steps import run_steps
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.llm.openai_model import EndpointConfig, OpenAICompatibleModel
from agents.paths import shipped_worlds_dir
from agents.prompts.runner import PromptRunner
from agents.world.world_folder import load_world_folder
from game.scenes.play_scene import PlayScene
from tests.engine.scripted_server import scripted_server
from tests.fixtures.model_server import ModelServer


def one_offline_day(folder, scenario_name: str) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    services = offline_services()
    scenario = folder.load_scenario(scenario_name)
    simulation = Simulation.create(folder.world_map, scenario, services, seed=0)
    began = time.perf_counter()
    run_steps(simulation, simulation.clock.steps_per_day(), services)
    return time.perf_counter() - began, len(scenario.personas)


def one_served_hour(start: bytes, workers: int, warm_up_steps: int = 0) -> tuple[float, int, int]:
    """Wall seconds, model calls and rounds for one game hour from the pickled ``start``, after
    ``warm_up_steps`` against the same server, not timed, and the work they asked ahead (so the hour
    begins as in a run that was already going: the work asked ahead before it is back)."""
    simulation = pickle.loads(start)
    with scripted_server(latency_seconds=0.5, max_concurrent_requests=workers) as (services, meter, _server):
        driver = StepDriver(simulation, services, OperationPool(workers))
        try:
            for _ in range(warm_up_steps):
                driver.step()
            driver.finish_background()
            calls_before, rounds_before = meter.snapshot().total.calls, driver.counters().rounds
            began = time.perf_counter()
            for _ in range(360):
                driver.step()
            driver.finish_background()  # the hour's work asked ahead counts too, whatever the workers
            wall = time.perf_counter() - began
        finally:
            driver.close()
        calls = meter.snapshot().total.calls - calls_before
    return wall, calls, driver.counters().rounds - rounds_before


def town_at(folder, hour: int, minute: int = 0) -> bytes:  # type: ignore[no-untyped-def]
    services = offline_services(HashedNgramEmbedder(dimension=256))
    simulation = Simulation.create(folder.world_map, folder.load_scenario("twenty-five"), services, seed=0)
    run_steps(simulation, round((hour * 3600 + minute * 60) / simulation.clock.step_seconds), services)
    return pickle.dumps(simulation)


def _serve(latency_seconds: float, connection: Connection) -> None:
    with ModelServer(latency_seconds=latency_seconds) as server:
        connection.send(server.base_url)
        connection.recv()  # until told to stop


@contextmanager
def server_in_own_process(latency_seconds: float) -> Iterator[str]:
    """The test server's base URL, served from a child process as a real model server is: its
    threads do not compete with the game loop for the interpreter."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve, args=(latency_seconds, theirs), daemon=True)
    process.start()
    try:
        if not ours.poll(60):
            raise RuntimeError("the test server process did not start within 60 s")
        yield ours.recv()
    finally:
        ours.send("stop")
        process.join(5)
        if process.is_alive():
            process.terminate()


def frame_times_while_thinking(folder, seconds: float) -> tuple[list[float], int]:  # type: ignore[no-untyped-def]
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode((1280, 720))
    with server_in_own_process(latency_seconds=0.5) as base_url:
        model = OpenAICompatibleModel(EndpointConfig(base_url=base_url, model="smallville-test-model",
                                                     api_key=None, timeout_seconds=10.0,
                                                     max_concurrent_requests=16))
        services = MindServices(PromptRunner(model), offline_services().embedder)
        scenario = folder.load_scenario("twenty-five")
        runner = SimulationRunner(folder.world_map, scenario, services, settings=EngineSettings(workers=16))
        scene = PlayScene(folder, scenario, screen.get_size(), runner=runner, model_label="test server, 500 ms")
        clock = pygame.time.Clock()
        times: list[float] = []
        busy_frames = 0
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            began = time.perf_counter()
            scene.update(clock.get_time() / 1000)
            scene.draw(screen)
            pygame.display.flip()
            times.append(time.perf_counter() - began)
            busy_frames += runner.busy
            clock.tick(60)
        # closing the client ends the step still in flight with an error; that is expected here
        logging.getLogger("agents.engine.operation_pool").setLevel(logging.CRITICAL)
        runner.close()
        model.close()
    pygame.quit()
    return times, busy_frames


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--skip-hours", action="store_true", help="skip (b), which takes about 4 minutes")
    args = parser.parse_args()
    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    wall, residents = one_offline_day(folder, "twenty-five")
    print(f"(a) one game day, {residents} residents, offline model: {wall:.1f} s wall (target <= 60 s)")
    if not args.skip_hours:
        # the first hour starts the scenario; the morning hour follows ten game minutes against the server
        for label, (hour, minute), warm_up in (("first hour 00:00-01:00", (0, 0), 0),
                                               ("morning hour 08:00-09:00", (7, 50), 60)):
            start = town_at(folder, hour, minute)
            parallel, calls, rounds = one_served_hour(start, 16, warm_up)
            sequential, calls_1, _ = one_served_hour(start, 1, warm_up)
            print(f"(b) {label}, 25 residents, test server 500 ms/call: {calls} calls in {rounds} rounds; "
                  f"16 workers {parallel:.1f} s, 1 worker {sequential:.1f} s ({calls_1} calls): "
                  f"speed-up {sequential / parallel:.1f}x (target >= 10x)")
    times, busy = frame_times_while_thinking(folder, args.seconds)
    p99 = statistics.quantiles(times, n=100)[-1] * 1000
    print(f"(c) game loop while the simulation thinks (test server, 500 ms per call, 25 residents): "
          f"{len(times)} frames, {busy} of them with a step in flight; frame time median "
          f"{statistics.median(times) * 1000:.2f} ms, p99 {p99:.2f} ms (target <= 20 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
