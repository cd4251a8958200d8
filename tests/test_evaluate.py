"""Scoring extracted references against gold files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.evaluate import EvalError, EvalReport, evaluate, render, score_file
from kg.evaluate_structure import MIN_ACTION_ACCURACY, MIN_ADDRESSEE_EXACT, score_structure
from kg.records import DocumentInfo, Extraction, Mandate, Paragraph, Reference, Source

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def ref(target, date=None, also=()):
    return Reference(target, date, target or "", 0, 0, also=tuple(also))


@pytest.mark.parametrize("gold,found,precision,recall,dates", [
    pytest.param([{"target": "A/RES/70/1", "date": "2015-09-25"}], [ref("A/RES/70/1", "2015-09-25")],
                 1.0, 1.0, (1, 1), id="exact match with its date"),
    pytest.param([{"target": "A/RES/70/1", "date": "2015-09-25"}],
                 [ref("A/RES/70/1"), ref("A/RES/70/1", "2015-09-25")],
                 1.0, 1.0, (1, 1), id="the first date written for a target counts"),
    pytest.param([{"target": "A/RES/70/1", "date": None}], [ref("A/RES/70/1", "2015-09-25")],
                 1.0, 1.0, (0, 1), id="a date where the gold has none is wrong"),
    pytest.param([{"target": "A/CONF.157/24(PartI)", "any_of": ["A/CONF.157/24"]}], [ref("A/CONF.157/24")],
                 1.0, 1.0, (1, 1), id="any_of matches"),
    pytest.param([{"target": "A/CONF.157/24(PartI)"}], [ref("A/CONF.157/24 (Part I)")],
                 1.0, 1.0, (1, 1), id="spaces ignored"),
    pytest.param([{"target": "A/RES/49/75"}], [ref("A/RES/49/75 K")], 1.0, 1.0, (1, 1),
                 id="part letter ignored"),
    pytest.param([{"target": "A/RES/2200(XXI)"}], [ref("A/RES/2200A(XXI)")], 1.0, 1.0, (1, 1),
                 id="part letter before a Roman session ignored"),
    pytest.param([{"target": "A/56/1026", "any_of": ["S/2002/932"]}], [ref("S/2002/932", also=["A/56/1026"])],
                 1.0, 1.0, (1, 1), id="dual symbol matches either way"),
    pytest.param([{"target": "A/57/759"}], [ref("S/2003/332", also=["A/57/759"])], 1.0, 1.0, (1, 1),
                 id="predicted also matches gold target"),
    pytest.param([{"target": "GC(69)/RES/15", "ambiguous": True}], [], 1.0, 1.0, (0, 0),
                 id="ambiguous gold is not expected"),
    pytest.param([{"target": "A/80/88"}], [ref("A/80/88"), ref("A/80/89"), ref(None)], 0.5, 1.0, (1, 1),
                 id="extra target lowers precision, unresolved ones are not counted"),
    pytest.param([{"target": "A/80/88"}, {"target": "A/80/393"}], [ref("A/80/88")], 1.0, 0.5, (1, 1),
                 id="missed target lowers recall"),
])
def test_score_file(gold, found, precision, recall, dates):
    expected = [g for g in gold if not g.get("ambiguous")]
    score = score_file("x.en.txt", expected, found)
    assert (score.precision, score.recall) == (precision, recall)
    assert (score.dates_correct, score.dates_checked) == dates


def test_missed_and_extra_are_named():
    score = score_file("x.en.txt", [{"target": "A/80/88"}, {"target": "A/80/393"}],
                       [ref("A/80/88"), ref("A/RES/2/6")])
    assert score.missed == ("A/80/393",)
    assert score.extra == ("A/RES/2/6",)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_pairs_files_and_survives_a_failing_one(tmp_path):
    corpus, gold = tmp_path / "corpus", tmp_path / "gold"
    _write(corpus / "A-RES-1.en.txt", "good")
    _write(corpus / "A-RES-2.en.md", "bad")
    _write(corpus / "SOURCES.tsv", "not scored")
    _write(gold / "A-RES-1.en.json", json.dumps({"references": [{"target": "A/80/88", "date": None}]}))
    _write(gold / "A-RES-2.en.json", json.dumps({"references": [{"target": "A/80/89", "date": None}]}))
    _write(gold / "A-RES-3.en.json", json.dumps({"references": [{"target": "A/80/90", "date": None}]}))

    def extractor(path):
        if path.name.startswith("A-RES-2"):
            raise ValueError("cannot read")
        return [ref("A/80/88")]

    report = evaluate(corpus, gold, extractor)
    assert [f.file for f in report.files] == ["A-RES-1.en.txt", "A-RES-2.en.md", "A-RES-3.en"]
    assert [f.error is not None for f in report.files] == [False, True, True]
    assert "cannot read" in report.files[1].error
    assert report.files[1].missed == ("A/80/89",)
    assert (report.precision, round(report.recall, 3)) == (1.0, 0.333)


def test_a_gold_file_that_cannot_be_read_is_named_and_the_others_are_scored(tmp_path):
    corpus, gold = tmp_path / "corpus", tmp_path / "gold"
    for n in (1, 2, 3, 4):
        _write(corpus / f"A-RES-{n}.en.txt", "x")
    _write(gold / "A-RES-1.en.json", json.dumps({"references": [{"target": "A/80/88", "date": None}]}))
    _write(gold / "A-RES-2.en.json", '{"references": [')
    _write(gold / "A-RES-3.en.json", "[1, 2]")
    (gold / "A-RES-4.en.json").write_bytes(b"\xff\xfe{}")
    _write(gold / "A-RES-5.en.json", json.dumps({"references": [{"target": "A/80/88"}, {"date": None}]}))
    report = evaluate(corpus, gold, lambda path: [ref("A/80/88")])
    errors = {f.file: f.error for f in report.files}
    assert errors["A-RES-1.en.txt"] is None
    assert "A-RES-2.en.json: not valid JSON (line 1" in errors["A-RES-2.en.json"]
    assert "A-RES-3.en.json: not a JSON object" in errors["A-RES-3.en.json"]
    assert "A-RES-4.en.json: not UTF-8" in errors["A-RES-4.en.json"]
    assert "A-RES-5.en.json: reference 2 has no target" in errors["A-RES-5.en.json"]
    assert (report.expected, report.predicted, len(report.failed)) == (1, 1, 4)
    text = render(report)
    assert "A-RES-3.en.json                    not scored" in text
    assert text.splitlines()[-3].startswith("total: 5 files, 4 failed, 1 expected, 1 found")


@pytest.mark.parametrize("missing", ["corpus", "gold", "no gold files"])
def test_nothing_to_score_is_an_error_naming_the_folder(tmp_path, missing):
    corpus, gold = tmp_path / "corpus", tmp_path / "gold"
    _write(corpus / "A-RES-1.en.txt", "x")
    _write(gold / "A-RES-1.en.json", json.dumps({"references": []}))
    if missing == "corpus":
        corpus = tmp_path / "none"
    elif missing == "gold":
        gold = tmp_path / "none"
    else:
        (gold / "A-RES-1.en.json").unlink()
    with pytest.raises(EvalError, match=f"^{tmp_path}/(none|gold): no"):
        evaluate(corpus, gold, lambda path: [])


def test_render_ends_with_the_totals(tmp_path):
    corpus, gold = tmp_path / "corpus", tmp_path / "gold"
    _write(corpus / "A-RES-1.en.txt", "x")
    _write(gold / "A-RES-1.en.json", json.dumps({"references": [
        {"target": "A/80/88", "date": None}, {"target": "A/80/393", "date": "2025-01-02"}]}))
    report = evaluate(corpus, gold, lambda path: [ref("A/80/88"), ref("A/80/393"), ref("A/RES/2/6")])
    text = render(report)
    last = text.splitlines()[-3:]
    assert last[0].startswith("total: 1 files, 0 failed, 2 expected, 3 found")
    assert last[1] == "micro precision 0.667  recall 1.000  F1 0.800"
    assert last[2] == "date accuracy 0.500 (1/2 matched targets)"
    assert "extra:  A/RES/2/6" in text
    assert "date:   A/80/393 expected 2025-01-02, found none" in text


def test_empty_report():
    report = EvalReport(files=())
    assert (report.precision, report.recall, report.date_accuracy) == (1.0, 1.0, 1.0)


@pytest.fixture(scope="module")
def shared_report():
    return evaluate(SHARED / "corpus", SHARED / "gold")


def test_shared_corpus_scores_at_least_099(shared_report):
    report = shared_report
    assert not report.failed, render(report)
    assert report.f1 >= 0.99, render(report)
    assert report.date_accuracy >= 0.95, render(report)


# --- Structure: paragraphs, actions, addressees, mandates ---------------------------


def op(n, action=None, actions=(), addressees=()):
    return Paragraph(f"op{n}", "operative", n, 0, 0, action=action, actions=actions or ((action,) if action else ()),
                     addressees=tuple(addressees))


def extraction(paragraphs, mandates=()):
    source = Source("x.zh.md", "", "zh", "md", "")
    return Extraction(source, DocumentInfo(), tuple(paragraphs), mandates=tuple(mandates))


PP = Paragraph("pp1", "preambular", None, 0, 0, action="recalls", actions=("recalls",))
GOLD = {
    "paragraphs": {"preambular": 1, "operative": 2},
    "operative": [
        {"n": 1, "action": ["invites", "requests"], "addressees": ["un-agencies", "nhri"]},
        {"n": 2, "action": ["requests"], "addressees": ["ohchr"], "mandate": {"deliverable": "report", "due_session": 63}},
    ],
}
REPORT_63 = Mandate("op2", "ohchr", "report", 63, 0, 0)


@pytest.mark.parametrize("paragraphs, mandates, counts, actions, addressees, mandates_found", [
    pytest.param([PP, op(1, "requests", ("requests", "invites"), ["nhri", "un-agencies"]), op(2, "requests", addressees=["ohchr"])],
                 [REPORT_63], True, 2, 2, 1, id="all right, addressees in another order"),
    pytest.param([PP, op(1, "invites", addressees=["un-agencies", "nhri"]), op(2, "requests", addressees=["ohchr"])],
                 [REPORT_63], True, 2, 2, 1, id="either gold reading is right"),
    pytest.param([PP, op(1, "encourages", addressees=["un-agencies", "nhri"]), op(2, "requests", addressees=["ohchr"])],
                 [REPORT_63], True, 1, 2, 1, id="an action outside the gold list is wrong"),
    pytest.param([PP, op(1, "invites", addressees=["un-agencies"]), op(2, "requests", addressees=["ohchr", "states"])],
                 [REPORT_63], True, 2, 0, 1, id="an addressee missing or extra is wrong"),
    pytest.param([PP, op(1, "invites", addressees=["un-agencies", "nhri"]), op(2, "requests", addressees=["ohchr"])],
                 [Mandate("op2", "ohchr", "report", 62, 0, 0)], True, 2, 2, 0, id="a mandate due at another session is not found"),
    pytest.param([op(1, "invites", addressees=["un-agencies", "nhri"]), op(2, "requests", addressees=["ohchr"])],
                 [REPORT_63], False, 2, 2, 1, id="a preambular paragraph missed breaks the counts"),
    pytest.param([PP, op(1, "invites", addressees=["un-agencies", "nhri"])], [], False, 1, 1, 0,
                 id="an operative paragraph missed is wrong everywhere"),
])
def test_score_structure(paragraphs, mandates, counts, actions, addressees, mandates_found):
    score = score_structure("x.zh.md", GOLD, extraction(paragraphs, mandates))
    assert score.counts_exact is counts
    assert (score.actions_correct, score.addressees_exact, score.mandates_found) == (actions, addressees, mandates_found)
    assert (score.actions_checked, score.addressees_checked, score.mandates_expected) == (2, 2, 1)
    assert len(score.misses) == (2 - actions) + (2 - addressees) + (1 - mandates_found)


def test_structure_block_stands_before_the_reference_totals(tmp_path):
    corpus, gold = tmp_path / "corpus", tmp_path / "gold"
    _write(corpus / "A-RES-1.en.txt", "x")
    _write(corpus / "A-RES-2.en.txt", "x")
    _write(gold / "A-RES-1.en.json", json.dumps(dict(GOLD, references=[{"target": "A/80/88", "date": None}])))
    _write(gold / "A-RES-2.en.json", json.dumps({"references": [], "document": {"kind": "report"}}))
    found = extraction([PP, op(1, "decides"), op(2, "requests", addressees=["ohchr"])], [REPORT_63])
    found = Extraction(found.source, found.document, found.paragraphs, references=(ref("A/80/88"),), mandates=found.mandates)
    report = evaluate(corpus, gold, lambda path: found)
    assert [f.file for f in report.structure.files] == ["A-RES-1.en.txt"]  # a report has no structure to score
    lines = render(report).splitlines()
    assert lines[-4] == ("structure total: counts exact 1/1 documents, action accuracy 0.500 (1/2), "
                         "addressees exact 0.500 (1/2), mandates 1/1 found")
    assert "    op1 action: expected invites|requests, found decides" in lines
    assert lines[-3].startswith("total: 2 files, 0 failed, 1 expected, 2 found")


def test_a_file_that_fails_scores_nothing_found(tmp_path):
    corpus, gold = tmp_path / "corpus", tmp_path / "gold"
    _write(corpus / "A-RES-1.en.txt", "x")
    _write(gold / "A-RES-1.en.json", json.dumps(dict(GOLD, references=[])))
    _write(gold / "A-RES-2.en.json", json.dumps(dict(GOLD, references=[])))  # no corpus file

    def extractor(path):
        raise ValueError("cannot read")

    assert evaluate(corpus, gold, extractor).structure is None  # it never gave a whole extraction
    files = evaluate(corpus, gold).structure.files
    assert [(f.file, f.error is None) for f in files] == [("A-RES-1.en.txt", True), ("A-RES-2.en", False)]
    assert not files[1].counts_exact and files[1].actions_correct == 0 and files[1].mandates_expected == 1


def test_shared_corpus_structure_meets_the_thresholds(shared_report):
    structure = shared_report.structure
    text = render(shared_report)
    assert len(structure.files) == 10, text  # every resolution and decision of the gold
    assert [f.file for f in structure.files if not f.counts_exact] == [], text
    assert structure.action_accuracy >= MIN_ACTION_ACCURACY, text
    assert structure.addressee_rate >= MIN_ADDRESSEE_EXACT, text
    assert structure.passes


def test_kg_eval_prints_structure_then_the_reference_totals_last():
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "kg", "eval", str(SHARED / "corpus"), str(SHARED / "gold")],
                         capture_output=True, text=True, check=True)
    lines = run.stdout.splitlines()
    assert lines[-4].startswith("structure total: counts exact 10/10 documents")
    assert lines[-3].startswith("total: 11 files")
    assert lines[-1].startswith("date accuracy")
