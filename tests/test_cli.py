"""Each command of ``kg`` on a store built from the shared corpus."""
import csv
import errno
import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from kg import export as export_module
from kg import manifest
from kg.cli import main
from kg.export import BLOCKS_DIR, NT_BLOCK, TRIG_BLOCK, export_split, merged, render, store_jsonld
from kg.iri import Minter
from kg.store import UNION_MARK, Store
from rdflib_forms import rdflib_jsonld


@pytest.fixture(scope="module")
def store(tmp_path_factory, corpus_dir):
    out = tmp_path_factory.mktemp("cli")
    assert main(["build", str(corpus_dir), "--out", str(out)]) == 0
    return out


def test_build_writes_the_view_beside_the_graph(store):
    assert (store / "citations.html").is_file()
    assert (store / "kg.ttl").stat().st_mode & 0o044  # readable by others, as a normal file


@pytest.mark.parametrize("engine", [[], ["--compiled"], ["--pyshacl"]], ids=["default", "compiled", "pyshacl"])
def test_validate(store, capsys, engine):
    assert main(["validate", "--store", str(store), *engine]) == 0
    assert "conforms (0 violations" in capsys.readouterr().out


def test_validate_checks_in_the_store_unless_pyshacl_is_asked_for(store, capsys, monkeypatch):
    import kg.shapes_sparql
    import kg.validate

    def unwanted(*args, **kwargs):
        raise AssertionError("not this engine")

    monkeypatch.setattr(kg.validate, "validate", unwanted)
    assert main(["validate", "--store", str(store)]) == 0
    monkeypatch.undo()
    monkeypatch.setattr(kg.shapes_sparql, "validate_store", unwanted)
    assert main(["validate", "--store", str(store), "--pyshacl"]) == 0


def test_query_list(store, capsys):
    assert main(["query", "--list"]) == 0
    assert "cites" in capsys.readouterr().out


def test_query_csv(store, capsys):
    assert main(["query", "cites", "--param", "symbol=A/RES/80/230", "--format", "csv", "--store", str(store)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["cited"] for r in rows} == {"A/80/527", "S/RES/2719(2023)", "A/80/88", "A/80/393"}


def test_query_with_a_bad_parameter_is_a_usage_error(store, capsys):
    assert main(["query", "cites", "--param", "symbol", "--store", str(store)]) == 2
    assert "KEY=VALUE" in capsys.readouterr().err


def test_missing_store_is_a_clear_error(tmp_path, capsys):
    assert main(["validate", "--store", str(tmp_path / "none")]) == 2
    assert "kg build" in capsys.readouterr().err


def test_viz(store, tmp_path):
    out = tmp_path / "view.html"
    assert main(["viz", "--store", str(store), "--lang", "zh", "--focus", "A/HRC/RES/57/12", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "A/HRC/RES/24/2" in page and "A/RES/80/4" not in page


@pytest.mark.parametrize("fmt,parse_as", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_export_formats_reparse(store, tmp_path, fmt, parse_as):
    out = tmp_path / f"kg.{fmt}"
    assert main(["export", "--store", str(store), "--format", fmt, "--out", str(out)]) == 0
    assert len(Graph().parse(out, format=parse_as)) > 1000


@pytest.mark.parametrize("fmt", ["ttl", "trig"])
def test_export_from_the_store_gives_the_bytes_the_build_wrote(store, tmp_path, fmt):
    out = tmp_path / f"kg.{fmt}"
    assert main(["export", "--store", str(store), "--format", fmt, "--out", str(out)]) == 0
    assert out.read_bytes() == (store / f"kg.{fmt}").read_bytes()


def test_an_output_that_cannot_be_written_is_a_clear_error(store, tmp_path, capsys, monkeypatch):
    out = tmp_path / "kg.ttl"
    out.write_text("previous")

    def full(_):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_module.os, "fsync", full)
    assert main(["export", "--store", str(store), "--format", "ttl", "--out", str(out)]) == 1
    assert capsys.readouterr().err == f"kg: error: {out}: No space left on device; the last kg.ttl is kept\n"
    assert out.read_text() == "previous"


def test_export_trig_and_split(store, tmp_path):
    assert main(["export", "--store", str(store), "--format", "trig", "--out", str(tmp_path / "kg.trig")]) == 0
    ds = Dataset()
    ds.parse(tmp_path / "kg.trig", format="trig")
    assert main(["export", "--store", str(store), "--split", str(tmp_path / "split")]) == 0
    names = sorted(p.name for p in (tmp_path / "split").iterdir())
    assert "A-HRC-RES-57-12.zh.ttl" in names and "concepts.ttl" in names and "dataset.ttl" in names
    assert len(names) == 13  # eleven documents, the concepts and the dataset description


def test_dataset_description(store, tmp_path):
    g = Graph().parse(store / "kg.ttl", format="turtle")
    rows = list(g.query("""
        PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?triples ?docs ?licence ?modified WHERE {
          ?d a void:Dataset ; void:triples ?triples ; void:documents ?docs ; dcterms:license ?licence ;
             dcterms:modified ?modified }"""))
    assert len(rows) == 1
    triples, docs, licence, modified = rows[0]
    assert int(docs) == 11 and int(triples) > 1000
    assert str(licence) == "https://creativecommons.org/licenses/by/4.0/"
    assert str(modified) == "2025-12-18"  # the newest adoption date read


@pytest.mark.parametrize("what", ["lineage", "most-cited", "central", "clusters", "actors"])
def test_analyse(store, capsys, what):
    assert main(["analyse", what, "--format", "json", "--store", str(store)]) == 0
    assert json.loads(capsys.readouterr().out)["rows"]


def test_analyse_lineage_of_the_seed_series(store, capsys):
    assert main(["analyse", "lineage", "--param", "symbol=A/HRC/RES/57/12", "--format", "csv", "--store", str(store)]) == 0
    symbols = [row.split(",")[1] for row in capsys.readouterr().out.splitlines()[1:]]
    assert symbols == ["A/HRC/RES/24/2", "A/HRC/RES/27/4", "A/HRC/RES/33/8", "A/HRC/RES/39/7",
                       "A/HRC/RES/45/7", "A/HRC/RES/51/12", "A/HRC/RES/57/12"]


def test_reading_a_store_a_build_is_changing_says_so(store, capsys):
    mark = store / UNION_MARK
    mark.touch()
    try:
        assert main(["query", "titles", "--store", str(store), "--format", "csv"]) == 0
    finally:
        mark.unlink()
    said = capsys.readouterr()
    assert "a build is changing this store" in said.err and "地方政府与人权" in said.out
    assert main(["query", "titles", "--store", str(store), "--format", "csv"]) == 0
    assert capsys.readouterr().err == ""


def test_a_build_without_the_view_draws_none(tmp_path, corpus_dir, capsys):
    out = tmp_path / "out"
    assert main(["build", str(corpus_dir / "A-HRC-RES-57-12.zh.md"), "--out", str(out), "--no-view"]) == 0
    said = capsys.readouterr().out
    assert not (out / "citations.html").exists() and "citations.html" not in said
    assert f"wrote: {out / 'kg.ttl'}" in said
    with pytest.raises(SystemExit):  # one or the other
        main(["build", str(corpus_dir), "--out", str(out), "--no-view", "--view", str(tmp_path / "v.html")])


@pytest.mark.parametrize("jobs", ["0", "-3", "two", "1.5"])
def test_build_refuses_a_count_of_jobs_that_is_no_count_of_processes(tmp_path, capsys, jobs):
    with pytest.raises(SystemExit) as stopped:
        main(["build", str(tmp_path), "--out", str(tmp_path / "out"), "--jobs", jobs])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "--jobs" in err and "1 or more" in err and repr(jobs) in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", [["query", "cites"], ["analyse", "lineage"]])
def test_an_empty_endpoint_is_refused_not_read_as_the_embedded_store(store, capsys, command):
    """``--endpoint "$URL"`` with URL unset must not answer from the store beside it."""
    assert main([*command, "--endpoint", "", "--store", str(store)]) == 2
    captured = capsys.readouterr()
    assert "not an http(s) URL" in captured.err and captured.out == ""


def test_eval_with_no_gold_folder_is_a_clear_error(tmp_path, corpus_dir, capsys):
    assert main(["eval", str(corpus_dir), str(tmp_path / "no-gold")]) == 2
    captured = capsys.readouterr()
    assert f"{tmp_path / 'no-gold'}: no such folder" in captured.err and captured.out == ""


def test_a_build_folder_that_is_a_file_is_a_clear_error(tmp_path, corpus_dir, capsys):
    (tmp_path / "kg-out").write_text("notes")
    assert main(["build", str(corpus_dir), "--out", str(tmp_path / "kg-out")]) == 2
    assert f"{tmp_path / 'kg-out'}: is a file, where a folder is needed" in capsys.readouterr().err
    assert (tmp_path / "kg-out").read_text() == "notes"


def _as_the_store_holds_it(folder: Path, fmt: str) -> bytes:
    """What an export gave when it held the whole store in rdflib; JSON-LD, as rdflib writes it."""
    dataset = Store.open(folder, read_only=True).to_dataset()
    if fmt == "jsonld":
        return rdflib_jsonld(merged(dataset), Minter.configured()).encode("utf-8")
    return render(dataset, fmt).encode("utf-8")


@pytest.mark.parametrize("fmt", ["nt", "ttl", "jsonld"])
def test_the_union_is_exported_off_the_blocks_or_off_a_store_cut_short(store, tmp_path, fmt):
    folder = tmp_path / "build"
    shutil.copytree(store, folder)
    # Turtle as the build wrote it, which declares every prefix; N-Triples as rdflib's graph gave it
    held = (folder / "kg.ttl").read_bytes() if fmt == "ttl" else _as_the_store_holds_it(folder, fmt)
    assert main(["export", "--store", str(folder), "--format", fmt, "--out", str(tmp_path / f"a.{fmt}")]) == 0
    assert (tmp_path / f"a.{fmt}").read_bytes() == held
    # a block that says something else is read: the build's blocks are the graphs' lines
    block = sorted((folder / BLOCKS_DIR).glob("*" + NT_BLOCK))[0]
    block.write_bytes(gzip.compress(b"<urn:x:s> <urn:x:p> <urn:x:o> ."))
    assert main(["export", "--store", str(folder), "--format", fmt, "--out", str(tmp_path / f"b.{fmt}")]) == 0
    assert b"urn:x:s" in (tmp_path / f"b.{fmt}").read_bytes()
    # but not where a build was cut short, which may have left a block without its graph
    (folder / UNION_MARK).touch()
    assert main(["export", "--store", str(folder), "--format", fmt, "--out", str(tmp_path / f"c.{fmt}")]) == 0
    assert (tmp_path / f"c.{fmt}").read_bytes() == held


def test_trig_is_exported_off_the_blocks_only_for_the_base_and_code_that_wrote_them(store, tmp_path, monkeypatch):
    folder = tmp_path / "build"
    shutil.copytree(store, folder)
    built = (folder / "kg.trig").read_bytes()
    block = sorted((folder / BLOCKS_DIR).glob("*" + TRIG_BLOCK))[0]
    block.write_text(block.read_text(encoding="utf-8") + "# read off the block\n", encoding="utf-8")

    def export(name: str) -> bytes:
        assert main(["export", "--store", str(folder), "--format", "trig", "--out", str(tmp_path / name)]) == 0
        return (tmp_path / name).read_bytes()

    assert b"# read off the block" in export("a.trig")
    monkeypatch.setattr(manifest, "code_hash", lambda: "other code")  # its blocks may be formatted otherwise
    assert export("b.trig") == built
    monkeypatch.undo()
    monkeypatch.setenv("KG_BASE_IRI", "https://example.org/kg/")  # its blocks' prefixes are not these
    other = export("c.trig").decode("utf-8")
    assert "# read off the block" not in other and "PREFIX doc: <https://example.org/kg/doc/>" in other
    assert set(Dataset().parse(data=other, format="trig").quads()) == set(Dataset().parse(data=built, format="trig").quads())


def test_jsonld_sorted_on_disk_gives_the_bytes_sorted_in_memory(store, tmp_path):
    folder = tmp_path / "build"
    shutil.copytree(store, folder)
    held = Store.open(folder, read_only=True)
    spilled = "".join(store_jsonld(held, blocks=folder / BLOCKS_DIR, run=500))  # runs of 500 nodes
    assert spilled.encode("utf-8") == _as_the_store_holds_it(folder, "jsonld")
    assert not list(folder.glob(".sort-*"))  # the runs are gone


def test_split_export_writes_each_graph_as_the_store_holds_it(store, tmp_path):
    folder = tmp_path / "build"
    shutil.copytree(store, folder)
    expected = export_split(Store.open(folder, read_only=True).to_dataset(), tmp_path / "expected")
    blocks = sorted((folder / BLOCKS_DIR).glob("*" + NT_BLOCK))
    blocks[0].unlink()  # read off the store
    blocks[1].write_bytes(b"not compressed")  # so is this one
    (tmp_path / "split").mkdir()
    (tmp_path / "split" / "gone.ttl").write_text("a graph no longer in the store")
    assert main(["export", "--store", str(folder), "--split", str(tmp_path / "split")]) == 0
    assert sorted(p.name for p in (tmp_path / "split").iterdir()) == sorted(p.name for p in expected)
    assert all((tmp_path / "split" / p.name).read_bytes() == p.read_bytes() for p in expected)
