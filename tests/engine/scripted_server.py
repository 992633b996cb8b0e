"""The test server wired as a real endpoint, answering from the prompt's context.

:class:`ContextTap` wraps the HTTP model and remembers the requests in flight, keyed by their last
message (the rendered prompt; concurrent requests from a worker pool have different prompts, and equal
prompts have equal contexts); the server's answer hook finds the request by the prompt it received and
answers with the offline rule for that spec, or a per-spec override. Requests still travel over HTTP through the
``openai`` client, the retrying wrapper and the usage meter, so calls and tokens are real.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from agents.cognition.services import MindServices
from agents.llm.local_embedder import HashedNgramEmbedder
from agents.llm.offline import OFFLINE_ANSWERS
from agents.llm.openai_model import EndpointConfig, OpenAICompatibleModel
from agents.llm.protocol import CompletionRequest, CompletionResult, LanguageModel
from agents.llm.retrying import RetryingModel, RetryPolicy
from agents.llm.usage_meter import PriceTable, UsageMeter
from agents.prompts.runner import PromptRunner
from tests.fixtures.model_server import ChatCall, ModelServer

Answer = Callable[[Mapping[str, object]], object]


class ContextTap:
    def __init__(self, inner: LanguageModel) -> None:
        self.inner = inner
        self._in_flight: dict[str, CompletionRequest] = {}
        self._lock = threading.Lock()

    @property
    def model_name(self) -> str:
        return self.inner.model_name

    def complete(self, request: CompletionRequest) -> CompletionResult:
        with self._lock:
            self._in_flight[request.messages[-1].content] = request
        return self.inner.complete(request)

    def request_for(self, call: ChatCall) -> CompletionRequest:
        prompt = str(call.messages[-1]["content"])
        with self._lock:
            found = self._in_flight.get(prompt)
            if found is None:  # a structured-output mode may have added to the prompt
                found = next(r for key, r in self._in_flight.items() if key in prompt)
        return found


@contextmanager
def scripted_server(overrides: Mapping[str, Answer] | None = None, latency_seconds: float = 0.0,
                    max_concurrent_requests: int = 8) -> Iterator[tuple[MindServices, UsageMeter, ModelServer]]:
    answers = {**OFFLINE_ANSWERS, **(overrides or {})}
    holder: list[ContextTap] = []

    def hook(call: ChatCall) -> object:
        request = holder[0].request_for(call)
        return answers[request.spec_name](request.context)

    with ModelServer(answer_hook=hook, latency_seconds=latency_seconds) as server:
        endpoint = OpenAICompatibleModel(EndpointConfig(base_url=server.base_url, model="test-model",
                                                        timeout_seconds=10, structured_output="json_schema",
                                                        max_concurrent_requests=max_concurrent_requests))
        policy = RetryPolicy(max_retries=2, initial_backoff_seconds=0.01, max_backoff_seconds=0.05, deadline_seconds=20)
        meter = UsageMeter(RetryingModel(endpoint, policy), PriceTable({}))
        tap = ContextTap(meter)
        holder.append(tap)
        try:
            yield MindServices(PromptRunner(tap), HashedNgramEmbedder(dimension=256)), meter, server
        finally:
            endpoint.close()
