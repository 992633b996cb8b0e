"""Whether a model's valid answer makes sense for the resident, whatever the model (issue 15).

The prompt runner already makes sure an answer matches its schema and names only places the resident
knows (``agents.prompts.answer_checks``). These checks go further, with what the minds know: a
sleeping block is spent at home; an action whose block names a place (or "at home") happens there; a
day's schedule sleeps before the wake-up hour; a decomposition neither sleeps in a waking block, nor
goes to a place its block does not name, nor repeats one action more than ``MAX_REPEATS_A_DAY`` times
in a day. Each function returns the problem's kind ("" when the answer makes sense); the planning
functions then use the offline rule's answer instead and count the correction by that kind.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from agents.cognition.resident import ScheduleBlock

SLEEP_AWAY_FROM_HOME = "sleep_away_from_home"
PLACE_DOES_NOT_FIT_BLOCK = "place_does_not_fit_block"
SCHEDULE_AWAKE_AT_NIGHT = "schedule_awake_before_wake_up"
DECOMPOSITION_CONTRADICTS_BLOCK = "decomposition_contradicts_block"
DECOMPOSITION_REPEATS_ACTIONS = "decomposition_repeats_actions"

MAX_REPEATS_A_DAY = 4  # the same action description (sleep aside) at most this often a day


_SLEEP = re.compile(r"sleep|\bnap\b|\bnapping\b|\bgo(?:es|ing)? to bed\b")


def is_sleep(text: str) -> bool:
    return _SLEEP.search(text.casefold()) is not None


def home_sector(context: Mapping[str, object]) -> str:
    persona = context.get("persona")
    living_area = str(persona.get("living_area", "")) if isinstance(persona, Mapping) else ""
    parts = living_area.split(":")
    return parts[1] if len(parts) > 1 else ""


def known_sectors(context: Mapping[str, object]) -> list[str]:
    spatial = context.get("spatial_memory")
    sectors: list[str] = []
    if isinstance(spatial, Mapping):
        for world in spatial.values():
            if isinstance(world, Mapping):
                sectors.extend(str(sector) for sector in world)
    return sectors


def sector_named(text: str, context: Mapping[str, object]) -> str | None:
    """The known sector ``text`` names ("... at Hobbs Cafe"), the home sector for "at home", else None."""
    folded = text.casefold()
    named = [sector for sector in known_sectors(context) if sector and sector.casefold() in folded]
    if named:
        return max(named, key=len)
    if re.search(r"\b(at|from) home\b", folded):
        return home_sector(context) or None
    return None


def placement_problem(sector: str, description: str, parent_activity: str, context: Mapping[str, object]) -> str:
    """Why placing ``description`` (of the block ``parent_activity``) in ``sector`` makes no sense."""
    home = home_sector(context)
    if (is_sleep(description) or is_sleep(parent_activity)) and home and sector != home:
        return SLEEP_AWAY_FROM_HOME
    wanted = sector_named(description, context) or sector_named(parent_activity, context)
    if wanted is not None and sector != wanted:
        return PLACE_DOES_NOT_FIT_BLOCK
    return ""


def schedule_problem(blocks: Sequence[ScheduleBlock], wake_up_hour: int) -> str:
    """A day that is not asleep in the hour before waking up, or never sleeps, makes no sense."""
    if not any(is_sleep(block.activity) for block in blocks):
        return SCHEDULE_AWAKE_AT_NIGHT
    before_waking = max(0, wake_up_hour - 1)
    current = next((b for b in reversed(blocks) if b.start_hour <= before_waking), None)
    if wake_up_hour >= 1 and current is not None and not is_sleep(current.activity):
        return SCHEDULE_AWAKE_AT_NIGHT
    return ""


_MEALS = ("breakfast", "lunch", "dinner")


def decomposition_problem(block: ScheduleBlock, descriptions: Sequence[str], context: Mapping[str, object],
                          done_today: Mapping[str, int]) -> str:
    """Why these actions make no sense for ``block`` (see the module docstring)."""
    block_sector = sector_named(block.activity, context)
    block_meals = {meal for meal in _MEALS if meal in block.activity.casefold()}
    counts: dict[str, int] = dict(done_today)
    for description in descriptions:
        if is_sleep(description) and not is_sleep(block.activity):
            return DECOMPOSITION_CONTRADICTS_BLOCK
        named = sector_named(description, context)
        if named is not None and block_sector is not None and named != block_sector:
            return DECOMPOSITION_CONTRADICTS_BLOCK
        meals = {meal for meal in _MEALS if meal in description.casefold()}
        if meals and block_meals and not meals & block_meals:
            return DECOMPOSITION_CONTRADICTS_BLOCK
        key = description.strip().casefold()
        counts[key] = counts.get(key, 0) + 1
        if counts[key] > MAX_REPEATS_A_DAY:
            return DECOMPOSITION_REPEATS_ACTIONS
    return ""
