"""Header facts, paragraphs and sub-paragraphs, against the gold files and by phenomenon."""
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.header import session_number
from kg.numbering import date_at_start, find_date, ordinal_value
from kg.records import Source
from kg.segment import PARAGRAPH_END, _ends_paragraph, segment

ROOT = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS, GOLD = ROOT / "corpus", ROOT / "gold"
GOLD_FILES = sorted(GOLD.glob("*.json"))


def _load(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    name = Path(gold["file"]).name
    text = (CORPUS / name).read_text(encoding="utf-8")
    return gold, text, segment(Source(name, text, gold["document"]["language"], "txt", ""))


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_document_facts_match_gold(gold_path):
    gold, _, seg = _load(gold_path)
    for key, value in gold["document"].items():
        assert getattr(seg.document, key) == value, key


COUNTED = [p for p in GOLD_FILES if "paragraphs" in json.loads(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("gold_path", COUNTED, ids=[p.stem for p in COUNTED])
def test_paragraph_counts_match_gold_exactly(gold_path):
    gold, text, seg = _load(gold_path)
    kinds = [p.kind for p in seg.paragraphs]
    assert kinds.count("preambular") == gold["paragraphs"]["preambular"]
    assert kinds.count("operative") == gold["paragraphs"]["operative"]
    for item in gold.get("operative", []):
        subs = [p.id.split(".")[1] for p in seg.paragraphs if p.parent == f"op{item['n']}"]
        assert subs == item.get("subparagraphs", [])


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_paragraph_spans_are_trimmed_and_ordered(gold_path):
    _, text, seg = _load(gold_path)
    furniture = seg.furniture
    top = [p for p in seg.paragraphs if p.parent is None]
    for p in seg.paragraphs:
        assert text[p.start:p.end] == text[p.start:p.end].strip()
        assert not any(s <= p.start < e or s < p.end <= e for s, e in furniture)
    assert all(a.end <= b.start for a, b in zip(top, top[1:]) if a.kind == b.kind)


def test_57_12_operative_span_covers_its_subparagraphs():
    _, text, seg = _load(GOLD / "A-HRC-RES-57-12.zh.json")
    by_id = {p.id: p for p in seg.paragraphs}
    assert [p.id for p in seg.paragraphs if p.parent == "op8"] == ["op8.a", "op8.b", "op8.c", "op8.d"]
    assert by_id["op8"].start < by_id["op8.a"].start and by_id["op8"].end == by_id["op8.d"].end
    assert text[by_id["op8.a"].start:].startswith("(a)")
    assert text[by_id["op1"].start:].startswith("1. **鼓励**")


def test_report_paragraphs_are_numbered_p():
    _, text, seg = _load(GOLD / "A-HRC-WG.6-48-SVN-2.en.json")
    assert [p.id for p in seg.paragraphs][:3] == ["p1", "p2", "p3"]
    assert len(seg.paragraphs) == 82
    assert all(p.kind == "paragraph" for p in seg.paragraphs)
    first = text[seg.paragraphs[0].start:seg.paragraphs[0].end]
    assert "Scope of international obligations" not in first  # the heading after it


def _seg(text, language="en"):
    return segment(Source("x.txt", text, language, "txt", ""))


@pytest.mark.parametrize(
    "text, ids",
    [
        pytest.param("The General Assembly,\n\nRecalling its resolutions,\n\n1. Decides to act;\n\n2. Requests a report.",
                     ["pp1", "op1", "op2"], id="numbered operative paragraphs"),
        pytest.param("The General Assembly,\n\nRecalling its resolutions,\n\n1. \nReaffirms the right;\n\n2. \nUrges all States to act.",
                     ["pp1", "op1", "op2"], id="number alone on its line"),
        pytest.param("The Council,\n\nRecalling the Charter,\n\n1. Decides that:\n\n(a) States may speak;\n\n(b) Observers may speak;",
                     ["pp1", "op1", "op1.a", "op1.b"], id="sub-paragraphs"),
        pytest.param("The Human Rights Council,\n     Acting in compliance with its mandate,\n  and with resolution 5/1;\n     Adopts the outcome of the review.\n",
                     ["pp1", "op1"], id="unnumbered decision with first-line indents"),
        pytest.param("The General Assembly,\n\nRecalling its resolutions of 12 November\n\n25-20892\n2/2\n\n1996 and 1997,\n\n1. Decides to act.",
                     ["pp1", "op1"], id="paragraph continued across a page break"),
        pytest.param("人权理事会，\n\n回顾其决议，\n\n**铭记**人权是普遍的，\n\n1. **鼓励**各国加强合作；\n\n2. **决定**继续处理此事。",
                     ["pp1", "pp2", "op1", "op2"], id="Chinese markdown emphasis"),
    ],
)
def test_paragraph_layouts(text, ids):
    language = "zh" if "人权" in text else "en"
    assert [p.id for p in _seg(text, language).paragraphs] == ids


@pytest.mark.parametrize(
    "header, field, value",
    [
        pytest.param("Eightieth session Agenda item 7\n\nResolution adopted by the General Assembly on 19 September 2025\n\n80/1. Participation\n\nThe General Assembly,\n\n1. Decides.\n\n3rd plenary meeting",
                     "symbol", "A/RES/80/1", id="GA symbol derived from title number"),
        pytest.param("Human Rights Council\nForty-third session\n\nDecision adopted by the Human Rights Council\non 12 March 2020\n\n43/112. Outcome\n\nThe Human Rights Council,\n\nAdopts the outcome.\n\n32nd meeting\n12 March 2020\n[Adopted without a vote.]",
                     "vote", "without a vote", id="adopted without a vote"),
        pytest.param("Human Rights Council\nForty-third session\n\nResolution adopted by the Human Rights Council\n\n43/1. Title\n\nThe Human Rights Council,\n\n1. Decides.\n\n40th meeting\n12 March 2020\n[Adopted by a recorded vote of 30 to 2, with 15 abstentions.]",
                     "vote", "recorded vote: 30 in favour, 2 against, 15 abstentions", id="recorded vote with figures"),
        pytest.param("Eightieth session\nAgenda item 71 (b)\n\nResolution adopted by the General Assembly\n\n80/205. Title\n\nThe General Assembly,\n\n1. Decides.\n\n69th plenary meeting",
                     "agenda_item", "71 (b)", id="agenda sub-item"),
        pytest.param("Eightieth session\n\nResolution adopted by the General Assembly\n\n80/205. Title\n\nThe General Assembly,\n\n1. Decides.\n\n69th plenary meeting\n18 December 2025",
                     "meeting", 69, id="plenary meeting number"),
    ],
)
def test_header_and_adoption_facts(header, field, value):
    assert getattr(_seg(header).document, field) == value


@pytest.mark.parametrize(
    "language, text, number",
    [
        ("en", "at its sixty-third session", 63), ("en", "Forty-third session", 43), ("en", "at its thirty- fifth session", 35),
        ("fr", "à sa soixante-troisième session", 63), ("fr", "à sa quatre-vingt-unième session", 81), ("fr", "vingt et unième session", 21),
        ("fr", "soixante-dix-septième session", 77),
        ("es", "en su sexagésimo tercer período de sesiones", 63), ("es", "octogésimo primer período de sesiones", 81),
        ("es", "quincuagésimo séptimo período de sesiones", 57),
        ("ru", "на своей шестьдесят третьей сессии", 63), ("ru", "пятьдесят седьмая сессия", 57), ("ru", "до начала шестидесятой сессии", 60),
        ("ar", "في دورته الثالثة والستين", 63), ("ar", "الدورة السابعة والخمسين", 57), ("ar", "في دورتها الحادية والثمانين", 81),
        ("zh", "第六十三届会议", 63), ("zh", "第五十七届会议", 57), ("zh", "第十二届会议", 12), ("zh", "第八十一届会议", 81),
    ],
    ids=lambda v: str(v),
)
def test_session_ordinals_in_six_languages(language, text, number):
    found = session_number(text, language)
    assert found is not None and found[0] == number


@pytest.mark.parametrize(
    "language, word, value",
    [("en", "ninety-ninth", 99), ("en", "first", 1), ("fr", "quatre-vingt-dix-neuvième", 99), ("es", "nonagésimo noveno", 99),
     ("ru", "девяносто девятой", 99), ("ar", "التاسعة والتسعين", 99), ("zh", "九十九", 99), ("xx", "first", None)],
)
def test_ordinal_values(language, word, value):
    assert ordinal_value(word, language) == value


@pytest.mark.parametrize(
    "language, text, iso",
    [("en", "on 19 September 2025", "2025-09-19"), ("zh", "2024 年 10 月 10 日通过", "2024-10-10"),
     ("fr", "le 10 octobre 2024", "2024-10-10"), ("es", "el 10 de octubre de 2024", "2024-10-10"),
     ("ru", "10 октября 2024 года", "2024-10-10"), ("ar", "10 تشرين الأول/أكتوبر 2024", "2024-10-10")],
)
def test_dates(language, text, iso):
    assert find_date(text, language)[0] == iso


@pytest.mark.parametrize("text", ["", "\n\n", "1.", "(a)", "The Council,"], ids=repr)
@pytest.mark.parametrize("language", ["en", "zh", "und"])
def test_unfamiliar_input_does_not_raise(text, language):
    seg = _seg(text, language)
    assert seg.document.language == language


@pytest.mark.parametrize("text,body", [
    ("The Human Rights Council,\n\nRecalling its resolution 5/1,\n\n1. Decides to remain seized.\n", "HRC"),
    ("The General Assembly,\n\nRecalling its resolution 70/1,\n\n1. Decides to remain seized.\n", "GA"),
    ("人权理事会，\n\n回顾其第 5/1 号决议，\n\n1. 决定继续处理此事。\n", "HRC"),
], ids=["hrc-opener", "ga-opener", "zh-hrc-opener"])
def test_body_comes_from_the_opener_when_there_is_no_header(text, body):
    from kg.read import read_text

    assert segment(read_text("excerpt.txt", text)).document.body == body


@pytest.mark.parametrize(
    "language, text",
    [("en", "29 October 2025"), ("en", "adopted on 29 October 2025"), ("en", "29 Octember 2025, 1 May 2024"),
     ("en", "1. Decides to meet on 2 May 2025"), ("zh", "2024 年 10 月 10 日"), ("zh", "第47次会议 2024 年 10 月 10 日"),
     ("fr", "1er octobre 2024"), ("en", "")],
    ids=["date alone", "date later", "unknown month first", "paragraph number", "Chinese date", "Chinese date later",
         "French first of the month", "empty"],
)
def test_date_at_start_is_the_date_find_date_finds_at_the_start(language, text):
    found = find_date(text, language)
    assert date_at_start(text, language) == (found if found and found[1] == 0 else None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=",;:.，。”\"’)]>*[^<sup/ \t1234567890abXY(\u00a0٣", max_size=16))
def test_the_end_of_a_paragraph_is_read_as_the_pattern_reads_it(line):
    assert _ends_paragraph(line) == bool(PARAGRAPH_END.search(line))
