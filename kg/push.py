"""Push the stored graphs to a remote triple store with the SPARQL 1.1 Graph Store protocol.

Each named graph is sent whole with ``PUT ?graph=<iri>``, and the union of
them as the default graph with ``PUT ?default``, which replaces what
the remote store held under that name: pushing again never duplicates, and a
graph is never half-written (the server applies one request or none). What was
pushed is remembered per endpoint in ``DIR/push-state.json`` (a hash per
graph; each graph pushed is a line added to ``DIR/push-state.journal``, which
the state takes in when the push ends, however it ends, or when the next push
begins after a run that was killed), so a rerun after a failure sends only
what is missing or changed, and
a graph pushed before that the store no longer holds (its file was removed from
the build) is deleted from the remote store with ``DELETE ?graph=<iri>``.
A store that a build is changing, or that a build cut short left half-way,
is not pushed.

Connection errors and server errors (5xx) are retried with exponential
backoff, a bounded number of times; an authentication failure stops at once
with a clear error. Credentials go as HTTP Basic, and as Digest to a store
that asks for it (Virtuoso), settled by a HEAD before a graph is sent (a store
may refuse a body without reading it). They never appear in messages: URLs are
shown without their user information and the password is sent only in the
header.
"""
from __future__ import annotations

import base64
import hashlib
import json
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from kg.export import BLOCKS_DIR, block_lines, union_lines, write_atomic
from kg.store import Store

STATE_FILE = "push-state.json"
JOURNAL_FILE = "push-state.journal"  # a line per graph pushed or removed since the state was written
NTRIPLES = "application/n-triples"
DEFAULT_GRAPH = "default"
# Lines of the union sorted in memory at a time (about 40 MB); the runs are merged from disk.
SORT_RUN = 250_000
# What a store that does not do HEAD answers it: nothing is learnt, and the request goes as before.
NO_HEAD = (405, 501)


class PushError(RuntimeError):
    """The remote store refused or could not be reached."""


class AuthError(PushError):
    """The remote store refused the credentials."""


@dataclass(frozen=True)
class Endpoint:
    """Where and how to push. ``graph_store`` is the Graph Store protocol URL."""

    graph_store: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 60.0
    retries: int = 4
    backoff: float = 0.5

    @property
    def shown(self) -> str:
        return redact(self.graph_store)


@dataclass(frozen=True)
class PushSummary:
    endpoint: str  # without credentials
    sent: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...] = ()

    def render(self) -> str:
        removed = f", {len(self.removed)} removed" if self.removed else ""
        return f"pushed to {self.endpoint}: {len(self.sent)} graphs sent, {len(self.unchanged)} unchanged{removed}"


def redact(url: str) -> str:
    """The URL without user name or password; one that cannot be parsed loses what comes between
    its scheme and its last "@".

    >>> redact("http://ann:secret@[::1/store")
    'http://[::1/store'
    """
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:  # an unclosed IPv6 host, a port out of range
        scheme, sep, rest = url.partition("://")
        return scheme + sep + rest.rpartition("@")[2] if sep else url.rpartition("@")[2]
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if port:
        host += f":{port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def is_http_url(url: str | None) -> bool:
    """Whether ``url`` is an http(s) URL with a host, as an endpoint or a Graph Store has.

    >>> is_http_url("http://127.0.0.1:7878/store"), is_http_url("127.0.0.1:7878/store")
    (True, False)
    """
    if not url or any(c.isspace() for c in url):
        return False
    try:
        parts = urllib.parse.urlsplit(url)
        _ = parts.port  # a port that is not a number raises here
    except ValueError:  # an unclosed IPv6 host, a port out of range
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def graph_store_url(endpoint: str, graph_store: str | None = None) -> str:
    """The Graph Store URL: as given, or Oxigraph's ``/store`` beside its ``/query``."""
    if graph_store:
        return graph_store
    for suffix in ("/query", "/sparql"):
        if endpoint.rstrip("/").endswith(suffix):
            return endpoint.rstrip("/")[: -len(suffix)] + "/store"
    return endpoint


def push(
    folder: str | Path,
    endpoint: Endpoint,
    progress: Callable[[str], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> PushSummary:
    """Send every named graph of the store in ``folder`` that the endpoint does not hold yet.

    ``progress`` is told ``"remove 1/3"``, then ``"push 12/1180"``: the graphs
    removed and the graphs gone through (sent or found unchanged), of how many.
    """
    if not is_http_url(endpoint.graph_store):
        raise PushError(f"{endpoint.shown!r} is not an http(s) URL of a Graph Store (--endpoint, --graph-store)")
    store = Store.open(folder, read_only=True)
    if store.interrupted:
        raise PushError(f"{folder}: a build is changing this store, or one was cut short; "
                        "push once a build has ended (run kg build again if none is running)")
    with _State(Path(folder)) as state:
        pushed = state.of(endpoint.shown)
        credentials = _Credentials.of(endpoint)
        sent, unchanged, removed = [], [], []
        names = store.graph_names()
        gone = sorted(set(pushed) - set(names) - {DEFAULT_GRAPH})
        for done, name in enumerate(gone, start=1):
            _put(endpoint, name, None, sleep, credentials)
            state.note(endpoint.shown, name, None)
            removed.append(name)
            if progress:
                progress(f"remove {done}/{len(gone)}")
        # The default graph goes too: it is the union of the named graphs, each
        # triple once, so queries see the same rows on the remote store as here.
        every = names + [DEFAULT_GRAPH]
        for done, name in enumerate(every, start=1):
            with _body(store, name) as (body, digest):
                if pushed.get(name) == digest:
                    unchanged.append(name)
                else:
                    _put(endpoint, name, body, sleep, credentials)
                    state.note(endpoint.shown, name, digest)
                    sent.append(name)
            if progress:
                progress(f"push {done}/{len(every)}")
    return PushSummary(endpoint.shown, tuple(sent), tuple(unchanged), tuple(removed))


def forget_pushes(folder: str | Path) -> None:
    """Forget what was pushed from ``folder``: the next push sends every graph (``--force``)."""
    for name in (STATE_FILE, JOURNAL_FILE):
        (Path(folder) / name).unlink(missing_ok=True)


@contextmanager
def _body(store: Store, name: str) -> Iterator[tuple[bytes | FileBody, str]]:
    """A graph's sorted N-Triples and their SHA-256.

    A document's graph is held in memory. The union, as large as the whole
    store, is sorted on disk into a file beside the store (``union_lines``)
    and sent from there, so pushing takes the same memory for a million triples
    as for a hundred million. The lines are read from the blocks the build
    keeps beside the store (``block_lines``, the same bytes as the store's),
    as ``kg.ttl`` is written: reading 1,000 graphs out of the store took 11 s
    of a 15 s push. A graph without a block is read from the store.
    """
    blocks = store.path.parent / BLOCKS_DIR
    if name != DEFAULT_GRAPH:
        lines = block_lines(store, blocks, name)
        body = b"\n".join(lines) + b"\n" if lines else b""
        yield body, hashlib.sha256(body).hexdigest()
        return
    with tempfile.TemporaryDirectory(prefix=".push-", dir=store.path.parent) as folder:
        path, digest = Path(folder) / "default.nt", hashlib.sha256()
        with path.open("wb") as out:
            for line in union_lines(store, blocks, run=SORT_RUN):
                line += b"\n"
                digest.update(line)
                out.write(line)
        yield FileBody(path), digest.hexdigest()


class FileBody:
    """A request body read from a file, from its first byte every time it is sent.

    A retry, or the answer to a Digest challenge, sends the same request
    again: a file object would be at its end by then, so the body is an
    iterable that opens the file anew.
    """

    BLOCK = 1 << 20

    def __init__(self, path: Path):
        self.path = path
        self.size = path.stat().st_size

    def __iter__(self) -> Iterator[bytes]:
        with self.path.open("rb") as handle:
            while block := handle.read(self.BLOCK):
                yield block


class _State:
    """What was pushed, per endpoint: graph -> hash of what was sent.

    Rewriting the whole state after each graph would cost a push of n graphs
    n states of up to n lines (at 5,000 graphs, 14 s of 5,000 writes). Each
    graph pushed is a line added to the journal instead, and the state is
    written once, when the push ends or fails; the journal of a run that was
    killed is taken in when the next one begins. A line lost with the machine
    only means a graph is sent again: a PUT replaces, and a DELETE of a graph
    already gone is fine.
    """

    def __init__(self, folder: Path):
        self.path, self.journal_path = folder / STATE_FILE, folder / JOURNAL_FILE
        self.pushed = _read_state(self.path)
        self.changed = False  # whether the state on disk is behind: a journal taken in, a graph noted
        for endpoint, graph, digest in _read_journal(self.journal_path):
            self._apply(endpoint, graph, digest)
        self.journal = None

    def of(self, endpoint: str) -> dict[str, str]:
        return self.pushed.setdefault(endpoint, {})

    def note(self, endpoint: str, graph: str, digest: str | None) -> None:
        """``graph`` sent with hash ``digest``, or removed (None)."""
        self._apply(endpoint, graph, digest)
        if self.journal is None:
            self.journal = self.journal_path.open("a", encoding="utf-8")
        self.journal.write(json.dumps([endpoint, graph, digest]) + "\n")
        self.journal.flush()  # to the system: a killed process loses nothing

    def _apply(self, endpoint: str, graph: str, digest: str | None) -> None:
        self.changed = True
        if digest is None:
            self.of(endpoint).pop(graph, None)
        else:
            self.of(endpoint)[graph] = digest

    def __enter__(self) -> "_State":
        return self

    def __exit__(self, *exc) -> None:
        if self.journal is not None:
            self.journal.close()
        if self.changed:
            # the state first: killed in between, the journal is taken in again, to the same state
            write_atomic(self.path, json.dumps(self.pushed, indent=1, sort_keys=True) + "\n")
            self.journal_path.unlink(missing_ok=True)


def _read_state(path: Path) -> dict:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}  # an unreadable state only means everything is sent again
    if not isinstance(state, dict):
        return {}
    return {endpoint: graphs for endpoint, graphs in state.items() if isinstance(graphs, dict)}


def _read_journal(path: Path) -> Iterator[tuple[str, str, str | None]]:
    """The lines of a journal left by a killed push; a line cut short or garbled is passed over."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return
    for line in lines:
        try:
            endpoint, graph, digest = json.loads(line)
        except (ValueError, TypeError):  # not JSON, or not three values
            continue
        if isinstance(endpoint, str) and isinstance(graph, str) and (digest is None or isinstance(digest, str)):
            yield endpoint, graph, digest


@dataclass
class _Credentials:
    """Who pushes, and how the store takes the credentials: "basic", "digest", or None until asked."""

    user: str | None
    password: str = field(default="", repr=False)
    scheme: str | None = None

    def basic(self) -> str:
        """The Authorization header of Basic credentials."""
        return "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode()

    def passwords(self, url: str) -> urllib.request.HTTPPasswordMgrWithDefaultRealm:
        """The credentials for urllib's Digest handler, for any realm at ``url``."""
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, self.user, self.password)
        return passwords

    @classmethod
    def of(cls, endpoint: Endpoint) -> "_Credentials":
        given = urllib.parse.urlsplit(endpoint.graph_store)
        user = endpoint.user if endpoint.user is not None else given.username
        password = endpoint.password if endpoint.password is not None else given.password
        if user is None:
            return cls(None)
        return cls(urllib.parse.unquote(user), urllib.parse.unquote(password or ""))


def _put(endpoint: Endpoint, graph: str, body: bytes | FileBody | None, sleep: Callable[[float], None],
         credentials: _Credentials | None = None) -> None:
    """PUT ``body`` as the graph, or DELETE the graph when ``body`` is None (one already gone is fine)."""
    credentials = credentials or _Credentials.of(endpoint)
    url = _with_graph(redact(graph_store_url(endpoint.graph_store)), graph)
    last = ""
    for attempt in range(endpoint.retries + 1):
        try:
            _send(url, body, credentials, endpoint.timeout)
            return
        except urllib.error.HTTPError as error:
            if body is None and error.code == 404:
                return
            if error.code in (401, 403):
                raise AuthError(f"{redact(url)}: the store refused the credentials (HTTP {error.code}); check --user and --password") from None
            detail = error.read(300).decode("utf-8", "replace").strip()
            if error.code < 500:
                verb = "the removal of" if body is None else ""
                raise PushError(f"{redact(url)}: the store refused {verb} graph {graph} (HTTP {error.code}: {detail})".replace("  ", " ")) from None
            last = f"HTTP {error.code}: {detail}"
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as error:
            last = str(getattr(error, "reason", error))
        if attempt < endpoint.retries:
            sleep(endpoint.backoff * 2**attempt)
    raise PushError(f"{redact(url)}: could not push graph {graph} after {endpoint.retries + 1} attempts ({last}); run kg push again to finish")


def _send(url: str, body: bytes | FileBody | None, credentials: _Credentials, timeout: float) -> None:
    """One PUT of ``body`` (a DELETE when it is None), with the credentials the store takes.

    A store that refuses a request may answer before it has read the body and
    close the connection, as Virtuoso does: the sender then meets a broken
    pipe instead of the answer, and a body of a few megabytes is refused that
    way every time. So no body is sent on a guess. Whether the store takes
    Basic credentials is asked once, with a HEAD of the address; a store that
    answers them with a bare 401 (Virtuoso's ``/sparql-graph-crud-auth``) is
    sent Digest credentials, each request answering the challenge of a HEAD
    of its own. A store whose HEAD is open but whose writes refuse Basic gets
    Digest from then on, the request challenged itself.
    """
    if credentials.user is None:
        return _open(url, body, {}, timeout)
    if credentials.scheme is None:
        credentials.scheme = _scheme(url, credentials, timeout)
    if credentials.scheme == "basic":
        try:
            return _open(url, body, {"Authorization": credentials.basic()}, timeout)
        except urllib.error.HTTPError as error:
            if error.code != 401 or _asks_for(error, "basic"):
                raise  # refused by a store that speaks Basic: the credentials are wrong
            error.close()  # a store whose HEAD is open, and whose writes want Digest
            credentials.scheme = "digest"
    answer = _digest_answer(url, "DELETE" if body is None else "PUT", credentials, timeout)
    if answer is None:  # the HEAD was let through or not answered: the request is challenged itself
        return _open(url, body, {}, timeout, _DigestOnce(credentials.passwords(url)))
    return _open(url, body, {"Authorization": answer}, timeout)


def _scheme(url: str, credentials: _Credentials, timeout: float) -> str:
    """"basic" when the store takes Basic credentials (or asks for none, or does not answer a HEAD),
    "digest" when it answers them with a bare 401; an HTTPError when it asks for Basic and refuses
    these, or fails."""
    try:
        _open(url, None, {"Authorization": credentials.basic()}, timeout, method="HEAD")
    except urllib.error.HTTPError as error:
        if (error.code >= 500 and error.code not in NO_HEAD) or (error.code == 401 and _asks_for(error, "basic")):
            raise
        error.close()
        return "digest" if error.code == 401 else "basic"  # 404 and the like: the credentials did
    return "basic"


def _digest_answer(url: str, method: str, credentials: _Credentials, timeout: float) -> str | None:
    """The Authorization header answering the Digest challenge of a HEAD of ``url``, for ``method``;
    None when the HEAD is let through without credentials or not answered."""
    try:
        _open(url, None, {}, timeout, method="HEAD")
    except urllib.error.HTTPError as error:
        challenge = _challenge(error.headers, "digest")
        if error.code in NO_HEAD or (error.code < 500 and error.code != 401):
            error.close()
            return None
        if error.code != 401 or challenge is None:
            raise
        error.close()
        fields = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(challenge[len("digest "):])))
        handler = urllib.request.HTTPDigestAuthHandler(credentials.passwords(url))
        answer = handler.get_authorization(urllib.request.Request(url, method=method), fields)
        if answer is None:
            raise PushError(f"{redact(url)}: the store's Digest challenge cannot be answered ({challenge[:100]})") from None
        return "Digest " + answer
    return None


def _open(url: str, body: bytes | FileBody | None, headers: dict[str, str], timeout: float,
          *handlers: urllib.request.BaseHandler, method: str | None = None) -> None:
    if method is None:
        method = "DELETE" if body is None else "PUT"
    if body is None:
        request = urllib.request.Request(url, method=method, headers=headers)
    else:
        size = len(body) if isinstance(body, bytes) else body.size
        request = urllib.request.Request(url, data=body, method=method,
                                         headers={**headers, "Content-Type": NTRIPLES, "Content-Length": str(size)})
    with urllib.request.build_opener(*handlers).open(request, timeout=timeout) as response:
        response.read()


def _asks_for(error: urllib.error.HTTPError, scheme: str) -> bool:
    return _challenge(error.headers, scheme) is not None


def _challenge(headers, scheme: str, header: str = "WWW-Authenticate") -> str | None:
    """The first challenge of ``scheme`` ("basic", "digest") in an answer's ``header``."""
    return next((c.strip() for c in headers.get_all(header) or [] if c.strip().split(" ", 1)[0].lower() == scheme), None)


class _DigestOnce(urllib.request.HTTPDigestAuthHandler):
    """Answers one Digest challenge; another 401 after it means the credentials are wrong.

    The base class would try six times, sending the whole graph each time, and
    raises ValueError on a challenge that is neither Basic nor Digest.
    """

    def http_error_auth_reqed(self, auth_header, host, req, headers):
        digest = _challenge(headers, "digest", auth_header)
        if self.retried or digest is None:
            return None  # the 401 stands, and is reported as refused credentials
        self.retried += 1
        return self.retry_http_digest_auth(req, digest)


def _with_graph(base: str, graph: str) -> str:
    separator = "&" if "?" in base else "?"
    if graph == DEFAULT_GRAPH:
        return f"{base}{separator}default"
    return f"{base}{separator}graph={urllib.parse.quote(graph, safe='')}"
