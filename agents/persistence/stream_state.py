"""A memory stream in a save: its records as columns, its arrays as plain bytes.

Pickling a stream record by record costs a Python call per record (about half of a save's capture
time for 25 residents); here the records are columns instead: the kinds as small codes, the
creation times as microseconds since the stream's epoch, every text (description, subject,
predicate, object) joined into one string with its lengths, the evidence ids flat with a count per
record, the sources (format 2) as a channel code per record (0: none) with their times, and the
speaker and listener of those that have one joined into one string with its lengths. :class:`StreamColumns` keeps those columns on the stream between saves and only appends the
records added since (records are only appended, or replaced by ``set_importance`` with another
importance, which the columns do not hold: a record's importance is its row of the importance
array), so a capture costs little more than copying bytes.

:func:`stream_state` makes the state a stream is pickled as (the dict below) and
:func:`restore_stream_parts` checks one and rebuilds the stream's parts from it, raising
:class:`~agents.persistence.array_codec.BadSavedState` naming the field that does not check out::

    {"format": 2, "embedding_dimension": D, "epoch": datetime, "count": N,
     "kind_values": ("observation", ...), "kinds": u1[N], "created_at_us": i8[N],
     "text": str, "text_lengths": i8[4N], "evidence_counts": i8[N], "evidence_ids": i8[sum],
     "importance": f8[N], "last_access_hours": f8[N], "embeddings": f4[N, D],
     "source_channel_values": ("conversation", "whisper"), "source_codes": u1[N],
     "source_at_us": i8[N], "source_text": str, "source_text_lengths": i8[2S]}

where S is the number of records with a source (code above 0). A format 1 state (saved before
memories had sources) has none of the ``source_`` keys, and its records no source.
"""

from __future__ import annotations

import operator
from array import array
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

from agents.memory.records import SOURCE_CHANNELS, MemoryKind, MemoryRecord, MemorySource
from agents.persistence.array_codec import BadSavedState, decode_array, encode_array, shown

STREAM_STATE_FORMAT = 2
OLDEST_STREAM_STATE_FORMAT = 1  # the oldest format still read (its records have no source)
MAX_EMBEDDING_DIMENSION = 65_536
KIND_VALUES: tuple[str, ...] = tuple(kind.value for kind in MemoryKind)

_FORMAT_1_KEYS = frozenset({"format", "embedding_dimension", "epoch", "count", "kind_values", "kinds", "created_at_us",
                            "text", "text_lengths", "evidence_counts", "evidence_ids", "importance",
                            "last_access_hours", "embeddings"})
_SOURCE_KEYS = frozenset({"source_channel_values", "source_codes", "source_at_us", "source_text",
                          "source_text_lengths"})
_STATE_KEYS = {1: _FORMAT_1_KEYS, 2: _FORMAT_1_KEYS | _SOURCE_KEYS}  # by format
_CHANNEL_CODES = {channel: code for code, channel in enumerate(SOURCE_CHANNELS, start=1)}  # 0: no source
_KIND_CODES = {kind: code for code, kind in enumerate(MemoryKind)}
_MICROSECOND = timedelta(microseconds=1)
_TEXTS_PER_RECORD = 4  # description, subject, predicate, object
_FIELD = "MemoryStream"


class StreamColumns:
    """The records ``[0, len(self.encoded))`` of one stream as columns (see the module docstring)."""

    def __init__(self, epoch: datetime) -> None:
        self.epoch = epoch
        self._clear()

    def _clear(self) -> None:
        self.encoded: list[MemoryRecord] = []  # the record objects the columns were made from
        self.kinds = bytearray()
        self.created_us = array("q")
        self.texts: list[str] = []
        self.text_lengths = array("q")
        self.evidence_counts = array("q")
        self.evidence_ids = array("q")
        self.source_codes = bytearray()
        self.source_at_us = array("q")
        self.source_texts: list[str] = []
        self.source_text_lengths = array("q")

    def catch_up(self, records: list[MemoryRecord], importance: npt.NDArray[np.float64]) -> None:
        """Bring the columns up to ``records`` (the stream's list; ``importance`` its array)."""
        encoded = self.encoded
        if len(encoded) > len(records):
            self._clear()
        elif not all(map(operator.is_, encoded, records)):
            for index, (old, new) in enumerate(zip(encoded, records)):
                if old is not new:
                    if not _same_but_importance(old, new):
                        self._clear()
                        break
                    _check_importance(new, importance)
                    encoded[index] = new
        for record in records[len(self.encoded):]:
            self._append(record, importance)

    def _append(self, record: MemoryRecord, importance: npt.NDArray[np.float64]) -> None:
        index = len(self.encoded)
        if record.memory_id != index:
            raise ValueError(f"memory record {record.memory_id} is at index {index} of its stream")
        _check_importance(record, importance)
        texts = (record.description, record.subject, record.predicate, record.object)
        self.encoded.append(record)
        self.kinds.append(_KIND_CODES[record.kind])
        self.created_us.append((record.created_at - self.epoch) // _MICROSECOND)
        self.texts.extend(texts)
        self.text_lengths.extend(len(text) for text in texts)
        self.evidence_counts.append(len(record.evidence_ids))
        self.evidence_ids.extend(record.evidence_ids)
        source = record.source
        if source is None:
            self.source_codes.append(0)
            self.source_at_us.append(0)
        else:
            self.source_codes.append(_CHANNEL_CODES[source.channel])
            self.source_at_us.append((source.at - self.epoch) // _MICROSECOND)
            self.source_texts.extend((source.speaker, source.listener))
            self.source_text_lengths.extend((len(source.speaker), len(source.listener)))


@dataclass(frozen=True)
class StreamParts:
    """What a stream is rebuilt from (checked): its records and the live rows of its arrays."""

    embedding_dimension: int
    epoch: datetime
    records: list[MemoryRecord]
    embeddings: npt.NDArray[np.float32]
    importance: npt.NDArray[np.float64]
    last_access_hours: npt.NDArray[np.float64]


def stream_state(columns: StreamColumns, embedding_dimension: int, records: list[MemoryRecord],
                 embeddings: npt.NDArray[np.float32], importance: npt.NDArray[np.float64],
                 last_access_hours: npt.NDArray[np.float64], *, zero_copy: bool) -> dict[str, object]:
    """The state a stream is pickled as (``columns`` is caught up first; the arrays may be longer
    than the records: their first ``len(records)`` rows are saved). ``zero_copy``: see
    :func:`~agents.persistence.array_codec.encode_array`."""
    columns.catch_up(records, importance)
    count = len(records)
    return {
        "format": STREAM_STATE_FORMAT,
        "embedding_dimension": embedding_dimension,
        "epoch": columns.epoch,
        "count": count,
        "kind_values": KIND_VALUES,
        "kinds": encode_array(np.frombuffer(columns.kinds, dtype=np.uint8)),
        "created_at_us": encode_array(np.frombuffer(columns.created_us, dtype=np.int64)),
        "text": "".join(columns.texts),
        "text_lengths": encode_array(np.frombuffer(columns.text_lengths, dtype=np.int64)),
        "evidence_counts": encode_array(np.frombuffer(columns.evidence_counts, dtype=np.int64)),
        "evidence_ids": encode_array(np.frombuffer(columns.evidence_ids, dtype=np.int64)),
        "importance": encode_array(importance[:count]),
        "last_access_hours": encode_array(last_access_hours[:count]),
        "embeddings": encode_array(embeddings[:count], zero_copy=zero_copy),
        "source_channel_values": SOURCE_CHANNELS,
        "source_codes": encode_array(np.frombuffer(columns.source_codes, dtype=np.uint8)),
        "source_at_us": encode_array(np.frombuffer(columns.source_at_us, dtype=np.int64)),
        "source_text": "".join(columns.source_texts),
        "source_text_lengths": encode_array(np.frombuffer(columns.source_text_lengths, dtype=np.int64)),
    }


def restore_stream_parts(state: object) -> StreamParts:
    """Check a state made by :func:`stream_state` and rebuild the stream's parts from it."""
    if type(state) is not dict or type(state.get("format")) is not int or state["format"] not in _STATE_KEYS:
        found = shown(state.get("format")) if type(state) is dict else type(state).__name__
        raise BadSavedState(f"{_FIELD}.format", f"should be {OLDEST_STREAM_STATE_FORMAT} to {STREAM_STATE_FORMAT}, "
                                                f"found {found}")
    keys = _STATE_KEYS[state["format"]]
    if set(state) != keys:
        found = sorted(shown(key) for key in state)
        raise BadSavedState(_FIELD, f"should be a saved stream of format {state['format']} with keys {sorted(keys)}, "
                                    f"found {found}")
    dimension, epoch, count = state["embedding_dimension"], state["epoch"], state["count"]
    if type(dimension) is not int or not 1 <= dimension <= MAX_EMBEDDING_DIMENSION:
        raise BadSavedState(f"{_FIELD}.embedding_dimension", f"should be a whole number from 1 to "
                                                             f"{MAX_EMBEDDING_DIMENSION}, found {shown(dimension)}")
    if type(epoch) is not datetime:
        raise BadSavedState(f"{_FIELD}.epoch", f"should be a date and time, found a {type(epoch).__name__}")
    if type(count) is not int or count < 0:
        raise BadSavedState(f"{_FIELD}.count", f"should be a whole number from 0, found {shown(count)}")
    kinds = _kinds(state["kind_values"], _array(state, "kinds", "|u1", count))
    created_us = _array(state, "created_at_us", "<i8", count)
    texts = _texts(state["text"], _array(state, "text_lengths", "<i8", _TEXTS_PER_RECORD * count))
    evidence = _evidence(_array(state, "evidence_counts", "<i8", count), state["evidence_ids"], count)
    importance = _array(state, "importance", "<f8", count)
    last_access = _array(state, "last_access_hours", "<f8", count)
    embeddings = decode_array(state["embeddings"], f"{_FIELD}.embeddings", dtypes="<f4", shape=(count, dimension))
    _check_values(importance, last_access, embeddings)
    sources = _sources(state, epoch, count) if state["format"] >= 2 else [None] * count
    records = _make_records(kinds, texts, _times(epoch, created_us), importance.astype(np.int64).tolist(), evidence,
                            sources)
    return StreamParts(embedding_dimension=dimension, epoch=epoch, records=records,
                       embeddings=_writable(embeddings), importance=importance.copy(),
                       last_access_hours=last_access.copy())


# -- rebuilding ------------------------------------------------------------------------------------

_RECORD_FIELDS = ("memory_id", "kind", "description", "created_at", "importance", "subject", "predicate", "object",
                  "evidence_ids", "source")
if tuple(spec.name for spec in fields(MemoryRecord)) != _RECORD_FIELDS:  # a field would be lost in saves
    raise RuntimeError(f"agents.persistence.stream_state saves the memory record fields {_RECORD_FIELDS}, but "
                       f"MemoryRecord has {tuple(spec.name for spec in fields(MemoryRecord))}: save the new ones too")
_SLOT_SETTERS = (tuple(MemoryRecord.__dict__[name].__set__ for name in _RECORD_FIELDS)
                 if "__slots__" in MemoryRecord.__dict__ else None)


def _make_records(kinds: list[MemoryKind], texts: list[str], times: list[datetime], importance: list[int],
                  evidence: list[tuple[int, ...]], sources: list[MemorySource | None]) -> list[MemoryRecord]:
    """The records, made field by field through their slots (about three times faster than the
    frozen dataclass's ``__init__``; the values are checked already)."""
    if _SLOT_SETTERS is None:  # a MemoryRecord without slots: its constructor, slower
        return [MemoryRecord(index, kinds[index], texts[4 * index], times[index], importance[index],
                             *texts[4 * index + 1:4 * index + 4], evidence_ids=evidence[index], source=sources[index])
                for index in range(len(kinds))]
    set_id, set_kind, set_description, set_time, set_importance, set_subject, set_predicate, set_object, \
        set_evidence, set_source = _SLOT_SETTERS
    new = object.__new__
    records: list[MemoryRecord] = []
    for index, kind in enumerate(kinds):
        record = new(MemoryRecord)
        set_id(record, index)
        set_kind(record, kind)
        at = 4 * index
        set_description(record, texts[at])
        set_subject(record, texts[at + 1])
        set_predicate(record, texts[at + 2])
        set_object(record, texts[at + 3])
        set_time(record, times[index])
        set_importance(record, importance[index])
        set_evidence(record, evidence[index])
        set_source(record, sources[index])
        records.append(record)
    return records


def _sources(state: dict[str, object], epoch: datetime, count: int) -> list[MemorySource | None]:
    """The records' sources from a format 2 state's ``source_`` columns (checked)."""
    channel_values = state["source_channel_values"]
    if (type(channel_values) is not tuple or not all(type(value) is str for value in channel_values)
            or not set(channel_values) <= set(SOURCE_CHANNELS)):
        raise BadSavedState(f"{_FIELD}.source_channel_values", f"should be a tuple of channels from {SOURCE_CHANNELS}")
    codes = _array(state, "source_codes", "|u1", count)
    if codes.size and int(codes.max()) > len(channel_values):
        raise BadSavedState(f"{_FIELD}.source_codes", f"holds a code {int(codes.max())} past the "
                                                      f"{len(channel_values)} channels named")
    with_source = int(np.count_nonzero(codes))
    times = _times(epoch, _array(state, "source_at_us", "<i8", count), "source_at_us")
    names = _texts(state["source_text"], _array(state, "source_text_lengths", "<i8", 2 * with_source),
                   "source_text")
    sources: list[MemorySource | None] = []
    at = 0
    for code, time in zip(codes.tolist(), times, strict=True):
        if code:
            sources.append(MemorySource(channel_values[code - 1], names[at], names[at + 1], time))
            at += 2
        else:
            sources.append(None)
    return sources


def _times(epoch: datetime, created_us: npt.NDArray[np.generic], key: str = "created_at_us") -> list[datetime]:
    """``epoch`` plus each count of microseconds (numpy's datetime64 does the sums for a naive epoch)."""
    try:
        if epoch.tzinfo is None:
            stamps = np.datetime64(epoch, "us") + created_us.astype("timedelta64[us]")
            found: list[datetime] = stamps.astype(object).tolist()
            if all(type(stamp) is datetime for stamp in found):  # numpy gives ints past year 9999
                return found
            raise OverflowError("a time past the calendar")
        return [epoch + timedelta(microseconds=us) for us in created_us.tolist()]
    except (OverflowError, ValueError) as error:
        raise BadSavedState(f"{_FIELD}.{key}", "holds a time outside the calendar") from error


# -- checks ----------------------------------------------------------------------------------------


def _same_but_importance(old: MemoryRecord, new: MemoryRecord) -> bool:
    return (old.memory_id == new.memory_id and old.kind is new.kind and old.description == new.description
            and old.created_at == new.created_at and old.triple == new.triple and old.evidence_ids == new.evidence_ids
            and old.source == new.source)


def _check_importance(record: MemoryRecord, importance: npt.NDArray[np.float64]) -> None:
    if float(importance[record.memory_id]) != record.importance:
        raise ValueError(f"memory record {record.memory_id} has importance {record.importance} but its stream's "
                         f"importance array {float(importance[record.memory_id])}")


def _array(state: dict[str, object], key: str, dtype: str, length: int) -> npt.NDArray[np.generic]:
    return decode_array(state[key], f"{_FIELD}.{key}", dtypes=dtype, shape=(length,))


def _kinds(kind_values: object, codes: npt.NDArray[np.generic]) -> list[MemoryKind]:
    field = f"{_FIELD}.kind_values"
    if type(kind_values) is not tuple or not all(type(value) is str for value in kind_values):
        raise BadSavedState(field, "should be a tuple of memory kind names")
    try:
        table = [MemoryKind(value) for value in kind_values]
    except ValueError as error:
        raise BadSavedState(field, f"names a memory kind this version does not have ({error})") from error
    if codes.size and int(codes.max()) >= len(table):
        raise BadSavedState(f"{_FIELD}.kinds", f"holds a code {int(codes.max())} past the {len(table)} kinds named")
    return [table[code] for code in codes.tolist()]


def _texts(text: object, lengths: npt.NDArray[np.generic], key: str = "text") -> list[str]:
    if type(text) is not str:
        raise BadSavedState(f"{_FIELD}.{key}", f"should be a string, found a {type(text).__name__}")
    if lengths.size and (int(lengths.min()) < 0 or int(lengths.max()) > len(text)):
        raise BadSavedState(f"{_FIELD}.{key}_lengths", "holds a length below 0 or past the text")
    ends = np.cumsum(lengths, dtype=np.int64)  # no overflow: each length is at most the text's
    if (int(ends[-1]) if ends.size else 0) != len(text):
        raise BadSavedState(f"{_FIELD}.{key}_lengths", f"add up to {int(ends[-1]) if ends.size else 0} characters "
                                                       f"but the text has {len(text)}")
    bounds = ends.tolist()
    starts = [0, *bounds[:-1]] if bounds else []
    return [text[start:end] for start, end in zip(starts, bounds, strict=True)]


def _evidence(counts: npt.NDArray[np.generic], saved_ids: object, count: int) -> list[tuple[int, ...]]:
    ids = decode_array(saved_ids, f"{_FIELD}.evidence_ids", dtypes="<i8", ndim=1)
    if counts.size and (int(counts.min()) < 0 or int(counts.max()) > ids.size):
        raise BadSavedState(f"{_FIELD}.evidence_counts", "holds a count below 0 or past the evidence ids saved")
    total = int(counts.sum()) if counts.size else 0  # no overflow: each count is at most ids.size
    if total != ids.size:
        raise BadSavedState(f"{_FIELD}.evidence_counts", f"add up to {total} ids but {ids.size} are saved")
    if ids.size and (int(ids.min()) < 0 or int(ids.max()) >= count):
        raise BadSavedState(f"{_FIELD}.evidence_ids", f"names a memory outside the stream's {count} records")
    flat = ids.tolist()
    found: list[tuple[int, ...]] = []
    start = 0
    for size in counts.tolist():
        found.append(tuple(flat[start:start + size]) if size else ())
        start += size
    return found


def _check_values(importance: npt.NDArray[np.generic], last_access: npt.NDArray[np.generic],
                  embeddings: npt.NDArray[np.generic]) -> None:
    if importance.size and not (np.all(importance >= 1) and np.all(importance <= 10)
                                and np.all(importance == np.floor(importance))):
        raise BadSavedState(f"{_FIELD}.importance", "holds a value that is not a whole number from 1 to 10")
    if not np.all(np.isfinite(last_access)):
        raise BadSavedState(f"{_FIELD}.last_access_hours", "holds a value that is not a finite number")
    if not np.all(np.isfinite(embeddings)):
        raise BadSavedState(f"{_FIELD}.embeddings", "holds a value that is not a finite number")


def _writable(embeddings: npt.NDArray[np.generic]) -> npt.NDArray[np.float32]:
    """The rows as a float32 array the stream may grow from (a view of a bytearray is kept as is)."""
    rows: npt.NDArray[np.float32] = embeddings if embeddings.flags.writeable else embeddings.copy()
    return rows
