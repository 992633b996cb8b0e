"""Embedders that need no network and no model download.

:class:`WordLlamaEmbedder` is the default: ``wordllama``'s wheel ships its model (``l2_supercat``,
256 dimensions: a token-embedding table pooled per text), so it is loaded with ``cache_dir`` pointing
into the installed package and downloads disabled; it embeds ~10,000 short texts a second on one core.
:class:`HashedNgramEmbedder` is the last resort when wordllama cannot be imported (for example a frozen
build that left its data out): deterministic signed hashing of words and character trigrams into 512
dimensions, in numpy. It captures word overlap, not meaning; :func:`default_local_embedder` logs a
warning when it has to use it. Both return float32 rows of unit length; an empty text maps to a fixed
unit vector (the first axis) so normalisation never divides by zero.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from agents.llm.protocol import Embedder, EmbeddingMatrix

logger = logging.getLogger(__name__)


def normalise_rows(matrix: np.ndarray) -> EmbeddingMatrix:
    """Rows scaled to unit length (float32); all-zero or non-finite rows become the first axis."""
    result = np.asarray(matrix, dtype=np.float32).copy()
    if result.ndim != 2:
        raise ValueError(f"expected a 2-D matrix, got shape {result.shape}")
    result[~np.isfinite(result).all(axis=1)] = 0.0
    norms = np.linalg.norm(result, axis=1)
    empty = norms == 0
    result[empty] = 0.0
    if result.shape[1]:
        result[empty, 0] = 1.0
    norms[empty] = 1.0
    result /= norms[:, None]
    return result


def _load_wordllama(config_name: str, dimension: int) -> Any:
    # wordllama's package __init__ calls logging.basicConfig(); give the root logger a handler for the
    # duration of the import so that call does nothing and the app's logging setup stays its own.
    root = logging.getLogger()
    basic_config_guard = logging.NullHandler()
    added = not root.handlers
    if added:
        root.addHandler(basic_config_guard)
    try:
        import wordllama
    finally:
        if added:
            root.removeHandler(basic_config_guard)
    package_dir = Path(wordllama.__file__).parent
    return wordllama.WordLlama.load(
        config=config_name, dim=dimension, cache_dir=package_dir, disable_download=True
    )


class WordLlamaEmbedder:
    """wordllama's bundled model, loaded on first use; thread-safe."""

    def __init__(self, config_name: str = "l2_supercat", dimension: int = 256) -> None:
        self._config_name = config_name
        self._dimension = dimension
        self._lock = threading.Lock()
        self._model: Any = None

    @property
    def identity(self) -> str:
        return f"wordllama:{self._config_name}:{self._dimension}"

    @property
    def dimension(self) -> int:
        return self._dimension

    def load(self) -> None:
        """Load the model now (raises ImportError or FileNotFoundError if it is not available)."""
        with self._lock:
            if self._model is None:
                self._model = _load_wordllama(self._config_name, self._dimension)

    def embed(self, texts: Sequence[str]) -> EmbeddingMatrix:
        if not texts:
            return np.zeros((0, self._dimension), dtype=np.float32)
        self.load()
        with self._lock:
            raw = self._model.embed(list(texts), norm=False)
        return normalise_rows(np.asarray(raw).reshape(len(texts), self._dimension))


class HashedNgramEmbedder:
    """Deterministic hashed bag of words and character trigrams; needs nothing but numpy."""

    def __init__(self, dimension: int = 512) -> None:
        self._dimension = dimension

    @property
    def identity(self) -> str:
        return f"hashed-ngrams-v1:{self._dimension}"

    @property
    def dimension(self) -> int:
        return self._dimension

    def _features(self, text: str) -> list[str]:
        words = re.findall(r"\w+", text.casefold())
        trigrams = [f"#{word}#"[index : index + 3] for word in words for index in range(len(word))]
        return [f"w:{word}" for word in words] + [f"c:{gram}" for gram in trigrams]

    def embed(self, texts: Sequence[str]) -> EmbeddingMatrix:
        matrix = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature in self._features(text):
                digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
                bucket = int.from_bytes(digest[:4], "little") % self._dimension
                sign = 1.0 if digest[4] & 1 else -1.0
                weight = 2.0 if feature.startswith("w:") else 1.0
                matrix[row, bucket] += sign * weight
        return normalise_rows(matrix)


def default_local_embedder() -> Embedder:
    """wordllama when it loads, else the hashed embedder (with a warning)."""
    embedder = WordLlamaEmbedder()
    try:
        embedder.load()
    except (ImportError, FileNotFoundError, OSError, ValueError) as error:
        logger.warning("wordllama is not available (%s); using the hashed n-gram embedder", error)
        return HashedNgramEmbedder()
    return embedder
