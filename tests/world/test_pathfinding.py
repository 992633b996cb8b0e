"""A* path finding: property tests on random grids against breadth-first search, plus the
"no path" result, determinism and an unwalkable start."""

from __future__ import annotations

import itertools
from collections import deque

from hypothesis import given, settings
from hypothesis import strategies as st

from agents.world.pathfinding import PathGrid, Tile


def bfs_distance(walkable: list[list[bool]], start: Tile, goal: Tile) -> int | None:
    """Reference: plain breadth-first search step count, None when unreachable."""
    height, width = len(walkable), len(walkable[0])
    seen = {start: 0}
    queue = deque([start])
    while queue:
        x, y = queue.popleft()
        if (x, y) == goal:
            return seen[(x, y)]
        for nx, ny in ((x, y - 1), (x - 1, y), (x + 1, y), (x, y + 1)):
            if 0 <= nx < width and 0 <= ny < height and walkable[ny][nx] and (nx, ny) not in seen:
                seen[(nx, ny)] = seen[(x, y)] + 1
                queue.append((nx, ny))
    return None


@st.composite
def grids_with_endpoints(draw: st.DrawFn) -> tuple[list[list[bool]], Tile, Tile]:
    width = draw(st.integers(1, 14))
    height = draw(st.integers(1, 14))
    density = draw(st.floats(0.0, 0.5))
    walkable = [[draw(st.floats(0, 1)) >= density for _ in range(width)] for _ in range(height)]
    start = (draw(st.integers(0, width - 1)), draw(st.integers(0, height - 1)))
    goal = (draw(st.integers(0, width - 1)), draw(st.integers(0, height - 1)))
    walkable[start[1]][start[0]] = True
    walkable[goal[1]][goal[0]] = True
    return walkable, start, goal


@settings(max_examples=300, deadline=None)
@given(grids_with_endpoints())
def test_path_is_connected_avoids_walls_and_is_shortest(case: tuple[list[list[bool]], Tile, Tile]) -> None:
    walkable, start, goal = case
    path = PathGrid(walkable).find_path(start, goal)
    expected = bfs_distance(walkable, start, goal)
    if expected is None:
        assert path is None
        return
    assert path is not None
    assert path[0] == start and path[-1] == goal
    assert all(walkable[y][x] for x, y in path)
    assert all(abs(ax - bx) + abs(ay - by) == 1 for (ax, ay), (bx, by) in itertools.pairwise(path))
    assert len(path) - 1 == expected


@settings(max_examples=100, deadline=None)
@given(grids_with_endpoints(), st.lists(st.tuples(st.integers(0, 13), st.integers(0, 13)), min_size=1, max_size=5))
def test_path_to_any_reaches_the_nearest_goal(case: tuple[list[list[bool]], Tile, Tile], extra: list[Tile]) -> None:
    walkable, start, goal = case
    height, width = len(walkable), len(walkable[0])
    goals = [goal] + [(x, y) for x, y in extra if x < width and y < height and walkable[y][x]]
    path = PathGrid(walkable).find_path_to_any(start, goals)
    distances = [d for d in (bfs_distance(walkable, start, g) for g in goals) if d is not None]
    if not distances:
        assert path is None
    else:
        assert path is not None and path[-1] in goals and len(path) - 1 == min(distances)


def test_unreachable_goal_returns_none_quickly() -> None:
    walkable = [[True, False, True]] * 3
    assert PathGrid(walkable).find_path((0, 0), (2, 2)) is None


def test_wall_goal_is_ignored_and_start_may_be_blocked() -> None:
    walkable = [[False, True, True]]
    grid = PathGrid(walkable)
    assert grid.find_path((1, 0), (0, 0)) is None
    assert grid.find_path((0, 0), (2, 0)) == ((0, 0), (1, 0), (2, 0))
    assert grid.find_path((2, 0), (2, 0)) == ((2, 0),)


def test_same_query_same_path() -> None:
    walkable = [[True] * 8 for _ in range(8)]
    grid = PathGrid(walkable)
    first = grid.find_path((0, 0), (7, 7))
    assert all(PathGrid(walkable).find_path((0, 0), (7, 7)) == first for _ in range(5))


def test_distances_and_components() -> None:
    walkable = [[True, False, True], [True, False, True]]
    grid = PathGrid(walkable)
    assert grid.distances_from((0, 0)) == {(0, 0): 0, (0, 1): 1}
    assert grid.component_labels() == [0, -1, 1, 0, -1, 1]
