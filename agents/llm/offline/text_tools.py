"""Small text helpers for the offline rules: stable hashing, name matching, clock times."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import TypeVar

T = TypeVar("T")

_STOP_WORDS = frozenset({"the", "a", "an", "and", "of", "for", "at", "in", "on", "to", "s"})


def stable_fraction(*parts: object) -> float:
    """A number in [0, 1) that depends only on ``parts``."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def stable_choice(options: Sequence[T], *parts: object) -> T:
    """One of ``options``, chosen by a stable hash of ``parts``."""
    if not options:
        raise ValueError("no options to choose from")
    return options[int(stable_fraction(*parts) * len(options))]


def name_tokens(text: str) -> set[str]:
    """Content words of a name, lower-cased, with plural/possessive 's' stripped."""
    words = re.findall(r"[a-z0-9]+", text.casefold().replace("'s", ""))
    stems = {word[:-1] if len(word) > 3 and word.endswith("s") else word for word in words}
    return {word for word in stems if word not in _STOP_WORDS}


def mentions(text: str, name: str) -> float:
    """How well ``text`` mentions ``name``: the share of the name's content words found in the text."""
    wanted = name_tokens(name)
    if not wanted:
        return 0.0
    return len(wanted & name_tokens(text)) / len(wanted)


def format_clock(hour: float) -> str:
    """``13.5`` -> ``1:30 pm``; hours past 24 wrap."""
    total_minutes = round(hour * 60) % (24 * 60)
    hours, minutes = divmod(total_minutes, 60)
    suffix = "am" if hours < 12 else "pm"
    twelve = hours % 12 or 12
    return f"{twelve}:{minutes:02d} {suffix}"


_TIME_PATTERN = re.compile(
    r"\b(midnight|noon|(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?:am|pm)?)(?![\w:])",
    re.IGNORECASE,
)


def find_clock_times(text: str) -> list[tuple[int, float]]:
    """Times of day written in ``text`` as (position, hour); needs am/pm, a colon, or midnight/noon."""
    found: list[tuple[int, float]] = []
    for match in _TIME_PATTERN.finditer(text):
        word = match.group(1).casefold()
        if word == "midnight":
            found.append((match.start(), 24.0))
            continue
        if word == "noon":
            found.append((match.start(), 12.0))
            continue
        hour = int(match.group(2))
        minutes = int(match.group(3) or 0)
        meridiem = (match.group(4) or "").replace(".", "").casefold()
        if not meridiem and match.group(3) is None:
            continue  # a bare number is not a time
        if hour > 24 or minutes > 59:
            continue
        if meridiem == "pm" and hour < 12:
            hour += 12
        elif meridiem == "am" and hour == 12:
            hour = 0
        found.append((match.start(), hour + minutes / 60))
    return found


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text.strip())
    return (match.group(1) if match else text.strip()).strip()


def persona_field(context: Mapping[str, object], key: str, default: str = "") -> str:
    persona = context.get("persona")
    if isinstance(persona, Mapping):
        value = persona.get(key)
        if value is not None:
            return str(value)
    return default
