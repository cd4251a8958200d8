"""Language detection: UN-style sentences in the six languages, and the corpus."""
from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from kg.language import SAMPLE_CHARS, detect, identify
from kg.lexicon import table

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

SENTENCES = [
    pytest.param(
        "The Human Rights Council, Recalling its resolution 24/2 of 26 September 2013",
        "en",
        id="en preamble",
    ),
    pytest.param(
        "1. Requests the Office of the United Nations High Commissioner for Human Rights to prepare "
        "a report on the role of local governments and to present it to the Council at its sixty-third session;",
        "en",
        id="en operative paragraph",
    ),
    pytest.param(
        "Le Conseil des droits de l'homme, Rappelant sa résolution 24/2 du 26 septembre 2013",
        "fr",
        id="fr preamble",
    ),
    pytest.param(
        "1. Prie le Haut-Commissariat des Nations Unies aux droits de l’homme d’établir un rapport sur le rôle "
        "des collectivités locales et de le lui présenter à sa soixante-troisième session ;",
        "fr",
        id="fr operative paragraph",
    ),
    pytest.param(
        "El Consejo de Derechos Humanos, Recordando su resolución 24/2, de 26 de septiembre de 2013",
        "es",
        id="es preamble",
    ),
    pytest.param(
        "1. Solicita a la Oficina del Alto Comisionado de las Naciones Unidas para los Derechos Humanos que "
        "prepare un informe sobre el papel de los gobiernos locales y se lo presente en su 63er período de sesiones;",
        "es",
        id="es operative paragraph",
    ),
    pytest.param(
        "Совет по правам человека, ссылаясь на свою резолюцию 24/2 от 26 сентября 2013 года",
        "ru",
        id="ru preamble",
    ),
    pytest.param(
        "1. просит Управление Верховного комиссара Организации Объединенных Наций по правам человека "
        "подготовить доклад о роли местных органов власти (A/HRC/56/32);",
        "ru",
        id="ru operative paragraph with a symbol",
    ),
    pytest.param(
        "إن مجلس حقوق الإنسان، إذ يشير إلى قراره 24/2 المؤرخ 26 أيلول/سبتمبر 2013",
        "ar",
        id="ar preamble",
    ),
    pytest.param(
        "1- يطلب إلى مفوضية الأمم المتحدة السامية لحقوق الإنسان أن تعد تقريراً عن دور الحكومات المحلية (A/HRC/56/32)؛",
        "ar",
        id="ar operative paragraph with a symbol",
    ),
    pytest.param("人权理事会，回顾其 2013 年 9 月 26 日第 24/2 号决议", "zh", id="zh preamble"),
    pytest.param(
        "1. 请联合国人权事务高级专员办事处编写一份关于地方政府作用的报告（A/HRC/56/32），提交理事会第六十三届会议；",
        "zh",
        id="zh operative paragraph with a symbol",
    ),
]


@pytest.mark.parametrize(("text", "language"), SENTENCES)
def test_sentences(text: str, language: str) -> None:
    assert detect(text) == language


UNDETERMINED = [
    pytest.param("", id="empty"),
    pytest.param("24/2", id="a symbol alone"),
    pytest.param("A/HRC/RES/57/12", id="a full symbol alone"),
    pytest.param("Hello", id="one word"),
    pytest.param("决议", id="two ideographs"),
    pytest.param("la de", id="markers shared by French and Spanish only"),
    pytest.param(
        "Der Menschenrechtsrat beschließt, sich weiterhin mit dieser Angelegenheit zu befassen", id="German"
    ),
    pytest.param("인권이사회는 지방정부와 인권에 관한 결의를 채택하였다", id="Korean"),
    pytest.param("Το Συμβούλιο Ανθρωπίνων Δικαιωμάτων αποφασίζει", id="Greek"),
    pytest.param("人権理事会は、決議24/2を想起し、この問題に引き続き取り組むことを決定する。", id="Japanese, kanji outweighing kana"),
]


@pytest.mark.parametrize("text", UNDETERMINED)
def test_undetermined(text: str) -> None:
    assert detect(text) == "und"


GERMAN = (
    "Der Menschenrechtsrat, unter Hinweis auf seine Resolution 24/2 vom 26. September 2013, ersucht das Amt "
    "des Hohen Kommissars, einen Bericht zu erstellen, und beschließt, mit der Angelegenheit befasst zu bleiben."
)
FRENCH_OR_SPANISH = "la de la de los des " * 5

VERDICTS = [
    pytest.param("24/2", "has too few letters to tell its language (found 0)", False, id="a symbol alone"),
    pytest.param(
        GERMAN,
        "is in Latin script but not in English, French or Spanish (too few of their common words)",
        True,
        id="German",
    ),
    pytest.param(
        "Der Rat beschließt, mit der Angelegenheit befasst zu bleiben",
        "is in Latin script but not in English, French or Spanish (too few of their common words)",
        False,
        id="German, too short to be sure",
    ),
    pytest.param(
        FRENCH_OR_SPANISH,
        "reads as French and Spanish alike (as many common words of each)",
        True,
        id="French or Spanish",
    ),
    pytest.param(
        "人権理事会は、決議24/2を想起し、この問題に引き続き取り組むことを決定する。",
        "is in Japanese (written with kana), which kg does not read",
        True,
        id="Japanese",
    ),
    pytest.param("인권이사회는 결의를 채택하였다", "is in Korean (hangul), which kg does not read", True, id="Korean"),
    pytest.param(
        "Το Συμβούλιο Ανθρωπίνων Δικαιωμάτων αποφασίζει", "is in Greek script, which kg does not read", True, id="Greek"
    ),
    pytest.param("מועצת זכויות האדם מחליטה", "is in Hebrew script, which kg does not read", True, id="Hebrew"),
    pytest.param("The Human Rights Council, Recalling its resolution 24/2", "", False, id="English: no reason"),
]


@pytest.mark.parametrize(("text", "reason", "foreign"), VERDICTS)
def test_identify_says_why_and_how_surely(text: str, reason: str, foreign: bool) -> None:
    verdict = identify(text)
    assert (verdict.reason, verdict.foreign) == (reason, foreign)
    assert (verdict.language == "und") == bool(reason)
    assert detect(text) == verdict.language


def test_chinese_with_katakana_middle_dots_in_names_is_chinese() -> None:
    text = "人权理事会欢迎玛丽・罗宾逊、米歇尔・巴切莱特和沃尔克・蒂尔克的报告"
    assert detect(text) == "zh"


def test_a_stray_kana_in_chinese_text_is_still_chinese() -> None:
    text = "人权理事会注意到题为「まち」的城市网络报告，回顾其关于地方政府与人权的第 24/2 号和第 27/4 号决议，请各国加强合作"
    assert detect(text) == "zh"


def _corpus_rows() -> list:
    index = CORPUS / "SOURCES.tsv"
    assert index.is_file(), f"{index} is missing: the tests read the shared corpus beside the repository"
    with index.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [pytest.param(row["file"], row["language"], id=row["file"]) for row in rows]


@pytest.mark.parametrize(("name", "language"), _corpus_rows())
def test_corpus_files(name: str, language: str) -> None:
    assert detect((CORPUS / name).read_text(encoding="utf-8")) == language


def test_every_corpus_file_is_listed() -> None:
    listed = {row.values[0] for row in _corpus_rows()}
    assert {p.name for p in CORPUS.iterdir() if p.suffix in {".txt", ".md"}} == listed


def test_fast_on_a_large_text() -> None:
    text = "Le Conseil des droits de l'homme décide de rester saisi de la question. " * 700_000
    assert len(text) > 50_000_000
    started = time.perf_counter()
    assert detect(text) == "fr"
    assert time.perf_counter() - started < 2.0


def test_only_a_prefix_is_read() -> None:
    english = "The Council decides to remain seized of the matter. " * (SAMPLE_CHARS // 40)
    assert detect(english + "人权理事会决定继续处理此事。" * SAMPLE_CHARS) == "en"


def test_script_outweighs_latin_symbols() -> None:
    text = "人权理事会注意到 A/HRC/56/32、A/HRC/54/39 和 A/HRC/51/20 号文件"
    assert detect(text) == "zh"


def test_markers_table_is_canonical() -> None:
    rows = table("language_markers")
    by_language: dict[str, list[str]] = {}
    for row in rows:
        by_language.setdefault(row["language"], []).append(row["term"])
    assert sorted(by_language) == ["en", "es", "fr"]
    for language, terms in by_language.items():
        assert 30 <= len(terms) <= 60, language
        assert len(set(terms)) == len(terms), f"{language} lists a term twice"
        assert all(term == term.lower().strip() and term.isalpha() for term in terms), language
