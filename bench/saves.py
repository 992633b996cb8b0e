"""Benchmark of saves and recordings, for the 25 residents after one game day with the offline model.

Prints:

* save and load of a slot (:func:`agents.persistence.save_slots.save_slot` / ``load_slot``): median
  time (target <= 300 ms each) and the slot's size;
* the recording's size per game day, keyframes included (target <= 10 MB);
* the cost of recording: the game day offline with recording against the same day without, and
  the ratio (target <= 1.15): two equal towns are stepped in turn (ten game minutes each), one of
  them recorded, so a load that comes and goes on the machine weighs on both alike;
* replay seek: :meth:`RecordingReader.frame` at random steps, each from a fresh position (median,
  target <= 50 ms), and the inspector's view of a resident at random steps;
* a fork from a random keyframe (:func:`agents.persistence.recording_fork.fork_from_recording`:
  the town rebuilt, saved as a new slot, its recording started; target <= 1 s).

    python bench/saves.py [--hours 24] [--seeks 200] [--forks 5]

A shorter ``--hours`` gives the figures for that many hours (the size is also scaled to a day).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agents.cognition.services import MindServices
from agents.engine.mind_services_factory import offline_services
from agents.engine.simulation import Simulation
from agents.engine.step_driver import StepDriver
from agents.paths import shipped_worlds_dir
from agents.persistence.recorder import Recorder
from agents.persistence.recording_fork import fork_from_recording
from agents.persistence.recording_reader import RecordingReader
from agents.persistence.recording_store import file_size_bytes
from agents.persistence.save_slots import load_slot, save_slot, slot_path
from agents.world.world_folder import WorldFolder, load_world_folder

SEED = 0
CHUNK_STEPS = 60  # the two towns take turns every ten game minutes (each runs with its own data in the caches)


def new_town(folder: WorldFolder, services: MindServices) -> tuple[Simulation, StepDriver]:
    simulation = Simulation.create(folder.world_map, folder.load_scenario("twenty-five"), services, seed=SEED)
    return simulation, StepDriver.inline(simulation, services)


@dataclass
class DayCost:
    """The seconds of the plain town's steps, of the recorded town's (with the recording), of the
    recording alone (starting, every step's look, closing), and the recorded town and its recorder."""

    plain_seconds: float
    recorded_seconds: float
    recorder_seconds: float
    simulation: Simulation
    recorder: Recorder


def interleaved_day(folder: WorldFolder, services: MindServices, steps: int, recordings: Path) -> DayCost:
    """Two equal towns stepped in turn, one recorded: (seconds of the plain one's steps, seconds of the
    recorded one's steps with their recording), the recorded town and its (closed) recorder. Stepping
    them in turn, ten game minutes each, makes the ratio fair on a machine whose load changes (each
    stretch of the one is timed next to the same stretch of the other)."""
    _, plain_driver = new_town(folder, services)
    recorded, recorded_driver = new_town(folder, services)
    began = time.perf_counter()
    recorder = Recorder.start(recorded, "day", recordings_dir=recordings, seed=SEED)
    inside = [time.perf_counter() - began]

    def record(driver: StepDriver) -> None:
        began = time.perf_counter()
        recorder.on_step_passed(driver)
        inside[0] += time.perf_counter() - began

    recorded_driver.on_step_passed.append(record)
    plain_seconds, recorded_seconds = 0.0, inside[0]
    for chunk, first in enumerate(range(0, steps, CHUNK_STEPS)):
        count = min(CHUNK_STEPS, steps - first)
        for driver in (plain_driver, recorded_driver) if chunk % 2 else (recorded_driver, plain_driver):
            began = time.perf_counter()
            for _ in range(count):
                driver.step()
            if driver is plain_driver:
                plain_seconds += time.perf_counter() - began
            else:
                recorded_seconds += time.perf_counter() - began
    began = time.perf_counter()
    recorder.close(recorded)
    closing = time.perf_counter() - began
    if recorder.failure:
        raise RuntimeError(f"the recording failed: {recorder.failure}")
    return DayCost(plain_seconds, recorded_seconds + closing, inside[0] + closing, recorded, recorder)


def timed(call, repeats: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        call()
        times.append(time.perf_counter() - began)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=float, default=24.0, help="game hours to run (default: a day)")
    parser.add_argument("--seeks", type=int, default=200)
    parser.add_argument("--forks", type=int, default=5)
    args = parser.parse_args()
    folder = load_world_folder(shipped_worlds_dir() / "smallville")
    services = offline_services()
    steps = round(args.hours * 3600 / 10)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        recordings, saves = root / "recordings", root / "saves"
        cost = interleaved_day(folder, services, steps, recordings)
        simulation, recorder = cost.simulation, cost.recorder
        hours = f"{args.hours:g} game hours"
        own = cost.recorded_seconds - cost.recorder_seconds
        print(f"cost of recording, 25 residents, {hours} offline (two equal towns stepped in turn, one recorded): "
              f"{cost.plain_seconds:.1f} s without, {cost.recorded_seconds:.1f} s with: ratio "
              f"{cost.recorded_seconds / cost.plain_seconds:.3f} (target <= 1.15); of that, {cost.recorder_seconds:.1f} s "
              f"in the recorder itself, {cost.recorder_seconds / own:.1%} of the recorded town's own steps", flush=True)
        size = file_size_bytes(recorder.path)
        per_day = size * 24 / args.hours
        print(f"recording size: {size / 1e6:.2f} MB for {hours} ({per_day / 1e6:.2f} MB per game day, keyframes "
              f"included; target <= 10 MB)")

        saves_times = timed(lambda: save_slot(simulation, "bench", saves), 5)
        load_times = timed(lambda: load_slot("bench", saves), 5)
        slot_size = slot_path("bench", saves).stat().st_size
        print(f"save slot after {hours}: save median {statistics.median(saves_times) * 1000:.0f} ms, load median "
              f"{statistics.median(load_times) * 1000:.0f} ms (target <= 300 ms each); slot {slot_size / 1e6:.2f} MB")

        rng = random.Random(1)
        with RecordingReader.open(recorder.path) as reader:
            first, last = reader.first_step, reader.last_step
            seeks = []
            for step in (rng.randint(first, last) for _ in range(args.seeks)):
                reader._state = None  # a seek from nowhere near: no position kept from the last one
                began = time.perf_counter()
                reader.frame(step)
                seeks.append(time.perf_counter() - began)
            forward = timed(lambda: reader.frame(min(last, reader._state.step + 1)), 200)  # type: ignore[union-attr]
            print(f"replay seek to a random step: median {statistics.median(seeks) * 1000:.1f} ms, max "
                  f"{max(seeks) * 1000:.1f} ms over {len(seeks)} seeks (target <= 50 ms); one step forward median "
                  f"{statistics.median(forward) * 1000:.2f} ms")
            names = reader.meta.resident_names()
            views = []
            for _ in range(10):
                step, name = rng.randint(first, last), rng.choice(names)
                began = time.perf_counter()
                reader.resident_view(name, step)
                views.append(time.perf_counter() - began)
            print(f"inspector view of a resident at a random step: median {statistics.median(views) * 1000:.0f} ms, "
                  f"max {max(views) * 1000:.0f} ms")
            keyframes = reader.keyframe_steps()
            forks, rebuilds = [], []
            for index in range(args.forks):
                keyframe = rng.choice(keyframes)
                began = time.perf_counter()
                reader.simulation_at(keyframe)
                rebuilds.append(time.perf_counter() - began)
                began = time.perf_counter()
                forked = fork_from_recording(reader, keyframe, f"fork-{index}", saves_dir=saves,
                                             recordings_dir=recordings)
                forks.append(time.perf_counter() - began)
                forked.recorder.close()
            print(f"fork from a random keyframe (rebuild, save as a new slot, start its recording): median "
                  f"{statistics.median(forks) * 1000:.0f} ms, max {max(forks) * 1000:.0f} ms over {len(forks)} "
                  f"(target <= 1 s); the rebuild alone median {statistics.median(rebuilds) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
