"""The citation view after a rebuild: only the edges of the documents a change reaches are made again.

The whole citation view (``kg.views.citations``) draws an edge for each pair of
a citing and a cited document, with the words of the citing paragraphs. An
edge reads only what its citing document's graphs say: its paragraphs, their
words and citations, the citations' quotes and dates, and the cited
document's symbol, which every citing graph states. A build keeps the edges
of each citing document beside the store (``EDGES_FILE``), with the count of
changes of the store they were made from. A rebuild that changes a few graphs
makes again the edges of the documents its changed lines reach
(``kg.recount.reached``: a document read is its own, an expression, a citation
or a paragraph its document's) and of the documents that cite one whose symbol
came, went or changed (an edge needs both ends to have one); it reads the
documents again (their titles, years and counts make the nodes), and takes
every other document's edges as they were kept. Edges are kept by the symbol
of their citing document: two documents of one symbol are drawn as one.

A build that draws no view (``--no-view``) keeps the lines it changed instead
(``UNDRAWN_FILE``), with those of the builds before it that drew none since the
edges were kept: the next view makes again the edges of the documents that all
of them reach.

Everything is made again when nothing was kept of the store as it was (or of
the changes since), when the change reaches more than ``REDRAW_SHARE`` of the
documents or cannot be followed, or when a kept edge leads to a symbol the
graph no longer holds.
Tests hold the edges so made to those of the whole store, change after random
change, and a rebuild's page to the page of a first build, byte for byte.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from kg.bindings import values_blocks
from kg.export import write_atomic
from kg.recount import NOTATION, reached
from kg.store import Store
from kg.views.citations import citation_edges, whole_citation_view
from kg.views.graph import PREFIXES, Document, documents
from kg.views.model import ViewEdge
from kg.views.page import write_html
from kg.views.text import symbol_key

EDGES_FILE = ".view-edges.json"  # beside the store: the citation view's edges of each citing document
# Beside the store: the lines changed since the edges were kept, by builds that drew no view.
UNDRAWN_FILE = ".view-undrawn.nt"
# Past this share of the documents reached by a change, every edge is made again at once.
REDRAW_SHARE = 0.25
LANG = "en"  # the language of the view a build draws

# The documents and paragraphs that cite a node (the paragraphs are no citing documents: left out later).
CITING = PREFIXES + """SELECT DISTINCT ?doc WHERE {
  #NODES
  { ?paragraph cito:cites ?node ; dcterms:isPartOf ?doc } UNION { ?doc cito:cites ?node }
}"""

Edges = dict[str, tuple[ViewEdge, ...]]  # citing document's symbol -> its edges, in symbol order
Symbols = dict[str, str]  # every document's IRI -> its symbol


@dataclass(frozen=True)
class Kept:
    """What a build keeps of its citation view: the edges, and the documents' symbols they were made with."""

    edges: Edges
    symbols: Symbols


def write_citation_view(store: Store, out: Path, path: Path, changed: set[bytes] | None,
                        last_changes: int | None) -> Path:
    """Write the whole citation view of ``store`` to ``path`` (as ``kg viz`` does) and keep its
    edges in ``out``: the edges of the documents the ``changed`` lines reach are made again, the
    others are those kept, when they were kept of the store at ``last_changes`` (or before it,
    and the builds since that drew no view kept the lines they changed, which reach as well)."""
    select = store.rows
    found = documents(select)
    edges = _from_kept(store, out, found, changed, last_changes) if changed is not None else None
    if edges is None:
        edges = _by_source(citation_edges(select, found, LANG))
    written = write_html(whole_citation_view(found, _in_order(edges), LANG), path)
    _save(out, Kept(edges, _symbols(found)), store.changes)
    (out / UNDRAWN_FILE).unlink(missing_ok=True)  # of the edges kept before
    return written


def note_undrawn(out: Path, changed: set[bytes] | None, last_changes: int, changes: int, most: int) -> None:
    """After a build that drew no view, of the store at ``last_changes`` that it brought to
    ``changes``: keep the lines it ``changed`` with those the builds before it that drew none
    kept, for the next view to be drawn from the edges kept; or let them go, and the next view
    is drawn whole, when its change is not known or they are more than ``most``."""
    kept = _kept_changes(out)
    earlier = _undrawn(out, kept, last_changes) if changed is not None else None
    lines = None if earlier is None else earlier | _about_documents(changed)
    if lines is None or len(lines) > most:
        (out / UNDRAWN_FILE).unlink(missing_ok=True)
        return
    head = json.dumps({"kept": kept, "changes": changes}) + "\n"
    write_atomic(out / UNDRAWN_FILE, chain([head], (line + b"\n" for line in sorted(lines))))


def _about_documents(changed: set[bytes]) -> set[bytes]:
    """The ``changed`` lines but those of a concept's notation, which reaches every document's
    counts (kg.recount) and no edge."""
    return {line for line in changed if line.split(b" ", 2)[1] != NOTATION}


def _from_kept(store: Store, out: Path, found: dict[str, Document], changed: set[bytes],
               last_changes: int | None) -> Edges | None:
    """The edges of ``_redrawn`` from those kept in ``out``, read only when a few are made again
    (and so not held while all of them are); None when they cannot be."""
    head = _load_head(out, last_changes)
    if head is None:
        return None
    symbols, undrawn = head
    again = _made_again(store, found, symbols, changed | undrawn)
    kept = _load_edges(out) if again is not None else None
    return None if kept is None else _joined(store, found, kept, again)


def _redrawn(store: Store, found: dict[str, Document], kept: Kept, changed: set[bytes]) -> Edges | None:
    """The edges ``kept``, with those made again of the citing documents that ``changed`` reaches,
    whose symbol came, went or changed, or that cite one such; None when they cannot be (a change
    that cannot be followed, too many documents reached, a kept edge to a symbol no longer held)."""
    again = _made_again(store, found, kept.symbols, changed)
    return None if again is None else _joined(store, found, kept.edges, again)


def _made_again(store: Store, found: dict[str, Document], symbols: Symbols, changed: set[bytes]) -> set[str] | None:
    """The symbols of the citing documents whose edges are made again (those of ``_redrawn``), the
    documents' ``symbols`` being those the edges were kept with; None when the change cannot be
    followed or reaches too many documents."""
    about_documents = _about_documents(changed)
    touched = reached(store, about_documents) if about_documents else set()
    if touched is None:
        return None
    now = _symbols(found)
    renamed = sorted(iri for iri in now.keys() | symbols.keys() if now.get(iri) != symbols.get(iri))
    touched |= set(renamed) | {row["doc"] for block in values_blocks("?node", renamed)
                               for row in store.rows(CITING.replace("#NODES\n", block))}
    # by symbol: the edges of two documents that share one are drawn as one
    again = {symbol for iri in touched for symbol in (now.get(iri), symbols.get(iri)) if symbol is not None}
    return None if len(again) > REDRAW_SHARE * len(now) else again


def _joined(store: Store, found: dict[str, Document], kept: Edges, again: set[str]) -> Edges | None:
    """The edges ``kept`` of the citing documents whose symbols are not ``again``, and those made
    again of the others; None when a kept edge leads to a symbol the graph no longer holds."""
    edges = {source: held for source, held in kept.items() if source not in again}
    held_now = {document.symbol for document in found.values()}
    if any(source not in held_now or edge.target not in held_now for source, held in edges.items() for edge in held):
        return None
    sources = {iri for iri, document in found.items() if document.symbol in again}
    if sources:
        edges.update(_by_source(citation_edges(store.rows, found, LANG, sources)))
    return edges


def _symbols(found: dict[str, Document]) -> Symbols:
    return {iri: document.symbol for iri, document in found.items()}


def _by_source(edges: tuple[ViewEdge, ...]) -> Edges:
    """``edges`` by the symbol of their citing document."""
    grouped: dict[str, list[ViewEdge]] = {}
    for edge in edges:
        grouped.setdefault(edge.source, []).append(edge)
    return {source: tuple(held) for source, held in grouped.items()}


def _in_order(edges: Edges) -> tuple[ViewEdge, ...]:
    """Every edge, in the order of the view: by citing symbol, then (within each) by cited symbol."""
    return tuple(edge for source in sorted(edges, key=symbol_key) for edge in edges[source])


def _save(out: Path, kept: Kept, changes: int) -> None:
    """Keep the view's edges and symbols, made of the store at its count of ``changes``: a line of
    JSON for what they were made of, then one for each citing document's edges, written a line at
    a time."""
    head = {"changes": changes, "lang": LANG, "symbols": dict(sorted(kept.symbols.items()))}
    lines = (json.dumps([source, [[e.target, e.tooltip, list(e.paragraphs), e.weight] for e in held]],
                        ensure_ascii=False, separators=(",", ":")) + "\n"
             for source, held in sorted(kept.edges.items()))
    write_atomic(out / EDGES_FILE, chain([json.dumps(head, ensure_ascii=False, separators=(",", ":")) + "\n"], lines))


def _load_head(out: Path, changes: int | None) -> tuple[Symbols, set[bytes]] | None:
    """The documents' symbols the edges in ``out`` were kept with, and the lines changed since by
    builds that drew no view, when these bring the edges to the store at its count of
    ``changes``; None otherwise."""
    head = _head(out)
    if head is None or head.get("lang") != LANG:
        return None
    undrawn = _undrawn(out, head.get("changes"), changes)
    try:
        return None if undrawn is None else (dict(head["symbols"]), undrawn)
    except (KeyError, TypeError, ValueError):  # symbols missing, or not pairs
        return None


def _head(out: Path) -> dict | None:
    """The first line of the edges kept in ``out``: the store's count of changes, the language and
    the documents' symbols they were made with; None when it cannot be read."""
    try:
        with (out / EDGES_FILE).open(encoding="utf-8") as lines:
            head = json.loads(next(lines))
        return head if isinstance(head, dict) else None
    except (OSError, ValueError, StopIteration):
        return None


def _load_edges(out: Path) -> Edges | None:
    """The edges kept in ``out``; None when they cannot be read."""
    try:
        with (out / EDGES_FILE).open(encoding="utf-8") as lines:
            next(lines)  # the head
            edges = {}
            for line in lines:
                source, held = json.loads(line)
                edges[source] = tuple(ViewEdge(source, target, tooltip, paragraphs=tuple(paragraphs), weight=weight)
                                      for target, tooltip, paragraphs, weight in held)
        return edges
    except (OSError, ValueError, TypeError, StopIteration):
        return None


def _kept_changes(out: Path) -> int | None:
    """The store's count of changes the edges kept in ``out`` were made of; None when none are kept."""
    head = _head(out)
    return None if head is None else head.get("changes")


def _undrawn(out: Path, kept: int | None, changes: int | None) -> set[bytes] | None:
    """The lines that changed while the store's count of changes went from ``kept`` to
    ``changes``: none when the two are the same, those builds that drew no view kept in ``out``
    when they cover the whole way, None otherwise."""
    if kept is None or changes is None:
        return None
    if kept == changes:
        return set()
    try:
        with (out / UNDRAWN_FILE).open("rb") as lines:
            if json.loads(next(lines)) != {"kept": kept, "changes": changes}:
                return None
            return {line.rstrip(b"\n") for line in lines}
    except (OSError, ValueError, StopIteration):
        return None
