"""How Smallville words counts in what it prints: "1 game hour", "2 game hours", "0.5 game hours".

Shared by the command line (:mod:`agents.cli`) and whatever else writes text for people (run
summaries), so no message says "1 game hours"; and how a refusal of an unknown name words its hint
("did you mean max_cost_usd?"), for settings and scenario files alike.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection

_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.-]{1,60}")


def count_of(count: float, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun``, the noun in the plural unless the count is exactly one (``plural``
    when the plural is not the noun plus "s"); whole numbers print without a decimal point."""
    shown = f"{count:.10g}" if isinstance(count, float) else str(count)
    return f"{shown} {noun if count == 1 else (plural or noun + 's')}"


def nearest_hint(name: str, known: Collection[str], kind: str = "keys") -> str:
    """"; did you mean X?" for the known name closest to ``name``, else the list of known names
    (``kind``: what they are, "keys" or "residents")."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if not close and len(name) >= 3:  # a shortened name: "prompt_usd" for prompt_usd_per_million_tokens
        close = sorted((candidate for candidate in known if candidate.startswith(name)), key=len)[:1]
    if close:
        return f"; did you mean {close[0]}?"
    if not known:
        return f"; this table takes no {kind}" if kind == "keys" else f"; there are no {kind}"
    return f"; known {kind}: {', '.join(sorted(known))}"


def shown_name(name: str) -> str:
    """A table's or key's name as a message shows it: as written when plain, else quoted and short
    (a name may hold a new line or be very long: the message stays one line)."""
    if _PLAIN_NAME.fullmatch(name):
        return name
    quoted = repr(name)
    return quoted if len(quoted) <= 60 else quoted[:57] + "..."
