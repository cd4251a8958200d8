"""The whole build over the shared corpus: graph, outputs, validation, determinism."""
import json
import os
import subprocess
import sys
from pathlib import Path

from rdflib import Dataset, Graph

from kg.iri import Minter
from kg.store import Store

REPO = Path(__file__).resolve().parents[1]
SEED = "A/HRC/RES/57/12"


def test_build_succeeds_and_conforms(built):
    out, summary = built
    assert not summary.failed, summary.render()
    assert summary.validation.conforms, summary.render()
    assert len([f for f in summary.files if f.status == "built"]) == 11
    assert (out / "kg.ttl").is_file() and (out / "kg.trig").is_file()


def test_outputs_reparse(built):
    out, summary = built
    ttl = Graph().parse(out / "kg.ttl", format="turtle")
    assert len(ttl) == summary.triples
    trig = Dataset()
    trig.parse(out / "kg.trig", format="trig")
    names = {str(g.identifier) for g in trig.graphs() if len(g)}
    assert str(Minter.configured().graph(SEED, "zh")) in names
    assert str(Minter.configured().special_graph("concepts")) in names


def count(store, sparql):
    return store.select(sparql)[1]


def test_seed_resolution_has_its_twelve_citations_with_dates(built, gold_dir):
    out, _ = built
    from kg import query

    store = Store.open(out, read_only=True)
    _, rows = query.run(store, query.find("cites"), {"symbol": SEED})
    found = {(r["cited"], r["date"]) for r in rows}
    gold = json.loads((gold_dir / "A-HRC-RES-57-12.zh.json").read_text(encoding="utf-8"))
    expected = {(r["target"], r["date"]) for r in gold["references"]}
    assert expected <= found
    assert {c for c, _ in found} == {t for t, _ in expected}


def test_seed_resolution_paragraphs_and_mandates(built):
    out, _ = built
    store = Store.open(out, read_only=True)
    doc = f"<{Minter.configured().document(SEED)}>"
    prefix = "PREFIX kg: <https://w3id.org/un-hr-kg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
    rows = count(store, prefix + f"""
        SELECT ?type (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p dcterms:isPartOf {doc} ; a ?type }} GROUP BY ?type ORDER BY ?type""")
    counts = {r["type"].rsplit("#", 1)[-1]: r["n"] for r in rows}
    assert counts["PreambularParagraph"] == 32
    assert counts["OperativeParagraph"] == 14
    assert counts["SubParagraph"] == 4
    rows = count(store, prefix + f"""
        SELECT ?pid ?deliverable ?session ?relation ?to WHERE {{
          ?m a kg:Mandate ; kg:givenIn ?p ; kg:deliverable ?d ; kg:dueSession ?session ;
             kg:dueRelation ?relation ; kg:mandatedTo ?t .
          ?p dcterms:isPartOf {doc} ; kg:paragraphId ?pid .
          BIND(STRAFTER(STR(?d), "deliverable/") AS ?deliverable)
          BIND(STRAFTER(STR(?t), "entity/") AS ?to)
        }} ORDER BY ?pid""")
    assert [(r["pid"], r["deliverable"], r["session"], r["relation"], r["to"]) for r in rows] == [
        ("op10", "panel", 60, "before", "ohchr"),
        ("op11", "report", 63, "at", "ohchr"),
    ]


def test_cited_documents_not_read_are_nodes(built):
    out, _ = built
    store = Store.open(out, read_only=True)
    rows = count(store, """PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?date ?session WHERE { ?d kg:symbol "A/HRC/RES/24/2" ; dcterms:date ?date ; kg:session ?session }
        ORDER BY ?date""")
    assert rows == [{"date": "2013-09-26", "session": 24}]


BUILD = "import sys; from kg.corpus import build_corpus; build_corpus([sys.argv[1]], sys.argv[2])"


def test_same_corpus_gives_byte_identical_outputs(tmp_path, corpus_dir):
    outputs = []
    for seed, name in (("1", "a"), ("987", "b")):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-c", BUILD, str(corpus_dir), str(tmp_path / name)], env=env, check=True)
        outputs.append(((tmp_path / name / "kg.ttl").read_bytes(), (tmp_path / name / "kg.trig").read_bytes()))
    assert outputs[0] == outputs[1]


def test_rebuilding_replaces_graphs_instead_of_duplicating(tmp_path, corpus_dir):
    from kg.corpus import build_corpus

    first = build_corpus([corpus_dir], tmp_path)
    again = build_corpus([corpus_dir], tmp_path)
    assert first.triples == again.triples
    only_seed = build_corpus([corpus_dir / "A-HRC-RES-57-12.zh.md"], tmp_path)
    names = Store.open(tmp_path, read_only=True).graph_names()
    assert str(Minter.configured().graph("A/RES/80/1", "en")) not in names
    assert only_seed.documents < first.documents


def test_a_bad_file_is_named_and_the_rest_goes_on(tmp_path, corpus_dir):
    from kg.corpus import build_corpus

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.pdf"
    binary.write_bytes(b"\x00\x01\x02not a pdf")
    summary = build_corpus([empty, binary, corpus_dir / "A-RES-80-1.en.txt"], tmp_path / "out")
    failed = {Path(f.path).name: f.message for f in summary.failed}
    assert set(failed) == {"empty.txt", "image.pdf"}
    rendered = summary.render()
    assert all(f"FAILED {tmp_path / name}: {message}" in rendered for name, message in failed.items())
    assert [f.symbol for f in summary.files if f.status == "built"] == ["A/RES/80/1"]
    assert not summary.ok


def test_cli_extract_table_gives_a_line_per_paragraph_in_columns(corpus_dir):
    seed = corpus_dir / "A-HRC-RES-57-12.zh.md"
    run = subprocess.run([sys.executable, "-m", "kg", "extract", "--format", "table", str(seed)],
                         capture_output=True, text=True, check=True)
    lines = run.stdout.splitlines()
    assert lines[0] == f"{seed}: {SEED} (zh, resolution, HRC, session 57, adopted 2024-10-10)"
    read = json.loads(subprocess.run([sys.executable, "-m", "kg", "extract", str(seed)],
                                     capture_output=True, text=True, check=True).stdout)["paragraphs"]
    paragraphs = [line for line in lines if line.startswith(("  pp", "  op"))]
    assert [line.split()[0] for line in paragraphs] == [p["id"] for p in read]
    assert all(line == line.rstrip() for line in lines)
    # the action column starts at the same place on every line, however long the ids and verbs
    acting = [(line, p) for line, p in zip(paragraphs, read) if p["action"]]
    assert len({line.index(f" {p['action']}") for line, p in acting}) == 1
    assert all(line.split()[1:] == [p["action"], *([",".join(p["addressees"])] if p["addressees"] else [])]
               for line, p in acting)


def test_cli_extract_prints_one_json_object_per_file(corpus_dir):
    seed = corpus_dir / "A-HRC-RES-57-12.zh.md"
    run = subprocess.run([sys.executable, "-m", "kg", "extract", str(seed), str(corpus_dir / "A-RES-80-4.en.txt")],
                         capture_output=True, text=True, check=True)
    lines = run.stdout.splitlines()
    assert len(lines) == 2
    record = json.loads(lines[0])
    assert record["file"] == str(seed)
    doc = record["document"]
    assert (doc["symbol"], doc["language"], doc["kind"], doc["body"], doc["session"], doc["adopted"], doc["vote"]) == (
        SEED, "zh", "resolution", "HRC", 57, "2024-10-10", "without a vote")
    text = seed.read_text(encoding="utf-8")
    for ref in record["references"]:
        assert text[ref["start"]:ref["end"]] == ref["text"]
    op8 = next(p for p in record["paragraphs"] if p["id"] == "op8")
    assert (op8["kind"], op8["number"], op8["action"], op8["addressees"]) == ("operative", 8, "calls-upon", ["local-governments"])
    assert {"paragraph": "op10", "addressee": "ohchr", "deliverable": "panel", "due_session": 60}.items() <= next(
        m for m in record["mandates"] if m["paragraph"] == "op10").items()


def test_cli_reports_a_missing_file_and_goes_on(corpus_dir, tmp_path):
    run = subprocess.run([sys.executable, "-m", "kg", "extract", str(tmp_path / "missing.txt"),
                          str(corpus_dir / "A-RES-80-1.en.txt")], capture_output=True, text=True)
    assert run.returncode == 1
    assert "missing.txt" in run.stderr
    assert json.loads(run.stdout)["document"]["symbol"] == "A/RES/80/1"
