"""The series, actors and mandates views: what each holds, on a hand-made graph and on the
graph built from the shared corpus, and every view drawn in a real, offline browser."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from selects import rdflib_select

from kg.store import Store
from kg.views import page as page_module
from kg.views.layout import neighbourhood
from kg.views.model import Layered, View, ViewEdge, ViewNode
from kg.visualise import (
    VIEWS, actors_view, build_view, citation_view, kinds, layered_layout, mandates_view, render_html, series_view,
    write_view,
)

sys.path.insert(0, str(Path(__file__).parent))
import browser  # noqa: E402  (a helper module beside the tests, not a package)

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"

HOSTILE_IMG = "<img src=x onerror=\"window.pwned=1\">"
HOSTILE_SCRIPT = "</script><script>window.pwned=2</script>"
HOSTILE_LABEL = f"{HOSTILE_IMG} {HOSTILE_SCRIPT} council"
HOSTILE_SYMBOL = f"A/HRC/RES/{HOSTILE_IMG}"
HOSTILE_TEXT = f"Requests {HOSTILE_SCRIPT} to report {HOSTILE_IMG}"

C = "https://w3id.org/un-hr-kg/concept/"
OHCHR, STATES, LOCAL, HOSTILE_ACTOR = (C + "entity/" + name for name in ("ohchr", "states", "local-governments",
                                                                            "hostile"))
M = "https://w3id.org/un-hr-kg/mandate/"
SEED = "A/HRC/RES/57/12"
LOCAL_SERIES = ["A/HRC/RES/24/2", "A/HRC/RES/27/4", "A/HRC/RES/33/8", "A/HRC/RES/39/7", "A/HRC/RES/45/7",
                "A/HRC/RES/51/12", SEED]


def turtle_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


FIXTURE = """
@prefix kg: <https://w3id.org/un-hr-kg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix doc: <https://w3id.org/un-hr-kg/doc/> .
@prefix p: <https://w3id.org/un-hr-kg/paragraph/> .
@prefix m: <https://w3id.org/un-hr-kg/mandate/> .
@prefix body: <https://w3id.org/un-hr-kg/concept/body/> .
@prefix action: <https://w3id.org/un-hr-kg/concept/action/> .
@prefix entity: <https://w3id.org/un-hr-kg/concept/entity/> .
@prefix deliverable: <https://w3id.org/un-hr-kg/concept/deliverable/> .

body:hrc skos:notation "HRC" ; skos:prefLabel "Human Rights Council"@en , "Conseil des droits de l'homme"@fr .
body:ga skos:notation "GA" ; skos:prefLabel "General Assembly"@en .
action:requests skos:notation "requests" ; skos:prefLabel "Requests"@en , "Prie"@fr .
action:encourages skos:notation "encourages" ; skos:prefLabel "Encourages"@en , "Encourage"@fr .
action:calls-upon skos:notation "calls-upon" ; skos:prefLabel "Calls upon"@en .
entity:ohchr skos:notation "ohchr" ; skos:prefLabel "Office of the High Commissioner"@en , "Haut-Commissariat"@fr .
entity:states skos:notation "states" ; skos:prefLabel "States"@en , "États"@fr .
entity:local-governments skos:notation "local-governments" ; skos:prefLabel "local governments"@en .
entity:hostile skos:notation "hostile" ; skos:prefLabel "%(hostile_label)s"@en .
deliverable:report skos:notation "report" ; skos:prefLabel "report"@en , "rapport"@fr .
deliverable:panel skos:notation "panel" ; skos:prefLabel "panel discussion"@en .

# The series on local government: 57/12 and 51/12 read, the others only cited.
doc:r57-12 a kg:Document , kg:Resolution ; kg:symbol "A/HRC/RES/57/12" ; kg:body body:hrc ;
    dcterms:title "Local government and human rights"@en ; dcterms:date "2024-10-10"^^xsd:date ;
    kg:session 57 ; kg:hasExpression doc:r57-12-en .
doc:r57-12-en dcterms:language "en" .
doc:r51-12 a kg:Document , kg:Resolution ; kg:symbol "A/HRC/RES/51/12" ; kg:body body:hrc ;
    dcterms:title "Local Government and  human rights"@en ; dcterms:date "2022-10-06"^^xsd:date ;
    kg:session 51 ; kg:hasExpression doc:r51-12-en .
doc:r51-12-en dcterms:language "en" .
doc:r48-3 a kg:Document , kg:Resolution ; kg:symbol "A/HRC/RES/48/3" ; kg:body body:hrc ;
    dcterms:title "Local government and human rights"@en ; kg:session 48 ; kg:hasExpression doc:r48-3-en .
doc:r48-3-en dcterms:language "en" .
doc:r45-7 a kg:Document , kg:Resolution ; kg:symbol "A/HRC/RES/45/7" ; kg:body body:hrc ; kg:session 45 ;
    dcterms:date "2020-10-06"^^xsd:date .
doc:r27-4 a kg:Document , kg:Resolution ; kg:symbol "A/HRC/RES/27/4" ; kg:body body:hrc ; kg:session 27 .
doc:r24-2 a kg:Document , kg:Resolution ; kg:symbol "A/HRC/RES/24/2" ; kg:body body:hrc ; kg:session 24 .
doc:hostile a kg:Document , kg:Resolution ; kg:symbol "%(hostile_symbol)s" ; kg:body body:hrc .
# Linked by citation, not of the series: another theme, a report, a General Assembly resolution.
doc:r55-2 a kg:Document , kg:Resolution ; kg:symbol "A/HRC/RES/55/2" ; kg:body body:hrc ;
    dcterms:title "Right to food"@en ; kg:session 55 ; kg:hasExpression doc:r55-2-en .
doc:r55-2-en dcterms:language "en" .
doc:r53-1 a kg:Document , kg:Resolution ; kg:symbol "A/HRC/RES/53/1" ; kg:body body:hrc ; kg:session 53 .
doc:rep56-32 a kg:Document , kg:Report ; kg:symbol "A/HRC/56/32" ; kg:body body:hrc ; kg:session 56 .
doc:ga70-1 a kg:Document , kg:Resolution ; kg:symbol "A/RES/70/1" ; kg:body body:ga ; kg:session 70 .
# Reports that answer mandates.
doc:rep63-40 a kg:Document , kg:Report ; kg:symbol "A/HRC/63/40" ; kg:body body:hrc ; kg:session 63 ;
    kg:hasExpression doc:rep63-40-en .
doc:rep63-40-en dcterms:language "en" .
doc:rep60-5 a kg:Document , kg:Report ; kg:symbol "A/HRC/60/5" ; kg:body body:hrc ; kg:session 60 .

p:r57-12-pp3 dcterms:isPartOf doc:r57-12 ; kg:paragraphId "pp3" ;
    kg:text "Recalling its resolutions 27/4, 45/7 and 51/12 on local government, the hostile one and 55/2"@en ;
    cito:cites doc:r27-4 , doc:r45-7 , doc:r51-12 , doc:hostile , doc:r55-2 .
p:r57-12-pp4 dcterms:isPartOf doc:r57-12 ; kg:paragraphId "pp4" ;
    kg:text "Recalling resolution 53/1 and General Assembly resolution 70/1"@en ; cito:cites doc:r53-1 , doc:ga70-1 .
p:r57-12-pp5 dcterms:isPartOf doc:r57-12 ; kg:paragraphId "pp5" ;
    kg:text "Taking note of the report A/HRC/56/32"@en ; cito:cites doc:rep56-32 .
p:r57-12-op1 dcterms:isPartOf doc:r57-12 ; kg:paragraphId "op1" ;
    kg:text "Encourages States and local governments to cooperate"@en ,
            "Encourage les États et les gouvernements locaux à coopérer"@fr ;
    kg:action action:encourages ; kg:addressee entity:states , entity:local-governments .
p:r57-12-op8 dcterms:isPartOf doc:r57-12 ; kg:paragraphId "op8" ;
    kg:text "Calls upon local governments to mainstream human rights"@en ;
    kg:action action:calls-upon ; kg:addressee entity:local-governments .
p:r57-12-op10 dcterms:isPartOf doc:r57-12 ; kg:paragraphId "op10" ;
    kg:text "Requests the Office of the High Commissioner to organize a panel before the sixtieth session"@en ;
    kg:action action:requests ; kg:addressee entity:ohchr .
p:r57-12-op11 dcterms:isPartOf doc:r57-12 ; kg:paragraphId "op11" ;
    kg:text "Requests the Office of the High Commissioner to prepare a report for the sixty-third session"@en ;
    kg:action action:requests ; kg:addressee entity:ohchr .
p:r57-12-op12 dcterms:isPartOf doc:r57-12 ; kg:paragraphId "op12" ; kg:text "%(hostile_text)s"@en ;
    kg:action action:requests ; kg:addressee entity:hostile .
p:r51-12-pp2 dcterms:isPartOf doc:r51-12 ; kg:paragraphId "pp2" ; kg:text "Recalling resolutions 24/2 and 45/7"@en ;
    cito:cites doc:r24-2 , doc:r45-7 .
p:r51-12-pp5 dcterms:isPartOf doc:r51-12 ; kg:paragraphId "pp5" ; kg:text "Recalling resolution 48/3"@en ;
    cito:cites doc:r48-3 .
p:r51-12-op3 dcterms:isPartOf doc:r51-12 ; kg:paragraphId "op3" ;
    kg:text "Requests the Office of the High Commissioner to report"@en ;
    kg:action action:requests ; kg:addressee entity:ohchr .
p:r51-12-op4 dcterms:isPartOf doc:r51-12 ; kg:paragraphId "op4" ; kg:text "Further, States should act"@en ;
    kg:addressee entity:states .

doc:r57-12 cito:cites doc:r27-4 , doc:r45-7 , doc:r51-12 , doc:r55-2 , doc:r53-1 , doc:ga70-1 , doc:rep56-32 ,
    doc:hostile .
doc:r51-12 cito:cites doc:r24-2 , doc:r45-7 , doc:r48-3 .

m:r57-12-op10 a kg:Mandate ; kg:givenIn p:r57-12-op10 ; kg:deliverable deliverable:panel ;
    kg:mandatedTo entity:ohchr ; kg:dueSession 60 ; kg:dueRelation "before" ; kg:dueBody body:hrc .
m:r57-12-op11 a kg:Mandate ; kg:givenIn p:r57-12-op11 ; kg:deliverable deliverable:report ;
    kg:mandatedTo entity:ohchr ; kg:dueSession 63 ; kg:dueRelation "at" ; kg:dueBody body:hrc .
m:r57-12-op12 a kg:Mandate ; kg:givenIn p:r57-12-op12 ; kg:deliverable deliverable:report ;
    kg:mandatedTo entity:hostile ; kg:dueSession 63 ; kg:dueRelation "at" ; kg:dueBody body:hrc .

# The follow-up link, pointing at a mandate, at the paragraph giving one, and at a document.
doc:rep63-40 kg:submittedPursuantTo m:r57-12-op11 .
doc:rep60-5 kg:submittedPursuantTo p:r57-12-op10 .
doc:rep56-32 kg:submittedPursuantTo doc:r51-12 .
<https://w3id.org/un-hr-kg/doc/r57-12-en#pursuance-1> a kg:Pursuance ; kg:submittedDocument doc:rep56-32 ;
    kg:pursuantTo doc:r51-12 ; kg:quote "submitted pursuant to resolution 51/12" ; kg:inParagraph p:r57-12-pp5 .
""" % {"hostile_label": turtle_string(HOSTILE_LABEL), "hostile_symbol": turtle_string(HOSTILE_SYMBOL),
       "hostile_text": turtle_string(HOSTILE_TEXT)}

FOLLOW_UP = URIRef("https://w3id.org/un-hr-kg/ontology#submittedPursuantTo")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(data=FIXTURE, format="turtle")


@pytest.fixture(scope="module")
def select(graph):
    return rdflib_select(graph)


@pytest.fixture(scope="module")
def no_follow_up(graph):
    """The same graph before any document is linked to the mandate it answers."""
    bare = Graph()
    for triple in graph:
        if triple[1] != FOLLOW_UP:
            bare.add(triple)
    return rdflib_select(bare)


def ids(view: View) -> list[str]:
    return [node.id for node in view.nodes]


def node(view: View, node_id: str) -> ViewNode:
    return next(n for n in view.nodes if n.id == node_id)


def edges(view: View, source: str, target: str) -> list[ViewEdge]:
    return [e for e in view.edges if (e.source, e.target) == (source, target)]


# --- series ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def series(select):
    return series_view(select, focus=SEED)


def test_series_in_order_of_session(series):
    assert ids(series) == ["A/HRC/RES/24/2", "A/HRC/RES/27/4", "A/HRC/RES/45/7", "A/HRC/RES/48/3",
                           "A/HRC/RES/51/12", SEED, HOSTILE_SYMBOL]
    assert [n.band for n in series.nodes] == list(range(7))


@pytest.mark.parametrize("symbol", ["A/HRC/RES/55/2", "A/HRC/RES/53/1", "A/HRC/56/32", "A/RES/70/1"],
                         ids=["same kind and body, another title", "recalled alone, not with the series",
                              "a report", "another body"])
def test_series_leaves_out_documents_of_another_series(series, symbol):
    assert symbol not in ids(series)


def test_series_laid_out_left_to_right(series):
    positions = layered_layout(series)
    xs = [positions[n.id][0] for n in series.nodes]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert series.layout is not None


def test_series_focus_highlighted(series):
    assert [n.id for n in series.nodes if n.focus] == [SEED]
    assert series.title == "Series of A/HRC/RES/57/12: Local government and human rights"
    assert series.summary == "7 documents · 7 citing pairs · sessions 24–57"


def test_series_citations_and_succession(series):
    cited = {(e.source, e.target) for e in series.edges if not e.dashed}
    assert cited == {(SEED, "A/HRC/RES/27/4"), (SEED, "A/HRC/RES/45/7"), (SEED, "A/HRC/RES/51/12"),
                     (SEED, HOSTILE_SYMBOL), ("A/HRC/RES/51/12", "A/HRC/RES/24/2"),
                     ("A/HRC/RES/51/12", "A/HRC/RES/45/7"), ("A/HRC/RES/51/12", "A/HRC/RES/48/3")}
    succession = [(e.source, e.target) for e in series.edges if e.dashed]
    assert succession == list(zip(ids(series), ids(series)[1:]))
    arc = edges(series, SEED, "A/HRC/RES/51/12")[0]
    assert arc.curve > 0 and arc.paragraphs == ("pp3",)
    assert "Recalling its resolutions 27/4, 45/7 and 51/12" in arc.tooltip


def test_series_tooltip_says_what_it_recalls(series):
    tip = node(series, "A/HRC/RES/51/12").tooltip.split("\n")
    assert "Number 5 of 7 in the series" in tip
    assert "Recalls: A/HRC/RES/24/2, A/HRC/RES/45/7, A/HRC/RES/48/3" in tip
    assert "Recalled by: A/HRC/RES/57/12" in tip


def test_series_link_by_same_title_alone(series):
    """51/12 recalls 48/3 alone in its paragraph, but both bear the same title."""
    assert [e.paragraphs for e in edges(series, "A/HRC/RES/51/12", "A/HRC/RES/48/3")] == [("pp5",)]


@pytest.mark.parametrize("focus", ["A/HRC/RES/24/2", "A/HRC/RES/45/7", "A/HRC/RES/51/12"],
                         ids=["first, cited only", "cited twice", "read, in the middle"])
def test_any_member_finds_the_same_series(select, series, focus):
    assert ids(series_view(select, focus=focus)) == ids(series)


def test_default_focus_is_the_read_document_with_most_citations_in_its_series(select, series):
    default = series_view(select)
    assert ids(default) == ids(series) and [n.id for n in default.nodes if n.focus] == [SEED]


def test_series_depth_counts_citation_hops(select):
    near = ids(series_view(select, focus=SEED, depth=1))
    assert "A/HRC/RES/24/2" not in near and "A/HRC/RES/48/3" not in near and "A/HRC/RES/51/12" in near
    assert ids(series_view(select, focus=SEED, depth=0)) == [SEED]
    assert ids(series_view(select, depth=0)) == [SEED]  # from the focus chosen
    with pytest.raises(ValueError, match="0 or more"):
        series_view(select, depth=-1)


def test_series_title_escaped(select):
    page = render_html(series_view(select, focus=HOSTILE_SYMBOL))
    assert "<title>Series of A/HRC/RES/&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;</title>" in page


# --- actors ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def actors(select):
    return actors_view(select)


def test_actors_nodes(actors):
    documents = [n.id for n in actors.nodes if n.link]
    assert documents == ["A/HRC/RES/51/12", SEED]
    assert {n.id for n in actors.nodes if n.kind == "actor"} == {
        "actor " + a for a in (OHCHR, STATES, LOCAL, HOSTILE_ACTOR)}
    assert all(n.link is None for n in actors.nodes if n.kind == "actor")


@pytest.mark.parametrize("source, actor, labels, paragraphs", [
    (SEED, OHCHR, ["Requests"], [("op10", "op11")]),
    (SEED, STATES, ["Encourages"], [("op1",)]),
    (SEED, LOCAL, ["Calls upon", "Encourages"], [("op8",), ("op1",)]),
    ("A/HRC/RES/51/12", STATES, ["(verb not recognised)"], [("op4",)]),
], ids=["one verb, two paragraphs", "one verb", "two verbs, two edges", "no verb"])
def test_actor_edges_labelled_by_verb(actors, source, actor, labels, paragraphs):
    found = edges(actors, source, "actor " + actor)
    assert [e.label for e in found] == labels
    assert [e.paragraphs for e in found] == paragraphs


def test_parallel_actor_edges_bend_apart(actors):
    assert [e.curve for e in edges(actors, SEED, "actor " + LOCAL)] == [0.0, pytest.approx(0.18)]


def test_actor_edge_tooltip_has_the_words_and_the_symbol(actors):
    tip = edges(actors, SEED, "actor " + OHCHR)[0].tooltip
    assert tip.startswith("A/HRC/RES/57/12: Requests → Office of the High Commissioner\nin 2 paragraphs\nop10\n")
    assert "Requests the Office of the High Commissioner to prepare a report" in tip


def test_actor_node_tooltip_counts_verbs(actors):
    assert node(actors, "actor " + OHCHR).tooltip.split("\n") == [
        "Office of the High Commissioner", "Actor asked to act", "in 3 paragraphs of 2 documents", "Requests: 3"]


@pytest.mark.parametrize("lang, actor, label, verbs", [
    ("fr", OHCHR, "Haut-Commissariat", ["Prie"]),
    ("fr", LOCAL, "local governments", ["Calls upon", "Encourage"]),
    ("zh", STATES, "States", ["Encourages"]),
], ids=["asked language", "falls back to English", "no label in the language"])
def test_actor_labels_in_language(select, lang, actor, label, verbs):
    view = actors_view(select, lang=lang)
    assert node(view, "actor " + actor).label == label
    assert [e.label for e in edges(view, SEED, "actor " + actor)] == verbs


def test_actor_edge_words_in_language(select):
    tip = edges(actors_view(select, lang="fr"), SEED, "actor " + STATES)[0].tooltip
    assert "Encourage les États et les gouvernements locaux à coopérer" in tip


@pytest.mark.parametrize("focus, depth, expected", [
    (SEED, None, {SEED, *("actor " + a for a in (OHCHR, STATES, LOCAL, HOSTILE_ACTOR))}),
    (SEED, 2, {SEED, "A/HRC/RES/51/12", *("actor " + a for a in (OHCHR, STATES, LOCAL, HOSTILE_ACTOR))}),
    ("ohchr", None, {"actor " + OHCHR, SEED, "A/HRC/RES/51/12"}),
    ("Office of the High Commissioner", 0, {"actor " + OHCHR}),
], ids=["document", "document, two hops", "actor by notation", "actor by name"])
def test_actors_focus(select, focus, depth, expected):
    view = actors_view(select, focus=focus, depth=depth)
    assert set(ids(view)) == expected
    assert sum(n.focus for n in view.nodes) == 1


def test_actors_unknown_focus(select):
    with pytest.raises(ValueError, match="nor the notation or name of an actor"):
        actors_view(select, focus="nobody")


# --- mandates -------------------------------------------------------------------


@pytest.fixture(scope="module")
def mandates(select):
    return mandates_view(select)


def test_mandates_between_document_actor_and_session(mandates):
    m10, m11, m12 = (f"mandate {M}r57-12-op{n}" for n in (10, 11, 12))
    assert node(mandates, m10).label == "panel discussion (op10)"
    assert [e.label for e in edges(mandates, SEED, m10)] == ["op10"]
    assert [e.label for e in edges(mandates, m10, "actor " + OHCHR)] == ["to"]
    assert [e.label for e in edges(mandates, m10, f"session {C}body/hrc 60")] == ["before"]
    assert [e.label for e in edges(mandates, m11, f"session {C}body/hrc 63")] == ["at"]
    assert [e.label for e in edges(mandates, m12, "actor " + HOSTILE_ACTOR)] == ["to"]
    assert node(mandates, f"session {C}body/hrc 63").label == "HRC 63"
    assert node(mandates, f"session {C}body/hrc 63").tooltip == "Session 63 of the Human Rights Council\n2 mandates due"


@pytest.mark.parametrize("source, target, kind", [
    (f"mandate {M}r57-12-op11", "A/HRC/63/40", "mandate-delivered"),
    (f"mandate {M}r57-12-op10", "A/HRC/60/5", "mandate-delivered"),
    ("A/HRC/RES/51/12", "A/HRC/56/32", None),
], ids=["link to the mandate", "link to its paragraph", "link to a document with no known mandate"])
def test_mandates_delivered(mandates, source, target, kind):
    assert [e.label for e in edges(mandates, source, target)] == ["delivered by"]
    assert "submitted pursuant to" in edges(mandates, source, target)[0].tooltip
    if kind:
        assert node(mandates, source).kind == kind
    assert node(mandates, target).link == target


def test_mandate_without_delivery_is_open(mandates):
    assert node(mandates, f"mandate {M}r57-12-op12").kind == "mandate-open"
    assert mandates.summary == "3 mandates (2 delivered) · 5 documents · 2 actors · 2 sessions · 3 deliveries"


def test_delivery_shows_the_words_that_say_so(mandates):
    tip = edges(mandates, "A/HRC/RES/51/12", "A/HRC/56/32")[0].tooltip
    assert tip.split("\n") == ["A/HRC/56/32 submitted pursuant to A/HRC/RES/51/12",
                               "said in A/HRC/RES/57/12 pp5: “submitted pursuant to resolution 51/12”"]


def test_mandates_without_follow_up_links(no_follow_up):
    view = mandates_view(no_follow_up)
    assert {n.kind for n in view.nodes if n.id.startswith("mandate ")} == {"mandate-open"}
    assert [n.id for n in view.nodes if n.link] == [SEED]
    assert not [e for e in view.edges if e.label == "delivered by"]
    assert "No delivering document in the graph" in node(view, f"mandate {M}r57-12-op11").tooltip


def test_mandate_labels_in_language(select):
    view = mandates_view(select, lang="fr")
    assert node(view, f"mandate {M}r57-12-op11").label == "rapport (op11)"
    assert node(view, "actor " + OHCHR).label == "Haut-Commissariat"
    assert "Due at session 63 of the Conseil des droits de l'homme" in node(view, f"mandate {M}r57-12-op11").tooltip


def test_mandates_focus(select):
    view = mandates_view(select, focus="A/HRC/63/40", depth=1)
    assert ids(view) == ["A/HRC/63/40", f"mandate {M}r57-12-op11"]
    with pytest.raises(ValueError, match="not the symbol of a document"):
        mandates_view(select, focus="A/HRC/99/1")


def test_mandates_laid_out_in_columns(mandates):
    positions = layered_layout(mandates)
    x = {n.id: positions[n.id][0] for n in mandates.nodes}
    assert x[SEED] < x[f"mandate {M}r57-12-op10"] < x["actor " + OHCHR]
    assert x["actor " + OHCHR] == x[f"session {C}body/hrc 60"] < x["A/HRC/60/5"]


# --- every view, one writing path ------------------------------------------------


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_every_view_same_bytes_and_offline(select, name, tmp_path):
    first = write_view(select, name, tmp_path / "a.html", lang="fr").read_bytes()
    second = write_view(select, name, tmp_path / "b.html", lang="fr").read_bytes()
    assert first == second
    page = first.decode()
    assert re.findall(r"<script\b[^>]*\bsrc\s*=", page, re.I) == []
    for raw in (HOSTILE_IMG, HOSTILE_SCRIPT, "<img"):
        assert raw.lower() not in page.lower()
    assert '<ul id="kg-legend"' in page and '<input id="kg-search"' in page


def test_every_view_same_bytes_across_processes(tmp_path):
    """Hash seeds change set and dict order in rdflib and here; no page may change."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[2]); from rdflib import Graph; import test_views as t; "
        "from kg.visualise import VIEWS, write_view; g = Graph().parse(data=t.FIXTURE, format='turtle'); "
        "[write_view(t.rdflib_select(g), name, f'{sys.argv[1]}-{name}.html', lang='fr') for name in VIEWS]")
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", script, str(tmp_path / f"seed{seed}"), str(Path(__file__).parent)],
                       check=True, timeout=120, env={**os.environ, "PYTHONHASHSEED": seed})
    for name in VIEWS:
        assert (tmp_path / f"seed1-{name}.html").read_bytes() == (tmp_path / f"seed2-{name}.html").read_bytes(), name


def test_write_view_rejects_unknown_names(select, tmp_path):
    with pytest.raises(ValueError, match="choose one of citations, series, actors, mandates"):
        write_view(select, "timeline", tmp_path / "x.html")


def test_build_view_passes_options(select):
    assert build_view(select, "citations", focus=SEED, depth=0) == citation_view(select, focus=SEED, depth=0)


def test_views_do_not_depend_on_triple_order(graph, select):
    reordered = Graph()
    for triple in sorted(graph, reverse=True):
        reordered.add(triple)
    for name, builder in VIEWS.items():
        assert builder(rdflib_select(reordered)) == builder(select), name


@pytest.mark.parametrize("view, message", [
    (View("t", (ViewNode("a", "a", "actor", ""), ViewNode("a", "b", "actor", "")), (), ()), "two nodes"),
    (View("t", (ViewNode("a", "a", "actor", ""),), (ViewEdge("a", "b", ""),), ()), "does not hold"),
], ids=["duplicate node", "dangling edge"])
def test_broken_views_fail_before_the_browser(view, message):
    with pytest.raises(ValueError, match=message):
        render_html(View(view.title, view.nodes, view.edges, kinds()))


def test_edges_carry_label_curve_dashes_and_arrows():
    item = page_module.vis_edge(3, ViewEdge("a", "b", "tip", label="Requests", curve=0.2, dashed=True, arrow=False))
    assert item == {"id": "e3", "from": "a", "to": "b", "tip": "tip", "value": 1, "label": "Requests",
                    "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.2}, "dashes": True,
                    "arrows": {"to": {"enabled": False}}}


def test_wrapped_layout_goes_on_below():
    view = View("t", tuple(ViewNode(str(i), str(i), "actor", "", band=i) for i in range(5)), (), (),
                layout=Layered(column_step=100, band_gap=0, wrap=2, line_gap=50))
    assert layered_layout(view) == {"0": (0, 0), "1": (100, 0), "2": (0, 50), "3": (100, 50), "4": (0, 100)}


@pytest.mark.parametrize("asset", ["view_page.js", "view_page.css"])
def test_page_assets_cannot_end_their_element(asset):
    text = page_module.asset(asset)
    assert not re.search(r"</script|</style|<!--", text, re.I)


# --- on the graph built from the shared corpus -----------------------------------


@pytest.fixture(scope="module")
def corpus_select(built):
    out, _ = built
    store = Store.open(out, read_only=True)
    return lambda sparql: store.select(sparql)[1]


def test_corpus_local_government_series(corpus_select):
    view = series_view(corpus_select, focus=SEED)
    assert ids(view) == LOCAL_SERIES
    assert [n.id for n in view.nodes if n.focus] == [SEED]
    assert {(e.source, e.target) for e in view.edges if not e.dashed} == {(SEED, s) for s in LOCAL_SERIES[:-1]}
    assert ids(series_view(corpus_select, focus="A/HRC/RES/33/8")) == LOCAL_SERIES


@pytest.mark.parametrize("depth", [1, 2])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_corpus_citations_around_a_focus_are_those_of_the_whole_view(corpus_select, depth, lang):
    # the focused view reads the words of the citations it keeps alone
    whole = citation_view(corpus_select, lang=lang)
    focused = citation_view(corpus_select, lang=lang, focus=SEED, depth=depth)
    kept = {n.id for n in focused.nodes}
    assert kept == neighbourhood({(e.source, e.target) for e in whole.edges}, SEED, depth)
    assert len(kept) > 2
    assert list(focused.edges) == [e for e in whole.edges if e.source in kept and e.target in kept]
    assert any(len(e.tooltip.split("\n")) > 2 for e in focused.edges)  # with the paragraphs' words


def test_corpus_who_57_12_asks(corpus_select):
    view = actors_view(corpus_select, focus=SEED)
    by_actor = {}
    for edge in view.edges:
        by_actor.setdefault(edge.target.rsplit("/", 1)[-1], set()).add(edge.label)
    assert by_actor["ohchr"] == {"Requests"}
    assert by_actor["states"] == {"Encourages"}
    assert by_actor["local-governments"] == {"Encourages", "Calls upon"}
    assert all(SEED in e.tooltip for e in view.edges)


def test_corpus_actor_labels_in_chinese(corpus_select):
    view = actors_view(corpus_select, focus=SEED, lang="zh")
    assert node(view, "actor " + OHCHR).label == "联合国人权事务高级专员办事处"
    assert "吁请" in {e.label for e in view.edges}


def test_corpus_mandates_of_57_12(corpus_select):
    view = mandates_view(corpus_select, focus=SEED)
    mandates_of_seed = sorted(n.label for n in view.nodes if n.id.startswith("mandate "))
    assert mandates_of_seed == ["panel discussion (op10)", "report (op11)"]
    assert {n.label for n in view.nodes if n.kind == "session"} == {"HRC 60", "HRC 63"}
    assert {n.label for n in view.nodes if n.kind == "actor"} == {
        "Office of the United Nations High Commissioner for Human Rights"}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_corpus_views_same_bytes(corpus_select, name, tmp_path):
    first = write_view(corpus_select, name, tmp_path / "a.html", lang="zh").read_bytes()
    assert first == write_view(corpus_select, name, tmp_path / "b.html", lang="zh").read_bytes()


# --- in a real browser -----------------------------------------------------------

# Each view of the hand-made graph, its focus, and the node whose label is hostile.
BROWSER_CASES = [
    ("citations", None, HOSTILE_SYMBOL, HOSTILE_SYMBOL),
    ("series", HOSTILE_SYMBOL, HOSTILE_SYMBOL, HOSTILE_SYMBOL),
    ("actors", None, "actor " + HOSTILE_ACTOR, HOSTILE_LABEL),
    ("mandates", None, "actor " + HOSTILE_ACTOR, HOSTILE_LABEL),
]


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    """One headless, offline Chromium for every page of the module, each in its own tab."""
    if not browser.CHROMIUM.exists():
        pytest.fail(f"{browser.CHROMIUM} not found: {browser.INSTALL_HINT}")
    with browser.Chromium(tmp_path_factory.mktemp("browser")) as running:
        yield running


def open_view(chromium, out: Path):
    page = chromium.open_page()
    page.navigate(out.as_uri())
    page.wait_for("document.body.getAttribute('data-kg-ready') === 'true'", timeout=30)
    return page


def assert_clean_page(page, out: Path, view: View, shot: Path) -> None:
    """No error, nothing from the network, a legend for the kinds shown, a drawn canvas."""
    assert page.errors() == []
    assert [url for url in page.requests() if url != out.as_uri()] == []
    legend = page.evaluate("Array.from(document.querySelectorAll('#kg-legend li'), li => li.textContent)")
    assert len(legend) == len({n.kind for n in view.nodes}) > 0
    assert page.evaluate("nodes.length") == len(view.nodes)
    ink = browser.canvas_ink(page, shot)
    assert ink > 1500, f"canvas nearly blank ({ink} pixels drawn); see {shot}"


@pytest.mark.parametrize("name, focus, hostile_id, hostile_text", BROWSER_CASES, ids=[c[0] for c in BROWSER_CASES])
def test_view_in_browser(select, chromium, tmp_path, name, focus, hostile_id, hostile_text):
    view = build_view(select, name, focus=focus)
    out = write_view(select, name, tmp_path / f"{name}.html", focus=focus)
    page = open_view(chromium, out)
    assert page.evaluate("document.title") == view.title
    assert_clean_page(page, out, view, ARTIFACTS / f"view-{name}.png")

    # The hostile label is data: drawn as text, shown as text in its tooltip, never run.
    assert page.evaluate("nodes.get(%s).label" % json.dumps(hostile_id)) == hostile_text
    x, y, found = browser.node_point(page, hostile_id)
    assert found == hostile_id
    tip = browser.hover_tooltip(page, x, y)
    assert hostile_text in tip
    assert page.evaluate("document.querySelectorAll('div.vis-tooltip *').length") == 1  # the text div only
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.evaluate("document.querySelector('#kg-panel h1').textContent") == view.title
    page.mouse("mouseMoved", 5, 5)

    # A click opens undocs.org for documents only.
    page.evaluate("window.opened = []; window.open = function (u) { window.opened.push(u); return null; }")
    document = next(n for n in view.nodes if n.link and n.id != hostile_id)
    page.click(*browser.node_point(page, document.id)[:2])
    assert page.wait_for("window.opened.length && window.opened", timeout=5) == [
        "https://undocs.org/" + document.link]
    others = [n for n in view.nodes if n.link is None]
    if others:
        page.evaluate("window.opened = []")
        page.click(*browser.node_point(page, others[0].id)[:2])
        assert page.evaluate("window.opened") == []

    # The filter hides one kind and shows it again.
    kind = view.nodes[0].kind
    hidden = "nodes.get({filter: n => n.hidden}).length"
    page.evaluate("document.querySelector('#kg-legend input[value=\"%s\"]').click()" % kind)
    assert page.evaluate(hidden) == sum(n.kind == kind for n in view.nodes)
    page.evaluate("document.querySelector('#kg-legend input[value=\"%s\"]').click()" % kind)
    assert page.evaluate(hidden) == 0
    assert page.errors() == []
    page.close()


@pytest.mark.parametrize("name, focus", [case[:2] for case in BROWSER_CASES], ids=[c[0] for c in BROWSER_CASES])
def test_edge_tooltip_in_browser(select, chromium, tmp_path, name, focus):
    """An edge's tooltip shows when the pointer rests on the edge, as text; the edge is one
    whose words are hostile where the view has one (the actors view's paragraph op12)."""
    view = build_view(select, name, focus=focus)
    page = open_view(chromium, write_view(select, name, tmp_path / f"{name}.html", focus=focus))
    order = sorted(range(len(view.edges)), key=lambda i: HOSTILE_IMG not in view.edges[i].tooltip)
    # a point of an edge where vis-network finds that edge and no node
    points = ((i, browser.edge_point(page, f"e{i}", along)) for i in order for along in (0.5, 0.3, 0.7))
    index, (x, y, _, _) = next(((i, p) for i, p in points if p[2:] == (f"e{i}", None)), (None, (0, 0, 0, 0)))
    assert index is not None, "no edge could be pointed at apart from the nodes"
    shown = browser.hover_tooltip(page, x, y)
    assert shown == view.edges[index].tooltip
    assert page.evaluate("document.querySelectorAll('div.vis-tooltip *').length") == 1  # the text div only
    if name == "actors":
        assert HOSTILE_TEXT in shown
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.errors() == []
    page.close()


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_corpus_view_in_browser(corpus_select, chromium, tmp_path, name):
    view = build_view(corpus_select, name, focus=SEED if name == "series" else None)
    out = write_view(corpus_select, name, tmp_path / f"{name}.html", focus=SEED if name == "series" else None)
    page = open_view(chromium, out)
    assert_clean_page(page, out, view, ARTIFACTS / f"corpus-{name}.png")
    page.close()
