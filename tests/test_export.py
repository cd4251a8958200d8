import errno
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg import export as export_module
from kg.build import build_graph
from kg.export import ExportError, export_split, make_folder, render, split_name, trig, write_atomic
from kg.iri import Minter
from kg.turtle import write_turtle

from sample import sample_extraction

M = Minter("https://example.org/kg/")
HOSTILE_TITLES = [
    'quote " and \\ backslash',
    "line\nbreak and\r\ncarriage return",
    "right-to-left \u200f mark and \u202e override",
    "emoji \U0001F30D and U+2028 \u2028 and U+2029 \u2029",
    "<img src=x onerror=alert(1)> & </script>",
    '""" triple quotes \'\'\'',
    "\"} DROP ALL ; #",
]


def dataset(title="Local government and human rights"):
    ds = Dataset()
    dg = build_graph(sample_extraction(title=title), M)
    context = ds.graph(dg.name)
    for t in dg.graph:
        context.add(t)
    return ds, dg


@pytest.mark.parametrize("title", HOSTILE_TITLES, ids=["quotes", "newlines", "rtl", "emoji-u2028", "markup", "triple-quotes", "injection"])
@pytest.mark.parametrize("fmt", ["ttl", "trig", "nt", "jsonld"])
def test_every_format_reparses_whatever_the_characters(title, fmt):
    ds, dg = dataset(title)
    text = render(ds, fmt, M)
    parse_as = {"ttl": "turtle", "trig": "trig", "nt": "nt", "jsonld": "json-ld"}[fmt]
    if fmt == "trig":
        back = Dataset()
        back.parse(data=text, format="trig")
        assert isomorphic(back.graph(dg.name), dg.graph)
    else:
        back = Graph().parse(data=text, format=parse_as)
        assert isomorphic(back, dg.graph)
    assert any(str(o) == title for o in back.objects()) if fmt != "trig" else True


def test_turtle_declares_prefixes_once_and_is_sorted():
    ds, _ = dataset()
    text = render(ds, "ttl", M)
    prefix_lines = [l for l in text.splitlines() if l.startswith("PREFIX")]
    assert len(prefix_lines) == len(set(prefix_lines))
    assert "PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>" in prefix_lines


PREFIXES = {"ex": "https://example.org/", "doc": "https://example.org/doc/", "b": "https://example.org/x#",
            "a": "https://example.org/x#"}


@pytest.mark.parametrize("iri, written", [
    ("https://example.org/doc/op1", "doc:op1"),  # the longest namespace, not the base it sits in
    ("https://example.org/top", "ex:top"),
    ("https://example.org/x#term", "a:term"),  # two prefixes of one namespace: the first in order
    ("https://example.org/doc/A/RES/80/1", "<https://example.org/doc/A/RES/80/1>"),  # "/" in what is left
    ("https://example.org/doc/A#op1", "<https://example.org/doc/A#op1>"),
    ("https://example.org/doc/", "<https://example.org/doc/>"),  # nothing left
    ("https://example.org/doc/end.", "<https://example.org/doc/end.>"),  # a prefixed name cannot end with "."
    ("https://example.org/doc/a.b-c_d", "doc:a.b-c_d"),
    ("https://example.org/other/x", "<https://example.org/other/x>"),
    ("urn:isbn:123", "<urn:isbn:123>"),
])
def test_an_iri_is_shortened_only_with_the_namespace_that_ends_where_a_plain_name_begins(iri, written):
    text = write_turtle([(f"<{iri}>", "<https://example.org/p>", f"<{iri}>")], PREFIXES)
    assert text.endswith(f"{written}\n    ex:p {written} ;\n.\n\n")
    assert isomorphic(Graph().parse(data=text, format="turtle"),
                      Graph().parse(data=f"<{iri}> <https://example.org/p> <{iri}> .", format="nt"))


def test_a_namespace_that_cannot_end_a_prefixed_name_is_refused():
    with pytest.raises(ValueError, match="'https://example.org/ex_' of prefix 'ex'"):
        write_turtle([], {"ex": "https://example.org/ex_"})


def test_trig_holds_each_named_graph():
    ds, dg = dataset()
    text = trig(ds, M)
    assert f"<{dg.name}> {{" in text
    assert text.count("PREFIX kg:") == 1


SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from kg.build import build_graph
from kg.iri import Minter
from kg.export import turtle, trig, ntriples, jsonld
from rdflib import Dataset
from sample import sample_extraction
M = Minter("https://example.org/kg/")
dg = build_graph(sample_extraction(), M)
ds = Dataset()
c = ds.graph(dg.name)
for t in dg.graph: c.add(t)
sys.stdout.write(turtle(dg.graph, M) + trig(ds, M) + ntriples(dg.graph) + jsonld(dg.graph, M))
"""


def test_output_is_byte_identical_across_processes_and_hash_seeds():
    outputs = set()
    for seed in ("0", "1", "12345"):
        run = subprocess.run(
            [sys.executable, "-c", SCRIPT.format(tests=str(Path(__file__).parent))],
            capture_output=True, text=True, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}, check=True,
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_split_writes_one_file_per_graph_and_removes_stale_ones(tmp_path):
    ds, dg = dataset()
    (tmp_path / "stale.ttl").write_text("# old")
    written = export_split(ds, tmp_path, M)
    assert [p.name for p in written] == ["A-HRC-RES-57-12.en.ttl"]
    assert not (tmp_path / "stale.ttl").exists()
    assert isomorphic(Graph().parse(written[0], format="turtle"), dg.graph)


@pytest.mark.parametrize("name,expected", [
    ("https://example.org/kg/graph/A/HRC/RES/57/12@zh", "A-HRC-RES-57-12.zh.ttl"),
    ("https://example.org/kg/graph/A/RES/217(III)@en", "A-RES-217(III).en.ttl"),
    ("https://example.org/kg/graph/concepts", "concepts.ttl"),
])
def test_split_file_names(name, expected):
    assert split_name(name, M) == expected


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "kg.ttl"
    target.write_text("previous")

    class Boom:
        def encode(self, _):
            raise RuntimeError("interrupted")

    with pytest.raises(Exception):
        write_atomic(target, Boom())  # type: ignore[arg-type]
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]


def test_a_write_onto_a_folder_is_refused_naming_it_and_leaves_nothing(tmp_path):
    (tmp_path / "kg.ttl").mkdir()
    with pytest.raises(ExportError, match=f"^{re.escape(str(tmp_path / 'kg.ttl'))}: is a folder"):
        write_atomic(tmp_path / "kg.ttl", "new")
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"] and not any((tmp_path / "kg.ttl").iterdir())


@pytest.mark.parametrize("inside", ["", "sub/deeper"])
def test_a_file_where_a_folder_is_needed_is_named(tmp_path, inside):
    (tmp_path / "out").write_text("a file")
    folder = tmp_path / "out" / inside if inside else tmp_path / "out"
    with pytest.raises(ExportError, match=f"^{re.escape(str(tmp_path / 'out'))}: is a file, where a folder is needed for {re.escape(str(folder))}$"):
        make_folder(folder)
    with pytest.raises(ExportError, match=f"^{re.escape(str(tmp_path / 'out'))}: is a file"):
        write_atomic(folder / "kg.ttl", "new")
    assert (tmp_path / "out").read_text() == "a file"


def test_a_write_on_a_full_disk_names_the_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    target = tmp_path / "kg.ttl"
    target.write_text("previous")

    def full(_):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_module.os, "fsync", full)
    with pytest.raises(OSError) as raised:
        write_atomic(target, "new")
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == str(target)
    assert "the last kg.ttl is kept" in str(raised.value)
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]
