import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

import pytest

from kg import store as store_module
from kg.export import _spill, nt_term, sorted_once
from kg.store import CHANGES_FILE, UNION_MARK, Store, StoreError

G1 = URIRef("https://example.org/kg/graph/one")
G2 = URIRef("https://example.org/kg/graph/two")
G3 = URIRef("https://example.org/kg/graph/three")


def triples(*values):
    g = Graph()
    for i, v in enumerate(values):
        g.add((URIRef(f"https://example.org/s{i}"), URIRef("https://example.org/p"), Literal(v)))
    return g


def test_replacing_a_graph_does_not_duplicate(tmp_path):
    store = Store.open(tmp_path, create=True)
    store.replace_graph(G1, triples("a", "b"))
    store.replace_graph(G1, triples("c"))
    store.replace_graph(G2, triples("d"))
    assert len(store) == 4  # two graphs of one triple, and their union
    assert store.graph_names() == [str(G1), str(G2)]
    store.remove_graph(G1)
    assert store.graph_names() == [str(G2)]


def test_merging_the_stores_files_keeps_what_it_holds(tmp_path):
    store = Store.open(tmp_path, create=True)
    store.replace_graph(G1, triples("a", "b"))  # two bulk writes
    store.replace_graph(G2, triples("c"))
    before = {name: store.graph_lines(name) for name in [None, str(G1), str(G2)]}
    store.optimize()
    store.flush()
    del store
    again = Store.open(tmp_path, read_only=True)
    assert {name: again.graph_lines(name) for name in [None, str(G1), str(G2)]} == before
    assert len(again) == 6


def test_the_store_persists_in_its_folder(tmp_path):
    store = Store.open(tmp_path, create=True)
    store.replace_graph(G1, triples("persisted"))
    store.refresh_union()
    store.flush()
    del store
    again = Store.open(tmp_path, read_only=True)
    _, rows = again.select("SELECT ?o WHERE { ?s ?p ?o }")
    assert rows == [{"o": "persisted"}]


@pytest.mark.parametrize("value", ['"} DROP ALL ; #', "x' . } ; CLEAR ALL ; #", "\\u0022 } DROP ALL", "a\nb\u2028"])
def test_bound_parameters_cannot_inject_sparql(tmp_path, value):
    store = Store.open(tmp_path, create=True)
    store.replace_graph(G1, triples("keep"))
    _, rows = store.select("SELECT ?s WHERE { ?s ?p ?value }", {"value": value})
    assert rows == []
    assert len(store) == 2


def test_hostile_literals_are_stored_as_they_are(tmp_path):
    store = Store.open(tmp_path, create=True)
    value = '"} } ; DROP ALL ; INSERT DATA { <a> <b> "c" } #\u2028'
    store.replace_graph(G1, triples(value))
    store.refresh_union()
    _, rows = store.select("SELECT ?o WHERE { ?s ?p ?o }")
    assert rows == [{"o": value}]


def test_a_store_a_build_changes_under_a_reader_is_a_clear_error(tmp_path, monkeypatch):
    Store.open(tmp_path, create=True)
    (tmp_path / UNION_MARK).touch()  # a build is changing it

    class FileGone:  # what RocksDB says when the writer's compaction removed a file the reader lists
        @staticmethod
        def read_only(path):
            raise RuntimeError("Corruption: IO error: No such file or directory: While open a file for random read: 000034.sst")

    monkeypatch.setattr(store_module.ox, "Store", FileGone)
    with pytest.raises(StoreError, match="while a build changes it: try again when the build ends: Corruption"):
        Store.open(tmp_path, read_only=True)


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="kg build"):
        Store.open(tmp_path / "nowhere")


def union(store):
    return sorted(r["o"] for r in store.select("SELECT ?o WHERE { ?s ?p ?o }")[1])


def test_every_write_keeps_the_union_without_a_refresh(tmp_path):
    store = Store.open(tmp_path, create=True)
    store.replace_graph(G1, triples("a", "shared"))
    store.replace_graph(G2, triples("d", "shared"))
    assert union(store) == ["a", "d", "shared"]
    store.replace_graph(G1, triples("b"))  # "a" goes; "shared" stays, G2 still holds it
    assert union(store) == ["b", "d", "shared"]
    store.remove_graph(G2)
    assert union(store) == ["b"]


def words(lines):
    return sorted(line.split(b'"')[1] for line in lines)


def test_the_changes_recorded_are_the_unions(tmp_path):
    store = Store.open(tmp_path, create=True)
    store.replace_graph(G1, triples("a", "shared"))
    store.replace_graph(G3, triples("c"))
    assert store.changed is None and store.union_growth() is None  # nothing is recorded until asked
    store.record_changes(most=10)
    store.replace_graph(G2, triples("d", "shared"))  # "shared" is in the union already
    store.replace_graph(G1, triples("b", "shared"))  # "a" goes, "b" comes
    store.remove_graph(G3)  # "c" goes
    assert words(store.changed) == [b"a", b"b", b"c", b"d"]
    assert store.union_growth() == len(union(store)) - 3 == 0
    store.remove_graph(G2)  # "d" goes; "shared" stays, G1 still holds it
    store.replace_graph(G3, triples("a", "e"))  # "a" is back, "e" comes
    assert words(store.changed) == [b"b", b"c", b"e"]  # what came and went is no change
    assert store.union_growth() == len(union(store)) - 3 == 1


def test_the_changes_recorded_do_not_depend_on_the_order_of_a_batch(tmp_path):
    """A new graph gains a line that, in the same batch, a graph already there loses: the
    union keeps it, and it is no change."""
    store = Store.open(tmp_path, create=True)
    a, b, c = (f'<https://example.org/s> <https://example.org/p> "{v}" .'.encode() for v in "abc")
    store.put_graphs([(str(G1), a + b"\n" + b)])
    store.record_changes(most=10)
    store.put_graphs([(str(G2), a + b"\n" + c), (str(G1), b)])  # G2 is written after G1's update
    assert union(store) == ["a", "b", "c"]
    assert words(store.changed) == [b"c"]
    assert store.union_growth() == 1


def test_past_the_most_changes_none_are_kept(tmp_path):
    store = Store.open(tmp_path, create=True)
    store.record_changes(most=2)
    store.replace_graph(G1, triples("a", "b"))
    assert len(store.changed) == 2
    store.replace_graph(G2, triples("c"))
    assert store.changed is None
    store.replace_graph(G2, triples("d"))
    assert store.changed is None


def test_an_interrupted_change_is_mended_by_the_next_one(tmp_path):
    store = Store.open(tmp_path, create=True)
    with pytest.raises(KeyboardInterrupt):
        with store.changing():
            store.replace_graph(G1, triples("a"))
            # as if killed between the graph's write and the union's
            store._store.remove(next(store._store.quads_for_pattern(None, None, None, ox.DefaultGraph())))
            raise KeyboardInterrupt
    assert union(store) == []
    with store.changing():
        store.replace_graph(G2, triples("d"))
    assert union(store) == ["a", "d"]
    # the mark is gone; what stays is the count of changes begun
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [CHANGES_FILE]
    assert store.changes == 2


def test_the_default_graph_holds_each_triple_once(tmp_path):
    store = Store.open(tmp_path, create=True)
    for name in (G1, G2):
        store.replace_graph(name, triples("shared"))
    store.refresh_union()
    _, rows = store.select("SELECT ?o WHERE { ?s ?p ?o }")
    assert rows == [{"o": "shared"}]
    store.remove_graph(G1)
    store.refresh_union()
    assert store.select("SELECT ?o WHERE { ?s ?p ?o }")[1] == [{"o": "shared"}]
    store.remove_graph(G2)
    store.refresh_union()
    assert store.select("SELECT ?o WHERE { ?s ?p ?o }")[1] == []


@pytest.mark.parametrize("run", [1, 2, 1000])
def test_sorted_lines_on_disk_are_the_sorted_lines_in_memory(tmp_path, run):
    store = Store.open(tmp_path, create=True)
    store.replace_graph(G1, triples("z", "a", "m", "é", "b\n"))
    store.replace_graph(G2, triples("a", "q"))
    for graph in (None, str(G1)):
        assert list(store.sorted_lines(graph, run=run)) == store.graph_lines(graph)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".sort-")]  # the runs are cleared


@pytest.mark.parametrize("run", [1, 2, 3, 1000])
def test_sorted_once_gives_each_line_once_in_byte_order(tmp_path, run):
    chunks = [[b"m", b"b", b""], [b"b", b"\xc3\xa9", b"a"], [], [b"z", b"m"]]
    assert list(sorted_once(iter(chunks), tmp_path, run)) == [b"a", b"b", b"m", b"z", b"\xc3\xa9"]


@pytest.mark.parametrize("piece", [1, 2, 3, 10_000])
def test_a_run_is_written_whole_and_sorted_whatever_its_pieces(tmp_path, piece):
    lines = [b"m", b"b", b"\xc3\xa9", b"a", b"z", b"b"]
    written = _spill(list(lines), tmp_path / "run", piece)
    assert written.read_bytes() == b"a\nb\nb\nm\nz\n\xc3\xa9\n"


HOSTILE = ["tab\there", "control \x01 and delete \x7f", "line\nbreak\r\n", "U+2028 \u2028 U+2029 \u2029",
           'quote " backslash \\', "emoji \U0001F30D"]


def test_lines_read_back_are_written_as_the_build_writes_them(tmp_path):
    """Oxigraph's own writer escapes a tab or a control character where nt_term does not, and
    the other way round for U+2028: every way of reading a graph back gives the build's form."""
    graph = Graph()
    s, p = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    for value in HOSTILE + ["".join(map(chr, range(1, 32))) + "\x7f\ufffe \\t \\u0009 \\\\"]:
        graph.add((s, p, Literal(value)))
        graph.add((s, p, Literal(value, lang="fr")))
        graph.add((s, p, Literal(value, datatype=URIRef("https://example.org/type"))))
    graph.add((s, p, Literal(3)))
    store = Store.open(tmp_path, create=True)
    store.replace_graph(G1, graph)
    built = sorted(f"{nt_term(a)} {nt_term(b)} {nt_term(c)} .".encode("utf-8") for a, b, c in graph)
    assert store.graph_lines(str(G1)) == built
    assert list(store.sorted_lines(str(G1), run=5)) == built
    assert store.lines_about([b"<https://example.org/s>", b"<https://example.org/none>"]) == built
    assert sorted(store._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(G1))).split(b"\n")[1:]) != built


class Recording:
    """A store's writes, counted on their way through."""

    WRITES = ("remove_graph", "clear_graph", "load", "bulk_load", "update", "extend", "add", "clear")

    def __init__(self, store):
        self.store, self.writes = store, []

    def __getattr__(self, name):
        found = getattr(self.store, name)
        if name not in self.WRITES:
            return found

        def write(*args, **kwargs):
            self.writes.append(name)
            return found(*args, **kwargs)
        return write


def test_a_graph_is_replaced_by_one_write(tmp_path):
    """Cut short, a replacement leaves the old graph or the new one, never none: dropping the
    graph and loading it again were two writes, and a build killed between them lost it."""
    store = Store.open(tmp_path, create=True)
    store.replace_graph(G1, triples("a", "b", "tab\tand \u2028"))
    store.replace_graph(G2, triples("a"))
    recording = store._store = Recording(store._store)
    store.replace_graph(G1, triples("c", "tab\tand \u2028"))
    assert [w for w in recording.writes if w != "remove"] == ["update"]
    assert union(store) == ["a", "c", "tab\tand \u2028"]
    assert store.graph_lines(str(G1)) == sorted(
        f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .".encode("utf-8") for s, p, o in triples("c", "tab\tand \u2028"))


def test_a_replacement_writes_only_what_changes(tmp_path):
    """The lines a graph keeps are not written again: the same graph costs no write, and a
    graph that loses its hostile literals loses them from itself and from the union."""
    hostile = HOSTILE + ["".join(map(chr, range(1, 32))) + "\x7f\ufffe \\t \\u0009 \\\\"]
    store = Store.open(tmp_path, create=True)
    store.replace_graph(G1, triples("kept", *hostile))
    recording = store._store = Recording(store._store)
    store.replace_graph(G1, triples("kept", *hostile))
    assert recording.writes == []
    store.replace_graph(G1, triples("kept", "new"))
    assert recording.writes == ["update"]
    assert union(store) == ["kept", "new"]
    assert store.graph_lines(str(G1)) == sorted(
        f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .".encode("utf-8") for s, p, o in triples("kept", "new"))
