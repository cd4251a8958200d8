"""The sorting benchmark: both ways timed, the same rows, and which queries Python sorts."""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_order  # noqa: E402 - lives in benchmarks/, not in the package


def test_each_query_is_timed_both_ways_on_the_same_rows(built):
    out, _ = built
    results = bench_order.measure(out, runs=2, names=["citation-network", "cites-transitive"])
    assert [(r["query"], r["python sorts"]) for r in results] == [("citation-network", True),
                                                                 ("cites-transitive", False)]
    assert results[0]["rows"] > 100  # every citation link of the shared corpus
    assert all(r["store"] > 0 and r["python"] > 0 for r in results)
