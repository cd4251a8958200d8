"""Counts after a rebuild: only the documents a change reaches are counted again.

The counts of the dataset graph (``kg.statistics``) add up counts made per
document read: its citations, its mentions and its paragraphs that ask someone
to act. A build keeps those per-document counts beside the store
(``COUNTS_FILE``). A rebuild that changes a few graphs counts again the
documents the change reaches, and adds them up with the others' as they were.

A document's counts read its own triples (its expressions, date, session and
body), those of the citations and mentions derived from its expressions and of
its paragraphs, and the notations of the concepts these name. So the documents
a change reaches are found from the lines the union lost or gained
(``Store.changed``): their subjects and objects, each taken to the document it
belongs to. A document read is its own; an expression is its document's; a
citation or a mention is its expression's; a paragraph is its document's. Each
step is looked up in the store as it is now and among the changed lines (a link
the change took away). A changed notation reaches every document, and all are
counted again; so are they when the last build kept no counts of the store as
it was. A test holds the counts so made to those of the whole store, change
after random change.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from kg.bindings import values_blocks
from kg.export import write_atomic
from kg.statistics import ADDED, KEYS, per_document
from kg.store import Store

COUNTS_FILE = ".counts.json"  # beside the store: the counts of each document read
NOTATION = b"<http://www.w3.org/2004/02/skos/core#notation>"
PREFIXES = """\
PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
# The IRIs a line names, as subject or object.
NODES = "SELECT DISTINCT ?node WHERE { { ?node ?p ?o } UNION { ?s ?p ?node FILTER (isIRI(?node)) } }"
# A citation's or a mention's expression.
DERIVED_FROM = PREFIXES + """SELECT DISTINCT ?next ?iri WHERE { #nodes
  ?node prov:wasDerivedFrom ?next
  BIND (IF(isIRI(?next), 1, 0) AS ?iri)
}"""
# The document a node belongs to: its own, an expression's, a paragraph's.
DOCUMENT_OF = PREFIXES + """SELECT DISTINCT ?next ?iri WHERE { #nodes
  { ?node kg:hasExpression ?any BIND (?node AS ?next) }
  UNION { ?next kg:hasExpression ?node }
  UNION { ?node dcterms:isPartOf ?next }
  BIND (IF(isIRI(?next), 1, 0) AS ?iri)
}"""


def counts_now(store: Store, out: Path, changed: set[bytes] | None, last_changes: int | None,
               threads: int = 3) -> dict[str, list[dict]]:
    """The counts of each document read in ``store`` as it is now (``statistics.per_document``):
    those kept in ``out`` where the ``changed`` lines do not reach, when they are of the store
    at the last build's count of changes; all of them counted again otherwise."""
    kept = _load(out, last_changes) if changed is not None else None
    counts = recounted(store, kept, changed, threads) if kept is not None else None
    return per_document(store, threads=threads) if counts is None else counts


def recounted(store: Store, kept: dict[str, list[dict]], changed: set[bytes], threads: int = 3) -> dict[str, list[dict]] | None:
    """The counts of each document now, from those ``kept`` of the store before the union lost
    or gained the ``changed`` lines: the documents the change reaches are counted again. None
    when it reaches every one."""
    documents = reached(store, changed)
    if documents is None:
        return None
    fresh = per_document(store, documents, threads) if documents else {kind: [] for kind in kept}
    return {kind: [row for row in kept[kind] if row["doc"] not in documents] + fresh[kind] for kind in kept}


def reached(store: Store, changed: set[bytes]) -> set[str] | None:
    """The IRIs of the documents read whose counts the ``changed`` lines can change; None when
    a notation changed (every document's can), or when a link leads to a literal (a document
    that can only be counted with the others)."""
    if any(line.split(b" ", 2)[1] == NOTATION for line in changed):
        return None
    lines = Store.holding(changed)  # the changed lines, for the links they held
    nodes = {row["node"] for row in lines.rows(NODES)}
    expressions = _step(DERIVED_FROM, nodes, store, lines)
    return None if expressions is None else _step(DOCUMENT_OF, nodes | expressions, store, lines)


def _step(query: str, nodes: Iterable[str], *stores: Store) -> set[str] | None:
    """The ``?next`` of every node of ``nodes`` in any of ``stores``; None when one is a literal."""
    blocks = values_blocks("?node", nodes)
    found = [row for store in stores for block in blocks for row in store.rows(query.replace("#nodes\n", block))]
    return None if any(row["iri"] == 0 for row in found) else {row["next"] for row in found}


def save_counts(out: Path, counts: dict[str, list[dict]], changes: int) -> None:
    """Keep the counts of each document, of the store at its count of ``changes``."""
    columns = {kind: ["doc", *KEYS[kind], ADDED[kind]] for kind in counts}
    data = {"changes": changes,
            **{kind: {"columns": columns[kind], "rows": [[row[c] for c in columns[kind]] for row in rows]}
               for kind, rows in counts.items()}}
    write_atomic(out / COUNTS_FILE, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _load(out: Path, changes: int | None) -> dict[str, list[dict]] | None:
    """The counts kept in ``out``, when they are of the store at its count of ``changes``."""
    try:
        data = json.loads((out / COUNTS_FILE).read_text(encoding="utf-8"))
        if changes is None or data["changes"] != changes:
            return None
        counts = {kind: [dict(zip(data[kind]["columns"], row)) for row in data[kind]["rows"]] for kind in KEYS}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if any(data[kind]["columns"] != ["doc", *KEYS[kind], ADDED[kind]] for kind in KEYS):
        return None
    return counts
