"""A resident's day as the run summary tells it (issue 15): an hour-by-hour timeline (what, where, from
when to when), the plan, every conversation with its lines, reflections with their evidence; as
JSON-ready data (:func:`resident_story`) and as Markdown that reads on its own (:func:`story_markdown`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from agents.cognition.resident import Resident
from agents.memory.records import MemoryKind
from agents.world.address import split_address


def where(address: str) -> str:
    """``the Ville:Hobbs Cafe:cafe:piano`` -> ``Hobbs Cafe (cafe, piano)``."""
    parts = split_address(address)[1:]
    if not parts:
        return address
    return parts[0] + (f" ({', '.join(parts[1:])})" if len(parts) > 1 else "")


def timeline(resident: Resident, until: datetime) -> list[dict[str, str]]:
    """Each action from when to when and where; an action repeated back to back in the same place
    (sleep over several blocks, say) is one entry."""
    entries: list[dict[str, str]] = []
    log = resident.action_log
    for index, (start, what, address, parent) in enumerate(log):
        end = log[index + 1][0] if index + 1 < len(log) else until
        place = where(address)
        if entries and entries[-1]["what"] == what and entries[-1]["where"] == place:
            entries[-1]["to"] = end.isoformat(timespec="minutes")
            continue
        entries.append({"from": start.isoformat(timespec="minutes"), "to": end.isoformat(timespec="minutes"),
                        "what": what, "where": place, "block": parent})
    return entries


def hour_by_hour(entries: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The timeline grouped by the game hour each entry starts in."""
    hours: list[dict[str, Any]] = []
    for entry in entries:
        hour = entry["from"][:13] + ":00"
        if not hours or hours[-1]["hour"] != hour:
            hours.append({"hour": hour, "actions": []})
        hours[-1]["actions"].append(entry)
    return hours


def resident_story(resident: Resident, until: datetime, corrections: dict[str, int],
                   fallbacks: int) -> dict[str, Any]:
    records = resident.memory.records()
    reflections = [{"insight": r.description, "at": r.created_at.isoformat(timespec="minutes"),
                    "evidence": [records[i].description for i in r.evidence_ids if 0 <= i < len(records)]}
                   for r in records if r.kind is MemoryKind.REFLECTION]
    entries = timeline(resident, until)
    return {
        "plan": list(resident.daily_plan),
        "schedule": [{"from_hour": b.start_hour, "to_hour": b.end_hour, "activity": b.activity}
                     for b in resident.schedule],
        "timeline": hour_by_hour(entries),
        "conversation_lines": [{"with": next(p for p in c.participants if p != resident.name),
                                "at": c.started_at.isoformat(timespec="minutes"),
                                "lines": [{"speaker": s, "text": t} for s, t in c.turns]}
                               for c in resident.conversations],
        "reflections_with_evidence": reflections,
        "answers_corrected": sum(corrections.values()),
        "corrections_by_kind": dict(sorted(corrections.items())),
        "answers_fallen_back": fallbacks,
    }


def _clock(iso: str) -> str:
    return iso[11:16]


def story_markdown(name: str, data: dict[str, Any]) -> list[str]:
    """The Markdown section of one resident (see the module docstring)."""
    lines = [f"## {name}", "", f"*Currently:* {data.get('currently', '')}", ""]
    if data.get("plan"):
        lines += ["**Plan for the day**", ""] + [f"{i}. {item}" for i, item in enumerate(data["plan"], 1)] + [""]
    lines += ["**Hour by hour**", "", "| hour | what (from-to) | where |", "|---|---|---|"]
    for hour in data.get("timeline", []):
        by_place: list[tuple[str, list[str]]] = []
        for action in hour["actions"]:
            text = f"{action['what']} ({_clock(action['from'])}-{_clock(action['to'])})"
            if by_place and by_place[-1][0] == action["where"]:
                by_place[-1][1].append(text)
            else:
                by_place.append((action["where"], [text]))
        for index, (place, doings) in enumerate(by_place):
            lines.append(f"| {_clock(hour['hour']) if index == 0 else ''} | {'; '.join(doings)} | {place} |")
    lines.append("")
    talks = data.get("conversation_lines", [])
    lines += [f"**Conversations ({len(talks)})**", ""]
    for talk in talks:
        lines.append(f"- {_clock(talk['at'])} with {talk['with']}:")
        lines += [f"  - *{line['speaker']}*: {line['text']}" for line in talk["lines"]]
    if not talks:
        lines.append("- none")
    reflections = data.get("reflections_with_evidence", [])
    lines += ["", f"**Reflections ({len(reflections)})**", ""]
    for reflection in reflections:
        evidence = "; ".join(f'"{e}"' for e in reflection["evidence"][:3])
        lines.append(f"- {_clock(reflection['at'])} {reflection['insight']}" + (f" (because: {evidence})" if evidence else ""))
    if not reflections:
        lines.append("- none")
    kinds = ", ".join(f"{kind} {n}" for kind, n in data.get("corrections_by_kind", {}).items())
    lines += ["", f"**Answers corrected:** {data.get('answers_corrected', 0)}" + (f" ({kinds})" if kinds else "")
              + f"; **fell back:** {data.get('answers_fallen_back', 0)}", ""]
    return lines
