import pytest

from kg.series import describe


@pytest.mark.parametrize("symbol,kind,body,session", [
    ("A/HRC/RES/24/2", "resolution", "HRC", 24),
    ("A/HRC/RES/S-30/1", "resolution", "HRC", None),
    ("A/HRC/DEC/18/117", "decision", "HRC", 18),
    ("A/HRC/PRST/8/1", "president-statement", "HRC", 8),
    ("A/HRC/56/32", "report", "HRC", 56),
    ("A/HRC/WG.6/48/SVN/2", "report", "HRC", 48),
    ("A/HRC/57/L.12", "draft", "HRC", 57),
    ("A/RES/70/1", "resolution", "GA", 70),
    ("A/RES/2200(XXI)", "resolution", "GA", 21),
    ("A/RES/3263(XXIX)", "resolution", "GA", 29),
    ("A/DEC/76/563", "decision", "GA", 76),
    ("A/80/L.2/Rev.1", "draft", "GA", 80),
    ("A/CONF.189/12", "report", "GA", None),
    ("S/RES/2250(2015)", "resolution", "SC", None),
    ("E/RES/1980/67", "resolution", "ECOSOC", None),
    ("CEDAW/C/SVN/CO/7", "treaty-body", "CEDAW", None),
    ("CCPR/C/GC/37", "treaty-body", "CCPR", None),
    ("E/C.12/GC/26", "treaty-body", "CESCR", None),
], ids=lambda v: str(v))
def test_what_a_symbol_says(symbol, kind, body, session):
    facts = describe(symbol)
    assert (facts.kind, facts.body, facts.session) == (kind, body, session)
