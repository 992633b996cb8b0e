"""What a viewer draws of the town at one step: a frozen :class:`SimulationView` of every resident
(:class:`ResidentView`: tile and the tile before, action, emoji, place, chat partner, the chat's
lines shown so far, the kind of model work in flight), built from a live simulation by
:func:`view_of`.

The play scene draws the live runner's view, the replay scene a recording's frame
(:meth:`agents.persistence.recording_reader.RecordingReader.frame`); both are these values, so the
map, sprites and bubbles are drawn by the same code. The recorder builds the frames it stores with
:func:`view_of` too.

The chat lines of a resident who is talking follow the rule of the inspector's conversation under
way (:mod:`agents.views.resident_view_builder`): the latest conversation with the partner begun at
or after the chat began, once its dialogue is known, revealed by elapsed game time from when it
became known (the chat's end minus its length in lines) to the chat's end, the first line at once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from agents.cognition.converse import chat_minutes
from agents.cognition.resident import Conversation, Resident
from agents.engine.simulation import Simulation
from agents.world.pathfinding import Tile
from agents.world.scenario import Scenario

ChatLines = tuple[tuple[str, str], ...]  # (speaker, line), in order


@dataclass(frozen=True, slots=True)
class ResidentView:
    """What a viewer needs of one resident after a step. ``chat`` holds the lines of the conversation
    under way shown so far (empty when not talking, or before its dialogue is known); ``thinking``
    the kinds of model work in flight for them, in words ("" when none)."""

    name: str
    tile: Tile
    previous_tile: Tile
    activity: str
    emoji: str
    address: str
    chat_with: str
    chat: ChatLines = ()
    thinking: str = ""


@dataclass(frozen=True)
class SimulationView:
    """A frozen picture of the simulation after a step."""

    step_index: int
    now: datetime
    residents: tuple[ResidentView, ...]
    incidents: int = 0  # operations that failed or timed out so far (each fell back)
    last_incident: str = ""


def tiles_of_residents(simulation: Simulation) -> dict[str, Tile]:
    return {name: resident.tile for name, resident in simulation.residents.items()}


def chat_now(simulation: Simulation, resident: Resident) -> tuple[Conversation | None, int]:
    """The conversation a talking resident's chat shows and how many of its lines are shown now
    (see the module docstring); ``(None, 0)`` when not talking or before the dialogue is known."""
    action, now = resident.action, simulation.clock.now
    if action is None or not action.chat_with or now >= action.end or not resident.conversations:
        return None, 0
    latest = resident.conversations[-1]
    if action.chat_with not in latest.participants or latest.started_at < action.start:
        return None, 0
    count = len(latest.turns)
    if count:
        minutes = chat_minutes(latest, simulation.config)
        known_at = action.end - timedelta(minutes=minutes)
        fraction = (now - known_at).total_seconds() / (minutes * 60)
        count = max(1, min(count, math.floor(count * fraction) + 1))
    return latest, count


def incident_text(simulation: Simulation) -> str:
    """The last incident in one line ("" when there was none)."""
    incidents = simulation.incidents
    if not incidents:
        return ""
    last = incidents[-1]
    return f"{last.kind} for {', '.join(last.residents)}: {last.error}; {last.fallback}"


def resident_frame(simulation: Simulation, resident: Resident, previous_tile: Tile, thinking: str = "") -> ResidentView:
    """One resident's view after a step (``previous_tile``: their tile before it)."""
    action = resident.action
    if action is None:
        return ResidentView(resident.name, resident.tile, previous_tile, "", "", "", "", (), thinking)
    chat: ChatLines = ()
    if action.chat_with:
        conversation, shown = chat_now(simulation, resident)
        if conversation is not None:
            chat = conversation.turns[:shown]
    return ResidentView(resident.name, resident.tile, previous_tile, action.description, action.emoji, action.address,
                        action.chat_with, chat, thinking)


def view_of(simulation: Simulation, before: Mapping[str, Tile],
            thinking: Mapping[str, str] | None = None) -> SimulationView:
    """The view after a step; ``before`` holds each resident's tile before that step, ``thinking``
    each resident's kinds of work in flight, in words (see
    :func:`agents.views.resident_view_builder.thinking_by_resident`)."""
    thinking = thinking or {}
    residents = tuple(resident_frame(simulation, resident, before.get(name, resident.tile), thinking.get(name, ""))
                      for name, resident in simulation.residents.items())
    return SimulationView(simulation.clock.step_index, simulation.now, residents, len(simulation.incidents),
                          incident_text(simulation))


def initial_view(scenario: Scenario) -> SimulationView:
    """The view before the simulation exists: everyone at their spawn tile."""
    return SimulationView(0, scenario.start_time, tuple(
        ResidentView(p.name, p.spawn_tile, p.spawn_tile, "", "", "", "") for p in scenario.personas))
