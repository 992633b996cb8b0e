"""Memory stream bookkeeping and numeric tests of the retrieval score."""

from __future__ import annotations

import pickle
from datetime import datetime, timedelta

import numpy as np
import pytest

from agents.cognition.config import RetrievalWeights
from agents.memory.records import MemoryKind
from agents.memory.retrieval import component_scores, min_max, rank, retrieve
from agents.memory.stream import MemoryStream

EPOCH = datetime(2023, 2, 13)
WEIGHTS = RetrievalWeights()


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def stream_of(rows: list[tuple[str, int, float, np.ndarray]]) -> MemoryStream:
    """rows: (description, importance, hours after epoch, embedding)."""
    stream = MemoryStream(3, EPOCH)
    for text, importance, hours, vector in rows:
        stream.add(MemoryKind.OBSERVATION, text, EPOCH + timedelta(hours=hours), importance, vector)
    return stream


def test_ids_are_indices_and_arrays_grow() -> None:
    stream = MemoryStream(3, EPOCH)
    for i in range(200):
        record = stream.add(MemoryKind.OBSERVATION, f"m{i}", EPOCH, 3, unit(1, 0, 0))
        assert record.memory_id == i
    assert stream.embeddings.shape == (200, 3)
    assert stream.importance.tolist() == [3.0] * 200
    assert [r.description for r in stream.latest(2)] == ["m199", "m198"]


def test_latest_of_kinds_reads_the_newest_of_those_kinds_through_adds_pickles_and_copies() -> None:
    stream = MemoryStream(3, EPOCH)
    kinds = [MemoryKind.THOUGHT, MemoryKind.OBSERVATION, MemoryKind.THOUGHT, MemoryKind.REFLECTION] * 50
    for index, kind in enumerate(kinds):
        stream.add(kind, f"m{index}", EPOCH, 3, unit(1, 0, 0))
        if index == 100:  # the index by kind is built here and kept up by the adds that follow
            assert [r.description for r in stream.latest(2, [MemoryKind.OBSERVATION])] == ["m97", "m93"]

    def expected(count: int, wanted: set[MemoryKind]) -> list[str]:
        return [f"m{i}" for i in reversed(range(len(kinds))) if kinds[i] in wanted][:count]

    for source in (stream, pickle.loads(pickle.dumps(stream)), stream.frozen_copy()):
        assert [r.description for r in source.latest(3, [MemoryKind.OBSERVATION])] == expected(3, {MemoryKind.OBSERVATION})
        both = {MemoryKind.OBSERVATION, MemoryKind.REFLECTION}
        assert [r.description for r in source.latest(5, both)] == expected(5, both)
        assert source.latest(4, [MemoryKind.PLAN]) == [] and source.latest(0, both) == []
        assert [r.description for r in source.latest(3)] == ["m199", "m198", "m197"]
    assert "_ids_by_kind" not in pickle.loads(pickle.dumps(stream)).__dict__  # derived, never saved


def test_importance_is_clamped_and_rescored() -> None:
    stream = MemoryStream(3, EPOCH)
    stream.add(MemoryKind.OBSERVATION, "x", EPOCH, 42, unit(1, 0, 0))
    assert stream[0].importance == 10
    stream.set_importance(0, 0)
    assert stream[0].importance == 1 and stream.importance[0] == 1.0


def test_min_max_of_constant_is_zero() -> None:
    assert min_max(np.array([2.0, 2.0])).tolist() == [0.0, 0.0]
    assert min_max(np.array([1.0, 3.0, 2.0])).tolist() == [0.0, 1.0, 0.5]


def test_recency_is_decay_power_of_hours_since_access() -> None:
    stream = stream_of([("old", 5, 0, unit(1, 0, 0)), ("mid", 5, 10, unit(1, 0, 0)), ("new", 5, 20, unit(1, 0, 0))])
    recency, importance, relevance = component_scores(stream, unit(1, 0, 0), EPOCH + timedelta(hours=20), 0.995)
    raw = np.array([0.995**20, 0.995**10, 1.0])
    assert recency == pytest.approx((raw - raw.min()) / (raw.max() - raw.min()))
    assert importance.tolist() == [0, 0, 0] and relevance.tolist() == [0, 0, 0]


def test_ordering_follows_each_component() -> None:
    now = EPOCH + timedelta(hours=50)
    query = unit(1, 0, 0)
    # Recency alone decides: the newest wins.
    stream = stream_of([("a", 5, 0, unit(0, 1, 0)), ("b", 5, 40, unit(0, 1, 0))])
    assert [s.record.description for s in rank(stream, query, now, count=2, weights=WEIGHTS, decay_per_hour=0.995)] == ["b", "a"]
    # Importance beats a small recency gap.
    stream = stream_of([("a", 9, 0, unit(0, 1, 0)), ("b", 2, 40, unit(0, 1, 0)), ("c", 5, 20, unit(0, 1, 0))])
    ranked = rank(stream, query, now, count=3, weights=RetrievalWeights(1, 2, 1), decay_per_hour=0.995)
    assert ranked[0].record.description == "a"
    # Relevance: the memory pointing along the query wins when recency/importance tie.
    stream = stream_of([("far", 5, 10, unit(0, 1, 0)), ("near", 5, 10, unit(1, 0.1, 0))])
    assert rank(stream, query, now, count=1, weights=WEIGHTS, decay_per_hour=0.995)[0].record.description == "near"


def test_score_is_weighted_sum_of_normalised_components() -> None:
    now = EPOCH + timedelta(hours=30)
    stream = stream_of([("a", 1, 0, unit(1, 0, 0)), ("b", 10, 10, unit(0, 1, 0)), ("c", 4, 30, unit(1, 1, 0))])
    weights = RetrievalWeights(0.5, 2.0, 1.5)
    ranked = rank(stream, unit(1, 0, 0), now, count=3, weights=weights, decay_per_hour=0.995)
    for scored in ranked:
        expected = 0.5 * scored.recency + 2.0 * scored.importance + 1.5 * scored.relevance
        assert scored.score == pytest.approx(expected)
    by_name = {s.record.description: s for s in ranked}
    assert by_name["a"].relevance == pytest.approx(1.0) and by_name["b"].relevance == pytest.approx(0.0)
    assert by_name["b"].importance == pytest.approx(1.0) and by_name["a"].importance == pytest.approx(0.0)
    assert by_name["c"].recency == pytest.approx(1.0) and by_name["a"].recency == pytest.approx(0.0)


def test_changing_one_component_flips_the_order() -> None:
    now = EPOCH + timedelta(hours=100)
    query = unit(1, 0, 0)
    base = [("x", 5, 0, unit(1, 0, 0)), ("y", 5, 100, unit(0, 1, 0))]
    # x: relevant but old; y: recent but irrelevant -> tie broken by newer (y).
    names = lambda s: [m.record.description for m in rank(s, query, now, count=2, weights=WEIGHTS, decay_per_hour=0.995)]
    assert names(stream_of(base)) == ["y", "x"]
    # Make x important: x wins.
    assert names(stream_of([("x", 8, 0, unit(1, 0, 0)), ("y", 5, 100, unit(0, 1, 0))])) == ["x", "y"]
    # Weight relevance up: x wins again with equal importance.
    ranked = rank(stream_of(base), query, now, count=2, weights=RetrievalWeights(1, 1, 2), decay_per_hour=0.995)
    assert ranked[0].record.description == "x"


def test_retrieve_touches_top_k_and_changes_later_recency() -> None:
    now = EPOCH + timedelta(hours=100)
    stream = stream_of([("x", 5, 0, unit(1, 0, 0)), ("y", 5, 50, unit(0, 1, 0)), ("z", 5, 60, unit(0, 0, 1))])
    found = retrieve(stream, unit(1, 0, 0), now, count=1, weights=RetrievalWeights(0, 0, 1), decay_per_hour=0.995)
    assert [r.description for r in found] == ["x"]
    assert stream.last_access_of(0) == now
    assert stream.last_access_of(1) == EPOCH + timedelta(hours=50)
    # x is now the most recently accessed: with recency alone it comes first.
    ranked = rank(stream, unit(0, 0, 1), now, count=3, weights=RetrievalWeights(1, 0, 0), decay_per_hour=0.995)
    assert ranked[0].record.description == "x"


def test_kind_filter_and_pickle_round_trip() -> None:
    stream = stream_of([("o", 5, 0, unit(1, 0, 0))])
    stream.add(MemoryKind.REFLECTION, "r", EPOCH, 7, unit(1, 0, 0), evidence_ids=[0])
    only = rank(stream, unit(1, 0, 0), EPOCH, count=5, weights=WEIGHTS, decay_per_hour=0.995, kinds=[MemoryKind.REFLECTION])
    assert [s.record.description for s in only] == ["r"] and only[0].record.evidence_ids == (0,)
    copy = pickle.loads(pickle.dumps(stream))
    assert copy.records() == stream.records()
    assert np.array_equal(copy.embeddings, stream.embeddings)
