"""Checks of an answer against its context, beyond what a JSON schema can say, with repairs.

Each check takes the schema-valid value and the context and returns the (possibly repaired) value, or
raises :class:`InvalidAnswer`. Repairs: an hourly schedule sorted, de-duplicated and started at
midnight; subtask durations rescaled to sum to the block; place names matched ignoring case and a
sector or arena corrected when the named arena or object belongs to exactly one other; importance scores
without the right ids mapped by position when their count matches.
"""

from __future__ import annotations

from collections.abc import Mapping

from agents.prompts.schemas import known_place_names


class InvalidAnswer(ValueError):
    """A schema-valid answer that contradicts its context (an unknown place, missing ids, ...)."""


def check_hourly_schedule(value: object, context: Mapping[str, object]) -> object:
    blocks = sorted(value["blocks"], key=lambda block: block["start_hour"])  # type: ignore[index]
    unique: list[dict[str, object]] = []
    for block in blocks:
        if unique and unique[-1]["start_hour"] == block["start_hour"]:
            continue
        unique.append(block)
    if unique[0]["start_hour"] != 0:
        unique.insert(0, {"start_hour": 0, "activity": "sleeping"})
    if len(unique) < 2:
        raise InvalidAnswer("an hourly schedule needs at least two blocks at different hours")
    return {"blocks": unique}


def check_decompose_action(value: object, context: Mapping[str, object]) -> object:
    subtasks = [dict(subtask) for subtask in value["subtasks"]]  # type: ignore[index]
    target = context.get("duration_minutes")
    if not isinstance(target, int) or isinstance(target, bool) or target <= 0:
        return {"subtasks": subtasks}
    total = sum(int(subtask["duration_minutes"]) for subtask in subtasks)
    if total == target:
        return {"subtasks": subtasks}
    scaled = [max(1, round(int(subtask["duration_minutes"]) * target / total)) for subtask in subtasks]
    while sum(scaled) > target and len(scaled) > 1:
        if scaled[-1] > sum(scaled) - target:
            scaled[-1] -= sum(scaled) - target
            break
        scaled.pop()
        subtasks.pop()
    if sum(scaled) < target:
        scaled[-1] += target - sum(scaled)
    if sum(scaled) != target or min(scaled) < 1:
        raise InvalidAnswer(f"subtask durations cannot be made to sum to {target} minutes")
    for subtask, minutes in zip(subtasks, scaled, strict=True):
        subtask["duration_minutes"] = minutes
    return {"subtasks": subtasks}


def _places(context: Mapping[str, object]) -> dict[str, dict[str, list[str]]]:
    tree: dict[str, dict[str, list[str]]] = {}
    spatial_memory = context.get("spatial_memory")
    if isinstance(spatial_memory, Mapping):
        for sectors in spatial_memory.values():
            if isinstance(sectors, Mapping):
                for sector, arenas in sectors.items():
                    if isinstance(arenas, Mapping):
                        for arena, objects in arenas.items():
                            if objects:
                                tree.setdefault(str(sector), {})[str(arena)] = [str(o) for o in objects]
    return tree


def _canonical(name: str, options: list[str]) -> str | None:
    if name in options:
        return name
    folded = {option.casefold().strip(): option for option in options}
    return folded.get(name.casefold().strip())


def check_action_place(value: object, context: Mapping[str, object]) -> object:
    answer = dict(value)  # type: ignore[call-overload]
    tree = _places(context)
    if not tree:
        raise InvalidAnswer("the agent knows no places")
    sectors, arenas, objects = known_place_names(context.get("spatial_memory"))
    sector = _canonical(str(answer["sector"]), sectors)
    arena = _canonical(str(answer["arena"]), arenas)
    game_object = _canonical(str(answer["game_object"]), objects)
    if sector is None or arena is None or game_object is None:
        raise InvalidAnswer(
            f"{answer['sector']}:{answer['arena']}:{answer['game_object']} is not a known place"
        )
    if arena not in tree[sector]:
        owners = [s for s, s_arenas in tree.items() if arena in s_arenas]
        if len(owners) != 1:
            raise InvalidAnswer(f"{arena} is not in {sector}")
        sector = owners[0]
    if game_object not in tree[sector][arena]:
        holders = [a for a, a_objects in tree[sector].items() if game_object in a_objects]
        if len(holders) != 1:
            raise InvalidAnswer(f"{game_object} is not in {sector}:{arena}")
        arena = holders[0]
    answer.update(sector=sector, arena=arena, game_object=game_object)
    return answer


def check_importance_batch(value: object, context: Mapping[str, object]) -> object:
    observations = context.get("observations")
    wanted = [str(entry["id"]) for entry in observations if isinstance(entry, Mapping)]  # type: ignore[union-attr]
    scores = list(value["scores"])  # type: ignore[index]
    by_id = {str(score["id"]): score["importance"] for score in scores}
    if set(by_id) == set(wanted):
        return {"scores": [{"id": identifier, "importance": by_id[identifier]} for identifier in wanted]}
    if len(scores) == len(wanted):
        return {
            "scores": [
                {"id": identifier, "importance": score["importance"]}
                for identifier, score in zip(wanted, scores, strict=True)
            ]
        }
    raise InvalidAnswer(f"expected scores for ids {wanted}, got {sorted(by_id)}")


def check_reflection_insights(value: object, context: Mapping[str, object]) -> object:
    statements = context.get("statements")
    known = {str(entry["id"]) for entry in statements if isinstance(entry, Mapping)}  # type: ignore[union-attr]
    insights = []
    for insight in value["insights"]:  # type: ignore[index]
        evidence = [
            identifier for identifier in dict.fromkeys(insight["evidence_ids"]) if identifier in known
        ]
        if evidence:
            insights.append({"insight": insight["insight"], "evidence_ids": evidence})
    if not insights:
        raise InvalidAnswer("no insight cites a known statement")
    return {"insights": insights}
