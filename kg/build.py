"""The build stage: one extraction becomes one named graph.

Each record type has its ``add_<record>`` function; the triples are read off
small declarative tables of (predicate, value getter, datatype). Every node is
named by ``kg.iri``: no blank nodes, so the output is deterministic.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import PurePath
from typing import Callable, Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, XSD

from kg.iri import IriError, Minter, is_symbol, undocs
from kg.mandates import find_pursuances
from kg.records import DocumentInfo, Entity, Extraction, Mandate, Paragraph, Pursuance, Reference
from kg.series import describe
from kg.vocab import CITO, KG, OA, bind_prefixes

DOCUMENT_CLASSES = {
    "resolution": KG.Resolution,
    "decision": KG.Decision,
    "report": KG.Report,
    "compilation": KG.Compilation,
    "president-statement": KG.PresidentStatement,
    "treaty-body": KG.TreatyBodyDocument,
    "draft": KG.Draft,
    "other": KG.OtherDocument,
}
PARAGRAPH_CLASSES = {
    "preambular": KG.PreambularParagraph,
    "operative": KG.OperativeParagraph,
    "subparagraph": KG.SubParagraph,
}

# (predicate, getter, datatype): a None value adds nothing.
DOCUMENT_FACTS: tuple[tuple[URIRef, Callable[[DocumentInfo], object], URIRef | None], ...] = (
    (KG.session, lambda d: d.session, XSD.integer),
    (DCTERMS.date, lambda d: d.adopted, XSD.date),
    (KG.vote, lambda d: d.vote, None),
    (KG.agendaItem, lambda d: d.agenda_item, None),
    (KG.meeting, lambda d: d.meeting, XSD.integer),
)
PARAGRAPH_FACTS: tuple[tuple[URIRef, Callable[[Paragraph], object], URIRef | None], ...] = (
    (KG.paragraphId, lambda p: p.id, None),
    (KG.number, lambda p: p.number, XSD.integer),
)
MANDATE_FACTS: tuple[tuple[URIRef, Callable[[Mandate], object], URIRef | None], ...] = (
    (KG.dueSession, lambda m: m.due_session, XSD.integer),
    (KG.dueRelation, lambda m: m.relation, None),
)
# What a text says of one session of an event; the first mention that says it wins.
EVENT_FACTS: tuple[tuple[URIRef, Callable[[Entity], object], URIRef | None], ...] = (
    (KG.sessionNumber, lambda e: e.session, XSD.integer),
    (KG.startDate, lambda e: e.start_date, XSD.date),
    (KG.endDate, lambda e: e.end_date, XSD.date),
)


@dataclass(frozen=True)
class DocumentGraph:
    """The named graph built from one file, and the IRIs that name it."""

    name: URIRef
    key: str  # canonical symbol, or file:<sha> for a file with no symbol
    language: str
    triples: frozenset[tuple[URIRef, URIRef, URIRef | Literal]]
    concepts: frozenset[tuple[str, str]]  # (scheme, id) of every concept used
    minter: Minter | None = None  # whose prefixes the rdflib graph binds

    @cached_property
    def graph(self) -> Graph:
        """The triples as an rdflib graph with the project's prefixes (made when first asked)."""
        graph = Graph()
        bind_prefixes(graph, self.minter or Minter.configured())
        for triple in self.triples:
            graph.add(triple)
        return graph

    def __len__(self) -> int:
        return len(self.triples)


def document_key(extraction: Extraction) -> str:
    """The key a document's IRIs derive from: its symbol, else its file's hash."""
    symbol = extraction.document.symbol
    if symbol and is_symbol(symbol):
        return symbol
    return "file:" + extraction.source.sha256[:32]


def build_graph(extraction: Extraction, minter: Minter | None = None) -> DocumentGraph:
    """The named graph of one extracted file.

    >>> from kg.read import read_text
    >>> from kg.extract import extract
    >>> dg = build_graph(extract(read_text("x.txt", "The General Assembly,\\n\\n1. Decides to remain seized.")))
    >>> len(dg.graph) > 0
    True
    """
    minter = minter or Minter.configured()
    builder = _Builder(extraction, minter)
    builder.add_document()
    for position, paragraph in enumerate(extraction.paragraphs, start=1):
        builder.add_paragraph(paragraph, position)
    for number, reference in enumerate(extraction.references, start=1):
        builder.add_reference(reference, number)
    for number, entity in enumerate(extraction.entities, start=1):
        builder.add_entity(entity, number)
    counts: dict[str, int] = {}
    for mandate in extraction.mandates:
        counts[mandate.paragraph] = counts.get(mandate.paragraph, 0) + 1
        builder.add_mandate(mandate, counts[mandate.paragraph])
    # Pursuance is read off the resolved references and the footnotes, so it is
    # found here, on the whole extraction, rather than by a per-text extractor.
    for number, pursuance in enumerate(find_pursuances(extraction), start=1):
        builder.add_pursuance(pursuance, number)
    return DocumentGraph(
        name=minter.graph(builder.key, builder.language),
        key=builder.key,
        language=builder.language,
        triples=frozenset(builder.triples),
        concepts=frozenset(builder.concepts),
        minter=minter,
    )


@lru_cache(maxsize=1 << 16)
def _recurring(value: int | str, datatype: URIRef | None = None) -> Literal:
    """A literal whose value recurs from document to document (an offset, a position, a
    session, a date), made once: rdflib takes 5-7 us to make a number or a date."""
    return Literal(value, datatype=datatype)


class _Builder:
    def __init__(self, extraction: Extraction, minter: Minter):
        self.x = extraction
        self.m = minter
        self.key = document_key(extraction)
        self.language = extraction.source.language if extraction.source.language else "und"
        self.work = minter.document(self.key)
        self.expression = minter.expression(self.key, self.language)
        # A plain set: an rdflib graph's indexes cost more than the rest of the build.
        self.triples: set[tuple] = set()
        self.first: dict[tuple, object] = {}  # (subject, predicate) -> the first object given
        self.concepts: set[tuple[str, str]] = set()
        self.paragraph_ids = {p.id for p in extraction.paragraphs}

    def add(self, s, p, o) -> None:
        self.triples.add((s, p, o))
        self.first.setdefault((s, p), o)

    def literal(self, value, datatype=None, lang=None) -> Literal:
        if lang is not None:
            return Literal(str(value), lang=lang)
        if datatype is not None:  # a number or a date
            return _recurring(int(value) if datatype == XSD.integer else str(value), datatype)
        return Literal(str(value))

    def add_facts(self, node: URIRef, record, facts) -> None:
        for predicate, getter, datatype in facts:
            value = getter(record)
            if value is not None and value != "":
                self.add(node, predicate, self.literal(value, datatype))

    def concept(self, scheme: str, concept_id: str) -> URIRef | None:
        try:
            iri = self.m.concept(scheme, concept_id)
        except IriError:
            return None
        self.concepts.add((scheme, concept_id))
        return iri

    def lang(self) -> str | None:
        return self.language if self.language != "und" else None

    # --- records ----------------------------------------------------------

    def add_document(self) -> None:
        doc = self.x.document
        work, expr = self.work, self.expression
        self.add(work, RDF.type, KG.Document)
        kind = doc.kind or (describe(self.key).kind if doc.symbol else None)
        if kind in DOCUMENT_CLASSES:
            self.add(work, RDF.type, DOCUMENT_CLASSES[kind])
        if not self.key.startswith("file:"):
            self.add(work, KG.symbol, Literal(self.key))
            self.add(work, FOAF.page, undocs(self.key))
        body = doc.body or (describe(self.key).body if doc.symbol else None)
        if body:
            self.add_body(work, body)
        self.add_facts(work, doc, DOCUMENT_FACTS)
        if doc.title:
            self.add(work, DCTERMS.title, self.literal(doc.title, lang=self.lang()))
            self.add(expr, DCTERMS.title, self.literal(doc.title, lang=self.lang()))
        self.add(work, KG.hasExpression, expr)
        self.add(expr, RDF.type, KG.Expression)
        self.add(expr, RDF.type, PROV.Entity)
        self.add(expr, DCTERMS.language, Literal(self.language))
        self.add(expr, KG.sourceFile, Literal(PurePath(self.x.source.path).name))
        self.add(expr, KG.sha256, Literal(self.x.source.sha256))
        self.add(expr, KG.sourceFormat, Literal(self.x.source.format))

    def add_body(self, node: URIRef, body: str) -> None:
        concept = self.concept("body", body.lower())
        if concept is not None:
            self.add(node, KG.body, concept)

    def add_paragraph(self, p: Paragraph, position: int) -> None:
        node = self.m.paragraph(self.key, p.id)
        self.add(node, RDF.type, KG.Paragraph)
        if p.kind in PARAGRAPH_CLASSES:
            self.add(node, RDF.type, PARAGRAPH_CLASSES[p.kind])
        self.add(node, DCTERMS.isPartOf, self.work)
        self.add(node, KG.position, _recurring(position))
        self.add_facts(node, p, PARAGRAPH_FACTS)
        self.add(node, KG.text, self.literal(_clean_space(self.x.source.text[p.start:p.end]), lang=self.lang()))
        self.add(node, PROV.wasDerivedFrom, self.expression)
        if p.parent and p.parent in self.paragraph_ids:
            self.add(node, KG.subParagraphOf, self.m.paragraph(self.key, p.parent))
        if p.action:
            self.add_concept_link(node, KG.action, "action", p.action)
        for other in p.actions:
            if other != p.action:
                self.add_concept_link(node, KG.alsoReadAs, "action", other)
        for modifier in p.modifiers:
            self.add(node, KG.actionModifier, Literal(modifier))
        for addressee in p.addressees:
            self.add_concept_link(node, KG.addressee, "entity", addressee)

    def add_concept_link(self, node: URIRef, predicate: URIRef, scheme: str, concept_id: str) -> None:
        concept = self.concept(scheme, concept_id)
        if concept is not None:
            self.add(node, predicate, concept)

    def citing_node(self, paragraph: str | None) -> URIRef:
        if paragraph and paragraph in self.paragraph_ids:
            return self.m.paragraph(self.key, paragraph)
        return self.work

    def add_selector(self, node: URIRef, local: str, start: int, end: int, quote: str) -> None:
        selector = self.m.in_expression(self.key, self.language, local + "-sel")
        self.add(node, KG.quote, Literal(_clean_space(quote)))
        self.add(node, OA.hasSelector, selector)
        self.add(selector, RDF.type, OA.TextPositionSelector)
        self.add(selector, OA.start, _recurring(start))
        self.add(selector, OA.end, _recurring(end))
        self.add(node, PROV.wasDerivedFrom, self.expression)

    def add_reference(self, r: Reference, number: int) -> None:
        citing = self.citing_node(r.paragraph)
        local = f"cit-{number}"
        node = self.m.in_expression(self.key, self.language, local)
        self.add(node, RDF.type, CITO.Citation)
        self.add(node, CITO.hasCitingEntity, citing)
        self.add_selector(node, local, r.start, r.end, r.text)
        if r.date:
            self.add(node, KG.citedDate, _recurring(r.date, XSD.date))
        if not (r.target and is_symbol(r.target)) or r.target == self.key:
            return
        cited = self.m.document(r.target)
        self.add(node, CITO.hasCitedEntity, cited)
        self.add(citing, CITO.cites, cited)
        if citing != self.work:
            self.add(self.work, CITO.cites, cited)
        self.add_cited_document(cited, r.target, r.date, r.also)

    def add_cited_document(self, node: URIRef, symbol: str, date: str | None, also: Iterable[str]) -> None:
        facts = describe(symbol)
        self.add(node, RDF.type, KG.Document)
        self.add(node, RDF.type, DOCUMENT_CLASSES.get(facts.kind, KG.OtherDocument))
        self.add(node, KG.symbol, Literal(symbol))
        self.add(node, FOAF.page, undocs(symbol))
        if facts.body:
            self.add_body(node, facts.body)
        if facts.session is not None:
            self.add(node, KG.session, _recurring(facts.session))
        if date and facts.kind in ("resolution", "decision", "president-statement"):
            self.add(node, DCTERMS.date, _recurring(date, XSD.date))
        for other in also:
            if is_symbol(other):
                self.add(node, DCTERMS.identifier, Literal(other))

    def add_entity(self, e: Entity, number: int) -> None:
        concept = self.concept("entity", e.id)
        if concept is None:
            return
        local = f"ment-{number}"
        node = self.m.in_expression(self.key, self.language, local)
        self.add(node, RDF.type, KG.Mention)
        self.add(node, KG.concept, concept)
        self.add_selector(node, local, e.start, e.end, e.text)
        where = self.citing_node(e.paragraph)
        if where != self.work:
            self.add(node, KG.inParagraph, where)
        self.add(where, KG.mentions, concept)
        if e.kind == "event" and e.session is not None:
            self.add_event(concept, e)

    def add_event(self, node: URIRef, e: Entity) -> None:
        """One session of an event: its number, place and days, as the text gives them."""
        self.add(node, RDF.type, KG.Event)
        for predicate, getter, datatype in EVENT_FACTS:
            value = getter(e)
            if value is not None and (node, predicate) not in self.first:
                self.add(node, predicate, self.literal(value, datatype))
        if e.place and (node, KG.heldIn) not in self.first:
            self.add_concept_link(node, KG.heldIn, "entity", e.place)

    def add_mandate(self, mandate: Mandate, number: int) -> None:
        if mandate.paragraph not in self.paragraph_ids:
            return
        node = self.m.mandate(self.key, mandate.paragraph, number)
        self.add(node, RDF.type, KG.Mandate)
        self.add(node, KG.givenIn, self.m.paragraph(self.key, mandate.paragraph))
        self.add_concept_link(node, KG.deliverable, "deliverable", mandate.deliverable)
        if mandate.addressee:
            self.add_concept_link(node, KG.mandatedTo, "entity", mandate.addressee)
        if mandate.due_body:
            concept = self.concept("body", mandate.due_body.lower())
            if concept is not None:
                self.add(node, KG.dueBody, concept)
        self.add_facts(node, mandate, MANDATE_FACTS)
        for form in mandate.forms:
            self.add_concept_link(node, KG.form, "form", form)
        for consulted in mandate.consult:
            self.add_concept_link(node, KG.consult, "entity", consulted)
        for paragraph in mandate.detailed_in:
            if paragraph in self.paragraph_ids:
                self.add(node, KG.detailedIn, self.m.paragraph(self.key, paragraph))

    def add_pursuance(self, p: Pursuance, number: int) -> None:
        """The submitted document linked to the resolution it answers, with the paragraph and words."""
        if not (is_symbol(p.document) and is_symbol(p.resolution)):
            return
        submitted = self.work if p.document == self.key else self.m.document(p.document)
        resolution = self.m.document(p.resolution)
        local = f"pursuance-{number}"
        node = self.m.in_expression(self.key, self.language, local)
        self.add(node, RDF.type, KG.Pursuance)
        self.add(node, KG.submittedDocument, submitted)
        self.add(node, KG.pursuantTo, resolution)
        self.add_selector(node, local, p.start, p.end, p.text)
        where = self.citing_node(p.paragraph)
        if where != self.work:
            self.add(node, KG.inParagraph, where)
        self.add(submitted, KG.submittedPursuantTo, resolution)
        if submitted != self.work:
            self.add_cited_document(submitted, p.document, None, ())
        self.add_cited_document(resolution, p.resolution, None, ())


def _clean_space(text: str) -> str:
    """Words of a span with the layout's runs of white space folded to one space."""
    return " ".join(text.split())
