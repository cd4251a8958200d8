"""Reference extraction from Spanish UN texts: one row per phenomenon."""
from __future__ import annotations

import pytest

from kg.lexicon import by_language
from kg.records import DocumentInfo, Segmentation
from kg.references import find_references

HRC = DocumentInfo(symbol="A/HRC/RES/58/3", language="es", kind="resolution", body="HRC")
GA = DocumentInfo(symbol="A/RES/80/31", language="es", kind="resolution", body="GA")


def cite(text, document):
    refs = find_references(text, "es", document, Segmentation(document, ()))
    for r in refs:
        assert text[r.start:r.end] == r.text
    return [(r.target, r.date) for r in refs]


@pytest.mark.parametrize("text,document,expected", [
    pytest.param(
        "Recordando sus resoluciones 24/2, de 26 de septiembre de 2013, 27/4, de 25 de septiembre "
        "de 2014, y 51/12, de 6 de octubre de 2022,",
        HRC, [("A/HRC/RES/24/2", "2013-09-26"), ("A/HRC/RES/27/4", "2014-09-25"),
              ("A/HRC/RES/51/12", "2022-10-06")],
        id="lista de sus resoluciones con fechas"),
    pytest.param(
        "Recordando su resolución 70/1, de 25 de septiembre de 2015, titulada “Transformar nuestro "
        "mundo”,", GA, [("A/RES/70/1", "2015-09-25")], id="su resolución en un texto de la Asamblea"),
    pytest.param(
        "Recordando la resolución 60/251 de la Asamblea General, de 15 de marzo de 2006,", HRC,
        [("A/RES/60/251", "2006-03-15")], id="órgano nombrado tras el número"),
    pytest.param(
        "De conformidad con el mandato que le confirió la Asamblea General en su resolución 60/251, "
        "de 15 de marzo de 2006,", HRC, [("A/RES/60/251", "2006-03-15")],
        id="la Asamblea General en su resolución"),
    pytest.param(
        "Recordando las resoluciones del Consejo de Derechos Humanos 5/1 y 16/21,", GA,
        [("A/HRC/RES/5/1", None), ("A/HRC/RES/16/21", None)],
        id="órgano entre la palabra y los números"),
    pytest.param(
        "Recordando las resoluciones 5/1 y 16/21 del Consejo de Derechos Humanos,", GA,
        [("A/HRC/RES/5/1", None), ("A/HRC/RES/16/21", None)],
        id="órgano tras la lista vale para toda la lista"),
    pytest.param(
        "Recordando la resolución S-30/1 del Consejo de Derechos Humanos y su resolución S-10/2,", GA,
        [("A/HRC/RES/S-30/1", None), ("A/RES/S-10/2", None)], id="períodos extraordinarios de sesiones"),
    pytest.param(
        "Recordando la decisión 18/117 del Consejo de Derechos Humanos y su decisión 76/563, "
        "de 11 de mayo de 2022,", GA, [("A/HRC/DEC/18/117", None), ("A/DEC/76/563", "2022-05-11")],
        id="decisiones"),
    pytest.param(
        "de conformidad con la declaración de la Presidencia PRST/8/1, de 9 de abril de 2008,", HRC,
        [("A/HRC/PRST/8/1", "2008-04-09")], id="declaración de la Presidencia"),
    pytest.param(
        "Recordando la resolución 2250 (2015) del Consejo de Seguridad, de 9 de diciembre de 2015,",
        GA, [("S/RES/2250(2015)", "2015-12-09")], id="resolución del Consejo de Seguridad"),
    pytest.param(
        "Recordando la resolución 1980/67 del Consejo Económico y Social, de 25 de julio de 1980,",
        GA, [("E/RES/1980/67", "1980-07-25")], id="resolución del Consejo Económico y Social"),
    pytest.param(
        "Véase la resolución 2200 A (XXI), anexo; resolución 217 A (III).", HRC,
        [("A/RES/2200(XXI)", None), ("A/RES/217(III)", None)], id="períodos en números romanos"),
    pytest.param(
        "Recordando sus resoluciones 36/87 A y B, de 9 de diciembre de 1981, y 49/75 K,", GA,
        [("A/RES/36/87", "1981-12-09"), ("A/RES/49/75", None)], id="partes con letra"),
    pytest.param(
        "Tomando nota de las observaciones finales (CEDAW/C/SVN/CO/7) y de la observación general "
        "núm. 26 (CRC/C/GC/26),", HRC, [("CEDAW/C/SVN/CO/7", None), ("CRC/C/GC/26", None)],
        id="signaturas de órganos de tratados"),
    pytest.param(
        "Véanse A/57/759-S/2003/332 y A/CONF.157/24 (Parte I), cap. III.", GA,
        [("A/57/759", None), ("A/CONF.157/24(PartI)", None)], id="doble signatura y parte"),
    pytest.param(
        "Habiendo examinado el proyecto de resolución A/80/L.2/Rev.1,", GA,
        [("A/80/L.2/Rev.1", None)], id="proyecto revisado"),
])
def test_spanish_citations(text, document, expected):
    assert cite(text, document) == expected


@pytest.mark.parametrize("text,document", [
    pytest.param("la aplicación de la presente resolución\n\n3/6\n", GA, id="marcador de página"),
    pytest.param("25-20952 (S)\n*2520952*\n", GA, id="número de trabajo y código de barras"),
    pytest.param("Toma nota de la resolución GC(69)/RES/15 de la Conferencia General del OIEA,", GA,
                 id="resolución del OIEA"),
    pytest.param("Recordando la resolución 14/221 de la Liga de los Estados Árabes,", GA,
                 id="resolución de la Liga de los Estados Árabes"),
    pytest.param("Naciones Unidas, Treaty Series, vol. 660, núm. 9464; párrs. 60 a 63", GA,
                 id="serie de tratados y párrafos"),
])
def test_spanish_non_citations(text, document):
    assert cite(text, document) == []


def test_tables_cover_spanish():
    months = {row["month"] for row in by_language("months", "es")}
    roles = {row["role"] for row in by_language("reference_words", "es")}
    assert months == {str(m) for m in range(1, 13)}
    assert {"resolution", "decision", "statement", "own", "and", "of", "of-body"} <= roles
