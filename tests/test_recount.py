"""Counts after a change: the documents a change reaches, counted again, give the counts of the
whole store, change after random change; and the counts of each document add up to the counts
the library's queries read."""
import json
import shutil

import pytest

from changes import AS_IF_LARGE, SEEDS, changed_rounds, fresh_store, parts
from kg import recount
from kg.corpus import build_corpus
from kg.recheck import most_changes
from kg.recount import COUNTS_FILE, reached, recounted
from kg.statistics import ACTION_COUNTS, CITATION_COUNTS, MENTION_COUNTS, per_document, summed
from kg.store import Store


def rows(found):
    """Rows in an order of their own, to compare what two ways of counting give."""
    return sorted(json.dumps(row, sort_keys=True) for row in found)


def same(counts, other) -> bool:
    return counts.keys() == other.keys() and all(rows(counts[kind]) == rows(other[kind]) for kind in counts)


@pytest.fixture(scope="module")
def store(built):
    out, _ = built
    return Store.open(out, read_only=True)


def test_the_counts_of_each_document_add_up_to_the_counts_of_the_whole_graph(store):
    counts = per_document(store)
    assert all(counts.values()), "every kind of count must have rows, or the sums prove little"
    whole = [store.select(query)[1] for query in (CITATION_COUNTS, MENTION_COUNTS, ACTION_COUNTS)]
    assert [rows(found) for found in summed(counts)] == [rows(found) for found in whole]


def test_counted_over_some_documents_the_counts_are_those_counted_whole(store):
    counts = per_document(store)
    documents = sorted({row["doc"] for found in counts.values() for row in found})
    assert len(documents) > 3
    assert same(per_document(store, documents), counts)
    some = documents[:2]
    assert same(per_document(store, some), {kind: [r for r in found if r["doc"] in some] for kind, found in counts.items()})


@pytest.mark.parametrize("seed", SEEDS)
def test_counting_again_what_changes_reach_gives_the_counts_of_the_whole_store(tmp_path, corpus_graphs, seed):
    rounds = changed_rounds(tmp_path, corpus_graphs, seed)
    kept = per_document(next(rounds))
    differed, focused, count = 0, 0, 0
    for store in rounds:
        count += 1
        whole = per_document(store)
        counts = recounted(store, kept, store.changed)
        if counts is not None:  # None: a notation changed, and every document is counted again
            focused += 1
            assert same(counts, whole)
        differed += not same(kept, whole)
        kept = whole
    assert differed >= 2, "the changes must change the counts, or the comparison proves little"
    assert focused >= count // 2, "most rounds must count again the documents reached, not every one"


def test_a_changed_notation_has_every_document_counted_again(tmp_path, corpus_graphs):
    store = fresh_store(tmp_path, corpus_graphs)
    concepts = next(name for name in corpus_graphs if name.endswith("/graph/concepts"))
    notation = b"<http://www.w3.org/2004/02/skos/core#notation>"
    lines = corpus_graphs[concepts]
    at = next(i for i, line in enumerate(lines) if parts(line)[1] == notation)
    store.record_changes(most_changes(AS_IF_LARGE))
    store.put_graphs([(concepts, b"\n".join(lines[:at] + lines[at + 1:]))])
    assert reached(store, store.changed) is None


def test_a_one_document_change_counts_only_what_it_reaches(tmp_path, corpus_graphs):
    store = fresh_store(tmp_path, corpus_graphs)
    kept = per_document(store)
    name = next(name for name in sorted(corpus_graphs) if "/graph/A/RES/80/230@" in name)
    store.record_changes(most_changes(AS_IF_LARGE))
    store.put_graphs([(name, b"\n".join(line for line in corpus_graphs[name] if b"prov#wasDerivedFrom" not in line))])
    documents = reached(store, store.changed)
    assert documents == {"https://w3id.org/un-hr-kg/doc/A/RES/80/230"}
    counts = recounted(store, kept, store.changed)
    assert same(counts, per_document(store)) and not same(counts, kept)


@pytest.fixture()
def sources(tmp_path, corpus_dir):
    folder = tmp_path / "src"
    folder.mkdir()
    for name in ["A-RES-80-1.en.txt", "A-RES-80-230.en.txt", "A-HRC-DEC-14-105.en.txt"]:
        shutil.copyfile(corpus_dir / name, folder / name)
    return folder


def test_a_rebuild_counts_again_the_documents_it_changes_and_gives_a_full_builds_counts(tmp_path, sources, monkeypatch):
    out = tmp_path / "out"
    build_corpus([sources], out)
    assert (out / COUNTS_FILE).is_file()
    changed = sources / "A-RES-80-230.en.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Endorses the", "Endorses warmly the"), encoding="utf-8")
    asked = []
    real = recount.per_document
    monkeypatch.setattr(recount, "per_document", lambda store, documents=None, threads=1:
                        asked.append(documents) or real(store, documents, threads))
    build_corpus([sources], out)
    assert asked == [{"https://w3id.org/un-hr-kg/doc/A/RES/80/230"}]
    monkeypatch.undo()
    build_corpus([sources], tmp_path / "full")
    assert (out / "kg.ttl").read_bytes() == (tmp_path / "full" / "kg.ttl").read_bytes()
    assert same(kept_counts(out), kept_counts(tmp_path / "full"))


def kept_counts(out):
    """The counts a build kept beside its store."""
    return recount._load(out, json.loads((out / COUNTS_FILE).read_text(encoding="utf-8"))["changes"])


@pytest.mark.parametrize("damage", ["unreadable", "of another store", "other columns"])
def test_counts_kept_that_do_not_fit_the_store_have_every_document_counted_again(tmp_path, sources, monkeypatch, damage):
    out = tmp_path / "out"
    build_corpus([sources], out)
    data = json.loads((out / COUNTS_FILE).read_text(encoding="utf-8"))
    if damage == "unreadable":
        (out / COUNTS_FILE).write_text("{", encoding="utf-8")
    else:
        if damage == "of another store":
            data["changes"] -= 1
        else:
            data["mentions"]["columns"][1] = "something"
        (out / COUNTS_FILE).write_text(json.dumps(data), encoding="utf-8")
    changed = sources / "A-RES-80-230.en.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(recount, "reached", None)  # asked, the build would fail
    build_corpus([sources], out)
    monkeypatch.undo()
    build_corpus([sources], tmp_path / "full")
    assert (out / "kg.ttl").read_bytes() == (tmp_path / "full" / "kg.ttl").read_bytes()

