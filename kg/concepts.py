"""The concept schemes as SKOS: actions, entities, bodies, deliverables and their forms.

Labels in the six languages come from the data tables: ``scheme_labels.tsv``
(schemes, bodies, deliverables, forms), ``concept_labels.tsv`` (mechanisms,
actors, instruments, events, places), ``verbs.tsv`` (actions). Wikidata items
come from ``concept_info.tsv``, and so does the SDG a concept serves
(``skos:relatedMatch``: UN-Habitat serves Goal 11, it is not Goal 11).

Two kinds of entity are named by a number rather than listed:

- SDGs, ``sdg-11`` and ``sdg-11-3``, are the UN's goals and targets
  (``skos:exactMatch`` http://metadata.un.org/sdg/11.3); a target is narrower
  than its goal. Their labels are the templates of ``sdg_words.tsv``.
- One session of an event, ``world-urban-forum-12``, is narrower than its
  series; its labels are the series' labels with the session's ordinal word
  (``event_words.tsv``, ``ordinals.tsv``).

Deliverables carry the class of document that delivers them
(``deliverable_classes.tsv``). Only the concepts a build uses are written, with
the broader concepts they point at.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Iterable

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from kg.entities import event_session, sdg_code
from kg.iri import IriError, Minter, sdg, wikidata
from kg.lexicon import TableError, table
from kg.vocab import KG, bind_prefixes

SCHEMES = ("action", "entity", "body", "deliverable", "form")


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


@lru_cache(maxsize=1)
def document_classes() -> dict[str, str]:
    """Deliverable id -> the name of the ontology class of the document that delivers it."""
    return {row["deliverable"]: row["class"] for row in _rows("deliverable_classes")}


def broader(scheme: str, concept_id: str) -> str | None:
    """The entity a numbered entity is part of: a target's goal, a session's event series."""
    if scheme != "entity":
        return None
    code = sdg_code(concept_id)
    if code is not None:
        goal, _, target = code.partition(".")
        return f"sdg-{goal}" if target else None
    session = event_session(concept_id)
    if session and info().get(session[0], {}).get("kind") == "event":
        return session[0]
    return None


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
    wanted = set(used)
    wanted |= {(scheme, up) for scheme, cid in wanted if (up := broader(scheme, cid))}
    for scheme, concept_id in sorted(wanted):
        node = minter.concept(scheme, concept_id)
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, SKOS.inScheme, minter.scheme(scheme)))
        notation = concept_id.upper() if scheme == "body" else concept_id
        graph.add((node, SKOS.notation, Literal(notation)))
        names = all_labels.get((scheme, concept_id)) or _composed_labels(scheme, concept_id)
        for language, label in sorted(names.items()):
            graph.add((node, SKOS.prefLabel, Literal(label, lang=language)))
        up = broader(scheme, concept_id)
        if up:
            graph.add((node, SKOS.broader, minter.concept(scheme, up)))
        if scheme == "entity":
            _add_links(graph, node, concept_id, info().get(concept_id, {}))
        if scheme == "deliverable" and concept_id in document_classes():
            graph.add((node, KG.documentClass, KG[document_classes()[concept_id]]))
    return graph


def _add_links(graph: Graph, node, concept_id: str, row: dict[str, str]) -> None:
    code = sdg_code(concept_id)
    if code is not None:
        graph.add((node, SKOS.exactMatch, sdg(code)))
    for column, mint, predicate in (("wikidata", wikidata, SKOS.exactMatch), ("sdg", sdg, SKOS.relatedMatch)):
        for value in filter(None, (row.get(column) or "").split()):
            try:
                graph.add((node, predicate, mint(value)))
            except IriError:
                continue  # a malformed cell is caught by the table test, not here


def _composed_labels(scheme: str, concept_id: str) -> dict[str, str]:
    """Labels of an SDG or of one session of an event, from the tables' templates."""
    fallback = {"en": concept_id.replace("-", " ")}
    if scheme != "entity":
        return fallback
    code = sdg_code(concept_id)
    if code is not None:
        kind = "target" if "." in code else "goal"
        rows = [r for r in _rows("sdg_words") if r["kind"] == "label" and r["id"] == kind]
        return {r["language"]: r["term"].format(n=code, code=code) for r in rows} or fallback
    session = event_session(concept_id)
    series = labels().get(("entity", session[0])) if session else None
    if not series:
        return fallback
    out = {}
    for row in _rows("event_words"):
        word = _ordinal_word(session[1], row["language"])
        if row["kind"] == "label" and row["language"] in series and word:
            out.setdefault(row["language"], row["term"].format(name=series[row["language"]], ordinal=word))
    return out or fallback


@lru_cache(maxsize=None)
def _ordinal_word(value: int, language: str) -> str | None:
    """The ordinal word of ``value`` in ``language`` (ordinals.tsv): a word of its own, or a compound."""
    rows = [r for r in _rows("ordinals") if r["language"] == language]
    for row in rows:
        if row["role"] == "ordinal" and row["value"] == str(value):
            return row["term"]
    tens = {int(r["value"]): r["term"] for r in reversed(rows) if r["role"] == "ten"}
    units = {int(r["value"]): r["term"] for r in reversed(rows) if r["role"] == "unit"}
    template = next((r["term"] for r in rows if r["role"] == "compound"), None)
    ten, unit = value - value % 10, value % 10
    if template and ten in tens and unit in units:
        return template.format(ten=tens[ten], unit=units[unit])
    return None
