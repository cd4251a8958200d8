"""The Python names of the vocabulary agree with the ontology files."""
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from kg.resources import ontology_file
from kg.vocab import KG


def ontology_terms() -> set[str]:
    g = Graph().parse(ontology_file("kg.ttl"), format="turtle")
    ns = str(KG._NS)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {str(s)[len(ns):] for kind in kinds for s in g.subjects(RDF.type, kind) if str(s).startswith(ns)}


def test_python_names_match_the_ontology():
    python_terms = {name for name in KG.__annotations__}
    assert python_terms == ontology_terms()


def test_closed_namespace_refuses_typos():
    import pytest

    with pytest.raises(AttributeError):
        KG.symbl  # noqa: B018


def test_shapes_parse_and_target_ontology_classes():
    from rdflib.namespace import SH

    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    targets = {str(o) for o in shapes.objects(None, SH.targetClass) if str(o).startswith(str(KG._NS))}
    assert targets and targets <= {str(KG[t]) for t in ontology_terms()}


def test_deliverable_classes_are_document_classes_of_the_ontology():
    from rdflib.namespace import RDFS

    from kg.lexicon import table

    g = Graph().parse(ontology_file("kg.ttl"), format="turtle")
    documents = {str(s) for s in g.transitive_subjects(RDFS.subClassOf, KG.Document)}
    rows = table("deliverable_classes")
    assert rows and all(str(KG[row["class"]]) in documents for row in rows)


def test_every_form_has_six_labels_and_every_language_can_label_sdgs_and_sessions():
    from kg.lexicon import table

    languages = {"ar", "en", "es", "fr", "ru", "zh"}
    forms = {row["id"] for row in table("mandate_details") if row["kind"] == "form"}
    labelled = {}
    for row in table("scheme_labels"):
        if row["scheme"] == "form":
            labelled.setdefault(row["id"], set()).add(row["language"])
    assert forms and all(labelled.get(form) == languages for form in forms)
    for kind in ("goal", "target"):
        assert {r["language"] for r in table("sdg_words") if r["kind"] == "label" and r["id"] == kind} == languages
    assert {r["language"] for r in table("event_words") if r["kind"] == "label"} == languages
