"""Follow-up: documents submitted pursuant to a resolution, and the status of its mandates."""
import pytest

from kg import query
from kg.iri import Minter
from kg.store import Store

SEED = "A/HRC/RES/57/12"

# The report 57/12 asks for in its paragraph 11, as the Office would publish it.
REPORT = """\
                                                                 A/HRC/63/40
 United Nations
                 General Assembly                                Distr.: General
                                                                 2 July 2026

                                                                 Original: English

Human Rights Council
Sixty-third session
Agenda item 3

                 Local government and human rights

                 Report of the Office of the United Nations High Commissioner for Human Rights

 I. Introduction
            1.     The present report is submitted pursuant to Human Rights Council resolution 57/12,
            in which the Council requested the Office of the High Commissioner to prepare a report
            compiling and analysing best practices of States and local governments.
            2.     In preparing the report, the Office sought the views of States, local governments,
            national human rights institutions and civil society.
"""


@pytest.fixture(scope="module")
def with_report(tmp_path_factory, corpus_dir):
    from kg.corpus import build_corpus

    folder = tmp_path_factory.mktemp("followup")
    report = folder / "A-HRC-63-40.en.txt"
    report.write_text(REPORT, encoding="utf-8")
    summary = build_corpus([corpus_dir, report], folder / "out")
    assert summary.validation.conforms, summary.render()
    return Store.open(folder / "out", read_only=True)


def status(store, **params):
    columns, rows = query.run(store, query.find("mandate-status"), {k: str(v) for k, v in params.items()})
    assert columns == ["mandating", "paragraph", "deliverable", "mandated_to", "relation", "due_session", "status",
                       "delivered_by", "evidence"]
    return [(r["mandating"], r["paragraph"], r["deliverable"], r["due_session"], r["status"], r["delivered_by"], r["evidence"])
            for r in rows]


def test_57_12_says_a_hrc_56_32_answers_51_12(built):
    out, _ = built
    store = Store.open(out, read_only=True)
    m = Minter.configured()
    rows = store.select(f"""PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
        SELECT ?where ?quote WHERE {{
          <{m.document("A/HRC/56/32")}> kg:submittedPursuantTo <{m.document("A/HRC/RES/51/12")}> .
          ?evidence a kg:Pursuance ; kg:submittedDocument <{m.document("A/HRC/56/32")}> ;
                    kg:pursuantTo <{m.document("A/HRC/RES/51/12")}> ; kg:inParagraph ?where ; kg:quote ?quote .
        }}""")[1]
    assert rows == [{"where": str(m.paragraph(SEED, "pp18")), "quote": "根据人权理事会第 51/12 号决议提交"}]


@pytest.mark.parametrize("session, expected", [
    pytest.param(59, ["open", "open"], id="59: both still to come"),
    pytest.param(60, ["overdue", "open"], id="60: the panel was due before it"),
    pytest.param(63, ["overdue", "open"], id="63: the report is due at it"),
    pytest.param(64, ["overdue", "overdue"], id="64: both past"),
])
def test_status_of_57_12_by_session_without_the_report(built, session, expected):
    out, _ = built
    rows = status(Store.open(out, read_only=True), session=session, symbol=SEED)
    assert [(r[1], r[2], r[3]) for r in rows] == [("op10", "panel", 60), ("op11", "report", 63)]
    assert [r[4] for r in rows] == expected
    assert all(r[5] is None for r in rows)


def test_the_report_submitted_pursuant_to_57_12_delivers_its_report_not_its_panel(with_report):
    assert status(with_report, session=64, symbol=SEED) == [
        (SEED, "op10", "panel", 60, "overdue", None, None),
        (SEED, "op11", "report", 63, "delivered", "A/HRC/63/40", "A/HRC/63/40 p1"),
    ]


def test_default_session_and_every_document(with_report):
    rows = status(with_report)  # session 60, every mandating document
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert {r[0] for r in rows} == {SEED, "A/RES/80/17", "A/RES/80/205", "A/RES/80/4"}
    assert (SEED, "op10", "panel", 60, "overdue", None, None) in rows
    assert all(r[4] == "open" for r in rows if r[0].startswith("A/RES/80/"))


def test_a_symbol_with_no_mandate_gives_no_rows(with_report):
    assert status(with_report, symbol="A/RES/80/1") == []
