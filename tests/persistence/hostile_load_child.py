"""The child process of ``test_hostile_saves.py``: loads each save file it is given, one after the
other, and prints one JSON line per file: how the load ended, its message, and how far the process's
peak memory (``ru_maxrss``) rose while loading it. Then it lists the saves folder and loads the good
slots, printing their snapshot hashes.

Memory: a file's rise is the process's peak resident set while loading it less its resident set
just before (Linux: the peak, ``VmHWM`` in ``/proc/self/status``, is reset to the current resident set
by writing 5 to ``/proc/self/clear_refs`` before each load; ``ru_maxrss`` cannot be reset, and in a
child it starts from the parent's size). Where the reset is not allowed the rise is reported as
None. As a safety net (a loader that did read ``/dev/zero`` to the end must not
take the machine with it), the address space is capped with ``RLIMIT_AS``; the test sees a
MemoryError as a failure anyway.

    python hostile_load_child.py SAVES_DIR GOOD_SLOT[,GOOD_SLOT...] FILE [FILE...]
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

ADDRESS_SPACE_CAP_BYTES = 3 * 1024**3


def status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def reset_peak() -> bool:
    """Reset the peak resident set to the current one; False where the kernel does not allow it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


class Rise:
    """How far the resident set rose above where it was when made (None: not measurable here)."""

    def __init__(self) -> None:
        self.measurable = reset_peak()
        self.start_kib = status_kib("VmRSS")

    def kib(self) -> int | None:
        return status_kib("VmHWM") - self.start_kib if self.measurable else None


def report(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


def main(saves_dir: Path, good_slots: list[str], files: list[Path]) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP_BYTES, ADDRESS_SPACE_CAP_BYTES))
    from agents.persistence.errors import SaveSlotError
    from agents.persistence.save_slots import list_slots, load_slot

    report(started=True, resident_kib=status_kib("VmRSS"))
    for path in files:
        report(loading=path.name)  # so a crash names the file it happened on
        rise = Rise()
        try:
            load_slot(path, saves_dir)
            outcome, message = "loaded", ""
        except SaveSlotError as error:
            outcome, message = "SaveSlotError", str(error)
        except BaseException as error:  # noqa: BLE001 - the test reports whatever escaped
            outcome, message = type(error).__name__, str(error)[:2000]
        report(file=path.name, outcome=outcome, message=message, rise_kib=rise.kib())
    listing = list_slots(saves_dir)
    report(listed=[entry.slot for entry in listing.slots], problems=[problem.path.name for problem in listing.problems])
    for slot in good_slots:
        rise = Rise()
        loaded = load_slot(slot, saves_dir)
        report(good=slot, snapshot=loaded.simulation.snapshot_sha256(), rise_kib=rise.kib())


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2].split(","), [Path(name) for name in sys.argv[3:]])
