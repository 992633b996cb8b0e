"""The summary of a headless run, as JSON-ready data and as Markdown: per resident the places
visited, conversations (with whom, when), reflections and memories; totals of model calls, tokens,
cost, fallbacks and wall time. Never holds an API key (only the provider's masked label)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from agents.engine.simulation import Simulation
from agents.llm.stack import StackSnapshot
from agents.memory.records import MemoryKind
from agents.prompts.counters import PromptCountersSnapshot
from agents.world.address import join_address, split_address


def _place(address: str) -> str:
    """The sector:arena part of an address (what "a place visited" means here)."""
    return join_address(*split_address(address)[1:3])


def build_run_summary(simulation: Simulation, *, steps: int, wall_seconds: float, seed: int,
                      stack: StackSnapshot, prompts: PromptCountersSnapshot, started_at: str,
                      engine: dict[str, Any] | None = None) -> dict[str, Any]:
    """``engine``: how the run was driven (time policy, workers, operation counters), as given."""
    residents: dict[str, Any] = {}
    for name, resident in simulation.residents.items():
        places = Counter(place for place in (_place(address) for _, _, address, _ in resident.action_log) if place)
        records = resident.memory.records()
        kinds = Counter(record.kind.value for record in records)
        residents[name] = {
            "places_visited": [place for place, _ in places.most_common()],
            "conversations": [{"with": next(p for p in c.participants if p != name),
                               "at": c.started_at.isoformat(timespec="minutes"), "turns": len(c.turns)}
                              for c in resident.conversations],
            "reflections": [r.description for r in records if r.kind is MemoryKind.REFLECTION],
            "memories": len(records),
            "memories_by_kind": dict(sorted(kinds.items())),
            "currently": resident.currently,
        }
    usage = stack.usage
    totals = prompts.total()
    return {
        "world": simulation.world.name,
        "scenario": simulation.scenario_name,
        "seed": seed,
        "model": stack.provider_label,
        "started_game_time": started_at,
        "ended_game_time": simulation.now.isoformat(timespec="seconds"),
        "steps": steps,
        "snapshot_sha256": simulation.snapshot_sha256(),
        "wall_seconds": round(wall_seconds, 3),
        "totals": {
            "calls": usage.total.calls,
            "prompt_tokens": usage.total.prompt_tokens,
            "completion_tokens": usage.total.completion_tokens,
            "cost_usd": round(usage.total.cost_usd, 6),
            "cost_priced": usage.priced,
            "fallbacks": totals.fallbacks + len(simulation.incidents),
            "fallbacks_by_reason": {**dict(totals.fallbacks_by_reason),
                                    **({"operation failed or timed out": len(simulation.incidents)}
                                       if simulation.incidents else {})},
            "invalid_answers": totals.invalid_answers,
            "cache_hits": stack.cache_hits,
        },
        "engine": engine or {},
        "incidents": [{"at": i.at.isoformat(timespec="seconds"), "residents": list(i.residents), "kind": i.kind,
                       "error": i.error, "fallback": i.fallback} for i in simulation.incidents],
        "by_prompt_kind": usage.to_dict()["by_spec"],
        "residents": residents,
    }


def summary_markdown(summary: dict[str, Any]) -> str:
    totals = summary["totals"]
    lines = [
        f"# Run summary: {summary['world']} / {summary['scenario']}",
        "",
        f"- model: {summary['model']}; seed {summary['seed']}" + _engine_text(summary.get("engine") or {}),
        (f"- game time {summary['started_game_time']} to {summary['ended_game_time']} ({summary['steps']} steps), "
        f"wall time {summary['wall_seconds']:.1f} s"),
        (f"- model calls {totals['calls']}, tokens {totals['prompt_tokens']} in / {totals['completion_tokens']} out, "
        f"cost ${totals['cost_usd']:.4f}{'' if totals['cost_priced'] else ' (no price known for this model)'}, "
        f"fallbacks {totals['fallbacks']}, cache hits {totals['cache_hits']}"),
        "",
        "| resident | places visited | conversations | reflections | memories |",
        "|---|---|---|---|---|",
    ]
    for name, data in summary["residents"].items():
        talks = ", ".join(f"{c['with']} ({c['at'][11:]})" for c in data["conversations"]) or "-"
        lines.append(f"| {name} | {'; '.join(data['places_visited']) or '-'} | {talks} | "
                     f"{len(data['reflections'])} | {data['memories']} |")
    return "\n".join(lines) + "\n"


def _engine_text(engine: dict[str, Any]) -> str:
    if not engine:
        return ""
    return f"; {engine.get('time_policy')}, {engine.get('workers')} workers, {engine.get('operations')} operations"
