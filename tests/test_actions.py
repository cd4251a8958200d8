"""The verb that opens each paragraph, its readings, modifiers and addressees."""
import json
from pathlib import Path

import pytest

from kg.actions import classify
from kg.records import Paragraph, Source
from kg.segment import segment

ROOT = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS, GOLD = ROOT / "corpus", ROOT / "gold"


def _one(text, language, kind="operative"):
    p = Paragraph("op1" if kind == "operative" else "pp1", kind, 1, 0, len(text))
    return classify(text, language, (p,))[0]


OPERATIVE = [
    # (language, text, actions, modifiers, addressees)
    ("en", "3. Encourages States and local governments to strengthen cooperation;", ["encourages"], [], ["states", "local-governments"]),
    ("en", "5. Also requests the Office of the United Nations High Commissioner for Human Rights to prepare a report;", ["requests"], ["also"], ["ohchr"]),
    ("en", "2. Strongly urges all States to refrain from unilateral measures;", ["urges"], ["strongly"], ["states"]),
    ("en", "3. Once again urges States that apply such laws to repeal them;", ["urges"], ["once-again"], ["states"]),
    ("en", "4. Requests the Secretary-General, in consultation with United Nations agencies, to submit a report;", ["requests"], [], ["secretary-general"]),
    ("en", "7. Calls upon States, and invites civil society, including non-governmental organizations, to promote dialogue;", ["calls-upon", "invites"], [], ["states", "civil-society"]),
    ("en", "2. Reiterates its call upon all States to refrain from such measures;", ["reiterates", "calls-upon"], [], ["states"]),
    ("en", "1. Takes note of the report of the Secretary-General;", ["takes-note"], [], []),
    ("en", "9. Calls \nupon \nStates and non\u2011governmental organizations to act;", ["calls-upon"], [], ["states", "ngos"]),
    ("fr", "1. Engage les États et les autorités locales à renforcer leur coopération;", ["calls-upon"], [], ["states", "local-governments"]),
    ("fr", "5. Prie également le Haut-Commissariat des Nations Unies aux droits de l’homme d’établir un rapport;", ["requests"], ["also"], ["ohchr"]),
    ("fr", "4. Invite la société civile à participer à la réunion-débat;", ["invites"], [], ["civil-society"]),
    ("fr", "6. Encourage les autorités locales à promouvoir les droits de l’homme;", ["encourages"], [], ["local-governments"]),
    ("fr", "14. Décide de rester saisi de la question.", ["decides"], [], []),
    ("es", "2. Exhorta a los Estados a que cooperen con los gobiernos locales;", ["calls-upon"], [], ["states"]),
    ("es", "3. Solicita también a la Oficina del Alto Comisionado que prepare un informe;", ["requests"], ["also"], ["ohchr"]),
    ("es", "4. Invita a la sociedad civil a participar en la mesa redonda;", ["invites"], [], ["civil-society"]),
    ("es", "5. Alienta a los gobiernos locales a promover los derechos humanos;", ["encourages"], [], ["local-governments"]),
    ("es", "1. Decide seguir ocupándose de la cuestión.", ["decides"], [], []),
    ("ru", "3. призывает государства и местные органы власти укреплять сотрудничество;", ["calls-upon"], [], ["states", "local-governments"]),
    ("ru", "5. просит также Управление Верховного комиссара подготовить доклад;", ["requests"], ["also"], ["ohchr"]),
    ("ru", "4. предлагает гражданскому обществу принять участие в обсуждении;", ["invites"], [], ["civil-society"]),
    ("ru", "6. рекомендует местным органам власти поощрять права человека;", ["encourages", "recommends"], [], ["local-governments"]),
    ("ru", "14. постановляет продолжить рассмотрение этого вопроса.", ["decides"], [], []),
    ("ar", "3. يهيب بالدول أن تعزز التعاون مع الحكومات المحلية؛", ["calls-upon"], [], ["states"]),
    ("ar", "5. يطلب أيضا إلى المفوضية السامية لحقوق الإنسان أن تعد تقريرا؛", ["requests"], ["also"], ["ohchr"]),
    ("ar", "4. يدعو المجتمع المدني إلى المشاركة في حلقة النقاش؛", ["invites", "calls-upon"], [], ["civil-society"]),
    ("ar", "6. يشجع الحكومات المحلية على تعزيز حقوق الإنسان؛", ["encourages"], [], ["local-governments"]),
    ("ar", "14. يقرر أن يبقي المسألة قيد نظره.", ["decides"], [], []),
    ("zh", "1. **鼓励**各国和地方政府加强协调与合作；", ["encourages"], [], ["states", "local-governments"]),
    ("zh", "11. **又请**高级专员办事处编写一份报告；", ["requests", "invites"], ["also"], ["ohchr"]),
    ("zh", "5. **请**区域人权机制、国家人权机构和民间社会代表与地方政府合作；", ["requests", "invites"], [], ["regional-mechanisms", "nhri", "civil-society"]),
    ("zh", "8. **吁请**地方政府在制定城市数字化计划时保护人权：", ["calls-upon"], [], ["local-governments"]),
    ("zh", "3. **鼓励**各国向地方政府提供充足的资金；", ["encourages"], [], ["states"]),
    ("zh", "14. **决定**继续处理此事。", ["decides"], [], []),
]


@pytest.mark.parametrize(
    "language, text, actions, modifiers, addressees",
    OPERATIVE,
    ids=[f"{row[0]}: {row[1][:40]}" for row in OPERATIVE],
)
def test_operative_verbs_and_addressees(language, text, actions, modifiers, addressees):
    p = _one(text, language)
    assert p.action == actions[0]
    assert list(p.actions) == actions
    assert list(p.modifiers) == modifiers
    assert list(p.addressees) == addressees
    assert text[p.action_start:p.action_end].strip()


PREAMBULAR = [
    ("en", "Recalling also its resolution 51/12 of 6 October 2022,", "recalls", ["also"]),
    ("en", "Taking note with appreciation of the report,", "takes-note-with-appreciation", []),
    ("en", "Noting with concern the challenges faced by local governments,", "notes-with-concern", []),
    ("en", "Bearing in mind that all human rights are universal,", "bears-in-mind", []),
    ("en", "Acting in compliance with the mandate entrusted to it,", "acting-in-compliance", []),
    ("en", "Having conducted the review of Slovenia,", "having-conducted", []),
    ("fr", "Rappelant sa résolution 51/12 du 6 octobre 2022,", "recalls", []),
    ("fr", "Réaffirmant également les buts et principes de la Charte des Nations Unies,", "reaffirms", ["also"]),
    ("es", "Recordando sus resoluciones anteriores,", "recalls", []),
    ("es", "Reafirmando los propósitos y principios de la Carta,", "reaffirms", []),
    ("ru", "ссылаясь на свою резолюцию 51/12 от 6 октября 2022 года,", "recalls", []),
    ("ru", "вновь подтверждая цели и принципы Устава,", "reaffirms", []),
    ("ar", "إذ يشير إلى قراره 51/12،", "recalls", []),
    ("ar", "وإذ يشير كذلك إلى جميع قراراته ذات الصلة،", "recalls", ["also"]),
    ("zh", "又**认识到**地方政府需要在国内法律框架内行事，", "recognizes", ["also"]),
    ("zh", "**关切地注意到**地方政府可能面临各种挑战，", "notes-with-concern", []),
    ("zh", "遵循《联合国宪章》的宗旨和原则，", "guided-by", []),
]


@pytest.mark.parametrize(
    "language, text, action, modifiers", PREAMBULAR, ids=[f"{row[0]}: {row[1][:40]}" for row in PREAMBULAR]
)
def test_preambular_openers(language, text, action, modifiers):
    p = _one(text, language, "preambular")
    assert p.action == action
    assert list(p.modifiers) == modifiers
    assert p.addressees == ()


@pytest.mark.parametrize(
    "language, text",
    [
        pytest.param("xx", "1. Encourages States;", id="language with no rows"),
        pytest.param("en", "", id="empty text"),
        pytest.param("en", "1. Something unheard of happens.", id="unknown verb"),
    ],
)
def test_unfamiliar_input_is_returned_unchanged(language, text):
    p = Paragraph("op1", "operative", 1, 0, len(text))
    assert classify(text, language, (p,)) == (p,)
    assert classify(text, language, ()) == ()


def _gold_files():
    return sorted(f for f in GOLD.glob("*.json") if "operative" in json.loads(f.read_text(encoding="utf-8")))


def _classified(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    name = Path(gold["file"]).name
    text = (CORPUS / name).read_text(encoding="utf-8")
    language = gold["document"]["language"]
    seg = segment(Source(name, text, language, "txt", ""))
    return gold, classify(text, language, seg.paragraphs)


def test_corpus_operative_action_accuracy_and_addressees():
    total = right = exact = 0
    for path in _gold_files():
        gold, paragraphs = _classified(path)
        ops = {p.number: p for p in paragraphs if p.kind == "operative"}
        for item in gold["operative"]:
            p = ops.get(item["n"])
            total += 1
            right += p is not None and p.action in item["action"]
            exact += p is not None and set(p.addressees) == set(item["addressees"])
    assert total > 60
    assert right / total >= 0.95
    assert exact / total >= 0.9


def test_resolution_57_12_actions_and_addressees_as_gold():
    gold, paragraphs = _classified(GOLD / "A-HRC-RES-57-12.zh.json")
    ops = {p.number: p for p in paragraphs if p.kind == "operative"}
    assert len(ops) == 14
    for item in gold["operative"]:
        p = ops[item["n"]]
        assert p.action in item["action"], item["n"]
        assert set(p.addressees) == set(item["addressees"]), item["n"]
