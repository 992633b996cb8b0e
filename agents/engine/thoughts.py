"""A resident's thinking in one step, as generators the step driver runs (see :mod:`model_work`).

:func:`think` is one resident's step without the walking: a new day plans the day (and revises
"currently" from the second day on); new observations become memories and may start a reaction
(which may end the thought with a :class:`ConversationIntent`); when the current action has ended the
next one is decomposed and placed; every ``importance_scoring_interval_minutes`` the new memories are
scored in one call (see :func:`_score`); reflection runs when its threshold is crossed. :func:`converse` is a conversation between two residents.
The run's ablation condition (:mod:`agents.cognition.condition`) may leave out reflection, the day's plan
and the revision of "currently".

Every model call is yielded as :class:`ModelWork` on frozen inputs and its result applied here, on
the thread that owns the simulation; so are the embeddings of new memories when the embedder is
remote (``MindServices.embed_on_workers``). A thought may be closed at any yield (it was superseded, or its
operation failed): each result is applied only after it arrives and the live state is consistent at
every yield, so nothing is half-done (a popped plan item, say) when a thought is dropped.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from agents.cognition import plan as planning
from agents.cognition.converse import ConversationOutcome, Dialogue, SideOutcome, hold_dialogue, take_away
from agents.cognition.daily_revision import revise_currently
from agents.cognition.execute import make_action, path_to, resolve_address
from agents.cognition.importance import apply_scores, remember, scores_for, scoring_inputs
from agents.cognition.perceive import perceive
from agents.cognition.react import Reaction, decide_reaction, may_react
from agents.cognition.reflect import Reflection, apply_reflection, reflect, should_reflect
from agents.cognition.resident import PlannedAction, Resident, ScheduleBlock
from agents.cognition.services import MindServices
from agents.engine.model_work import Ahead, ConversationIntent, ModelWork, Thought
from agents.engine.pending_chat import PendingChat, conversation_due_at
from agents.memory.records import MemoryKind

if TYPE_CHECKING:
    from agents.engine.simulation import Simulation


def think(simulation: Simulation, resident: Resident, services: MindServices) -> Thought:
    """See the module docstring."""
    config = simulation.config
    if resident.day != simulation.now.date():
        yield from _new_day(simulation, resident, services)
    now = simulation.now
    perceived = perceive(resident, simulation.events, simulation.places, config)
    memorising = yield from _ready_to_remember(services, [seen.description for seen in perceived])
    for seen in perceived:
        event = seen.event
        remember(resident, memorising, MemoryKind.OBSERVATION, seen.description, now, config,
                 triple=(event.subject, event.predicate, event.object))
    for seen in perceived:
        other = simulation.residents.get(seen.event.subject)
        if other is None or other is resident or not may_react(resident, other, simulation.now, config):
            continue
        resident.last_considered_at[other.name] = simulation.now
        reaction: Reaction = yield ModelWork("react_decision", decide_reaction, {
            "me": resident.frozen_copy(), "other": other.frozen_copy(), "observation": seen.description,
            "now": simulation.now, "config": config})
        resident.memory.touch(reaction.touched_ids, simulation.now)
        if reaction.decision == "talk":
            return ConversationIntent(resident.name, other.name)
        if reaction.decision == "wait":
            simulation.interrupt(resident, f"waiting for {other.name}", config.wait_minutes, "")
            yield from _decompose_next_ahead(simulation, resident)
    if resident.action is None or simulation.now >= resident.action.end:
        yield from _next_action(simulation, resident)
    if simulation.scoring_due():
        yield from _score(simulation, resident)
    if simulation.scoring_due() and should_reflect(resident, config, simulation.now):
        reflection: Reflection = yield ModelWork("reflection", reflect, {
            "resident": resident.frozen_copy(), "now": simulation.now, "config": config})
        memorising = yield from _ready_to_remember(services, [insight.text for insight in reflection.insights])
        apply_reflection(resident, reflection, simulation.now, memorising, config)
    return None


def _score(simulation: Simulation, resident: Resident) -> Generator[ModelWork | Ahead, object, None]:
    """Score the new memories in one call. In the background (the config's default): once there are
    memories new since the scores last asked, apply those scores and ask for the new ones, to apply at
    a later scoring step; with nothing new the scores asked stay in the background (a sleeping resident
    does not hold up the clock for them)."""
    asked = resident.scoring_ahead
    if asked is not None:
        if set(resident.unscored_ids) <= set(asked["ids"]):  # type: ignore[call-overload]
            return
        yield from _apply_scores_of(resident, asked)
        resident.scoring_ahead = None
    if not resident.unscored_ids:
        return
    inputs = scoring_inputs(resident, tuple(resident.unscored_ids), simulation.now)
    if simulation.config.score_importance_in_background:
        resident.scoring_ahead = inputs
        yield Ahead(ModelWork("importance_batch", scores_for, inputs, resident=resident.name))
    else:
        yield from _apply_scores_of(resident, inputs)


def _apply_scores_of(resident: Resident, inputs: dict[str, object]) -> Generator[ModelWork, object, None]:
    """Ask (or, for inputs asked ahead, collect) the scores of :func:`scoring_inputs` and apply them."""
    scores: dict[int, int] = yield ModelWork("importance_batch", scores_for, inputs, resident=resident.name)
    apply_scores(resident, inputs["ids"], scores)  # type: ignore[arg-type]


def converse(simulation: Simulation, intent: ConversationIntent, services: MindServices) -> Thought:
    """Both stop and chat (at once, so others see them talking); the dialogue is one operation, then
    each side's take-away. The outcome is due a little later (:mod:`agents.engine.pending_chat`):
    the thought yields it as a :class:`PendingChat` and the driver holds it there until its step,
    when :func:`finish_conversation` applies it. Until then nothing live is changed."""
    me, other = simulation.residents[intent.initiator], simulation.residents[intent.partner]
    started = simulation.now
    inputs = {"initiator": me.frozen_copy(), "partner": other.frozen_copy(), "now": started,
              "location_text": simulation.world.address_at(me.tile).deepest, "config": simulation.config}
    simulation.begin_chat(me, other)
    dialogue: Dialogue = yield ModelWork("conversation", hold_dialogue, inputs)
    sides: tuple[SideOutcome, SideOutcome] = yield tuple(  # type: ignore[assignment]
        ModelWork("conversation_take_away", take_away, {"me": mine, "other": theirs, "dialogue": dialogue,
                                                        "now": started}, resident=mine.name)
        for mine, theirs in ((inputs["initiator"], inputs["partner"]), (inputs["partner"], inputs["initiator"])))
    outcome = ConversationOutcome(dialogue.conversation, sides, dialogue.relevant_memories_shown)
    yield from _ready_to_remember(services, _take_away_texts(outcome))  # embedded now, found in the cache when due
    chat = PendingChat(conversation_due_at(started), me.name, other.name, started, outcome)
    yield chat
    yield from finish_conversation(simulation, chat, services)
    return None


def finish_conversation(simulation: Simulation, chat: PendingChat, services: MindServices) -> Thought:
    """A conversation's outcome applied at its due step: memories, planning thoughts, the chat's
    length; then each side's next actions asked ahead."""
    me, other = simulation.residents[chat.initiator], simulation.residents[chat.partner]
    memorising = yield from _ready_to_remember(services, _take_away_texts(chat.outcome))
    simulation.finish_chat(me, other, chat.outcome, chat.started, memorising)
    for resident in (me, other):
        yield from _decompose_next_ahead(simulation, resident)
    return None


def _take_away_texts(outcome: ConversationOutcome) -> list[str]:
    return [text for side in outcome.sides for text in (side.summary, side.planning_thought, side.memo)]


def _new_day(simulation: Simulation, resident: Resident, services: MindServices) -> Thought:
    config = simulation.config
    condition = config.condition  # the ablation condition (agents.cognition.condition)
    if resident.day is not None and condition.remembers:
        currently: str = yield ModelWork("revise_currently", revise_currently, {
            "resident": resident.frozen_copy(), "now": simulation.now, "config": config})
        resident.currently = currently
    asking = {"context": planning.planning_context(resident, simulation.now), "agent_name": resident.name}
    # the day's plan is three chained calls, yielded one by one: another resident's work can take a
    # worker between them
    wake_up_hour: int = yield ModelWork("wake_up_hour", planning.wake_up_hour, asking)
    daily_plan: tuple[str, ...] = ()  # without planning: the hours are laid out from the persona alone
    if condition.plans:
        daily_plan = yield ModelWork("daily_plan", planning.daily_plan, {**asking, "wake_up_hour": wake_up_hour})
    schedule: tuple[ScheduleBlock, ...] = yield ModelWork(
        "hourly_schedule", planning.hourly_schedule, {**asking, "wake_up_hour": wake_up_hour, "daily_plan": daily_plan})
    now = simulation.now
    resident.day, resident.wake_up_hour = now.date(), wake_up_hour
    resident.daily_plan, resident.schedule = daily_plan, schedule
    resident.pending_actions.clear()
    resident.place_cache.clear()
    resident.placing_ahead.clear()
    resident.decomposing_ahead = None
    if condition.plans:
        text = f"This is {resident.name}'s plan for {now:%A %B} {now.day}: " + "; ".join(daily_plan)
        memorising = yield from _ready_to_remember(services, [text])
        remember(resident, memorising, MemoryKind.PLAN, text, now, config, importance=config.plan_importance)
    return None


def _ready_to_remember(services: MindServices, texts: list[str]) -> Generator[ModelWork, object, MindServices]:
    """Services that can embed ``texts`` at once: with an embedder over the network they are embedded
    on a worker first (the owning thread never waits on the network); otherwise ``services`` as they are."""
    wanted = tuple(dict.fromkeys(text for text in texts if text))
    if not services.embed_on_workers or not wanted:
        return services
    vectors: npt.NDArray[np.float32] = yield ModelWork("embed", _embed, {"texts": wanted})
    return services.knowing(wanted, vectors)


def _embed(services: MindServices, texts: tuple[str, ...]) -> npt.NDArray[np.float32]:
    return services.embed(texts)


def _next_action(simulation: Simulation, resident: Resident) -> Generator[ModelWork | Ahead, object, None]:
    if not resident.pending_actions:
        decomposed = yield from _plan_ahead(simulation, resident)
        resident.pending_actions.extend(decomposed.actions)
        if decomposed.first_placement is not None:
            first = decomposed.actions[0]
            resident.place_cache[(first.description, first.parent_activity)] = decomposed.first_placement
            resident.placing_ahead.pop((first.description, first.parent_activity), None)
    planned = resident.pending_actions[0]
    key = (planned.description, planned.parent_activity)
    placement = planning.cached_placement(resident.place_cache, *key)
    if placement is not None:
        resident.place_cache[key] = placement
        resident.placing_ahead.pop(key, None)
    else:
        inputs = resident.placing_ahead.pop(key, None)  # asked when the previous action started
        if inputs is None:
            inputs = _placing_inputs(resident, planned, simulation.now, simulation.world.address_at(resident.tile).deepest)
        placement = yield ModelWork("action_place", planning.place, inputs, resident=resident.name)
        resident.place_cache[key] = placement
    resident.pending_actions.pop(0)
    address = resolve_address(simulation.world, placement)
    simulation.end_action(resident)
    simulation.start(resident, make_action(resident, planned, placement, address, simulation.now))
    resident.path = path_to(simulation.world, resident.tile, address, simulation.rng)
    if simulation.config.place_next_action_ahead:
        yield from _place_next_ahead(resident)
    yield from _decompose_next_ahead(simulation, resident)
    return None


def _place_next_ahead(resident: Resident) -> Generator[Ahead, object, None]:
    """Ask now where the next planned action will happen, as of when and where it will start (the
    end and the place of the action just started); :func:`_next_action` uses the answer then."""
    action = resident.action
    if not resident.pending_actions or action is None:
        return
    upcoming = resident.pending_actions[0]
    key = (upcoming.description, upcoming.parent_activity)
    if key in resident.placing_ahead or planning.cached_placement(resident.place_cache, *key) is not None:
        return
    inputs = _placing_inputs(resident, upcoming, action.end, action.address)
    resident.placing_ahead[key] = inputs
    yield Ahead(ModelWork("action_place", planning.place, inputs, resident=resident.name))


def _placing_inputs(resident: Resident, planned: PlannedAction, when: datetime, from_address: str) -> dict[str, object]:
    """What :func:`planning.place` needs to place ``planned`` starting ``when`` at ``from_address``."""
    return {"context": planning.planning_context(resident, when), "agent_name": resident.name,
            "action": planned, "current_address": from_address}


def _decompose_next_ahead(simulation: Simulation, resident: Resident) -> Generator[Ahead, object, None]:
    """When the action just started (a chat, a wait) is the last one planned, ask now for the next
    actions, as of when and where it ends; :func:`_plan_ahead` uses the answer then."""
    action = resident.action
    if not simulation.config.place_next_action_ahead or resident.pending_actions or action is None:
        return
    chunk = _next_chunk(simulation, resident, action.end)
    if chunk is None or not planning.needs_decomposition(*chunk):
        return
    resident.decomposing_ahead = _decomposing_inputs(resident, *chunk, action.end, action.address)
    yield Ahead(ModelWork("decompose_action", planning.decompose_and_place, resident.decomposing_ahead,
                          resident=resident.name))


def _next_chunk(simulation: Simulation, resident: Resident, when: datetime) -> tuple[ScheduleBlock, int] | None:
    """The block under way at ``when`` and how many minutes of it to plan now (None: no block)."""
    block = resident.block_at(when)
    if block is None:
        return None
    _, block_end = planning.block_bounds(block, when)
    horizon = when + timedelta(minutes=simulation.config.decompose_horizon_minutes)
    chunk_end = block_end if block_end - horizon < timedelta(minutes=30) else horizon
    return block, max(1, round((chunk_end - when).total_seconds() / 60))


def _decomposing_inputs(resident: Resident, block: ScheduleBlock, minutes: int, when: datetime,
                        from_address: str) -> dict[str, object]:
    """What :func:`planning.decompose_and_place` needs for ``minutes`` of ``block`` from ``when``."""
    return {"context": planning.planning_context(resident, when), "agent_name": resident.name, "block": block,
            "minutes": minutes, "start": when, "current_address": from_address,
            "already_placed": frozenset(resident.place_cache), "done_today": planning.done_today(resident, when)}


def _plan_ahead(simulation: Simulation, resident: Resident) -> Generator[ModelWork, object, planning.DecomposedActions]:
    """The next actions of the current block: one undivided action (sleep, or under 5 minutes), or the
    next ``decompose_horizon_minutes`` decomposed with the first action placed, in one operation
    (asked ahead by :func:`_decompose_next_ahead` when it was for this very chunk)."""
    now = simulation.now
    chunk = _next_chunk(simulation, resident, now)
    if chunk is None:
        return planning.DecomposedActions((PlannedAction("idling", 5, "idling"),), None)
    block, minutes = chunk
    if not planning.needs_decomposition(block, minutes):
        return planning.DecomposedActions((planning.undivided(block, minutes),), None)
    inputs, resident.decomposing_ahead = resident.decomposing_ahead, None
    if inputs is None or (inputs["block"], inputs["minutes"], inputs["start"]) != (block, minutes, now):
        inputs = _decomposing_inputs(resident, block, minutes, now, simulation.world.address_at(resident.tile).deepest)
    decomposed: planning.DecomposedActions = yield ModelWork(
        "decompose_action", planning.decompose_and_place, inputs, resident=resident.name)
    return decomposed
