"""Work asked ahead: started one at a time per resident, claimed by the identity of its inputs, and
queued again when it is withdrawn before a worker took it."""

from __future__ import annotations

from agents.engine.ahead_operations import AheadOperations
from agents.engine.model_work import ModelWork
from agents.engine.operation_pool import OperationOutcome


def work(resident: str, what: str) -> ModelWork:
    return ModelWork("action_place", lambda services, what: what, {"what": what}, resident=resident)


def test_one_operation_at_a_time_per_resident_and_a_withdrawn_one_goes_first_again() -> None:
    ahead = AheadOperations()
    first, second = work("Ann", "first"), work("Ann", "second")
    ahead.queue(first)
    ahead.queue(second)
    started: list[tuple[str, str]] = []
    ahead.start_queued(lambda name: True, lambda key, w: started.append((key, w.inputs["what"])))  # type: ignore[index]
    assert [what for _, what in started] == ["first"] and ahead.busy_with("Ann") == started[0][0]

    ahead.requeue("Ann")  # withdrawn before a worker took it
    assert ahead.busy_with("Ann") is None and ahead.pending and ahead.started_count == 0
    ahead.start_queued(lambda name: True, lambda key, w: started.append((key, w.inputs["what"])))  # type: ignore[index]
    assert [what for _, what in started] == ["first", "first"] and started[1][0] != started[0][0]

    entry = ahead.claim(first)
    assert entry is not None and entry.outcome is None and ahead.claimed_count == 1
    ahead.arrived(OperationOutcome(1, started[1][0], "action_place", "placed", None, 0.5))
    assert entry.outcome is not None and entry.outcome.value == "placed"
    assert ahead.busy_with("Ann") is None
    assert ahead.claim(second) is None, "an entry still queued is dropped: the claimer runs the work itself"
    assert not ahead.pending
