"""Writing Turtle: rdflib's longturtle against kg.turtle, side by side, on a built graph.

    .venv/bin/python benchmarks/bench_turtle.py [BUILD_DIR]

BUILD_DIR is a folder made by ``kg build`` (default: builds ../shared/corpus
into a temporary folder). Both writers get the same triples.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph

from kg.corpus import build_corpus
from kg.export import store_turtle
from kg.iri import Minter
from kg.store import Store
from kg.vocab import bind_prefixes

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    if len(sys.argv) <= 1:
        build_corpus([REPO.parent / "shared" / "corpus"], folder)
    store = Store.open(folder, read_only=True)
    start = time.perf_counter()
    ours = "".join(store_turtle(store))
    ours_s = time.perf_counter() - start
    graph = Graph()
    bind_prefixes(graph, Minter.configured())
    graph.parse(data=ours, format="turtle")
    start = time.perf_counter()
    graph.serialize(format="longturtle")
    theirs_s = time.perf_counter() - start
    print(f"{len(graph)} triples")
    print(f"{'writer':<22} {'seconds':>8} {'triples/s':>12}")
    print(f"{'kg.turtle':<22} {ours_s:8.2f} {len(graph) / ours_s:12.0f}")
    print(f"{'rdflib longturtle':<22} {theirs_s:8.2f} {len(graph) / theirs_s:12.0f}")


if __name__ == "__main__":
    main()
