"""Benchmark of the world model on the imported original town.

Prints: the load time of the imported world (median of 5); A* time per path, median over 200
random pairs of walkable tiles that are connected (target <= 2 ms); and, on the same pairs, a
breadth-first wavefront like the original's path finder (which scans the whole grid once per
distance level), with the ratio of the two medians.

    python bench/world.py [--source ../shared/smallville-original] [--pairs 200] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agents.world.original_import.importer import import_original
from agents.world.pathfinding import Tile
from agents.world.world_folder import load_world_folder


def wavefront_path(blocked: list[list[bool]], start: Tile, goal: Tile) -> list[Tile] | None:
    """The original's way: number the grid outward from the start, one full-grid scan per step,
    until the goal is numbered; then walk back down the numbers."""
    height, width = len(blocked), len(blocked[0])
    steps = [[0] * width for _ in range(height)]
    steps[start[1]][start[0]] = 1
    level = 0
    while steps[goal[1]][goal[0]] == 0:
        level += 1
        changed = False
        for y in range(height):
            for x in range(width):
                if steps[y][x] != level:
                    continue
                for nx, ny in ((x, y - 1), (x - 1, y), (x + 1, y), (x, y + 1)):
                    if 0 <= nx < width and 0 <= ny < height and steps[ny][nx] == 0 and not blocked[ny][nx]:
                        steps[ny][nx] = level + 1
                        changed = True
        if not changed:
            return None
    x, y = goal
    path = [goal]
    level = steps[y][x]
    while level > 1:
        for nx, ny in ((x, y - 1), (x - 1, y), (x + 1, y), (x, y + 1)):
            if 0 <= nx < width and 0 <= ny < height and steps[ny][nx] == level - 1:
                x, y, level = nx, ny, level - 1
                path.append((x, y))
                break
    path.reverse()
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_source = Path(__file__).resolve().parent.parent.parent / "shared" / "smallville-original"
    parser.add_argument("--source", type=Path, default=default_source)
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        world_dir = Path(scratch) / "the_ville"
        started = time.perf_counter()
        import_original(args.source, world_dir)
        import_seconds = time.perf_counter() - started
        load_times = []
        for _ in range(5):
            started = time.perf_counter()
            folder = load_world_folder(world_dir)
            load_times.append(time.perf_counter() - started)
    world = folder.world_map
    grid = world.path_grid
    labels = grid.component_labels()
    largest = statistics.mode(label for label in labels if label >= 0)
    walkable = [(i % world.width_tiles, i // world.width_tiles) for i, label in enumerate(labels) if label == largest]
    rng = random.Random(args.seed)
    pairs = [(rng.choice(walkable), rng.choice(walkable)) for _ in range(args.pairs)]

    astar_times, lengths = [], []
    for start, goal in pairs:
        began = time.perf_counter()
        path = grid.find_path(start, goal)
        astar_times.append(time.perf_counter() - began)
        assert path is not None
        lengths.append(len(path) - 1)

    blocked = world.collision.tolist()
    wave_times = []
    for (start, goal), length in zip(pairs, lengths):
        began = time.perf_counter()
        path = wavefront_path(blocked, start, goal)
        wave_times.append(time.perf_counter() - began)
        assert path is not None and len(path) - 1 == length, "both must find shortest paths"

    astar_ms = statistics.median(astar_times) * 1000
    wave_ms = statistics.median(wave_times) * 1000
    print(f"world: {world.name}, {world.width_tiles} x {world.height_tiles} tiles, {len(walkable)} connected walkable tiles")
    print(f"import-original (one run):        {import_seconds * 1000:8.1f} ms")
    print(f"load imported world (median of 5): {statistics.median(load_times) * 1000:8.1f} ms")
    print(f"A* per path, median of {len(pairs)}:      {astar_ms:8.3f} ms  (p90 {statistics.quantiles(astar_times, n=10)[-1] * 1000:.3f} ms; "
          f"median path {statistics.median(lengths):.0f} steps; target <= 2 ms)")
    print(f"original-style wavefront, median:  {wave_ms:8.3f} ms")
    print(f"speed-up of A* over the wavefront: {wave_ms / astar_ms:8.1f} x (median / median, same pairs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
