"""The shapes compiled to SPARQL find what pySHACL finds, broken graph by broken graph."""
from collections import Counter

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, XSD

from kg.build import build_graph
from kg.concepts import concept_graph
from kg.iri import Minter
from kg.shapes_sparql import ShapeCompileError, compile_shapes, compiled, validate_store
from kg.store import Store
from kg.validate import shapes, validate
from kg.vocab import CITO, KG, OA
from tests.sample import sample_extraction

MINTER = Minter("https://example.org/kg/")
EX = "https://example.org/elsewhere/"


def first(graph: Graph, cls) -> URIRef:
    return sorted(graph.subjects(RDF.type, cls))[0]


def selector_of(graph: Graph, cls) -> URIRef:
    return graph.value(first(graph, cls), OA.hasSelector)


# What is done to a well-formed graph; each row breaks one constraint (or, for
# "nothing broken", none) and the two validators must agree on the results.
BREAKS = {
    "nothing broken": lambda g: None,
    # values that would break a shape, on nodes no shape targets: no selector of any owner, no resolution
    "nothing broken: bad values outside every target": lambda g: (
        g.add((URIRef(EX + "loose-selector"), OA.start, Literal(-1))),
        g.add((URIRef(EX + "no-resolution"), KG.session, Literal("57"))),
        # a selector with neither start nor end, of a node that is no citation, mention or pursuance
        g.add((URIRef(EX + "no-annotation"), OA.hasSelector, URIRef(EX + "bare-selector")))),
    "two symbols (warning)": lambda g: g.add((first(g, KG.Document), KG.symbol, Literal("A/HRC/RES/57/13"))),
    "symbol of the wrong form": lambda g: _replace(g, first(g, KG.Resolution), KG.symbol, Literal("not a symbol!")),
    "session as a string": lambda g: _replace(g, first(g, KG.Resolution), KG.session, Literal("57")),
    "session ill-formed integer": lambda g: _replace(g, first(g, KG.Resolution), KG.session, Literal("fifty", datatype=XSD.integer)),
    "paragraph part of nothing": lambda g: g.remove((first(g, KG.OperativeParagraph), DCTERMS.isPartOf, None)),
    "paragraph id of the wrong form": lambda g: _replace(g, first(g, KG.OperativeParagraph), KG.paragraphId, Literal("para 1")),
    "paragraph text without language": lambda g: _replace(g, first(g, KG.OperativeParagraph), KG.text, Literal("words")),
    "action that is no concept": lambda g: _replace(g, first(g, KG.OperativeParagraph), KG.action, URIRef(EX + "x")),
    "citation without its quote": lambda g: g.remove((first(g, CITO.Citation), KG.quote, None)),
    "citation with a string date": lambda g: g.add((first(g, CITO.Citation), KG.citedDate, Literal("2013"))),
    # a citation's quote and a statement of pursuance's are checked by one query (``ask``)
    "citation quote with a language tag": lambda g: _replace(g, first(g, CITO.Citation), KG.quote, Literal("words", lang="en")),
    "citation with two quotes": lambda g: g.add((first(g, CITO.Citation), KG.quote, Literal("other words"))),
    "pursuance quote with a language tag": lambda g: (
        g.add((URIRef(EX + "pursuance"), RDF.type, KG.Pursuance)),
        g.add((URIRef(EX + "pursuance"), KG.quote, Literal("mots", lang="fr")))),
    "negative selector start": lambda g: _replace(g, selector_of(g, CITO.Citation), OA.start, Literal(-1)),
    "selector without end": lambda g: g.remove((selector_of(g, CITO.Citation), OA.end, None)),
    "selector without end, of a citation and of a node no shape targets": lambda g: (
        g.add((URIRef(EX + "no-annotation"), OA.hasSelector, selector_of(g, CITO.Citation))),
        g.remove((selector_of(g, CITO.Citation), OA.end, None))),
    "selector that is a literal": lambda g: _replace(g, first(g, CITO.Citation), OA.hasSelector, Literal(7)),
    "mandate due relation not allowed": lambda g: _replace(g, first(g, KG.Mandate), KG.dueRelation, Literal("after")),
    "mandate due session zero": lambda g: _replace(g, first(g, KG.Mandate), KG.dueSession, Literal(0)),
    "mandate with two deliverables": lambda g: g.add((first(g, KG.Mandate), KG.deliverable, URIRef(EX + "y"))),
    "a document typed through a subclass": lambda g: (
        g.add((URIRef(EX + "Kind"), RDFS.subClassOf, KG.Document)),
        g.add((URIRef(EX + "doc"), RDF.type, URIRef(EX + "Kind")))),
    "submitted pursuant to no document": lambda g: g.add((URIRef(EX + "report"), KG.submittedPursuantTo, URIRef(EX + "z"))),
}

# Breaks of a value that two owners hold: pySHACL repeats the value's result under each owner,
# the compiled checks give it once (and the sh:node result of each owner).
SHARED_BREAKS = {
    "selector without end, shared by two citations": lambda g: (
        g.add((sorted(g.subjects(RDF.type, CITO.Citation))[1], OA.hasSelector, selector_of(g, CITO.Citation))),
        g.remove((selector_of(g, CITO.Citation), OA.end, None))),
    "selector with a negative start, shared by two citations": lambda g: (
        g.add((sorted(g.subjects(RDF.type, CITO.Citation))[1], OA.hasSelector, selector_of(g, CITO.Citation))),
        _replace(g, selector_of(g, CITO.Citation), OA.start, Literal(-1))),
}


def _replace(graph: Graph, node, predicate, value) -> None:
    graph.set((node, predicate, value))


def broken_store(tmp_path, *names: str) -> Store:
    built = build_graph(sample_extraction(), MINTER)
    graph = Graph()
    for triple in built.graph:
        graph.add(triple)
    for name in names:
        {**BREAKS, **SHARED_BREAKS}[name](graph)
    store = Store.open(tmp_path, create=True)
    store.replace_graph(built.name, graph)
    store.replace_graph(MINTER.special_graph("concepts"), concept_graph(built.concepts, MINTER))
    store.refresh_union()
    return store


def outcome(report, with_messages: bool):
    return Counter((r.severity, r.focus, r.path) + ((r.message,) if with_messages else ()) for r in report.results)


def both_reports(store: Store):
    """The compiled checks' report on the store, and pySHACL's on the same triples."""
    dataset_graph = Graph()
    for quad in store.to_dataset().quads():
        dataset_graph.add(quad[:3])
    return validate_store(store), validate(dataset_graph)


@pytest.mark.parametrize("name", list(BREAKS))
def test_compiled_shapes_find_what_pyshacl_finds(tmp_path, name):
    compiled_report, reference = both_reports(broken_store(tmp_path, name))
    assert outcome(compiled_report, False) == outcome(reference, False)
    assert compiled_report.conforms == reference.conforms
    if not name.startswith("nothing broken"):
        assert compiled_report.results, "the break must be seen"
    # Where the shapes give a message, both say it.
    declared = {str(m) for m in shapes().objects(None, SH.message)}
    assert {r.message for r in compiled_report.results} & declared == {r.message for r in reference.results} & declared


def test_every_break_at_once_is_found_as_pyshacl_finds_it(tmp_path):
    # Breaks side by side must not hide or repeat one another.
    compiled_report, reference = both_reports(broken_store(tmp_path, *BREAKS))
    assert outcome(compiled_report, False) == outcome(reference, False)
    # two break nothing, and some share a path with another (a symbol, a session, a quote, a selector's start or end)
    assert len({r.path for r in compiled_report.results}) >= len(BREAKS) - 9


@pytest.mark.parametrize("name", list(SHARED_BREAKS))
def test_a_value_two_owners_hold_is_reported_once_where_pyshacl_repeats_it(tmp_path, name):
    compiled_report, reference = both_reports(broken_store(tmp_path, name))
    found, expected = outcome(compiled_report, False), outcome(reference, False)
    assert set(found) == set(expected)
    assert max(found.values()) == 1 and max(expected.values()) == 2
    assert sum(1 for r in compiled_report.results if r.path == str(OA.hasSelector)) == 2  # one per citation


def test_a_query_that_several_checks_read_is_asked_once(tmp_path, monkeypatch):
    # the shapes of citations and of statements of pursuance check kg:quote alike
    store = broken_store(tmp_path, "citation quote with a language tag", "pursuance quote with a language tag")
    asked = Counter()
    select = Store.select

    def counted(self, sparql, *args, **kwargs):
        asked[sparql] += 1
        return select(self, sparql, *args, **kwargs)

    monkeypatch.setattr(Store, "select", counted)
    report = validate_store(store)
    assert asked and max(asked.values()) == 1
    quoted = {(r.focus, r.message) for r in report.results if r.path == str(KG.quote)}
    citation = first(build_graph(sample_extraction(), MINTER).graph, CITO.Citation)
    assert {focus for focus, _ in quoted} == {str(citation), EX + "pursuance"}
    assert len({message for _, message in quoted}) == 2  # each under its own shape's message


def test_every_shape_compiles_and_every_constraint_becomes_a_query():
    checks = compiled(True)
    properties = set(shapes().objects(None, SH.property))
    assert len(checks) >= len(properties)
    assert all(c.sparql.startswith("SELECT DISTINCT ?focus ?value WHERE") for c in checks)


def test_an_unknown_constraint_is_refused_by_name():
    graph = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:uniqueLang true ] .
    """, format="turtle")
    with pytest.raises(ShapeCompileError, match="uniqueLang"):
        compile_shapes(graph)
