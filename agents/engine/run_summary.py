"""The summary of a headless run, as JSON-ready data and as Markdown: per resident the places
visited, conversations (with whom, when), reflections and memories, and the day as
:mod:`agents.engine.run_story` tells it (an hour-by-hour timeline, the plan, every conversation's lines,
reflections with evidence, answers corrected and fallen back); the day's believability figures
(:mod:`agents.engine.day_figures`); totals of model calls, tokens, cost, fallbacks, corrections by
kind and wall time. Never holds an API key (only the provider's masked label)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from datetime import datetime
from typing import Any

from agents.engine.day_figures import day_figures
from agents.engine.run_story import resident_story, story_markdown
from agents.engine.simulation import Simulation
from agents.llm.stack import StackSnapshot
from agents.memory.records import MemoryKind
from agents.prompts.counters import PromptCountersSnapshot
from agents.wording import count_of
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
            **resident_story(resident, simulation.now,
                             dict(getattr(prompts, "corrections_by_agent", {}).get(name, {})),
                             getattr(prompts, "fallbacks_by_agent", {}).get(name, 0)),
        }
    usage = stack.usage
    totals = prompts.total()
    hours = max(0.0, (simulation.now - datetime.fromisoformat(started_at)).total_seconds() / 3600)
    figures = day_figures(simulation, hours)
    return {
        "world": simulation.world.name,
        "scenario": simulation.scenario_name,
        "seed": seed,
        "condition": simulation.config.condition.name,  # the ablation condition (agents.cognition.condition)
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
            "corrections": totals.corrections,
            "corrections_by_kind": dict(sorted(totals.corrections_by_kind.items())),
            "cache_hits": stack.cache_hits,
        },
        "engine": engine or {},
        "incidents": [{"at": i.at.isoformat(timespec="seconds"), "residents": list(i.residents), "kind": i.kind,
                       "error": i.error, "fallback": i.fallback} for i in simulation.incidents],
        "by_prompt_kind": usage.to_dict()["by_spec"],
        "answers_by_prompt_kind": prompts.to_dict()["by_spec"],
        "day_figures": {"hours": round(hours, 3), "summary": figures.text().splitlines(),
                        "residents": {f.name: asdict(f) for f in figures.residents}},
        "residents": residents,
    }


def summary_markdown(summary: dict[str, Any]) -> str:
    """The header and the day in figures, then each resident's day (:mod:`agents.engine.run_story`),
    and last the table of residents at a glance (the last lines printed by ``smallville-sim run``)."""
    totals = summary["totals"]
    lines = [
        f"# Run summary: {summary['world']} / {summary['scenario']}",
        "",
        (f"- model: {summary['model']}; seed {summary['seed']}; condition {summary.get('condition', 'full')}"
         + _engine_text(summary.get("engine") or {})),
        (f"- game time {summary['started_game_time']} to {summary['ended_game_time']} ({count_of(summary['steps'], 'step')}), "
        f"wall time {summary['wall_seconds']:.1f} s"),
        (f"- model calls {totals['calls']}, tokens {totals['prompt_tokens']} in / {totals['completion_tokens']} out, "
        f"cost ${totals['cost_usd']:.4f}{'' if totals['cost_priced'] else ' (no price known for this model)'}, "
        f"fallbacks {totals['fallbacks']}, cache hits {totals['cache_hits']}"),
    ]
    corrections = totals.get("corrections_by_kind") or {}
    fallbacks = totals.get("fallbacks_by_reason") or {}
    lines += [f"- answers corrected by the minds: {totals.get('corrections', 0)}"
              + (f" ({', '.join(f'{k} {n}' for k, n in corrections.items())})" if corrections else ""),
              f"- answers that fell back to the offline rules: {totals['fallbacks']}"
              + (f" ({', '.join(f'{k} {n}' for k, n in fallbacks.items())})" if fallbacks else "")]
    figures = summary.get("day_figures")
    if figures:
        lines += ["", "## The day in figures", ""] + [f"- {line}" for line in figures["summary"]]
    lines.append("")
    for name, data in summary["residents"].items():
        if "timeline" in data:
            lines += story_markdown(name, data)
    lines += [
        "## Residents at a glance",
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
    return (f"; {engine.get('time_policy')}, {count_of(engine.get('workers', 0), 'worker')}, "
            f"{count_of(engine.get('operations', 0), 'operation')}")
