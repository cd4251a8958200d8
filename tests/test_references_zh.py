"""Reference extraction from Chinese UN texts: the date stands before the
number and the word after it ("2013 年 9 月 26 日第 24/2 号决议")."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.lexicon import by_language
from kg.records import DocumentInfo, Segmentation
from kg.references import find_references

HRC = DocumentInfo(symbol="A/HRC/RES/58/3", language="zh", kind="resolution", body="HRC")
GA = DocumentInfo(symbol="A/RES/80/31", language="zh", kind="resolution", body="GA")
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def cite(text, document):
    refs = find_references(text, "zh", document, Segmentation(document, ()))
    for r in refs:
        assert text[r.start:r.end] == r.text
    return [(r.target, r.date) for r in refs]


@pytest.mark.parametrize("text,document,expected", [
    pytest.param(
        "又回顾人权理事会关于人权与环境的 2012 年 3 月 23 日第 19/10 号决议、2015 年 3 月 26 日"
        "第 28/11 号决议和 2021 年 10 月 8 日第 48/13 号决议，",
        GA, [("A/HRC/RES/19/10", "2012-03-23"), ("A/HRC/RES/28/11", "2015-03-26"),
             ("A/HRC/RES/48/13", "2021-10-08")],
        id="body named before a run of dated resolutions"),
    pytest.param(
        "回顾大会 2019 年 12 月 18 日关于《消除一切形式种族歧视国际公约》现状的第 74/137 号决议，",
        HRC, [("A/RES/74/137", "2019-12-18")], id="date, then subject, then number"),
    pytest.param(
        "又回顾大会在 2018 年 12 月 19 日第 73/195 号决议中核可了《全球移民契约》，", HRC,
        [("A/RES/73/195", "2018-12-19")], id="General Assembly in its dated resolution"),
    pytest.param(
        "根据大会在其第 60/251 号决议中赋予的任务，", HRC, [("A/RES/60/251", None)],
        id="its resolution refers to the body just before it"),
    pytest.param(
        "回顾其第 24/2 号决议，", GA, [("A/RES/24/2", None)], id="its resolution in an Assembly text"),
    pytest.param(
        "回顾理事会第5/1号和第16/21号决议，", HRC, [("A/HRC/RES/5/1", None), ("A/HRC/RES/16/21", None)],
        id="the Council's resolutions as a list without spaces"),
    pytest.param(
        "回顾人权理事会第 5/1 和 16/21 号决议，", GA, [("A/HRC/RES/5/1", None), ("A/HRC/RES/16/21", None)],
        id="two numbers before one word"),
    pytest.param(
        "回顾人权理事会第 S-30/1 号决议和大会第 S-10/2 号决议，", GA,
        [("A/HRC/RES/S-30/1", None), ("A/RES/S-10/2", None)], id="special sessions"),
    pytest.param(
        "回顾人权理事会第 18/117 号决定和大会 2022 年 5 月 11 日第 76/563 号决定，", GA,
        [("A/HRC/DEC/18/117", None), ("A/DEC/76/563", "2022-05-11")], id="decisions"),
    pytest.param(
        "根据主席声明 PRST/8/1，", HRC, [("A/HRC/PRST/8/1", None)], id="President's statement"),
    pytest.param(
        "回顾安全理事会 2015 年 12 月 9 日第 2250(2015)号决议，", GA,
        [("S/RES/2250(2015)", "2015-12-09")], id="Security Council resolution"),
    pytest.param(
        "回顾经济及社会理事会 1980 年 7 月 25 日第 1980/67 号决议，", GA,
        [("E/RES/1980/67", "1980-07-25")], id="Economic and Social Council resolution"),
    pytest.param(
        "见大会第 2200 A (XXI) 号决议，附件。", HRC, [("A/RES/2200(XXI)", None)],
        id="Roman-numeral session"),
    pytest.param(
        "回顾安全理事会第 1325（2000）号决议和大会第 2106 A（XX）号决议，", GA,
        [("S/RES/1325(2000)", None), ("A/RES/2106(XX)", None)], id="full-width brackets"),
    pytest.param(
        "回顾大会第 36/87 A 和 B 号决议，", HRC, [("A/RES/36/87", None)], id="lettered parts"),
    pytest.param(
        "欢迎秘书长关于这一问题的报告，<sup>2</sup>\n\n<sup>2</sup> [A/HRC/54/45](#).", HRC,
        [("A/HRC/54/45", None)], id="symbol in a Markdown footnote link"),
    pytest.param(
        "见 CEDAW/C/SVN/CO/7 和 A/57/759-S/2003/332。", GA,
        [("CEDAW/C/SVN/CO/7", None), ("A/57/759", None)], id="treaty-body and dual symbols"),
])
def test_chinese_citations(text, document, expected):
    assert cite(text, document) == expected


@pytest.mark.parametrize("text,document", [
    pytest.param("请秘书长报告本决议的执行情况。\n\n2/6\n", GA, id="page marker"),
    pytest.param("人权理事会第五十七届会议\n\n### 58/3. 地方政府与人权", HRC, id="own number in the title"),
    pytest.param("回顾阿拉伯国家联盟理事会第 14/221 号决议，", GA, id="League of Arab States resolution"),
    pytest.param("GE.24-18400 (C)\n*2418400*\n", GA, id="job number and barcode"),
])
def test_chinese_non_citations(text, document):
    assert cite(text, document) == []


def test_chinese_corpus_file_dates_every_citation():
    text = (CORPUS / "A-HRC-RES-57-12.zh.md").read_text(encoding="utf-8")
    document = DocumentInfo(symbol="A/HRC/RES/57/12", language="zh", body="HRC")
    found = {}
    for target, date in cite(text, document):
        found.setdefault(target, date)
    assert len(found) == 12
    assert found["A/HRC/RES/24/2"] == "2013-09-26"
    assert found["A/RES/71/256"] == "2016-12-23"
    assert found["A/RES/79/1"] == "2024-09-22"


def test_tables_cover_chinese():
    roles = {row["role"] for row in by_language("reference_words", "zh")}
    assert {"resolution", "decision", "own", "and", "number-open", "number-close"} <= roles
