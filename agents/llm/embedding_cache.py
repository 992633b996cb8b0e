"""Embeddings cached by text: in memory (bounded) and, optionally, in a SQLite file across runs.

:class:`CachingEmbedder` wraps any :class:`~agents.llm.protocol.Embedder`. Only texts not seen before are
sent to the inner embedder, in one batch. Vectors are keyed by the inner embedder's ``identity`` and the
sha256 of the text, so vectors of different models never mix. The SQLite file is
``<cache folder>/embeddings.sqlite3``; when it cannot be used (a full disk, an unwritable folder) it
turns itself off with one warning and only the in-memory cache is kept.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from agents.llm.protocol import Embedder, EmbeddingMatrix
from agents.llm.sqlite_store import SqliteStore

_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS embeddings (
    identity TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (identity, text_sha256)
);
"""


@dataclass(frozen=True)
class EmbeddingCacheStats:
    hits: int
    misses: int

    def to_dict(self) -> dict[str, int]:
        return {"hits": self.hits, "misses": self.misses}


class CachingEmbedder:
    """See the module docstring; thread-safe."""

    def __init__(
        self, inner: Embedder, *, path: Path | None = None, max_memory_entries: int = 100_000
    ) -> None:
        self._inner = inner
        self._store = SqliteStore(path, _SCHEMA_SQL, purpose="the embedding cache") if path is not None else None
        self._max_memory_entries = max_memory_entries
        self._memory: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    @property
    def identity(self) -> str:
        return self._inner.identity

    @property
    def dimension(self) -> int:
        return self._inner.dimension

    def stats(self) -> EmbeddingCacheStats:
        with self._lock:
            return EmbeddingCacheStats(self._hits, self._misses)

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _from_store(self, keys: list[str]) -> dict[str, np.ndarray]:
        if self._store is None or not keys:
            return {}
        identity = self._inner.identity

        def read(connection: sqlite3.Connection) -> dict[str, np.ndarray]:
            found: dict[str, np.ndarray] = {}
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                bind_markers = ",".join("?" * len(chunk))
                rows = connection.execute(
                    "SELECT text_sha256, vector FROM embeddings "
                    f"WHERE identity = ? AND text_sha256 IN ({bind_markers})",
                    (identity, *chunk),
                ).fetchall()
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32).copy()
            return found

        return self._store.run(read, {})

    def embed(self, texts: Sequence[str]) -> EmbeddingMatrix:
        keys = [self._key(text) for text in texts]
        vectors: dict[str, np.ndarray] = {}
        with self._lock:
            for key in keys:
                if key in self._memory:
                    self._memory.move_to_end(key)
                    vectors[key] = self._memory[key]
        missing = [key for key in dict.fromkeys(keys) if key not in vectors]
        vectors.update(self._from_store(missing))
        to_compute = {key: text for key, text in zip(keys, texts, strict=True) if key not in vectors}
        if to_compute:
            computed = self._inner.embed(list(to_compute.values()))
            new_vectors = dict(zip(to_compute, computed, strict=True))
            vectors.update(new_vectors)
            if self._store is not None:
                rows = [(self._inner.identity, key, vector.astype(np.float32).tobytes())
                        for key, vector in new_vectors.items()]
                self._store.run(
                    lambda connection: connection.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)", rows),
                    None,
                )
        with self._lock:
            self._misses += len(to_compute)
            self._hits += len(texts) - len(to_compute)
            for key in keys:
                self._memory[key] = vectors[key]
                self._memory.move_to_end(key)
            while len(self._memory) > self._max_memory_entries:
                self._memory.popitem(last=False)
        if not texts:
            return np.zeros((0, self._inner.dimension), dtype=np.float32)
        return np.stack([vectors[key] for key in keys]).astype(np.float32, copy=False)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
