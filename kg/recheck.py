"""Checks after a rebuild: only the focus nodes a change can reach are checked again.

A rebuild that changes a few graphs need not check the whole store against
the shapes. A check's result for a focus node reads:

- the node's own triples: its type or predicate (the target), the values of
  the path (what each constraint tests);
- for ``sh:class``, the types of those values;
- for ``sh:node``, the results of the node shape's checks on those values
  (the inner checks), whose targets are the values of the owners.

So the results that can change belong to the subjects of the lines the union
lost or gained (``Store.changed``); to the nodes that point along a
``sh:class`` path at a node whose type changed; to the values of changed
owners and to the owners of changed values along ``sh:node`` paths; to the
objects of changed lines along those paths (a value an owner lost); and to
the values of all those along ``sh:node`` paths, whose inner results their
owners' results are made of. Those focus nodes are checked again
(``validate_store`` with ``foci``); every other result of the last report
stands as it was. A test holds this to a run over the whole store, change
after random change.

The whole store is checked instead when a change reaches further than this
follows: a class hierarchy in the store (``rdfs:subClassOf``), a node shape
inside a node shape, a literal where a node shape is read, or more focus
nodes than a check of the whole store costs.
"""
from __future__ import annotations

from typing import Iterable

from rdflib import URIRef

from kg.bindings import VALUES_MOST, values_blocks
from kg.export import nt_term
from kg.shapes_sparql import HAS_SUBCLASSES, Check, compiled, report_of, validate_store
from kg.validate import ValidationReport

# Checked again, a focus node costs about 1.4 ms; checked whole, the store costs
# about 1.6 µs a triple (5,000 documents). Past one focus node per this many
# triples, the whole store is checked.
TRIPLES_PER_FOCUS = 1000
# A subject comes with a few lines (about six in the union of 1,000 documents):
# past this many changed lines per focus node allowed, the changes are not kept.
LINES_PER_FOCUS = 10
RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SUBCLASS_OF = b"<http://www.w3.org/2000/01/rdf-schema#subClassOf>"


def recheck_store(store, last: ValidationReport, changed: set[bytes], triples: int, threads: int = 2) -> ValidationReport:
    """The report of the store now, from ``last``, its report before the union lost or gained
    the ``changed`` lines: the focus nodes the change reaches are checked again. ``triples``
    is about how many the store holds (what a check of the whole store costs)."""
    subclasses = bool(store._store.query(HAS_SUBCLASSES))
    foci = None if subclasses else reached(store, compiled(False), changed, most_foci(triples))
    if foci is None:
        return validate_store(store, threads)
    fresh = validate_store(store, threads, foci) if foci else report_of(())
    return report_of([r for r in last.results if r.focus not in foci] + list(fresh.results))


def most_foci(triples: int) -> int:
    """The most focus nodes checked again in a store of about ``triples`` triples."""
    return max(VALUES_MOST, triples // TRIPLES_PER_FOCUS)


def most_changes(triples: int) -> int:
    """The most changed lines worth keeping (``Store.record_changes``) for such a store."""
    return most_foci(triples) * LINES_PER_FOCUS


def reached(store, checks: tuple[Check, ...], changed: set[bytes], most: int) -> set[str] | None:
    """The IRIs of the focus nodes whose results ``changed`` lines can change; None when more
    than ``most``, or when the checks reach further than this follows."""
    if any(inner.node for check in checks for inner in check.inner):
        return None
    node_paths = {c.path for c in checks if c.node}
    class_paths = {c.path for c in checks if c.follows}
    inner_class_paths = {i.path for c in checks for i in c.inner if i.follows}
    subjects, typed, values = set(), set(), set()
    for line in changed:
        subject, predicate, rest = line.split(b" ", 2)
        if predicate == SUBCLASS_OF:
            return None  # a class hierarchy gained or lost: class membership reaches anywhere
        subjects.add(_iri(subject))
        if predicate == RDF_TYPE:
            typed.add(_iri(subject))
        elif _iri(predicate) in node_paths:
            values.add(_iri(rest.split(b" ", 1)[0]))
    # The focus nodes are IRIs: a literal where a node shape is read is checked with the whole store.
    if len(subjects) > most or None in subjects or None in values:
        return None
    gained = _forward(store, subjects, node_paths)
    if gained is None:
        return None
    # the inner checks' focus nodes: changed, lost or gained by a changed owner, or pointing at a
    # node whose type changed (what sh:class reads)
    inner = subjects | values | gained | _back(store, typed, inner_class_paths)
    # the outer checks' focus nodes: changed, pointing at a node whose type changed, or at an inner one
    outer = subjects | _back(store, typed, class_paths) | _back(store, inner, node_paths)
    foci = inner | outer
    frontier: set[str] | None = foci
    while frontier:
        # every value a focus node's sh:node check reads is checked again with it
        frontier = _forward(store, frontier, node_paths) if len(foci) <= most else None
        if frontier is None:
            return None
        frontier -= foci
        foci |= frontier
    return foci if len(foci) <= most else None


def _iri(term: bytes) -> str | None:
    return term[1:-1].decode("utf-8") if term.startswith(b"<") else None


def _back(store, nodes: set[str], paths: Iterable[str]) -> set[str]:
    """The subjects that have one of ``nodes`` as a value of one of ``paths``."""
    rows = _along(store, nodes, paths, "?found {path} ?node BIND(1 AS ?iri)")
    return {row["found"] for row in rows}


def _forward(store, nodes: set[str], paths: Iterable[str]) -> set[str] | None:
    """The values of ``paths`` on ``nodes``; None when one is not an IRI."""
    rows = _along(store, nodes, paths, "?node {path} ?found BIND(IF(isIRI(?found), 1, 0) AS ?iri)")
    return None if any(row["iri"] == 0 for row in rows) else {row["found"] for row in rows}


def _along(store, nodes: set[str], paths: Iterable[str], pattern: str) -> list[dict]:
    """The rows of ``pattern`` with ?node one of ``nodes``, once for each of ``paths``.

    A path is written in the pattern, not bound by VALUES: the store then looks
    each node up, where a bound ?path had it read every triple (11 s against
    0.03 s for 1,000 nodes on 5,000 documents).
    """
    wheres = [pattern.replace("{path}", nt_term(URIRef(path))) for path in sorted(paths)]
    return [row for where in wheres for piece in values_blocks("?node", nodes)
            for row in store.rows(f"SELECT DISTINCT ?found ?iri WHERE {{ {piece}{where} }}")]
