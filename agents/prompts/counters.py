"""Counters per prompt spec: calls, retries, invalid answers, repairs, cache hits, fallbacks (by reason),
and the minds' corrections of answers that were valid but did not make sense (by kind, e.g. "a sleeping
block placed away from home"; counted with :meth:`PromptCounters.add_correction`).

Kept by the prompt runner; :meth:`PromptCounters.snapshot` gives frozen plain data for the HUD, a save or
a run summary (``to_dict()``), and :meth:`PromptCounters.restore` continues from a saved snapshot.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from agents.prompts.spec import FallbackReason


@dataclass(frozen=True)
class SpecCounts:
    calls: int = 0  # runner.run() calls
    retries: int = 0  # transport retries plus re-asks after an invalid answer
    invalid_answers: int = 0  # answers that could not be parsed, repaired or checked
    repaired_answers: int = 0  # valid answers that needed a repair
    cache_hits: int = 0
    fallbacks: int = 0
    fallbacks_by_reason: Mapping[str, int] = field(default_factory=dict)
    corrections_by_kind: Mapping[str, int] = field(default_factory=dict)

    @property
    def corrections(self) -> int:
        return sum(self.corrections_by_kind.values())

    def to_dict(self) -> dict[str, object]:
        return {
            "calls": self.calls,
            "retries": self.retries,
            "invalid_answers": self.invalid_answers,
            "repaired_answers": self.repaired_answers,
            "cache_hits": self.cache_hits,
            "fallbacks": self.fallbacks,
            "fallbacks_by_reason": dict(sorted(self.fallbacks_by_reason.items())),
            "corrections": self.corrections,
            "corrections_by_kind": dict(sorted(self.corrections_by_kind.items())),
        }


@dataclass(frozen=True)
class PromptCountersSnapshot:
    by_spec: Mapping[str, SpecCounts]
    # per agent (resident): corrections by kind, and fallbacks
    corrections_by_agent: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    fallbacks_by_agent: Mapping[str, int] = field(default_factory=dict)

    def total(self) -> SpecCounts:
        reasons: dict[str, int] = {}
        corrections: dict[str, int] = {}
        for counts in self.by_spec.values():
            for reason, number in counts.fallbacks_by_reason.items():
                reasons[reason] = reasons.get(reason, 0) + number
            for kind, number in counts.corrections_by_kind.items():
                corrections[kind] = corrections.get(kind, 0) + number
        return SpecCounts(
            calls=sum(c.calls for c in self.by_spec.values()),
            retries=sum(c.retries for c in self.by_spec.values()),
            invalid_answers=sum(c.invalid_answers for c in self.by_spec.values()),
            repaired_answers=sum(c.repaired_answers for c in self.by_spec.values()),
            cache_hits=sum(c.cache_hits for c in self.by_spec.values()),
            fallbacks=sum(c.fallbacks for c in self.by_spec.values()),
            fallbacks_by_reason=reasons,
            corrections_by_kind=corrections,
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "total": self.total().to_dict(),
            "by_spec": {name: counts.to_dict() for name, counts in sorted(self.by_spec.items())},
        }


class PromptCounters:
    """Thread-safe counters."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_spec: dict[str, SpecCounts] = {}
        self._corrections_by_agent: dict[str, dict[str, int]] = {}
        self._fallbacks_by_agent: dict[str, int] = {}

    def add(self, spec_name: str, **increments: int) -> None:
        with self._lock:
            current = self._by_spec.get(spec_name, SpecCounts())
            changes = {name: getattr(current, name) + value for name, value in increments.items() if value}
            self._by_spec[spec_name] = replace(current, **changes)

    def add_fallback(self, spec_name: str, reason: FallbackReason, agent_name: str = "") -> None:
        with self._lock:
            if agent_name:
                self._fallbacks_by_agent[agent_name] = self._fallbacks_by_agent.get(agent_name, 0) + 1
            current = self._by_spec.get(spec_name, SpecCounts())
            reasons = dict(current.fallbacks_by_reason)
            reasons[reason.value] = reasons.get(reason.value, 0) + 1
            self._by_spec[spec_name] = replace(
                current, fallbacks=current.fallbacks + 1, fallbacks_by_reason=reasons
            )

    def add_correction(self, spec_name: str, kind: str, agent_name: str = "") -> None:
        """The minds corrected a valid answer of ``spec_name`` that did not make sense (``kind`` says how)."""
        with self._lock:
            if agent_name:
                mine = self._corrections_by_agent.setdefault(agent_name, {})
                mine[kind] = mine.get(kind, 0) + 1
            current = self._by_spec.get(spec_name, SpecCounts())
            kinds = dict(current.corrections_by_kind)
            kinds[kind] = kinds.get(kind, 0) + 1
            self._by_spec[spec_name] = replace(current, corrections_by_kind=kinds)

    def snapshot(self) -> PromptCountersSnapshot:
        with self._lock:
            return PromptCountersSnapshot(
                by_spec=dict(self._by_spec),
                corrections_by_agent={name: dict(kinds) for name, kinds in self._corrections_by_agent.items()},
                fallbacks_by_agent=dict(self._fallbacks_by_agent))

    def restore(self, snapshot: PromptCountersSnapshot) -> None:
        with self._lock:
            self._by_spec = dict(snapshot.by_spec)
            self._corrections_by_agent = {n: dict(k) for n, k in getattr(snapshot, "corrections_by_agent", {}).items()}
            self._fallbacks_by_agent = dict(getattr(snapshot, "fallbacks_by_agent", {}))
