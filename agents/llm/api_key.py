"""The API key as a value that never shows itself: masked in every repr, str and log line.

:class:`ApiKey` holds the secret; only :meth:`ApiKey.reveal` returns it, and only the OpenAI client
calls that. :func:`redact_secret_in_logs` installs a log-record factory that replaces the secret with its
masked form in every log message of the process (including third-party loggers such as ``openai`` and
``httpx2``), as a second line of defence. The key is read from the environment variable named in the
settings (``api_key_env``) or, only when the user put it there, from the settings file.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field


def mask_secret(secret: str) -> str:
    """``sk-...abcd``: a recognisable prefix and the last four characters, never the whole secret."""
    if not secret:
        return "<none>"
    if len(secret) <= 8:
        return "***"
    prefix = secret[:3] if secret[:3].isascii() else ""
    return f"{prefix}...{secret[-4:]}"


@dataclass(frozen=True)
class ApiKey:
    """An API key whose repr and str are masked.

    It is deliberately not picklable, so it cannot slip into a save or a recording by accident.
    """

    _secret: str = field(repr=False)

    def reveal(self) -> str:
        """The secret itself: for the HTTP client only."""
        return self._secret

    @property
    def masked(self) -> str:
        return mask_secret(self._secret)

    def __repr__(self) -> str:
        return f"ApiKey({self.masked})"

    def __str__(self) -> str:
        return self.masked

    def __reduce__(self) -> object:
        raise TypeError("ApiKey is not picklable: the API key must never be written into a file")


_redaction_lock = threading.Lock()
_redacted_secrets: set[str] = set()
_factory_installed = False


def redact_secret_in_logs(secret: str) -> None:
    """Make every log record created from now on show ``secret`` masked (idempotent, thread-safe)."""
    global _factory_installed
    if len(secret) < 6:
        return
    with _redaction_lock:
        _redacted_secrets.add(secret)
        if _factory_installed:
            return
        previous_factory = logging.getLogRecordFactory()

        def redacting_factory(*args: object, **kwargs: object) -> logging.LogRecord:
            record = previous_factory(*args, **kwargs)  # type: ignore[arg-type]
            secrets = tuple(_redacted_secrets)
            message = record.getMessage()
            if any(secret_text in message for secret_text in secrets):
                for secret_text in secrets:
                    message = message.replace(secret_text, mask_secret(secret_text))
                record.msg = message
                record.args = None
            return record

        logging.setLogRecordFactory(redacting_factory)
        _factory_installed = True
