from dataclasses import replace

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD
from sample import sample_extraction

from kg.build import build_graph
from kg.concepts import concept_graph
from kg.iri import Minter
from kg.records import DocumentInfo, Entity, Extraction, Mandate, Paragraph, Reference, Source
from kg.validate import validate
from kg.vocab import CITO, KG, OA

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


# --- Events, SDGs, forms and consultation, follow-up --------------------------------------

def with_records(entities=(), mandates=None):
    x = sample_extraction()
    return replace(x, entities=x.entities + tuple(entities), mandates=mandates if mandates is not None else x.mandates)


def conforms(dg):
    report = validate(dg.graph + concept_graph(dg.concepts, M))
    return report.conforms, [str(r) for r in report.violations]


def test_event_session_with_place_and_days():
    event = Entity("world-urban-forum-12", "event", "local governments", 0, 5, paragraph="pp1", session=12,
                   place="cairo", start_date="2024-11-04", end_date="2024-11-08")
    dg = build_graph(with_records([event]), M)
    node = M.concept("entity", "world-urban-forum-12")
    g = dg.graph
    assert (node, RDF.type, KG.Event) in g
    assert (node, KG.sessionNumber, Literal(12)) in g
    assert (node, KG.heldIn, M.concept("entity", "cairo")) in g
    assert (node, KG.startDate, Literal("2024-11-04", datatype=XSD.date)) in g
    assert (node, KG.endDate, Literal("2024-11-08", datatype=XSD.date)) in g
    concepts = concept_graph(dg.concepts, M)
    assert (node, SKOS.broader, M.concept("entity", "world-urban-forum")) in concepts
    assert (node, SKOS.prefLabel, Literal("World Urban Forum, twelfth session", lang="en")) in concepts
    assert (node, SKOS.prefLabel, Literal("世界城市论坛第十二届会议", lang="zh")) in concepts
    assert (M.concept("entity", "cairo"), SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q85")) in concepts
    assert conforms(dg) == (True, [])


def test_an_event_read_twice_keeps_the_first_days_it_was_given():
    first = Entity("world-urban-forum-12", "event", "x", 0, 1, session=12, start_date="2024-11-04")
    again = Entity("world-urban-forum-12", "event", "x", 2, 3, session=12, start_date="2024-11-05", end_date="2024-11-08")
    g = build_graph(with_records([first, again]), M).graph
    node = M.concept("entity", "world-urban-forum-12")
    assert list(g.objects(node, KG.startDate)) == [Literal("2024-11-04", datatype=XSD.date)]
    assert list(g.objects(node, KG.endDate)) == [Literal("2024-11-08", datatype=XSD.date)]


def test_sdg_target_links_to_the_un_identifier_and_its_goal():
    dg = build_graph(with_records([Entity("sdg-11-3", "sdg", "target 11.3", 0, 5, paragraph="op1")]), M)
    concepts = concept_graph(dg.concepts, M)
    target, goal = M.concept("entity", "sdg-11-3"), M.concept("entity", "sdg-11")
    assert (M.paragraph("A/HRC/RES/57/12", "op1"), KG.mentions, target) in dg.graph
    assert (target, SKOS.exactMatch, URIRef("http://metadata.un.org/sdg/11.3")) in concepts
    assert (target, SKOS.broader, goal) in concepts
    assert (goal, SKOS.exactMatch, URIRef("http://metadata.un.org/sdg/11")) in concepts
    assert {l.language for l in concepts.objects(goal, SKOS.prefLabel)} == {"ar", "en", "es", "fr", "ru", "zh"}
    assert conforms(dg) == (True, [])


def test_a_concept_that_serves_an_sdg_is_related_not_the_same():
    concepts = concept_graph({("entity", "un-habitat")}, M)
    node = M.concept("entity", "un-habitat")
    assert (node, SKOS.relatedMatch, URIRef("http://metadata.un.org/sdg/11")) in concepts
    assert (node, SKOS.exactMatch, URIRef("http://metadata.un.org/sdg/11")) not in concepts


def test_mandate_form_consultation_and_the_paragraph_that_details_it():
    mandate = Mandate("op2", "ohchr", "report", 63, 0, 5, due_body="HRC", forms=("accessible", "easy-to-read"),
                      consult=("states", "nhri"), detailed_in=("op1", "op9"))
    dg = build_graph(with_records(mandates=(mandate,)), M)
    node, g = M.mandate("A/HRC/RES/57/12", "op2", 1), dg.graph
    assert set(g.objects(node, KG.form)) == {M.concept("form", "accessible"), M.concept("form", "easy-to-read")}
    assert set(g.objects(node, KG.consult)) == {M.concept("entity", "states"), M.concept("entity", "nhri")}
    assert set(g.objects(node, KG.detailedIn)) == {M.paragraph("A/HRC/RES/57/12", "op1")}  # op9 is not a paragraph here
    concepts = concept_graph(dg.concepts, M)
    assert (M.concept("deliverable", "report"), KG.documentClass, KG.Report) in concepts
    assert (M.concept("form", "accessible"), SKOS.inScheme, M.scheme("form")) in concepts
    assert conforms(dg) == (True, [])


PURSUANCE_TEXT = (
    "The Human Rights Council,\n\n"
    "Taking note with appreciation of the report of the Office of the High Commissioner submitted pursuant to "
    "Human Rights Council resolution 51/12 (A/HRC/56/32),\n"
)


def pursuance_extraction():
    text = PURSUANCE_TEXT
    start = text.index("Taking")
    source = Source("report.en.txt", text, "en", "txt", "1" * 64)
    res, doc = text.index("resolution 51/12"), text.index("A/HRC/56/32")
    return Extraction(
        source, DocumentInfo(symbol="A/HRC/RES/57/12", language="en", kind="resolution", body="HRC"),
        paragraphs=(Paragraph("pp1", "preambular", None, start, len(text) - 1, action="takes-note-with-appreciation",
                              actions=("takes-note-with-appreciation",)),),
        references=(Reference("A/HRC/RES/51/12", None, "resolution 51/12", res, res + 16, paragraph="pp1"),
                    Reference("A/HRC/56/32", None, "A/HRC/56/32", doc, doc + 11, paragraph="pp1")),
    )


def test_report_submitted_pursuant_to_a_resolution_with_its_evidence():
    dg = build_graph(pursuance_extraction(), M)
    g = dg.graph
    report, resolution = M.document("A/HRC/56/32"), M.document("A/HRC/RES/51/12")
    assert (report, KG.submittedPursuantTo, resolution) in g
    evidence = M.in_expression("A/HRC/RES/57/12", "en", "pursuance-1")
    assert (evidence, RDF.type, KG.Pursuance) in g
    assert (evidence, KG.submittedDocument, report) in g
    assert (evidence, KG.pursuantTo, resolution) in g
    assert (evidence, KG.inParagraph, M.paragraph("A/HRC/RES/57/12", "pp1")) in g
    assert str(g.value(evidence, KG.quote)) == "submitted pursuant to Human Rights Council resolution 51/12"
    selector = g.value(evidence, OA.hasSelector)
    start, end = g.value(selector, OA.start).toPython(), g.value(selector, OA.end).toPython()
    assert PURSUANCE_TEXT[start:end] == "submitted pursuant to Human Rights Council resolution 51/12"
    assert (report, RDF.type, KG.Report) in g and (resolution, RDF.type, KG.Resolution) in g
    assert conforms(dg) == (True, [])
