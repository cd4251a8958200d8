"""Who must deliver what, for which session."""
import json
from pathlib import Path

import pytest

from kg.actions import classify
from kg.mandates import find_mandates
from kg.records import DocumentInfo, Paragraph, Source
from kg.segment import segment

ROOT = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS, GOLD = ROOT / "corpus", ROOT / "gold"


def _mandates(text, language, body="GA"):
    p = Paragraph("op4", "operative", 4, 0, len(text))
    paragraphs = classify(text, language, (p,))
    return find_mandates(text, language, paragraphs, DocumentInfo(language=language, body=body))


REQUESTS = [
    ("en", "4. Requests the Secretary-General to submit to the General Assembly at its eighty-first session a report on the implementation of the present resolution;", "report", 81, "at", "GA"),
    ("en", "10. Requests the Office of the High Commissioner to organize, before its sixtieth session, a panel discussion;", "panel", 60, "before", "HRC"),
    ("en", "5. Requests the High Commissioner to present an oral update to the Human Rights Council at its fifty-ninth session;", "oral-update", 59, "at", "HRC"),
    ("fr", "4. Prie le Secrétaire général de lui présenter, à sa quatre-vingt-unième session, un rapport sur l’application de la présente résolution;", "report", 81, "at", "GA"),
    ("es", "4. Solicita al Secretario General que le presente en su octogésimo primer período de sesiones un informe sobre la aplicación de la presente resolución;", "report", 81, "at", "GA"),
    ("ru", "4. просит Генерального секретаря представить Генеральной Ассамблее на ее восемьдесят первой сессии доклад об осуществлении настоящей резолюции;", "report", 81, "at", "GA"),
    ("ar", "4. يطلب إلى الأمين العام أن يقدم إليها في دورتها الحادية والثمانين تقريرا عن تنفيذ هذا القرار؛", "report", 81, "at", "GA"),
    ("zh", "10. **请**高级专员办事处在人权理事会第六十届会议之前举行一次专题小组讨论会；", "panel", 60, "before", "HRC"),
    ("zh", "11. **又请**高级专员办事处编写一份报告，并向理事会第六十三届会议提交这份报告；", "report", 63, "at", "HRC"),
]


@pytest.mark.parametrize(
    "language, text, deliverable, session, relation, body", REQUESTS, ids=[f"{r[0]}: {r[2]} {r[3]}" for r in REQUESTS]
)
def test_request_gives_a_mandate(language, text, deliverable, session, relation, body):
    doc_body = "HRC" if body == "HRC" else "GA"
    (mandate,) = _mandates(text, language, doc_body)
    assert (mandate.deliverable, mandate.due_session, mandate.relation, mandate.due_body) == (deliverable, session, relation, body)
    assert mandate.paragraph == "op4"
    assert mandate.start < mandate.end


@pytest.mark.parametrize(
    "language, text",
    [
        pytest.param("en", "12. Requests the Office of the High Commissioner to continue its work on the report;", id="no session"),
        pytest.param("en", "5. Decides to include in the provisional agenda of its eighty-first session the item;", id="not a request"),
        pytest.param("en", "2. Requests the Secretary-General to bring the present resolution to the attention of all States;", id="nothing to deliver"),
        pytest.param("zh", "13. **请**高级专员办事处继续开展研究；", id="Chinese request without session"),
        pytest.param("xx", "4. Requests a report at its eighty-first session;", id="language with no rows"),
        pytest.param("en", "", id="empty text"),
    ],
)
def test_no_mandate_invented(language, text):
    assert _mandates(text, language) == ()


def _corpus_mandates(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    name = Path(gold["file"]).name
    text = (CORPUS / name).read_text(encoding="utf-8")
    language = gold["document"]["language"]
    seg = segment(Source(name, text, language, "txt", ""))
    paragraphs = classify(text, language, seg.paragraphs)
    return gold, find_mandates(text, language, paragraphs, seg.document)


GOLD_FILES = sorted(p for p in GOLD.glob("*.json") if "operative" in json.loads(p.read_text(encoding="utf-8")))


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_corpus_mandates_equal_gold(gold_path):
    gold, mandates = _corpus_mandates(gold_path)
    expected = {
        f"op{o['n']}": (o["mandate"]["deliverable"], o["mandate"]["due_session"])
        for o in gold["operative"] if "mandate" in o
    }
    assert {m.paragraph: (m.deliverable, m.due_session) for m in mandates} == expected


def test_57_12_panel_before_60_and_report_at_63_by_ohchr():
    _, mandates = _corpus_mandates(GOLD / "A-HRC-RES-57-12.zh.json")
    got = [(m.paragraph, m.deliverable, m.addressee, m.due_session, m.relation, m.due_body) for m in mandates]
    assert got == [
        ("op10", "panel", "ohchr", 60, "before", "HRC"),
        ("op11", "report", "ohchr", 63, "at", "HRC"),
    ]
