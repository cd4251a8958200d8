"""Reference extraction from Arabic UN texts: one row per phenomenon."""
from __future__ import annotations

import pytest

from kg.lexicon import by_language
from kg.records import DocumentInfo, Segmentation
from kg.references import find_references

HRC = DocumentInfo(symbol="A/HRC/RES/58/3", language="ar", kind="resolution", body="HRC")
GA = DocumentInfo(symbol="A/RES/80/31", language="ar", kind="resolution", body="GA")


def cite(text, document):
    refs = find_references(text, "ar", document, Segmentation(document, ()))
    for r in refs:
        assert text[r.start:r.end] == r.text
    return [(r.target, r.date) for r in refs]


@pytest.mark.parametrize("text,document,expected", [
    pytest.param(
        "وإذ يشير إلى قراراته 24/2 المؤرخ 26 أيلول/سبتمبر 2013 و27/4 المؤرخ 25 أيلول/سبتمبر 2014 "
        "و 51/12 المؤرخ 6 تشرين الأول/أكتوبر 2022،",
        HRC, [("A/HRC/RES/24/2", "2013-09-26"), ("A/HRC/RES/27/4", "2014-09-25"),
              ("A/HRC/RES/51/12", "2022-10-06")],
        id="قراراته مع تواريخها"),
    pytest.param(
        "وإذ تشير إلى قرارها 70/1 المؤرخ 25 أيلول/سبتمبر 2015،", GA,
        [("A/RES/70/1", "2015-09-25")], id="قرارها في نص للجمعية العامة"),
    pytest.param(
        "وإذ يشير إلى قرار مجلس حقوق الإنسان 24/2 المؤرخ 26 أيلول/سبتمبر 2013،", GA,
        [("A/HRC/RES/24/2", "2013-09-26")], id="قرار مجلس حقوق الإنسان"),
    pytest.param(
        "عملا بالولاية التي أسندتها إليه الجمعية العامة في قرارها 60/251 المؤرخ 15 آذار/مارس 2006،",
        HRC, [("A/RES/60/251", "2006-03-15")], id="الجمعية العامة في قرارها"),
    pytest.param(
        "وإذ يشير إلى قراري مجلس حقوق الإنسان 5/1 و16/21،", GA,
        [("A/HRC/RES/5/1", None), ("A/HRC/RES/16/21", None)], id="قرارا المجلس بواو العطف الملتصقة"),
    pytest.param(
        "وإذ يشير إلى قرار مجلس حقوق الإنسان دإ-30/1 المؤرخ 27 أيار/مايو 2021 وقرارها دإ-10/2،", GA,
        [("A/HRC/RES/S-30/1", "2021-05-27"), ("A/RES/S-10/2", None)], id="الدورات الاستثنائية"),
    pytest.param(
        "وإذ يشير إلى مقرر مجلس حقوق الإنسان 18/117 ومقررها 76/563 المؤرخ 11 أيار/مايو 2022،", GA,
        [("A/HRC/DEC/18/117", None), ("A/DEC/76/563", "2022-05-11")], id="المقررات"),
    pytest.param(
        "وفقا لبيان الرئيس PRST/8/1 المؤرخ 9 نيسان/أبريل 2008،", HRC,
        [("A/HRC/PRST/8/1", "2008-04-09")], id="بيان الرئيس"),
    pytest.param(
        "وإذ تشير إلى قرار مجلس الأمن 2250 (2015) المؤرخ 9 كانون الأول/ديسمبر 2015،", GA,
        [("S/RES/2250(2015)", "2015-12-09")], id="قرار مجلس الأمن"),
    pytest.param(
        "وقرار المجلس الاقتصادي والاجتماعي 1980/67 المؤرخ 25 تموز/يوليه 1980،", GA,
        [("E/RES/1980/67", "1980-07-25")], id="قرار المجلس الاقتصادي والاجتماعي"),
    pytest.param(
        "انظر القرار 2200 ألف (د-21)، المرفق؛ والقرار 217 ألف (د-3).", HRC,
        [("A/RES/2200(XXI)", None), ("A/RES/217(III)", None)], id="الدورات قبل عام 1976"),
    pytest.param(
        "وإذ تشير إلى قراريها 36/87 ألف وباء المؤرخين 9 كانون الأول/ديسمبر 1981،", GA,
        [("A/RES/36/87", "1981-12-09")], id="أجزاء القرار بالحروف"),
    pytest.param(
        "وإذ يحيط علما بالملاحظات الختامية (CEDAW/C/SVN/CO/7) والتعليق العام CRC/C/GC/26،", HRC,
        [("CEDAW/C/SVN/CO/7", None), ("CRC/C/GC/26", None)], id="رموز هيئات المعاهدات"),
    pytest.param(
        "انظر A/57/759-S/2003/332 ومشروع القرار A/HRC/57/L.12.", GA,
        [("A/57/759", None), ("A/HRC/57/L.12", None)], id="رمز مزدوج ومشروع قرار"),
])
def test_arabic_citations(text, document, expected):
    assert cite(text, document) == expected


@pytest.mark.parametrize("text,document", [
    pytest.param("عن تنفيذ هذا القرار\n\n2/6\n", GA, id="رقم الصفحة"),
    pytest.param("25-20952 (A)\n*2520952*\n", GA, id="رقم الوثيقة والرمز الشريطي"),
    pytest.param("تحيط علما بالقرار GC(69)/RES/15 الصادر عن المؤتمر العام للوكالة الدولية للطاقة الذرية،",
                 GA, id="قرار الوكالة الدولية للطاقة الذرية"),
    pytest.param("وإذ تشير إلى قرار جامعة الدول العربية 14/221،", GA, id="قرار جامعة الدول العربية"),
])
def test_arabic_non_citations(text, document):
    assert cite(text, document) == []


def test_tables_cover_arabic():
    months = {row["month"] for row in by_language("months", "ar")}
    roles = {row["role"] for row in by_language("reference_words", "ar")}
    assert months == {str(m) for m in range(1, 13)}
    assert {"resolution", "resolution-own", "decision", "statement", "and", "of", "proclitic"} <= roles
