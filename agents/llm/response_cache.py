"""Response cache: answers stored in SQLite, keyed by a hash of model, messages and parameters.

:class:`CachingModel` is the outermost wrapper: a hit replays the stored raw text, re-parses it against
the request's schema and returns it with ``source = CACHE`` and no token usage, so re-running the same
seed and scenario with the cache on makes zero new calls. Answers that could not be parsed are stored
too and replayed as the same :class:`~agents.llm.errors.InvalidModelOutput`, so a re-run takes exactly
the same path (the runner's re-ask has different messages, hence its own entry). Errors are never
stored. The key (:func:`request_cache_key`) is the sha256 of the model name, the messages, the
temperature, max_tokens and the output schema; the context dict, the agent name and the API key are not
part of it and the key is never stored. The file is ``<cache folder>/llm_cache.sqlite3``; when it
cannot be used (a full disk, an unwritable folder) the cache turns itself off with one warning and
the calls go on uncached.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from agents.llm.errors import InvalidModelOutput
from agents.llm.protocol import (
    NO_TOKENS,
    AnswerSource,
    CompletionRequest,
    CompletionResult,
    LanguageModel,
    TokenUsage,
    messages_as_dicts,
)
from agents.llm.sqlite_store import SqliteStore
from agents.llm.structured_output import UnparseableAnswer, parse_structured_answer

_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    spec_name TEXT NOT NULL,
    raw_text TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    created_unix_seconds REAL NOT NULL
);
"""


def request_cache_key(model_name: str, request: CompletionRequest) -> str:
    """The sha256 hex digest identifying ``request`` sent to ``model_name``."""
    material = json.dumps(
        {
            "model": model_name,
            "messages": messages_as_dicts(request.messages),
            "temperature": request.sampling.temperature,
            "max_tokens": request.sampling.max_tokens,
            "schema": request.output_schema,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CachedAnswer:
    raw_text: str
    usage: TokenUsage


@dataclass(frozen=True)
class CacheStats:
    """Plain data for the HUD and run summaries."""

    hits: int
    misses: int
    stored: int

    def to_dict(self) -> dict[str, int]:
        return {"hits": self.hits, "misses": self.misses, "stored": self.stored}


class ResponseCache:
    """The SQLite table of answers; thread-safe. A file that cannot be used (a full disk, a folder
    that cannot be written) turns the cache off with one warning: every lookup misses, nothing is
    stored, and the run goes on (:class:`~agents.llm.sqlite_store.SqliteStore`)."""

    def __init__(self, path: Path) -> None:
        self._store = SqliteStore(path, _SCHEMA_SQL, purpose="the response cache")

    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def off_reason(self) -> str | None:
        """Why the cache turned itself off (None while it works)."""
        return self._store.off_reason

    def get(self, key: str) -> CachedAnswer | None:
        row = self._store.run(
            lambda connection: connection.execute(
                "SELECT raw_text, prompt_tokens, completion_tokens FROM responses WHERE key = ?", (key,)
            ).fetchone(),
            None,
        )
        if row is None:
            return None
        return CachedAnswer(raw_text=row[0], usage=TokenUsage(prompt_tokens=row[1], completion_tokens=row[2]))

    def put(self, key: str, model_name: str, spec_name: str, answer: CachedAnswer) -> bool:
        """Store an answer; False when the cache is off (or just turned off)."""
        row = (key, model_name, spec_name, answer.raw_text, answer.usage.prompt_tokens,
               answer.usage.completion_tokens, time.time())

        def insert(connection: sqlite3.Connection) -> bool:
            connection.execute("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?)", row)
            return True

        return self._store.run(insert, False)

    def __len__(self) -> int:
        return int(self._store.run(
            lambda connection: connection.execute("SELECT COUNT(*) FROM responses").fetchone()[0], 0))

    def close(self) -> None:
        self._store.close()


class CachingModel:
    """Replays stored answers and stores new ones; thread-safe."""

    def __init__(self, inner: LanguageModel, cache: ResponseCache) -> None:
        self._inner = inner
        self._cache = cache
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0
        self._stored = 0

    @property
    def model_name(self) -> str:
        return self._inner.model_name

    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(hits=self._hits, misses=self._misses, stored=self._stored)

    def complete(self, request: CompletionRequest) -> CompletionResult:
        key = request_cache_key(self._inner.model_name, request)
        cached = self._cache.get(key)
        if cached is not None:
            with self._lock:
                self._hits += 1
            try:
                value, repairs = parse_structured_answer(cached.raw_text, request.output_schema)
            except UnparseableAnswer as error:
                raise InvalidModelOutput(
                    str(error), raw_text=cached.raw_text, usage=NO_TOKENS, from_cache=True
                ) from error
            return CompletionResult(
                value=value,
                raw_text=cached.raw_text,
                usage=NO_TOKENS,
                model=self._inner.model_name,
                source=AnswerSource.CACHE,
                repairs=repairs,
            )
        with self._lock:
            self._misses += 1
        try:
            result = self._inner.complete(request)
        except InvalidModelOutput as error:
            self._store(key, request, CachedAnswer(error.raw_text, error.usage))
            raise
        if result.source is AnswerSource.MODEL:
            self._store(key, request, CachedAnswer(result.raw_text, result.usage))
        return result

    def _store(self, key: str, request: CompletionRequest, answer: CachedAnswer) -> None:
        if self._cache.put(key, self._inner.model_name, request.spec_name, answer):
            with self._lock:
                self._stored += 1
