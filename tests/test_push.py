"""kg push: graphs sent whole with the Graph Store protocol, retried, resumable, credentials kept out of messages."""
import hashlib
import json
import re
import threading
from urllib.parse import unquote
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rdflib import Graph, Literal, URIRef

from kg import push as push_module
from kg.corpus import build_corpus
from kg.export import BLOCKS_DIR, NT_BLOCK
from kg.push import JOURNAL_FILE, STATE_FILE, AuthError, Endpoint, PushError, forget_pushes, push, redact
from kg.store import UNION_MARK, Store

GRAPHS = [URIRef(f"https://example.org/kg/graph/g{i}") for i in range(4)]


@pytest.fixture()
def folder(tmp_path):
    store = Store.open(tmp_path, create=True)
    for i, name in enumerate(GRAPHS):
        g = Graph()
        g.add((URIRef(f"https://example.org/s{i}"), URIRef("https://example.org/p"), Literal(f"value {i}")))
        store.replace_graph(name, g)
    store.flush()
    del store
    return tmp_path


class Recorder(BaseHTTPRequestHandler):
    """A Graph Store endpoint on loopback that answers from a script of status codes."""

    script: list[int] = []
    received: list[tuple[str, str, bytes]] = []

    def do_PUT(self):  # noqa: N802 - the protocol's verb
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status = self.script.pop(0) if self.script else 204
        self.received.append((self.path, self.headers.get("Authorization", ""), body if status < 300 else b""))
        self._reply(status)

    def do_DELETE(self):  # noqa: N802 - the protocol's verb
        status = self.script.pop(0) if self.script else 204
        self.received.append((f"DELETE {self.path}", self.headers.get("Authorization", ""), b""))
        self._reply(status)

    def do_HEAD(self):  # noqa: N802 - the protocol's verb
        status = self.script.pop(0) if self.script else 200
        self.received.append((f"HEAD {self.path}", self.headers.get("Authorization", ""), b""))
        self._reply(status)

    def _reply(self, status: int) -> None:
        self.send_response(status)
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="store"')  # as Fuseki and GraphDB ask
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class DigestStore(Recorder):
    """A Graph Store that takes only Digest credentials, as Virtuoso's /sparql-graph-crud-auth does.

    Basic credentials get a bare 401, as Virtuoso answers them; a request
    without credentials gets the Digest challenge; the answer is checked
    (RFC 2617, qop=auth) against the one password it knows. A PUT it refuses
    is answered before its body is read, and the connection closed, as
    Virtuoso does.
    """

    realm, nonce, password = "SPARQL", "d1e5f00d", "s3cret-pw"

    def do_PUT(self):  # noqa: N802 - the protocol's verb
        given = self.headers.get("Authorization", "")
        if not self._valid(given):
            self.received.append((self.path, given, b""))
            self._refuse(given)
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.received.append((self.path, given, body))
        self._reply(204)

    def do_HEAD(self):  # noqa: N802 - the protocol's verb
        given = self.headers.get("Authorization", "")
        self.received.append((f"HEAD {self.path}", given, b""))
        self._refuse(given)

    def _refuse(self, given: str) -> None:
        self.send_response(401)
        if not given.startswith("Basic "):
            self.send_header("WWW-Authenticate", f'Digest realm="{self.realm}", nonce="{self.nonce}", qop="auth"')
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def _valid(self, given: str) -> bool:
        if not given.startswith("Digest "):
            return False
        field = dict(re.findall(r'(\w+)="?([^",]*)"?', given))
        md5 = lambda text: hashlib.md5(text.encode()).hexdigest()  # noqa: E731 - RFC 2617's H()
        ha1 = md5(f"{field.get('username')}:{self.realm}:{self.password}")
        ha2 = md5(f"PUT:{field.get('uri')}")
        expected = md5(f"{ha1}:{self.nonce}:{field.get('nc')}:{field.get('cnonce')}:auth:{ha2}")
        return field.get("response") == expected and field.get("uri") == self.path


@pytest.fixture()
def server(request):
    handler = getattr(request, "param", Recorder)
    Recorder.script, Recorder.received = [], []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # a short poll, so that shutdown does not wait half a second per test
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/store"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_every_graph_is_put_whole_and_a_second_push_sends_nothing(folder, server):
    summary = push(folder, Endpoint(server))
    assert len(summary.sent) == 5 and not summary.unchanged
    assert sorted(path for path, _, _ in Recorder.received) == sorted(
        ["/store?graph=" + str(g).replace(":", "%3A").replace("/", "%2F") for g in GRAPHS] + ["/store?default"])
    assert all(b'"value' in body for path, _, body in Recorder.received if "graph=" in path)
    again = push(folder, Endpoint(server))
    assert not again.sent and len(again.unchanged) == 5


def test_server_errors_are_retried_with_backoff(folder, server):
    Recorder.script = [503, 502]
    waits = []
    summary = push(folder, Endpoint(server, retries=3, backoff=0.5), sleep=waits.append)
    assert len(summary.sent) == 5
    assert waits == [0.5, 1.0]


def union_lines() -> bytes:
    return b"".join(sorted(f"<https://example.org/s{i}> <https://example.org/p> \"value {i}\" .\n".encode()
                           for i in range(len(GRAPHS))))


def test_the_union_sent_again_after_an_error_is_whole(folder, server):
    Recorder.script = [204] * len(GRAPHS) + [503]  # the default graph, sent last, fails once
    summary = push(folder, Endpoint(server, retries=1, backoff=0), sleep=lambda _: None)
    assert len(summary.sent) == 5
    assert [body for path, _, body in Recorder.received if path == "/store?default"] == [b"", union_lines()]
    assert not [p for p in folder.iterdir() if p.name.startswith(".push-")], "the file of the union is removed"


def test_a_failure_in_the_middle_is_finished_by_a_rerun(folder, server):
    Recorder.script = [204, 204, 500, 500]
    with pytest.raises(PushError, match="run kg push again"):
        push(folder, Endpoint(server, retries=1, backoff=0), sleep=lambda _: None)
    state = json.loads((folder / "push-state.json").read_text())
    assert len(state[server]) == 2  # the two graphs that arrived are remembered
    assert not (folder / JOURNAL_FILE).exists()  # taken into the state as the push failed
    summary = push(folder, Endpoint(server, retries=1, backoff=0), sleep=lambda _: None)
    assert len(summary.sent) == 3 and len(summary.unchanged) == 2


def test_the_state_is_written_once_per_push_and_the_journal_taken_in(folder, server, monkeypatch):
    writes = []
    real = push_module.write_atomic
    monkeypatch.setattr(push_module, "write_atomic", lambda path, data: writes.append(path) or real(path, data))
    push(folder, Endpoint(server))
    assert writes == [folder / STATE_FILE]  # not once per graph: a push of n graphs wrote n states
    assert not (folder / JOURNAL_FILE).exists()
    again = push(folder, Endpoint(server))
    assert len(again.unchanged) == 5 and writes == [folder / STATE_FILE]  # nothing new: nothing written


def test_the_journal_of_a_killed_push_is_taken_in_by_the_next(folder, server):
    push(folder, Endpoint(server))
    state = json.loads((folder / STATE_FILE).read_text())
    (folder / STATE_FILE).unlink()
    # what a push killed after three graphs leaves: their lines, the last one cut short
    lines = [json.dumps([server, graph, digest]) for graph, digest in sorted(state[server].items())[:3]]
    (folder / JOURNAL_FILE).write_text("\n".join(lines) + "\n" + lines[0][:20] + "\n[1, 2]\n")
    Recorder.received = []
    summary = push(folder, Endpoint(server))
    assert len(summary.unchanged) == 3 and len(summary.sent) == 2
    assert json.loads((folder / STATE_FILE).read_text()) == state
    assert not (folder / JOURNAL_FILE).exists()


def test_a_removal_is_journalled_too(folder, server):
    push(folder, Endpoint(server))
    store = Store.open(folder)
    store.remove_graph(URIRef(GRAPHS[0]))
    store.flush()
    del store
    Recorder.received, said = [], []
    summary = push(folder, Endpoint(server), progress=said.append)
    assert said == ["remove 1/1", "push 1/4", "push 2/4", "push 3/4", "push 4/4"]  # 3 graphs and the union
    assert summary.removed == (str(GRAPHS[0]),)
    assert Recorder.received[0][0].startswith("DELETE /store?graph=")
    assert str(GRAPHS[0]) not in json.loads((folder / STATE_FILE).read_text())[server]
    assert not (folder / JOURNAL_FILE).exists()


def test_a_builds_graphs_are_sent_with_the_bytes_the_store_holds(corpus_dir, tmp_path, server):
    """Read off the build's blocks, or off the store where a block is missing or broken: the same
    bodies, so the hashes of an earlier push still hold."""
    build_corpus([corpus_dir], tmp_path, view=None)
    store = Store.open(tmp_path, read_only=True)
    held = {name: store.dump_graph(name) for name in store.graph_names()} | {"default": store.dump_graph(None)}
    del store

    def sent() -> dict[str, bytes]:
        bodies = {unquote(path.partition("?graph=")[2]) or "default": body for path, _, body in Recorder.received}
        Recorder.received = []
        return bodies

    push(tmp_path, Endpoint(server))
    assert sent() == held and len(held) == 14  # 11 documents, the concepts, the dataset, the union
    blocks = sorted((tmp_path / BLOCKS_DIR).glob("*" + NT_BLOCK))
    blocks[0].unlink()
    blocks[1].write_bytes(blocks[1].read_bytes()[:50])
    push(tmp_path, Endpoint(server), sleep=pytest.fail)
    assert sent() == {}  # nothing changed
    forget_pushes(tmp_path)
    push(tmp_path, Endpoint(server))
    assert sent() == held


def test_authentication_failure_is_clear_and_keeps_the_password_out(folder, server):
    Recorder.script = [401]
    with pytest.raises(AuthError) as error:
        push(folder, Endpoint(server, user="alice", password="s3cret-pw"), sleep=lambda _: None)
    assert "credentials" in str(error.value) and "s3cret-pw" not in str(error.value)
    assert len(Recorder.received) == 1  # not retried
    assert Recorder.received[0][1].startswith("Basic ")


def test_credentials_in_the_url_are_used_but_never_shown(folder, server):
    url = server.replace("http://", "http://bob:hunter2@")
    summary = push(folder, Endpoint(url))
    assert "hunter2" not in summary.render() and "bob" not in summary.render()
    assert all(auth.startswith("Basic ") for _, auth, _ in Recorder.received)
    assert "hunter2" not in (folder / "push-state.json").read_text()


def _head_answered(status: int):
    """A ``do_HEAD`` that records the HEAD and answers ``status``, whatever its credentials."""

    def do_head(self):
        self.received.append((f"HEAD {self.path}", self.headers.get("Authorization", ""), b""))
        self._reply(status)

    return do_head


class OpenHeadDigestStore(DigestStore):
    """A DigestStore that lets a HEAD through without credentials."""

    do_HEAD = _head_answered(200)  # noqa: N815 - the protocol's verb


class NoHeadStore(Recorder):
    """A Basic Graph Store that does not do HEAD: 501, as a server without it answers."""

    do_HEAD = _head_answered(501)  # noqa: N815 - the protocol's verb


class NoHeadDigestStore(DigestStore):
    """A DigestStore that does not do HEAD."""

    do_HEAD = _head_answered(501)  # noqa: N815 - the protocol's verb


def _requests() -> list[str]:
    """What the store was sent: the method when not PUT, and the kind of credentials."""
    return [(path.split(" ")[0] + " " if " " in path else "") + (auth.split(" ")[0] or "none")
            for path, auth, _ in Recorder.received]


@pytest.mark.parametrize("server", [DigestStore], indirect=True)
def test_a_store_that_wants_digest_gets_it_and_basic_is_tried_only_once(folder, server):
    summary = push(folder, Endpoint(server, user="alice", password="s3cret-pw"))
    assert len(summary.sent) == 5
    # Basic is tried once, on a HEAD (refused); then each graph: a HEAD (challenged), the PUT in Digest
    assert _requests() == ["HEAD Basic"] + ["HEAD none", "Digest"] * 5
    assert all(b'"value' in body for path, auth, body in Recorder.received if auth.startswith("Digest") and "graph=" in path)
    # the union, sent from a file, is sent whole, once
    assert [body for path, auth, body in Recorder.received if path == "/store?default"] == [union_lines()]


@pytest.mark.parametrize("server", [OpenHeadDigestStore], indirect=True)
def test_a_store_that_wants_digest_for_writes_alone_gets_it(folder, server):
    summary = push(folder, Endpoint(server, user="alice", password="s3cret-pw"))
    assert len(summary.sent) == 5
    # the HEAD takes Basic, the PUT does not: Digest from then on, each PUT answering its own challenge
    assert _requests() == ["HEAD Basic", "Basic"] + ["HEAD none", "none", "Digest"] * 5
    assert [body for path, auth, body in Recorder.received if path == "/store?default" and body] == [union_lines()]


@pytest.mark.parametrize("server,sent", [
    (NoHeadStore, ["HEAD Basic"] + ["Basic"] * 5),
    (NoHeadDigestStore, ["HEAD Basic", "Basic"] + ["HEAD none", "none", "Digest"] * 5),
], ids=["basic", "digest"], indirect=["server"])
def test_a_store_that_does_not_do_head_is_pushed_to_as_before(folder, server, sent):
    summary = push(folder, Endpoint(server, user="alice", password="s3cret-pw"), sleep=pytest.fail)
    assert len(summary.sent) == 5
    assert _requests() == sent


@pytest.mark.parametrize("server", [DigestStore], indirect=True)
def test_a_wrong_digest_password_is_refused_after_one_answer(folder, server):
    with pytest.raises(AuthError, match="credentials") as error:
        push(folder, Endpoint(server, user="alice", password="wrong"), sleep=lambda _: None)
    assert "wrong" not in str(error.value)
    assert _requests() == ["HEAD Basic", "HEAD none", "Digest"]


@pytest.mark.parametrize("server", [DigestStore], indirect=True)
def test_a_large_graph_reaches_a_store_that_refuses_before_reading(tmp_path, server):
    # such a store closes the connection on a body it has not read: a body sent with credentials
    # it refuses, or none, meets a broken pipe, and the push fails however often it is retried
    store = Store.open(tmp_path, create=True)
    large = Graph()
    large.add((URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal("many words " * 800_000)))
    store.replace_graph(GRAPHS[0], large)
    store.flush()
    del store
    summary = push(tmp_path, Endpoint(server, user="alice", password="s3cret-pw"), sleep=lambda _: None)
    assert len(summary.sent) == 2
    assert _requests() == ["HEAD Basic"] + ["HEAD none", "Digest"] * 2
    assert all(len(body) > 8_000_000 for _, auth, body in Recorder.received if auth.startswith("Digest"))


def test_an_endpoint_that_is_down_fails_after_bounded_retries(folder):
    waits = []
    with pytest.raises(PushError, match="after 3 attempts"):
        push(folder, Endpoint("http://127.0.0.1:9/store", retries=2, timeout=2), sleep=waits.append)
    assert len(waits) == 2


@pytest.mark.parametrize("url,shown", [
    ("http://u:p@host:8080/ds/data", "http://host:8080/ds/data"),
    ("https://host/store", "https://host/store"),
    # not parsed: an unclosed IPv6 host, a port out of range
    ("http://u:s3cret@[::1/store", "http://[::1/store"),
    ("http://u:s3cret@host:99999/store", "http://host:99999/store"),
])
def test_redact(url, shown):
    assert redact(url) == shown


@pytest.mark.parametrize("url", ["notaurl", "ftp://host/store", "http://", "http://[::1/store",
                                 "http://host:99999/store", "http://u:s3cret@[::1/store", "", "http://host/a b"])
def test_an_address_that_is_no_http_url_is_refused_before_anything_is_sent(folder, url):
    with pytest.raises(PushError, match="not an http") as caught:
        push(folder, Endpoint(url), sleep=pytest.fail)
    assert "s3cret" not in str(caught.value)
    assert not (folder / STATE_FILE).exists()


def test_a_store_a_build_is_changing_is_not_pushed(folder, server):
    """Half-way through a build (or after one cut short) the store is not what any build made."""
    (folder / UNION_MARK).touch()
    with pytest.raises(PushError, match="a build is changing this store"):
        push(folder, Endpoint(server))
    assert Recorder.received == []
