"""Autosaves: how often (in game time) and into which of the rotating slots ``autosave-1``..``autosave-N``.

Read from the ``[saves]`` table of settings.toml (the settings screen writes it)::

    [saves]
    autosave_interval_game_minutes = 30   # an autosave each time this much game time has passed (1-1440)
    autosave_slots_kept = 3               # autosave-1 .. autosave-3, the oldest overwritten (1-100)

:class:`AutosaveClock` says when one is due: each time the game clock has moved on by the interval
since the last autosave (game time, not real time: a paused town never autosaves, a fast one often).
:func:`next_autosave_slot` picks the slot: a free one first, then the one saved longest ago, so the
newest autosave is never the one being overwritten (and a kill mid-write, which the atomic write
survives anyway, costs at most the oldest).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from agents.llm.settings import SettingsError, read_settings_document, settings_table, typed_value
from agents.llm.settings_checks import check_known_tables, unknown_key_error
from agents.persistence.errors import SaveSlotError
from agents.persistence.save_format import read_header
from agents.persistence.save_slots import slot_path

log = logging.getLogger(__name__)

AUTOSAVE_PREFIX = "autosave-"
INTERVAL_RANGE_GAME_MINUTES = (1, 1440)
SLOTS_KEPT_RANGE = (1, 100)
_KEYS = {"autosave_interval_game_minutes": "interval_game_minutes", "autosave_slots_kept": "slots_kept"}


@dataclass(frozen=True)
class AutosaveSettings:
    """See the module docstring."""

    interval_game_minutes: int = 30
    slots_kept: int = 3

    def __post_init__(self) -> None:
        for name, (low, high) in (("interval_game_minutes", INTERVAL_RANGE_GAME_MINUTES),
                                  ("slots_kept", SLOTS_KEPT_RANGE)):
            value = getattr(self, name)
            if type(value) is not int or not low <= value <= high:
                raise SettingsError(f"autosave_{name} must be a whole number from {low} to {high}, got {value!r}")

    @property
    def interval(self) -> timedelta:
        return timedelta(minutes=self.interval_game_minutes)


def autosave_settings_from_toml(document: Mapping[str, object], path: Path) -> AutosaveSettings:
    """The ``[saves]`` table of a parsed settings document (``path`` names it in errors)."""
    check_known_tables(document, path)
    values: dict[str, int] = {}
    for key, raw in settings_table(document, "saves", path).items():
        if key not in _KEYS:
            raise unknown_key_error(path, "saves", key, _KEYS)
        values[_KEYS[key]] = int(typed_value(raw, int, f"{path} [saves] {key}"))  # type: ignore[call-overload]
    try:
        return AutosaveSettings(**values)
    except SettingsError as error:
        raise SettingsError(f"{path} [saves]: {error}; fix it in the settings screen or in the file") from None


def load_autosave_settings(path: Path) -> AutosaveSettings:
    """The autosave settings in ``path`` (usually ``agents.paths.user_folders().settings_file``;
    defaults when it does not exist). SettingsError for a broken file or value, naming the field."""
    return autosave_settings_from_toml(read_settings_document(path), path)


def autosave_slots(slots_kept: int) -> tuple[str, ...]:
    return tuple(f"{AUTOSAVE_PREFIX}{number}" for number in range(1, slots_kept + 1))


def is_autosave(slot: str) -> bool:
    return slot.startswith(AUTOSAVE_PREFIX) and slot.removeprefix(AUTOSAVE_PREFIX).isdigit()


def next_autosave_slot(saves_dir: Path, slots_kept: int, *, busy: Collection[str] = (),
                       after: str | None = None) -> str:
    """The autosave slot to write next: the one after ``after`` (the last this game chose; its writes
    may not be on disk yet) in the cycle ``autosave-1``..``autosave-<slots_kept>``; else the first
    that does not exist (or cannot be read), else the one saved longest ago. Slots in ``busy`` (a
    write still in flight) are passed over while another is left."""
    cycle = autosave_slots(slots_kept)
    if after in cycle:
        return cycle[(cycle.index(after) + 1) % slots_kept]
    names = [name for name in autosave_slots(slots_kept) if name not in busy] or list(autosave_slots(slots_kept))
    saved_at: dict[str, datetime] = {}
    for name in names:
        path = slot_path(name, saves_dir)
        if not path.exists():
            return name
        try:
            saved_at[name] = read_header(path).created_at
        except SaveSlotError as error:
            log.warning("overwriting the unreadable autosave %s: %s", name, error)
            return name
    return min(names, key=lambda name: (saved_at[name], name))


class AutosaveClock:
    """When the next autosave is due: once the game clock has moved on by ``interval`` since the last
    one (or since ``since``, the game time the town was started or loaded at)."""

    def __init__(self, interval: timedelta, since: datetime) -> None:
        if interval <= timedelta(0):
            raise ValueError(f"the autosave interval must be positive, got {interval}")
        self.interval = interval
        self.last_autosave_at = since

    @property
    def next_due_at(self) -> datetime:
        return self.last_autosave_at + self.interval

    def due(self, game_time: datetime) -> bool:
        return game_time >= self.next_due_at

    def saved(self, game_time: datetime) -> None:
        """An autosave was taken at ``game_time``: the next is due an interval after it."""
        self.last_autosave_at = game_time
