"""``agents.atomic_write``: bytes and text go through one write-fsync-replace; a failure at any point
leaves the old file as it was and no temporary file behind."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from agents.atomic_write import write_bytes_atomically, write_text_atomically


def test_bytes_and_text_are_written_exactly(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "file"
    write_bytes_atomically(target, b"\x00\xff\r\n")
    assert target.read_bytes() == b"\x00\xff\r\n"
    write_text_atomically(target, "Grüße\nline two\n")
    assert target.read_bytes() == "Grüße\nline two\n".encode()  # UTF-8, newlines as given
    assert os.listdir(target.parent) == ["file"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
@pytest.mark.parametrize("write", [lambda p: write_bytes_atomically(p, b"new"), lambda p: write_text_atomically(p, "new")])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(failing: str, write: Callable[[Path], None],
                                                                  tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "file"
    target.write_bytes(b"old")

    def full_disk(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, failing, full_disk)
    with pytest.raises(OSError) as caught:
        write(target)
    monkeypatch.undo()
    assert caught.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["file"]
