import json

import pytest

from kg import query
from kg.build import build_graph
from kg.iri import Minter
from kg.store import Store

from sample import sample_extraction


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = Store.open(tmp_path_factory.mktemp("store"), create=True)
    dg = build_graph(sample_extraction(), Minter.configured())
    s.replace_graph(dg.name, dg.graph)
    s.refresh_union()
    return s


def test_every_library_query_has_its_comment_block():
    queries = query.library()
    assert queries
    for q in queries:
        assert q.title and q.purpose and q.columns, q.name
        assert "ORDER BY" in q.text, f"{q.name} must order its rows"


def test_cites_returns_the_citations_with_dates(store):
    columns, rows = query.run(store, query.find("cites"), {"symbol": "A/HRC/RES/57/12"})
    assert columns == ["cited", "paragraph", "date", "quote"]
    assert [(r["cited"], r["paragraph"], r["date"]) for r in rows] == [
        ("A/HRC/RES/24/2", "pp1", "2013-09-26"),
        ("A/HRC/RES/51/12", "pp1", "2022-10-06"),
    ]


def test_default_parameter_is_used(store):
    _, rows = query.run(store, query.find("cites"), {})
    assert len(rows) == 2


def test_unknown_parameter_is_ignored_with_a_warning(store):
    warnings = []
    _, rows = query.run(store, query.find("cites"), {"sesion": "57"}, warn=warnings.append)
    assert rows and warnings == ["warning: query 'cites' has no parameter 'sesion'; ignored"]


@pytest.mark.parametrize("value", ['"} DROP ALL ; #', "A/HRC/RES/57/12\" } UNION { ?s ?p ?o", "x\n} ; CLEAR ALL"])
def test_a_parameter_cannot_inject_sparql(store, value):
    before = len(store)
    _, rows = query.run(store, query.find("cites"), {"symbol": value})
    assert rows == [] and len(store) == before


def test_missing_required_parameter_names_it(tmp_path, store):
    rq = tmp_path / "needs.rq"
    rq.write_text("# title: t\n# purpose: p\n# param session: integer, required -- a session\n# columns: s\n"
                  "SELECT ?s WHERE { ?s ?p ?session } ORDER BY ?s\n")
    with pytest.raises(query.QueryError, match="'session'"):
        query.run(store, query.find(str(rq)), {})
    with pytest.raises(query.QueryError, match="integer"):
        query.run(store, query.find(str(rq)), {"session": "57; DROP"})


def test_unknown_query_lists_the_library():
    with pytest.raises(query.QueryError, match="cites"):
        query.find("no-such-query")


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_formats(store, fmt):
    columns, rows = query.run(store, query.find("cites"), {})
    out = query.render(columns, rows, fmt)
    if fmt == "json":
        assert json.loads(out)["rows"][0]["cited"] == "A/HRC/RES/24/2"
    elif fmt == "csv":
        assert out.splitlines()[0] == "cited,paragraph,date,quote"
    else:
        assert "(2 rows)" in out
