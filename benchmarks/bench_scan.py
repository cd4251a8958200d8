"""What a row costs the store to read: the floor under every query that lists many rows.

    .venv/bin/python benchmarks/bench_scan.py BUILD_DIR [--runs 7]

Three queries on the union of BUILD_DIR's store, each a step longer than the
last, over the records that quote the text (mentions, citations, pursuances:
the most numerous records of the graph):

  - scan: every record and its quote, one triple read a row;
  - one lookup: and each record's selector, one more triple found a row;
  - three lookups: and the selector's start and end.

Each runs ``--runs`` times in this process, on the store as ``kg query`` opens
it (read-only, on disk), then on the same triples copied into Oxigraph's
in-memory store; the rows only counted, then with each value made a Python
string. The p50 of each is reported with its cost a row. What a listing of N
rows must take at least follows: N times the cost of a row a scan returns, and
N times that of a lookup for each pattern looked up a row. The copy into memory
is timed too: ``kg query`` would pay it at every call.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pyoxigraph as ox

from kg.store import Store

PREFIXES = """PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
# name, what a row reads, query: each one pattern longer than the one before
STEPS = (
    ("scan", "one triple", "SELECT ?m ?quote WHERE { ?m kg:quote ?quote }"),
    ("one lookup", "and one looked up",
     "SELECT ?m ?quote ?s WHERE { ?m kg:quote ?quote ; oa:hasSelector ?s }"),
    ("three lookups", "and three looked up",
     "SELECT ?m ?quote ?start ?end WHERE { ?m kg:quote ?quote ; oa:hasSelector ?s . "
     "?s oa:start ?start ; oa:end ?end }"),
)


def timed(store: ox.Store, sparql: str, runs: int, values: bool) -> tuple[int, float]:
    """The rows of ``sparql`` on ``store`` and the p50 of ``runs`` runs in seconds: the solutions
    only counted, or with each value made a Python string (``values``), as ``kg query`` needs."""
    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        solutions = store.query(PREFIXES + sparql)
        rows = sum(1 for solution in solutions if [str(value) for value in solution]) if values \
            else sum(1 for _ in solutions)
        times.append(time.perf_counter() - start)
    return rows, statistics.median(times)


def in_memory(store: Store) -> tuple[ox.Store, float]:
    """The union of ``store`` copied into Oxigraph's in-memory store, and the seconds the copy took."""
    start = time.perf_counter()
    copy = ox.Store()
    copy.bulk_load(store._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()),
                   ox.RdfFormat.N_TRIPLES)
    return copy, time.perf_counter() - start


def measure(build: Path, runs: int) -> tuple[float, list[dict]]:
    """Each step of ``STEPS`` on ``build``'s store and on its copy in memory, in turn: the copy's
    seconds, and for each step its name, its rows and its p50 seconds on each store (``"disk"``,
    ``"memory"``), counted only (False) and with the values read (True)."""
    store = Store.open(build, read_only=True)
    memory, copied = in_memory(store)
    results = []
    for name, reads, sparql in STEPS:
        result = {"step": name, "reads": reads}
        for where, held in (("disk", store._store), ("memory", memory)):
            for values in (False, True):
                rows, result[where, values] = timed(held, sparql, runs, values)
                if result.setdefault("rows", rows) != rows:
                    raise SystemExit(f"{name}: {result['rows']} rows, then {rows}")
        results.append(result)
    return copied, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="a folder made by kg build")
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    copied, results = measure(options.build, options.runs)
    print(f"{options.build}: the union copied into memory in {copied:.1f} s; p50 of {options.runs} runs, "
          "and a row's share; rows counted only, or with their values read as kg query reads them")
    print("| step | a row reads | rows | on disk, counted | with values | in memory, counted | with values |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for result in results:
        times = [result[where, values] for where in ("disk", "memory") for values in (False, True)]
        print(f"| {result['step']} | {result['reads']} | {result['rows']:,} | "
              + " | ".join(f"{seconds * 1000:,.0f} ms, {seconds * 1e6 / result['rows']:.1f} µs" for seconds in times)
              + " |")


if __name__ == "__main__":
    main()
