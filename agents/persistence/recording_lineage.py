"""Which recording a town goes on into, and what a new recording takes from the one it branches from.

A loaded town goes on in the recording its save names when that recording ends exactly where the
town is (:func:`why_not_continued` says why not otherwise); else it records into a branch
(:func:`free_branch_name`) linked to it (:func:`link_if_recorded`). A branch or a fork starts with the
town's memories so far: when the parent recording holds them (the same count, the same last
memory), they are copied from it in SQL (:func:`attach_parent_with_memories`,
:func:`copy_parent_memories`) instead of being encoded again, which keeps a fork fast.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from agents.engine.simulation import Simulation
from agents.persistence.recording_store import (
    RecordingError,
    RecordingLink,
    RecordingMeta,
    has_table,
    open_for_reading,
    read_last_step,
    read_meta,
    recording_path,
)

log = logging.getLogger(__name__)


def why_not_continued(connection: sqlite3.Connection, meta: RecordingMeta, simulation: Simulation,
                      path: Path) -> str:
    """"" when the recording (open on ``connection``) can go on with ``simulation``, else why not."""
    if (meta.world, meta.scenario, meta.step_seconds) != (simulation.world.name, simulation.scenario_name,
                                                          simulation.clock.step_seconds):
        return "it is of another world, scenario or step length"
    if meta.resident_names() != tuple(simulation.residents):
        return "it is of other residents"
    if not meta.has_minds:
        return "it is an imported run"
    last = read_last_step(connection, path)
    if last != simulation.clock.step_index:
        return f"it ends at step {last}, the town is at step {simulation.clock.step_index}"
    counts = dict(connection.execute("SELECT resident, COUNT(*) FROM memories GROUP BY resident").fetchall())
    for index, resident in enumerate(simulation.residents.values()):
        if counts.get(index, 0) != len(resident.memory):
            return f"{resident.name} remembers {len(resident.memory)} things there, {counts.get(index, 0)} recorded"
    return ""


def link_if_recorded(name: str, step: int, recordings_dir: Path | None = None) -> RecordingLink | None:
    """A link to step ``step`` of recording ``name`` when that recording exists and reaches that step
    (a branch's parent), else None."""
    path = recording_path(name, recordings_dir)
    if not path.exists():
        return None
    try:
        connection = open_for_reading(path)
        try:
            meta, last = read_meta(connection, path), read_last_step(connection, path)
        finally:
            connection.close()
    except RecordingError as error:
        log.warning("not linking to recording %s: %s", name, error)
        return None
    first = meta.first_step if meta.parent is None else 0
    return RecordingLink(name, step) if first <= step <= last else None


def free_branch_name(name: str, folder: Path) -> str:
    """``name-2`` (or ``-3``, ...): the first such recording name not taken in ``folder``."""
    stem = name[:60]
    number = 2
    while recording_path(f"{stem}-{number}", folder).exists():
        number += 1
    return f"{stem}-{number}"


def attach_parent_with_memories(connection: sqlite3.Connection, parent_path: Path, simulation: Simulation) -> bool:
    """Attach the parent recording (as ``parent``) when it holds this town's memories so far; False
    (nothing attached) otherwise, and the memories are then recorded from the town."""
    if not parent_path.is_file():
        return False
    try:
        connection.execute("ATTACH DATABASE ? AS parent", (str(parent_path),))
    except sqlite3.Error as error:
        log.warning("the parent recording %s cannot be attached (%s); the memories are recorded anew", parent_path, error)
        return False
    try:
        row = connection.execute("SELECT value FROM parent.meta WHERE key = 'meta'").fetchone()
        meta = RecordingMeta.from_json(row[0], parent_path) if row else None
        same = (meta is not None and meta.has_minds and meta.world == simulation.world.name
                and meta.scenario == simulation.scenario_name and meta.resident_names() == tuple(simulation.residents))
        if same and not has_table(connection, "memory_sources", "parent"):  # made before memories had sources
            same = not any(record.source is not None for resident in simulation.residents.values()
                           for record in resident.memory.records())
        for index, resident in enumerate(simulation.residents.values()) if same else ():
            count = len(resident.memory)
            if not count:
                continue
            last = resident.memory[count - 1]
            found = connection.execute(
                "SELECT d.text, c.text FROM parent.memories AS m JOIN parent.strings AS d ON d.id = m.description "
                "JOIN parent.strings AS c ON c.id = m.created WHERE m.resident = ? AND m.memory_id = ?",
                (index, count - 1)).fetchone()
            if found != (last.description, last.created_at.isoformat()):
                same = False
                break
    except (sqlite3.Error, RecordingError) as error:
        log.warning("the parent recording %s cannot be read (%s); the memories are recorded anew", parent_path, error)
        same = False
    if not same:
        connection.execute("DETACH DATABASE parent")
    return same


def copy_parent_memories(connection: sqlite3.Connection, simulation: Simulation) -> None:
    """Copy from the attached parent the texts, the memories the town has so far, their embeddings
    and the conversations known by the town's step (in the transaction open)."""
    connection.execute("INSERT INTO strings SELECT * FROM parent.strings")
    for index, resident in enumerate(simulation.residents.values()):
        connection.execute("INSERT INTO memories SELECT * FROM parent.memories WHERE resident = ? AND memory_id < ?",
                           (index, len(resident.memory)))
        if has_table(connection, "memory_sources", "parent"):  # none in a recording made before memories had sources
            connection.execute("INSERT INTO memory_sources SELECT * FROM parent.memory_sources "
                               "WHERE resident = ? AND memory_id < ?", (index, len(resident.memory)))
    connection.execute("INSERT INTO embeddings SELECT * FROM parent.embeddings WHERE id IN "
                       "(SELECT DISTINCT embedding FROM main.memories)")
    connection.execute("INSERT INTO conversations SELECT * FROM parent.conversations WHERE step <= ?",
                       (simulation.clock.step_index,))
