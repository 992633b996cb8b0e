"""A full disk or an unwritable folder stops only what needs it: the response and embedding caches
turn themselves off with one warning and the run goes on; a summary that cannot be written is
printed instead, with the reason; saves keep their behaviour (exit 5, nothing half-written).

The tiny full filesystem is a 256 KiB tmpfs, mounted when the tests run as root (skipped with the
reason otherwise); the other cases need no privileges."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from agents.llm.embedding_cache import CachingEmbedder
from agents.llm.protocol import TokenUsage
from agents.llm.response_cache import CachedAnswer, ResponseCache
from tests.fixtures.model_server import ModelServer

REPO_ROOT = Path(__file__).resolve().parents[2]
TMPFS_SIZE = "256k"


def _mount_tmpfs(folder: Path, options: str) -> str | None:
    """Mount a tmpfs at ``folder``; the reason it cannot be done, or None."""
    if os.name != "posix" or os.geteuid() != 0:
        return "mounting a tiny tmpfs needs root (this test is skipped when not run as root)"
    if shutil.which("mount") is None or shutil.which("umount") is None:
        return "mount/umount are not installed"
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                            capture_output=True, text=True, check=False)
    return None if result.returncode == 0 else f"mount -t tmpfs failed: {result.stderr.strip()}"


def _fill(folder: Path) -> None:
    """Write into ``folder`` until its filesystem is full."""
    try:
        with open(folder / "filler", "wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
    except OSError:
        pass
    try:
        with open(folder / "filler-small", "wb") as handle:  # the last few bytes
            while True:
                handle.write(b"\0")
                handle.flush()
    except OSError:
        pass


@pytest.fixture()
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A mounted, filled 256 KiB tmpfs; unmounted afterwards."""
    folder = tmp_path / "tiny-disk"
    reason = _mount_tmpfs(folder, f"size={TMPFS_SIZE}")
    if reason:
        pytest.skip(reason)
    try:
        (folder / "cache").mkdir()
        (folder / "runs").mkdir()
        _fill(folder)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.fixture()
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder that cannot be written to: a read-only tmpfs as root (root ignores permissions),
    else a folder without write permission."""
    folder = tmp_path / "read-only"
    if os.name == "posix" and os.geteuid() == 0:
        reason = _mount_tmpfs(folder, "size=64k,ro")
        if reason:
            pytest.skip(reason)
        try:
            yield folder
        finally:
            subprocess.run(["umount", str(folder)], check=False)
        return
    folder.mkdir()
    folder.chmod(0o500)
    try:
        yield folder
    finally:
        folder.chmod(0o700)


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SMALLVILLE_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "agents.cli.main", "run", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def _home_with_cache_at(tmp_path: Path, cache_folder: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "cache").symlink_to(cache_folder, target_is_directory=True)
    return home


def _assert_finished_saying_what_it_could_not_write(run: subprocess.CompletedProcess[str], summary: Path) -> None:
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr + run.stdout
    assert "embedding cache" in run.stderr and "is turned off for this run (database or disk is full)" in run.stderr
    assert f"could not write the summary to {summary} (the disk is full)" in run.stderr
    assert '"snapshot_sha256"' in run.stdout and "# Run summary" in run.stdout  # printed instead


def test_an_offline_run_on_a_full_disk_finishes_and_says_what_it_could_not_write(full_disk: Path,
                                                                                 tmp_path: Path) -> None:
    home = _home_with_cache_at(tmp_path, full_disk / "cache")
    summary = full_disk / "runs" / "day.json"
    run = _run(home, "--hours", "0.1", "--model", "offline", "--summary", str(summary))
    _assert_finished_saying_what_it_could_not_write(run, summary)
    assert run.stderr.count("The embedding cache") == 1  # one warning, not one per call
    assert not summary.exists()


def test_a_model_run_on_a_full_disk_turns_the_response_cache_off_once(full_disk: Path, tmp_path: Path) -> None:
    home = _home_with_cache_at(tmp_path, full_disk / "cache")
    summary = full_disk / "runs" / "day.json"
    with ModelServer() as server:
        run = _run(home, "--hours", "0.1", "--model", server.base_url, "--model-name", "m", "--summary", str(summary))
        calls = server.stats.chat_requests
    _assert_finished_saying_what_it_could_not_write(run, summary)
    assert run.stderr.count("The response cache") == 1
    assert "response cache at" in run.stderr and calls > 0


def test_everything_on_a_full_disk_saves_keep_their_exit_code(full_disk: Path) -> None:
    """The whole per-user home on the full disk: the recording and the save fail as before (the save
    with exit 5), the caches turn off, the summary is printed; no traceback anywhere."""
    run = _run(full_disk, "--hours", "0.05", "--model", "offline", "--save", "monday",
               "--summary", str(full_disk / "runs" / "day.json"))
    assert run.returncode == 5, run.stderr[-3000:]
    assert "Traceback" not in run.stderr + run.stdout
    assert "could not save: the disk is full" in run.stderr
    assert "could not write the summary" in run.stderr and "# Run summary" in run.stdout
    assert not list((full_disk / "data").rglob("*.tmp"))


def test_a_summary_into_a_path_under_a_file_is_printed_with_the_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the summary's folder should be")
    summary = blocker / "day.json"
    run = _run(tmp_path / "home", "--hours", "0.02", "--model", "offline", "--no-record", "--summary", str(summary))
    assert run.returncode == 0, run.stderr[-3000:]
    assert f"could not write the summary to {summary} (a part of its folder's path is a file)" in run.stderr
    assert '"snapshot_sha256"' in run.stdout and "Traceback" not in run.stderr


def test_a_cache_folder_that_is_a_file_turns_the_caches_off(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "cache").write_text("a file where the cache folder should be")
    with ModelServer() as server:
        run = _run(home, "--hours", "0.05", "--model", server.base_url, "--model-name", "m", "--no-record")
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    assert run.stderr.count("is turned off for this run (a part of its folder's path is a file") == 2  # both caches


# ----- the caches themselves ---------------------------------------------------------------------------

ANSWER = CachedAnswer("{}", TokenUsage(1, 1))


def test_the_response_cache_under_a_file_misses_and_warns_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "cache").write_text("a file")
    with caplog.at_level(logging.WARNING):
        cache = ResponseCache(tmp_path / "cache" / "llm_cache.sqlite3")
        assert cache.get("k") is None and not cache.put("k", "m", "spec", ANSWER) and len(cache) == 0
        cache.close()
    assert cache.off_reason is not None
    assert sum("is turned off" in record.getMessage() for record in caplog.records) == 1


def test_the_response_cache_in_a_read_only_folder_turns_off(read_only_folder: Path,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        cache = ResponseCache(read_only_folder / "llm_cache.sqlite3")
        assert not cache.put("k", "m", "spec", ANSWER) and cache.get("k") is None
        cache.close()
    assert sum("is turned off" in record.getMessage() for record in caplog.records) == 1


def test_a_corrupt_cache_file_turns_the_cache_off(tmp_path: Path) -> None:
    path = tmp_path / "llm_cache.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    cache = ResponseCache(path)
    assert cache.get("k") is None and not cache.put("k", "m", "spec", ANSWER)
    assert cache.off_reason is not None and "not a database" in cache.off_reason
    cache.close()


def test_a_working_cache_still_stores_and_replays(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "c" / "llm_cache.sqlite3")
    assert cache.put("k", "m", "spec", ANSWER) and cache.get("k") == ANSWER and len(cache) == 1
    assert cache.off_reason is None
    cache.close()


class _CountingEmbedder:
    identity = "counting"
    dimension = 4

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        return np.ones((len(texts), self.dimension), dtype=np.float32)


def test_the_embedding_cache_on_a_full_disk_keeps_embedding(full_disk: Path, caplog: pytest.LogCaptureFixture) -> None:
    inner = _CountingEmbedder()
    with caplog.at_level(logging.WARNING):
        embedder = CachingEmbedder(inner, path=full_disk / "cache" / "embeddings.sqlite3")
        for round_number in range(3):
            vectors = embedder.embed([f"text {round_number}", "same"])
            assert vectors.shape == (2, 4)
        embedder.close()
    assert inner.calls == 3
    assert sum("is turned off" in record.getMessage() for record in caplog.records) == 1


def test_sqlite_really_reports_the_full_disk(full_disk: Path) -> None:
    """The premise of the tests above: SQLite on this tmpfs fails with "database or disk is full"."""
    connection = sqlite3.connect(full_disk / "cache" / "probe.sqlite3")
    with pytest.raises(sqlite3.OperationalError, match="full"):
        connection.execute("CREATE TABLE t (x BLOB)")
        connection.execute("INSERT INTO t VALUES (?)", (b"x" * 100_000,))
        connection.commit()
    connection.close()
