"""The paper's pictures of a run, as PNG and SVG: the diffusion of each topic, the acquaintance
network at the start and at the end, who told whom, and the party's attendance.

* **Diffusion** (``diffusion``): for each topic, how many residents knew of it by each game time: the
  ones whose persona holds it from the start, and each other one from their first hearing of it
  (:func:`~agents.research.traces.topic_trace`).
* **Acquaintance** (``network_start``, ``network_end``): an edge between two residents who each hold a
  memory (or persona, or known place) naming the other, the trace's mutual acquaintance of
  :mod:`agents.research.measures`; "at the start" is the town at the first keyframe of the run's
  recording. Both are drawn with the same node positions, so the growth shows.
* **Who told whom** (``telling_<topic>``): one tree per topic, each resident under whoever they first
  heard it from (the player's whispers and a scenario's seeded history: "the player").
* **Attendance** (``party_attendance``): the residents at the party's place in each ten game minutes
  of its window (:mod:`agents.research.coordination`).

Drawn with matplotlib's Agg canvas (no display, no pyplot state) and networkx layouts.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import matplotlib.dates as mdates
import networkx as nx
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from agents.engine.simulation import Simulation
from agents.memory.records import CONVERSATION
from agents.research.coordination import Attendance
from agents.research.interview_battery import VALENTINES_TOPICS, Topic
from agents.research.measures import Pair, density, knows_person_by_memory, mutual, persona_text
from agents.research.traces import FirstHearing, mentions, topic_trace

FORMATS = ("png", "svg")
PLAYER = "the player"  # who a whisper (or a scenario's seeded history line) came from
LAYOUT_SEED = 7
_DPI = 120


@dataclass(frozen=True)
class PicturesWritten:
    """The files written, and the pictures that could not be drawn (and why)."""

    paths: tuple[Path, ...]
    missing: tuple[str, ...]


# -- the data ----------------------------------------------------------------------------------------


def persona_seeds(simulation: Simulation, topic: Topic) -> tuple[str, ...]:
    """The residents whose own persona holds the topic (they know it from the start)."""
    return tuple(sorted(name for name, resident in simulation.residents.items()
                        if mentions(persona_text(resident), topic.words)))


def diffusion_curve(simulation: Simulation, topic: Topic) -> tuple[tuple[datetime, int], ...]:
    """``(game time, residents who know)`` at the start, at each first hearing and now."""
    seeds = set(persona_seeds(simulation, topic))
    points = [(simulation.clock.start, len(seeds))]
    known = set(seeds)
    for hearing in topic_trace(simulation, topic.words):
        if hearing.listener not in known:
            known.add(hearing.listener)
            points.append((max(hearing.at, simulation.clock.start), len(known)))
    points.append((max(simulation.now, points[-1][0]), len(known)))
    return tuple(points)


def acquaintance_by_memory(simulation: Simulation) -> tuple[Pair, ...]:
    """The mutual pairs of residents who each hold something naming the other."""
    residents = simulation.residents
    names = sorted(residents)
    knows = {(a, b) for a, b in itertools.permutations(names, 2) if knows_person_by_memory(residents[a], b)}
    return mutual(knows, names)


def telling_edges(hearings: Sequence[FirstHearing], seeds: Sequence[str] = ()) -> tuple[tuple[str, str], ...]:
    """``(teller, listener)`` edges of a forest: each resident under whoever they first heard the topic
    from. A chat leaves both sides a memory heard from the other, so a teller who already knew is not
    put under their listener: the residents in ``seeds`` and those who first heard it otherwise than
    in a chat (a whisper: from :data:`PLAYER`) are roots; the rest are placed in order of time once
    their teller is placed (a teller never seen to hear it becomes a root)."""
    placed = set(seeds)
    edges: list[tuple[str, str]] = []
    waiting: list[FirstHearing] = []
    for hearing in hearings:
        if hearing.listener in placed:
            continue
        if hearing.channel != CONVERSATION or not hearing.speaker:
            edges.append((hearing.speaker or PLAYER, hearing.listener))
            placed.add(hearing.listener)
        else:
            waiting.append(hearing)
    while waiting:
        ready = next((h for h in waiting if h.speaker in placed), waiting[0])
        placed.update((ready.speaker, ready.listener))
        edges.append((ready.speaker, ready.listener))
        waiting = [h for h in waiting if h.listener not in placed]
    return tuple(edges)


def tree_layout(edges: Sequence[tuple[str, str]], roots: Sequence[str] = ()) -> dict[str, tuple[float, float]]:
    """Positions for a forest: depth downwards, each subtree side by side in order of the edges."""
    children: dict[str, list[str]] = {}
    for parent, child in edges:
        children.setdefault(parent, []).append(child)
    listeners = {child for _, child in edges}
    tops = list(dict.fromkeys([*roots, *(parent for parent, _ in edges if parent not in listeners)]))
    positions: dict[str, tuple[float, float]] = {}
    column = 0.0

    def place(node: str, depth: int) -> float:
        nonlocal column
        below = [child for child in children.get(node, []) if child not in positions]
        positions[node] = (0.0, -float(depth))  # claimed, so a cycle cannot recurse
        if not below:
            x = column
            column += 1.0
        else:
            xs = [place(child, depth + 1) for child in below]
            x = (xs[0] + xs[-1]) / 2
        positions[node] = (x, -float(depth))
        return x

    for top in tops:
        if top not in positions:
            place(top, 0)
    return positions


# -- drawing -----------------------------------------------------------------------------------------


def _figure(width_inches: float, height_inches: float) -> Figure:
    figure = Figure(figsize=(width_inches, height_inches), dpi=_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _save(figure: Figure, folder: Path, stem: str) -> tuple[Path, ...]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with rc_context({"svg.hashsalt": "smallville", "svg.fonttype": "none"}):
        for extension in FORMATS:
            path = folder / f"{stem}.{extension}"
            figure.savefig(path, format=extension, metadata={"Date": None} if extension == "svg" else None)
            paths.append(path)
    return tuple(paths)


def _short(name: str) -> str:
    return name.split(" ")[0] if name != PLAYER else name


def diffusion_figure(curves: Mapping[str, Sequence[tuple[datetime, int]]], residents: int) -> Figure:
    figure = _figure(8, 4.5)
    axes = figure.add_subplot()
    for topic, points in curves.items():
        times, counts = zip(*points, strict=True) if points else ((), ())
        axes.step(times, counts, where="post", label=f"{topic} ({counts[-1] if counts else 0} of {residents})",
                  linewidth=2)
    axes.set_ylim(0, max(1, residents))
    axes.set_ylabel("residents who know")
    axes.set_xlabel("game time")
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%a %H:%M"))
    axes.grid(alpha=0.3)
    axes.legend(loc="upper left")
    axes.set_title("Diffusion of each topic (from the memories' sources)")
    return figure


def network_figure(names: Sequence[str], pairs: Sequence[Pair], title: str,
                   positions: Mapping[str, tuple[float, float]]) -> Figure:
    graph = nx.Graph()
    graph.add_nodes_from(names)
    graph.add_edges_from(pairs)
    figure = _figure(8, 8)
    axes = figure.add_subplot()
    nx.draw_networkx_edges(graph, positions, ax=axes, alpha=0.35, edge_color="#555555")
    nx.draw_networkx_nodes(graph, positions, ax=axes, node_size=260, node_color="#f4a259")
    nx.draw_networkx_labels(graph, positions, labels={name: _short(name) for name in names}, ax=axes, font_size=8)
    axes.set_title(f"{title}: density {density(names, pairs):.3f}, {len(pairs)} mutual pairs (by memory)")
    axes.set_axis_off()
    return figure


def telling_figure(topic: str, edges: Sequence[tuple[str, str]], roots: Sequence[str]) -> Figure:
    positions = tree_layout(edges, roots)
    width = max(4.0, 1.1 * (1 + max((x for x, _ in positions.values()), default=0.0)))
    height = max(3.0, 1.2 * (1 - min((y for _, y in positions.values()), default=0.0)))
    figure = _figure(width, height)
    axes = figure.add_subplot()
    graph = nx.DiGraph()
    graph.add_nodes_from(positions)
    graph.add_edges_from(edges)
    if positions:
        nx.draw_networkx_edges(graph, positions, ax=axes, arrows=True, arrowsize=12, edge_color="#555555",
                               node_size=900)
        nx.draw_networkx_nodes(graph, positions, ax=axes, node_size=900, node_color="#84b59f")
        nx.draw_networkx_labels(graph, positions, labels={node: _short(node) for node in positions}, ax=axes,
                                font_size=8)
    else:
        axes.text(0.5, 0.5, "nobody heard of it", ha="center", va="center", transform=axes.transAxes)
    axes.set_title(f"Who told whom: the {topic} ({len({child for _, child in edges})} heard of it)")
    axes.set_axis_off()
    return figure


def attendance_figure(attendance: Attendance) -> Figure:
    figure = _figure(8, 4)
    axes = figure.add_subplot()
    labels = [f"{slot.start:%H:%M}" for slot in attendance.timeline]
    counts = [len(slot.names) for slot in attendance.timeline]
    bars = axes.bar(labels, counts, color="#e76f51")
    axes.bar_label(bars)
    axes.set_ylim(0, max(counts, default=0) + 1)
    axes.set_ylabel("residents there")
    axes.set_xlabel(f"game time, {attendance.window.start:%a %b %d} (per ten minutes)")
    axes.set_title(f"At {attendance.window.place.split(':')[-1]} during the party: "
                   f"{len(attendance.attended)} there in all")
    return figure


# -- all of them -------------------------------------------------------------------------------------


def write_pictures(folder: Path, simulation: Simulation, *, start: Simulation | None = None,
                   attendance: Attendance | None = None,
                   topics: Sequence[Topic] = VALENTINES_TOPICS) -> PicturesWritten:
    """Every picture of ``simulation`` (the town at the end) into ``folder``; ``start`` is the town at
    the run's start and ``attendance`` the party's (each picture needing one is left out without it)."""
    names = sorted(simulation.residents)
    paths: list[Path] = []
    missing: list[str] = []
    curves = {topic.name: diffusion_curve(simulation, topic) for topic in topics}
    paths += _save(diffusion_figure(curves, len(names)), folder, "diffusion")
    end_pairs = acquaintance_by_memory(simulation)
    start_pairs = acquaintance_by_memory(start) if start is not None else ()
    layout_graph = nx.Graph()
    layout_graph.add_nodes_from(names)
    layout_graph.add_edges_from(end_pairs)
    positions = nx.spring_layout(layout_graph, seed=LAYOUT_SEED)
    positions = {name: (float(x), float(y)) for name, (x, y) in positions.items()}
    if start is not None:
        start_names = [name for name in names if name in start.residents]
        paths += _save(network_figure(start_names, start_pairs, f"Acquaintance at the start ({start.now:%a %H:%M})",
                                      positions), folder, "network_start")
    else:
        missing.append("network_start: the town at the start is not available (the slot has no recording)")
    paths += _save(network_figure(names, end_pairs, f"Acquaintance at the end ({simulation.now:%a %H:%M})",
                                  positions), folder, "network_end")
    for topic in topics:
        seeds = persona_seeds(simulation, topic)
        edges = telling_edges(topic_trace(simulation, topic.words), seeds)
        paths += _save(telling_figure(topic.name, edges, seeds), folder, f"telling_{topic.name}")
    if attendance is not None:
        paths += _save(attendance_figure(attendance), folder, "party_attendance")
    else:
        missing.append("party_attendance: the party window is not in this run")
    return PicturesWritten(tuple(paths), tuple(missing))
