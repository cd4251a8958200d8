"""The store's own loading speed, the floor under the build's: a built folder's quads loaded again.

    .venv/bin/python benchmarks/bench_load.py BUILD_DIR [--runs 3]

Every quad of BUILD_DIR's store (the documents' named graphs, the corpus-wide
ones and their union in the default graph) is written out as N-Quads, then
bulk-loaded into an empty store in one call, as the build loads its graphs
but with nothing extracted or built meanwhile. What is timed is the store's
work alone: it bounds how many files a second any build that writes this
graph into this store can reach on this machine. Its CPU time (every thread
of the store's) is given per file too: the build's other work shares the
same cores with it.

Each run loads the quads twice, in turn: leniently, as the build does (the
IRIs are not checked again), and checking them, for comparison. With
``--batches N``, a third load in each run writes the graphs as the build
does: ``Store.put_graphs`` (each graph and its triples in the union) in N
calls of consecutive graphs, as the build's batches of about 200,000 lines
come (``_Loader``; N is about the build's triples / 200,000). The store
merges each call's files with what it holds, so its cost per file grows with
the store, and more so in many calls than in one. That merging (RocksDB's
compaction) runs on the store's background threads, and goes on after a load
returns: the CPU time of each load is taken once those threads have been idle
for a second, and their share of it is given apart (Linux; read from
``/proc/self/task``: a background thread that ended during a load would go
uncounted).

    .venv/bin/python benchmarks/bench_load.py BUILD_DIR --runs 2 --batches 24
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="a folder made by kg build")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batches", type=int, default=0,
                        help="also load the graphs as the build does, in this many calls")
    options = parser.parse_args()
    store = Store.open(options.build, read_only=True)
    graphs = store.graph_names()
    documents = sum(1 for name in graphs if not name.endswith(("/graph/concepts", "/graph/dataset")))
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        dumped = Path(folder) / "all.nq"
        store._store.dump(str(dumped), ox.RdfFormat.N_QUADS)
        quads = sum(1 for _ in dumped.open("rb"))
        # for each form of load, a (wall, CPU, merging) triple of seconds a run (``timed_load``)
        measured: dict[bool | str, list[tuple[float, float, float]]] = {True: [], False: [], "batched": []}
        for run in range(options.runs):
            for lenient in (True, False):
                place = Path(folder) / f"store-{run}-{lenient}"
                measured[lenient].append(bulk_load(dumped, place, lenient))
                shutil.rmtree(place)  # a store of a build's size each: the disk holds one at a time
            if options.batches:
                place = Path(folder) / f"batched-{run}"
                measured["batched"].append(batched_load(store, graphs, options.batches, place))
                shutil.rmtree(place)
    print(f"{options.build}: {documents:,} documents, {quads:,} quads ({quads / documents:,.0f} a document)")
    forms = [(True, "lenient, as the build loads"), (False, "checking the IRIs")]
    if options.batches:
        forms.append(("batched", f"as the build writes, in {options.batches} calls"))
    for form, label in forms:
        times = [wall for wall, _, _ in measured[form]]
        seconds, cpu_seconds, merged = (statistics.median(column) for column in zip(*measured[form]))
        print(f"bulk load, {label}, median of {options.runs}: {seconds:.1f} s "
              f"({', '.join(f'{t:.1f}' for t in times)}), {quads / seconds:,.0f} quads/s; "
              f"CPU {cpu_seconds:.1f} s, {cpu_seconds * 1000 / documents:.1f} ms a file, of which the "
              f"store's background threads {merged:.1f} s, {merged * 1000 / documents:.1f} ms a file")
    lenient_wall = statistics.median(wall for wall, _, _ in measured[True])
    print(f"loading alone allows at most {documents / lenient_wall:,.1f} files/s")


def bulk_load(dumped: Path, place: Path, lenient: bool) -> tuple[float, float, float]:
    """The N-Quads file ``dumped`` loaded into a new store at ``place`` in one call, as the build
    loads (``lenient``) or checking the IRIs, timed by ``timed_load``."""
    target = ox.Store(str(place))

    def load() -> None:
        target.bulk_load(path=str(dumped), format=ox.RdfFormat.N_QUADS, lenient=lenient)
        target.flush()
    return timed_load(load)


def batched_load(store: Store, graphs: list[str], batches: int, place: Path) -> tuple[float, float, float]:
    """Write ``store``'s ``graphs`` into a new store at ``place`` with ``Store.put_graphs``, in
    ``batches`` calls of consecutive graphs, timed by ``timed_load``. The graphs' lines are
    read beforehand, untimed."""
    size = -(-len(graphs) // batches)
    held = [[(name, b"\n".join(store.graph_lines(name))) for name in graphs[start:start + size]]
            for start in range(0, len(graphs), size)]
    target = Store.open(place, create=True)

    def load() -> None:
        for batch in held:
            target.put_graphs(batch)
        target.flush()
    return timed_load(load)


def timed_load(load: Callable[[], None]) -> tuple[float, float, float]:
    """The wall seconds ``load`` took; its CPU seconds and, of them, those of the store's
    background threads, counted until those threads settle (they go on merging after a load
    returns)."""
    start, used, merged = time.perf_counter(), time.process_time(), background_cpu()
    load()
    seconds = time.perf_counter() - start
    settled()
    return seconds, time.process_time() - used, background_cpu() - merged


def background_cpu(tasks: Path = Path("/proc/self/task"), prefix: str = "rocksdb:") -> float:
    """CPU seconds (user and system) of this process's threads whose name begins with ``prefix``:
    the store's background threads, which flush and merge its files. 0 where ``tasks`` is not."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for task in sorted(tasks.glob("*")) if tasks.is_dir() else ():
        try:
            stat = (task / "stat").read_text()
        except OSError:  # the thread ended meanwhile
            continue
        # "tid (name) state ppid ...": the name may hold spaces and parentheses
        name, fields = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
        if name.startswith(prefix):
            total += int(fields[11]) + int(fields[12])  # utime and stime, fields 14 and 15
    return total / ticks


def settled(idle: float = 1.0, most: float = 600.0) -> None:
    """Wait until the store's background threads have used no CPU for ``idle`` seconds (at most
    ``most`` seconds in all)."""
    deadline, last = time.monotonic() + most, background_cpu()
    while time.monotonic() < deadline:
        time.sleep(idle)
        now = background_cpu()
        if now == last:
            return
        last = now


if __name__ == "__main__":
    main()
