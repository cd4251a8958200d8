"""Mentions of mechanisms, actors, instruments, events and places."""
import json
from pathlib import Path

import pytest

from kg.entities import find_date_range, find_entities, sdg_code
from kg.lexicon import table
from kg.records import DocumentInfo, Segmentation, Source
from kg.segment import segment

ROOT = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS, GOLD = ROOT / "corpus", ROOT / "gold"
LANGUAGES = {"ar", "en", "es", "fr", "ru", "zh"}


def _found(text, language, body=None):
    seg = Segmentation(DocumentInfo(language=language, body=body), ())
    return [(e.id, e.kind) for e in find_entities(text, language, seg)]


@pytest.mark.parametrize(
    "language, text, expected",
    [
        pytest.param("en", "Recalling the Universal Declaration of Human Rights,", [("udhr", "instrument")], id="instrument"),
        pytest.param("en", "the International Covenant on Civil and \nPolitical Rights,3 as well", [("iccpr", "instrument")], id="name split over a line, call glued"),
        pytest.param("en", "the Optional Protocol to the International Covenant on Economic, Social and Cultural Rights", [("op-icescr", "instrument")], id="longest name wins"),
        pytest.param("en", "the International Covenants on Human Rights,1", [("iccpr", "instrument"), ("icescr", "instrument")], id="one term names two instruments"),
        pytest.param("en", "through the universal periodic review and the treaty bodies", [("upr", "mechanism"), ("treaty-bodies", "mechanism")], id="mechanisms"),
        pytest.param("en", "non\u2011governmental organizations and the Secretary-General", [("secretary-general", "actor")], id="actor"),
        pytest.param("fr", "Rappelant la Déclaration universelle des droits de l’homme,", [("udhr", "instrument")], id="French apostrophe"),
        pytest.param("es", "la Carta de las Naciones Unidas y la Nueva Agenda Urbana", [("un-charter", "instrument"), ("new-urban-agenda", "instrument")], id="Spanish"),
        pytest.param("ru", "Всеобщей декларации прав человека", [("udhr", "instrument")], id="Russian genitive"),
        pytest.param("ar", "ميثاق الأمم المتحدة والإعلان العالمي لحقوق الإنسان", [("un-charter", "instrument"), ("udhr", "instrument")], id="Arabic"),
        pytest.param("zh", "关于《2030 年可持续发展议程》的第 70/1 号决议", [("2030-agenda", "instrument")], id="Chinese with a space after the year"),
        pytest.param("en", "The Human Rights Council decides", [], id="own body not reported"),
    ],
)
def test_gazetteer_matches(language, text, expected):
    assert _found(text, language, body="HRC") == expected


@pytest.mark.parametrize(
    "language, text, event",
    [
        ("en", "the World Urban Forum, twelfth session, held in Cairo", "world-urban-forum-12"),
        ("en", "the World Urban Forum at its twelfth session", "world-urban-forum-12"),
        ("zh", "世界城市论坛第十二届会议将在开罗举行", "world-urban-forum-12"),
        ("fr", "le Forum urbain mondial, douzième session", "world-urban-forum-12"),
        ("en", "the World Urban Forum", "world-urban-forum"),
    ],
)
def test_event_with_its_session(language, text, event):
    assert (event, "event") in _found(text, language)


def _gold_and_found(name):
    gold = json.loads((GOLD / name).read_text(encoding="utf-8"))
    file = Path(gold["file"]).name
    text = (CORPUS / file).read_text(encoding="utf-8")
    language = gold["document"]["language"]
    seg = segment(Source(file, text, language, "txt", ""))
    return gold, text, find_entities(text, language, seg)


def test_57_12_mechanisms_actors_instruments_equal_gold():
    gold, _, entities = _gold_and_found("A-HRC-RES-57-12.zh.json")
    for kind, key in (("mechanism", "mechanisms"), ("actor", "actors"), ("instrument", "instruments")):
        assert {e.id for e in entities if e.kind == kind} == set(gold[key]), key


def test_57_12_world_urban_forum_in_cairo():
    _, text, entities = _gold_and_found("A-HRC-RES-57-12.zh.json")
    events = [e for e in entities if e.kind == "event"]
    assert [e.id for e in events] == ["world-urban-forum-12"]
    assert text[events[0].start:events[0].end] == "世界城市论坛第十二届会议"
    assert any(e.id == "cairo" and e.kind == "place" and e.start > events[0].end for e in entities)


GOLD_WITH_INSTRUMENTS = sorted(p.name for p in GOLD.glob("*.json") if "instruments" in json.loads(p.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", GOLD_WITH_INSTRUMENTS)
def test_corpus_instruments_equal_gold(name):
    gold, _, entities = _gold_and_found(name)
    assert {e.id for e in entities if e.kind == "instrument"} == set(gold["instruments"])


def test_entity_offsets_point_at_the_words():
    _, text, entities = _gold_and_found("A-RES-80-205.en.json")
    assert entities
    assert all(text[e.start:e.end] == e.text for e in entities)


def test_every_concept_has_six_labels_and_known_kind():
    labels = {}
    for row in table("concept_labels"):
        labels.setdefault(row["id"], set()).add(row["language"])
    info = {row["id"]: row for row in table("concept_info")}
    concepts = {row["id"] for row in table("concepts")}
    assert concepts <= set(info)
    assert {k: LANGUAGES - v for k, v in labels.items() if v != LANGUAGES} == {}
    assert all(row["wikidata"] == "" or row["wikidata"].startswith("Q") for row in info.values())


@pytest.mark.parametrize("language", ["xx", "en"])
def test_unfamiliar_input_gives_nothing(language):
    assert find_entities("", language, None) == ()
    assert find_entities("nothing known here", "xx", None) == ()


# --- Events: session, place and dates ---------------------------------------------------

EVENTS = [
    ("en", "Noting that the twelfth session of the World Urban Forum, to be held in Cairo from 4 to 8 November 2024, will",
     "twelfth session of the World Urban Forum"),
    ("en", "Welcoming the World Urban Forum at its twelfth session, held in Cairo from 4 to 8 November 2024,",
     "World Urban Forum at its twelfth session"),
    ("zh", "注意到世界城市论坛第十二届会议将于 2024 年 11 月 4 日至 8 日在开罗举行，会议主题为", "世界城市论坛第十二届会议"),
    ("fr", "Notant que la douzième session du Forum urbain mondial se tiendra au Caire du 4 au 8 novembre 2024,",
     "douzième session du Forum urbain mondial"),
    ("es", "Observando que el duodécimo período de sesiones del Foro Urbano Mundial se celebrará en El Cairo del 4 al 8 de noviembre de 2024,",
     "duodécimo período de sesiones del Foro Urbano Mundial"),
    ("ru", "отмечая, что двенадцатая сессия Всемирного форума городов пройдет в Каире 4–8 ноября 2024 года,",
     "двенадцатая сессия Всемирного форума городов"),
    ("ar", "وإذ يلاحظ أن الدورة الثانية عشرة للمنتدى الحضري العالمي ستعقد في القاهرة في الفترة من 4 إلى 8 تشرين الثاني/نوفمبر 2024،",
     "الدورة الثانية عشرة للمنتدى الحضري العالمي"),
]


@pytest.mark.parametrize("language, text, words", EVENTS, ids=[f"{e[0]}: {e[2]}" for e in EVENTS])
def test_event_session_place_and_dates(language, text, words):
    (event,) = [e for e in find_entities(text, language, None) if e.kind == "event"]
    assert (event.id, event.session, event.place, event.start_date, event.end_date) == (
        "world-urban-forum-12", 12, "cairo", "2024-11-04", "2024-11-08")
    assert text[event.start:event.end] == words


@pytest.mark.parametrize("language, text, expected", [
    pytest.param("en", "the World Urban Forum, held in Cairo from 4 to 8 November 2024,", ("world-urban-forum", None, None, None),
                 id="a series has no place or dates of its own"),
    pytest.param("en", "the World Urban Forum at its eleventh session, held in Katowice from 26 to 30 June 2022",
                 ("world-urban-forum-11", None, "2022-06-26", "2022-06-30"), id="a place not in the gazetteer"),
    pytest.param("en", "the twelfth session of the World Urban Forum; the meeting in Cairo on 4 November 2024",
                 ("world-urban-forum-12", None, None, None), id="place and dates after the sentence ends are not its own"),
    pytest.param("en", "the World Urban Forum at its twelfth session, held in Cairo on 4 November 2024,",
                 ("world-urban-forum-12", "cairo", "2024-11-04", "2024-11-04"), id="one day"),
    pytest.param("zh", "世界城市论坛第十一届会议于 2022 年 6 月 26 日至 30 日举行", ("world-urban-forum-11", None, "2022-06-26", "2022-06-30"),
                 id="Chinese range within a month"),
])
def test_event_details_only_where_the_sentence_gives_them(language, text, expected):
    (event,) = [e for e in find_entities(text, language, None) if e.kind == "event"]
    assert (event.id, event.place, event.start_date, event.end_date) == expected


@pytest.mark.parametrize("language, text, expected", [
    pytest.param("en", "from 4 to 8 November 2024", ("2024-11-04", "2024-11-08"), id="English within a month"),
    pytest.param("en", "from 28 October to 1 November 2024", ("2024-10-28", "2024-11-01"), id="English across months"),
    pytest.param("fr", "du 1er au 5 juillet 2024", ("2024-07-01", "2024-07-05"), id="French 1er"),
    pytest.param("es", "del 4 al 8 de noviembre de 2024", ("2024-11-04", "2024-11-08"), id="Spanish de"),
    pytest.param("ru", "с 4 по 8 ноября 2024 года", ("2024-11-04", "2024-11-08"), id="Russian genitive month"),
    pytest.param("ar", "من 4 إلى 8 تشرين الثاني/نوفمبر 2024", ("2024-11-04", "2024-11-08"), id="Arabic double month name"),
    pytest.param("zh", "2024 年 10 月 28 日至 11 月 1 日", ("2024-10-28", "2024-11-01"), id="Chinese across months"),
    pytest.param("en", "from 8 to 4 November 2024", None, id="a range that runs backwards is none"),
    pytest.param("en", "in 2024 to 8 November", None, id="no year after the last day"),
])
def test_date_ranges(language, text, expected):
    found = find_date_range(text, language)
    assert (found[:2] if found else None) == expected


def test_57_12_event_equals_gold():
    gold, _, entities = _gold_and_found("A-HRC-RES-57-12.zh.json")
    (event,) = [e for e in entities if e.kind == "event"]
    (expected,) = gold["events"]
    places = {r["id"]: r["label"] for r in table("concept_labels") if r["language"] == "en"}
    assert (places[event.place], event.start_date, event.end_date) == (expected["place"], expected["start"], expected["end"])
    from rdflib import Literal
    from rdflib.namespace import SKOS

    from kg.concepts import concept_graph
    from kg.iri import Minter

    minter = Minter("https://example.org/")
    graph = concept_graph({("entity", event.id)}, minter)
    assert Literal(expected["label"], lang="en") in set(graph.objects(minter.concept("entity", event.id), SKOS.prefLabel))


# --- Sustainable Development Goals and targets ------------------------------------------

SDGS = [
    ("en", "including in Sustainable Development Goal 4, related to quality education,", ["sdg-4"]),
    ("en", "contributing to Goals 5, 10 and 16 and to target 11.3 of the 2030 Agenda,", ["sdg-5", "sdg-10", "sdg-16", "sdg-11-3"]),
    ("en", "in particular targets 11.3 and 11.a,", ["sdg-11-3", "sdg-11-a"]),
    ("fr", "en particulier l’objectif de développement durable 11 et la cible 11.3,", ["sdg-11", "sdg-11-3"]),
    ("es", "en particular el Objetivo de Desarrollo Sostenible 11 y la meta 11.3,", ["sdg-11", "sdg-11-3"]),
    ("ru", "в частности Цели 11 в области устойчивого развития и задачи 11.3,", ["sdg-11", "sdg-11-3"]),
    ("ar", "ولا سيما الهدف 11 من أهداف التنمية المستدامة والغاية 11.3،", ["sdg-11", "sdg-11-3"]),
    ("zh", "特别是可持续发展目标 11 和具体目标 11.3，", ["sdg-11", "sdg-11-3"]),
    ("zh", "可持续发展目标 5、10 和 16", ["sdg-5", "sdg-10", "sdg-16"]),
]


@pytest.mark.parametrize("language, text, expected", SDGS, ids=[f"{s[0]}: {' '.join(s[2])}" for s in SDGS])
def test_sdg_goals_and_targets(language, text, expected):
    found = [e for e in find_entities(text, language, None) if e.kind == "sdg"]
    assert [e.id for e in found] == expected
    assert all(text[e.start:e.end] == e.text for e in found)


@pytest.mark.parametrize("language, text", [
    pytest.param("en", "the Millennium Development Goal 1 on poverty", id="a Millennium Development Goal"),
    pytest.param("en", "the Sustainable Development Goals and targets,", id="the goals named without a number"),
    pytest.param("en", "the Sustainable Development Goal 18 does not exist", id="no goal beyond 17"),
    pytest.param("en", "a target 2030 for universal coverage", id="a year is not a target"),
    pytest.param("en", "the target 3 of the strategy", id="a target needs its goal's number"),
    pytest.param("zh", "推动可持续发展目标本地化", id="Chinese goals without a number"),
    pytest.param("zh", "千年发展目标 1", id="Chinese Millennium Development Goal"),
])
def test_no_sdg_invented(language, text):
    assert [e.id for e in find_entities(text, language, None) if e.kind == "sdg"] == []


def test_sdg_codes():
    assert [sdg_code(i) for i in ("sdg-11", "sdg-11-3", "sdg-4-a", "world-urban-forum-12")] == ["11", "11.3", "4.a", None]
