"""The query stage: named SPARQL queries from ``queries/``, parameters bound, rows formatted.

Each ``.rq`` file opens with a comment block::

    # title: What a document cites
    # purpose: The documents a document cites, with the paragraph and words.
    # param symbol: string, default A/HRC/RES/57/12 -- the citing document's canonical symbol
    # columns: cited, paragraph, quote, date

A parameter is a ``string``, an ``integer``, an ``iri`` or a ``language`` (one
of the six UN languages: ar, en, es, fr, ru, zh; any other is an error, not a
silent fall back to English). Parameters are bound as RDF terms (never pasted
into the query text). A parameter the query does not declare is ignored with a
warning; a declared one without a default that is not given is an error naming
it. A parameter given as ``*`` is left unbound, so its variable takes every
value.

The values travel in ``VALUES`` blocks at the start of the query's outermost
WHERE group (``kg.bindings.with_values``), the same text for the embedded store
and for any SPARQL 1.1 endpoint: a parameter's variable is bound before the
pattern is matched, so it narrows what an aggregate counts, and a FILTER or a
SELECT expression can read it. That shapes how the queries of the library are
written:

- a parameter filters by joining: its variable is bound by the pattern in every
  row (``?doc kg:symbol ?symbol``), not only inside an OPTIONAL (there a value
  would narrow what the OPTIONAL adds, not the rows), so that a parameter left
  unbound (``*``) still fills its column;
- a BIND cannot set a variable already bound (SPARQL rejects the query): a
  column that a parameter filters on and that a BIND works out (``?body``, ""
  for a document of no body) is worked out, with the rows it belongs to, in a
  group of its own, which the parameter's value is then joined with.

The library also keeps clear of what Virtuoso 7.2 answers otherwise: a flag
such as ``read`` is the word "true" or "false" (Virtuoso gives any boolean as
1 or 0), worked out before the OPTIONALs (after them its EXISTS can come out
false), and YEAR() is taken of a bound date only (of an unbound one Virtuoso
fails the query).

``run`` queries the embedded store, which leaves a query's final ORDER BY to
Python where it can (``kg.ordering``); ``run_remote`` sends the same text to an
endpoint through SPARQLWrapper and returns rows of the same shape, types and order.
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
import textwrap
import time
import urllib.parse
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from kg.bindings import with_values
from kg.resources import resource_dir
from kg.views.text import plural

HEADER = re.compile(r"^#\s*(?P<key>title|purpose|columns|param\s+(?P<param>\w+))\s*:\s*(?P<value>.*)$")
# "string, default A/HRC/RES/57/12 -- what it is" / "integer, required -- ..."
PARAM_SPEC = re.compile(r"^(?P<type>string|integer|iri|language)\s*(?:,\s*(?:default\s+(?P<default>[^\s]+)|required))?")
FORMATS = ("table", "csv", "json")
# Virtuoso gives at most ResultSetMaxRows rows (10,000 in Debian's package) and says so only in
# this header, sent when an answer has that many rows: a longer answer is cut without an error.
ROW_LIMIT_HEADER = "X-SPARQL-MaxRows"
# A parameter given as "*" is left unbound, so its variable takes every value.
# Only a parameter whose default is "*" takes it: for one that names a single
# value (the session a status is read at, the document whose paragraphs are
# listed) the rows would mean nothing, and stores would not even agree on them.
ANY = "*"
# Seconds an endpoint has to answer a query (connect, run, send the rows).
DEFAULT_TIMEOUT = 60.0
# Literal datatypes read as Python numbers, as the embedded store reads them.
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = frozenset(XSD + t for t in ("integer", "int", "long", "nonNegativeInteger"))
FLOAT_TYPES = frozenset(XSD + t for t in ("decimal", "double", "float"))


class QueryError(ValueError):
    """A query that cannot be found, parsed or run as asked."""


class EndpointError(QueryError):
    """A SPARQL endpoint that cannot be reached, refuses the query or answers something else than results."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # string, integer, iri, language (one of the six UN languages)
    default: str | None
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    title: str
    purpose: str
    columns: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    text: str


def library() -> list[NamedQuery]:
    """Every query of ``queries/``, by name."""
    return [load(path) for path in sorted(resource_dir("queries").glob("*.rq"))]


def find(name_or_path: str) -> NamedQuery:
    """A query by its name in the library, or a ``.rq`` file by path."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.is_file():
        return load(path)
    candidate = resource_dir("queries") / f"{name_or_path}.rq"
    if candidate.is_file():
        return load(candidate)
    names = ", ".join(q.name for q in library())
    raise QueryError(f"no query named {name_or_path!r}; the library has: {names}")


def describe(query: NamedQuery) -> str:
    """What a query gives, its parameters and its columns, as ``kg query NAME --describe`` shows them."""
    lines = [f"{query.name}: {query.title}", *textwrap.wrap(query.purpose, 100), ""]
    if query.parameters:
        lines.append("parameters (--param KEY=VALUE):")
        width = max(len(parameter.name) for parameter in query.parameters)
        for parameter in query.parameters:
            given = "required" if parameter.default is None else f"default {parameter.default}"
            lines.append(f"  {parameter.name:<{width}}  {parameter.type}, {given}: {parameter.description}")
    else:
        lines.append("parameters: none")
    lines.append(f"columns: {', '.join(query.columns)}")
    return "\n".join(lines)


def load(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    parameters = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = HEADER.match(line)
        if not match:
            continue
        if match.group("param"):
            spec, _, description = match.group("value").partition("--")
            typed = PARAM_SPEC.match(spec.strip())
            if not typed:
                raise QueryError(f"{path}: parameter {match.group('param')!r}: expected 'string|integer|iri|language[, default X|, required] -- text'")
            parameters.append(Parameter(match.group("param"), typed.group("type"), typed.group("default"), description.strip()))
        else:
            fields[match.group("key")] = match.group("value").strip()
    if "title" not in fields:
        raise QueryError(f"{path}: the comment block must start with '# title: ...'")
    columns = tuple(c.strip() for c in fields.get("columns", "").split(",") if c.strip())
    return NamedQuery(path.stem, path, fields["title"], fields.get("purpose", ""), columns, tuple(parameters), text)


def bind(query: NamedQuery, given: dict[str, str], warn=None) -> dict[str, object]:
    """The parameter values to substitute: given ones typed, defaults filled, unknown ones warned about."""
    warn = warn or (lambda message: print(message, file=sys.stderr))
    declared = {p.name: p for p in query.parameters}
    for name in sorted(set(given) - set(declared)):
        warn(f"warning: query {query.name!r} has no parameter {name!r}; ignored")
    values: dict[str, object] = {}
    for parameter in query.parameters:
        raw = given.get(parameter.name, parameter.default)
        if raw is None:
            raise QueryError(f"query {query.name!r} needs the parameter {parameter.name!r} ({parameter.description}): add --param {parameter.name}=VALUE")
        if raw == ANY:
            if parameter.default != ANY:
                raise QueryError(f"query {query.name!r}: parameter {parameter.name!r} takes one value, not {ANY} "
                                 f"({parameter.description})")
            continue  # left unbound: the query's variable takes every value
        values[parameter.name] = _typed(query, parameter, raw)
    return values


def _typed(query: NamedQuery, parameter: Parameter, raw: str):
    if parameter.type == "integer":
        if not re.fullmatch(r"-?\d{1,9}", raw):
            raise QueryError(f"query {query.name!r}: parameter {parameter.name!r} must be an integer, not {raw!r}")
        return int(raw)
    if parameter.type == "iri":
        from rdflib import URIRef

        if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", raw):
            raise QueryError(f"query {query.name!r}: parameter {parameter.name!r} must be an http(s) IRI, not {raw!r}")
        return URIRef(raw)
    if parameter.type == "language":
        from kg.language import LANGUAGE_NAMES

        if raw not in LANGUAGE_NAMES:
            raise QueryError(f"query {query.name!r}: parameter {parameter.name!r} must be one of the six UN languages "
                             f"({', '.join(sorted(LANGUAGE_NAMES))}), not {raw!r}")
    return raw


def run(store, query: NamedQuery, given: dict[str, str] | None = None, warn=None) -> tuple[list[str], list[dict]]:
    """Run a named query on the embedded store."""
    values = bind(query, given or {}, warn)
    try:
        return store.select(query.text, values)
    except SyntaxError as error:
        raise QueryError(f"{query.path}: {error}") from error


def bound_text(query: NamedQuery, given: dict[str, str] | None = None, warn=None) -> str:
    """The query's text with its parameters bound: what the embedded store and any endpoint are sent.

    >>> 'WHERE { VALUES (?symbol) { ("A/HRC/RES/57/12") }' in bound_text(find("cites"), {})
    True
    """
    try:
        return with_values(query.text, bind(query, given or {}, warn))
    except SyntaxError as error:
        raise QueryError(f"{query.path}: {error}") from error


def run_remote(endpoint: str, query: NamedQuery, given: dict[str, str] | None = None, warn=None,
               timeout: float = DEFAULT_TIMEOUT, user: str | None = None,
               password: str | None = None) -> tuple[list[str], list[dict]]:
    """Run a named query on a SPARQL 1.1 endpoint: the rows ``run`` gives on the same graph.

    The endpoint's default graph must hold the graph, each triple once: ``kg
    push`` writes it there; an Oxigraph server started with
    ``--union-default-graph`` serves the union of the named graphs instead.
    """
    return select_remote(endpoint, bound_text(query, given, warn), timeout, user, password)


def select_remote(endpoint: str, sparql: str, timeout: float = DEFAULT_TIMEOUT,
                  user: str | None = None, password: str | None = None) -> tuple[list[str], list[dict]]:
    """A SELECT on a SPARQL endpoint: variable names and rows (ints, floats, strings, None).

    ``timeout`` bounds the whole exchange; an endpoint that is down, too slow,
    refuses the query or answers anything but SPARQL JSON results is an
    ``EndpointError`` naming it.
    """
    from kg.push import is_http_url, redact

    shown = redact(endpoint or "")
    if not is_http_url(endpoint):
        raise EndpointError(f"{shown!r} is not an http(s) URL of a SPARQL endpoint")
    parts = urllib.parse.urlsplit(endpoint)
    if parts.username is not None:  # user:password@host: sent as HTTP basic credentials, never in the URL
        user = user if user is not None else urllib.parse.unquote(parts.username)
        password = password if password is not None else urllib.parse.unquote(parts.password or "")
        endpoint = shown
    deadline = time.monotonic() + timeout
    body, headers = _fetch(endpoint, shown, sparql, timeout, deadline, user, password)
    variables, rows = _results(shown, body, headers.get("Content-Type", ""))
    _check_row_limit(shown, headers.get(ROW_LIMIT_HEADER), len(rows))
    return variables, rows


def _check_row_limit(shown: str, limit: str | None, rows: int) -> None:
    """An answer that reached the endpoint's row limit may have been cut short: an error,
    not a short list that reads as the whole answer."""
    if limit is None:
        return
    try:
        most = int(limit)
    except ValueError:
        return
    if rows >= most:
        raise EndpointError(
            f"{shown}: the endpoint stopped at its limit of {most} rows ({ROW_LIMIT_HEADER}), so the answer "
            "may be cut short: raise the limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section of "
            "virtuoso.ini) or narrow the query with its parameters")


def _fetch(endpoint: str, shown: str, sparql: str, timeout: float, deadline: float,
           user: str | None, password: str | None) -> tuple[bytes, Message]:
    """POST the query with SPARQLWrapper and read the whole answer before ``deadline``: its
    body and headers."""
    import http.client
    import urllib.error

    from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import (
        EndPointInternalError,
        EndPointNotFound,
        QueryBadFormed,
        SPARQLWrapperException,
        Unauthorized,
    )

    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(max(1, math.ceil(timeout)))  # whole seconds; the deadline below bounds the rest
    if user is not None:
        client.setCredentials(user, password or "")
    client.setQuery(sparql)
    # SPARQLWrapper guesses the query form from the text, and its comment
    # stripping misses every other line of a comment block like the one each
    # query opens with ("ask" or "add" in a comment made it an ASK or an update).
    client.queryType = SELECT
    try:
        response = client.query().response
        return _read_until(response, deadline, shown, timeout), response.headers
    except QueryBadFormed as error:
        raise EndpointError(f"{shown}: the endpoint rejected the query as malformed: {_detail(error)}") from error
    except EndPointNotFound as error:
        raise EndpointError(f"{shown}: no SPARQL endpoint at this address (HTTP 404); Oxigraph's is .../query") from error
    except Unauthorized as error:
        raise EndpointError(f"{shown}: the endpoint wants credentials (HTTP 401): give a user and password") from error
    except EndPointInternalError as error:
        raise EndpointError(f"{shown}: the endpoint failed on the query (HTTP 500): {_detail(error)}") from error
    except urllib.error.HTTPError as error:
        raise EndpointError(f"{shown}: the endpoint answered HTTP {error.code} {error.reason}") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise EndpointError(f"{shown}: no answer within {timeout:g} s") from error
        raise EndpointError(f"{shown}: cannot connect ({error.reason}); is the server running, and is the URL right?") from error
    except TimeoutError as error:
        raise EndpointError(f"{shown}: no answer within {timeout:g} s") from error
    except (http.client.HTTPException, ConnectionError) as error:
        raise EndpointError(f"{shown}: the connection broke before an answer ({type(error).__name__}: {error})") from error
    except SPARQLWrapperException as error:
        raise EndpointError(f"{shown}: {error}") from error


def _read_until(response, deadline: float, shown: str, timeout: float) -> bytes:
    """The response body, read in chunks; an answer still coming at ``deadline`` is abandoned."""
    chunks = []
    # read1 returns what one read of the socket brings: an answer that trickles in
    # byte by byte still meets the deadline (read would wait for the whole chunk)
    read = getattr(response, "read1", response.read)
    while True:
        if time.monotonic() > deadline:
            response.close()
            raise EndpointError(f"{shown}: the answer did not arrive within {timeout:g} s")
        chunk = read(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _detail(error: Exception) -> str:
    return " ".join(str(error).split())[:300]


def _results(shown: str, body: bytes, content_type: str) -> tuple[list[str], list[dict]]:
    """SPARQL 1.1 JSON results to (variables, rows), the types as ``kg.store`` gives them."""
    try:
        data = json.loads(body.decode("utf-8"))
        variables = data["head"]["vars"]
        bindings = data["results"]["bindings"]
        if not (isinstance(variables, list) and all(isinstance(v, str) for v in variables)
                and isinstance(bindings, list) and all(isinstance(b, dict) for b in bindings)):
            raise TypeError("head.vars or results.bindings has the wrong shape")
        rows = [{name: _value(binding.get(name)) for name in variables} for binding in bindings]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        start = body[:80].decode("utf-8", "replace")
        raise EndpointError(
            f"{shown}: the answer is not SPARQL JSON results ({type(error).__name__}: {error}; "
            f"content type {content_type or 'none'!r}, starting {start!r}); is the URL the endpoint's query address?"
        ) from error
    return variables, rows


def _value(term):
    """One bound value of a JSON result: numbers as numbers, everything else as its string."""
    if term is None:
        return None
    value = term["value"]
    if not isinstance(value, str):
        raise TypeError(f"a value that is not a string: {value!r}")
    if term.get("type") in ("literal", "typed-literal"):
        datatype = term.get("datatype", "")
        if datatype in INTEGER_TYPES:
            return int(value)
        if datatype in FLOAT_TYPES:
            return float(value)
    return value


def render(columns: list[str], rows: list[dict], fmt: str = "table") -> str:
    """Rows as an aligned text table, CSV or JSON."""
    if fmt == "json":
        return json.dumps({"columns": columns, "rows": rows}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if row[c] is None else row[c] for c in columns] for row in rows])
        return out.getvalue()
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    cells = [[_cell(row[c]) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells)
    lines.append(f"({plural(len(rows), 'row')})")
    return "\n".join(lines) + "\n"


def _cell(value) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:77] + "..."
