"""What a mind thinks with but never owns: the prompt runner and the embedder.

:class:`MindServices` is passed into every step and decision; it is never stored in simulation state
(it holds clients, locks and sockets), so the state stays picklable. A worker pool in the engine issue
can call the same decision functions with the same services from its threads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from agents.llm.protocol import Embedder
from agents.prompts.runner import PromptRunner


@dataclass(frozen=True)
class MindServices:
    """The prompt runner and the embedder (see the module docstring)."""

    runner: PromptRunner
    embedder: Embedder

    def ask(self, spec_name: str, context: Mapping[str, object], agent_name: str) -> dict[str, object]:
        """Run a prompt; the value is always valid (the runner falls back when it must)."""
        outcome = self.runner.run(spec_name, context, agent_name)
        return outcome.value  # type: ignore[return-value]

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        return self.embedder.embed(list(texts))
