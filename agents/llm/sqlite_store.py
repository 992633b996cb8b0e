"""A small SQLite file shared by many threads: one connection per thread, WAL journal.

Used by the response cache and the embedding cache. Connections live in a ``threading.local`` and are
tracked so :meth:`SqliteStore.close` closes them all. The store is never part of simulation state.

A cache is a convenience, never a reason to stop a run: when its file cannot be used (the disk is
full, the folder cannot be written, the cache folder's path is a file, the file is not a database),
the store turns itself off with one warning naming the file and the reason, and every later
:meth:`SqliteStore.run` returns its fallback at once (a miss, nothing stored).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")


class SqliteStore:
    """Opens ``path`` lazily in each thread and runs ``schema_sql`` once per connection. ``purpose``
    names the store in its warning ("the response cache")."""

    def __init__(self, path: Path, schema_sql: str, purpose: str = "the cache") -> None:
        self._path = path
        self._schema_sql = schema_sql
        self._purpose = purpose
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._off_reason: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self._turn_off(error)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def off_reason(self) -> str | None:
        """Why the store turned itself off (None while it works)."""
        return self._off_reason

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (raises ``sqlite3.Error``/``OSError``; prefer :meth:`run`)."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            # One thread at a time sets a connection up: switching the file to WAL takes an
            # exclusive lock that SQLite does not wait for (many workers starting at once would get
            # "database is locked"); WAL is kept in the file, so only the first connection switches.
            with self._lock:
                connection = sqlite3.connect(
                    self._path, timeout=30.0, isolation_level=None, check_same_thread=False
                )
                try:
                    mode = connection.execute("PRAGMA journal_mode").fetchone()
                    if mode is None or str(mode[0]).lower() != "wal":
                        connection.execute("PRAGMA journal_mode=WAL")
                    connection.execute("PRAGMA synchronous=NORMAL")
                    connection.executescript(self._schema_sql)
                except BaseException:
                    connection.close()
                    raise
                self._local.connection = connection
                self._connections.append(connection)
        return connection

    def run(self, action: Callable[[sqlite3.Connection], T], fallback: T) -> T:
        """``action`` on this thread's connection; ``fallback`` once the store is off, or when this
        call finds it unusable (then it turns off, with one warning)."""
        if self._off_reason is not None:
            return fallback
        try:
            return action(self.connection())
        except (sqlite3.Error, OSError) as error:
            self._turn_off(error)
            return fallback

    def _turn_off(self, error: BaseException) -> None:
        with self._lock:
            if self._off_reason is not None:
                return
            self._off_reason = _reason(error)
        logger.warning("%s at %s is turned off for this run (%s); the run goes on without it. %s",
                       self._purpose.capitalize(), self._path, self._off_reason, _advice(error))

    def close(self) -> None:
        """Close every thread's connection (call once, when no thread uses the store any more)."""
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            try:
                connection.close()
            except sqlite3.Error as error:  # closing cannot lose anything a cache needs
                logger.debug("closing %s failed: %s", self._path, error)
        self._local = threading.local()


def _reason(error: BaseException) -> str:
    if isinstance(error, NotADirectoryError | FileExistsError):
        return "a part of its folder's path is a file, not a folder"
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error) or type(error).__name__


def _advice(error: BaseException) -> str:
    text = str(error).lower()
    if "full" in text or (isinstance(error, OSError) and error.errno == 28):
        return "Free some disk space to use the cache again."
    if isinstance(error, NotADirectoryError | FileExistsError):
        return "Move that file away, or set another cache folder (SMALLVILLE_HOME)."
    if "not a database" in text or "malformed" in text:
        return "Delete the file to start a new cache."
    return "Check that the folder exists and you may write to it."
