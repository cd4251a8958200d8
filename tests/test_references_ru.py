"""Reference extraction from Russian UN texts: one row per phenomenon."""
from __future__ import annotations

import pytest

from kg.lexicon import by_language
from kg.records import DocumentInfo, Segmentation
from kg.references import find_references

HRC = DocumentInfo(symbol="A/HRC/RES/58/3", language="ru", kind="resolution", body="HRC")
GA = DocumentInfo(symbol="A/RES/80/31", language="ru", kind="resolution", body="GA")


def cite(text, document):
    refs = find_references(text, "ru", document, Segmentation(document, ()))
    for r in refs:
        assert text[r.start:r.end] == r.text
    return [(r.target, r.date) for r in refs]


@pytest.mark.parametrize("text,document,expected", [
    pytest.param(
        "ссылаясь на свои резолюции 24/2 от 26 сентября 2013 года, 27/4 от 25 сентября 2014 года "
        "и 51/12 от 6 октября 2022 года о местном самоуправлении и правах человека,",
        HRC, [("A/HRC/RES/24/2", "2013-09-26"), ("A/HRC/RES/27/4", "2014-09-25"),
              ("A/HRC/RES/51/12", "2022-10-06")],
        id="список своих резолюций с датами"),
    pytest.param(
        "ссылаясь на свою резолюцию 70/1 от 25 сентября 2015 года,", GA,
        [("A/RES/70/1", "2015-09-25")], id="своя резолюция в тексте Ассамблеи"),
    pytest.param(
        "ссылаясь на резолюцию 70/1 Генеральной Ассамблеи от 25 сентября 2015 года,", HRC,
        [("A/RES/70/1", "2015-09-25")], id="орган назван после номера"),
    pytest.param(
        "действуя в соответствии с мандатом, возложенным на него Генеральной Ассамблеей в ее "
        "резолюции 60/251 от 15 марта 2006 года,", HRC, [("A/RES/60/251", "2006-03-15")],
        id="Генеральная Ассамблея в ее резолюции"),
    pytest.param(
        "ссылаясь на резолюции 5/1 и 16/21 Совета по правам человека,", GA,
        [("A/HRC/RES/5/1", None), ("A/HRC/RES/16/21", None)],
        id="орган после списка относится ко всему списку"),
    pytest.param(
        "ссылаясь на резолюцию Совета по правам человека S-30/1 от 27 мая 2021 года и свою "
        "резолюцию S-10/2,", GA, [("A/HRC/RES/S-30/1", "2021-05-27"), ("A/RES/S-10/2", None)],
        id="специальные сессии"),
    pytest.param(
        "ссылаясь на решение 18/117 Совета по правам человека и свое решение 76/563 от 11 мая "
        "2022 года,", GA, [("A/HRC/DEC/18/117", None), ("A/DEC/76/563", "2022-05-11")], id="решения"),
    pytest.param(
        "в соответствии с заявлением Председателя PRST/8/1 от 9 апреля 2008 года,", HRC,
        [("A/HRC/PRST/8/1", "2008-04-09")], id="заявление Председателя"),
    pytest.param(
        "ссылаясь на резолюцию 2250 (2015) Совета Безопасности от 9 декабря 2015 года,", GA,
        [("S/RES/2250(2015)", "2015-12-09")], id="резолюция Совета Безопасности"),
    pytest.param(
        "ссылаясь на резолюцию 1980/67 Экономического и Социального Совета от 25 июля 1980 года,",
        GA, [("E/RES/1980/67", "1980-07-25")], id="резолюция Экономического и Социального Совета"),
    pytest.param(
        "См. резолюцию 2200 A (XXI), приложение; резолюция 217 A (III).", HRC,
        [("A/RES/2200(XXI)", None), ("A/RES/217(III)", None)], id="сессии римскими цифрами"),
    pytest.param(
        "ссылаясь на свои резолюции 36/87 A и B от 9 декабря 1981 года и 49/75 K,", GA,
        [("A/RES/36/87", "1981-12-09"), ("A/RES/49/75", None)], id="части резолюций с буквами"),
    pytest.param(
        "принимая к сведению заключительные замечания (CEDAW/C/SVN/CO/7) и замечание общего порядка "
        "CCPR/C/GC/37,", HRC, [("CEDAW/C/SVN/CO/7", None), ("CCPR/C/GC/37", None)],
        id="условные обозначения договорных органов"),
    pytest.param(
        "См. A/57/759-S/2003/332 и A/CONF.157/24 (Часть I), глава III.", GA,
        [("A/57/759", None), ("A/CONF.157/24(PartI)", None)], id="двойное обозначение и часть"),
])
def test_russian_citations(text, document, expected):
    assert cite(text, document) == expected


@pytest.mark.parametrize("text,document", [
    pytest.param("об осуществлении настоящей резолюции\n\n2/6\n", GA, id="номер страницы"),
    pytest.param("25-20952 (R)\n*2520952*\n", GA, id="номер заказа и штрихкод"),
    pytest.param("принимает к сведению резолюцию GC(69)/RES/15 Генеральной конференции МАГАТЭ,", GA,
                 id="резолюция МАГАТЭ"),
    pytest.param("ссылаясь на резолюцию 14/221 Лиги арабских государств,", GA,
                 id="резолюция Лиги арабских государств"),
    pytest.param("United Nations, Treaty Series, vol. 660, No. 9464; пункты 60–63", GA,
                 id="серия договоров и пункты"),
])
def test_russian_non_citations(text, document):
    assert cite(text, document) == []


def test_tables_cover_russian():
    months = {row["month"] for row in by_language("months", "ru")}
    roles = {row["role"] for row in by_language("reference_words", "ru")}
    assert months == {str(m) for m in range(1, 13)}
    assert {"resolution", "decision", "statement", "own", "and", "of", "year-suffix"} <= roles
