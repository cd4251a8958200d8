"""The instruction-count benchmark: the build's own process told from its workers, every count
summed, a process without one refused."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_instructions  # noqa: E402 - lives in benchmarks/, not in the package

ENDED = """=={pid}== Callgrind, a call-graph generating cache profiler
=={pid}== Command: python -m kg build corpus --jobs 2
=={pid}== Parent PID: {parent}
=={pid}==
=={pid}== Events    : Ir
=={pid}== Collected : {n}
=={pid}==
=={pid}== I   refs:      {n:,}
"""


def log(folder: Path, pid: int, parent: int, n: int | None) -> None:
    text = ENDED.format(pid=pid, parent=parent, n=n if n is not None else 0)
    (folder / f"{pid}.log").write_text(text if n is not None else text.split("== Events")[0])


def test_the_build_is_the_process_the_others_came_from_and_every_count_is_summed(tmp_path):
    log(tmp_path, 120, 118, 1_200_000)  # the workers of 118, logged first
    log(tmp_path, 121, 118, 34)
    log(tmp_path, 118, 7, 5_000)  # started by the benchmark, which is not logged
    (tmp_path / "notes.txt").write_text(ENDED.format(pid=9, parent=1, n=99))  # not a log
    assert bench_instructions.instructions_in(tmp_path) == (5_000, 1_205_034, 3)


def test_a_process_that_did_not_end_is_an_error_naming_its_log(tmp_path):
    log(tmp_path, 101, 7, 5)
    log(tmp_path, 102, 101, None)
    with pytest.raises(RuntimeError, match=r"102\.log: 0 counts"):
        bench_instructions.instructions_in(tmp_path)


def test_two_processes_started_from_outside_are_an_error(tmp_path):
    log(tmp_path, 101, 7, 5)
    log(tmp_path, 102, 8, 5)
    with pytest.raises(RuntimeError, match="2 processes started by none of the others"):
        bench_instructions.instructions_in(tmp_path)


def test_no_log_at_all_is_an_error(tmp_path):
    with pytest.raises(RuntimeError, match="no callgrind log"):
        bench_instructions.instructions_in(tmp_path)


def test_the_table_gives_each_tree_against_the_first():
    counted = [bench_instructions.Counted(Path("/old"), "abc1234", 100, 3, 20_000_000_000, 30_000_000_000, "e8" * 32),
               bench_instructions.Counted(Path("/new"), "def5678+changes", 100, 3, 19_000_000_000, 27_000_000_000,
                                          "e8" * 32)]
    rows = bench_instructions.table(counted).splitlines()
    assert rows[2] == "| /old | abc1234 | 100 | 3 | 20,000M | +0.0% | 30,000M | 300.0M | +0.0% | e8e8e8e8e8e8e8e8 |"
    assert rows[3] == ("| /new | def5678+changes | 100 | 3 | 19,000M | -5.0% | 27,000M | 270.0M | -10.0% "
                       "| e8e8e8e8e8e8e8e8 |")
