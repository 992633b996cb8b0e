"""What a failed attempt at an endpoint costs: whether the request reached the server, and the tokens
it is charged for.

A server that answered with an HTTP error, an unreadable body, or that was sent the request and then
timed out or dropped the connection, has received the call: it is metered and charged against the
budget (:class:`agents.llm.usage_meter.UsageMeter`). A connection that was refused, never opened, or
broke while the request was being written has reached no server: nothing is charged.

The tokens are estimated (:func:`agents.llm.protocol.estimate_tokens`): an HTTP error or an
unreadable body is charged the prompt's tokens; a timeout or a dropped connection after sending is
charged the prompt and the call's ``max_tokens`` (the server may have spent them), so a budget holds
whatever the server did.
"""

from __future__ import annotations

import httpx2
import openai

from agents.llm.protocol import CompletionRequest, TokenUsage, estimate_tokens

# Transport failures that happen before the whole request was sent: no server received the call.
NOT_SENT_FAILURES: tuple[type[BaseException], ...] = (
    httpx2.ConnectError,
    httpx2.ConnectTimeout,
    httpx2.PoolTimeout,
    httpx2.UnsupportedProtocol,
    httpx2.LocalProtocolError,
    httpx2.WriteError,
    httpx2.WriteTimeout,
    httpx2.InvalidURL,
)


def reached_server(error: BaseException) -> bool:
    """Whether the failed request was received by a server (see the module docstring)."""
    if isinstance(error, openai.APIConnectionError):  # APITimeoutError too: the transport error is the cause
        cause = error.__cause__
        return not isinstance(cause, NOT_SENT_FAILURES)
    return isinstance(error, (openai.OpenAIError, ValueError, RecursionError))


def billed_usage_of_failure(error: BaseException, request: CompletionRequest) -> TokenUsage | None:
    """The tokens a failed attempt is charged for, or None when it reached no server."""
    if not reached_server(error):
        return None
    prompt_tokens = estimate_tokens("".join(message.content for message in request.messages))
    answered = not isinstance(error, openai.APIConnectionError)  # an HTTP answer (an error, or a bad body)
    return TokenUsage(prompt_tokens=prompt_tokens,
                      completion_tokens=0 if answered else max(0, request.sampling.max_tokens))
