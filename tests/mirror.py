"""What `kg push` must leave on a server: each graph of the local store, whole and alone.

Shared by the tests that push to a real server (Oxigraph, Virtuoso). The
command runs as a user runs it, in its own process; the password goes in
KG_PASSWORD, as the README advises.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from servers import Server, ntriples_lines, read_graph

from kg.store import Store

PUSH_TIMEOUT = 120.0  # seconds for one `kg push` of the whole corpus


def copy_build(built_out: Path, to: Path) -> Path:
    """A copy of a build folder, so that a push's state file stays out of the session's build."""
    shutil.copytree(built_out, to)
    return to


def kg(*args: str, password: str | None = None) -> subprocess.CompletedProcess:
    """Run ``kg ARGS`` in a new process: exit status, output and errors."""
    env = dict(os.environ)
    env.pop("KG_PASSWORD", None)
    if password is not None:
        env["KG_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                          timeout=PUSH_TIMEOUT, env=env, check=False)


def kg_push(folder: Path, server: Server, *extra: str) -> str:
    """``kg push`` of ``folder`` to ``server`` (its query URL, its Graph Store URL, its user); the summary line."""
    args = ["push", "--store", str(folder), "--endpoint", server.query_url, "--graph-store", server.store_url]
    if server.user is not None:
        args += ["--user", server.user]
    done = kg(*args, *extra, password=server.password)
    assert done.returncode == 0, f"kg push failed ({done.returncode}): {done.stderr}"
    return done.stdout.strip()


def local_graph(store: Store, graph: str | None) -> set[str]:
    """A graph of the local store as the same N-Triples lines ``read_graph`` gives."""
    return ntriples_lines(store.dump_graph(graph))


def assert_mirrors(server: Server, store: Store) -> None:
    """Every named graph of ``store``, and its default graph, on ``server`` with exactly its triples."""
    names = store.graph_names()
    assert names, "the local store has no named graph to compare"
    for graph in names + [None]:
        here, there = local_graph(store, graph), read_graph(server, graph)
        shown = graph or "the default graph"
        assert len(there) == len(here), f"{shown}: {len(there)} triples on the server, {len(here)} here"
        assert there == here, (f"{shown}: only on the server {sorted(there - here)[:3]}, "
                               f"only here {sorted(here - there)[:3]}")
