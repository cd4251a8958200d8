import pytest

from kg.iri import IriError, Minter, is_symbol, sdg, undocs, wikidata

M = Minter("https://example.org/kg/")


@pytest.mark.parametrize("symbol", [
    "A/HRC/RES/57/12", "A/RES/217(III)", "A/HRC/14/15/Add.1", "A/CONF.189/12/Corr.1",
    "A/HRC/WG.6/48/SVN/2", "S/RES/2250(2015)", "A/RES/S-10/2", "A/80/L.2/Rev.1", "CEDAW/C/SVN/CO/7",
    "A/CONF.157/24(PartI)", "GC(69)/RES/15",
], ids=lambda s: s)
def test_valid_symbols_mint_iris(symbol):
    assert is_symbol(symbol)
    assert str(M.document(symbol)) == "https://example.org/kg/doc/" + symbol


@pytest.mark.parametrize("bad", [
    "", "A//RES/1", "A/RES/1 ", "A/RES/<1>", "A/RES/1#x", "A/RES/\"1", "A/RES/1}", "../etc", "A/RES/1\n",
    "/A/RES/1", "A/RES/1/", "x" * 300, "A/RES/1?q=1", "A/RES/é",
], ids=repr)
def test_invalid_symbols_are_refused(bad):
    assert not is_symbol(bad)
    with pytest.raises(IriError):
        M.document(bad)


@pytest.mark.parametrize("call,expected", [
    (lambda: M.expression("A/HRC/RES/57/12", "zh"), "https://example.org/kg/doc/A/HRC/RES/57/12@zh"),
    (lambda: M.graph("A/HRC/RES/57/12", "zh"), "https://example.org/kg/graph/A/HRC/RES/57/12@zh"),
    (lambda: M.paragraph("A/HRC/RES/57/12", "op8.a"), "https://example.org/kg/doc/A/HRC/RES/57/12#op8.a"),
    (lambda: M.in_expression("A/HRC/RES/57/12", "zh", "cit-3"), "https://example.org/kg/doc/A/HRC/RES/57/12@zh#cit-3"),
    (lambda: M.mandate("A/HRC/RES/57/12", "op10", 1), "https://example.org/kg/doc/A/HRC/RES/57/12#op10-mandate-1"),
    (lambda: M.concept("entity", "local-governments"), "https://example.org/kg/concept/entity/local-governments"),
    (lambda: M.document("file:" + "ab" * 16), "https://example.org/kg/doc/file/" + "ab" * 16),
    (lambda: M.graph("file:" + "ab" * 16, "und"), "https://example.org/kg/graph/file/" + "ab" * 16 + "@und"),
    (lambda: undocs("A/HRC/56/32"), "https://undocs.org/A/HRC/56/32"),
    (lambda: wikidata("Q1065"), "http://www.wikidata.org/entity/Q1065"),
    (lambda: sdg("11.3"), "http://metadata.un.org/sdg/11.3"),
], ids=["expression", "graph", "subparagraph", "citation", "mandate", "concept", "file-doc", "file-graph",
        "undocs", "wikidata", "sdg"])
def test_minted_iris(call, expected):
    assert str(call()) == expected


@pytest.mark.parametrize("call", [
    lambda: M.paragraph("A/RES/1", "op1> ; drop"),
    lambda: M.concept("entity", "Local Governments"),
    lambda: M.expression("A/RES/1", "zh-Hans<"),
    lambda: wikidata("Q0"),
    lambda: sdg("11.3/../x"),
    lambda: M.document("file:not-hex"),
], ids=["paragraph-id", "concept-id", "language", "wikidata", "sdg", "file-key"])
def test_invalid_parts_are_refused(call):
    with pytest.raises(IriError):
        call()


def test_base_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("KG_BASE_IRI", "https://data.example.net/un/")
    assert str(Minter.configured().document("A/RES/70/1")) == "https://data.example.net/un/doc/A/RES/70/1"
    monkeypatch.setenv("KG_BASE_IRI", "not a base")
    with pytest.raises(IriError):
        Minter.configured()
