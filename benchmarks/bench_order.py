"""Who sorts a listing: the store, or Python once the store has found the rows.

    .venv/bin/python benchmarks/bench_order.py BUILD_DIR [--runs 7] [--query NAME ...]

Each query of ``queries/``, with its default parameters, runs on BUILD_DIR's
store as ``kg query`` opens it (read-only, on disk) two ways, in turn in this
one process: its ORDER BY done by the store (``Store.select(...,
sort_in_python=False)``), and done in Python (``Store.select``, what ``kg
query`` does; ``kg.ordering``). The p50 of ``--runs`` runs of each is reported,
with the ratio of the two, and whether the Python sort was taken: a query it
cannot do, or whose values it cannot compare, is sorted by the store both ways.
The two must give the same rows in the same order; the script stops with an
error naming the query if they do not.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from kg import query
from kg.store import Store


def measure(build: Path, runs: int, names: list[str] | None = None) -> list[dict]:
    """For each query (every one of the library, or those of ``names``): its rows, whether Python
    sorts them, and the p50 seconds with the store sorting (``"store"``) and Python (``"python"``)."""
    store = Store.open(build, read_only=True)
    results = []
    for named in query.library():
        if names and named.name not in names:
            continue
        text = query.bound_text(named, {}, warn=lambda message: None)
        times: dict[str, list[float]] = {"store": [], "python": []}
        rows = {}
        for _ in range(runs):
            for who in times:
                start = time.perf_counter()
                rows[who] = store.select(text, sort_in_python=who == "python")
                times[who].append(time.perf_counter() - start)
        if rows["store"] != rows["python"]:
            raise SystemExit(f"{named.name}: the rows sorted in Python are not the rows the store sorts")
        results.append({"query": named.name, "rows": len(rows["python"][1]),
                        "python sorts": store.sorted_in_python(text) is not None,
                        **{who: statistics.median(seconds) for who, seconds in times.items()}})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="a folder made by kg build")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--query", action="append", help="a query of the library (repeat); every one if none")
    options = parser.parse_args()
    results = measure(options.build, options.runs, options.query)
    print(f"{options.build}: p50 of {options.runs} runs each, the two in turn; the same rows in the same order")
    print("| query | rows | the store sorts | Python sorts | ratio | sorted in Python |")
    print("|---|---:|---:|---:|---:|---|")
    for result in results:
        print(f"| {result['query']} | {result['rows']:,} | {result['store'] * 1000:,.0f} ms | "
              f"{result['python'] * 1000:,.0f} ms | {result['python'] / result['store']:.2f} | "
              f"{'yes' if result['python sorts'] else 'no'} |")


if __name__ == "__main__":
    main()
