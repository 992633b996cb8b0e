"""Planning: a new day's wake-up hour, daily plan and hourly blocks; the current block decomposed into
5-15 minute actions; each action placed (sector, arena, object, emoji, event triple, object state) in
ONE ``action_place`` call.

Each decision is a function from a plain-data context (a snapshot: see :func:`planning_context`) and
the services to a frozen result; the simulation applies the result. Sleeping needs no decomposition
call (it is one action), and an action already placed today is not placed again.

Whatever the model, the answers are kept sensible (:mod:`agents.cognition.answer_sense`): a schedule
awake before the wake-up hour, a decomposition that contradicts its block or repeats an action too
often, and a place that does not fit the block (sleep away from home, work away from the workplace)
are replaced by the offline rule's answer, and the correction is counted by kind.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from agents.cognition.answer_sense import decomposition_problem, placement_problem, schedule_problem
from agents.cognition.resident import PlannedAction, Resident, ScheduleBlock
from agents.cognition.services import MindServices

logger = logging.getLogger(__name__)

Context = dict[str, object]


@dataclass(frozen=True)
class DayPlan:
    wake_up_hour: int
    daily_plan: tuple[str, ...]
    schedule: tuple[ScheduleBlock, ...]


@dataclass(frozen=True)
class Placement:
    sector: str
    arena: str
    game_object: str
    emoji: str
    event: tuple[str, str, str]
    object_state: str


def time_texts(now: datetime) -> dict[str, str]:
    return {"date_text": f"{now:%A %B} {now.day}, {now.year}", "time_text": now.strftime("%I:%M %p").lstrip("0").lower()}


def planning_context(resident: Resident, now: datetime) -> Context:
    """A snapshot of what planning prompts need (deep copies: safe to hand to a worker)."""
    return {"persona": resident.identity(), "spatial_memory": resident.known_places(), **time_texts(now)}


def plan_day(context: Context, services: MindServices, agent_name: str) -> DayPlan:
    """Three calls: wake-up hour, daily plan, hourly schedule (the engine yields them one by one)."""
    wake = wake_up_hour(context, services, agent_name)
    plan = daily_plan(context, services, agent_name, wake)
    return DayPlan(wake, plan, hourly_schedule(context, services, agent_name, wake, plan))


def wake_up_hour(context: Context, services: MindServices, agent_name: str) -> int:
    return int(services.ask("wake_up_hour", context, agent_name)["wake_up_hour"])  # type: ignore[arg-type]


def daily_plan(context: Context, services: MindServices, agent_name: str, wake_up_hour: int) -> tuple[str, ...]:
    plan = services.ask("daily_plan", {**context, "wake_up_hour": wake_up_hour}, agent_name)["daily_plan"]
    return tuple(str(item) for item in plan)  # type: ignore[union-attr]


def hourly_schedule(context: Context, services: MindServices, agent_name: str, wake_up_hour: int,
                    daily_plan: tuple[str, ...]) -> tuple[ScheduleBlock, ...]:
    asking = {**context, "wake_up_hour": wake_up_hour, "daily_plan": list(daily_plan)}
    schedule = _blocks(services.ask("hourly_schedule", asking, agent_name)["blocks"])
    problem = schedule_problem(schedule, wake_up_hour)
    if problem:
        services.runner.count_correction("hourly_schedule", problem, agent_name)
        schedule = _blocks(services.runner.fallback_value("hourly_schedule", asking)["blocks"])
    return schedule


def _blocks(blocks: object) -> tuple[ScheduleBlock, ...]:
    starts = [(int(b["start_hour"]), str(b["activity"])) for b in blocks]  # type: ignore[attr-defined]
    return tuple(
        ScheduleBlock(start, starts[i + 1][0] if i + 1 < len(starts) else 24, activity)
        for i, (start, activity) in enumerate(starts)
    )


def block_bounds(block: ScheduleBlock, now: datetime) -> tuple[datetime, datetime]:
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + timedelta(hours=block.start_hour), midnight + timedelta(hours=block.end_hour)


def needs_decomposition(block: ScheduleBlock, minutes: int) -> bool:
    """Sleep is one action, and so is anything shorter than 5 minutes: no call for those."""
    return minutes >= 5 and "sleep" not in block.activity.casefold()


def undivided(block: ScheduleBlock, minutes: int) -> PlannedAction:
    return PlannedAction(block.activity, max(1, minutes), block.activity)


def decompose(
    context: Context, services: MindServices, agent_name: str, block: ScheduleBlock, minutes: int, start: datetime,
    done_today: Mapping[str, int] | None = None,
) -> list[PlannedAction]:
    """The next ``minutes`` of ``block`` as 5-15 minute actions (one call; none for sleep or < 5 min).
    ``done_today``: how often each action (casefolded) was started today, so none repeats too often."""
    if not needs_decomposition(block, minutes):
        return [undivided(block, minutes)]
    asking = {**context, "activity": block.activity, "duration_minutes": minutes,
              "start_time_text": start.strftime("%I:%M %p").lstrip("0").lower(), "done_today": dict(done_today or {})}
    subtasks = services.ask("decompose_action", asking, agent_name)["subtasks"]
    problem = decomposition_problem(block, [str(s["description"]) for s in subtasks],  # type: ignore[attr-defined]
                                    context, done_today or {})
    if problem:
        services.runner.count_correction("decompose_action", problem, agent_name)
        subtasks = services.runner.fallback_value("decompose_action", asking)["subtasks"]
    return [
        PlannedAction(str(s["description"]), int(s["duration_minutes"]), block.activity)
        for s in subtasks  # type: ignore[attr-defined]
    ]


def done_today(resident: Resident, now: datetime) -> dict[str, int]:
    """How often each action description (casefolded) was started on ``now``'s day."""
    counts: dict[str, int] = {}
    for started, description, _, _ in resident.action_log:
        if started.date() == now.date():
            key = description.strip().casefold()
            counts[key] = counts.get(key, 0) + 1
    return counts


_PART_OF_DAY = re.compile(
    r"\s+(?:early in the morning|in the morning|around midday|in the early afternoon|later in the afternoon|"
    r"in the afternoon|in the evening|late in the evening|late at night|this morning|this afternoon|"
    r"this evening|tonight)$")


def place_key(description: str, parent_activity: str) -> tuple[str, str]:
    """What decides where an action happens: the task and its block, without the part of the day
    ("taking orders in the morning" is placed where "taking orders around midday" was)."""
    return _PART_OF_DAY.sub("", description.strip()).casefold(), parent_activity


def cached_placement(cache: Mapping[tuple[str, str], Placement], description: str,
                     parent_activity: str) -> Placement | None:
    """The placement of this action, or of one with the same :func:`place_key`, already made today."""
    found = cache.get((description, parent_activity))
    if found is not None:
        return found
    wanted = place_key(description, parent_activity)
    return next((placement for (d, p), placement in cache.items() if place_key(d, p) == wanted), None)


@dataclass(frozen=True)
class DecomposedActions:
    """The next actions of a block, the first one placed (``None``: it had been placed already)."""

    actions: tuple[PlannedAction, ...]
    first_placement: Placement | None


def decompose_and_place(
    context: Context, services: MindServices, agent_name: str, block: ScheduleBlock, minutes: int, start: datetime,
    current_address: str, already_placed: frozenset[tuple[str, str]], done_today: Mapping[str, int] | None = None,
) -> DecomposedActions:
    """:func:`decompose`, then :func:`place` the first action unless its (description, parent
    activity) is ``already_placed``: two chained calls in one piece of work, as the resident needs
    both before acting."""
    actions = tuple(decompose(context, services, agent_name, block, minutes, start, done_today))
    if not actions or place_key(actions[0].description, actions[0].parent_activity) in {
            place_key(*placed) for placed in already_placed}:
        return DecomposedActions(actions, None)
    return DecomposedActions(actions, place(context, services, agent_name, actions[0], current_address))


def place(context: Context, services: MindServices, agent_name: str, action: PlannedAction, current_address: str) -> Placement:
    """ONE call: where the action happens, its emoji, event triple and the object's state."""
    asking = {**context, "activity": action.description, "parent_activity": action.parent_activity,
              "current_address": current_address}
    value = services.ask("action_place", asking, agent_name)
    problem = placement_problem(str(value["sector"]), action.description, action.parent_activity, context)
    if problem:
        services.runner.count_correction("action_place", problem, agent_name)
        value = services.runner.fallback_value("action_place", asking)
    event = value["event"]
    return Placement(
        sector=str(value["sector"]), arena=str(value["arena"]), game_object=str(value["game_object"]),
        emoji=str(value["emoji"]),
        event=(str(event["subject"]), str(event["predicate"]), str(event["object"])),  # type: ignore[index]
        object_state=str(value["object_state"]),
    )
