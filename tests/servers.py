"""Real SPARQL servers for the tests: started on loopback, on a free port, always stopped.

Oxigraph's server comes with the ``oxigraph`` package of the ``test`` extra. A
test loads a folder with ``load_oxigraph`` and serves it with ``oxigraph_server``::

    load_oxigraph(tmp_path / "db", out / "kg.trig")
    with oxigraph_server(tmp_path / "db") as server:
        query.run_remote(server.query_url, ...)

The server process is killed when the ``with`` block ends, however it ends.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

LOOPBACK = "127.0.0.1"
START_TIMEOUT = 30.0  # seconds for a server to answer its first request
STOP_TIMEOUT = 10.0  # seconds for a server to exit once asked
LOAD_TIMEOUT = 300.0  # seconds for `oxigraph load`


@dataclass(frozen=True)
class Server:
    """A running server: where it listens and the process serving."""

    base: str  # http://127.0.0.1:PORT
    process: subprocess.Popen

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    @property
    def update_url(self) -> str:
        return self.base + "/update"

    @property
    def store_url(self) -> str:
        """The SPARQL Graph Store protocol address."""
        return self.base + "/store"


def oxigraph_command() -> str:
    """The ``oxigraph`` program beside this Python, or on the PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server is missing: pip install -e '.[test]' installs it")
    return found


def free_port() -> int:
    """A TCP port nobody listens on at this moment, on loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def load_oxigraph(location: Path, *files: Path, graph: str | None = None) -> None:
    """Load RDF files into an Oxigraph folder (TriG keeps its named graphs; N-Triples go to
    ``graph``, or to the default graph)."""
    command = [oxigraph_command(), "load", "--location", str(location)]
    if graph:
        command += ["--graph", graph]
    for path in files:
        command += ["--file", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=LOAD_TIMEOUT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")


@contextmanager
def oxigraph_server(location: Path | None = None, *, union_default_graph: bool = False,
                    read_only: bool = False) -> Iterator[Server]:
    """An Oxigraph server on 127.0.0.1, answering when yielded, killed afterwards.

    Without ``location`` the store is in memory. ``union_default_graph`` makes
    the default graph the union of the named graphs.
    """
    command = [oxigraph_command(), "serve-read-only" if read_only else "serve"]
    if location is not None:
        command += ["--location", str(location)]
    if union_default_graph:
        command.append("--union-default-graph")
    with tempfile.TemporaryFile() as log:
        port = free_port()
        process = subprocess.Popen(command + ["--bind", f"{LOOPBACK}:{port}"],
                                   stdout=log, stderr=subprocess.STDOUT)
        try:
            server = Server(f"http://{LOOPBACK}:{port}", process)
            _wait_until_ready(server, log)
            yield server
        finally:
            _stop(process)


def _wait_until_ready(server: Server, log) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    probe = server.query_url + "?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the server exited ({server.process.returncode}): {log.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"the server at {server.base} did not answer within {START_TIMEOUT:g} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)
