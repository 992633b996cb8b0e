"""The paper's ablation conditions (Park et al., UIST 2023, section 6): which parts of the mind a run has.

A condition is a frozen value on :class:`~agents.cognition.config.MindConfig` (``config.condition``),
picked per run (``smallville-sim run --condition NAME``). The paper's four, each one part less:

* ``full``: the whole architecture;
* ``no-reflection``: the resident never reflects, and recalls no reflection (a town continued from a
  save made under ``full`` keeps its reflections, but they are never retrieved);
* ``no-reflection-no-planning``: besides, no plan for the day: the day is laid out hour by hour from
  the persona alone (the engine needs a current action), without the daily plan, no plan memory is
  stored and none is recalled;
* ``no-memory``: besides, retrieval returns only the current observation (the newest one), and a new
  day does not revise the resident's status from yesterday's memories.

:func:`agents.cognition.recall.recall` is the retrieval every decision uses within what the
condition leaves.
"""

from __future__ import annotations

from dataclasses import dataclass

from agents.memory.records import MemoryKind


@dataclass(frozen=True)
class Condition:
    """Which parts of the mind a run has (see the module docstring)."""

    name: str
    reflects: bool = True  # reflects, and recalls reflections
    plans: bool = True  # makes a daily plan, stores it as a plan memory and recalls plan memories
    remembers: bool = True  # recalls from the whole memory stream (False: the current observation only)

    def recalled_kinds(self) -> frozenset[MemoryKind]:
        """The kinds of memory retrieval may return under this condition."""
        kinds = set(MemoryKind)
        if not self.reflects:
            kinds.discard(MemoryKind.REFLECTION)
        if not self.plans:
            kinds.discard(MemoryKind.PLAN)
        if not self.remembers:
            kinds = {MemoryKind.OBSERVATION}
        return frozenset(kinds)


FULL = Condition("full")
NO_REFLECTION = Condition("no-reflection", reflects=False)
NO_REFLECTION_NO_PLANNING = Condition("no-reflection-no-planning", reflects=False, plans=False)
NO_MEMORY = Condition("no-memory", reflects=False, plans=False, remembers=False)
CONDITIONS: dict[str, Condition] = {c.name: c for c in (FULL, NO_REFLECTION, NO_REFLECTION_NO_PLANNING, NO_MEMORY)}


def condition_named(name: str) -> Condition:
    """The condition called ``name``; a ValueError naming the conditions there are otherwise."""
    found = CONDITIONS.get(name)
    if found is None:
        raise ValueError(f"there is no condition {name!r}; the conditions are {', '.join(CONDITIONS)}")
    return found
