"""The query stage: named SPARQL queries from ``queries/``, parameters bound, rows formatted.

Each ``.rq`` file opens with a comment block::

    # title: What a document cites
    # purpose: The documents a document cites, with the paragraph and words.
    # param symbol: string, default A/HRC/RES/57/12 -- the citing document's canonical symbol
    # columns: cited, paragraph, quote, date

Parameters are bound as RDF terms (never pasted into the query text). A
parameter the query does not declare is ignored with a warning; a declared one
without a default that is not given is an error naming it.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from kg.resources import resource_dir

HEADER = re.compile(r"^#\s*(?P<key>title|purpose|columns|param\s+(?P<param>\w+))\s*:\s*(?P<value>.*)$")
# "string, default A/HRC/RES/57/12 -- what it is" / "integer, required -- ..."
PARAM_SPEC = re.compile(r"^(?P<type>string|integer|iri)\s*(?:,\s*(?:default\s+(?P<default>[^\s]+)|required))?")
FORMATS = ("table", "csv", "json")


class QueryError(ValueError):
    """A query that cannot be found, parsed or run as asked."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # string, integer, iri
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
                raise QueryError(f"{path}: parameter {match.group('param')!r}: expected 'string|integer|iri[, default X|, required] -- text'")
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
    return raw


def run(store, query: NamedQuery, given: dict[str, str] | None = None, warn=None) -> tuple[list[str], list[dict]]:
    """Run a named query on the embedded store."""
    values = bind(query, given or {}, warn)
    try:
        return store.select(query.text, values)
    except SyntaxError as error:
        raise QueryError(f"{query.path}: {error}") from error


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
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines) + "\n"


def _cell(value) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:77] + "..."
