"""kg push to a real Oxigraph server: every graph arrives whole, a push replaces, queries see what the embedded store sees.

The fake server of test_push.py checks the requests; this checks what a real
Graph Store makes of them. The server (tests/servers.py) runs in memory on
127.0.0.1 and is killed when its test or module is done.
"""
import json
import re
import shutil

import pytest
from library_cases import CASE_IDS, CASES, quiet
from mirror import assert_mirrors, copy_build, kg_push, local_graph
from servers import add_triples, oxigraph_server, read_graph

from kg import query
from kg.cli import main
from kg.corpus import build_corpus
from kg.push import Endpoint, push
from kg.store import Store

JUNK = '<https://example.org/stale> <https://example.org/p> "left over from an earlier push" .\n'


@pytest.fixture(scope="module")
def folder(built, tmp_path_factory):
    out, _ = built
    return copy_build(out, tmp_path_factory.mktemp("push-oxigraph") / "out")


@pytest.fixture(scope="module")
def embedded(folder):
    return Store.open(folder, read_only=True)


@pytest.fixture(scope="module")
def pushed(folder, embedded):
    """An Oxigraph server (not serving the union of named graphs) that the corpus was pushed to with the CLI."""
    with oxigraph_server() as server:
        summary = kg_push(folder, server)
        yield server, summary


def test_every_graph_arrives_whole_and_alone(pushed, embedded):
    server, summary = pushed
    named = embedded.graph_names()
    assert summary.endswith(f"{len(named) + 1} graphs sent, 0 unchanged")  # the named graphs and the default graph
    assert_mirrors(server, embedded)
    _, rows = query.select_remote(server.query_url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert sorted(row["g"] for row in rows) == named


def test_the_default_graph_is_the_union_of_the_named_graphs_each_triple_once(pushed, embedded):
    server, _ = pushed
    union = set().union(*(read_graph(server, name) for name in embedded.graph_names()))
    default = read_graph(server, None)
    assert default == union
    # a triple in several graphs (a document cited by many) is counted once, as the embedded store counts it
    _, rows = query.select_remote(server.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert rows == [{"n": len(default)}]


@pytest.mark.parametrize("name,given", CASES, ids=CASE_IDS)
def test_every_query_gives_the_embedded_rows(pushed, embedded, name, given):
    server, _ = pushed
    named = query.find(name)
    local = query.run(embedded, named, given, warn=quiet)
    assert query.run_remote(server.query_url, named, given, warn=quiet, timeout=30) == local
    assert local[1], f"{name} {given} returned nothing to compare"


def test_kg_query_on_the_endpoint_prints_what_it_prints_on_the_store(pushed, folder, capsys):
    server, _ = pushed
    asked = ["query", "lineage", "--param", "symbol=A/RES/80/17", "--format", "json"]
    assert main(asked + ["--store", str(folder)]) == 0
    here = capsys.readouterr().out
    assert main(asked + ["--endpoint", server.query_url]) == 0
    assert capsys.readouterr().out == here
    assert json.loads(here)["rows"]


def test_pushing_again_replaces_what_the_server_holds(folder, embedded, tmp_path):
    own = copy_build(folder, tmp_path / "out")
    with oxigraph_server() as server:
        kg_push(own, server)
        document = embedded.graph_names()[0]
        add_triples(server, document, JUNK)
        add_triples(server, None, JUNK)
        assert len(read_graph(server, document)) == len(local_graph(embedded, document)) + 1
        graphs = len(embedded.graph_names()) + 1
        # without --force nothing is sent: the state file says the server has it all
        assert kg_push(own, server).endswith(f"0 graphs sent, {graphs} unchanged")
        assert kg_push(own, server, "--force").endswith(f"{graphs} graphs sent, 0 unchanged")
        assert_mirrors(server, embedded)  # the same counts: replaced, neither added to nor doubled


def two_documents(corpus_dir, tmp_path):
    """A corpus folder of two documents, and the folder they were built into."""
    sources = tmp_path / "corpus"
    sources.mkdir()
    for name in ("A-RES-80-1.en.txt", "A-RES-80-230.en.txt"):
        shutil.copy(corpus_dir / name, sources / name)
    out = tmp_path / "out"
    build_corpus([sources], out)
    return sources, out


def test_a_rebuilt_document_replaces_its_graph(corpus_dir, tmp_path):
    sources, out = two_documents(corpus_dir, tmp_path)
    with oxigraph_server() as server:
        endpoint = Endpoint(server.store_url)
        push(out, endpoint)
        store = Store.open(out, read_only=True)
        changed = next(name for name in store.graph_names() if "80/230" in name)
        kept = next(name for name in store.graph_names() if "80/1@" in name)
        before = local_graph(store, changed)
        del store  # the build below writes the store

        # the second operative paragraph is dropped
        edited = sources / "A-RES-80-230.en.txt"
        text, dropped = re.subn(r"\n2\. *\nEndorses .*?Questions\. *\n", "\n", edited.read_text(encoding="utf-8"),
                                flags=re.S)
        assert dropped == 1, "the paragraph to drop is no longer in the corpus file"
        edited.write_text(text, encoding="utf-8")
        build_corpus([sources], out)

        summary = push(out, endpoint)
        assert changed in summary.sent and "default" in summary.sent
        assert kept in summary.unchanged
        store = Store.open(out, read_only=True)
        after = local_graph(store, changed)
        # triples of the old graph that no graph holds any more
        gone = (before - after) - set().union(*(local_graph(store, name) for name in store.graph_names()))
        assert gone, "the edit removed nothing from the document's graph"
        assert read_graph(server, changed) == after
        assert not gone & read_graph(server, None)  # they left the default graph too
        assert_mirrors(server, store)


def test_a_document_removed_from_the_build_is_removed_from_the_server(corpus_dir, tmp_path):
    sources, out = two_documents(corpus_dir, tmp_path)
    with oxigraph_server() as server:
        endpoint = Endpoint(server.store_url)
        push(out, endpoint)
        gone = next(name for name in Store.open(out, read_only=True).graph_names() if "80/230" in name)
        assert read_graph(server, gone)
        (sources / "A-RES-80-230.en.txt").unlink()
        build_corpus([sources], out)
        summary = push(out, endpoint)
        assert summary.removed == (gone,) and "1 removed" in summary.render()
        _, rows = query.select_remote(server.query_url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert gone not in {row["g"] for row in rows}
        assert_mirrors(server, Store.open(out, read_only=True))
        assert push(out, endpoint).removed == ()  # said once, not again
