"""A headless run against a remote model ends with its summary: the work asked ahead that is still in
flight when the run ends is withdrawn or finished before the model client closes, so nothing after
the summary is a traceback. The command runs as its own process, as a user runs it, against the test
server in another process (answers take long enough for background work to be in flight at the end)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVER_SCRIPT = """
import sys, time
from tests.fixtures.model_server import ModelServer
server = ModelServer(latency_seconds=float(sys.argv[1])).start()
print(server.port, flush=True)
sys.stdin.read()  # serve until the test closes our stdin
server.stop()
"""


@pytest.fixture()
def slow_server_url() -> Iterator[str]:
    server = subprocess.Popen([sys.executable, "-c", SERVER_SCRIPT, "0.5"], cwd=REPO_ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        assert server.stdin is not None
        server.stdin.close()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_a_remote_run_ends_with_its_summary_and_no_traceback(slow_server_url: str, tmp_path: Path) -> None:
    summary = tmp_path / "run.json"
    result = subprocess.run(
        [sys.executable, "-m", "agents.cli.main", "run", "--hours", "1", "--model", slow_server_url,
         "--model-name", "smallville-test-model", "--summary", str(summary)],
        check=False, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "client has been closed" not in result.stderr
    assert "ERROR" not in result.stderr, result.stderr[-3000:]
    printed = [line for line in result.stdout.splitlines() if line.strip()]
    written = [line for line in summary.with_suffix(".md").read_text().splitlines() if line.strip()]
    assert printed and printed[-1] == written[-1], "something was printed after the run's summary"
