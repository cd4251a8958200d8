"""Reference extraction from French UN texts: one row per phenomenon."""
from __future__ import annotations

import pytest

from kg.lexicon import by_language
from kg.records import DocumentInfo, Segmentation
from kg.references import find_references

HRC = DocumentInfo(symbol="A/HRC/RES/58/3", language="fr", kind="resolution", body="HRC")
GA = DocumentInfo(symbol="A/RES/80/31", language="fr", kind="resolution", body="GA")


def cite(text, document):
    refs = find_references(text, "fr", document, Segmentation(document, ()))
    for r in refs:
        assert text[r.start:r.end] == r.text
    return [(r.target, r.date) for r in refs]


@pytest.mark.parametrize("text,document,expected", [
    pytest.param(
        "Rappelant ses résolutions 24/2 du 26 septembre 2013, 27/4 du 25 septembre 2014 et 51/12 "
        "du 6 octobre 2022 sur l’administration locale et les droits de l’homme,",
        HRC, [("A/HRC/RES/24/2", "2013-09-26"), ("A/HRC/RES/27/4", "2014-09-25"),
              ("A/HRC/RES/51/12", "2022-10-06")],
        id="liste de ses résolutions datées"),
    pytest.param(
        "Rappelant sa résolution 70/1 du 25 septembre 2015, intitulée « Transformer notre monde »,",
        GA, [("A/RES/70/1", "2015-09-25")], id="sa résolution dans un texte de l’Assemblée"),
    pytest.param(
        "Rappelant la résolution 70/1 de l’Assemblée générale, en date du 25 septembre 2015,",
        HRC, [("A/RES/70/1", "2015-09-25")], id="organe nommé après le numéro, puis la date"),
    pytest.param(
        "Agissant conformément au mandat que lui a confié l’Assemblée générale dans sa résolution "
        "60/251 du 15 mars 2006,", HRC, [("A/RES/60/251", "2006-03-15")],
        id="l’Assemblée générale dans sa résolution"),
    pytest.param(
        "Rappelant les résolutions 5/1 et 16/21 du Conseil des droits de l’homme,", GA,
        [("A/HRC/RES/5/1", None), ("A/HRC/RES/16/21", None)],
        id="organe nommé après la liste vaut pour toute la liste"),
    pytest.param(
        "Rappelant les résolutions du Conseil des droits de l’homme 5/1 et 16/21,", GA,
        [("A/HRC/RES/5/1", None), ("A/HRC/RES/16/21", None)],
        id="organe nommé entre le mot et les numéros"),
    pytest.param(
        "Rappelant la résolution S-30/1 du Conseil des droits de l’homme, en date du 27 mai 2021,",
        GA, [("A/HRC/RES/S-30/1", "2021-05-27")], id="session extraordinaire du Conseil"),
    pytest.param(
        "Rappelant également sa résolution S-10/2,", GA, [("A/RES/S-10/2", None)],
        id="session extraordinaire de l’Assemblée"),
    pytest.param(
        "Rappelant la décision 18/117 du Conseil des droits de l’homme et sa décision 76/563 "
        "du 11 mai 2022,", GA, [("A/HRC/DEC/18/117", None), ("A/DEC/76/563", "2022-05-11")],
        id="décisions"),
    pytest.param(
        "conformément à la déclaration du Président PRST/8/1 du 9 avril 2008,", HRC,
        [("A/HRC/PRST/8/1", "2008-04-09")], id="déclaration du Président"),
    pytest.param(
        "Rappelant la résolution 2250 (2015) du Conseil de sécurité, en date du 9 décembre 2015,",
        GA, [("S/RES/2250(2015)", "2015-12-09")], id="résolution du Conseil de sécurité"),
    pytest.param(
        "Rappelant la résolution 1980/67 du Conseil économique et social, en date du 25 juillet 1980,",
        GA, [("E/RES/1980/67", "1980-07-25")], id="résolution du Conseil économique et social"),
    pytest.param(
        "Voir résolution 2200 A (XXI) de l’Assemblée générale, annexe ; résolution 217 A (III).",
        HRC, [("A/RES/2200(XXI)", None), ("A/RES/217(III)", None)], id="sessions en chiffres romains"),
    pytest.param(
        "Rappelant ses résolutions 36/87 A et B du 9 décembre 1981 et 49/75 K du 15 décembre 1994,",
        GA, [("A/RES/36/87", "1981-12-09"), ("A/RES/49/75", "1994-12-15")], id="parties lettrées"),
    pytest.param(
        "Rappelant ses résolutions 72/4 du 1er novembre 2017 et 73/8 du 1er novembre 2018,", GA,
        [("A/RES/72/4", "2017-11-01"), ("A/RES/73/8", "2018-11-01")], id="premier du mois"),
    pytest.param(
        "Prenant note des observations finales (CEDAW/C/SVN/CO/7 et CAT/C/SVN/CO/4) et de "
        "l’observation générale CCPR/C/GC/37,", HRC,
        [("CEDAW/C/SVN/CO/7", None), ("CAT/C/SVN/CO/4", None), ("CCPR/C/GC/37", None)],
        id="cotes des organes conventionnels"),
    pytest.param(
        "Voir A/57/759-S/2003/332 et A/CONF.157/24 (Partie I), chap. III.", GA,
        [("A/57/759", None), ("A/CONF.157/24(PartI)", None)], id="double cote et partie"),
    pytest.param(
        "Ayant examiné le projet de résolution A/HRC/57/L.12 et le rapport A/HRC/56/32/Add.1,", HRC,
        [("A/HRC/57/L.12", None), ("A/HRC/56/32/Add.1", None)], id="projet et additif"),
])
def test_french_citations(text, document, expected):
    assert cite(text, document) == expected


@pytest.mark.parametrize("text,document", [
    pytest.param("l’application de la présente résolution\n\n2/6\n", GA, id="repère de page"),
    pytest.param("25-20952 (F)\n*2520952*\n", GA, id="numéro de tirage et code-barres"),
    pytest.param("Prend note de la résolution GC(69)/RES/15 de la Conférence générale de l’AIEA,", GA,
                 id="résolution de l’AIEA"),
    pytest.param("Rappelant la résolution 14/221 de la Ligue des États arabes,", GA,
                 id="résolution de la Ligue des États arabes"),
    pytest.param("Nations Unies, Recueil des Traités, vol. 660, no 9464 ; par. 111 b)", GA,
                 id="Recueil des Traités et paragraphes"),
])
def test_french_non_citations(text, document):
    assert cite(text, document) == []


def test_tables_cover_french():
    months = {row["month"] for row in by_language("months", "fr")}
    roles = {row["role"] for row in by_language("reference_words", "fr")}
    assert months == {str(m) for m in range(1, 13)}
    assert {"resolution", "decision", "statement", "own", "and", "of", "of-body"} <= roles
