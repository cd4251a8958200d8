"""The citation view after a rebuild: the edges of the documents a change reaches, made again and
joined to those kept, are the edges of the whole store, change after random change; and a build's
page so drawn has the bytes of a page drawn whole."""
import pytest
from rdflib import URIRef

from changes import AS_IF_LARGE, SEEDS, changed_rounds, fresh_store
from test_incremental import copied
from test_reconcile import FRENCH
from kg import redraw
from kg.corpus import build_corpus
from kg.recheck import most_changes
from kg.redraw import EDGES_FILE, UNDRAWN_FILE, Kept
from kg.views import citations
from kg.views.citations import citation_edges
from kg.views.graph import documents


def edges_of(store):
    """The store's documents, and its edges by citing document, made whole."""
    found = documents(store.rows)
    return found, redraw._by_source(citation_edges(store.rows, found, "en"))


@pytest.mark.parametrize("seed", SEEDS)
def test_redrawing_what_a_change_reaches_gives_the_edges_of_the_whole_store(tmp_path, corpus_graphs, seed,
                                                                            monkeypatch):
    monkeypatch.setattr(redraw, "REDRAW_SHARE", 1.0)  # a small corpus: redrawn whatever share a change reaches
    rounds = changed_rounds(tmp_path, corpus_graphs, seed)
    found, edges = edges_of(next(rounds))
    kept = Kept(edges, redraw._symbols(found))
    redrawn = 0
    for store in rounds:
        found, whole = edges_of(store)
        if store.changed is not None:
            again = redraw._redrawn(store, found, kept, store.changed)
            if again is not None:  # None: a change that cannot be followed (a link to a literal)
                redrawn += 1
                assert again == whole
        kept = Kept(whole, redraw._symbols(found))
    assert redrawn >= 6, "most rounds must be redrawn, or the comparison proves little"


@pytest.mark.parametrize("seed", SEEDS)
def test_redrawing_what_several_changes_reach_gives_the_edges_of_the_whole_store(tmp_path, corpus_graphs, seed,
                                                                                 monkeypatch):
    """Builds that draw no view between two that do: the lines each changed, together, reach the
    documents whose edges changed since the edges were kept."""
    monkeypatch.setattr(redraw, "REDRAW_SHARE", 1.0)
    rounds = changed_rounds(tmp_path, corpus_graphs, seed)
    found, edges = edges_of(next(rounds))
    kept, since, redrawn = Kept(edges, redraw._symbols(found)), set(), 0
    for number, store in enumerate(rounds, 1):
        since = None if since is None or store.changed is None else since | store.changed
        if number % 3:
            continue  # drawn every third round
        found, whole = edges_of(store)
        again = redraw._redrawn(store, found, kept, since) if since is not None else None
        if again is not None:
            redrawn += 1
            assert again == whole
        kept, since = Kept(whole, redraw._symbols(found)), set()
    assert redrawn >= 2, "most draws must be redrawn, or the comparison proves little"


def test_a_document_whose_symbol_goes_has_the_edges_of_those_citing_it_made_again(tmp_path, corpus_graphs,
                                                                                  monkeypatch):
    """What a citing document's graph does not say of a cited one can be said elsewhere: the edges
    to it come and go with the other graph, the citing one untouched."""
    monkeypatch.setattr(redraw, "REDRAW_SHARE", 1.0)
    citing = next(name for name in corpus_graphs if name.endswith("/A/RES/80/230@en"))
    cites = [line for line in corpus_graphs[citing] if b" <http://purl.org/spar/cito/cites> " in line]
    cited = cites[0].split(b" ")[2]
    about = [line for line in corpus_graphs[citing] if line.startswith(cited + b" ")]
    graphs = {citing: [line for line in corpus_graphs[citing] if line not in about], "urn:x:elsewhere": about}
    store = fresh_store(tmp_path, graphs)
    found, edges = edges_of(store)
    before = Kept(edges, redraw._symbols(found))
    cited_symbol = found[cited.decode()[1:-1]].symbol
    assert any(edge.target == cited_symbol for held in edges.values() for edge in held)
    store.record_changes(most_changes(AS_IF_LARGE))
    store.remove_graph(URIRef("urn:x:elsewhere"))
    found, whole = edges_of(store)
    assert not any(edge.target == cited_symbol for held in whole.values() for edge in held)
    assert redraw._redrawn(store, found, before, store.changed) == whole


# --- builds ---------------------------------------------------------------------------------

NAMES = ["A-RES-80-1.en.txt", "A-RES-80-230.en.txt", "A-HRC-DEC-14-105.en.txt", "A-RES-80-4.en.txt",
         "A-HRC-RES-57-12.zh.md", "A-RES-80-17.en.txt"]


@pytest.fixture()
def sources(tmp_path, corpus_dir):
    return copied(corpus_dir, tmp_path / "src", NAMES)


@pytest.fixture()
def made_again(monkeypatch):
    """The citing documents whose edges each build makes again: None for all of them."""
    monkeypatch.setattr(redraw, "REDRAW_SHARE", 1.0)
    made: list[frozenset[str] | None] = []
    whole = citations.citation_edges

    def recording(select, found, lang, sources=None):
        made.append(None if sources is None else frozenset(found[iri].symbol for iri in sources))
        return whole(select, found, lang, sources)

    monkeypatch.setattr(redraw, "citation_edges", recording)
    return made


def page(out):
    return (out / "citations.html").read_bytes()


def rebuilt_and_whole(tmp_path, sources, made_again, name="whole"):
    """The page of the rebuild in tmp_path/out, the citing documents whose edges it made again
    (``made_again``), and the page of a first build of the same sources."""
    made_again.clear()
    build_corpus([sources], tmp_path / "out", view=tmp_path / "out" / "citations.html")
    made = list(made_again)
    build_corpus([sources], tmp_path / name, view=tmp_path / name / "citations.html")
    return page(tmp_path / "out"), made, page(tmp_path / name)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_rebuild_redraws_the_documents_that_changed_and_gives_the_bytes_of_a_whole_page(tmp_path, sources,
                                                                                         made_again):
    build_corpus([sources], tmp_path / "out", view=tmp_path / "out" / "citations.html")
    assert made_again == [None]
    removed = sources / "A-RES-80-1.en.txt"
    kept_aside = removed.read_bytes()
    steps = {
        "a paragraph's words": lambda: edit(sources / "A-RES-80-230.en.txt", "Endorses the conclusions",
                                            "Endorses warmly the conclusions"),
        "a citation taken away": lambda: edit(sources / "A-RES-80-4.en.txt", "resolution 79/7", "the resolution"),
        "a file removed": removed.unlink,
        "a file added": lambda: removed.write_bytes(kept_aside),
        "a language version added": lambda: (sources / "A-HRC-RES-57-12.fr.txt").write_text(FRENCH, encoding="utf-8"),
    }
    for number, (what, step) in enumerate(steps.items()):
        step()
        rebuilt, made, whole = rebuilt_and_whole(tmp_path, sources, made_again, f"whole-{number}")
        assert rebuilt == whole, what
        # a removed document has no edges to make again: none made, the others' kept
        assert None not in made and sum(len(symbols) for symbols in made) < len(NAMES), (what, made)


def test_edges_kept_of_another_store_or_unreadable_are_made_again_whole(tmp_path, sources, made_again):
    out = tmp_path / "out"
    build_corpus([sources], out, view=out / "citations.html")
    for damage in ("not json", '{"changes": 0, "lang": "en", "symbols": {}, "edges": {}}'):
        (out / EDGES_FILE).write_text(damage, encoding="utf-8")
        edit(sources / "A-RES-80-230.en.txt", "Endorses", "Endorses again")
        rebuilt, made, whole = rebuilt_and_whole(tmp_path, sources, made_again, f"whole-{len(damage)}")
        assert rebuilt == whole and made == [None], damage


@pytest.mark.parametrize("last_changed", [True, False])
def test_rebuilds_without_the_view_keep_what_they_changed_for_the_next_view(tmp_path, sources, made_again,
                                                                           last_changed):
    out = tmp_path / "out"
    build_corpus([sources], out, view=out / "citations.html")
    edit(sources / "A-RES-80-230.en.txt", "Endorses", "Endorses again")
    build_corpus([sources], out)  # no view: the lines it changed are kept beside the edges of the last one
    assert (out / UNDRAWN_FILE).is_file()
    edit(sources / "A-RES-80-4.en.txt", "resolution 79/7", "the resolution")
    build_corpus([sources], out)  # and with them, those this one changed
    if last_changed:
        edit(sources / "A-RES-80-17.en.txt", "Recalling", "Recalling again")
    rebuilt, made, whole = rebuilt_and_whole(tmp_path, sources, made_again)
    assert rebuilt == whole
    changed = {"A/RES/80/230", "A/RES/80/4"} | ({"A/RES/80/17"} if last_changed else set())
    assert None not in made and changed <= set().union(*made), made
    assert sum(len(symbols) for symbols in made) < len(NAMES), made
    assert not (out / UNDRAWN_FILE).exists()


@pytest.mark.parametrize("loss", ["deleted", "of another store", "not known"])
def test_a_view_after_rebuilds_without_it_is_drawn_whole_when_what_they_changed_is_lost(
        tmp_path, sources, made_again, loss, monkeypatch):
    out = tmp_path / "out"
    build_corpus([sources], out, view=out / "citations.html")
    edit(sources / "A-RES-80-230.en.txt", "Endorses", "Endorses again")
    build_corpus([sources], out)
    assert (out / UNDRAWN_FILE).is_file()
    if loss == "deleted":
        (out / UNDRAWN_FILE).unlink()
    elif loss == "of another store":
        lines = (out / UNDRAWN_FILE).read_bytes().split(b"\n", 1)[1]
        (out / UNDRAWN_FILE).write_bytes(b'{"kept": 0, "changes": 1}\n' + lines)
    else:  # a second build without the view changed more lines than are worth keeping
        edit(sources / "A-RES-80-17.en.txt", "Recalling", "Recalling again")
        with monkeypatch.context() as patched:
            patched.setattr("kg.corpus.most_changes", lambda triples: 0)
            build_corpus([sources], out)
        assert not (out / UNDRAWN_FILE).exists()
    edit(sources / "A-RES-80-4.en.txt", "resolution 79/7", "the resolution")
    rebuilt, made, whole = rebuilt_and_whole(tmp_path, sources, made_again)
    assert rebuilt == whole and made == [None]
