"""The concept schemes as SKOS: actions, entities, bodies and deliverables.

Labels in the six languages come from the data tables: ``scheme_labels.tsv``
(schemes, bodies, deliverables), ``concept_labels.tsv`` (mechanisms, actors,
instruments, events, places), ``verbs.tsv`` (actions); Wikidata items and SDG
codes from ``concept_info.tsv``. Only the concepts a build uses are written.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Iterable

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from kg.iri import IriError, Minter, sdg, wikidata
from kg.lexicon import TableError, table
from kg.vocab import bind_prefixes

SCHEMES = ("action", "entity", "body", "deliverable")


def _rows(name: str) -> tuple[dict[str, str], ...]:
    try:
        return table(name)
    except TableError:
        return ()


@lru_cache(maxsize=1)
def labels() -> dict[tuple[str, str], dict[str, str]]:
    """(scheme, id) -> {language: preferred label}; the first row of a language wins."""
    found: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for row in _rows("scheme_labels"):
        found[(row["scheme"], row["id"])].setdefault(row["language"], row["label"])
    for row in _rows("concept_labels"):
        found[("entity", row["id"])].setdefault(row["language"], row["label"])
    for row in _rows("verbs"):
        label = row.get("label") or row.get("term", "")
        if label:
            found[("action", row["id"])].setdefault(row["language"], label)
    return dict(found)


@lru_cache(maxsize=1)
def info() -> dict[str, dict[str, str]]:
    """Entity id -> its row of ``concept_info.tsv`` (kind, wikidata, sdg)."""
    return {row["id"]: row for row in _rows("concept_info")}


def concept_graph(used: Iterable[tuple[str, str]], minter: Minter | None = None) -> Graph:
    """SKOS descriptions of the schemes and of the ``used`` (scheme, id) concepts."""
    minter = minter or Minter.configured()
    graph = Graph()
    bind_prefixes(graph, minter)
    all_labels = labels()
    for scheme in SCHEMES:
        node = minter.scheme(scheme)
        graph.add((node, RDF.type, SKOS.ConceptScheme))
        for language, label in sorted(all_labels.get(("scheme", scheme), {}).items()):
            graph.add((node, SKOS.prefLabel, Literal(label, lang=language)))
    for scheme, concept_id in sorted(set(used)):
        node = minter.concept(scheme, concept_id)
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, SKOS.inScheme, minter.scheme(scheme)))
        notation = concept_id.upper() if scheme == "body" else concept_id
        graph.add((node, SKOS.notation, Literal(notation)))
        names = all_labels.get((scheme, concept_id)) or {"en": concept_id.replace("-", " ")}
        for language, label in sorted(names.items()):
            graph.add((node, SKOS.prefLabel, Literal(label, lang=language)))
        if scheme == "entity":
            _add_links(graph, node, info().get(concept_id, {}))
    return graph


def _add_links(graph: Graph, node, row: dict[str, str]) -> None:
    for column, mint in (("wikidata", wikidata), ("sdg", sdg)):
        for value in filter(None, (row.get(column) or "").split()):
            try:
                graph.add((node, SKOS.exactMatch, mint(value)))
            except IriError:
                continue  # a malformed cell is caught by the table test, not here
