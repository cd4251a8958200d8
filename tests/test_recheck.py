"""Checks after a change: the focus nodes a change reaches, checked again, give the report of a
run over the whole store, change after random change."""
import random

import pytest
from rdflib import URIRef

from kg.recheck import most_changes, most_foci, reached, recheck_store
from kg.shapes_sparql import compiled, validate_store
from kg.store import Store
from kg.validate import ValidationReport, ValidationResult

EX = "https://example.org/elsewhere/"
# The store's size as recheck_store is told it: large, so a change is checked again where it
# reaches rather than with the whole store (what a small store would have).
AS_IF_LARGE = 10_000_000
RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SUBCLASS_OF = b"<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
# Objects that break one check or another where they land.
BAD_LITERALS = [b'"x"', b'"-1"^^<http://www.w3.org/2001/XMLSchema#integer>',
                b'"fifty"^^<http://www.w3.org/2001/XMLSchema#integer>', b'"2013"', b'"words"@en']


@pytest.fixture(scope="module")
def corpus_graphs(built):
    """The named graphs of the shared corpus's build, as N-Triples lines."""
    out, _ = built
    source = Store.open(out, read_only=True)
    return {name: source.graph_lines(name) for name in source.graph_names()}


def fresh_store(tmp_path, graphs: dict[str, list[bytes]]) -> Store:
    store = Store.open(tmp_path, create=True)
    store.put_graphs([(name, b"\n".join(lines)) for name, lines in sorted(graphs.items())])
    return store


def parts(line: bytes) -> tuple[bytes, bytes, bytes]:
    subject, predicate, rest = line.split(b" ", 2)
    return subject, predicate, rest[:-2]


def changed_graph(rng: random.Random, lines: list[bytes], others: list[bytes], subjects: list[bytes]) -> list[bytes]:
    """``lines`` with one to four random changes of the kinds that break the shapes."""
    lines = list(lines)
    for _ in range(rng.randint(1, 4)):
        if not lines:
            break
        kind = rng.choice(["drop", "literal", "repoint", "retype", "borrow", "new node"])
        at = rng.randrange(len(lines))
        subject, predicate, value = parts(lines[at])
        if kind == "drop":
            del lines[at]
        elif kind == "literal":
            lines[at] = b" ".join([subject, predicate, rng.choice(BAD_LITERALS), b"."])
        elif kind == "repoint":
            # at a node of another graph, or at a node no graph describes
            target = rng.choice(subjects + [f"<{EX}nowhere-{rng.randrange(5)}>".encode()])
            lines[at] = b" ".join([subject, predicate, target, b"."])
        elif kind == "retype":
            types = [parts(line)[2] for line in others if parts(line)[1] == RDF_TYPE]
            lines.append(b" ".join([subject, RDF_TYPE, rng.choice(types), b"."]))
        elif kind == "borrow":
            lines.append(rng.choice(others))  # a line another graph holds as well
        else:
            # a node that takes the place of another one: its values, none of its owners
            node = f"<{EX}node-{rng.randrange(10)}>".encode()
            lines.extend(b" ".join([node, parts(line)[1], parts(line)[2], b"."]) for line in lines if parts(line)[0] == subject)
    return sorted(set(lines))


@pytest.mark.parametrize("seed", range(6))
def test_rechecking_what_changes_reach_gives_the_report_of_the_whole_store(tmp_path, corpus_graphs, seed):
    rng = random.Random(seed)
    store = fresh_store(tmp_path, corpus_graphs)
    current = dict(corpus_graphs)
    # the documents' graphs, not the concepts' or the dataset's (…/graph/concepts, …/graph/dataset)
    documents = sorted(name for name in corpus_graphs if not name.endswith(("/graph/concepts", "/graph/dataset")))
    all_lines = sorted({line for lines in corpus_graphs.values() for line in lines})
    subjects = sorted({parts(line)[0] for line in all_lines})
    last = validate_store(store)
    seen_results, focused, rounds = 0, 0, 12
    for _ in range(rounds):
        store.record_changes(most_changes(AS_IF_LARGE))
        for name in rng.sample(documents, rng.randint(1, 3)):
            action = rng.random()
            if action < 0.15 and name in current:
                store.remove_graph(URIRef(name))
                del current[name]
            elif action < 0.3:
                current[name] = corpus_graphs[name]
                store.put_graphs([(name, b"\n".join(current[name]))])
            else:
                current[name] = changed_graph(rng, current.get(name, corpus_graphs[name]), all_lines, subjects)
                store.put_graphs([(name, b"\n".join(current[name]))])
        foci = reached(store, compiled(False), store.changed, most_foci(AS_IF_LARGE))
        if foci is not None:  # None: a literal where a node shape is read (the whole store is checked)
            focused += 1
            assert len(foci) < len(subjects)
        rechecked = recheck_store(store, last, store.changed, AS_IF_LARGE)
        whole = validate_store(store)
        assert rechecked == whole
        seen_results += len(whole.results)
        last = rechecked
    assert seen_results, "the changes must break some checks, or the comparison proves little"
    assert focused >= rounds // 2, "most rounds must check the focus nodes found, not the whole store"


def test_a_focus_node_out_of_reach_keeps_its_result_from_the_last_report(tmp_path, corpus_graphs):
    # A result of the last report for a node the change does not reach stands, even one the
    # store no longer gives: the report is merged, not worked out again.
    store = fresh_store(tmp_path, corpus_graphs)
    last = validate_store(store)
    name = sorted(corpus_graphs)[0]
    store.record_changes(most_changes(AS_IF_LARGE))
    store.put_graphs([(name, b"\n".join(corpus_graphs[name][1:]))])
    stale = ValidationReport(False, last.results + (ValidationResult("violation", EX + "far-away", EX + "path", "old"),))
    assert EX + "far-away" in {r.focus for r in recheck_store(store, stale, store.changed, AS_IF_LARGE).results}


def test_a_subclass_in_the_store_has_the_whole_store_checked(tmp_path, corpus_graphs):
    store = fresh_store(tmp_path, corpus_graphs)
    last = validate_store(store)
    document_class = b"<https://w3id.org/un-hr-kg/ontology#Document>"
    store.record_changes(most_changes(AS_IF_LARGE))
    store.put_graphs([(EX + "kinds", b"\n".join([
        b" ".join([f"<{EX}Kind>".encode(), SUBCLASS_OF, document_class, b"."]),
        b" ".join([f"<{EX}doc>".encode(), RDF_TYPE, f"<{EX}Kind>".encode(), b"."]),
    ]))])
    rechecked = recheck_store(store, last, store.changed, AS_IF_LARGE)
    assert rechecked == validate_store(store)
    assert EX + "doc" in {r.focus for r in rechecked.results}
    # and when the hierarchy goes, the nodes it typed are checked again as well
    store.record_changes(most_changes(AS_IF_LARGE))
    store.put_graphs([(EX + "kinds", b" ".join([f"<{EX}doc>".encode(), RDF_TYPE, f"<{EX}Kind>".encode(), b"."]))])
    assert reached(store, compiled(False), store.changed, most_foci(AS_IF_LARGE)) is None
    again = recheck_store(store, rechecked, store.changed, AS_IF_LARGE)
    assert again == validate_store(store)
    assert EX + "doc" not in {r.focus for r in again.results}
