"""The town's state: the clock, the residents, the events on tiles, one seeded RNG; and the acts
that change it.

One step (``step_seconds`` of game time): every resident thinks (:func:`agents.engine.thoughts.think`:
plan a new day, perceive, react, talk, decide the next action, score memories, reflect), then every
resident walks at most one tile, then the clock advances. Driving it is elsewhere, with the arrows
one way (driving imports this, never the reverse): :class:`~agents.engine.step_driver.StepDriver`
runs the thinking with the model calls on a worker pool; :mod:`agents.engine.town_steps` runs it on
this thread. The state is picklable (saves pickle it): services, pools and thoughts are never stored here.
"""

from __future__ import annotations

import logging
import random
from dataclasses import replace
from datetime import datetime

import numpy as np

from agents.cognition.config import DEFAULT_CONFIG, MindConfig
from agents.cognition.converse import ConversationOutcome, chat_minutes
from agents.cognition.execute import make_action, object_event, resident_event, step_along
from agents.cognition.importance import remember
from agents.cognition.perceive import PlaceIndex, learn_places
from agents.cognition.resident import Action, PlannedAction, Resident
from agents.cognition.services import MindServices
from agents.cognition.whisper import load_history
from agents.engine.clock import GameClock
from agents.engine.model_work import Incident
from agents.engine.pending_chat import PendingChat
from agents.engine.state_fingerprint import state_sha256
from agents.memory.records import CONVERSATION, MemoryKind, MemoryRecord, MemorySource
from agents.memory.stream import MemoryStream
from agents.persistence.array_codec import BadSavedState
from agents.persistence.rng_state import generator_state, random_state, restore_generator, restore_random
from agents.world.scenario import Scenario
from agents.world.scenario_fit import check_scenario_fits
from agents.world.tile_events import TileEvents
from agents.world.world_map import WorldMap

CHAT_PENDING_MINUTES = 24 * 60.0  # a chat's length until its dialogue is known
FALLBACK_IDLE_MINUTES = 5

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
        self.incidents: list[Incident] = []
        self.pending_chats: list[PendingChat] = []  # outcomes filed by a save before their due step
        for resident in residents.values():
            self.events.add(resident.tile, resident_event(resident))
            learn_places(resident, self.places, config)

    @classmethod
    def create(cls, world: WorldMap, scenario: Scenario, services: MindServices, *, seed: int = 0,
               config: MindConfig = DEFAULT_CONFIG, load_history_csv: bool = True,
               step_seconds: int | None = None) -> Simulation:
        """A town at the scenario's start; ``step_seconds`` overrides the scenario's step length. A
        WorldFormatError when a resident would start outside the map."""
        check_scenario_fits(world, scenario)
        config = config.for_scenario(scenario.reflection_threshold)
        clock = GameClock(scenario.start_time, step_seconds or scenario.step_seconds)
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

    # -- saving --------------------------------------------------------------------------------------

    def __getstate__(self) -> dict[str, object]:
        """The attributes, with the two random generators as plain numbers
        (:mod:`agents.persistence.rng_state`): a save names no numpy or ``random`` class."""
        state = self.__dict__.copy()
        state["rng"] = random_state(self.rng)
        state["np_rng"] = generator_state(self.np_rng)
        return state

    def __setstate__(self, state: object) -> None:
        """Unpickling: the generators are rebuilt from their checked numbers; the other fields are
        checked by :func:`agents.persistence.state_check.check_simulation` when a save is loaded."""
        if type(state) is not dict:
            raise BadSavedState("Simulation", f"should be saved as a dict of fields, found a {type(state).__name__}")
        fields = dict(state)
        fields.setdefault("pending_chats", [])  # a save made before deadlines
        fields["rng"] = restore_random(fields.get("rng"), "Simulation.rng")
        fields["np_rng"] = restore_generator(fields.get("np_rng"), "Simulation.np_rng")
        self.__dict__.update(fields)

    def snapshot_sha256(self) -> str:
        """A fingerprint of the whole state by value: equal for runs with the same seed, scenario and
        model answers (also across processes and hash seeds, and for a saved-and-loaded copy)."""
        return state_sha256(self)

    # -- the step (the thinking is in agents.engine.thoughts, its driving in agents.engine.step_driver)

    def move(self, resident: Resident) -> None:
        """Walk one tile along the path; on arriving, learn the place."""
        if step_along(resident, self.events) and not resident.path:
            learn_places(resident, self.places, self.config)

    def scoring_due(self) -> bool:
        """Whether this step is one on which residents score their new memories (see MindConfig)."""
        interval_steps = max(1, round(self.config.importance_scoring_interval_minutes * 60 / self.clock.step_seconds))
        return self.clock.step_index % interval_steps == 0

    def advance_clock(self) -> None:
        self.clock = self.clock.advanced()

    # -- acting (called by thoughts, on the thread that owns the simulation) -------------------------

    def start(self, resident: Resident, action: Action) -> None:
        resident.action = action
        resident.action_log.append((action.start, action.description, action.address, action.parent_activity))
        self.events.remove_subject(resident.tile, resident.name)
        self.events.add(resident.tile, resident_event(resident))
        state = object_event(action)
        if state is not None:
            self.events.add(self._object_tile(action.address), state)

    def end_action(self, resident: Resident) -> None:
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

    def interrupt(self, resident: Resident, description: str, minutes: float, chat_with: str) -> None:
        """Replace the current action with an in-place one; the rest of the block is re-planned after."""
        now = self.now
        self.end_action(resident)
        parent = resident.action.parent_activity if resident.action else description
        address = self.world.address_at(resident.tile).deepest
        action = make_action(resident, PlannedAction(description, 1, parent), None, address, now, chat_with=chat_with)
        self.start(resident, replace(action, duration_minutes=minutes))
        resident.path = []
        resident.pending_actions.clear()
        resident.placing_ahead.clear()
        resident.decomposing_ahead = None

    def begin_chat(self, me: Resident, other: Resident) -> None:
        """Both stop where they are and talk (until :meth:`finish_chat` sets how long)."""
        for resident, partner in ((me, other), (other, me)):
            self.interrupt(resident, f"chatting with {partner.name}", CHAT_PENDING_MINUTES, partner.name)

    def file_pending_chat(self, chat: PendingChat) -> None:
        """Keep ``chat``'s outcome until its due step (a save took it from the driver); the list stays
        in the order the outcomes are applied: by due time, then the initiator's place in the town."""
        order = {name: index for index, name in enumerate(self.residents)}
        self.pending_chats.append(chat)
        self.pending_chats.sort(key=lambda c: (c.due_at, order.get(c.initiator, len(order))))

    def take_due_chats(self) -> list[PendingChat]:
        """The filed outcomes due now, in the order they are applied (taken out of the list)."""
        due = [chat for chat in self.pending_chats if chat.due_at <= self.now]
        if due:
            self.pending_chats = [chat for chat in self.pending_chats if chat.due_at > self.now]
        return due

    def chat_is_pending(self, name: str) -> bool:
        """Whether ``name`` is in a conversation whose filed outcome is not due yet."""
        return any(name in chat.members for chat in self.pending_chats)

    def finish_chat(self, me: Resident, other: Resident, outcome: ConversationOutcome, started: datetime,
                    services: MindServices) -> None:
        """What each side takes away becomes memories (their source: the partner said it to them when
        the chat began); the chat lasts as long as the lines take."""
        now = self.now
        self.conversation_log.append((started, me.name, other.name, outcome.conversation.turns))
        minutes = chat_minutes(outcome.conversation, self.config)
        for side in outcome.sides:
            resident = self.residents[side.name]
            partner = other.name if resident is me else me.name
            resident.memory.touch(side.touched_ids, now)
            heard = MemorySource(CONVERSATION, partner, resident.name, started)  # what the partner said to them
            remember(resident, services, MemoryKind.DIALOGUE, side.summary, now, self.config,
                     triple=(resident.name, "chat with", partner), source=heard)
            remember(resident, services, MemoryKind.THOUGHT, side.planning_thought, now, self.config, source=heard)
            remember(resident, services, MemoryKind.THOUGHT, side.memo, now, self.config, source=heard)
            resident.planning_thoughts.append(side.planning_thought)
            resident.conversations.append(outcome.conversation)
            resident.last_chat_at[partner] = started
            resident.last_considered_at[partner] = started
            if resident.action is not None and resident.action.chat_with == partner:
                elapsed = (now - resident.action.start).total_seconds() / 60
                resident.action = replace(resident.action, duration_minutes=elapsed + minutes)

    def fall_back(self, names: tuple[str, ...], kind: str, error: str) -> Incident:
        """An operation failed or timed out: record it, and whoever has nothing (left) to do idles a
        few minutes where they stand; a chat that was waiting for it ends now."""
        now = self.now
        done: list[str] = []
        for name in names:
            resident = self.residents[name]
            action = resident.action
            if action is None or now >= action.end or action.chat_with:
                self.interrupt(resident, "idling", FALLBACK_IDLE_MINUTES, "")
                done.append(name)
        fallback = f"{', '.join(done)} idle {FALLBACK_IDLE_MINUTES} min" if done else "went on with the current action"
        incident = Incident(now, names, kind, error, fallback)
        self.incidents.append(incident)
        logger.warning("%s for %s failed (%s); %s", kind, ", ".join(names), error, fallback)
        return incident

    # -- user actions ------------------------------------------------------------------------------

    def whisper(self, name: str, text: str, services: MindServices) -> MemoryRecord:
        """Plant a thought in ``name``'s mind (a memory of high importance, marked whispered)."""
        from agents.cognition.whisper import whisper

        return whisper(self.residents[name], text, self.now, services, self.config)

    def interview(self, name: str, question: str, services: MindServices, *, remember_it: bool = False) -> str:
        from agents.cognition.interview import interview

        return interview(self.residents[name], question, self.now, services, self.config, remember_it=remember_it)


def _copy_spatial(spatial: dict[str, dict[str, dict[str, list[str]]]]) -> dict[str, dict[str, dict[str, list[str]]]]:
    return {w: {s: {a: list(objs) for a, objs in arenas.items()} for s, arenas in sectors.items()}
            for w, sectors in spatial.items()}





