"""Short form and context -> canonical symbol; and the tables behind it."""
from __future__ import annotations

import pytest

from kg.lexicon import table
from kg.records import DocumentInfo
from kg.resolve import COUNCIL, ShortForm, canonical_symbol, citing_body, resolve, short_form


@pytest.mark.parametrize("kind,first,number,extra,expected", [
    pytest.param("resolution", "24", "2", {}, ShortForm("resolution", "session", "24", "2"), id="session"),
    pytest.param("resolution", "30", "1", {"special": "S-"}, ShortForm("resolution", "session", "S-30", "1"),
                 id="special session"),
    pytest.param("resolution", "10", "19", {"special": "ES-"},
                 ShortForm("resolution", "session", "ES-10", "19"), id="emergency special session"),
    pytest.param("resolution", "1980", "67", {}, ShortForm("resolution", "year", "1980", "67"), id="year"),
    pytest.param("resolution", "", "2250", {"annual": "2015"},
                 ShortForm("resolution", "annual", "2015", "2250"), id="number and year"),
    pytest.param("resolution", "", "2200", {"roman": "XXI"},
                 ShortForm("resolution", "roman", "XXI", "2200"), id="Roman session"),
    pytest.param("decision", "18", "117", {}, ShortForm("decision", "session", "18", "117"), id="decision"),
])
def test_short_form(kind, first, number, extra, expected):
    assert short_form(kind, first, number, **extra) == expected


@pytest.mark.parametrize("form,named,citing,expected", [
    pytest.param(("resolution", "session", "24", "2"), None, "HRC", "A/HRC/RES/24/2",
                 id="its resolution in a Council text"),
    pytest.param(("resolution", "session", "24", "2"), None, "GA", "A/RES/24/2",
                 id="its resolution in an Assembly text"),
    pytest.param(("resolution", "session", "60", "251"), "GA", "HRC", "A/RES/60/251",
                 id="body named wins over the citing body"),
    pytest.param(("resolution", "session", "5", "1"), COUNCIL, "HRC", "A/HRC/RES/5/1",
                 id="the Council is the citing council"),
    pytest.param(("resolution", "session", "5", "1"), COUNCIL, "GA", None,
                 id="the Council in an Assembly text is undecided"),
    pytest.param(("resolution", "session", "S-30", "1"), None, "HRC", "A/HRC/RES/S-30/1",
                 id="Council special session"),
    pytest.param(("resolution", "session", "S-10", "2"), None, "GA", "A/RES/S-10/2",
                 id="Assembly special session"),
    pytest.param(("decision", "session", "18", "117"), "HRC", "GA", "A/HRC/DEC/18/117", id="Council decision"),
    pytest.param(("decision", "session", "76", "563"), None, "GA", "A/DEC/76/563", id="Assembly decision"),
    pytest.param(("statement", "session", "8", "1"), None, "HRC", "A/HRC/PRST/8/1", id="President's statement"),
    pytest.param(("statement", "session", "8", "1"), None, "GA", "A/HRC/PRST/8/1",
                 id="only the Council numbers statements by session"),
    pytest.param(("resolution", "annual", "2015", "2250"), None, "HRC", "S/RES/2250(2015)",
                 id="number and year is the Security Council's"),
    pytest.param(("resolution", "year", "1980", "67"), None, "GA", "E/RES/1980/67",
                 id="year and number is the Economic and Social Council's"),
    pytest.param(("resolution", "year", "2005", "69"), "CHR", "HRC", "E/CN.4/RES/2005/69",
                 id="Commission on Human Rights"),
    pytest.param(("resolution", "roman", "XXI", "2200"), None, "HRC", "A/RES/2200(XXI)",
                 id="Roman session in a Council text is the Assembly's"),
    pytest.param(("resolution", "roman", "XLVIII", "1503"), "ECOSOC", "HRC", "E/RES/1503(XLVIII)",
                 id="Roman session of the Economic and Social Council"),
    pytest.param(("resolution", "session", "24", "2"), None, None, None,
                 id="no body anywhere: unresolved, never guessed"),
    pytest.param(("resolution", "session", "1", "2"), "SC", "GA", None,
                 id="a body that does not number that way"),
])
def test_resolve(form, named, citing, expected):
    assert resolve(ShortForm(*form), named, citing) == expected


@pytest.mark.parametrize("document,expected", [
    pytest.param(DocumentInfo(body="ECOSOC", symbol="A/HRC/RES/1/1"), "ECOSOC", id="header body first"),
    pytest.param(DocumentInfo(symbol="A/HRC/WG.6/48/SVN/2"), "HRC", id="from a Council symbol"),
    pytest.param(DocumentInfo(symbol="A/RES/80/1"), "GA", id="from an Assembly symbol"),
    pytest.param(DocumentInfo(), None, id="nothing known"),
])
def test_citing_body(document, expected):
    assert citing_body(document) == expected


@pytest.mark.parametrize("written,expected", [
    ("A/HRC/\n   56/32", "A/HRC/56/32"),
    ("A/CONF.157/24 (Part I)", "A/CONF.157/24(PartI)"),
    ("S/RES/2250 (2015)", "S/RES/2250(2015)"),
], ids=["line break", "part", "year"])
def test_canonical_symbol(written, expected):
    assert canonical_symbol(written) == expected


def test_every_symbol_form_renders():
    for row in table("ref_symbol_forms"):
        symbol = row["template"].format(first="1", number="2")
        assert "{" not in symbol and "/" in symbol, row


def test_one_default_body_per_kind_and_style():
    defaults = [(row["kind"], row["style"]) for row in table("ref_symbol_forms") if row["default"] == "yes"]
    assert len(defaults) == len(set(defaults))


@pytest.mark.parametrize("name,key", [
    ("bodies", ("language", "body", "term")),
    ("months", ("language", "month", "term")),
    ("reference_words", ("language", "role", "term")),
])
def test_tables_have_no_duplicate_rows(name, key):
    rows = [tuple(row[k] for k in key) for row in table(name)]
    assert len(rows) == len(set(rows))
    assert {row["language"] for row in table(name)} >= ({"en", "fr", "es", "ru", "ar"} if name == "months"
                                                         else {"en", "fr", "es", "ru", "ar", "zh"})
