"""Who sorts a listing: the store, or Python once the store has found the rows.

    .venv/bin/python benchmarks/bench_order.py BUILD_DIR [--runs 7] [--query NAME ...] [--symbol S]

Each query of ``queries/`` runs on BUILD_DIR's store as ``kg query`` opens it
(read-only, on disk) two ways, in turn in this one process: its ORDER BY done
by the store (``Store.select(..., sort_in_python=False)``), and done in Python
(``Store.select``, what ``kg query`` does; ``kg.ordering``). The p50 of
``--runs`` runs of each is reported, with the ratio of the two, and whether the
Python sort was taken: a query it cannot do, or whose values it cannot compare,
is sorted by the store both ways. The two must give the same rows in the same
order; the script stops with an error naming the query if they do not.

The queries run with their default parameters, which name documents of the
shared corpus. On a generated corpus, ``--symbol`` names one of its documents:
each query then runs as ``bench_store.py`` runs it (``choose_cases``), for
that document and, where the default is every document, for every one too.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench_store import choose_cases
from kg import query
from kg.store import Store


def measure(build: Path, runs: int, names: list[str] | None = None, symbol: str | None = None) -> list[dict]:
    """For each query (every one of the library, or those of ``names``), with its defaults or, given
    a ``symbol``, with ``choose_cases``'s parameters: its rows, whether Python sorts them, and the
    p50 seconds with the store sorting (``"store"``) and Python (``"python"``)."""
    store = Store.open(build, read_only=True)
    cases = choose_cases(build, symbol) if symbol else [{"query": n.name, "given": {}} for n in query.library()]
    results = []
    for case in cases:
        if names and case["query"] not in names:
            continue
        named = query.find(case["query"])
        text = query.bound_text(named, case["given"], warn=lambda message: None)
        times: dict[str, list[float]] = {"store": [], "python": []}
        rows = {}
        for _ in range(runs):
            for who in times:
                start = time.perf_counter()
                rows[who] = store.select(text, sort_in_python=who == "python")
                times[who].append(time.perf_counter() - start)
        if rows["store"] != rows["python"]:
            raise SystemExit(f"{named.name}: the rows sorted in Python are not the rows the store sorts")
        results.append({"query": named.name, "given": case["given"], "rows": len(rows["python"][1]),
                        "python sorts": store.sorted_in_python(text) is not None,
                        **{who: statistics.median(seconds) for who, seconds in times.items()}})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="a folder made by kg build")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--query", action="append", help="a query of the library (repeat); every one if none")
    parser.add_argument("--symbol", help="a document of the build, for the queries that name one")
    options = parser.parse_args()
    results = measure(options.build, options.runs, options.query, options.symbol)
    print(f"{options.build}: p50 of {options.runs} runs each, the two in turn; the same rows in the same order")
    print("| query | parameters | rows | the store sorts | Python sorts | ratio | sorted in Python |")
    print("|---|---|---:|---:|---:|---:|---|")
    for result in results:
        given = " ".join(f"{key}={value}" for key, value in result["given"].items())
        print(f"| {result['query']} | {given} | {result['rows']:,} | {result['store'] * 1000:,.0f} ms | "
              f"{result['python'] * 1000:,.0f} ms | {result['python'] / result['store']:.2f} | "
              f"{'yes' if result['python sorts'] else 'no'} |")


if __name__ == "__main__":
    main()
