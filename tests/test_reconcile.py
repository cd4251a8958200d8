"""Language versions of one document reconciled: one action per paragraph, merged addressees."""
from pathlib import Path

import pytest

from kg.iri import Minter
from kg.reconcile import reconcile
from kg.records import DocumentInfo, Extraction, Mandate, Paragraph, Source
from kg.store import Store
from kg.vocab import KG

SYMBOL = "A/HRC/RES/57/12"


def para(pid, actions=(), addressees=(), kind="operative"):
    number = int(pid[2:]) if kind == "operative" else None
    return Paragraph(pid, kind, number, 0, 1, action=actions[0] if actions else None, actions=tuple(actions),
                     addressees=tuple(addressees))


def version(language, paragraphs, mandates=(), symbol=SYMBOL, **facts):
    source = Source(f"57-12.{language}.txt", "x", language, "txt", language * 32)
    document = DocumentInfo(symbol=symbol, language=language, **facts)
    return Extraction(source, document, tuple(paragraphs), mandates=tuple(mandates))


def op5(extraction):
    return next(p for p in extraction.paragraphs if p.id == "op5")


@pytest.mark.parametrize("readings, action, also", [
    pytest.param({"zh": ("requests", "invites"), "fr": ("invites",)}, "invites", ("requests",),
                 id="Chinese 请 settled by the French Invite"),
    pytest.param({"zh": ("requests", "invites"), "en": ("requests",)}, "requests", ("invites",),
                 id="Chinese 请 settled by the English Requests"),
    pytest.param({"zh": ("requests", "invites"), "ar": ("invites", "requests")}, "invites", ("requests",),
                 id="two ambiguous versions: the first language's order"),
    pytest.param({"en": ("encourages",), "fr": ("invites",)}, "encourages", ("invites",),
                 id="no common reading: the first language decides"),
    pytest.param({"es": ("invites",), "zh": ()}, "invites", (),
                 id="a version whose verb was not read takes the other's"),
    pytest.param({"en": ("calls-upon",), "ru": ("calls-upon",), "zh": ("calls-upon",)}, "calls-upon", (),
                 id="three versions agreeing"),
])
def test_one_action_per_paragraph(readings, action, also):
    versions = [version(lang, [para("op5", r)]) for lang, r in readings.items()]
    out, notes = reconcile(versions)
    for x in out:
        assert (op5(x).action, op5(x).actions[1:]) == (action, also)
    disagree = [n for n in notes if "no common action" in n.message]
    assert bool(disagree) == (action not in set.intersection(*(set(r) for r in readings.values() if r)))


def test_addressees_are_merged_in_the_order_named():
    zh = version("zh", [para("op5", ("requests", "invites"), ("un-agencies", "regional-mechanisms", "nhri", "civil-society"))])
    fr = version("fr", [para("op5", ("invites",), ("un-agencies", "nhri", "city-networks"))])
    out, _ = reconcile([zh, fr])
    assert [op5(x).addressees for x in out] == [("un-agencies", "nhri", "city-networks", "regional-mechanisms", "civil-society")] * 2


def test_mandates_agree_and_merge_forms_and_those_consulted():
    en_mandate = Mandate("op10", "ohchr", "panel", 60, 0, 1, due_body="HRC", relation="before", forms=("hybrid",))
    zh_mandate = Mandate("op10", None, "panel", 61, 0, 1, due_body="HRC", relation="before",
                         forms=("accessible",), consult=("states",), detailed_in=("op12",))
    out, _ = reconcile([version("zh", [para("op10", ("requests",))], [zh_mandate]),
                        version("en", [para("op10", ("requests",))], [en_mandate])])
    for m in (x.mandates[0] for x in out):  # the English one names who must deliver: it is the more complete
        assert (m.addressee, m.due_session, m.forms, m.consult, m.detailed_in) == (
            "ohchr", 60, ("hybrid", "accessible"), ("states",), ("op12",))


def test_document_facts_that_disagree_are_settled_and_noted():
    zh = version("zh", [], session=57, adopted="2024-10-10", meeting=47, vote="without a vote")
    fr = version("fr", [], session=56, adopted="2024-10-10")
    out, notes = reconcile([zh, fr])
    assert [x.document.session for x in out] == [57, 57]
    assert [x.document.meeting for x in out] == [47, None]  # a fact a version does not give stays missing
    assert [str(n) for n in notes] == [f"{SYMBOL}: the language versions disagree on session (fr 56, zh 57); kept 57"]


def test_structure_that_differs_is_noted_and_each_version_keeps_its_paragraphs():
    zh = version("zh", [para("pp1", ("recalls",), kind="preambular"), para("op1", ("encourages",)), para("op5", ("requests", "invites"))])
    fr = version("fr", [para("op1", ("encourages",)), para("op5", ("invites",))])
    out, notes = reconcile([zh, fr])
    assert [[p.id for p in x.paragraphs] for x in out] == [["pp1", "op1", "op5"], ["op1", "op5"]]
    (note,) = notes
    assert "disagree on paragraph structure (fr 0 preambular, 2 operative" in note.message
    assert "zh 1 preambular, 2 operative" in note.message


@pytest.mark.parametrize("extractions", [
    pytest.param([version("zh", [para("op5", ("requests", "invites"))])], id="one language only"),
    pytest.param([version("zh", [para("op5", ("requests", "invites"))]), version("fr", [para("op5", ("invites",))], symbol="A/HRC/RES/57/13")],
                 id="two documents"),
    pytest.param([version("zh", [para("op5", ("requests", "invites"))]), version("zh", [para("op5", ("invites",))])],
                 id="the same language twice: a duplicate, not a version"),
    pytest.param([version("zh", [para("op5", ("requests", "invites"))], symbol=None), version("fr", [para("op5", ("invites",))], symbol=None)],
                 id="no symbol: nothing ties them"),
])
def test_nothing_to_reconcile(extractions):
    out, notes = reconcile(extractions)
    assert out == tuple(extractions) and notes == ()


# --- A French version of 57/12 built with the Chinese one from the shared corpus ---------

FRENCH = """\
 Nations Unies                                                        A/HRC/RES/57/12
                 Assemblée générale                                   Distr. générale
                                                                      16 octobre 2024

                                                                      Original : anglais

Conseil des droits de l'homme
Cinquante-septième session
9 septembre-11 octobre 2024
Point 3 de l'ordre du jour

                 Résolution adoptée par le Conseil des droits de l'homme le 10 octobre 2024

                 57/12. Gouvernements locaux et droits de l'homme

                 Le Conseil des droits de l'homme,

                 Guidé par les buts et principes de la Charte des Nations Unies,

                 Rappelant la Déclaration universelle des droits de l'homme et les instruments
            internationaux pertinents relatifs aux droits de l'homme,

                 1.    Encourage les États et les gouvernements locaux à renforcer la coordination
            et la coopération aux fins de l'élaboration et de la mise en œuvre de lois, de politiques
            et de directives intégrant la promotion et la protection des droits de l'homme dans la
            gouvernance locale ;

                 5.    Invite les organismes, fonds et programmes des Nations Unies compétents, les
            mécanismes régionaux des droits de l'homme, les institutions nationales des droits de
            l'homme, les représentants de la société civile et les autres parties prenantes à
            coopérer avec les gouvernements locaux, notamment par le renforcement des capacités ;

                 14.   Décide de rester saisi de la question.

                                                                 47e séance
                                                                 10 octobre 2024
                                                       [Adoptée sans vote.]
"""


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory, corpus_dir):
    from kg.corpus import build_corpus

    folder = tmp_path_factory.mktemp("versions")
    french = folder / "A-HRC-RES-57-12.fr.txt"
    french.write_text(FRENCH, encoding="utf-8")
    summary = build_corpus([corpus_dir / "A-HRC-RES-57-12.zh.md", french], folder / "out")
    return folder / "out", summary


def test_two_versions_conform_with_one_action_on_op5(two_versions):
    out, summary = two_versions
    assert summary.validation.conforms, summary.render()
    assert [(Path(f.path).suffix, f.status, f.symbol) for f in summary.files] == [(".md", "built", SYMBOL), (".txt", "built", SYMBOL)]
    store = Store.open(out, read_only=True)
    op5_iri = Minter.configured().paragraph(SYMBOL, "op5")
    rows = store.select(f"SELECT DISTINCT ?p ?o WHERE {{ <{op5_iri}> ?p ?o }}")[1]
    actions = {r["o"] for r in rows if r["p"] == str(KG.action)}
    also = {r["o"] for r in rows if r["p"] == str(KG.alsoReadAs)}
    texts = [r for r in rows if r["p"] == str(KG.text)]
    concept = Minter.configured().concept
    assert actions == {str(concept("action", "invites"))}
    assert also == {str(concept("action", "requests"))}
    assert len(texts) == 2  # the paragraph's words in both languages, on one node
    addressees = {r["o"].rsplit("/", 1)[-1] for r in rows if r["p"] == str(KG.addressee)}
    assert addressees == {"un-agencies", "regional-mechanisms", "nhri", "civil-society"}


def test_two_versions_that_differ_in_structure_are_noted(two_versions):
    _, summary = two_versions
    assert f"note: {SYMBOL}: the language versions disagree on paragraph structure" in summary.render()
    assert summary.notes and all(n.startswith(SYMBOL) for n in summary.notes)


def test_each_version_keeps_its_own_graph(two_versions):
    out, _ = two_versions
    names = Store.open(out, read_only=True).graph_names()
    minter = Minter.configured()
    assert {str(minter.graph(SYMBOL, "zh")), str(minter.graph(SYMBOL, "fr"))} <= set(names)
