"""The measures as JSON (every figure and every answer) and as a plain-text table, the paper's
figures beside ours.

The paper's figures (25 residents, two game days, gpt-3.5-turbo): the party known by 12 (48%), the
candidacy by 8 (32%), acquaintance density 0.167 at the start and 0.74 at the end, 1.3% of the
acquaintance answers hallucinated.
"""

from __future__ import annotations

from typing import Any

from agents.research.measures import TopicFigures, TownMeasures

PAPER_FIGURES: dict[str, str] = {
    "party": "12 of 25 (48%)",
    "mayor": "8 of 25 (32%)",
    "density": "0.167 at the start, 0.74 at the end",
    "hallucinated": "1.3% (6 of 453)",
}


def _topic_json(row: TopicFigures) -> dict[str, Any]:
    return {
        "topic": row.topic, "residents": row.residents, "knowers": list(row.knowers), "share": round(row.share, 4),
        "hallucinated": list(row.hallucinated), "grounded_but_no": list(row.grounded_but_no),
        "trace_hearers": list(row.trace_hearers), "trace_share": round(row.trace_share, 4),
        "disagreement": {"trace_only": list(row.disagreement.trace_only),
                         "interview_only": list(row.disagreement.interview_only)},
    }


def measures_json(measures: TownMeasures, *, slot: str = "", model: str = "") -> dict[str, Any]:
    known = measures.acquaintance
    return {
        "slot": slot, "model": model, "scenario": measures.scenario, "game_time": measures.game_time,
        "residents": list(measures.residents),
        "topics": [_topic_json(row) for row in measures.topics],
        "acquaintance": {
            "answers": known.answers, "yes_answers": known.yes_answers,
            "hallucinated": [list(pair) for pair in known.hallucinated],
            "hallucination_rate": round(known.hallucination_rate, 4),
            "mutual_pairs": [list(pair) for pair in known.mutual_pairs], "density": round(known.density, 4),
            "trace_pairs": [list(pair) for pair in known.trace_pairs], "trace_density": round(known.trace_density, 4),
            "disagreement": {"trace_only": list(known.disagreement.trace_only),
                             "interview_only": list(known.disagreement.interview_only)},
        },
        "fallback_residents": list(measures.fallback_residents),
        "paper": PAPER_FIGURES,
        "answers": [{"resident": a.resident, "id": a.question.question_id, "kind": a.question.kind,
                     "subject": a.question.subject, "question": a.question.text, "answer": a.answer,
                     "says_yes": a.says_yes, "from_fallback": a.from_fallback} for a in measures.answers],
    }


def _names(names: tuple[str, ...], limit: int = 6) -> str:
    if not names:
        return "-"
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit} more"


def measures_table(measures: TownMeasures, *, model: str = "") -> str:
    """The figures as text: one row per measure (interview, trace, paper), then the disagreements."""
    n = len(measures.residents)
    known = measures.acquaintance
    rows = [("measure", "interview", "trace", "paper")]
    for row in measures.topics:
        rows.append((f"knows the {row.topic}", f"{len(row.knowers)} of {n} ({row.share:.0%})",
                     f"{len(row.trace_hearers)} of {n} ({row.trace_share:.0%})", PAPER_FIGURES.get(row.topic, "")))
    rows.append(("acquaintance density", f"{known.density:.3f} ({len(known.mutual_pairs)} mutual pairs)",
                 f"{known.trace_density:.3f} ({len(known.trace_pairs)} pairs)", PAPER_FIGURES["density"]))
    rows.append(("hallucinated (of yes answers)",
                 f"{known.hallucination_rate:.1%} ({len(known.hallucinated)} of {known.yes_answers})", "",
                 PAPER_FIGURES["hallucinated"]))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [f"{measures.scenario} at {measures.game_time}, {n} residents" + (f", model: {model}" if model else "")]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    for row in measures.topics:
        lines.append(f"{row.topic}: knows {_names(row.knowers)}; hallucinated {_names(row.hallucinated)}; "
                     f"heard but said no {_names(row.disagreement.trace_only)}; "
                     f"said yes, never heard {_names(row.disagreement.interview_only)}")
    hallucinated = tuple(f"{a} of {b}" for a, b in known.hallucinated)
    lines.append(f"acquaintance: hallucinated {_names(hallucinated)}; mutual by memory, not by interview "
                 f"{_names(known.disagreement.trace_only)}")
    if measures.fallback_residents:
        lines.append(f"answered by the offline rule (the model did not): {_names(measures.fallback_residents)}")
    return "\n".join(lines)
