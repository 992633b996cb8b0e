"""Embedders: wordllama offline, the hashed fallback, the endpoint's model, and the by-text cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from agents.llm.embedding_cache import CachingEmbedder
from agents.llm.endpoint_embedder import EndpointEmbedder
from agents.llm.local_embedder import HashedNgramEmbedder, WordLlamaEmbedder, default_local_embedder
from agents.llm.openai_model import EndpointConfig
from agents.llm.retrying import RetryPolicy
from tests.fixtures.model_server import Fault, ModelServer

TEXTS = [
    "Isabella is planning a Valentine's Day party",
    "a party to celebrate with friends",
    "filing the quarterly tax return",
    "",
]


def assert_unit_rows(matrix: np.ndarray, rows: int) -> None:
    assert matrix.dtype == np.float32 and matrix.shape[0] == rows
    np.testing.assert_allclose(np.linalg.norm(matrix, axis=1), 1.0, rtol=1e-5)


def test_wordllama_loads_from_its_wheel_without_network() -> None:
    embedder = default_local_embedder()
    assert isinstance(embedder, WordLlamaEmbedder)
    vectors = embedder.embed(TEXTS)
    assert_unit_rows(vectors, len(TEXTS))
    assert vectors.shape[1] == embedder.dimension == 256
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > similarity[0, 2]


def test_hashed_fallback_is_deterministic_and_normalised() -> None:
    embedder = HashedNgramEmbedder()
    first = embedder.embed(TEXTS)
    assert_unit_rows(first, len(TEXTS))
    np.testing.assert_array_equal(first, HashedNgramEmbedder().embed(TEXTS))
    assert (first @ first.T)[0, 1] > (first @ first.T)[0, 2]


def test_endpoint_embedder_normalises_and_retries(model_server: ModelServer) -> None:
    model_server.inject(Fault.SERVER_ERROR, endpoint="embeddings")
    config = EndpointConfig(base_url=model_server.base_url, model="test-embed", timeout_seconds=5)
    embedder = EndpointEmbedder(config, RetryPolicy(initial_backoff_seconds=0.01), batch_size=2)
    vectors = embedder.embed(TEXTS)
    assert_unit_rows(vectors, len(TEXTS))
    assert embedder.dimension == model_server.embedding_dimension
    assert model_server.stats.embedding_requests == 3  # one failed, then two batches


def test_embedding_cache_embeds_each_text_once_and_persists(tmp_path: Path) -> None:
    calls: list[list[str]] = []

    class CountingEmbedder(HashedNgramEmbedder):
        def embed(self, texts):  # type: ignore[no-untyped-def]
            calls.append(list(texts))
            return super().embed(texts)

    cached = CachingEmbedder(CountingEmbedder(), path=tmp_path / "emb.sqlite3")
    first = cached.embed(TEXTS + TEXTS[:1])
    again = cached.embed(TEXTS[:2])
    cached.close()
    reopened = CachingEmbedder(CountingEmbedder(), path=tmp_path / "emb.sqlite3")
    from_disk = reopened.embed(TEXTS)
    reopened.close()
    assert calls == [TEXTS]
    np.testing.assert_array_equal(first[:2], again)
    np.testing.assert_array_equal(first[:4], from_disk)
    assert cached.stats().misses == len(TEXTS)
