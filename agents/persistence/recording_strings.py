"""The texts of a recording, each stored once in its ``strings`` table and referred to by id.

Frames, mind events and memories name an action, a place or a memory's description by a small
integer, so a text said a thousand times is stored once. :class:`StringInterner` hands out ids on
the recording side (new texts are inserted with the transaction they first appear in);
:class:`StringTable` reads them back, taking in the texts committed since it last looked.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from agents.persistence.recording_store import RecordingError

EMPTY_ID = 0  # the id of "" (every recording has it)
_BROKEN_HINT = "the recording is damaged; replay another one"


class StringInterner:
    """Ids for texts, for the recorder (one thread)."""

    def __init__(self, known: dict[str, int] | None = None) -> None:
        self._ids: dict[str, int] = {"": EMPTY_ID} if known is None else dict(known)
        self._next = max(self._ids.values(), default=-1) + 1
        self._new: list[tuple[int, str]] = [] if known is not None else [(EMPTY_ID, "")]

    @classmethod
    def loaded(cls, connection: sqlite3.Connection) -> StringInterner:
        """The texts a recording has already (to go on writing it)."""
        return cls({text: index for index, text in connection.execute("SELECT id, text FROM strings")})

    def id(self, text: str) -> int:
        found = self._ids.get(text)
        if found is None:
            found = self._ids[text] = self._next
            self._next += 1
            self._new.append((found, text))
        return found

    def take_new(self) -> list[tuple[int, str]]:
        """The (id, text) rows not written yet; the caller inserts them."""
        new, self._new = self._new, []
        return new


class StringTable:
    """The texts of a recording by id, for readers (refreshed when an unknown id is asked for)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self._path = path
        self._texts: list[str] = []
        self._times: dict[int, datetime] = {}

    def __getitem__(self, index: int) -> str:
        if type(index) is not int or index < 0:
            raise RecordingError(self._path, f"a text id {index!r} is not valid", _BROKEN_HINT)
        if index >= len(self._texts):
            self._refresh()
            if index >= len(self._texts):
                raise RecordingError(self._path, f"the text with id {index} is missing", _BROKEN_HINT)
        return self._texts[index]

    def time(self, index: int) -> datetime:
        """The text with id ``index`` read as an ISO date-time (parsed once)."""
        found = self._times.get(index)
        if found is None:
            text = self[index]
            try:
                found = self._times[index] = datetime.fromisoformat(text)
            except ValueError as error:
                raise RecordingError(self._path, f"{text!r} (text {index}) is not a date-time", _BROKEN_HINT) from error
        return found

    def _refresh(self) -> None:
        rows = self._connection.execute("SELECT id, text FROM strings WHERE id >= ? ORDER BY id",
                                        (len(self._texts),)).fetchall()
        for index, text in rows:
            if index != len(self._texts) or not isinstance(text, str):
                raise RecordingError(self._path, f"the texts table has a gap or a bad row at id {index}", _BROKEN_HINT)
            self._texts.append(text)
