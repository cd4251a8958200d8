import json
import re

import pytest
from library_cases import quiet
from sample import sample_extraction

from kg import query
from kg.bindings import values_clause, with_values
from kg.build import build_graph
from kg.iri import Minter
from kg.store import Store


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


def test_a_language_parameter_takes_the_six_un_languages_and_no_other():
    named = query.find("mentions")
    for lang in ("ar", "en", "es", "fr", "ru", "zh"):
        assert query.bind(named, {"lang": lang})["lang"] == lang
    for other in ("de", "EN", "en-GB", ""):
        with pytest.raises(query.QueryError, match=re.escape(f"'lang' must be one of the six UN languages "
                                                             f"(ar, en, es, fr, ru, zh), not {other!r}")):
            query.bind(named, {"lang": other})


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


@pytest.mark.parametrize("count,said", [(0, "(0 rows)"), (1, "(1 row)"), (3, "(3 rows)")])
def test_a_table_ends_with_its_count_of_rows(count, said):
    assert query.render(["n"], [{"n": n} for n in range(count)], "table").splitlines()[-1] == said


COUNT_CITED = """# title: How many documents a document cites
# purpose: An aggregate whose parameter is not a GROUP BY key.
# param symbol: string, required -- the citing document
# columns: cited
PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
PREFIX cito: <http://purl.org/spar/cito/>
SELECT (COUNT(?target) AS ?cited) WHERE {
  ?doc kg:symbol ?symbol .
  OPTIONAL { ?doc cito:cites ?target }
}
"""


def test_a_parameter_that_is_no_group_key_narrows_what_an_aggregate_counts(tmp_path, store):
    rq = tmp_path / "count-cited.rq"
    rq.write_text(COUNT_CITED, encoding="utf-8")
    named = query.find(str(rq))
    # 57/12 cites 24/2 and 51/12, which cite nothing in the sample
    assert query.run(store, named, {"symbol": "A/HRC/RES/57/12"}) == (["cited"], [{"cited": 2}])
    assert query.run(store, named, {"symbol": "A/HRC/RES/24/2"}) == (["cited"], [{"cited": 0}])
    # the same block after the query is joined after the count, which then counts every document's citations
    trailing = named.text + values_clause({"symbol": "A/HRC/RES/24/2"})
    assert store.select(trailing)[1] == [{"cited": 2}]


@pytest.mark.parametrize("named", query.library(), ids=lambda q: q.name)
def test_the_store_runs_the_text_an_endpoint_is_sent(store, named):
    given = {"symbol": "A/HRC/RES/57/12"}
    assert store.select(query.bound_text(named, given, warn=quiet)) == query.run(store, named, given, warn=quiet)


# Where the parameters go: "§" marks the place, just inside the outermost WHERE group.
PLACES = [
    ("SELECT ?s WHERE {§ ?s ?p ?v } ORDER BY ?s", "after WHERE"),
    ("SELECT * {§ ?s ?p ?v }", "no WHERE keyword"),
    ("select ?s where{§ ?s ?p ?v }", "lower case, no space"),
    ("PREFIX ex: <http://example.org/{x}#>\nBASE <http://example.org/}/>\nSELECT ?s WHERE {§ ?s ex:p ?v }",
     "braces in the IRIs of PREFIX and BASE"),
    ("# SELECT ?s WHERE { ?s ?p ?o }\nSELECT ?s # {\nWHERE {§ ?s ?p ?v }", "braces and WHERE in comments"),
    ('SELECT ?s (CONCAT("} {", ?v) AS ?w) WHERE {§ ?s ?p ?v }', "braces in a string"),
    ("SELECT ?s (CONCAT(\"\"\"WHERE { \"x\" }\"\"\", '{', '''}''') AS ?w) WHERE {§ ?s ?p ?v }",
     "long and single-quoted strings"),
    ('SELECT ?s (CONCAT("\\"{", ?v) AS ?w) WHERE {§ ?s ?p ?v }', "an escaped quote in a string"),
    ("SELECT ?s (EXISTS { ?s ?p ?o } AS ?any) WHERE {§ ?s ?p ?v }", "EXISTS in a SELECT expression"),
    ("SELECT ?where WHERE {§ ?where ?p ?v }", "a variable named where"),
    ("PREFIX where: <http://example.org/>\nSELECT ?s WHERE {§ ?s where:p ?v }", "a prefix named where"),
    ("SELECT ?s FROM <http://example.org/g> WHERE {§ { SELECT ?s WHERE { ?s ?p ?v } } }", "a subquery"),
    ("ASK {§ ?s ?p ?v }", "ASK"),
    ("CONSTRUCT { ?s ?p ?v } WHERE {§ ?s ?p ?v }", "CONSTRUCT: its template first"),
    ("CONSTRUCT { ?s ?p ?v } {§ ?s ?p ?v }", "CONSTRUCT without WHERE"),
    ("DESCRIBE ?s WHERE {§ ?s ?p ?v }", "DESCRIBE"),
]


@pytest.mark.parametrize("marked", [text for text, _ in PLACES], ids=[why for _, why in PLACES])
def test_parameters_are_bound_at_the_start_of_the_outermost_where_group(marked):
    assert with_values(marked.replace("§", ""), {"v": "x"}) == marked.replace("§", ' VALUES (?v) { ("x") }')


@pytest.mark.parametrize("name", ["two words", "v}", "?v", "1v", ""])
def test_a_binding_that_is_no_variable_name_is_refused(name):
    with pytest.raises(ValueError, match="is not a SPARQL variable name"):
        values_clause({name: "x"})


@pytest.mark.parametrize("text,message", [
    ("CONSTRUCT WHERE { ?s ?p ?v }", "CONSTRUCT { ... } WHERE"),
    ("DESCRIBE <http://example.org/x>", "no WHERE group"),
    ("INSERT DATA { <http://example.org/x> <http://example.org/p> 1 }", "before SELECT"),
], ids=["CONSTRUCT WHERE", "DESCRIBE without a pattern", "an update"])
def test_a_query_with_no_group_for_the_parameters_names_the_file(tmp_path, store, text, message):
    rq = tmp_path / "nowhere.rq"
    rq.write_text(f"# title: t\n# purpose: p\n# param v: string, default * -- v; * for every v\n# columns: s\n{text}\n")
    named = query.find(str(rq))
    with pytest.raises(query.QueryError, match=re.escape(str(rq)) + ".*" + re.escape(message)):
        query.bound_text(named, {"v": "x"})
    with pytest.raises(query.QueryError, match=re.escape(str(rq)) + ".*" + re.escape(message)):
        query.run(store, named, {"v": "x"})
    assert query.bound_text(named, {}).endswith(text + "\n"), "with nothing to bind, the text is sent as it is"


@pytest.mark.parametrize("value", ['"} DROP ALL ; #', '") } } ; CLEAR ALL ; #', "x\n} ; CLEAR ALL"])
def test_a_parameter_cannot_inject_sparql_into_an_aggregate(tmp_path, store, value):
    rq = tmp_path / "count-cited.rq"
    rq.write_text(COUNT_CITED, encoding="utf-8")
    before = len(store)
    assert query.run(store, query.find(str(rq)), {"symbol": value}) == (["cited"], [{"cited": 0}])
    assert len(store) == before
