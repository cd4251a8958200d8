"""Properties that must hold for any input: symbols, IRIs, serialisation, extraction."""
import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.export import jsonld, ntriples, trig, turtle
from kg.extract import extract
from kg.iri import IriError, Minter, is_symbol
from kg.read import read_text

M = Minter("https://example.org/kg/")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

# Text with everything a document can throw at a serialiser: quotes, backslashes,
# line breaks, bidirectional marks, emoji, line separators; no lone surrogates.
hostile_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=60,
) | st.sampled_from(['"} DROP ALL ; #', "\\", '"""', "\u2028\u2029", "\u200f\u202e", "a\r\nb", "</script>"])


@given(st.text(max_size=40))
def test_minting_accepts_exactly_the_valid_symbols(value):
    if is_symbol(value):
        iri = M.document(value)
        assert str(iri) == "https://example.org/kg/doc/" + value
        assert not any(c in str(iri) for c in ' <>"{}|^`\\')
    else:
        try:
            M.document(value)
        except IriError:
            return
        raise AssertionError(f"{value!r} minted although it is not a symbol")


series = st.sampled_from(["A/HRC/RES", "A/RES", "A/HRC/DEC", "A/DEC", "A/HRC"])


@given(series, st.integers(1, 80), st.integers(1, 300), st.sampled_from(["", "/Add.1", "/Corr.2", "/Rev.1"]))
def test_canonical_symbols_are_symbols_and_round_trip(prefix, session, number, suffix):
    symbol = f"{prefix}/{session}/{number}{suffix}"
    assert is_symbol(symbol)
    g = Graph()
    g.add((M.document(symbol), URIRef("https://example.org/p"), Literal(symbol)))
    back = Graph().parse(data=turtle(g, M), format="turtle")
    assert isomorphic(back, g)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text, hostile_text.filter(lambda s: s.strip() != "" or True), st.sampled_from(["en", "zh", "ar", None]))
def test_any_text_survives_every_serialisation(value, other, language):
    g = Graph()
    subject = M.document("A/HRC/RES/57/12")
    g.add((subject, URIRef("https://example.org/title"), Literal(value, lang=language)))
    g.add((subject, URIRef("https://example.org/note"), Literal(other)))
    assert isomorphic(Graph().parse(data=turtle(g, M), format="turtle"), g)
    assert isomorphic(Graph().parse(data=ntriples(g), format="nt"), g)
    assert isomorphic(Graph().parse(data=jsonld(g, M), format="json-ld"), g)
    ds = Dataset()
    context = ds.graph(URIRef("https://example.org/kg/graph/x"))
    for t in g:
        context.add(t)
    back = Dataset()
    back.parse(data=trig(ds, M), format="trig")
    assert isomorphic(back.graph(URIRef("https://example.org/kg/graph/x")), g)


un_words = st.sampled_from([
    "resolution", "resolutions", "Council", "General Assembly", "its", "of", "and", "24/2", "A/HRC/56/32",
    "2200 A (XXI)", "(2015)", "S-30/1", "Add.1", "1.", "(a)", "Recalling", "Decides", "\n", "\n\n", "  ",
    "第", "号决议", "年", "résolution", "резолюцию", "القرار", "*", "[^1]", "<sup>1</sup>", "_____", "2/6",
    "25-20952 (E)", "GE.24-19779", "September", "2013", ",", ";", ".", "annex", "Ibid.",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(un_words | st.text(max_size=12), max_size=80))
def test_the_extractor_never_fails_and_keeps_its_offsets(parts):
    text = " ".join(parts)
    x = extract(read_text("fuzz.txt", text))
    for record in list(x.references) + list(x.entities):
        assert text[record.start:record.end] == record.text
        assert record.target is None or is_symbol(record.target) if hasattr(record, "target") else True
    for p in x.paragraphs:
        assert 0 <= p.start <= p.end <= len(text)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 60), st.integers(1, 40), st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 12, 31)))
def test_a_council_resolution_with_its_date_resolves(session, number, day):
    written = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    text = f"The Human Rights Council,\n\nRecalling its resolution {session}/{number} of {written},\n\n1. Decides to remain seized of the matter.\n"
    x = extract(read_text("t.txt", text))
    found = [(r.target, r.date) for r in x.references]
    assert (f"A/HRC/RES/{session}/{number}", day.isoformat()) in found
