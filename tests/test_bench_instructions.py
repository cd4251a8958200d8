"""The instruction-count benchmark: the counts of every process summed, a process without one refused."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_instructions  # noqa: E402 - lives in benchmarks/, not in the package

ENDED = """==101== Callgrind, a call-graph generating cache profiler
==101== Events    : Ir
==101== Collected : {n}
==101==
==101== I   refs:      {n:,}
"""


def test_the_counts_of_every_process_are_summed(tmp_path):
    (tmp_path / "101.log").write_text(ENDED.format(n=1_200_000))
    (tmp_path / "102.log").write_text(ENDED.format(n=34))
    (tmp_path / "notes.txt").write_text(ENDED.format(n=99))  # not a log
    assert bench_instructions.instructions_in(tmp_path) == (1_200_034, 2)


def test_a_process_that_did_not_end_is_an_error_naming_its_log(tmp_path):
    (tmp_path / "101.log").write_text(ENDED.format(n=5))
    (tmp_path / "102.log").write_text("==102== Callgrind, a call-graph generating cache profiler\n")
    with pytest.raises(RuntimeError, match=r"102\.log: 0 counts"):
        bench_instructions.instructions_in(tmp_path)


def test_no_log_at_all_is_an_error(tmp_path):
    with pytest.raises(RuntimeError, match="no callgrind log"):
        bench_instructions.instructions_in(tmp_path)


def test_the_table_gives_each_tree_against_the_first():
    counted = [bench_instructions.Counted(Path("/old"), "abc1234", 100, 1, 30_000_000_000, "e8" * 32),
               bench_instructions.Counted(Path("/new"), "def5678+changes", 100, 1, 27_000_000_000, "e8" * 32)]
    rows = bench_instructions.table(counted).splitlines()
    assert rows[2] == "| /old | abc1234 | 100 | 1 | 30,000M | 300.0M | +0.0% | e8e8e8e8e8e8e8e8 |"
    assert rows[3] == "| /new | def5678+changes | 100 | 1 | 27,000M | 270.0M | -10.0% | e8e8e8e8e8e8e8e8 |"
