"""Real SPARQL servers for the tests: started on loopback, on a free port, always stopped.

Oxigraph's server comes with the ``oxigraph`` package of the ``test`` extra. A
test loads a folder with ``load_oxigraph`` and serves it with ``oxigraph_server``::

    load_oxigraph(tmp_path / "db", out / "kg.trig")
    with oxigraph_server(tmp_path / "db") as server:
        query.run_remote(server.query_url, ...)

Virtuoso (``virtuoso_server``) is used when the machine has it (the Debian
package virtuoso-opensource); ``virtuoso_missing`` says why not otherwise, for
a skip. ``read_graph`` and ``add_triples`` read and write a server's graphs
with the Graph Store protocol, to check what ``kg push`` left there.

The server process is killed when the ``with`` block ends, however it ends.
"""
from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK = "127.0.0.1"
START_TIMEOUT = 30.0  # seconds for a server to answer its first request
STOP_TIMEOUT = 10.0  # seconds for a server to exit once asked
LOAD_TIMEOUT = 300.0  # seconds for `oxigraph load`
SQL_TIMEOUT = 60.0  # seconds for a Virtuoso isql command
NTRIPLES = "application/n-triples"
# The graph a Virtuoso endpoint reads as its default graph: kg push writes the
# union of the document graphs there (PUT ?default).
VIRTUOSO_DEFAULT_GRAPH = "urn:x-kg-test:default"
VIRTUOSO_PACKAGE = "Virtuoso not installed (Debian package virtuoso-opensource: apt-get install virtuoso-opensource)"


@dataclass(frozen=True)
class Server:
    """A running server: where it listens, its paths, who may write, and the process serving."""

    base: str  # http://127.0.0.1:PORT
    process: subprocess.Popen
    query_path: str = "/query"
    update_path: str = "/update"
    store_path: str = "/store"
    user: str | None = None  # who may write, when the server asks
    password: str | None = field(default=None, repr=False)

    @property
    def query_url(self) -> str:
        return self.base + self.query_path

    @property
    def update_url(self) -> str:
        return self.base + self.update_path

    @property
    def store_url(self) -> str:
        """The SPARQL Graph Store protocol address."""
        return self.base + self.store_path


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


def virtuoso_commands() -> tuple[str, str]:
    """The Virtuoso server and its isql; a RuntimeError saying what to install when missing."""
    server = shutil.which("virtuoso-t")
    # Debian renames Virtuoso's isql to isql-vt (unixODBC has an isql of its
    # own); a build from source puts isql beside virtuoso-t.
    beside = Path(server).with_name("isql") if server else None
    isql = shutil.which("isql-vt") or (str(beside) if beside and beside.is_file() else None)
    if not server or not isql:
        missing = "virtuoso-t" if not server else "isql-vt"
        raise RuntimeError(f"{VIRTUOSO_PACKAGE}: {missing} is not on the PATH")
    return server, isql


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot be started here, or None when it can."""
    try:
        virtuoso_commands()
    except RuntimeError as error:
        return str(error)
    return None


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort = {host}:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .

[HTTPServer]
ServerPort = {host}:{http_port}
ServerRoot = {folder}
ServerThreads = 10
MaxClientConnections = 10

[SPARQL]
; Virtuoso cuts a result at this many rows, saying so only in a header: by default far above
; what the tests read.
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
"""


@contextmanager
def virtuoso_server(folder: Path | None = None, *, default_graph: str = VIRTUOSO_DEFAULT_GRAPH,
                    max_rows: int = 1_000_000) -> Iterator[Server]:
    """A Virtuoso server on 127.0.0.1 with a new database in ``folder``, stopped afterwards.

    SPARQL is read at ``/sparql`` without credentials, and written by the
    ``dba`` user (a password made up here, sent with Digest authentication)
    through ``/sparql-graph-crud-auth``, the Graph Store protocol, and
    ``/sparql-auth``. Virtuoso has no unnamed default graph: the graph
    ``default_graph`` stands for it, both for ``PUT ?default`` and as the
    graph ``/sparql`` queries read when they name none. An answer holds at most
    ``max_rows`` rows (``ResultSetMaxRows``).
    """
    virtuoso, isql = virtuoso_commands()
    with tempfile.TemporaryDirectory(prefix="virtuoso-") as scratch, tempfile.TemporaryFile() as log:
        home = Path(folder or scratch).resolve()
        home.mkdir(parents=True, exist_ok=True)
        sql_port, http_port = free_port(), free_port()
        ini = home / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(folder=home, host=LOOPBACK, sql_port=sql_port, http_port=http_port,
                                           max_rows=max_rows),
                       encoding="utf-8")
        process = subprocess.Popen([virtuoso, "+foreground", "+configfile", str(ini)], cwd=home,
                                   stdout=log, stderr=subprocess.STDOUT)
        try:
            password = secrets.token_hex(12)
            server = Server(f"http://{LOOPBACK}:{http_port}", process, query_path="/sparql",
                            update_path="/sparql-auth", store_path="/sparql-graph-crud-auth",
                            user="dba", password=password)
            _wait_until_ready(server, log)
            # SYS_SPARQL_HOST maps the Host header of a request (any, here) to the
            # graph that is its default graph. The dba password is changed last:
            # a new database comes with the well-known one.
            _isql(isql, sql_port, "dba", [
                "INSERT INTO DB.DBA.SYS_SPARQL_HOST (SH_HOST, SH_GRAPH_URI) "
                f"VALUES ('%', '{default_graph}')",
                f"USER_SET_PASSWORD ('dba', '{password}')",
            ])
            yield server
        finally:
            _stop(process)


def _isql(isql: str, port: int, password: str, statements: list[str]) -> None:
    script = "".join(statement + ";\n" for statement in statements)
    done = subprocess.run([isql, f"{LOOPBACK}:{port}", "dba", password], input=script,
                          capture_output=True, text=True, timeout=SQL_TIMEOUT, check=False)
    # isql goes on after a failed statement and exits 0: its errors are read in what it prints
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(f"isql on port {port} failed ({done.returncode}): {done.stdout.strip()} {done.stderr.strip()}")


def read_graph(server: Server, graph: str | None) -> set[str]:
    """The triples of one graph (the default graph when None) as N-Triples lines, read with the Graph Store protocol."""
    request = urllib.request.Request(_graph_url(server, graph), headers={"Accept": NTRIPLES})
    with _opener(server).open(request, timeout=START_TIMEOUT) as answer:
        return ntriples_lines(answer.read())


def ntriples_lines(body: bytes) -> set[str]:
    """N-Triples parsed and written again, one line per triple.

    So the servers' spellings of the same term (tabs, escapes) compare equal,
    and different literals ("024" and "24") do not.
    """
    import pyoxigraph as ox

    return {f"{t.subject} {t.predicate} {t.object} ." for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}


def add_triples(server: Server, graph: str | None, ntriples: str) -> None:
    """Add triples to a graph of the server (Graph Store POST merges them with what is there)."""
    request = urllib.request.Request(_graph_url(server, graph), data=ntriples.encode(), method="POST",
                                     headers={"Content-Type": NTRIPLES})
    with _opener(server).open(request, timeout=START_TIMEOUT) as answer:
        answer.read()


def _graph_url(server: Server, graph: str | None) -> str:
    return server.store_url + ("?default" if graph is None else "?graph=" + urllib.parse.quote(graph, safe=""))


def _opener(server: Server) -> urllib.request.OpenerDirector:
    if server.user is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, server.base, server.user, server.password or "")
    return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords),
                                       urllib.request.HTTPBasicAuthHandler(passwords))


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
