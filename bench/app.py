"""Benchmark of the built app: build time, bundle size, and time from start to first frame.

Builds the onedir app with PyInstaller (``build.spec``) into a temporary folder, measures the
bundle's size on disk, then starts the built binary 5 times with ``--screenshot`` (headless: start,
load the world, draw the first frame, write it, exit) and prints the median wall time.

    python bench/app.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def folder_size_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        dist, work = Path(scratch) / "dist", Path(scratch) / "build"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                        "--distpath", str(dist), "--workpath", str(work), str(ROOT / "build.spec")],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        build_seconds = time.perf_counter() - started
        app = dist / "Smallville"
        binary = app / ("Smallville.exe" if sys.platform == "win32" else "Smallville")
        size_mb = folder_size_bytes(app) / 1e6
        env = {**os.environ, "SMALLVILLE_HOME": str(Path(scratch) / "home")}
        first_frame_seconds = []
        for run in range(args.runs):
            shot = Path(scratch) / f"first-{run}.png"
            began = time.perf_counter()
            subprocess.run([str(binary), "--screenshot", str(shot)], check=True, env=env, stdout=subprocess.DEVNULL)
            first_frame_seconds.append(time.perf_counter() - began)
            assert shot.is_file(), "the app did not write its first frame"
    print(f"build (pyinstaller --clean, onedir): {build_seconds:6.1f} s")
    print(f"bundle size (dist/Smallville):        {size_mb:6.1f} MB")
    print(f"start to first frame, median of {args.runs}:   {statistics.median(first_frame_seconds):6.2f} s "
          f"(min {min(first_frame_seconds):.2f}, max {max(first_frame_seconds):.2f}; process start to PNG written)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
