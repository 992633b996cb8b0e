"""What a mind thinks with but never owns: the prompt runner and the embedder.

:class:`MindServices` is passed into every step and decision; it is never stored in simulation state
(it holds clients, locks and sockets), so the state stays picklable. A worker pool in the engine issue
can call the same decision functions with the same services from its threads.

With an embedder over the network (``embed_on_workers``), the thread that owns the simulation must not
wait on it: the engine embeds the texts about to be remembered on a worker first and applies them
through :meth:`MindServices.knowing`, whose ``embed`` answers those texts without a call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from agents.llm.protocol import Embedder
from agents.prompts.runner import PromptRunner


@dataclass(frozen=True)
class MindServices:
    """The prompt runner and the embedder (see the module docstring)."""

    runner: PromptRunner
    embedder: Embedder
    embed_on_workers: bool = False  # the embedder calls over the network (see the module docstring)
    known_embeddings: Mapping[str, npt.NDArray[np.float32]] = field(default_factory=dict)

    def knowing(self, texts: Sequence[str], vectors: npt.NDArray[np.float32]) -> MindServices:
        """These services, with ``embed`` answering ``texts`` by ``vectors`` (row by row) without a call."""
        return replace(self, known_embeddings={**self.known_embeddings, **dict(zip(texts, vectors))})

    def ask(self, spec_name: str, context: Mapping[str, object], agent_name: str) -> dict[str, object]:
        """Run a prompt; the value is always valid (the runner falls back when it must)."""
        outcome = self.runner.run(spec_name, context, agent_name)
        return outcome.value  # type: ignore[return-value]

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        known = self.known_embeddings
        if known and all(text in known for text in texts):
            return np.stack([known[text] for text in texts])
        return self.embedder.embed(list(texts))
