"""Incremental and parallel builds: unchanged files skipped, changed ones replaced, removed ones removed."""
import gzip
import json
import shutil
import subprocess
import sys

import pytest
from test_reconcile import FRENCH

from kg import corpus, manifest
from kg.corpus import build_corpus
from kg.export import BLOCKS_DIR, NT_BLOCK, TRIG_BLOCK, block_name, union_lines
from kg.iri import Minter
from kg.store import UNION_MARK, Store, StoreError

NAMES = ["A-RES-80-1.en.txt", "A-RES-80-230.en.txt", "A-HRC-DEC-14-105.en.txt"]


def copied(corpus_dir, folder, names):
    """A folder of copies of some files of the shared corpus."""
    folder.mkdir()
    for name in names:
        shutil.copyfile(corpus_dir / name, folder / name)
    return folder


@pytest.fixture()
def sources(tmp_path, corpus_dir):
    return copied(corpus_dir, tmp_path / "src", NAMES)


def statuses(summary):
    return {f.path.rsplit("/", 1)[-1]: f.status for f in summary.files}


def test_unchanged_files_are_skipped_changed_replaced_removed_removed(tmp_path, sources):
    out = tmp_path / "out"
    first = build_corpus([sources], out)
    assert set(statuses(first).values()) == {"built"}
    again = build_corpus([sources], out)
    assert set(statuses(again).values()) == {"unchanged"}
    assert (out / "kg.ttl").read_bytes() == (out / "kg.ttl").read_bytes()
    assert again.triples == first.triples

    changed = sources / "A-RES-80-230.en.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Endorses the conclusions", "Endorses warmly the conclusions"), encoding="utf-8")
    (sources / "A-RES-80-1.en.txt").unlink()
    third = build_corpus([sources], out)
    assert statuses(third) == {"A-RES-80-230.en.txt": "built", "A-HRC-DEC-14-105.en.txt": "unchanged",
                               "A-RES-80-1.en.txt": "removed"}
    assert "removed since the last build" in third.render()
    names = Store.open(out, read_only=True).graph_names()
    assert str(Minter.configured().graph("A/RES/80/1", "en")) not in names
    assert "warmly" in (out / "kg.ttl").read_text(encoding="utf-8")


def test_an_incremental_build_gives_the_bytes_of_a_full_build(tmp_path, sources):
    build_corpus([sources], tmp_path / "inc")
    changed = sources / "A-RES-80-1.en.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build_corpus([sources], tmp_path / "inc")
    build_corpus([sources], tmp_path / "full")
    for name in ("kg.ttl", "kg.trig"):
        assert (tmp_path / "inc" / name).read_bytes() == (tmp_path / "full" / name).read_bytes()


def test_two_jobs_give_the_bytes_of_one(tmp_path, corpus_dir):
    one = build_corpus([corpus_dir], tmp_path / "one", jobs=1)
    two = build_corpus([corpus_dir], tmp_path / "two", jobs=2)
    assert [f.status for f in one.files] == [f.status for f in two.files]
    for name in ("kg.ttl", "kg.trig"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_a_build_under_another_base_iri_keeps_nothing_of_the_old_one(tmp_path, sources):
    build_corpus([sources], tmp_path / "out")
    other = Minter("https://example.org/kg/")
    again = build_corpus([sources], tmp_path / "out", minter=other)
    assert set(statuses(again).values()) == {"built"}
    assert "the base IRI was https://w3id.org/un-hr-kg/ and is now https://example.org/kg/" in again.render()
    names = Store.open(tmp_path / "out", read_only=True).graph_names()
    assert names and all(name.startswith("https://example.org/kg/") for name in names)
    build_corpus([sources], tmp_path / "fresh", minter=other)
    for name in ("kg.ttl", "kg.trig"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes()


def test_files_are_read_again_when_kg_has_changed(tmp_path, sources, monkeypatch):
    build_corpus([sources], tmp_path / "out")
    assert set(statuses(build_corpus([sources], tmp_path / "out")).values()) == {"unchanged"}
    monkeypatch.setattr(manifest, "code_hash", lambda: "another version")
    again = build_corpus([sources], tmp_path / "out")
    assert set(statuses(again).values()) == {"built"}
    assert "kg has changed since the last build: the store was emptied" in again.render()
    assert set(statuses(build_corpus([sources], tmp_path / "out")).values()) == {"unchanged"}


def test_the_manifest_gives_each_file_a_line_and_reads_back_as_written(tmp_path, sources):
    out = tmp_path / "out"
    build_corpus([sources], out)
    lines = (out / manifest.MANIFEST_FILE).read_text(encoding="utf-8").splitlines()
    for name in NAMES:
        (line,) = [line for line in lines if name in line]
        assert json.loads("{" + line.rstrip(",") + "}")  # the whole entry, on its line
    entries, maker, made = manifest.load(out)
    assert sorted(p.rsplit("/", 1)[-1] for p in entries) == sorted(NAMES)
    manifest.save(out, entries, maker, made)
    assert manifest.load(out) == (entries, maker, made)


def recorded_hashes_are_the_files(out):
    made = manifest.load(out)[2]
    assert made.outputs and all(manifest.file_hash(out / name) == digest for name, digest in made.outputs.items())


def test_the_hashes_recorded_of_the_outputs_are_those_of_their_bytes(tmp_path, sources, corpus_dir, monkeypatch):
    """Hashed as they are written (whole, brought up to date, or written again), not read again."""
    out = tmp_path / "out"
    build_corpus([sources], out, view=out / "citations.html")
    recorded_hashes_are_the_files(out)
    changed = sources / "A-RES-80-230.en.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Endorses the", "Endorses warmly the"), encoding="utf-8")
    monkeypatch.setattr(corpus, "SPLICE_SHARE", 1.0)
    spliced = []
    real = corpus.spliced_turtle
    monkeypatch.setattr(corpus, "spliced_turtle", lambda *args: spliced.append(1) or real(*args))
    build_corpus([sources], out, view=out / "citations.html")
    assert spliced
    recorded_hashes_are_the_files(out)
    (out / "kg.trig").write_bytes(b"edited")
    build_corpus([sources], out, view=out / "citations.html")  # nothing to change: kg.trig written again
    recorded_hashes_are_the_files(out)


def test_a_manifest_that_does_not_say_what_made_it_means_a_full_build(tmp_path, sources):
    build_corpus([sources], tmp_path / "out")
    written = tmp_path / "out" / manifest.MANIFEST_FILE
    data = json.loads(written.read_text(encoding="utf-8"))
    del data["maker"]
    written.write_text(json.dumps(data), encoding="utf-8")
    again = build_corpus([sources], tmp_path / "out")
    assert set(statuses(again).values()) == {"built"}
    assert "does not say what made it" in again.render()


def test_the_union_read_off_the_blocks_is_the_stores(tmp_path, sources):
    build_corpus([sources], tmp_path / "out")
    blocks = tmp_path / "out" / BLOCKS_DIR
    store = Store.open(tmp_path / "out", read_only=True)
    assert len(list(blocks.glob("*" + NT_BLOCK))) == len(NAMES)
    from_store = list(store.sorted_lines(None))
    assert list(union_lines(store, blocks, run=1000)) == from_store
    kept = sorted(blocks.glob("*" + NT_BLOCK))
    kept[0].unlink()  # a graph without its block is read from the store
    kept[1].write_bytes(kept[1].read_bytes()[:100])  # so is one whose block was cut short
    kept[2].write_bytes(b"not compressed")
    assert list(union_lines(store, blocks)) == from_store


def test_blocks_left_by_a_build_cut_short_are_not_trusted(tmp_path, sources):
    out = tmp_path / "out"
    build_corpus([sources], out)
    name = str(Minter.configured().graph("A/RES/80/1", "en"))
    (out / BLOCKS_DIR / block_name(name, NT_BLOCK)).write_bytes(gzip.compress(b"<urn:x:s> <urn:x:p> <urn:x:o> ."))
    (out / UNION_MARK).touch()  # what a killed build leaves
    build_corpus([sources], out)
    build_corpus([sources], tmp_path / "fresh")
    for name in ("kg.ttl", "kg.trig"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes()


def outputs(out, view):
    return [out / "kg.ttl", out / "kg.trig", view]


def test_a_rebuild_with_nothing_to_change_keeps_the_outputs_and_what_the_build_found(tmp_path, sources):
    out, view = tmp_path / "out", tmp_path / "out" / "citations.html"
    first = build_corpus([sources], out, view=view)
    assert not first.kept and all(f"wrote: {path}" in first.render() for path in outputs(out, view))
    files = {path: (path.stat().st_ino, path.read_bytes()) for path in outputs(out, view)}
    again = build_corpus([sources], out, view=view)
    assert set(statuses(again).values()) == {"unchanged"}
    assert again.kept == tuple(outputs(out, view))
    assert all(f"unchanged: {path}" in again.render() for path in outputs(out, view))
    # written again, a file would be a new one (a rename over the old)
    assert {path: (path.stat().st_ino, path.read_bytes()) for path in outputs(out, view)} == files
    assert (again.documents, again.triples, again.validation) == (first.documents, first.triples, first.validation)


def test_a_report_with_findings_is_kept_whole(tmp_path, sources):
    out = tmp_path / "out"
    build_corpus([sources], out)
    written = out / manifest.MANIFEST_FILE
    data = json.loads(written.read_text(encoding="utf-8"))
    finding = {"severity": "warning", "focus": "urn:x:focus", "path": None, "message": "a finding"}
    data["made"]["validation"] = {"conforms": False, "results": [finding]}
    written.write_text(json.dumps(data), encoding="utf-8")
    again = build_corpus([sources], out)
    assert again.kept
    assert not again.validation.conforms and again.validation.results[0].message == "a finding"


def plant(out, *findings: dict) -> None:
    """Findings added to the last build's report, as if its checks had found them."""
    written = out / manifest.MANIFEST_FILE
    data = json.loads(written.read_text(encoding="utf-8"))
    data["made"]["validation"]["results"] += list(findings)
    data["made"]["validation"]["conforms"] = False
    written.write_text(json.dumps(data), encoding="utf-8")


def test_a_rebuild_checks_again_what_the_change_reaches_and_keeps_the_rest(tmp_path, sources, corpus_dir, monkeypatch):
    out = tmp_path / "out"
    build_corpus([sources], out)
    # a line more changes the file's hash, which its expression carries (kg:sha256)
    changed_node = str(Minter.configured().expression("A/RES/80/230", "en"))
    far = {"severity": "violation", "focus": "urn:x:far", "path": None, "message": "out of reach"}
    near = {"severity": "violation", "focus": changed_node, "path": None, "message": "reached"}
    plant(out, far, near)
    changed = sources / "A-RES-80-230.en.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (sources / "A-RES-80-1.en.txt").unlink()
    shutil.copyfile(corpus_dir / "A-HRC-RES-57-12.zh.md", sources / "A-HRC-RES-57-12.zh.md")
    with monkeypatch.context() as patched:
        # the union's triples are the last count and the changes, not counted again
        patched.setattr(corpus, "UNION_COUNT", "not a query")
        again = build_corpus([sources], out)
    full = build_corpus([sources], tmp_path / "full")
    assert again.triples == full.triples == Store.open(out, read_only=True).select(corpus.UNION_COUNT)[1][0]["n"]
    assert statuses(again)["A-RES-80-230.en.txt"] == "built" and statuses(again)["A-HRC-RES-57-12.zh.md"] == "built"
    assert statuses(again)["A-RES-80-1.en.txt"] == "removed"
    messages = {r.focus: r.message for r in again.validation.results}
    # the node the change reached was checked again; the node out of its reach was not
    assert messages.get(changed_node) != "reached"
    assert messages["urn:x:far"] == "out of reach" and not again.validation.conforms
    assert [r for r in again.validation.results if r.focus != "urn:x:far"] == list(full.validation.results)


def test_a_rebuild_after_one_cut_short_checks_the_whole_store(tmp_path, sources, monkeypatch):
    out = tmp_path / "out"
    build_corpus([sources], out)
    plant(out, {"severity": "violation", "focus": "urn:x:far", "path": None, "message": "out of reach"})
    (out / UNION_MARK).touch()  # as a build stopped while it changed the store leaves it
    changed = sources / "A-RES-80-1.en.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = build_corpus([sources], out)
    assert "urn:x:far" not in {r.focus for r in again.validation.results}


@pytest.mark.parametrize("what,written", [
    ("changed", ["kg.ttl"]), ("removed", ["citations.html"]), ("view elsewhere", ["elsewhere.html"]),
    ("recipe", ["kg.ttl", "kg.trig", "citations.html"]), ("not recorded", ["kg.ttl", "kg.trig", "citations.html"]),
])
def test_outputs_that_are_not_as_the_last_build_left_them_are_written_again(tmp_path, sources, monkeypatch, what, written):
    out, view = tmp_path / "out", tmp_path / "out" / "citations.html"
    build_corpus([sources], out, view=view)
    kept = {path: path.read_bytes() for path in outputs(out, view)}
    if what == "changed":
        (out / "kg.ttl").write_bytes(kept[out / "kg.ttl"] + b"# edited\n")
    elif what == "removed":
        view.unlink()
    elif what == "view elsewhere":
        view = tmp_path / "elsewhere.html"
    elif what == "recipe":  # the shapes, the view's page or pyvis are not those of the last build
        monkeypatch.setattr(manifest, "outputs_recipe", lambda: "another recipe")
    else:
        record = out / manifest.MANIFEST_FILE
        data = json.loads(record.read_text(encoding="utf-8"))
        del data["made"]
        record.write_text(json.dumps(data), encoding="utf-8")
    if len(written) == 1:  # the store has not changed, nor the shapes: its report stands
        monkeypatch.setattr(corpus, "validate_store", None)
    again = build_corpus([sources], out, view=view)
    assert set(statuses(again).values()) == {"unchanged"}
    assert sorted(path.name for path in outputs(out, view) if path not in again.kept) == sorted(written)
    assert [path.read_bytes() for path in outputs(out, view)] == list(kept.values())
    assert again.validation.conforms
    # what was written again is recorded with its new bytes: the next build keeps everything
    assert build_corpus([sources], out, view=view).kept == tuple(outputs(out, view))


def test_a_file_removed_alone_is_taken_out_of_the_outputs(tmp_path, sources):
    out = tmp_path / "out"
    build_corpus([sources], out)
    (sources / "A-RES-80-1.en.txt").unlink()
    again = build_corpus([sources], out)
    assert not again.kept and "removed: " in again.render()
    build_corpus([sources], tmp_path / "fresh")
    for name in ("kg.ttl", "kg.trig"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes()
    # and so are its graph's blocks
    gone = str(Minter.configured().graph("A/RES/80/1", "en"))
    assert not any((out / BLOCKS_DIR / block_name(gone, suffix)).exists() for suffix in (TRIG_BLOCK, NT_BLOCK))
    assert sorted(p.name for p in (out / BLOCKS_DIR).iterdir()) == sorted(p.name for p in (tmp_path / "fresh" / BLOCKS_DIR).iterdir())


def test_outputs_are_not_kept_after_a_build_that_changed_the_store_and_stopped(tmp_path, sources, monkeypatch):
    out = tmp_path / "out"
    build_corpus([sources], out)
    (sources / "A-RES-80-1.en.txt").unlink()

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # after the store lost the file's graph, before any output was written

    monkeypatch.setattr(corpus, "_write_outputs", killed)
    with pytest.raises(KeyboardInterrupt):
        build_corpus([sources], out)
    monkeypatch.undo()
    again = build_corpus([sources], out)  # no graph left to change, but the outputs are of the old store
    assert not again.kept
    build_corpus([sources], tmp_path / "fresh")
    for name in ("kg.ttl", "kg.trig"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes()


def test_a_moved_folder_is_not_read_again(tmp_path, sources):
    """A file is known by its content and its name: moved elsewhere, or given by another path,
    it is unchanged, and its old path is not a removal."""
    out = tmp_path / "out"
    build_corpus([sources], out)
    moved = shutil.move(sources, tmp_path / "elsewhere")
    again = build_corpus([moved], out)
    assert statuses(again) == {name: "unchanged" for name in NAMES}
    assert all(f.path.startswith(str(moved)) for f in again.files)
    assert again.kept == (out / "kg.ttl", out / "kg.trig")
    build_corpus([moved], tmp_path / "fresh")
    for name in ("kg.ttl", "kg.trig"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes()
    # the manifest now knows the files where they are
    changed = moved / "A-RES-80-1.en.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = build_corpus([moved], out)
    assert statuses(third) == {"A-RES-80-1.en.txt": "built", "A-RES-80-230.en.txt": "unchanged",
                               "A-HRC-DEC-14-105.en.txt": "unchanged"}


def test_a_renamed_file_is_read_again(tmp_path, sources):
    """The graph names the file it was read from (kg:sourceFile), so a new name is a new graph."""
    out = tmp_path / "out"
    build_corpus([sources], out)
    (sources / "A-RES-80-1.en.txt").rename(sources / "A-RES-80-1-renamed.en.txt")
    again = build_corpus([sources], out)
    assert statuses(again) == {"A-RES-80-1-renamed.en.txt": "built", "A-RES-80-230.en.txt": "unchanged",
                               "A-HRC-DEC-14-105.en.txt": "unchanged", "A-RES-80-1.en.txt": "removed"}
    assert "A-RES-80-1-renamed.en.txt" in (out / "kg.ttl").read_text(encoding="utf-8")


def test_a_file_moved_to_two_places_is_read_again_in_both(tmp_path, sources):
    """Two new paths with the old file's name and content: neither is taken for the old one."""
    out = tmp_path / "out"
    build_corpus([sources], out)
    one, two = tmp_path / "one", tmp_path / "two"
    for folder in (one, two):
        folder.mkdir()
        shutil.copyfile(sources / "A-RES-80-1.en.txt", folder / "A-RES-80-1.en.txt")
    (sources / "A-RES-80-1.en.txt").unlink()
    again = build_corpus([sources, one, two], out)
    found = sorted((f.path.rsplit("/", 2)[-2], f.status) for f in again.files if f.path.endswith("A-RES-80-1.en.txt"))
    assert found == [("one", "built"), ("src", "removed"), ("two", "duplicate")]


def test_a_second_build_of_a_folder_in_use_stops_before_touching_it(tmp_path, sources):
    """Another process holds the store (a build running): this build says so and leaves what
    that one is using (its spooled extractions, its temporaries, the outputs) as they are."""
    out = tmp_path / "out"
    build_corpus([sources], out)
    in_use = [out / corpus.SPOOL_DIR / "0.pickle", out / ".kg.ttl.1234.tmp"]
    (out / corpus.SPOOL_DIR).mkdir()
    for path in in_use:
        path.write_bytes(b"being written")
    before = {path: path.read_bytes() for path in out.glob("kg.*")}
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(60)", str(out / "store")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError, match="another process has the store open for writing"):
            build_corpus([sources], out)
    finally:
        holder.kill()
        holder.wait()
    assert all(path.read_bytes() == b"being written" for path in in_use)
    assert {path: path.read_bytes() for path in out.glob("kg.*")} == before


def test_a_build_folder_inside_a_source_folder_is_not_read(tmp_path, sources):
    """``kg build . --out kg-out``: the build's own view (HTML) and folder are not sources."""
    out, view = sources / "kg-out", sources / "views" / "citations.html"
    first = build_corpus([sources], out, view=view)
    assert view.is_file() and (out / "kg.ttl").is_file()
    again = build_corpus([sources], out, view=view)
    assert statuses(again) == {name: "unchanged" for name in NAMES}
    assert again.documents == first.documents


def test_the_store_is_merged_after_a_build_that_writes_many_graphs_only(tmp_path, sources, monkeypatch):
    merged = []
    monkeypatch.setattr(Store, "optimize", lambda self: merged.append(len(self.graph_names())))
    monkeypatch.setattr(corpus, "OPTIMIZE_SHARE", 0.5)
    out = tmp_path / "out"
    build_corpus([sources], out)  # every graph written
    assert len(merged) == 1 and merged[0] >= len(NAMES)
    build_corpus([sources], out)  # none
    assert len(merged) == 1
    changed = sources / "A-RES-80-230.en.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build_corpus([sources], out)  # one of three: under half
    assert len(merged) == 1
    for name in NAMES[:2]:
        path = sources / name
        path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    build_corpus([sources], out)  # two of three
    assert len(merged) == 2


def test_the_counts_and_checks_read_the_merged_store(tmp_path, sources, monkeypatch):
    steps = []

    def noted(step, function):
        def run(*args, **kwargs):
            steps.append(step)
            return function(*args, **kwargs)
        return run

    monkeypatch.setattr(Store, "optimize", noted("merge", Store.optimize))
    monkeypatch.setattr(corpus, "counts_now", noted("counts", corpus.counts_now))
    monkeypatch.setattr(corpus, "validate_store", noted("checks", corpus.validate_store))
    build_corpus([sources], tmp_path / "out")
    assert steps == ["merge", "counts", "checks"]


def test_the_share_of_graphs_written_counts_every_language_version(tmp_path, sources, corpus_dir, monkeypatch):
    # two versions of one document are built together: five files of four documents, all written
    shutil.copyfile(corpus_dir / "A-HRC-RES-57-12.zh.md", sources / "A-HRC-RES-57-12.zh.md")
    (sources / "A-HRC-RES-57-12.fr.txt").write_text(FRENCH, encoding="utf-8")
    merged = []
    monkeypatch.setattr(Store, "optimize", lambda self: merged.append(True))
    monkeypatch.setattr(corpus, "OPTIMIZE_SHARE", 0.9)
    summary = build_corpus([sources], tmp_path / "out")
    assert [f.status for f in summary.files] == ["built"] * 5
    assert merged == [True]
