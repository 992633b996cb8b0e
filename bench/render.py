"""Benchmark of the game's drawing: uncapped frames per second at 1280 x 720, headless, with the
25 residents of the shipped town walking inside the view (sprites, labels, bubbles, foreground).

Prints the median frames per second over the measured frames (target >= 300 on a 2-core machine)
and the 99th-percentile frame time, at zoom 1x, and for reference at 0.5x and 2x.

Then the speed the play scene reaches when 60 steps/s is asked, with the offline model in the town of
three (``--speed-scenario``), in the window's own loop (update, draw, flip, capped at 60 frames/s):
the median of the scene's measured steps per second over ``--speed-seconds`` (target >= 57).
The frames per second with the inspector open are for later (:func:`measure_fps_with_inspector_open`).

    python bench/render.py [--world assets/worlds/smallville] [--frames 600] [--speed-seconds 6] [--skip-speed]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pygame

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


def measure_fps_with_inspector_open(scene: PlayScene, frames: int) -> list[float] | None:
    """Frame times with a resident's inspector open: left for when the inspector exists in the play
    scene (select a resident, open the inspector, then time frames as :func:`measure` does). None
    until then."""
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--world", type=Path, default=shipped_worlds_dir() / "smallville")
    parser.add_argument("--scenario", default="twenty-five")
    parser.add_argument("--frames", type=int, default=600)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--speed-scenario", default="three")
    parser.add_argument("--speed-seconds", type=int, default=6)
    parser.add_argument("--skip-speed", action="store_true", help="skip the speed reached at 60 steps/s")
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
    inspector_times = measure_fps_with_inspector_open(scene, args.frames)
    if inspector_times:
        median = statistics.median(inspector_times)
        print(f"inspector open: median {1 / median:7.0f} fps ({median * 1000:.2f} ms/frame)")
    else:
        print("inspector open: not measured yet (measure_fps_with_inspector_open)")
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
