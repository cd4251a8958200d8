"""Pushing a built store: time, bytes sent and peak memory of ``kg push``.

A Graph Store endpoint that reads every request whole and keeps nothing
runs on loopback in this process; ``kg push --force`` runs in a process of its
own against it, so its peak resident memory is its own. What is measured is
the push (reading the store, sorting the union, sending), not a server's
loading. ``--force`` sends every graph whatever a previous push left, and
the folder's push state is put back as it was afterwards.

    .venv/bin/python benchmarks/bench_push.py BUILD_DIR [BUILD_DIR ...]

A build folder comes from ``kg build`` (for instance of a corpus from
``benchmarks/corpus_generator.py``). Give the folders smallest first: the peak
memory of a child process is read as the largest so far.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

BLOCK = 1 << 20


class Discard(BaseHTTPRequestHandler):
    """PUT and DELETE of the Graph Store protocol, read whole and forgotten; counts what came."""

    received = {"requests": 0, "bytes": 0}
    lock = threading.Lock()

    def do_PUT(self):  # noqa: N802 - the protocol's verb
        left = int(self.headers.get("Content-Length", 0))
        size = 0
        while left > 0:
            block = self.rfile.read(min(left, BLOCK))
            if not block:
                break
            left -= len(block)
            size += len(block)
        with self.lock:
            self.received["requests"] += 1
            self.received["bytes"] += size
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_DELETE = do_PUT  # noqa: N815 - the protocol's verb

    def log_message(self, *args):
        pass


def triples(folder: Path) -> int:
    store = ox.Store.read_only(str(folder / "store"))
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def measure(folder: Path, url: str) -> dict:
    Discard.received = {"requests": 0, "bytes": 0}
    command = [sys.executable, "-m", "kg", "push", "--store", str(folder), "--endpoint", url, "--force"]
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    child = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if child.returncode:
        raise SystemExit(f"kg push failed on {folder}: {child.stderr.strip()}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": seconds, "peak_kb": peak, "grew": peak > before, **Discard.received}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    options = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Discard)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/store"
    print("| build folder | triples | graphs sent | MB sent | seconds | peak MB of kg push |")
    print("|---|---:|---:|---:|---:|---:|")
    for folder in options.folders:
        state = folder / "push-state.json"
        kept = state.read_bytes() if state.exists() else None
        try:
            result = measure(folder, url)
        finally:  # the folder's own push state is left as it was
            if kept is None:
                state.unlink(missing_ok=True)
            else:
                state.write_bytes(kept)
        # RUSAGE_CHILDREN is the largest child so far: folders are measured in the order given
        peak = f"{result['peak_kb'] / 1024:,.0f}" if result["grew"] else "(below an earlier folder's)"
        print(f"| {folder} | {triples(folder):,} | {result['requests']:,} | {result['bytes'] / 1e6:,.0f} "
              f"| {result['seconds']:.1f} | {peak} |", flush=True)
    server.shutdown()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
