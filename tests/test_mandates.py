"""Who must deliver what, for which session."""
import json
from pathlib import Path

import pytest

from kg.actions import classify
from kg.mandates import find_mandates, find_pursuances
from kg.records import DocumentInfo, Extraction, Footnote, Paragraph, Reference, Source
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


# --- Form and whom to consult ----------------------------------------------------------

FORMS = [
    ("en", "10. Requests the Office of the High Commissioner to convene, before its sixtieth session, a one-day panel discussion, "
           "in a hybrid format and fully accessible to persons with disabilities;", ("hybrid", "accessible")),
    ("en", "11. Also requests the Office to prepare a report, including in accessible and easy-to-read formats, and to "
           "present it to the Council at its sixty-third session;", ("accessible", "easy-to-read")),
    ("fr", "10. Prie le Haut-Commissariat d’organiser, avant sa soixantième session, une réunion-débat d’une journée, "
           "en format hybride et pleinement accessible aux personnes handicapées ;", ("hybrid", "accessible")),
    ("es", "10. Solicita a la Oficina del Alto Comisionado que organice, antes de su sexagésimo período de sesiones, una mesa "
           "redonda de un día, en formato híbrido y plenamente accesible para las personas con discapacidad;", ("hybrid", "accessible")),
    ("ru", "10. просит Управление Верховного комиссара провести до начала шестидесятой сессии однодневную дискуссионную группу "
           "в гибридном формате, полностью доступном для лиц с инвалидностью;", ("hybrid", "accessible")),
    ("ar", "10. يطلب إلى المفوضية أن تعقد، قبل دورته الستين، حلقة نقاش لمدة يوم واحد بشكل مختلط ومتاحة بالكامل للأشخاص ذوي الإعاقة؛",
     ("hybrid", "accessible")),
    ("zh", "11. **又请**高级专员办事处编写一份报告——包括提供该报告的无障碍和易读格式文本——并向理事会第六十三届会议提交这份报告；",
     ("accessible", "easy-to-read")),
]


@pytest.mark.parametrize("language, text, forms", FORMS, ids=[f"{f[0]}: {' '.join(f[2])}" for f in FORMS])
def test_form_of_the_deliverable(language, text, forms):
    (mandate,) = _mandates(text, language, "HRC")
    assert mandate.forms == forms


CONSULTS = [
    ("en", "11. Requests the Office of the High Commissioner to prepare a report, in consultation with States, local "
           "governments and national human rights institutions, and to present it to the Council at its sixty-third session;",
     ("states", "local-governments", "nhri")),
    ("fr", "11. Prie le Haut-Commissariat d’établir un rapport, en consultation avec les États, les gouvernements locaux et "
           "les institutions nationales des droits de l’homme, et de le présenter au Conseil à sa soixante-troisième session ;",
     ("states", "local-governments", "nhri")),
    ("es", "11. Solicita a la Oficina del Alto Comisionado que prepare un informe, en consulta con los Estados, los gobiernos "
           "locales y las instituciones nacionales de derechos humanos, y que lo presente al Consejo en su sexagésimo tercer "
           "período de sesiones;", ("states", "local-governments", "nhri")),
    ("ru", "11. просит Управление Верховного комиссара подготовить доклад в консультации с государствами, местными органами "
           "власти и национальными правозащитными учреждениями и представить его Совету на его шестьдесят третьей сессии;",
     ("states", "local-governments", "nhri")),
    ("ar", "11. يطلب إلى المفوضية أن تعد تقريرا، بالتشاور مع الدول والحكومات المحلية والمؤسسات الوطنية لحقوق الإنسان، "
           "وأن تقدمه إلى المجلس في دورته الثالثة والستين؛", ("states", "local-governments", "nhri")),
    ("zh", "11. **又请**高级专员办事处征求各国、地方政府和国家人权机构的意见，编写一份报告，并向理事会第六十三届会议提交这份报告；",
     ("states", "local-governments", "nhri")),
]


@pytest.mark.parametrize("language, text, consult", CONSULTS, ids=[c[0] for c in CONSULTS])
def test_whom_to_consult(language, text, consult):
    (mandate,) = _mandates(text, language, "HRC")
    assert set(mandate.consult) == set(consult)


def _document_mandates(text, language):
    seg = segment(Source("x.txt", text, language, "txt", ""))
    paragraphs = classify(text, language, seg.paragraphs)
    return find_mandates(text, language, paragraphs, DocumentInfo(language=language, body="HRC"))


BACK_REFERENCES = [
    ("en", "The Human Rights Council,\n\n"
           "10. Requests the Office of the High Commissioner to convene, before its sixtieth session, a panel discussion;\n\n"
           "11. Also requests the Office of the High Commissioner to prepare a report and to present it to the Council at its "
           "sixty-third session;\n\n"
           "12. Further requests the Office of the High Commissioner to seek the views of States, local governments, the "
           "treaty bodies and civil society, including non-governmental organizations, in preparing the above-mentioned "
           "panel discussion and report;\n"),
    ("zh", "人权理事会，\n\n"
           "10. **请**高级专员办事处在人权理事会第六十届会议之前举行一次专题小组讨论会；\n\n"
           "11. **又请**高级专员办事处编写一份报告，并向理事会第六十三届会议提交这份报告；\n\n"
           "12. **还请**高级专员办事处在筹备上述专题小组讨论会和编写上述报告时，征求国家和地方政府、条约机构和民间社会"
           "代表(包括非政府组织)的意见；\n"),
]


@pytest.mark.parametrize("language, text", BACK_REFERENCES, ids=[b[0] for b in BACK_REFERENCES])
def test_a_later_request_adds_whom_to_consult_to_the_mandates_it_points_at(language, text):
    mandates = _document_mandates(text, language)
    assert [(m.paragraph, m.deliverable) for m in mandates] == [("op10", "panel"), ("op11", "report")]
    for m in mandates:
        assert m.detailed_in == ("op12",)
        assert set(m.consult) == {"states", "local-governments", "treaty-bodies", "civil-society"}


def test_a_later_request_without_pointing_back_adds_nothing():
    text = ("The Human Rights Council,\n\n"
            "11. Requests the Office of the High Commissioner to prepare a report and to present it to the Council at its "
            "sixty-third session;\n\n"
            "12. Also requests the Office of the High Commissioner to prepare a study in consultation with States;\n")
    (mandate,) = _document_mandates(text, "en")
    assert (mandate.consult, mandate.detailed_in) == ((), ())


def test_57_12_forms_and_consultation():
    _, mandates = _corpus_mandates(GOLD / "A-HRC-RES-57-12.zh.json")
    got = {m.paragraph: (m.forms, m.detailed_in) for m in mandates}
    assert got == {"op10": (("hybrid", "accessible"), ("op12",)), "op11": (("accessible", "easy-to-read"), ("op12",))}
    for m in mandates:
        assert set(m.consult) == {"states", "local-governments", "international-organizations", "un-agencies",
                                  "special-procedures", "advisory-committee", "treaty-bodies", "nhri", "civil-society"}


# --- Follow-up: a document submitted pursuant to a resolution ----------------------------


def _pursuance_case(language, text, references, footnote=None, symbol="A/HRC/RES/57/12"):
    """An extraction made by hand: ``references`` maps the cited words to their targets;
    ``footnote`` is (its call as written, its body) with the body at the end of the text."""
    notes = ()
    if footnote:
        call, body = footnote
        text = text + "\n\n" + body
        notes = (Footnote("1", text.index(body), len(text), call=text.index(call) + len(call) - 1),)
    refs = tuple(sorted(
        (Reference(target, None, words, text.index(words), text.index(words) + len(words), paragraph="pp18")
         for words, target in references.items()), key=lambda r: r.start))
    source = Source(f"x.{language}.txt", text, language, "txt", "0" * 64)
    return Extraction(source, DocumentInfo(symbol=symbol, language=language), references=refs, footnotes=notes)


PURSUANCES = [
    ("en", "Taking note with appreciation of the report of the Office of the United Nations High Commissioner for Human "
           "Rights submitted pursuant to Human Rights Council resolution 51/12,1",
     {"resolution 51/12": "A/HRC/RES/51/12", "A/HRC/56/32": "A/HRC/56/32"}, ("51/12,1", "1 A/HRC/56/32."),
     ("A/HRC/56/32", "A/HRC/RES/51/12")),
    ("fr", "Prenant note avec satisfaction du rapport du Haut-Commissariat des Nations Unies aux droits de l’homme "
           "présenté en application de la résolution 51/12 du Conseil des droits de l’homme1,",
     {"résolution 51/12": "A/HRC/RES/51/12", "A/HRC/56/32": "A/HRC/56/32"}, ("l’homme1", "1 A/HRC/56/32."),
     ("A/HRC/56/32", "A/HRC/RES/51/12")),
    ("es", "Tomando nota con aprecio del informe de la Oficina del Alto Comisionado de las Naciones Unidas para los "
           "Derechos Humanos presentado en cumplimiento de la resolución 51/12 del Consejo de Derechos Humanos1,",
     {"resolución 51/12": "A/HRC/RES/51/12", "A/HRC/56/32": "A/HRC/56/32"}, ("Humanos1", "1 A/HRC/56/32."),
     ("A/HRC/56/32", "A/HRC/RES/51/12")),
    ("ru", "с признательностью принимая к сведению доклад Управления Верховного комиссара Организации Объединенных Наций "
           "по правам человека, представленный во исполнение резолюции 51/12 Совета по правам человека1,",
     {"резолюции 51/12": "A/HRC/RES/51/12", "A/HRC/56/32": "A/HRC/56/32"}, ("человека1", "1 A/HRC/56/32."),
     ("A/HRC/56/32", "A/HRC/RES/51/12")),
    ("ar", "وإذ يحيط علما مع التقدير بتقرير مفوضية الأمم المتحدة السامية لحقوق الإنسان المقدم عملا بقرار مجلس حقوق "
           "الإنسان 51/12 (A/HRC/56/32)،",
     {"بقرار مجلس حقوق الإنسان 51/12": "A/HRC/RES/51/12", "A/HRC/56/32": "A/HRC/56/32"}, None,
     ("A/HRC/56/32", "A/HRC/RES/51/12")),
    ("zh", "赞赏地注意到联合国人权事务高级专员办事处根据人权理事会第 51/12 号决议提交的报告，<sup>1</sup>",
     {"第 51/12 号决议": "A/HRC/RES/51/12", "A/HRC/56/32": "A/HRC/56/32"}, ("<sup>1", "<sup>1</sup> A/HRC/56/32."),
     ("A/HRC/56/32", "A/HRC/RES/51/12")),
    ("en", "Taking note of the report of the Secretary-General (A/80/123) submitted pursuant to General Assembly "
           "resolution 79/160,", {"A/80/123": "A/80/123", "resolution 79/160": "A/RES/79/160"}, None,
     ("A/80/123", "A/RES/79/160")),
]


@pytest.mark.parametrize("language, text, references, footnote, expected", PURSUANCES,
                         ids=[f"{p[0]}: {p[4][0]} pursuant to {p[4][1]}" for p in PURSUANCES])
def test_document_submitted_pursuant_to_a_resolution(language, text, references, footnote, expected):
    x = _pursuance_case(language, text, references, footnote)
    (found,) = find_pursuances(x)
    assert (found.document, found.resolution, found.paragraph) == (*expected, "pp18")
    assert x.source.text[found.start:found.end] == found.text


def test_the_present_report_names_itself():
    text = "1. The present report is submitted pursuant to Human Rights Council resolutions 57/12 and 57/13, in which"
    x = _pursuance_case("en", text, {"resolutions 57/12": "A/HRC/RES/57/12", "57/13": "A/HRC/RES/57/13"},
                        symbol="A/HRC/63/40")
    assert [(p.document, p.resolution) for p in find_pursuances(x)] == [
        ("A/HRC/63/40", "A/HRC/RES/57/12"), ("A/HRC/63/40", "A/HRC/RES/57/13")]


@pytest.mark.parametrize("language, text, references", [
    pytest.param("en", "Recalling its resolution 51/12 of 6 October 2022 and the report A/HRC/56/32,",
                 {"resolution 51/12": "A/HRC/RES/51/12", "A/HRC/56/32": "A/HRC/56/32"}, id="cited side by side"),
    pytest.param("en", "Welcoming the report submitted pursuant to Human Rights Council resolution 51/12,",
                 {"resolution 51/12": "A/HRC/RES/51/12"}, id="no symbol for the report"),
    pytest.param("zh", "又回顾人权理事会第 51/12 号决议和 A/HRC/56/32 号文件，",
                 {"第 51/12 号决议": "A/HRC/RES/51/12", "A/HRC/56/32": "A/HRC/56/32"}, id="Chinese without 根据"),
    pytest.param("zh", "根据人权理事会第 51/12 号决议，决定继续审议 A/HRC/56/32 所载建议，",
                 {"第 51/12 号决议": "A/HRC/RES/51/12", "A/HRC/56/32": "A/HRC/56/32"}, id="Chinese 根据 without 提交"),
    pytest.param("en", "Taking note of the report submitted pursuant to resolution 51/12; A/HRC/56/32 is",
                 {"resolution 51/12": "A/HRC/RES/51/12", "A/HRC/56/32": "A/HRC/56/32"}, id="the symbol after the clause ends"),
])
def test_no_pursuance_invented(language, text, references):
    assert find_pursuances(_pursuance_case(language, text, references)) == ()
