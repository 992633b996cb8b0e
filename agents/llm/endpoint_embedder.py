"""Embeddings from the endpoint's embedding model (``/v1/embeddings``), as an alternative to the local one.

Texts are sent in batches of ``batch_size``; transient failures are retried with the same policy as
completions (:func:`agents.llm.retrying.call_with_retries`). When the endpoint stays down the last typed
:class:`~agents.llm.errors.LanguageModelError` is raised: the engine treats it like "model unreachable".
Rows are L2-normalised float32 whatever the server returns.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence

import numpy as np
import openai

from agents.llm.local_embedder import normalise_rows
from agents.llm.openai_model import EndpointConfig, make_openai_client, request_slots, translate_openai_error
from agents.llm.protocol import EmbeddingMatrix
from agents.llm.retrying import RetryPolicy, call_with_retries
from agents.llm.url_safety import masked_url


class EndpointEmbedder:
    """Calls an OpenAI-compatible embeddings endpoint; thread-safe."""

    def __init__(
        self,
        config: EndpointConfig,
        policy: RetryPolicy,
        *,
        client: openai.OpenAI | None = None,
        batch_size: int = 256,
    ) -> None:
        self._config = config
        self._policy = policy
        self._client = client if client is not None else make_openai_client(config)
        self._batch_size = batch_size
        self._slots = threading.BoundedSemaphore(request_slots(config))
        self._dimension_lock = threading.Lock()
        self._dimension: int | None = None

    @property
    def identity(self) -> str:
        return f"endpoint:{masked_url(self._config.base_url)}:{self._config.model}"  # stored in the cache file

    @property
    def dimension(self) -> int:
        with self._dimension_lock:
            known = self._dimension
        if known is None:
            known = int(self.embed(["dimension probe"]).shape[1])
        return known

    def _embed_batch(self, batch: list[str]) -> np.ndarray:
        def attempt() -> np.ndarray:
            try:
                with self._slots:
                    response = self._client.embeddings.create(
                        model=self._config.model, input=batch, timeout=self._config.timeout_seconds
                    )
            except (openai.OpenAIError, json.JSONDecodeError) as error:
                raise translate_openai_error(error) from error
            ordered = sorted(response.data, key=lambda item: item.index)
            return np.asarray([item.embedding for item in ordered], dtype=np.float32)

        vectors, _attempts = call_with_retries(attempt, self._policy, what=f"embedding {len(batch)} texts")
        return vectors

    def embed(self, texts: Sequence[str]) -> EmbeddingMatrix:
        if not texts:
            return np.zeros((0, self._dimension or 0), dtype=np.float32)
        batches = [
            list(texts[start : start + self._batch_size]) for start in range(0, len(texts), self._batch_size)
        ]
        matrix = normalise_rows(np.concatenate([self._embed_batch(batch) for batch in batches]))
        with self._dimension_lock:
            self._dimension = int(matrix.shape[1])
        return matrix
