"""Mentions of mechanisms, actors, instruments, events and places."""
import json
from pathlib import Path

import pytest

from kg.entities import find_entities
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
