"""How the engine runs: the time policy, the worker pool, operation timeouts, the step's length.

Read from the ``[simulation]`` table of the same ``settings.toml`` as the model settings
(:mod:`agents.llm.settings`); the command line overrides it::

    [simulation]
    time_policy = "every-step-decided"   # or "flowing"
    workers = 8                          # threads running model operations in parallel (1 to 256)
    operation_timeout_seconds = 300      # one operation (a plan, a reaction, a whole conversation); up to a day
    flowing_steps_per_second = 10        # the headless runner's pace under "flowing" (up to 1000)
    step_seconds = 10                    # game seconds per step (default: the scenario's, usually 10)

Time policies:

* ``every-step-decided`` (default, the paper's way): a step passes only when every resident's
  decision for it is ready; all pending operations run in parallel, so a step waits for the slowest
  mind, not for the sum.
* ``flowing``: the clock runs on; residents still thinking go on with their last action, and what
  they decide is applied in the step when it arrives. Runs are not reproducible under this policy
  (when an answer lands depends on the wall clock).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from agents.engine.operation_pool import DEFAULT_WORKERS
from agents.llm.settings import SettingsError, read_settings_document, settings_table, typed_value
from agents.llm.settings_checks import check_known_tables, unknown_key_error
from agents.wording import count_of

MAX_STEP_SECONDS = 600  # a resident walks one tile a step: longer steps make the town a slideshow
MAX_WORKERS = 256  # threads for model calls; more only queue up behind any server's limits
MAX_OPERATION_TIMEOUT_SECONDS = 86_400.0
MAX_FLOWING_STEPS_PER_SECOND = 1000.0


class TimePolicy(enum.Enum):
    EVERY_STEP_DECIDED = "every-step-decided"
    FLOWING = "flowing"

    @classmethod
    def parse(cls, text: str, where: str) -> TimePolicy:
        try:
            return cls(text)
        except ValueError:
            choices = ", ".join(repr(p.value) for p in cls)
            raise SettingsError(f"{where}: time policy {text!r} is not one of {choices}") from None


@dataclass(frozen=True)
class EngineSettings:
    """See the module docstring."""

    time_policy: TimePolicy = TimePolicy.EVERY_STEP_DECIDED
    workers: int = DEFAULT_WORKERS
    operation_timeout_seconds: float = 300.0
    flowing_steps_per_second: float = 10.0
    step_seconds: int | None = None  # None: the scenario's

    def __post_init__(self) -> None:
        if not 1 <= self.workers <= MAX_WORKERS:
            raise SettingsError(f"workers must be from 1 to {MAX_WORKERS}, got {self.workers}")
        if not 0 < self.operation_timeout_seconds <= MAX_OPERATION_TIMEOUT_SECONDS:
            raise SettingsError(f"operation_timeout_seconds must be above 0 and at most "
                                f"{MAX_OPERATION_TIMEOUT_SECONDS:g}, got {self.operation_timeout_seconds}")
        if not 0 < self.flowing_steps_per_second <= MAX_FLOWING_STEPS_PER_SECOND:
            raise SettingsError(f"flowing_steps_per_second must be above 0 and at most "
                                f"{MAX_FLOWING_STEPS_PER_SECOND:g}, got {self.flowing_steps_per_second}")
        if self.step_seconds is not None and not 1 <= self.step_seconds <= MAX_STEP_SECONDS:
            raise SettingsError(f"step_seconds must be from 1 to {MAX_STEP_SECONDS}, got {self.step_seconds}")


_FIELDS: Mapping[str, type] = {
    "time_policy": str,
    "workers": int,
    "operation_timeout_seconds": float,
    "flowing_steps_per_second": float,
    "step_seconds": int,
}


def engine_settings_from_toml(document: Mapping[str, object], path: Path) -> EngineSettings:
    """The ``[simulation]`` table of a parsed settings document (``path`` names it in errors)."""
    check_known_tables(document, path)
    values: dict[str, object] = {}
    for key, raw in settings_table(document, "simulation", path).items():
        where = f"{path} [simulation] {key}"
        if key not in _FIELDS:
            raise unknown_key_error(path, "simulation", key, _FIELDS)
        values[key] = typed_value(raw, _FIELDS[key], where)
    if "time_policy" in values:
        values["time_policy"] = TimePolicy.parse(cast(str, values["time_policy"]), f"{path} [simulation] time_policy")
    try:
        return EngineSettings(**values)  # type: ignore[arg-type]
    except SettingsError as error:
        raise SettingsError(f"{path} [simulation]: {error}") from None


def load_engine_settings(path: Path) -> EngineSettings:
    """The engine settings in ``path`` (defaults when it does not exist)."""
    return engine_settings_from_toml(read_settings_document(path), path)


def concurrency_warning(settings: EngineSettings, max_concurrent_requests: int | None) -> str | None:
    """A sentence when the endpoint's cap on calls at once (``[resilience] max_concurrent_requests``)
    would leave some of the workers waiting; None when it does not (or there is no cap)."""
    if max_concurrent_requests is None or max_concurrent_requests >= settings.workers:
        return None
    return (f"{count_of(settings.workers, 'worker')}, but at most {count_of(max_concurrent_requests, 'model call')} at once "
            f"([resilience] max_concurrent_requests in settings.toml): raise it to {settings.workers} to use "
            "every worker, unless your server or plan limits parallel requests")
