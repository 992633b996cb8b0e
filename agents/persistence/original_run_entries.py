"""One resident's entry in one step of an original run, read and checked into a value.

The original (``reverie.py``) writes, per step and resident::

    {"movement": [x, y], "pronunciatio": "☕", "description": "action @ address",
     "chat": [["Klaus Mueller", "Hey Maria!"], ...] or null}

``description`` is ``f"{act_description} @ {act_address}"``. The address is an address of our
worlds (``the Ville:Hobbs Cafe:cafe:kitchen sink``), sometimes ending in the level ``<random>``
(``the Ville:Oak Hill College:hallway:<random>``: any object of that arena), or is not a place at
all: ``<persona> Klaus Mueller`` while talking to someone, ``<waiting> x y`` while waiting. Those
give an empty place here (the importer puts the address of the resident's tile instead, as our own
conversations do) and, for ``<persona>``, the partner's name.

Entries are checked field by field: :func:`parse_entry` returns the state or a :class:`RunWarning`
naming the file and the field, never raises for bad data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agents.world.address import ADDRESS_SEPARATOR
from agents.world.pathfinding import Tile

DESCRIPTION_SEPARATOR = " @ "
PERSONA_TARGET = "<persona>"
WAITING_TARGET = "<waiting>"
RANDOM_LEVEL = "<random>"

ChatLines = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class RunWarning:
    """Something in an original run that was skipped or repaired on import.

    ``file`` is the file it is about, ``where`` a position in it (``"line 3, column 7"``,
    ``"field persona.Maria Lopez.movement"``, ``"step 12"``), ``problem`` what was wrong and what
    the import did about it.
    """

    file: Path
    problem: str
    where: str = ""

    def __str__(self) -> str:
        location = f"{self.file}" + (f", {self.where}" if self.where else "")
        return f"{location}: {self.problem}"


@dataclass(frozen=True)
class ResidentState:
    """What a viewer needs of one resident at one step of an original run.

    ``description`` is the original's text as it was; ``action`` its part before `` @ ``; ``place``
    the address after it without a ``<random>`` level ("" when the original named no place);
    ``chat_with`` the partner of a ``<persona>`` target ("" otherwise); ``chat`` the conversation's
    lines so far as (speaker, line), or None when not chatting.
    """

    tile: Tile
    emoji: str
    description: str
    action: str
    place: str
    chat_with: str
    chat: ChatLines | None


@dataclass(frozen=True)
class DescriptionParts:
    action: str
    place: str
    chat_with: str


def split_description(description: str) -> DescriptionParts:
    """``"sleeping @ the Ville:Dorm:room:bed"`` -> action ``sleeping``, place ``the Ville:Dorm:room:bed``.

    The last `` @ `` splits (addresses never hold one); a text without it is all action.
    """
    action, separator, target = description.rpartition(DESCRIPTION_SEPARATOR)
    if not separator:
        return DescriptionParts(description.strip(), "", "")
    action, target = action.strip(), target.strip()
    if target.startswith(PERSONA_TARGET):
        return DescriptionParts(action, "", target[len(PERSONA_TARGET):].strip())
    if target.startswith("<"):  # <waiting> x y, or another marker: not a place
        return DescriptionParts(action, "", "")
    levels: list[str] = []
    for level in target.split(ADDRESS_SEPARATOR):
        level = level.strip()
        if not level or level.startswith("<"):
            break
        levels.append(level)
    return DescriptionParts(action, ADDRESS_SEPARATOR.join(levels), "")


def _is_whole_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_chat(value: object) -> ChatLines | None | str:
    """The chat lines, None for no chat, or a text saying what is wrong."""
    if value is None:
        return None
    if not isinstance(value, list):
        return f"chat must be a list of [speaker, line] or null, got {type(value).__name__}"
    lines: list[tuple[str, str]] = []
    for index, line in enumerate(value):
        if (not isinstance(line, list) or len(line) != 2
                or not isinstance(line[0], str) or not isinstance(line[1], str)):
            return f"chat line {index} must be [speaker, line] (two texts), got {line!r:.80}"
        lines.append((line[0], line[1]))
    return tuple(lines)


def parse_entry(entry: object, file: Path, where: str) -> ResidentState | RunWarning:
    """One resident's entry; a warning (naming ``file`` and ``where`` plus the field) when a field
    is missing or of the wrong type."""
    skipped = "; this entry is skipped (the resident's last known state holds)"
    if not isinstance(entry, dict):
        return RunWarning(file, f"must be an object with movement, pronunciatio, description and chat, "
                                f"got {type(entry).__name__}{skipped}", where)
    movement = entry.get("movement")
    if (not isinstance(movement, list) or len(movement) != 2
            or not all(_is_whole_number(v) and v >= 0 for v in movement)):
        return RunWarning(file, f"movement must be [x, y] (whole numbers, not negative), got {movement!r:.80}"
                                f"{skipped}", f"{where}.movement")
    emoji = entry.get("pronunciatio")
    if emoji is None:
        emoji = ""
    if not isinstance(emoji, str):
        return RunWarning(file, f"pronunciatio must be text, got {type(emoji).__name__}{skipped}",
                          f"{where}.pronunciatio")
    description = entry.get("description")
    if not isinstance(description, str):
        return RunWarning(file, f"description must be text, got {type(description).__name__}{skipped}",
                          f"{where}.description")
    chat = _parse_chat(entry.get("chat"))
    if isinstance(chat, str):
        return RunWarning(file, chat + skipped, f"{where}.chat")
    parts = split_description(description)
    return ResidentState(tile=(movement[0], movement[1]), emoji=emoji, description=description,
                         action=parts.action, place=parts.place, chat_with=parts.chat_with, chat=chat)
