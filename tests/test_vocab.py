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
