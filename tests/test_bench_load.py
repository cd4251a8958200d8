"""The store-load benchmark's count of the store's background threads, read from made-up
``/proc/self/task`` entries."""
from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_load  # noqa: E402 - lives in benchmarks/, not in the package

TICKS = os.sysconf("SC_CLK_TCK")


def task(tasks: Path, tid: int, name: str, utime: int, stime: int) -> None:
    folder = tasks / str(tid)
    folder.mkdir(parents=True)
    # fields 3 to 13 before utime (14) and stime (15), then a few more
    fields = ["S", "1", "1", "1", "0", "-1", "4194368", "10", "0", "0", "0", str(utime), str(stime), "0", "0", "20"]
    (folder / "stat").write_text(f"{tid} ({name}) {' '.join(fields)}\n")


def test_only_the_threads_named_for_the_store_are_counted_user_and_system_time_both(tmp_path):
    task(tmp_path, 10, "python3", 5 * TICKS, 1 * TICKS)
    task(tmp_path, 11, "rocksdb:low", 2 * TICKS, 1 * TICKS)
    task(tmp_path, 12, "rocksdb:high", 0, TICKS // 2)
    task(tmp_path, 13, "a (rocksdb:low) ", 7 * TICKS, 0)  # named otherwise, with parentheses and spaces
    (tmp_path / "14").mkdir()  # a thread that ended between the listing and the read
    assert bench_load.background_cpu(tmp_path) == 3 + (TICKS // 2) / TICKS


def test_no_such_folder_counts_nothing(tmp_path):
    assert bench_load.background_cpu(tmp_path / "none") == 0
