"""A scripted language model for the mind tests: per-spec answer functions over the request context
(falling back to the offline rules), and a log of every request."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime

from agents.cognition.config import MindConfig
from agents.cognition.resident import Resident
from agents.cognition.services import MindServices
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.llm.offline import OFFLINE_ANSWERS
from agents.llm.protocol import NO_TOKENS, AnswerSource, CompletionRequest, CompletionResult
from agents.memory.stream import MemoryStream
from agents.prompts.runner import PromptRunner
from tests.fixtures.town_samples import base_context, spatial_memory

Answer = Callable[[Mapping[str, object]], object]
EPOCH = datetime(2023, 2, 13, 0, 0)


class ScriptedModel:
    def __init__(self, answers: Mapping[str, Answer] | None = None) -> None:
        self.answers = dict(answers or {})
        self.requests: list[CompletionRequest] = []

    @property
    def model_name(self) -> str:
        return "scripted"

    def complete(self, request: CompletionRequest) -> CompletionResult:
        self.requests.append(request)
        rule = self.answers.get(request.spec_name, OFFLINE_ANSWERS[request.spec_name])
        value = rule(request.context)
        return CompletionResult(value=value, raw_text=json.dumps(value), usage=NO_TOKENS, model="scripted",
                                source=AnswerSource.MODEL)

    def calls(self, spec_name: str) -> list[CompletionRequest]:
        return [r for r in self.requests if r.spec_name == spec_name]


def services_with(model: ScriptedModel) -> MindServices:
    return MindServices(PromptRunner(model), HashedNgramEmbedder(dimension=128))  # type: ignore[arg-type]


def make_resident(name: str = "Isabella Rodriguez", tile: tuple[int, int] = (5, 5)) -> Resident:
    from agents.world.scenario import Persona

    identity = base_context(name)["persona"]
    persona = Persona(spawn_tile=tile, spatial_memory=spatial_memory(), **identity)  # type: ignore[arg-type]
    return Resident(persona=persona, currently=persona.currently, tile=tile,
                    memory=MemoryStream(128, EPOCH), spatial_memory=spatial_memory())


CONFIG = MindConfig()
