from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from kg.build import build_graph
from kg.concepts import concept_graph
from kg.iri import Minter
from kg.validate import validate
from kg.vocab import CITO, KG, OA

from sample import sample_extraction

M = Minter("https://example.org/kg/")


def graph():
    return build_graph(sample_extraction(), M)


def test_document_identity():
    g = graph().graph
    doc = M.document("A/HRC/RES/57/12")
    assert (doc, RDF.type, KG.Resolution) in g
    assert (doc, KG.symbol, Literal("A/HRC/RES/57/12")) in g
    assert (doc, KG.session, Literal(57)) in g
    assert (doc, DCTERMS.date, Literal("2024-10-10", datatype=XSD.date)) in g
    assert (doc, KG.body, M.concept("body", "hrc")) in g
    assert (doc, DCTERMS.title, Literal("Local government and human rights", lang="en")) in g
    assert (doc, KG.hasExpression, M.expression("A/HRC/RES/57/12", "en")) in g


def test_citations_link_paragraph_to_cited_document_with_date_and_words():
    g = graph().graph
    pp1 = M.paragraph("A/HRC/RES/57/12", "pp1")
    cited = M.document("A/HRC/RES/24/2")
    assert (pp1, CITO.cites, cited) in g
    citation = M.in_expression("A/HRC/RES/57/12", "en", "cit-1")
    assert (citation, CITO.hasCitedEntity, cited) in g
    assert (citation, KG.citedDate, Literal("2013-09-26", datatype=XSD.date)) in g
    selector = g.value(citation, OA.hasSelector)
    assert g.value(selector, OA.start).toPython() < g.value(selector, OA.end).toPython()
    # a cited document that was not read is still a node with what the citation says
    assert (cited, KG.symbol, Literal("A/HRC/RES/24/2")) in g
    assert (cited, KG.session, Literal(24)) in g
    assert (cited, DCTERMS.date, Literal("2013-09-26", datatype=XSD.date)) in g


def test_paragraphs_actions_addressees_mandates():
    g = graph().graph
    op1 = M.paragraph("A/HRC/RES/57/12", "op1")
    assert (op1, KG.action, M.concept("action", "encourages")) in g
    assert (op1, KG.addressee, M.concept("entity", "local-governments")) in g
    sub = M.paragraph("A/HRC/RES/57/12", "op2.a")
    assert (sub, KG.subParagraphOf, M.paragraph("A/HRC/RES/57/12", "op2")) in g
    mandate = M.mandate("A/HRC/RES/57/12", "op2", 1)
    assert (mandate, KG.dueSession, Literal(63)) in g
    assert (mandate, KG.deliverable, M.concept("deliverable", "report")) in g
    assert (mandate, KG.mandatedTo, M.concept("entity", "ohchr")) in g


def test_no_blank_nodes():
    g = graph().graph
    assert not [t for t in g if any(type(x).__name__ == "BNode" for x in t)]


def test_graph_with_its_concepts_conforms_to_the_shapes():
    dg = graph()
    data = dg.graph + concept_graph(dg.concepts, M)
    report = validate(data)
    assert report.conforms, [r for r in report.violations]


def test_shapes_catch_a_broken_paragraph():
    dg = graph()
    data = dg.graph + concept_graph(dg.concepts, M)
    op1 = M.paragraph("A/HRC/RES/57/12", "op1")
    data.remove((op1, KG.number, None))
    data.add((op1, KG.action, M.concept("action", "decides")))  # now two actions, one not a concept
    report = validate(data)
    assert not report.conforms
    paths = {r.path for r in report.violations}
    assert str(KG.number) in paths and str(KG.action) in paths


def test_concepts_have_labels_in_several_languages():
    g = concept_graph({("body", "hrc")}, M)
    labels = {l.language for l in g.objects(M.concept("body", "hrc"), SKOS.prefLabel)}
    assert labels == {"ar", "en", "es", "fr", "ru", "zh"}
