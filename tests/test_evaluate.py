"""Scoring extracted references against gold files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.evaluate import EvalReport, evaluate, render, score_file
from kg.records import Reference

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


def test_shared_corpus_scores_at_least_099():
    report = evaluate(SHARED / "corpus", SHARED / "gold")
    assert not report.failed, render(report)
    assert report.f1 >= 0.99, render(report)
    assert report.date_accuracy >= 0.95, render(report)
