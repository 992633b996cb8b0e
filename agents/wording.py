"""How Smallville words counts in what it prints: "1 game hour", "2 game hours", "0.5 game hours".

Shared by the command line (:mod:`agents.cli`) and whatever else writes text for people (run
summaries), so no message says "1 game hours".
"""

from __future__ import annotations


def count_of(count: float, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun``, the noun in the plural unless the count is exactly one (``plural``
    when the plural is not the noun plus "s"); whole numbers print without a decimal point."""
    shown = f"{count:.10g}" if isinstance(count, float) else str(count)
    return f"{shown} {noun if count == 1 else (plural or noun + 's')}"
