"""Random changes to the shared corpus's graphs, of the kinds that break shapes and counts:
shared by the tests that hold what a rebuild works out again to a run over the whole store."""
import os
import random

from rdflib import URIRef

from kg.recheck import most_changes
from kg.store import Store

EX = "https://example.org/elsewhere/"
# The store's size as recheck_store is told it: large, so a change is checked again where it
# reaches rather than with the whole store (what a small store would have).
AS_IF_LARGE = 10_000_000
# The seeds of the random rounds: six in the suite, more when KG_TEST_SEEDS asks.
SEEDS = range(int(os.environ.get("KG_TEST_SEEDS", 6)))
RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SUBCLASS_OF = b"<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
# Objects that break one check or another where they land.
BAD_LITERALS = [b'"x"', b'"-1"^^<http://www.w3.org/2001/XMLSchema#integer>',
                b'"fifty"^^<http://www.w3.org/2001/XMLSchema#integer>', b'"2013"', b'"words"@en']


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


def document_graphs(graphs: dict[str, list[bytes]]) -> list[str]:
    """The documents' graphs, not the concepts' or the dataset's (…/graph/concepts, …/graph/dataset)."""
    return sorted(name for name in graphs if not name.endswith(("/graph/concepts", "/graph/dataset")))


def change_some(rng: random.Random, store: Store, current: dict[str, list[bytes]], corpus: dict[str, list[bytes]],
                all_lines: list[bytes], subjects: list[bytes]) -> None:
    """One to three documents' graphs removed, restored or changed (``changed_graph``), in the
    store and in ``current``."""
    for name in rng.sample(document_graphs(corpus), rng.randint(1, 3)):
        action = rng.random()
        if action < 0.15 and name in current:
            store.remove_graph(URIRef(name))
            del current[name]
        elif action < 0.3:
            current[name] = corpus[name]
            store.put_graphs([(name, b"\n".join(current[name]))])
        else:
            current[name] = changed_graph(rng, current.get(name, corpus[name]), all_lines, subjects)
            store.put_graphs([(name, b"\n".join(current[name]))])



def changed_rounds(tmp_path, corpus: dict[str, list[bytes]], seed: int, rounds: int = 12):
    """A store of the ``corpus`` graphs, then the same store after each of ``rounds`` rounds of
    random changes (``change_some``), each recorded from its start (``Store.record_changes``)."""
    rng = random.Random(seed)
    store = fresh_store(tmp_path, corpus)
    current = dict(corpus)
    all_lines = sorted({line for lines in corpus.values() for line in lines})
    subjects = sorted({parts(line)[0] for line in all_lines})
    yield store
    for _ in range(rounds):
        store.record_changes(most_changes(AS_IF_LARGE))
        change_some(rng, store, current, corpus, all_lines, subjects)
        yield store
