"""A minimal sequential simulation: the clock, the residents, the events on tiles, one seeded RNG.

``Simulation.step(services)`` advances one step (``step_seconds`` of game time). For each resident, in
order: a new day plans the day (and revises "currently" from the second day on); perception adds new
observations and may start a reaction and a conversation; when the current action has ended the next
one is decomposed/placed; the resident walks one tile; the step's new memories are scored in one call;
reflection runs when the threshold is crossed. Model work happens only inside the decision functions of
:mod:`agents.cognition` (pure-ish: snapshot in, frozen result out) which this module applies, so the
engine issue can move them to a worker pool. The state is picklable: services are passed in, never
stored.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import random
from datetime import datetime, timedelta

import numpy as np

from agents.cognition import plan as planning
from agents.cognition.config import DEFAULT_CONFIG, MindConfig
from agents.cognition.converse import chat_minutes, hold_conversation
from agents.cognition.daily_revision import revise_currently
from agents.cognition.execute import (
    make_action,
    object_event,
    path_to,
    resident_event,
    resolve_address,
    step_along,
)
from agents.cognition.importance import remember, score_unscored
from agents.cognition.perceive import PlaceIndex, learn_places, perceive
from agents.cognition.react import decide_reaction, may_react
from agents.cognition.reflect import apply_reflection, reflect, should_reflect
from agents.cognition.resident import Action, PlannedAction, Resident
from agents.cognition.services import MindServices
from agents.cognition.whisper import load_history
from agents.engine.clock import GameClock
from agents.memory.records import MemoryKind
from agents.memory.stream import MemoryStream
from agents.world.scenario import Scenario
from agents.world.tile_events import TileEvents
from agents.world.world_map import WorldMap

logger = logging.getLogger(__name__)


class Simulation:
    """See the module docstring. Build with :meth:`create`."""

    def __init__(self, world: WorldMap, scenario_name: str, clock: GameClock, residents: dict[str, Resident],
                 config: MindConfig, seed: int) -> None:
        self.world = world
        self.scenario_name = scenario_name
        self.clock = clock
        self.residents = residents
        self.config = config
        self.events = TileEvents()
        self.rng = random.Random(seed)
        self.np_rng = np.random.default_rng(seed)
        self.places = PlaceIndex(world)
        self.conversation_log: list[tuple[datetime, str, str, tuple[tuple[str, str], ...]]] = []
        for resident in residents.values():
            self.events.add(resident.tile, resident_event(resident))
            learn_places(resident, self.places, config)

    @classmethod
    def create(cls, world: WorldMap, scenario: Scenario, services: MindServices, *, seed: int = 0,
               config: MindConfig = DEFAULT_CONFIG, load_history_csv: bool = True) -> Simulation:
        config = config.for_scenario(scenario.reflection_threshold)
        clock = GameClock(scenario.start_time, scenario.step_seconds)
        residents = {
            p.name: Resident(persona=p, currently=p.currently, tile=p.spawn_tile,
                             memory=MemoryStream(services.embedder.dimension, scenario.start_time),
                             spatial_memory=_copy_spatial(p.spatial_memory))
            for p in scenario.personas
        }
        simulation = cls(world, scenario.name, clock, residents, config, seed)
        if load_history_csv:
            load_history(residents, scenario.history, clock.now, services, config)
        return simulation

    @property
    def now(self) -> datetime:
        return self.clock.now

    def snapshot_sha256(self) -> str:
        """A fingerprint of the whole state: equal for runs with the same seed, scenario and model
        answers (also across processes and hash seeds)."""
        return hashlib.sha256(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()

    # -- the step ----------------------------------------------------------------------------------

    def step(self, services: MindServices) -> None:
        now = self.now
        for resident in self.residents.values():
            self._step_resident(resident, now, services)
        self.clock = self.clock.advanced()

    def run(self, steps: int, services: MindServices) -> None:
        for _ in range(steps):
            self.step(services)

    def _step_resident(self, resident: Resident, now: datetime, services: MindServices) -> None:
        config = self.config
        if resident.day != now.date():
            self._new_day(resident, now, services)
        for seen in perceive(resident, self.events, self.places, config):
            event = seen.event
            remember(resident, services, MemoryKind.OBSERVATION, seen.description, now, config,
                     triple=(event.subject, event.predicate, event.object))
            other = self.residents.get(event.subject)
            if other is not None and other is not resident and may_react(resident, other, now, config):
                self._react(resident, other, seen.description, now, services)
        if resident.action is None or now >= resident.action.end:
            self._next_action(resident, now, services)
        if step_along(resident, self.events) and not resident.path:
            learn_places(resident, self.places, config)
        if resident.unscored_ids:
            score_unscored(resident, services, now)
        if should_reflect(resident, config):
            apply_reflection(resident, reflect(resident, now, services, config), now, services, config)

    # -- planning and acting -------------------------------------------------------------------------

    def _new_day(self, resident: Resident, now: datetime, services: MindServices) -> None:
        if resident.day is not None:
            resident.currently = revise_currently(resident, now, services, self.config)
        day = planning.plan_day(planning.planning_context(resident, now), services, resident.name)
        resident.day, resident.wake_up_hour = now.date(), day.wake_up_hour
        resident.daily_plan, resident.schedule = day.daily_plan, day.schedule
        resident.pending_actions.clear()
        resident.place_cache.clear()
        text = f"This is {resident.name}'s plan for {now:%A %B} {now.day}: " + "; ".join(day.daily_plan)
        remember(resident, services, MemoryKind.PLAN, text, now, self.config, importance=self.config.plan_importance)

    def _next_action(self, resident: Resident, now: datetime, services: MindServices) -> None:
        self._end_action(resident)
        if not resident.pending_actions:
            self._plan_ahead(resident, now, services)
        planned = resident.pending_actions.pop(0)
        key = (planned.description, planned.parent_activity)
        placement = resident.place_cache.get(key)
        if placement is None:
            here = self.world.address_at(resident.tile).deepest
            placement = planning.place(planning.planning_context(resident, now), services, resident.name, planned, here)
            resident.place_cache[key] = placement
        address = resolve_address(self.world, placement)
        self._start(resident, make_action(resident, planned, placement, address, now))
        resident.path = path_to(self.world, resident.tile, address, self.rng)

    def _plan_ahead(self, resident: Resident, now: datetime, services: MindServices) -> None:
        block = resident.block_at(now)
        if block is None:
            resident.pending_actions.append(PlannedAction("idling", 5, "idling"))
            return
        _, block_end = planning.block_bounds(block, now)
        horizon = now + timedelta(minutes=self.config.decompose_horizon_minutes)
        chunk_end = block_end if block_end - horizon < timedelta(minutes=30) else horizon
        minutes = max(1, round((chunk_end - now).total_seconds() / 60))
        resident.pending_actions.extend(planning.decompose(
            planning.planning_context(resident, now), services, resident.name, block, minutes, now))

    def _start(self, resident: Resident, action: Action) -> None:
        resident.action = action
        resident.action_log.append((action.start, action.description, action.address, action.parent_activity))
        self.events.remove_subject(resident.tile, resident.name)
        self.events.add(resident.tile, resident_event(resident))
        state = object_event(action)
        if state is not None:
            self.events.add(self._object_tile(action.address), state)

    def _end_action(self, resident: Resident) -> None:
        action = resident.action
        if action is None:
            return
        state = object_event(action)
        others_use = any(r is not resident and r.action is not None and r.action.address == action.address
                         for r in self.residents.values())
        if state is not None and not others_use:
            self.events.remove(self._object_tile(action.address), state)

    def _object_tile(self, address: str) -> tuple[int, int]:
        return min(self.world.tiles_of(address), key=lambda t: (t[1], t[0]))

    # -- user actions ------------------------------------------------------------------------------

    def whisper(self, name: str, text: str, services: MindServices) -> None:
        """Plant a thought in ``name``'s mind (a memory of high importance)."""
        from agents.cognition.whisper import whisper

        whisper(self.residents[name], text, self.now, services, self.config)

    def interview(self, name: str, question: str, services: MindServices, *, remember_it: bool = False) -> str:
        from agents.cognition.interview import interview

        return interview(self.residents[name], question, self.now, services, self.config, remember_it=remember_it)

    def converse(self, initiator: str, partner: str, services: MindServices) -> None:
        """Start a conversation now, as if ``initiator`` had decided to talk."""
        self._converse(self.residents[initiator], self.residents[partner], self.now, services)

    # -- reactions and conversations ---------------------------------------------------------------

    def _react(self, me: Resident, other: Resident, observation: str, now: datetime, services: MindServices) -> None:
        me.last_considered_at[other.name] = now
        reaction = decide_reaction(me, other, observation, now, services, self.config)
        me.memory.touch(reaction.touched_ids, now)
        if reaction.decision == "talk":
            self._converse(me, other, now, services)
        elif reaction.decision == "wait":
            self._interrupt(me, now, f"waiting for {other.name}", self.config.wait_minutes, "")

    def _converse(self, me: Resident, other: Resident, now: datetime, services: MindServices) -> None:
        location = self.world.address_at(me.tile).deepest
        outcome = hold_conversation(me, other, now, location, services, self.config)
        self.conversation_log.append((now, me.name, other.name, outcome.conversation.turns))
        minutes = chat_minutes(outcome.conversation, self.config)
        for side in outcome.sides:
            resident = self.residents[side.name]
            partner = other.name if resident is me else me.name
            resident.memory.touch(side.touched_ids, now)
            remember(resident, services, MemoryKind.DIALOGUE, side.summary, now, self.config,
                     triple=(resident.name, "chat with", partner))
            remember(resident, services, MemoryKind.THOUGHT, side.planning_thought, now, self.config)
            remember(resident, services, MemoryKind.THOUGHT, side.memo, now, self.config)
            resident.planning_thoughts.append(side.planning_thought)
            resident.conversations.append(outcome.conversation)
            resident.last_chat_at[partner] = now
            resident.last_considered_at[partner] = now
            self._interrupt(resident, now, f"chatting with {partner}", minutes, partner)

    def _interrupt(self, resident: Resident, now: datetime, description: str, minutes: float, chat_with: str) -> None:
        """Replace the current action with an in-place one; the rest of the block is re-planned after."""
        self._end_action(resident)
        parent = resident.action.parent_activity if resident.action else description
        address = self.world.address_at(resident.tile).deepest
        action = make_action(resident, PlannedAction(description, 1, parent), None, address, now, chat_with=chat_with)
        self._start(resident, Action(**{**action.__dict__, "duration_minutes": minutes}))
        resident.path = []
        resident.pending_actions.clear()


def _copy_spatial(spatial: dict[str, dict[str, dict[str, list[str]]]]) -> dict[str, dict[str, dict[str, list[str]]]]:
    return {w: {s: {a: list(objs) for a, objs in arenas.items()} for s, arenas in sectors.items()}
            for w, sectors in spatial.items()}





