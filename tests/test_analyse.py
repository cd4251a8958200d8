"""kg.analyse on the graph of ../shared/corpus, on hand-made rows, and through a real Oxigraph server."""
import re
from collections import Counter

import pytest
from servers import load_oxigraph, oxigraph_server

from kg import query
from kg.analyse import (
    ANALYSES,
    AnalysisError,
    analyse,
    citation_graph,
    endpoint_select,
    store_select,
)


@pytest.fixture(scope="module")
def select(built):
    out, _ = built
    return store_select(out)


def test_lineage_of_57_12_is_a_chain_of_seven(select):
    columns, rows = analyse(select, "lineage", symbol="A/HRC/RES/57/12")
    assert columns == ["position", "document", "session", "date", "title", "read", "recalls", "recalled_by"]
    assert [(r["position"], r["document"], r["session"], r["recalls"], r["recalled_by"]) for r in rows] == [
        (1, "A/HRC/RES/24/2", 24, 0, 1),
        (2, "A/HRC/RES/27/4", 27, 0, 1),
        (3, "A/HRC/RES/33/8", 33, 0, 1),
        (4, "A/HRC/RES/39/7", 39, 0, 1),
        (5, "A/HRC/RES/45/7", 45, 0, 1),
        (6, "A/HRC/RES/51/12", 51, 0, 1),
        (7, "A/HRC/RES/57/12", 57, 6, 0),  # only 57/12 was read: it recalls the six before it
    ]


def canned(tables: dict[str, list[dict]], cites: dict[str, list[str]]):
    """A select that answers the library's queries from hand-made rows."""
    def select(sparql: str) -> list[dict]:
        for name, rows in tables.items():
            if sparql.startswith(query.find(name).text.splitlines()[0] + "\n"):
                return rows
        if sparql.startswith(query.find("cites-transitive").text.splitlines()[0] + "\n"):
            symbol = re.search(r'VALUES \(\?symbol\) \{ \("([^"]+)"\) \}', sparql).group(1)
            return [{"cited": c, "depth": 1, "session": None, "read": "false"} for c in cites.get(symbol, [])]
        raise AssertionError(f"unexpected query: {sparql[:60]}")
    return select


def member(document, session, date, read="true"):
    return {"document": document, "session": session, "date": date, "title": None, "read": read}


def test_lineage_puts_a_text_after_what_it_recalls_even_without_a_date():
    # C has no session nor date read, but it recalls B, and D recalls C.
    select = canned(
        {"lineage": [member("X/A", 1, "2001-01-01"), member("X/B", 2, "2002-01-01"),
                     member("X/C", None, None), member("X/D", 4, "2004-01-01")]},
        {"X/B": ["X/A"], "X/C": ["X/B"], "X/D": ["X/C", "X/A"]},
    )
    _, rows = analyse(select, "lineage", symbol="X/D")
    assert [(r["document"], r["recalls"], r["recalled_by"]) for r in rows] == [
        ("X/A", 0, 2), ("X/B", 1, 1), ("X/C", 1, 1), ("X/D", 2, 0)]


def test_lineage_of_texts_recalling_each_other_falls_back_to_their_dates():
    select = canned({"lineage": [member("X/B", 2, "2002-01-01"), member("X/A", 1, "2001-01-01")]},
                    {"X/A": ["X/B"], "X/B": ["X/A"]})
    _, rows = analyse(select, "lineage", symbol="X/A")
    assert [r["document"] for r in rows] == ["X/A", "X/B"]


def test_most_cited_agrees_with_the_query_and_the_documents(select, built):
    columns, rows = analyse(select, "most-cited")
    assert columns == ["rank", "symbol", "cited_by", "citations", "cites", "read"]
    assert [(r["rank"], r["symbol"], r["cited_by"], r["citations"]) for r in rows[:4]] == [
        (1, "A/HRC/RES/5/1", 3, 5), (2, "A/RES/217(III)", 3, 3), (3, "A/RES/2200(XXI)", 3, 3), (4, "A/RES/70/1", 3, 3)]
    out, _ = built
    from kg.store import Store

    _, by_query = query.run(Store.open(out, read_only=True), query.find("most-cited"), {})
    assert {r["symbol"]: (r["cited_by"], r["citations"]) for r in rows} == {
        r["symbol"]: (r["cited_by"], r["citations"]) for r in by_query}


def test_pagerank_flows_from_citing_to_cited(select):
    columns, rows = analyse(select, "central")
    assert columns == ["rank", "symbol", "pagerank", "cited_by", "cites", "read"]
    assert len(rows) == 172
    assert abs(sum(r["pagerank"] for r in rows) - 1) < 1e-3
    read = [r["pagerank"] for r in rows if r["read"] == "true"]
    cited_twice = [r["pagerank"] for r in rows if r["cited_by"] >= 2]
    assert len(read) == 11 and max(read) < min(cited_twice), "a text nobody cites ranks below one two texts cite"
    assert [r["pagerank"] for r in rows] == sorted((r["pagerank"] for r in rows), reverse=True)


def test_components_follow_the_shared_citations(select):
    columns, rows = analyse(select, "clusters")
    assert columns == ["cluster", "size", "symbol", "read", "degree"]
    read = {}
    for r in rows:
        if r["read"] == "true":
            read.setdefault(r["cluster"], set()).add(r["symbol"])
    assert read == {
        1: {"A/RES/80/17"},  # 80/17 and the 55 documents it cites, shared with no other text
        # 57/12 shares the 2030 Agenda (70/1) with 80/10 and 80/205; 80/195 shares the UDHR and the Covenants
        2: {"A/HRC/RES/57/12", "A/RES/80/10", "A/RES/80/195", "A/RES/80/205"},
        3: {"A/RES/80/4"},
        4: {"A/HRC/DEC/14/105", "A/HRC/DEC/43/112", "A/HRC/WG.6/48/SVN/2"},  # Slovenia's UPR: 5/1, 60/251...
        5: {"A/RES/80/230"},
        6: {"A/RES/80/1"},
    }
    sizes = dict(Counter(r["cluster"] for r in rows))
    assert sizes == {1: 56, 2: 55, 3: 36, 4: 17, 5: 5, 6: 3} and sum(sizes.values()) == 172
    network = query.find("citation-network")
    edges = select(query.bound_text(network, {}))
    group = {"A/HRC/RES/57/12", "A/RES/80/10", "A/RES/80/195", "A/RES/80/205"}
    assert len(group | {e["cited"] for e in edges if e["citing"] in group}) == 55


def test_communities_split_components_where_few_citations_hold_them(select):
    _, components = analyse(select, "clusters", method="components")
    _, communities = analyse(select, "clusters", method="communities")
    component_of = {r["symbol"]: r["cluster"] for r in components}
    community_of = {r["symbol"]: r["cluster"] for r in communities}
    for symbol, community in community_of.items():
        together = {s for s, c in community_of.items() if c == community}
        assert {component_of[s] for s in together} == {component_of[symbol]}, "a community stays in its component"
    assert community_of["A/HRC/RES/57/12"] != community_of["A/RES/80/10"]
    assert len(set(community_of.values())) > len(set(component_of.values()))
    assert analyse(select, "clusters", method="communities") == (["cluster", "size", "symbol", "read", "degree"], communities)
    with pytest.raises(AnalysisError, match="components, communities"):
        analyse(select, "clusters", method="louvain")


def test_actor_by_action_matrix(select):
    columns, rows = analyse(select, "actors")
    assert columns == ["addressee", "label", "calls-upon", "encourages", "invites", "reiterates", "requests", "urges", "total"]
    states = rows[0]
    # 57/12 op1-4 encourage; 80/205 op17, op19 call upon; 80/17 op7 invites; 80/4 op2 reiterates;
    # 80/195 op2, 80/205 op18, 80/4 op3 urge
    assert states == {"addressee": "states", "label": "States", "calls-upon": 2, "encourages": 4, "invites": 1,
                      "reiterates": 1, "requests": 0, "urges": 3, "total": 11}
    ohchr = next(r for r in rows if r["addressee"] == "ohchr")
    assert ohchr["requests"] == ohchr["total"] == 6
    _, french = analyse(select, "actors", lang="fr")
    assert french[0]["label"] == "États"


def test_the_citation_graph_has_every_document_once(select):
    graph = citation_graph(select)
    assert graph.number_of_nodes() == 172 and graph.number_of_edges() == 179
    assert graph.nodes["A/HRC/RES/57/12"]["read"] and graph.nodes["A/HRC/RES/57/12"]["session"] == 57
    assert graph["A/HRC/RES/57/12"]["A/HRC/RES/51/12"]["weight"] == 2


def test_unknown_analysis_and_parameters(select):
    with pytest.raises(AnalysisError, match="actors, central, clusters, lineage, most-cited"):
        analyse(select, "pagerank")
    warnings = []
    _, rows = analyse(select, "most-cited", warn=warnings.append, symbol="A/HRC/RES/57/12")
    assert rows and warnings == ["warning: analysis 'most-cited' has no parameter 'symbol'; ignored"]


def test_analyses_on_an_oxigraph_server_give_the_same_rows(built, select, tmp_path):
    out, _ = built
    load_oxigraph(tmp_path / "db", out / "kg.trig")
    with oxigraph_server(tmp_path / "db", union_default_graph=True, read_only=True) as server:
        remote = endpoint_select(server.query_url, timeout=30)
        for what in sorted(ANALYSES):
            assert analyse(remote, what) == analyse(select, what), what
