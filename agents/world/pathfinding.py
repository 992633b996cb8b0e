"""Shortest paths on the 4-neighbour tile grid: A* with deterministic tie-breaking, and a
breadth-first flood fill for reachability.

A path is a tuple of ``(x, y)`` tiles from the start to a goal, both included. When no goal can be
reached, :meth:`PathGrid.find_path` returns ``None``: the search is bounded by the number of
walkable tiles, so it never loops or hangs.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable, Sequence

Tile = tuple[int, int]
Path = tuple[Tile, ...]


class PathGrid:
    """A walkability grid prepared for repeated path queries.

    ``walkable`` is row-major: ``walkable[y][x]`` is True where a character may stand. Neighbours
    are visited in a fixed order (up, left, right, down), and ties in the open list are broken by
    the smaller remaining estimate, then by insertion order, so the same query always yields the
    same path.
    """

    __slots__ = ("_neighbours", "_walkable", "height", "width")

    def __init__(self, walkable: Sequence[Sequence[bool]]) -> None:
        self.height = len(walkable)
        self.width = len(walkable[0]) if self.height else 0
        flat = [bool(walkable[y][x]) for y in range(self.height) for x in range(self.width)]
        self._walkable = flat
        width, height = self.width, self.height
        neighbours: list[tuple[int, ...]] = []
        for index in range(width * height):
            x, y = index % width, index // width
            around: list[int] = []
            if y > 0 and flat[index - width]:
                around.append(index - width)
            if x > 0 and flat[index - 1]:
                around.append(index - 1)
            if x < width - 1 and flat[index + 1]:
                around.append(index + 1)
            if y < height - 1 and flat[index + width]:
                around.append(index + width)
            neighbours.append(tuple(around))
        self._neighbours = neighbours

    def is_walkable(self, tile: Tile) -> bool:
        x, y = tile
        return 0 <= x < self.width and 0 <= y < self.height and self._walkable[y * self.width + x]

    def _index(self, tile: Tile) -> int:
        x, y = tile
        if not (0 <= x < self.width and 0 <= y < self.height):
            raise ValueError(f"tile {tile} is outside the {self.width} x {self.height} grid")
        return y * self.width + x

    def find_path(self, start: Tile, goal: Tile) -> Path | None:
        """Shortest path from ``start`` to ``goal``; None when the goal cannot be reached."""
        return self.find_path_to_any(start, (goal,))

    def find_path_to_any(self, start: Tile, goals: Iterable[Tile]) -> Path | None:
        """Shortest path from ``start`` to the nearest of ``goals``.

        The start may be unwalkable (a character standing on a blocked tile can still leave it);
        unwalkable goals are ignored. Returns None when no walkable goal is reachable.
        """
        width = self.width
        start_index = self._index(start)
        goal_set = {self._index(tile) for tile in goals}
        goal_set = {index for index in goal_set if self._walkable[index] or index == start_index}
        if not goal_set:
            return None
        if start_index in goal_set:
            return (start,)
        # Heuristic: Manhattan distance to the goals' bounding box (admissible for any goal set).
        goal_xs = [index % width for index in goal_set]
        goal_ys = [index // width for index in goal_set]
        min_x, max_x, min_y, max_y = min(goal_xs), max(goal_xs), min(goal_ys), max(goal_ys)

        def estimate(index: int) -> int:
            x, y = index % width, index // width
            dx = min_x - x if x < min_x else (x - max_x if x > max_x else 0)
            dy = min_y - y if y < min_y else (y - max_y if y > max_y else 0)
            return dx + dy

        neighbours = self._neighbours
        best_cost: dict[int, int] = {start_index: 0}
        came_from: dict[int, int] = {}
        start_estimate = estimate(start_index)
        open_heap: list[tuple[int, int, int, int]] = [(start_estimate, start_estimate, 0, start_index)]
        order = 0
        closed: set[int] = set()
        while open_heap:
            _, _, _, current = heapq.heappop(open_heap)
            if current in closed:
                continue
            if current in goal_set:
                return self._trace(came_from, current)
            closed.add(current)
            next_cost = best_cost[current] + 1
            for neighbour in neighbours[current]:
                if neighbour in closed or next_cost >= best_cost.get(neighbour, 1 << 30):
                    continue
                best_cost[neighbour] = next_cost
                came_from[neighbour] = current
                remaining = estimate(neighbour)
                order += 1
                heapq.heappush(open_heap, (next_cost + remaining, remaining, order, neighbour))
        return None

    def _trace(self, came_from: dict[int, int], end: int) -> Path:
        width = self.width
        indices = [end]
        while indices[-1] in came_from:
            indices.append(came_from[indices[-1]])
        indices.reverse()
        return tuple((index % width, index // width) for index in indices)

    def distances_from(self, start: Tile) -> dict[Tile, int]:
        """Breadth-first step counts from ``start`` to every tile reachable from it."""
        width = self.width
        start_index = self._index(start)
        distance = {start_index: 0}
        frontier = deque([start_index])
        neighbours = self._neighbours
        while frontier:
            current = frontier.popleft()
            for neighbour in neighbours[current]:
                if neighbour not in distance:
                    distance[neighbour] = distance[current] + 1
                    frontier.append(neighbour)
        return {(index % width, index // width): steps for index, steps in distance.items()}

    def component_labels(self) -> list[int]:
        """Connected-component label per tile (row-major); -1 for unwalkable tiles.

        Labels are numbered in row-major order of each component's first tile.
        """
        labels = [-1] * (self.width * self.height)
        neighbours = self._neighbours
        next_label = 0
        for index, walkable in enumerate(self._walkable):
            if not walkable or labels[index] != -1:
                continue
            labels[index] = next_label
            frontier = [index]
            while frontier:
                current = frontier.pop()
                for neighbour in neighbours[current]:
                    if labels[neighbour] == -1:
                        labels[neighbour] = next_label
                        frontier.append(neighbour)
            next_label += 1
        return labels
