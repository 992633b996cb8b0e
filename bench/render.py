"""Benchmark of the game's drawing: uncapped frames per second at 1280 x 720, headless, with the
25 residents of the shipped town walking inside the view (sprites, labels, bubbles, foreground).

Prints the median frames per second over the measured frames (target >= 300 on a 2-core machine)
and the 99th-percentile frame time, at zoom 1x, and for reference at 0.5x and 2x.

Then the speed the play scene reaches when 60 steps/s is asked, with the offline model in the town of
three (``--speed-scenario``), in the window's own loop (update, draw, flip, capped at 60 frames/s):
the median of the scene's measured steps per second over ``--speed-seconds`` (target >= 57).
Then the frames per second with the inspector open (:func:`measure_fps_with_inspector_open`): the
real play scene on a SimulationRunner with the offline model, the town of twenty-five run first to
8:00 (at midnight everyone sleeps) and resumed, one resident given 5,000 memories and inspected on
the Memories tab, the clock at 60 steps/s so the residents walk, uncapped; the frames of update +
draw + flip are timed, with the inspector closed and open alternately in the same run (median fps
and p99 frame time, median of ``--inspector-runs`` runs; targets >= 300 fps, p99 <= 20 ms).

    python bench/render.py [--world assets/worlds/smallville] [--frames 600] [--speed-seconds 6] [--skip-speed]
                           [--inspector-frames 400] [--inspector-runs 3] [--skip-inspector]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pygame

from agents.engine.town_steps import run_steps
from agents.paths import shipped_worlds_dir
from agents.world.world_folder import WorldFolder, load_world_folder
from agents.world.world_map import WorldMap
from game.render.camera import ZOOM_STEPS
from game.render.resident_pose import ResidentPose, facing_between
from game.scenes.play_scene import PlayScene

STEPS_PER_SECOND = 4.0
ASKED_STEPS_PER_SECOND = 60
SPEED_TARGET_STEPS_PER_SECOND = 57
FRAME_RATE_CAP = 60  # as the window's loop
INSPECTOR_MEMORIES = 5000
WARM_UP_FRAMES = 60  # not timed: the caches fill, the Memories tab is laid out
SETTLE_STEPS = 60  # steps run untimed after the whispers (their importance makes the resident reflect once)
WHISPERS = ("Remember to buy {index} lemons for the party at Hobbs Cafe on Valentine's Day",
            "Thought {index}: the library is quieter than usual this week, good for writing",
            "Note {index}: ask Isabella whether the cafe needs more chairs for Friday",
            "Idea {index}: a long walk in Johnson Park after lunch would clear my head")
EMOJI = ("\u2615", "\U0001f4da", "\U0001f373", "\U0001f3a8", "")


class Walker:
    """One resident walking from random tile to random tile inside a region, one tile per step."""

    def __init__(self, name: str, world: WorldMap, region: list[tuple[int, int]], rng: random.Random) -> None:
        self.name, self.world, self.region, self.rng = name, world, region, rng
        self.path: list[tuple[int, int]] = [rng.choice(region)]
        self.emoji = rng.choice(EMOJI)

    def tiles_at(self, step: int) -> tuple[tuple[int, int], tuple[int, int]]:
        while len(self.path) < step + 2:
            route = self.world.find_path(self.path[-1], self.rng.choice(self.region))
            self.path.extend(route[1:] if route and len(route) > 1 else [self.path[-1]])
        return self.path[step], self.path[step + 1]


def measure(scene: PlayScene, walkers: list[Walker], frames: int, zoom_index: int, centre: tuple[float, float]) -> list[float]:
    screen = pygame.display.get_surface()
    scene.camera.zoom_index = zoom_index
    scene.camera.center_on(*centre)
    times: list[float] = []
    started = time.perf_counter()
    for frame in range(frames + 60):
        began = time.perf_counter()
        clock_steps = (began - started) * STEPS_PER_SECOND
        step, progress = int(clock_steps), clock_steps % 1.0
        poses = []
        for walker in walkers:
            here, there = walker.tiles_at(step)
            poses.append(ResidentPose(walker.name, here, there, progress, facing_between(here, there),
                                      walker.emoji, "walking"))
        scene.set_poses(poses)
        scene.draw(screen)
        pygame.display.flip()
        if frame >= 60:  # the first frames fill the scaled-chunk and label caches
            times.append(time.perf_counter() - began)
    return times


def measure_speed_reached(world: WorldFolder, scenario_name: str, asked_steps_per_second: float,
                          seconds: float) -> list[float]:
    """The play scene's measured speed, once a second for ``seconds``, with ``asked_steps_per_second``
    asked and the offline model, in the window's loop at 1280 x 720 (after the town is created)."""
    from agents.engine.mind_services_factory import offline_services
    from agents.engine.simulation_runner import SimulationRunner
    from game.scenes.sim_clock_control import SPEED_STEPS_PER_SECOND

    screen = pygame.display.get_surface()
    scenario = world.load_scenario(scenario_name)
    runner = SimulationRunner(world.world_map, scenario, offline_services())
    try:
        scene = PlayScene(world, scenario, screen.get_size(), runner=runner, model_label="offline")
        scene.clock_control.speed_index = SPEED_STEPS_PER_SECOND.index(asked_steps_per_second)
        clock = pygame.time.Clock()
        samples: list[float] = []
        began, sampled = time.monotonic(), None
        while time.monotonic() - began < seconds + 60:
            scene.update(clock.get_time() / 1000.0)
            scene.draw(screen)
            pygame.display.flip()
            clock.tick(FRAME_RATE_CAP)
            if runner.view.step_index == 0:
                began = time.monotonic()  # the town is still being created
                continue
            measured = scene.clock_control.measured_steps_per_second
            if sampled is None:
                sampled = time.monotonic() + 1.5  # the first measure spans the creation
            elif time.monotonic() >= sampled:
                samples.append(measured)
                sampled += 1.0
                if len(samples) >= seconds:
                    break
        return samples
    finally:
        runner.close()


@dataclass(frozen=True)
class FrameRun:
    """One measured run: the frame times (update + draw + flip) and what the town did meanwhile."""

    inspector_open: bool
    frame_seconds: list[float]
    steps_passed: int
    residents_moved: int

    @property
    def median_fps(self) -> float:
        return 1 / statistics.median(self.frame_seconds)

    @property
    def p99_ms(self) -> float:
        return statistics.quantiles(self.frame_seconds, n=100)[-1] * 1000


def time_scene_frames(scene: PlayScene, frames: int, warm_up_frames: int = WARM_UP_FRAMES) -> FrameRun:
    """Run the play scene's own loop uncapped (dt from perf_counter) and time ``frames`` frames of
    update + draw + flip, after ``warm_up_frames`` not timed; the town steps at the scene's speed."""
    assert scene.runner is not None
    runner, screen = scene.runner, pygame.display.get_surface()
    times: list[float] = []
    moved: set[str] = set()
    first_step = None
    last = time.perf_counter()
    for frame in range(warm_up_frames + frames):
        began = time.perf_counter()
        scene.update(began - last)
        scene.draw(screen)
        pygame.display.flip()
        last = began
        if frame < warm_up_frames:
            continue
        times.append(time.perf_counter() - began)
        view = runner.view
        first_step = view.step_index if first_step is None else first_step
        moved.update(r.name for r in view.residents if r.previous_tile != r.tile)
    if runner.last_error:
        raise RuntimeError(f"the town failed while measuring: {runner.last_error}")
    return FrameRun(scene.inspector.visible, times, runner.view.step_index - (first_step or 0), len(moved))


def measure_fps_with_inspector_open(scene: PlayScene, frames: int, name: str | None = None,
                                    memories: int = INSPECTOR_MEMORIES) -> FrameRun | None:
    """``frames`` frames timed with ``name``'s inspector open on the Memories tab (``name``: the
    selected resident by default; it must list at least ``memories``), the town stepping at the
    scene's speed. None for a scene without a simulation (nothing to inspect)."""
    name = name or scene.selected
    if scene.runner is None or name is None:
        return None
    scene.select(name)
    scene.inspector.select_tab("Memories")
    listed = len(scene.inspector.filtered_memories)
    if not scene.inspector.visible or listed < memories:
        raise RuntimeError(f"the inspector on {name} lists {listed} memories, not {memories}")
    return time_scene_frames(scene, frames)


def inspector_town(world: WorldFolder, scenario_name: str, start_hour: float, memories: int,
                   name: str | None) -> tuple[PlayScene, str]:
    """The play scene as the game builds it, on a SimulationRunner with the offline model, on the town
    of ``scenario_name`` run (offline, not timed) to ``start_hour`` so the residents are up and walking,
    then resumed as a loaded town is; ``name`` (the first resident by default) holds ``memories``
    memories (the rest whispered through the runner); the clock at 60 steps/s. Setup, not measured."""
    from agents.engine.mind_services_factory import offline_services
    from agents.engine.simulation import Simulation
    from agents.engine.simulation_runner import SimulationRunner
    from game.scenes.sim_clock_control import SPEED_STEPS_PER_SECOND

    screen = pygame.display.get_surface()
    scenario = world.load_scenario(scenario_name)
    services = offline_services()
    simulation = Simulation.create(world.world_map, scenario, services, seed=0)
    run_steps(simulation, round(start_hour * 3600 / simulation.clock.step_seconds), services)
    runner = SimulationRunner.resume(world.world_map, scenario, simulation, services)
    scene = PlayScene(world, scenario, screen.get_size(), runner=runner, model_label="offline")
    try:
        waited_until = time.monotonic() + 60
        while not runner.ready:  # the driver is built on the runner's worker
            if time.monotonic() > waited_until or runner.last_error:
                raise RuntimeError(f"the town was not ready within 60 s ({runner.last_error or 'no error'})")
            scene.update(0.0)
            time.sleep(0.01)
        name = name or scenario.personas[0].name
        if name not in simulation.residents:
            raise ValueError(f"--inspect {name!r}: no such resident; the residents are {', '.join(simulation.residents)}")
        resident = simulation.residents[name]
        for index in range(memories - len(resident.memory)):
            runner.whisper(name, WHISPERS[index % len(WHISPERS)].format(index=index))
        if len(resident.memory) < memories:
            raise RuntimeError(f"{name} has {len(resident.memory)} memories, not {memories}")
        tile = scene.map_renderer.tile_size_px
        x, y = resident.tile
        free_px = scene.inspector.rect.width / 2 / scene.camera.zoom  # in the part the inspector leaves free
        scene.camera.center_on((x + 0.5) * tile + free_px, (y + 0.5) * tile)
        scene.clock_control.set_speed_index(SPEED_STEPS_PER_SECOND.index(ASKED_STEPS_PER_SECOND))
        settle_until = runner.view.step_index + SETTLE_STEPS  # the whispers' reflection passes, untimed
        while runner.view.step_index < settle_until and time.monotonic() < waited_until + 120:
            time_scene_frames(scene, 0, warm_up_frames=30)
        return scene, name
    except BaseException:
        runner.close()
        raise


def inspector_runs(scene: PlayScene, name: str, frames: int, runs: int) -> list[FrameRun]:
    """``runs`` pairs of runs, the inspector closed then open on ``name``'s Memories (alternating, so a
    noisy neighbour hits both alike)."""
    results: list[FrameRun] = []
    for _ in range(runs):
        scene.select(None)
        results.append(time_scene_frames(scene, frames))
        opened = measure_fps_with_inspector_open(scene, frames, name)
        assert opened is not None  # the scene has a runner
        results.append(opened)
    return results


def report_inspector(runs: list[FrameRun]) -> None:
    closed = [run for run in runs if not run.inspector_open]
    opened = [run for run in runs if run.inspector_open]
    fps = {}
    for label, chosen in (("inspector closed", closed), ("inspector open  ", opened)):
        median_fps = statistics.median(run.median_fps for run in chosen)
        p99 = statistics.median(run.p99_ms for run in chosen)
        fps[label] = median_fps
        steps = statistics.median(run.steps_passed for run in chosen)
        moved = statistics.median(run.residents_moved for run in chosen)
        print(f"{label}: median {median_fps:7.0f} fps, p99 frame time {p99:6.2f} ms "
              f"(median of {len(chosen)} runs of {len(chosen[0].frame_seconds)} frames; each run: "
              f"{', '.join(f'{run.median_fps:.0f}' for run in chosen)} fps, "
              f"{', '.join(f'{run.p99_ms:.1f}' for run in chosen)} ms; {steps:.0f} steps and "
              f"{moved:.0f} residents moving a run)  (target >= 300 fps, p99 <= 20 ms)")
    print(f"inspector open / closed: {fps['inspector open  '] / fps['inspector closed']:.2f} of the frame rate")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--world", type=Path, default=shipped_worlds_dir() / "smallville")
    parser.add_argument("--scenario", default="twenty-five")
    parser.add_argument("--frames", type=int, default=600)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--speed-scenario", default="three")
    parser.add_argument("--speed-seconds", type=int, default=6)
    parser.add_argument("--skip-speed", action="store_true", help="skip the speed reached at 60 steps/s")
    parser.add_argument("--inspector-frames", type=int, default=400)
    parser.add_argument("--inspector-runs", type=int, default=3)
    parser.add_argument("--inspector-start-hour", type=float, default=8.0,
                        help="game hour the town is run to first (at midnight everyone sleeps)")
    parser.add_argument("--inspect", default=None, help="the resident inspected (default: the scenario's first)")
    parser.add_argument("--skip-inspector", action="store_true", help="skip the fps with the inspector open")
    args = parser.parse_args()

    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((1280, 720))
    world = load_world_folder(args.world)
    scenario = world.load_scenario(args.scenario)
    scene = PlayScene(world, scenario, (1280, 720))
    tile = world.world_map.tile_size_px
    centre = (world.world_map.width_tiles * tile / 2, world.world_map.height_tiles * tile / 2)
    scene.camera.center_on(*centre)
    left, top, width, height = scene.camera.visible_world_rect()
    region = [(x, y) for y in range(int(top // tile) + 1, int((top + height) // tile) - 1)
              for x in range(int(left // tile) + 1, int((left + width) // tile) - 1)
              if world.world_map.is_walkable((x, y))]
    rng = random.Random(args.seed)
    walkers = [Walker(p.name, world.world_map, region, rng) for p in scenario.personas]

    print(f"world {world.folder}, {len(walkers)} residents walking in view, 1280 x 720, uncapped, headless")
    for zoom in (1.0, 0.5, 2.0):
        times = measure(scene, walkers, args.frames, ZOOM_STEPS.index(zoom), centre)
        median = statistics.median(times)
        p99 = statistics.quantiles(times, n=100)[-1]
        target = "  (target >= 300 fps)" if zoom == 1.0 else ""
        print(f"zoom {zoom:>3}x: median {1 / median:7.0f} fps ({median * 1000:.2f} ms/frame), "
              f"p99 frame time {p99 * 1000:.2f} ms over {len(times)} frames{target}")
    if not args.skip_inspector:
        inspector_scene, name = inspector_town(world, args.scenario, args.inspector_start_hour, INSPECTOR_MEMORIES,
                                               args.inspect)
        try:
            print(f"inspector: {args.scenario} run offline to {args.inspector_start_hour:g}:00, then the play "
                  f"scene on a SimulationRunner (offline model) at {ASKED_STEPS_PER_SECOND} steps/s, uncapped; "
                  f"{name} with {INSPECTOR_MEMORIES} memories, Memories tab")
            report_inspector(inspector_runs(inspector_scene, name, args.inspector_frames, args.inspector_runs))
        finally:
            assert inspector_scene.runner is not None
            inspector_scene.runner.close()
            inspector_scene.close()
    if not args.skip_speed:
        samples = measure_speed_reached(world, args.speed_scenario, ASKED_STEPS_PER_SECOND, args.speed_seconds)
        reached = statistics.median(samples) if samples else 0.0
        print(f"speed reached at {ASKED_STEPS_PER_SECOND} steps/s asked ({args.speed_scenario}, offline model, "
              f"{FRAME_RATE_CAP} fps cap): median {reached:.1f} steps/s over {len(samples)} s "
              f"(each second: {', '.join(f'{s:.0f}' for s in samples)})  (target >= {SPEED_TARGET_STEPS_PER_SECOND})")
    pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
