"""Lexicon terms as patterns: the faster forms find what re.IGNORECASE finds."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.terms import CaselessPattern, alternation, term_key


def _ignorecase_spans(terms, text):
    return [m.span() for m in re.finditer(alternation(terms, first_characters=0), text, re.IGNORECASE)]


@pytest.mark.parametrize(
    "terms, text, expected",
    [
        pytest.param(["Human Rights Council"], "the HUMAN RIGHTS\nCouncil,", ["HUMAN RIGHTS\nCouncil"], id="any case, line break"),
        pytest.param(["Council", "Human Rights Council"], "Human Rights Council", ["Human Rights Council"], id="longer term wins"),
        pytest.param(["resolution"], "irresolution, Resolution", ["Resolution"], id="not inside a word"),
        pytest.param(["States"], "ſtates and STATES", ["ſtates", "STATES"], id="long s, as IGNORECASE takes it"),
        pytest.param(["Istanbul"], "İstanbul ıstanbul", ["İstanbul", "ıstanbul"], id="dotted and dotless i"),
        pytest.param(["σοφία"], "ΣΟΦΊΑ σοφίας", ["ΣΟΦΊΑ"], id="capital sigma"),
        pytest.param(["Генеральная Ассамблея"], "ГЕНЕРАЛЬНАЯ АССАМБЛЕЯ", ["ГЕНЕРАЛЬНАЯ АССАМБЛЕЯ"], id="Cyrillic"),
        pytest.param(["الإعلان"], "والإعلان", ["الإعلان"], id="Arabic proclitic"),
        pytest.param(["人权理事会"], "人权\n理事会", ["人权\n理事会"], id="Chinese split by a line break"),
        pytest.param(["SDG", "Goal", "target"], "Goals, sdg and TARGET", ["sdg", "TARGET"], id="few first characters"),
    ],
)
def test_caseless_pattern_finds_what_ignorecase_finds(terms, text, expected):
    found = [text[m.start():m.end()] for m in CaselessPattern(terms).finditer(text)]
    assert found == expected
    assert [m.span() for m in CaselessPattern(terms).finditer(text)] == _ignorecase_spans(terms, text)


def test_caseless_pattern_search_from_a_position_and_in_a_group():
    pattern = CaselessPattern(["and"], group="cue")
    match = pattern.search("And, and AND", 1)
    assert match.span("cue") == (5, 8)


@pytest.mark.parametrize(
    "terms",
    [
        pytest.param(["Resolution adopted by"], id="one first character"),
        pytest.param(["Decides", "Notes", "Notes with concern", "2030 Agenda"], id="several first characters"),
        pytest.param(["Agenda item", "议程项目"], id="Latin and Chinese"),
    ],
)
def test_boundary_after_the_first_character_matches_the_same(terms):
    text = "irresolution Resolution adopted by; notes with concern, 2030 agenda 议程项目 3, Agenda item 2"
    for first_characters in (1, 12):
        moved = [m.span() for m in re.finditer(alternation(terms, first_characters), text, re.IGNORECASE)]
        assert moved == _ignorecase_spans(terms, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aAsSſıIİσΣςdDeEcCiIoOnN ,.\n-", max_size=40))
def test_caseless_pattern_agrees_with_ignorecase_on_any_text(text):
    for terms in (["Decision", "Decides", "Notes"], ["sin", "ſa"], ["on", "In", "σας"]):
        assert [m.span() for m in CaselessPattern(terms).finditer(text)] == _ignorecase_spans(terms, text)


def test_term_key_is_the_same_for_any_spelling():
    assert term_key("Calls \nUPON") == term_key("calls upon") == "calls upon"
