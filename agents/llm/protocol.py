"""The two small interfaces every mind thinks through: :class:`LanguageModel` and :class:`Embedder`.

A :class:`CompletionRequest` asks for one structured answer: it names the prompt spec, carries the
rendered chat messages, the JSON schema the answer must match, the sampling parameters, the agent the
call is metered to, and the plain-data context the messages were rendered from (rule-based models such
as :class:`agents.llm.offline_model.OfflineModel` answer from the context; network models ignore it and
it is never sent, hashed or stored).

A :class:`CompletionResult` carries the parsed, schema-validated value, the raw text, the token usage,
where the answer came from (the model, the response cache, or the offline rules) and how many transport
attempts it took. Failures are typed exceptions from :mod:`agents.llm.errors`, never data.

Behaviour (retry, circuit breaker, budget, usage meter, cache) is added by wrapping a model in another
object that implements the same protocol; see :mod:`agents.llm.stack` for the standard composition.
All implementations are safe to call from many threads at once.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

MessageRole = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class ChatMessage:
    """One chat message sent to the model."""

    role: MessageRole
    content: str


@dataclass(frozen=True)
class SamplingParams:
    """Sampling parameters of one call."""

    temperature: float
    max_tokens: int


@dataclass(frozen=True)
class TokenUsage:
    """Tokens one call consumed, as reported by the server (zero for cache hits and offline answers)."""

    prompt_tokens: int
    completion_tokens: int

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


NO_TOKENS = TokenUsage(prompt_tokens=0, completion_tokens=0)


class AnswerSource(enum.Enum):
    """Where a :class:`CompletionResult` came from."""

    MODEL = "model"  # a language model answered over the network
    CACHE = "cache"  # the response cache replayed an earlier answer of the same request
    OFFLINE = "offline"  # the built-in rule-based offline model answered


@dataclass(frozen=True)
class CompletionRequest:
    """One request for a structured answer.

    ``output_schema`` and ``context`` are plain JSON-like data and must be treated as read-only.
    ``context`` is what the messages were rendered from (see ``agents.prompts.spec_table`` for the keys
    of each spec); it is not part of the cache key and never leaves the process.
    """

    spec_name: str
    messages: tuple[ChatMessage, ...]
    output_schema: Mapping[str, object]
    sampling: SamplingParams
    agent_name: str
    context: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class CompletionResult:
    """A parsed, schema-valid answer."""

    value: object
    raw_text: str
    usage: TokenUsage
    model: str
    source: AnswerSource = AnswerSource.MODEL
    attempts: int = 1
    repairs: tuple[str, ...] = ()

    @property
    def from_cache(self) -> bool:
        return self.source is AnswerSource.CACHE

    @property
    def is_offline(self) -> bool:
        return self.source is AnswerSource.OFFLINE


@runtime_checkable
class LanguageModel(Protocol):
    """Completes a request into a validated structured value, or raises a ``LanguageModelError``."""

    @property
    def model_name(self) -> str:
        """The model identifier used for metering, pricing and cache keys."""
        ...

    def complete(self, request: CompletionRequest) -> CompletionResult:
        """Answer ``request``; thread-safe."""
        ...


EmbeddingMatrix = npt.NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into float32 vectors, one L2-normalised row per text (thread-safe)."""

    @property
    def identity(self) -> str:
        """Names the embedding model; vectors from different identities must not be mixed."""
        ...

    @property
    def dimension(self) -> int:
        """Length of each vector."""
        ...

    def embed(self, texts: Sequence[str]) -> EmbeddingMatrix:
        """Return an array of shape ``(len(texts), dimension)``, dtype float32, rows of unit length."""
        ...


def messages_as_dicts(messages: Sequence[ChatMessage]) -> list[dict[str, str]]:
    """The messages in the shape the OpenAI chat API takes."""
    return [{"role": message.role, "content": message.content} for message in messages]


def frozen_context(context: Mapping[str, object]) -> Mapping[str, object]:
    """A shallow copy of ``context`` so a request does not see later changes by its caller."""
    return dict(context)


def estimate_tokens(text: str) -> int:
    """A rough token count (4 characters a token), for servers that report no usage and for budgets."""
    return len(text) // 4 + 1
