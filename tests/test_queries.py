"""The query library on the graph of ../shared/corpus: the rows each query must return.

Expected rows were read off the documents themselves (the Chinese text of HRC
resolution 57/12, the General Assembly resolutions of the eightieth session, the
UPR documents on Slovenia), not copied from the output.
"""
from collections import Counter

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, SKOS

from kg import query
from kg.iri import Minter
from kg.read import read_file
from kg.store import Store
from kg.vocab import CITO, KG

LOCAL_GOVERNMENT_SERIES = [
    # 57/12, pp3: 又回顾人权理事会关于地方政府与人权的 2013 年 9 月 26 日第 24/2 号决议、...
    ("A/HRC/RES/24/2", 24, "2013-09-26"),
    ("A/HRC/RES/27/4", 27, "2014-09-25"),
    ("A/HRC/RES/33/8", 33, "2016-09-29"),
    ("A/HRC/RES/39/7", 39, "2018-09-27"),
    ("A/HRC/RES/45/7", 45, "2020-10-06"),
    ("A/HRC/RES/51/12", 51, "2022-10-06"),
    ("A/HRC/RES/57/12", 57, "2024-10-10"),  # adopted 2024年10月10日
]


@pytest.fixture(scope="module")
def store(built):
    out, _ = built
    return Store.open(out, read_only=True)


def run(store, name, **given):
    warnings = []
    columns, rows = query.run(store, query.find(name), {k: str(v) for k, v in given.items()}, warn=warnings.append)
    assert not warnings, warnings
    assert columns == list(query.find(name).columns), "the comment block's columns are the columns"
    return rows


def pick(rows, *names):
    return [tuple(row[n] for n in names) for row in rows]


def stored(graph, tmp_path_factory, name):
    """A store of its own holding ``graph`` as a named graph, and the union of it."""
    store = Store.open(tmp_path_factory.mktemp(name), create=True)
    store.replace_graph(Minter.configured().special_graph(name), graph)
    store.refresh_union()
    return store


# --- the library as a whole ----------------------------------------------------


def test_the_library_has_the_queries_the_users_ask_for():
    names = {q.name for q in query.library()}
    assert {"cites", "mandate-status", "cites-transitive", "cited-by", "lineage", "actions", "mandates",
            "mentions", "mentions-by-year", "most-cited", "citation-evidence", "titles", "documents",
            "paragraphs", "actor-action", "citation-network"} <= names
    assert len(names) >= 13


@pytest.mark.parametrize("named", query.library(), ids=lambda q: q.name)
def test_every_query_runs_given_only_a_symbol_and_orders_its_rows(store, named):
    given = {"symbol": "A/HRC/RES/57/12"}
    first = query.run(store, named, given, warn=lambda message: None)
    again = query.run(store, named, given, warn=lambda message: None)
    assert first == again
    assert first[0] == list(named.columns)
    assert "ORDER BY" in named.text


@pytest.mark.parametrize("named", query.library(), ids=lambda q: q.name)
def test_parameters_share_their_names_and_types_across_the_library(named):
    types = {"symbol": "string", "session": "integer", "lang": "language", "addressee": "string",
             "action": "string", "concept": "string", "body": "string", "cited": "string",
             "deliverable": "string", "kind": "string"}
    for parameter in named.parameters:
        assert parameter.name in types, f"{named.name}: a new parameter name {parameter.name!r}"
        assert parameter.type == types[parameter.name], (named.name, parameter.name)
        assert parameter.default is not None, f"{named.name}: {parameter.name} has no default"
        if parameter.name == "lang":
            assert parameter.default == "en"


def test_a_star_leaves_a_parameter_unbound(store):
    named = query.find("documents")
    assert query.bind(named, {"session": "*", "body": "HRC"}) == {"body": "HRC", "lang": "en"}
    assert run(store, "documents", session="*") == run(store, "documents")


@pytest.mark.parametrize("name, given", [("mandate-status", {"session": "*"}), ("paragraphs", {"symbol": "*"})])
def test_a_star_is_refused_where_a_parameter_names_one_value(store, name, given):
    with pytest.raises(query.QueryError, match=f"parameter '{next(iter(given))}' takes one value, not \\*"):
        query.run(store, query.find(name), given)


# --- citations -------------------------------------------------------------------


def test_cites_transitive_from_57_12_reaches_the_twelve_documents_it_cites(store):
    rows = run(store, "cites-transitive")
    # pp3 recalls six HRC resolutions, pp4 the 2030 Agenda (70/1), the New Urban Agenda
    # (71/256) and 78/1; pp18 51/12 and the OHCHR report A/HRC/56/32; pp28 76/6; pp29 79/1.
    assert pick(rows, "cited", "depth", "session", "read") == [
        ("A/HRC/56/32", 1, 56, "false"),
        ("A/HRC/RES/24/2", 1, 24, "false"),
        ("A/HRC/RES/27/4", 1, 27, "false"),
        ("A/HRC/RES/33/8", 1, 33, "false"),
        ("A/HRC/RES/39/7", 1, 39, "false"),
        ("A/HRC/RES/45/7", 1, 45, "false"),
        ("A/HRC/RES/51/12", 1, 51, "false"),
        ("A/RES/70/1", 1, 70, "false"),
        ("A/RES/71/256", 1, 71, "false"),
        ("A/RES/76/6", 1, 76, "false"),
        ("A/RES/78/1", 1, 78, "false"),
        ("A/RES/79/1", 1, 79, "false"),
    ]


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    """A store of seven documents citing in a chain A -> B -> C -> D -> E -> F -> G -> A,
    with a short cut A -> C: C is one step away, G five, and A cites itself only round the cycle."""
    minter = Minter.configured()
    symbols = [f"A/HRC/RES/90/{n}" for n in range(1, 8)]
    graph = Graph()
    docs = [minter.document(s) for s in symbols]
    for doc, symbol in zip(docs, symbols):
        graph.add((doc, KG.symbol, Literal(symbol)))
        graph.add((doc, KG.session, Literal(90)))
    graph.add((docs[0], KG.hasExpression, minter.expression(symbols[0], "en")))
    for here, there in zip(docs, docs[1:] + docs[:1]):
        graph.add((here, CITO.cites, there))
    graph.add((docs[0], CITO.cites, docs[2]))
    graph.add((docs[0], RDF.type, KG.Resolution))
    return stored(graph, tmp_path_factory, "chain")


def test_cites_transitive_counts_the_shortest_chain_and_leaves_the_far_ones_without_depth(chain):
    rows = run(chain, "cites-transitive", symbol="A/HRC/RES/90/1")
    assert pick(rows, "cited", "depth") == [
        ("A/HRC/RES/90/2", 1),
        ("A/HRC/RES/90/3", 1),  # the short cut wins over A -> B -> C
        ("A/HRC/RES/90/4", 2),
        ("A/HRC/RES/90/5", 3),
        ("A/HRC/RES/90/6", 4),
        ("A/HRC/RES/90/7", None),  # five steps: beyond the counted depths, still listed
    ]
    assert "A/HRC/RES/90/1" not in [r["cited"] for r in rows], "a cycle back to the document is not a citation of it"
    assert pick(run(chain, "cites-transitive", symbol="A/HRC/RES/90/6"), "cited", "depth") == [
        ("A/HRC/RES/90/7", 1), ("A/HRC/RES/90/1", 2), ("A/HRC/RES/90/2", 3), ("A/HRC/RES/90/3", 3),
        ("A/HRC/RES/90/4", 4), ("A/HRC/RES/90/5", None),
    ]


def test_cited_by_70_1_is_three_documents_and_the_words_they_use(store):
    rows = run(store, "cited-by")  # default: A/RES/70/1, the 2030 Agenda
    assert pick(rows, "citing", "date", "paragraph", "language", "quote") == [
        ("A/HRC/RES/57/12", "2024-10-10", "pp4", "zh", "第 70/1 号决议"),
        ("A/RES/80/10", "2025-11-26", "pp4", "en", "Resolution 70/1"),  # footnote 11 of "Reaffirming the 2030 Agenda"
        ("A/RES/80/205", "2025-12-18", "op4", "en", "Resolution 70/1"),  # footnote 9 of op4 "Also recalls the adoption of the 2030 Agenda"
    ]


def test_cited_by_5_1_counts_each_paragraph_that_recalls_it(store):
    rows = run(store, "cited-by", symbol="A/HRC/RES/5/1")
    assert pick(rows, "citing", "paragraph") == [
        ("A/HRC/WG.6/48/SVN/2", "p1"),  # "prepared pursuant to Human Rights Council resolutions 5/1 and 16/21"; no date read
        ("A/HRC/DEC/14/105", "pp1"),
        ("A/HRC/DEC/14/105", "pp2"),
        ("A/HRC/DEC/43/112", "pp1"),
        ("A/HRC/DEC/43/112", "pp2"),
    ]


def test_most_cited_starts_with_the_documents_three_texts_cite(store):
    rows = run(store, "most-cited")
    top = pick(rows, "symbol", "body", "cited_by", "citations")[:4]
    # 5/1 by both UPR decisions (twice each) and the compilation; the UDHR (217 A (III)),
    # the Covenants (2200 A (XXI)) and the 2030 Agenda (70/1) by three texts each.
    assert top == [
        ("A/HRC/RES/5/1", "HRC", 3, 5),
        ("A/RES/217(III)", "GA", 3, 3),  # symbols in code-point order on a tie
        ("A/RES/2200(XXI)", "GA", 3, 3),
        ("A/RES/70/1", "GA", 3, 3),
    ]
    assert all(r["cited_by"] <= 3 for r in rows)
    assert [r["cited_by"] for r in rows] == sorted((r["cited_by"] for r in rows), reverse=True)
    assert len(rows) == 161  # every document cited; 172 in the graph less the 11 cited by none
    hrc = run(store, "most-cited", body="HRC")
    assert {r["body"] for r in hrc} == {"HRC"} and hrc[0]["symbol"] == "A/HRC/RES/5/1"


def test_citation_network_has_each_link_once_with_its_places(store):
    rows = run(store, "citation-network")
    out_degree = Counter(r["citing"] for r in rows)
    assert out_degree["A/HRC/RES/57/12"] == 12
    assert out_degree["A/RES/80/17"] == 55  # 51 in pp1 and its 3 reports, S-10/2 in pp2
    by_link = {(r["citing"], r["cited"]): r["citations"] for r in rows}
    assert by_link[("A/HRC/RES/57/12", "A/HRC/RES/51/12")] == 2  # pp3 and pp18
    assert by_link[("A/RES/80/17", "A/RES/79/16")] == 3  # pp1, pp12, op8
    assert len(rows) == len(by_link)


def test_citation_evidence_gives_the_words_at_their_offsets_and_the_paragraph(store, corpus_dir):
    rows = run(store, "citation-evidence")
    text = read_file(str(corpus_dir / "A-HRC-RES-57-12.zh.md")).text
    assert len(rows) == 13
    for row in rows:
        assert " ".join(text[row["start"]:row["end"]].split()) == row["quote"]
        assert row["language"] == "zh"
        if row["cited"] == "A/HRC/56/32":
            # the words are footnote 1; the citation belongs to the paragraph that calls it
            assert row["paragraph"] == "pp18" and "<sup>1</sup>" in row["text"]
        else:
            assert row["quote"].replace(" ", "") in row["text"].replace(" ", "")
    assert pick(rows, "cited", "paragraph", "date")[:3] == [
        ("A/HRC/RES/24/2", "pp3", "2013-09-26"),
        ("A/HRC/RES/27/4", "pp3", "2014-09-25"),
        ("A/HRC/RES/33/8", "pp3", "2016-09-29"),
    ]
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)


def test_citation_evidence_for_one_cited_document(store):
    rows = run(store, "citation-evidence", symbol="A/RES/80/17", cited="A/RES/79/16")
    assert pick(rows, "paragraph", "quote", "date") == [
        ("pp1", "79/16", "2024-12-02"),  # "... and 79/16 of 2 December 2024 on the establishment ..."
        ("pp12", "resolution 79/16", None),  # "Having examined the report of the Secretary-General on the implementation of resolution 79/16"
        ("op8", "resolution 79/16", None),
    ]


# --- series ----------------------------------------------------------------------


@pytest.mark.parametrize("symbol", ["A/HRC/RES/57/12", "A/HRC/RES/45/7", "A/HRC/RES/24/2"],
                         ids=["from the text read", "from a member only cited", "from the first member"])
def test_lineage_of_the_local_government_series(store, symbol):
    rows = run(store, "lineage", symbol=symbol)
    assert pick(rows, "document", "session", "date") == LOCAL_GOVERNMENT_SERIES
    assert [r["read"] for r in rows] == ["false"] * 6 + ["true"]
    assert rows[-1]["title"] == "地方政府与人权"  # read in Chinese only: it stands in for English


def test_lineage_of_the_middle_east_series_leaves_out_the_special_session(store):
    rows = run(store, "lineage", symbol="A/RES/80/17")
    documents = [r["document"] for r in rows]
    assert len(documents) == 52  # 3263 (XXIX), 3474 (XXX), 31/71 ... 79/16, and 80/17
    assert documents[:3] == ["A/RES/3263(XXIX)", "A/RES/3474(XXX)", "A/RES/31/71"]
    assert documents[-2:] == ["A/RES/79/16", "A/RES/80/17"]
    assert "A/RES/S-10/2" not in documents  # the Final Document, recalled alone in pp2
    assert [r["session"] for r in rows] == sorted(r["session"] for r in rows)


def test_lineage_leaves_out_instruments_recalled_by_footnote(store):
    documents = [r["document"] for r in run(store, "lineage", symbol="A/RES/80/205")]
    # pp1 recalls the Universal Declaration and the Covenants by name, their symbols in footnotes
    assert "A/RES/217(III)" not in documents and "A/RES/2200(XXI)" not in documents
    assert documents[-1] == "A/RES/80/205" and "A/RES/78/201" in documents


@pytest.fixture(scope="module")
def titled(tmp_path_factory):
    """Two resolutions of one title read in several languages, the later citing the earlier, and
    a third given two titles in one language."""
    minter = Minter.configured()
    titles = {"X/RES/1": [("Gouvernement local", "fr"), ("地方政府", "zh")],
              "X/RES/2": [("Local government", "en"), ("Gouvernement local", "fr")],
              "X/RES/3": [("Local governments", "en"), ("Local government", "en")]}
    graph = Graph()
    for session, (symbol, read) in enumerate(titles.items(), start=1):
        doc = minter.document(symbol)
        graph.add((doc, KG.symbol, Literal(symbol)))
        graph.add((doc, RDF.type, KG.Resolution))
        graph.add((doc, KG.body, minter.concept("body", "hrc")))
        graph.add((doc, KG.session, Literal(session)))
        for title, language in read:
            graph.add((doc, DCTERMS.title, Literal(title, lang=language)))
    graph.add((minter.document("X/RES/2"), CITO.cites, minter.document("X/RES/1")))
    return stored(graph, tmp_path_factory, "titled")


@pytest.mark.parametrize("lang, expected", [
    ("fr", ["Gouvernement local", "Gouvernement local"]),
    ("zh", ["地方政府", "Local government"]),  # no Chinese title of X/RES/2: English is the first read
    ("en", ["Gouvernement local", "Local government"]),  # French comes before Chinese
    ("ru", ["Gouvernement local", "Local government"]),
])
def test_lineage_gives_each_title_in_the_language_asked_or_the_first_read(titled, lang, expected):
    rows = run(titled, "lineage", symbol="X/RES/2", lang=lang)
    assert pick(rows, "document", "title") == list(zip(["X/RES/1", "X/RES/2"], expected))


@pytest.mark.parametrize("lang, expected", [
    ("fr", ["Gouvernement local", "Gouvernement local"]),
    ("zh", ["地方政府", "Local government"]),
    ("en", ["Gouvernement local", "Local government"]),  # French comes before Chinese
    ("ar", ["Gouvernement local", "Local government"]),
])
def test_documents_gives_a_row_for_each_document_with_its_title_in_the_language_asked_or_the_first_read(
        titled, lang, expected):
    rows = run(titled, "documents", lang=lang)
    # two titles in one language: the row is one, with the title that sorts first
    assert pick(rows, "symbol", "title") == list(zip(["X/RES/1", "X/RES/2", "X/RES/3"], [*expected, "Local government"]))


# --- who is asked to do what -----------------------------------------------------


def test_actions_of_57_12_paragraph_by_paragraph(store):
    rows = run(store, "actions", symbol="A/HRC/RES/57/12", lang="zh")
    main = [(r["paragraph"], r["action"], r["addressee"]) for r in rows if r["reading"] == "main"]
    assert main == [
        ("op1", "encourages", "local-governments"), ("op1", "encourages", "states"),  # 鼓励各国和地方政府
        ("op2", "encourages", "local-governments"), ("op2", "encourages", "states"),
        ("op3", "encourages", "states"),
        ("op4", "encourages", "states"),
        ("op5", "requests", "civil-society"), ("op5", "requests", "nhri"),  # 请联合国相关机构...区域人权机制、国家人权机构、民间社会代表
        ("op5", "requests", "regional-mechanisms"), ("op5", "requests", "un-agencies"),
        ("op6", "encourages", "local-governments"),
        ("op7", "encourages", "local-governments"),
        ("op8", "calls-upon", "local-governments"),  # 吁请地方政府
        ("op9", "encourages", "local-governments"),
        ("op10", "requests", "ohchr"), ("op11", "requests", "ohchr"),
        ("op12", "requests", "ohchr"), ("op13", "requests", "ohchr"),
    ]
    assert {(r["action_label"], r["addressee_label"]) for r in rows if r["paragraph"] == "op8"} == {("吁请", "地方政府")}
    # 请 also reads as "invites": those rows say so
    assert {r["paragraph"] for r in rows if r["reading"] == "also"} == {"op5", "op10", "op11", "op12", "op13"}


def test_actions_filtered_by_addressee_and_action_across_resolutions(store):
    rows = run(store, "actions", addressee="secretary-general", action="requests")
    assert pick(rows, "symbol", "date", "paragraph") == [
        ("A/RES/80/4", "2025-10-29", "op4"),
        ("A/RES/80/10", "2025-11-26", "op2"),
        ("A/RES/80/17", "2025-12-01", "op10"),
        ("A/RES/80/17", "2025-12-01", "op11"),  # "Also requests the Secretary-General to submit ..."
        ("A/RES/80/205", "2025-12-18", "op24"),
    ]
    ohchr = run(store, "actions", addressee="ohchr", lang="fr")
    assert [(r["symbol"], r["paragraph"]) for r in ohchr if r["reading"] == "main"] == [
        ("A/HRC/RES/57/12", "op10"), ("A/HRC/RES/57/12", "op11"), ("A/HRC/RES/57/12", "op12"),
        ("A/HRC/RES/57/12", "op13"), ("A/RES/80/205", "op21"), ("A/RES/80/205", "op22"),
    ]
    assert {r["addressee_label"] for r in ohchr} == {"Haut-Commissariat des Nations Unies aux droits de l'homme"}
    assert run(store, "actions", addressee="no-such-actor") == []


def test_actor_action_counts_paragraphs_and_documents(store):
    rows = run(store, "actor-action")
    counts = {(r["addressee"], r["action"]): (r["paragraphs"], r["documents"]) for r in rows}
    assert counts[("ohchr", "requests")] == (6, 2)  # 57/12 op10-13, 80/205 op21-22
    assert counts[("secretary-general", "requests")] == (5, 4)
    assert counts[("local-governments", "encourages")] == (5, 1)  # 57/12 op1, op2, op6, op7, op9
    assert counts[("states", "urges")] == (3, 3)  # 80/195 op2, 80/205 op18, 80/4 op3
    assert ("ohchr", "invites") not in counts, "only the opening verb is counted"
    assert sum(p for p, _ in counts.values()) == len(
        [r for r in run(store, "actions") if r["reading"] == "main"])


def test_mandates_given(store):
    rows = run(store, "mandates")
    assert pick(rows, "symbol", "paragraph", "addressee", "deliverable", "relation", "due_session", "due_body") == [
        ("A/HRC/RES/57/12", "op10", "ohchr", "panel", "before", 60, "HRC"),  # 在人权理事会第六十届会议之前...专题小组讨论会
        ("A/HRC/RES/57/12", "op11", "ohchr", "report", "at", 63, "HRC"),  # 向理事会第六十三届会议提交这份报告
        ("A/RES/80/4", "op4", "secretary-general", "report", "at", 81, "GA"),
        ("A/RES/80/17", "op11", "secretary-general", "report", "at", 81, "GA"),
        ("A/RES/80/205", "op24", "secretary-general", "report", "at", 82, "GA"),
    ]
    assert rows[1]["text"].startswith("11. **又请**高级专员办事处编写一份报告")
    assert pick(run(store, "mandates", addressee="ohchr", deliverable="panel"), "symbol", "paragraph") == [
        ("A/HRC/RES/57/12", "op10")]


@pytest.fixture(scope="module")
def mandated(tmp_path_factory):
    """A report asked for in a paragraph read in French and Chinese, and one in a paragraph
    read in Russian only."""
    minter = Minter.configured()
    graph = Graph()
    for symbol, texts in {"X/RES/1": [("1. Prie le ...", "fr"), ("1. 请...", "zh")],
                          "X/RES/2": [("1. Просит ...", "ru")]}.items():
        doc, paragraph = minter.document(symbol), minter.paragraph(symbol, "op1")
        graph.add((doc, KG.symbol, Literal(symbol)))
        graph.add((paragraph, DCTERMS.isPartOf, doc))
        graph.add((paragraph, KG.paragraphId, Literal("op1")))
        graph.add((paragraph, KG.position, Literal(1)))
        for text, language in texts:
            graph.add((paragraph, KG.text, Literal(text, lang=language)))
        mandate = minter.mandate(symbol, "op1", 1)
        graph.add((mandate, RDF.type, KG.Mandate))
        graph.add((mandate, KG.givenIn, paragraph))
        graph.add((mandate, KG.deliverable, minter.concept("deliverable", "report")))
    graph.add((minter.concept("deliverable", "report"), SKOS.notation, Literal("report")))
    return stored(graph, tmp_path_factory, "mandated")


@pytest.mark.parametrize("lang, expected", [
    ("zh", ["1. 请...", "1. Просит ..."]),
    ("ru", ["1. Prie le ...", "1. Просит ..."]),  # French comes before Chinese
    ("en", ["1. Prie le ...", "1. Просит ..."]),
])
def test_mandates_give_the_text_in_the_language_asked_or_the_first_read(mandated, lang, expected):
    rows = run(mandated, "mandates", lang=lang)
    assert pick(rows, "symbol", "deliverable", "text") == list(zip(["X/RES/1", "X/RES/2"], ["report"] * 2, expected))


# --- mentions --------------------------------------------------------------------


def test_mentions_of_the_upr_with_their_words_at_their_offsets(store, corpus_dir):
    rows = run(store, "mentions", concept="upr")
    assert Counter(r["symbol"] for r in rows) == {
        "A/HRC/WG.6/48/SVN/2": 5, "A/HRC/DEC/14/105": 4, "A/HRC/DEC/43/112": 4, "A/HRC/RES/57/12": 4}
    # 57/12: pp25 普遍定期审议、条约机构、特别程序; pp27 the Secretary-General's call to action; op4 twice
    assert [r["paragraph"] for r in rows if r["symbol"] == "A/HRC/RES/57/12"] == ["pp25", "pp27", "op4", "op4"]
    text = read_file(str(corpus_dir / "A-HRC-RES-57-12.zh.md")).text
    for row in rows:
        if row["symbol"] == "A/HRC/RES/57/12":
            assert text[row["start"]:row["end"]] == row["quote"] == "普遍定期审议"
    assert {r["label"] for r in rows} == {"universal periodic review"}


def test_mentions_in_57_12_name_its_instruments_in_the_language_asked(store):
    rows = run(store, "mentions", symbol="A/HRC/RES/57/12", lang="zh")
    pp2 = [(r["concept"], r["label"]) for r in rows if r["paragraph"] == "pp2"]
    # 回顾《世界人权宣言》...《公民及政治权利国际公约》和《经济社会文化权利国际公约》
    assert pp2 == [("udhr", "世界人权宣言"), ("iccpr", "公民及政治权利国际公约"), ("icescr", "经济社会文化权利国际公约")]
    assert ("pp1", "un-charter") in [(r["paragraph"], r["concept"]) for r in rows]  # 遵循《联合国宪章》


def test_mentions_by_year_of_the_upr(store):
    rows = run(store, "mentions-by-year", concept="upr")
    assert pick(rows, "year", "body", "session", "documents", "mentions") == [
        (None, "HRC", 48, 1, 5),  # the compilation for the 48th session of the UPR working group: no date read
        (2010, "HRC", 14, 1, 4),
        (2020, "HRC", 43, 1, 4),
        (2024, "HRC", 57, 1, 4),
    ]


def test_the_counts_made_by_the_build_are_those_of_the_citations_and_mentions_listed(store):
    """most-cited and mentions-by-year read counts the build made; the listings count them again here."""
    citations, citing = Counter(), {}
    for r in run(store, "citation-network"):
        citations[r["cited"]] += r["citations"]
        citing.setdefault(r["cited"], set()).add(r["citing"])
    assert {r["symbol"]: (r["cited_by"], r["citations"]) for r in run(store, "most-cited")} == {
        symbol: (len(citing[symbol]), citations[symbol]) for symbol in citations}

    listed = run(store, "mentions")
    mentions = Counter((r["concept"], r["date"] and int(r["date"][:4])) for r in listed)
    documents = Counter((concept, year) for concept, year, _ in {
        (r["concept"], r["date"] and int(r["date"][:4]), r["symbol"]) for r in listed})
    by_year = run(store, "mentions-by-year")
    assert len(by_year) >= len(mentions) > 20
    summed_mentions, summed_documents = Counter(), Counter()
    for r in by_year:
        summed_mentions[r["concept"], r["year"]] += r["mentions"]
        summed_documents[r["concept"], r["year"]] += r["documents"]
    assert summed_mentions == mentions and summed_documents == documents

# --- documents and their parts -----------------------------------------------------


def test_titles_of_57_12(store):
    assert run(store, "titles") == [
        {"language": "zh", "title": "地方政府与人权", "file": "A-HRC-RES-57-12.zh.md", "format": "md"}]


def test_documents_of_session_57(store):
    rows = run(store, "documents", session=57)
    assert pick(rows, "symbol", "kind", "body", "read") == [
        ("A/RES/57/11", "Resolution", "GA", "false"),  # recalled by 80/4 (Cuba embargo series)
        ("A/RES/57/55", "Resolution", "GA", "false"),  # recalled by 80/17
        ("A/RES/57/204", "Resolution", "GA", "false"),  # recalled by 80/205
        ("A/HRC/RES/57/12", "Resolution", "HRC", "true"),
    ]


def test_documents_by_body_and_kind(store, built):
    _, summary = built
    everything = run(store, "documents")
    assert len(everything) == summary.documents == 172
    assert sum(r["read"] == "true" for r in everything) == 11
    decisions = run(store, "documents", body="HRC", kind="Decision")
    assert pick(decisions, "symbol", "session", "date", "title") == [
        ("A/HRC/DEC/14/105", 14, "2010-06-09", "Outcome of the Universal Periodic Review: Slovenia"),
        ("A/HRC/DEC/43/112", 43, "2020-03-12", "Outcome of the universal periodic review: Slovenia"),
    ]
    # the Committee against Torture's concluding observations on Slovenia, cited by the compilation:
    # their symbols tell no session, and the session filter's value is then empty, not unbound
    assert pick(run(store, "documents", body="CAT"), "symbol", "session") == [
        ("CAT/C/SVN/CO/3", ""), ("CAT/C/SVN/CO/4", "")]
    assert all(r["session"] == 57 for r in run(store, "documents", session=57))


def test_paragraphs_of_57_12_in_order_with_their_actions(store):
    rows = run(store, "paragraphs")
    assert len(rows) == 50  # 32 preambular, 14 operative, op8 (a)-(d)
    assert [r["position"] for r in rows] == list(range(1, 51))
    assert Counter(r["kind"] for r in rows) == {"PreambularParagraph": 32, "OperativeParagraph": 14, "SubParagraph": 4}
    assert pick(rows, "paragraph", "action", "modifier")[2:4] == [("pp3", "recalls", "also"), ("pp4", "recalls", "further")]
    assert pick(rows, "paragraph", "action")[-1] == ("op14", "decides")  # 14. **决定**继续处理此事。
    assert rows[-1]["text"] == "14. **决定**继续处理此事。"
    assert [r["paragraph"] for r in rows if r["kind"] == "SubParagraph"] == ["op8.a", "op8.b", "op8.c", "op8.d"]
