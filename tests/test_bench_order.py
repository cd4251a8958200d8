"""The sorting benchmark: both ways timed, the same rows, and which queries Python sorts."""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_order  # noqa: E402 - lives in benchmarks/, not in the package
from kg import query  # noqa: E402
from kg.store import Store  # noqa: E402


def test_each_query_is_timed_both_ways_on_the_same_rows(built):
    out, _ = built
    results = bench_order.measure(out, runs=2, names=["citation-network", "cites-transitive"])
    assert [(r["query"], r["python sorts"]) for r in results] == [("citation-network", True),
                                                                 ("cites-transitive", False)]
    assert results[0]["rows"] > 100  # every citation link of the shared corpus
    assert all(r["store"] > 0 and r["python"] > 0 for r in results)


def test_a_symbol_is_given_to_the_queries_that_name_a_document(built):
    out, _ = built
    symbol = "A/RES/80/205"  # a document of the corpus, not the library's default
    results = bench_order.measure(out, runs=1, names=["cites", "mandates"], symbol=symbol)
    assert [(r["query"], r["given"]) for r in results] == [
        ("cites", {"symbol": symbol}), ("mandates", {}), ("mandates", {"symbol": symbol})]
    store = Store.open(out, read_only=True)
    for result in results:
        _, rows = query.run(store, query.find(result["query"]), result["given"])
        assert result["rows"] == len(rows) > 0
    assert results[1]["rows"] > results[2]["rows"]  # every document's mandates, then one's
