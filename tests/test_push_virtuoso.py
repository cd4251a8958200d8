"""kg push and kg query --endpoint on a real Virtuoso server, when the machine has one.

Virtuoso is the Debian package virtuoso-opensource; without it these tests are
skipped, saying so. The server (tests/servers.py) gets a new database in a
temporary folder, listens on 127.0.0.1, and is stopped when the module is done.
It is set up as the README tells a user to: the graphs are written by ``dba``
through ``/sparql-graph-crud-auth`` (Digest authentication), and the graph that
stands for the default graph is the one ``/sparql`` reads.

The library's queries give the embedded store's rows on Virtuoso 7.2 too. They
keep clear of its departures from SPARQL 1.1, which a change can bring back:

- it joins a VALUES block after the query with the projected rows
  (openlink/virtuoso-opensource issue 430): the parameters are bound at the
  start of the WHERE group (kg.bindings.with_values), one block per variable, as it
  fails to compile a block of two followed by an OPTIONAL;
- it gives booleans as the integers 0 and 1: a flag is the word "true" or "false";
- its EXISTS after an OPTIONAL that left a variable unbound can come out
  false: a flag is worked out before the OPTIONALs;
- it fails the query on YEAR() of an unbound value: a year is taken of a date;
- it reads an unbound value in an expression as empty rather than as an error:
  a value made of one that may be unbound tests it with BOUND;
- it sorted the rows of ``documents``, grouped by seven keys, otherwise than by
  the characters of its symbols (``citation-network``, grouped by two, comes
  right): that query sorts on STR() of its texts;
- it fails to compile ``documents`` with an EXISTS since that query groups
  (``lineage`` compiles): its flag is a subquery;
- it cuts an answer at ResultSetMaxRows rows, saying so in a header alone: kg
  query --endpoint reads the header and fails instead of giving a short list.
"""
import pytest
from library_cases import CASE_IDS, CASES, quiet
from mirror import assert_mirrors, copy_build, kg_push, local_graph
from servers import add_triples, read_graph, virtuoso_missing, virtuoso_server

from kg import query
from kg.bindings import with_values
from kg.push import AuthError, Endpoint, push
from kg.store import Store

MISSING = virtuoso_missing()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")

JUNK = '<https://example.org/stale> <https://example.org/p> "left over from an earlier push" .\n'
# Library cases Virtuoso answers otherwise, by case id, with why: each a strict
# xfail, so a case that comes right fails until it is taken out of here.
DEPARTURES: dict[str, str] = {}
LIBRARY = [pytest.param(name, given, id=case,
                        marks=[pytest.mark.xfail(strict=True, reason=DEPARTURES[case])] if case in DEPARTURES else [])
           for (name, given), case in zip(CASES, CASE_IDS)]
# An aggregate whose parameter (?symbol) is not a GROUP BY key.
COUNT_CITED = """PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
PREFIX cito: <http://purl.org/spar/cito/>
SELECT (COUNT(?target) AS ?cited) WHERE {
  ?doc kg:symbol ?symbol .
  OPTIONAL { ?doc cito:cites ?target }
}
"""


@pytest.fixture(scope="module")
def folder(built, tmp_path_factory):
    out, _ = built
    return copy_build(out, tmp_path_factory.mktemp("push-virtuoso") / "out")


@pytest.fixture(scope="module")
def embedded(folder):
    return Store.open(folder, read_only=True)


@pytest.fixture(scope="module")
def pushed(folder, embedded):
    """A Virtuoso server that the corpus was pushed to with the CLI."""
    with virtuoso_server() as server:
        summary = kg_push(folder, server)
        yield server, summary


def test_every_graph_arrives_whole_and_alone(pushed, embedded):
    server, summary = pushed
    assert summary.endswith(f"{len(embedded.graph_names()) + 1} graphs sent, 0 unchanged")
    assert_mirrors(server, embedded)


def test_queries_read_the_pushed_default_graph_alone(pushed, embedded):
    server, _ = pushed
    # Without the graph standing for the default graph, Virtuoso would read all
    # its graphs: its own system graphs and every triple once per document graph.
    _, rows = query.select_remote(server.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert rows == [{"n": len(local_graph(embedded, None))}]


def test_the_public_graph_store_refuses_to_write(pushed, built, tmp_path):
    server, _ = pushed
    own = copy_build(built[0], tmp_path / "out")  # with no record of an earlier push
    with pytest.raises(AuthError, match="HTTP 403"):
        push(own, Endpoint(server.base + "/sparql-graph-crud", retries=0))


def test_a_wrong_password_is_refused_and_not_shown(pushed, built, tmp_path):
    server, _ = pushed
    own = copy_build(built[0], tmp_path / "out")  # with no record of an earlier push
    with pytest.raises(AuthError, match="credentials") as error:
        push(own, Endpoint(server.store_url, user=server.user, password="not-" + server.password, retries=0))
    assert server.password not in str(error.value)


@pytest.mark.parametrize("name,given", LIBRARY)
def test_every_query_gives_the_embedded_rows(pushed, embedded, name, given):
    server, _ = pushed
    named = query.find(name)
    local = query.run(embedded, named, given, warn=quiet)
    assert local[1], f"{name} {given} returned nothing to compare"
    assert query.run_remote(server.query_url, named, given, warn=quiet, timeout=60) == local


@pytest.mark.parametrize("symbol,cited", [("A/HRC/RES/57/12", 12), ("A/RES/70/1", 0)])
def test_a_parameter_that_is_no_group_key_narrows_what_the_server_counts(pushed, embedded, symbol, cited):
    server, _ = pushed
    sparql = with_values(COUNT_CITED, {"symbol": symbol})
    assert embedded.select(sparql) == (["cited"], [{"cited": cited}])  # 57/12 cites twelve documents
    assert query.select_remote(server.query_url, sparql) == (["cited"], [{"cited": cited}])


def test_pushing_again_replaces_what_the_server_holds(pushed, folder, embedded):
    # last in the module: it writes to the server the other tests read
    server, _ = pushed
    document = embedded.graph_names()[0]
    add_triples(server, document, JUNK)
    add_triples(server, None, JUNK)
    assert len(read_graph(server, document)) == len(local_graph(embedded, document)) + 1
    assert kg_push(folder, server, "--force").endswith(f"{len(embedded.graph_names()) + 1} graphs sent, 0 unchanged")
    assert_mirrors(server, embedded)


def test_an_answer_at_the_servers_row_limit_is_an_error_not_a_short_list():
    with virtuoso_server(max_rows=5) as server:
        add_triples(server, None, "".join(f'<https://example.org/s{i}> <https://example.org/p> "{i}" .\n'
                                          for i in range(8)))
        listing = "SELECT ?s WHERE { ?s <https://example.org/p> ?o } ORDER BY ?s"
        with pytest.raises(query.EndpointError, match="limit of 5 rows .X-SPARQL-MaxRows.*ResultSetMaxRows"):
            query.select_remote(server.query_url, listing)
        assert len(query.select_remote(server.query_url, listing + " LIMIT 4")[1]) == 4
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s <https://example.org/p> ?o }"
        assert query.select_remote(server.query_url, count)[1] == [{"n": 8}]
