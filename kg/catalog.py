"""A VoID and DCAT description of the dataset: what was read, when, how much, under which licence.

The date is ``$SOURCE_DATE_EPOCH`` when set (the reproducible-builds
convention), else the newest adoption date among the documents read, so the
same corpus always gives the same bytes.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from kg.iri import Minter
from kg.vocab import bind_prefixes

LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
DISTRIBUTIONS = (("kg.ttl", "text/turtle"), ("kg.trig", "application/trig"))


@dataclass(frozen=True)
class DatasetFacts:
    expressions: Sequence[URIRef]  # the language versions read
    triples: int  # in the document and concept graphs
    documents: int  # distinct documents in the graph, read or cited
    documents_read: int
    newest_date: str | None  # ISO date


def dataset_date(newest_date: str | None) -> str | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date().isoformat()
    return newest_date


def catalog_graph(facts: DatasetFacts, minter: Minter | None = None) -> Graph:
    """The dataset description, in its own graph."""
    minter = minter or Minter.configured()
    graph = Graph()
    bind_prefixes(graph, minter)
    node = minter.dataset()
    add = graph.add
    add((node, RDF.type, VOID.Dataset))
    add((node, RDF.type, DCAT.Dataset))
    add((node, DCTERMS.title, Literal("Knowledge graph of UN human-rights documents", lang="en")))
    add((node, DCTERMS.description, Literal(
        "Documents of the UN human-rights system with the documents they cite, the mechanisms, actors and "
        "instruments they mention, who they ask to act and the mandates they give.", lang="en")))
    add((node, DCTERMS.license, LICENCE))
    add((node, VOID.triples, Literal(facts.triples)))
    add((node, VOID.entities, Literal(facts.documents)))
    add((node, VOID.documents, Literal(facts.documents_read)))
    add((node, VOID.uriSpace, Literal(minter.base + "doc/")))
    add((node, VOID.vocabulary, URIRef(minter.ontology)))
    date = dataset_date(facts.newest_date)
    if date:
        add((node, DCTERMS.modified, Literal(date, datatype=XSD.date)))
    for expression in sorted(facts.expressions):
        add((node, DCTERMS.source, expression))
    for name, media_type in DISTRIBUTIONS:
        distribution = URIRef(f"{minter.base}dataset/{name}")
        add((node, DCAT.distribution, distribution))
        add((distribution, RDF.type, DCAT.Distribution))
        add((distribution, DCAT.mediaType, Literal(media_type)))
        add((distribution, DCTERMS.title, Literal(name)))
    return graph
