"""kg.ttl brought up to date: the same bytes as kg.ttl written whole, or a clear refusal."""
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import corpus, splice
from kg.corpus import build_corpus
from kg.iri import Minter
from kg.splice import END, SpliceError, spliced_turtle, subjects
from kg.store import Store
from kg.vocab import prefix_map

PREFIXES = prefix_map(Minter.configured())
NAMES = ["A-RES-80-1.en.txt", "A-RES-80-230.en.txt", "A-HRC-DEC-14-105.en.txt", "A-HRC-RES-57-12.zh.md"]


@pytest.fixture(scope="module")
def whole(built):
    """The shared corpus's store, its kg.ttl and every subject of its union."""
    out, _ = built
    store = Store.open(out, read_only=True)
    return store, out / "kg.ttl", sorted(subjects(store.sorted_lines(None)))


def spliced(old, affected, store) -> bytes:
    return b"".join(spliced_turtle(old, set(affected), store.lines_about, PREFIXES))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_subjects_written_again_from_an_unchanged_union_give_the_same_bytes(whole, data):
    store, old, every = whole
    affected = data.draw(st.sets(st.sampled_from(every), max_size=40))
    with pytest.MonkeyPatch.context() as patch:  # the subjects asked of the union a few at a time
        patch.setattr(splice, "FRESH_SUBJECTS", data.draw(st.integers(1, 50)))
        assert spliced(old, affected, store) == old.read_bytes()


def test_a_subject_the_union_no_longer_holds_is_left_out_and_a_new_one_put_in_its_place(whole, tmp_path):
    store, old, every = whole
    text = old.read_bytes()
    gone = b"<zz:gone>\n    a <urn:x:Thing>" + END
    # a kg.ttl with one subject the store no longer holds, and without one it holds
    first = text.index(b"\n<", text.index(END)) + 1
    missing = text[first:text.index(END, first) + len(END)]
    (tmp_path / "kg.ttl").write_bytes(text.replace(missing, b"") + gone)
    key = missing.split(b"\n", 1)[0]
    assert key.startswith(b"<")  # a subject written whole: its term is its first line
    assert spliced(tmp_path / "kg.ttl", [key, b"<zz:gone>"], store) == text


@pytest.mark.parametrize("damage", ["prefixes", "order", "cut", "prefix"])
def test_a_last_kg_ttl_that_does_not_read_is_refused(whole, tmp_path, damage):
    store, old, every = whole
    text = old.read_bytes()
    head = text.index(b"\n\n") + 2
    blocks = text[head:].split(END)[:-1]
    if damage == "prefixes":
        text = b"PREFIX x: <urn:x:>\n" + text
    elif damage == "order":
        blocks[3], blocks[4] = blocks[4], blocks[3]
        text = text[:head] + b"".join(block + END for block in blocks)
    elif damage == "cut":
        text = text[:-3]
    else:
        text = text[:head] + b"nowhere:thing\n    a <urn:x:Thing>" + END
    (tmp_path / "kg.ttl").write_bytes(text)
    with pytest.raises(SpliceError, match="kg.ttl"):
        spliced(tmp_path / "kg.ttl", every[:2], store)


@pytest.fixture()
def sources(tmp_path, corpus_dir):
    folder = tmp_path / "src"
    folder.mkdir()
    for name in NAMES[:3]:
        shutil.copyfile(corpus_dir / name, folder / name)
    return folder


def change(sources, corpus_dir, what):
    if what == "text":
        path = sources / "A-RES-80-230.en.txt"
        path.write_text(path.read_text(encoding="utf-8").replace("Endorses the conclusions", "Endorses warmly the conclusions"),
                        encoding="utf-8")
    elif what == "removed":
        (sources / "A-RES-80-1.en.txt").unlink()
    elif what == "added":
        shutil.copyfile(corpus_dir / NAMES[3], sources / NAMES[3])
    elif what == "symbol":  # the file now gives another document: its old graph goes, a new one comes
        path = sources / "A-RES-80-1.en.txt"
        path.write_text(path.read_text(encoding="utf-8").replace("\n80/1. ", "\n80/901. "), encoding="utf-8")
    else:
        for path in sorted(sources.iterdir()):
            path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")


@pytest.mark.parametrize("what", ["text", "removed", "added", "symbol", "every file"])
def test_a_kg_ttl_brought_up_to_date_is_the_one_written_whole(tmp_path, sources, corpus_dir, monkeypatch, what):
    out = tmp_path / "out"
    build_corpus([sources], out)
    monkeypatch.setattr(corpus, "SPLICE_SHARE", 1.0)
    used = []
    real = corpus.spliced_turtle
    monkeypatch.setattr(corpus, "spliced_turtle", lambda *args: used.append(args[1]) or real(*args))
    monkeypatch.setattr(corpus, "store_turtle", None)  # written whole, the build would fail
    change(sources, corpus_dir, what)
    summary = build_corpus([sources], out)
    assert used and used[0]
    if what == "symbol":
        assert "A/RES/80/901" in {f.symbol for f in summary.files}
    monkeypatch.undo()
    build_corpus([sources], tmp_path / "fresh")
    assert (out / "kg.ttl").read_bytes() == (tmp_path / "fresh" / "kg.ttl").read_bytes()


def test_a_build_that_changes_many_graphs_writes_kg_ttl_whole(tmp_path, sources, corpus_dir, monkeypatch):
    out = tmp_path / "out"
    build_corpus([sources], out)
    monkeypatch.setattr(corpus, "spliced_turtle", None)  # brought up to date, the build would fail
    change(sources, corpus_dir, "every file")
    assert not build_corpus([sources], out).kept
