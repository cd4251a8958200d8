"""Page furniture and footnotes: located by span, never rewritten."""
from pathlib import Path

import pytest

from kg.clean import footnotes, furniture

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _furniture_texts(text):
    return [text[s:e] for s, e in furniture(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Text.\n25-20952 (E)\n*2520952*\nMore.", ["25-20952 (E)\n*2520952*"], id="job number and barcode"),
        pytest.param("Text.\nGE.24-19779 (E)   061124 061124\nMore.", ["GE.24-19779 (E)   061124 061124"], id="Geneva job number with print dates"),
        pytest.param("Text.\n2     GE.24-19779\nMore.", ["2     GE.24-19779"], id="page number before Geneva job number"),
        pytest.param("Text,\n_______________\n\n1 A/80/88.", ["_______________"], id="footnote rule"),
        pytest.param("Text,\n\n---\n\n[^1]: Ibid.", ["---"], id="markdown rule"),
        pytest.param("Text\n25-20892\n2/2\nmore", ["25-20892\n2/2"], id="page marker beside job number"),
        pytest.param("Decision adopted\n\n14/105\nOutcome of the review", [], id="decision number is not a page marker"),
        pytest.param("", [], id="empty text"),
    ],
)
def test_furniture_lines(text, expected):
    assert _furniture_texts(text) == expected


def test_running_header_repeats_symbol_and_title():
    text = (
        "United Nations A/RES/80/4\n\n80/4. Ending the embargo\n\nThe General Assembly,\n\n"
        "Recalling its resolutions 47/19 of 24 November\n\nA/RES/80/4 Ending the embargo\n\n1992,\n"
    )
    assert _furniture_texts(text) == ["A/RES/80/4 Ending the embargo"]


def test_running_header_title_only():
    text = "80/1. Participation by observers\n\nThe General Assembly,\n\n(a) may speak in\n\nParticipation by observers\n\nthe Hall;"
    assert _furniture_texts(text) == ["Participation by observers"]


@pytest.mark.parametrize(
    "text, marker, body, call_context",
    [
        pytest.param("Recalling resolution 2719 (2023)1 and\n_______________\n\n1 A/80/88.", "1", "1 A/80/88.", "(2023)1", id="number glued to a parenthesis"),
        pytest.param("the Covenant on Civil and Political Rights, 1 the Covenant\n_______________\n1 Resolution 2200 A (XXI).", "1", "1 Resolution 2200 A (XXI).", "Rights, 1", id="number after comma and space"),
        pytest.param("the Headquarters of the United Nations[^1] are\n\n---\n\n[^1]: See resolution 169 (II).", "1", "[^1]: See resolution 169 (II).", "Nations[^1]", id="markdown footnote"),
        pytest.param("理事会提交的报告，<sup>1</sup> 并欢迎\n\n<sup>1</sup> [A/HRC/56/32](#).\n", "1", "<sup>1</sup> [A/HRC/56/32](#).", "报告，<sup>1</sup>", id="html sup footnote in Chinese"),
        pytest.param("Adopted by the Council*\n\nText.\n\n  *\n     The decisions are in the report.\n", "*", "*\n     The decisions are in the report.", "Council*", id="asterisk note on the title"),
        pytest.param("and Programme of Action 9 and the Agenda\n\n---\n\n[^9]: See A/CONF.189/12.", "9", "[^9]: See A/CONF.189/12.", "Action 9", id="number after a capitalised word"),
        pytest.param("the report of 10 October 19904 or other measures;\n\n4 A/45/435.", "4", "4 A/45/435.", "19904", id="number glued to a year"),
        pytest.param("the Covenant,  2 the Covenant\n_______________\n2 Resolution 2200 A (XXI).", "2", "2 Resolution 2200 A (XXI).", "Covenant,  2", id="number after comma and two blanks"),
        pytest.param("the International Covenant 3 on Civil Rights\n_______________\n3 Resolution 2200 A (XXI).", "3", "3 Resolution 2200 A (XXI).", "Covenant 3", id="number after a long capitalised word"),
        pytest.param("the Treaty,[^12] and\n\n---\n\n[^12]: Ibid.\n", "12", "[^12]: Ibid.", "Treaty,[^12]", id="markdown footnote of two digits"),
    ],
)
def test_footnote_body_and_call(text, marker, body, call_context):
    notes = [n for n in footnotes(text, furniture(text)) if n.marker == marker]
    assert len(notes) == 1
    note = notes[0]
    assert text[note.start:note.end] == body
    assert note.call is not None
    window = text[max(0, note.call - len(call_context)):note.call + len(call_context)]
    assert call_context in window


def test_page_top_number_is_not_a_footnote():
    text = (
        "the Declaration proclaimed on\n_______________\n\n1 Resolution 217 A (III).\n\n"
        "A/RES/80/205\nHuman rights\n\n25-20959\n2/6\n\n4 November 1966 by the Conference,\n"
    )
    assert [n.marker for n in footnotes(text, furniture(text))] == ["1"]


def test_markdown_footnote_split_by_converter_stays_one():
    text = "the Conference,10\n\n---\n\n[^10]: Report of the Conference, Cairo, 5–13 September\n[^1994]: (Sales No. E.95.XIII.18)."
    notes = footnotes(text, furniture(text))
    assert [n.marker for n in notes] == ["10"]
    assert text[notes[0].start:notes[0].end].endswith("E.95.XIII.18).")


def test_operative_number_is_not_a_footnote():
    text = "Recalling the Treaty;3\n\n3 United Nations, Treaty Series, vol. 729.\n\n3. Takes note of the report;\n"
    notes = footnotes(text, furniture(text))
    assert [(n.marker, text[n.start:n.end]) for n in notes] == [("3", "3 United Nations, Treaty Series, vol. 729.")]


@pytest.mark.parametrize(
    "name, count",
    [
        ("A-HRC-DEC-14-105.en.txt", 1),
        ("A-HRC-DEC-43-112.en.txt", 2),
        ("A-HRC-RES-57-12.zh.md", 1),
        ("A-HRC-WG.6-48-SVN-2.en.txt", 99),
        ("A-RES-80-1.en.txt", 1),
        ("A-RES-80-10.en.txt", 13),
        ("A-RES-80-17.en.txt", 4),
        ("A-RES-80-195.en.txt", 7),
        ("A-RES-80-205.en.txt", 9),
        ("A-RES-80-230.en.txt", 2),
        ("A-RES-80-4.en.txt", 1),
    ],
)
def test_corpus_footnotes_all_found_with_calls(name, count):
    text = (CORPUS / name).read_text(encoding="utf-8")
    spans = furniture(text)
    notes = footnotes(text, spans)
    assert len(notes) == count
    assert all(n.call is not None and n.call < n.start for n in notes)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_corpus_running_headers_found():
    text = (CORPUS / "A-RES-80-205.en.txt").read_text(encoding="utf-8")
    spans = _furniture_texts(text)
    assert sum("A/RES/80/205" in s for s in spans) == 5
    assert sum(s.rstrip().endswith(("/6", "25-20959")) for s in spans) == 5
