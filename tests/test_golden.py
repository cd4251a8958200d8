"""The graph of resolution 57/12 compared by isomorphism with its golden Turtle file.

The golden file holds no document text: the paragraph words and quotes are
replaced on both sides by their SHA-256, so the comparison still checks every
character while the corpus stays out of the repository. Regenerate on purpose
with ``pytest tests/test_golden.py --regen-golden``.
"""
import hashlib
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.build import build_graph
from kg.export import turtle
from kg.extract import extract_file
from kg.iri import Minter
from kg.vocab import KG

GOLDEN = Path(__file__).parent / "golden" / "A-HRC-RES-57-12.zh.ttl"
TEXT_PREDICATES = (KG.text, KG.quote)


def without_text(graph: Graph) -> Graph:
    out = Graph()
    for s, p, o in graph:
        if p in TEXT_PREDICATES:
            digest = hashlib.sha256(str(o).encode("utf-8")).hexdigest()
            o = Literal("sha256:" + digest)
        out.add((s, p, o))
    return out


def test_seed_graph_matches_golden_turtle(request, corpus_dir):
    minter = Minter("https://w3id.org/un-hr-kg/")
    graph = build_graph(extract_file(str(corpus_dir / "A-HRC-RES-57-12.zh.md")), minter).graph
    actual = without_text(graph)
    if request.config.getoption("--regen-golden"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(turtle(actual, minter), encoding="utf-8")
    expected = Graph().parse(GOLDEN, format="turtle")
    if not isomorphic(actual, expected):
        _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
        lines = [f"+ {t}" for t in sorted(only_actual)][:20] + [f"- {t}" for t in sorted(only_expected)][:20]
        raise AssertionError("graph differs from golden Turtle (+ new, - expected):\n" + "\n".join(lines))
