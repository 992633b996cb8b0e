"""A small SQLite file shared by many threads: one connection per thread, WAL journal.

Used by the response cache and the embedding cache. Connections live in a ``threading.local`` and are
tracked so :meth:`SqliteStore.close` closes them all. The store is never part of simulation state.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class SqliteStore:
    """Opens ``path`` lazily in each thread and runs ``schema_sql`` once per connection."""

    def __init__(self, path: Path, schema_sql: str) -> None:
        self._path = path
        self._schema_sql = schema_sql
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)

    @property
    def path(self) -> Path:
        return self._path

    def connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            # One thread at a time sets a connection up: switching the file to WAL takes an
            # exclusive lock that SQLite does not wait for (many workers starting at once would get
            # "database is locked"); WAL is kept in the file, so only the first connection switches.
            with self._lock:
                connection = sqlite3.connect(
                    self._path, timeout=30.0, isolation_level=None, check_same_thread=False
                )
                mode = connection.execute("PRAGMA journal_mode").fetchone()
                if mode is None or str(mode[0]).lower() != "wal":
                    connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
                connection.executescript(self._schema_sql)
                self._local.connection = connection
                self._connections.append(connection)
        return connection

    def close(self) -> None:
        """Close every thread's connection (call once, when no thread uses the store any more)."""
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()
        self._local = threading.local()
