"""The export stage: deterministic Turtle, TriG, N-Triples and JSON-LD.

Same graph, same bytes: Turtle and TriG are sorted and grouped by subject
(``kg.turtle``), N-Triples are sorted lines, JSON-LD is sorted after
serialising. Every file
is written atomically (a temporary file beside it, then a rename), so an
interrupted run leaves the previous file whole.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.iri import Minter
from kg.turtle import write_trig, write_turtle
from kg.vocab import bind_prefixes, prefix_map

FORMATS = ("ttl", "trig", "nt", "jsonld")
# Characters that may not stand in an IRI written between angle brackets.
IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# In a quoted literal: the quote, the backslash and the line ends must be
# escaped; U+2028/U+2029 are escaped too so the output survives JavaScript tools.
LITERAL_ESCAPES = str.maketrans({
    "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r",
    "\u2028": "\\u2028", "\u2029": "\\u2029",
})


class ExportError(ValueError):
    """An export that cannot be written as asked."""


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # what a plain open() would give, not mkstemp's 0600
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def clear_temporaries(folder: str | Path) -> None:
    """Remove the temporary files a killed run of ``write_atomic`` may have left in ``folder``."""
    for stale in Path(folder).glob(".*.tmp"):
        stale.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def merged(dataset: Dataset, minter: Minter | None = None) -> Graph:
    """All named graphs of ``dataset`` as one graph."""
    graph = Graph()
    bind_prefixes(graph, minter or Minter.configured())
    for context in dataset.graphs():
        for triple in context:
            graph.add(triple)
    return graph


def turtle(graph: Graph, minter: Minter | None = None) -> str:
    """Sorted, diff-friendly Turtle with the project's prefixes."""
    return write_turtle(nt_triples(graph), prefix_map(minter or Minter.configured()))


def trig(dataset: Dataset, minter: Minter | None = None) -> str:
    """TriG: one prefix header, then each named graph in IRI order."""
    graphs = [
        (str(context.identifier), nt_triples(context))
        for context in dataset.graphs() if isinstance(context.identifier, URIRef)
    ]
    return write_trig(graphs, prefix_map(minter or Minter.configured()))


def store_turtle(store, minter: Minter | None = None) -> str:
    """Turtle of the store's default graph (the union of its named graphs), read straight from the store."""
    return write_turtle(store.triples(), prefix_map(minter or Minter.configured()))


def store_trig(store, minter: Minter | None = None) -> str:
    """TriG of the store's named graphs, read straight from the store."""
    graphs = [(name, store.triples(name)) for name in store.graph_names()]
    return write_trig(graphs, prefix_map(minter or Minter.configured()))


def nt_triples(graph: Graph):
    """The triples of an rdflib graph as N-Triples terms."""
    return ((nt_term(s), nt_term(p), nt_term(o)) for s, p, o in graph)


def ntriples(graph: Graph) -> str:
    """N-Triples, one sorted line per triple."""
    return "".join(sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in graph))


def nt_term(term) -> str:
    """An RDF term in N-Triples syntax, every character that could end it escaped.

    The same form is valid in SPARQL, so the store and the query bindings use it too.
    """
    if isinstance(term, URIRef):
        value = str(term)
        if IRI_UNSAFE.search(value):
            raise ExportError(f"refusing to write the IRI {value!r}: it holds characters an IRI cannot")
        return f"<{value}>"
    if isinstance(term, Literal):
        quoted = '"' + str(term).translate(LITERAL_ESCAPES) + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        if term.datatype and str(term.datatype) != str(XSD.string):
            return f"{quoted}^^{nt_term(term.datatype)}"
        return quoted
    raise ExportError(f"cannot write {term!r}: only IRIs and literals are written (no blank nodes)")


def jsonld(graph: Graph, minter: Minter | None = None) -> str:
    """JSON-LD with the project's prefixes as context, nodes and values sorted."""
    bind_prefixes(graph, minter or Minter.configured())
    context = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    return json.dumps(_sorted(data), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _sorted(value):
    if isinstance(value, dict):
        return {k: _sorted(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def render(dataset: Dataset, fmt: str, minter: Minter | None = None) -> str:
    """The dataset in one of ``FORMATS``."""
    if fmt == "trig":
        return trig(dataset, minter)
    graph = merged(dataset, minter)
    if fmt == "ttl":
        return turtle(graph, minter)
    if fmt == "nt":
        return ntriples(graph)
    if fmt == "jsonld":
        return jsonld(graph, minter)
    raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def export(dataset: Dataset, fmt: str, out: str | Path, minter: Minter | None = None) -> Path:
    """Write the dataset to ``out`` in ``fmt``."""
    return write_atomic(out, render(dataset, fmt, minter))


def split_name(graph_name: str, minter: Minter) -> str:
    """File name for a named graph: ``graph/A/HRC/RES/57/12@zh`` -> ``A-HRC-RES-57-12.zh.ttl``."""
    prefix = minter.base + "graph/"
    local = graph_name[len(prefix):] if graph_name.startswith(prefix) else graph_name
    local = local.replace("/", "-").replace("@", ".")
    return re.sub(r"[^A-Za-z0-9.()\-]", "_", local) + ".ttl"


def export_split(dataset: Dataset, folder: str | Path, minter: Minter | None = None) -> list[Path]:
    """One Turtle file per named graph in ``folder``, so a change to one document is a change to one file.

    Files of graphs no longer in the dataset are removed.
    """
    minter = minter or Minter.configured()
    folder = Path(folder)
    written = []
    for context in sorted(dataset.graphs(), key=lambda c: str(c.identifier)):
        if not isinstance(context.identifier, URIRef) or not len(context):
            continue
        graph = Graph()
        for triple in context:
            graph.add(triple)
        written.append(write_atomic(folder / split_name(str(context.identifier), minter), turtle(graph, minter)))
    keep = {p.name for p in written}
    for stale in folder.glob("*.ttl"):
        if stale.name not in keep:
            stale.unlink()
    return written
