"""kg query --endpoint: the library run on a real Oxigraph server gives the embedded store's rows.

The server is started on 127.0.0.1 by the tests (tests/servers.py), loaded with the
graph built from ../shared/corpus, and killed when the module's tests are done.
Three ways a remote store can hold the graph are checked: the union of the named
graphs written as its default graph (what `kg push` does), Oxigraph's
--union-default-graph over the named graphs alone, and the build folder's own
store served as it is (`oxigraph serve-read-only --location kg-out/store`).
"""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from library_cases import CASE_IDS, CASES, quiet
from servers import free_port, load_oxigraph, oxigraph_server

from kg import query
from kg.store import STORE_DIR, Store


@pytest.fixture(scope="module")
def embedded(built):
    out, _ = built
    return Store.open(out, read_only=True)


@pytest.fixture(scope="module")
def folders(built, embedded, tmp_path_factory):
    """Two Oxigraph folders: named graphs with their union as the default graph, and named graphs alone."""
    out, _ = built
    root = tmp_path_factory.mktemp("oxigraph")
    default = root / "default.nt"
    default.write_bytes(embedded.dump_graph(None))
    load_oxigraph(root / "pushed", out / "kg.trig", default)
    load_oxigraph(root / "named", out / "kg.trig")
    return root


@pytest.fixture(scope="module", params=["default graph written", "union of named graphs", "build folder served"])
def endpoint(request, built, folders):
    union = request.param == "union of named graphs"
    location = {"default graph written": folders / "pushed", "union of named graphs": folders / "named",
                "build folder served": built[0] / STORE_DIR}[request.param]
    with oxigraph_server(location, union_default_graph=union, read_only=True) as server:
        yield server.query_url


@pytest.mark.parametrize("name,given", CASES, ids=CASE_IDS)
def test_every_query_gives_the_embedded_rows(embedded, endpoint, name, given):
    named = query.find(name)
    local = query.run(embedded, named, given, warn=quiet)
    remote = query.run_remote(endpoint, named, given, warn=quiet, timeout=30)
    assert remote == local
    assert local[1], f"{name} {given} returned nothing to compare"


def test_types_are_the_embedded_ones(embedded, endpoint):
    named = query.find("lineage")
    _, rows = query.run_remote(endpoint, named, {}, warn=quiet)
    assert rows[0] == {"document": "A/HRC/RES/24/2", "session": 24, "date": "2013-09-26", "title": None, "read": "false"}


def test_a_parameter_cannot_inject_sparql_on_the_server(endpoint):
    _, rows = query.run_remote(endpoint, query.find("titles"), {"symbol": '"} } ; DROP ALL ; #'}, warn=quiet)
    assert rows == []
    assert query.run_remote(endpoint, query.find("titles"), {}, warn=quiet)[1]


# --- endpoints that fail --------------------------------------------------------


@pytest.fixture()
def answering():
    """A loopback HTTP server answering each POST with the handler the test sets."""
    state = {"handler": None}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state["handler"](self)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{httpd.server_address[1]}/sparql"
    finally:
        httpd.shutdown()
        httpd.server_close()


def reply(status: int, content_type: str, body: bytes):
    def handler(request):
        request.send_response(status)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)
    return handler


def trickle(request):
    request.send_response(200)
    request.send_header("Content-Type", "application/sparql-results+json")
    request.end_headers()
    try:
        for _ in range(100):
            request.wfile.write(b" ")
            request.wfile.flush()
            time.sleep(0.2)
    except (BrokenPipeError, ConnectionResetError):
        pass


def silent(request):
    time.sleep(5)


@pytest.mark.parametrize("handler,message", [
    (reply(200, "text/html", b"<html><body>Welcome to our site</body></html>"), "not SPARQL JSON results"),
    (reply(200, "application/sparql-results+json", b'{"head": {"vars": ["a"]}}'), "not SPARQL JSON results"),
    (reply(200, "application/sparql-results+json", b'{"head": {"vars": "a"}, "results": {"bindings": []}}'), "not SPARQL JSON results"),
    (reply(200, "application/json", b"\xff\xfe garbage"), "not SPARQL JSON results"),
    (reply(500, "text/plain", b"out of memory"), "HTTP 500"),
    (reply(401, "text/plain", b"who are you"), "credentials"),
    (reply(503, "text/plain", b"busy"), "HTTP 503"),
    (trickle, "did not arrive within 1 s"),
    (silent, "no answer within 1 s"),
], ids=["html page", "no results", "vars not a list", "not utf-8", "server error", "unauthorized",
        "unavailable", "answer trickling in", "no answer"])
def test_a_garbage_answering_endpoint_is_a_clear_error_in_bounded_time(answering, handler, message):
    state, url = answering
    state["handler"] = handler
    started = time.monotonic()
    with pytest.raises(query.EndpointError, match=message) as caught:
        query.run_remote(url, query.find("titles"), {}, warn=quiet, timeout=1)
    assert time.monotonic() - started < 4
    assert url in str(caught.value)


def limited(rows: int, limit: str | None):
    """An answer of ``rows`` rows, with Virtuoso's row limit header when ``limit`` is given."""
    body = json.dumps({"head": {"vars": ["n"]},
                       "results": {"bindings": [{"n": {"type": "literal", "value": str(i)}} for i in range(rows)]}})

    def handler(request):
        request.send_response(200)
        request.send_header("Content-Type", "application/sparql-results+json")
        if limit is not None:
            request.send_header("X-SPARQL-MaxRows", limit)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body.encode("utf-8"))
    return handler


@pytest.mark.parametrize("rows,limit,cut", [(3, "3", True), (3, None, False), (2, "3", False), (3, "many", False)],
                         ids=["at the limit", "no limit said", "under the limit", "a limit that is no number"])
def test_an_answer_at_the_endpoints_row_limit_is_an_error(answering, rows, limit, cut):
    state, url = answering
    state["handler"] = limited(rows, limit)
    if cut:
        with pytest.raises(query.EndpointError, match=f"{url}: the endpoint stopped at its limit of 3 rows"):
            query.select_remote(url, "SELECT ?n WHERE { ?s ?p ?n }")
    else:
        assert len(query.select_remote(url, "SELECT ?n WHERE { ?s ?p ?n }")[1]) == rows


def test_a_down_endpoint_is_a_clear_error():
    url = f"http://127.0.0.1:{free_port()}/query"
    started = time.monotonic()
    with pytest.raises(query.EndpointError, match="cannot connect.*is the server running"):
        query.run_remote(url, query.find("titles"), {}, warn=quiet, timeout=5)
    assert time.monotonic() - started < 5


def test_the_wrong_path_and_a_malformed_query_are_named(folders):
    with oxigraph_server(folders / "pushed", read_only=True) as server:
        with pytest.raises(query.EndpointError, match="HTTP 404"):
            query.run_remote(server.base + "/nothing-here", query.find("titles"), {}, warn=quiet)
        with pytest.raises(query.EndpointError, match="malformed"):
            query.select_remote(server.query_url, "SELECT ?x WHERE { ?x ")


@pytest.mark.parametrize("url", ["", "ftp://example.org/sparql", "127.0.0.1:7878/query", "http://",
                                 "http://[::1/query", "http://example.org:99999/query"])
def test_an_address_that_is_no_http_url_is_refused(url):
    with pytest.raises(query.EndpointError, match="http"):
        query.select_remote(url, "SELECT * WHERE { ?s ?p ?o }")


def test_credentials_stay_out_of_the_messages():
    url = f"http://reader:s3cret@127.0.0.1:{free_port()}/query"
    with pytest.raises(query.EndpointError) as caught:
        query.select_remote(url, "SELECT * WHERE { ?s ?p ?o }", timeout=2)
    assert "s3cret" not in str(caught.value) and "127.0.0.1" in str(caught.value)
