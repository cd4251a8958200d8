"""ORDER BY done in Python (kg.ordering) gives the rows in the order the store gives them."""
from __future__ import annotations

import pytest
from library_cases import CASE_IDS, CASES, quiet

from kg import ordering, query
from kg.ordering import Condition
from kg.store import Store

EX = "https://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIX = f"PREFIX ex: <{EX}>\n"


# --- reading the ORDER BY --------------------------------------------------------


def test_the_conditions_are_read_and_the_order_by_taken_off():
    plan = ordering.unsorted("SELECT ?a WHERE { ?a ?p ?b }\nORDER BY DESC(?b) STR(?a) asc(str(?c)) ?a # last\n")
    assert plan.conditions == (Condition("b", True), Condition("a", as_text=True), Condition("c", False, True),
                               Condition("a"))
    assert plan.text == "SELECT ?b ?c ?a WHERE { ?a ?p ?b }\n"
    assert plan.added == ("b", "c") and not plan.distinct


def test_projected_variables_are_not_added_again():
    plan = ordering.unsorted("SELECT DISTINCT ?a (COUNT(?x) AS ?n) WHERE { ?a ?p ?x } GROUP BY ?a ORDER BY ?n ?a ?x")
    assert plan.added == ("x",) and plan.distinct
    assert ordering.unsorted("SELECT * WHERE { ?a ?p ?b } ORDER BY ?b").added == ()
    assert ordering.unsorted("SELECT REDUCED ?a WHERE { ?a ?p ?b } ORDER BY ?b").distinct


@pytest.mark.parametrize("sparql", [
    'SELECT ?a WHERE { ?a ?p "ORDER BY ?a" }',                   # in a string
    "SELECT ?a WHERE { ?a ?p ?b } # ORDER BY ?a",                 # in a comment
    "SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a } }",  # a subquery's
    "SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a LIMIT 5",           # cut after sorting
    "SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a OFFSET 5",
    "SELECT ?a WHERE { ?a ?p ?b } ORDER BY (!BOUND(?b)) ?a",      # an expression
    "SELECT ?a WHERE { ?a ?p ?b } ORDER BY LCASE(?a)",
    "SELECT ?a WHERE { ?a ?p ?b } ORDER BY DESC(?a",
    "CONSTRUCT { ?a ?p ?b } WHERE { ?a ?p ?b } ORDER BY ?a",
])
def test_an_order_this_module_cannot_do_is_left_to_the_store(sparql):
    assert ordering.unsorted(sparql) is None


def test_every_library_query_but_one_is_sorted_in_python():
    left = [q.name for q in query.library() if ordering.unsorted(q.text) is None]
    assert left == ["cites-transitive"]  # sorts on (!BOUND(?depth))


# --- the order, against the store's ----------------------------------------------


def literal(value: str, datatype: str | None = None, language: str | None = None) -> str:
    if language:
        return f'"{value}"@{language}'
    return f'"{value}"^^<{XSD}{datatype}>' if datatype else f'"{value}"'


# one value each, in no order; every one unlike the others, so the store's order is the only one
VALUES = {
    "number": [literal("10", "integer"), literal("9.5", "decimal"), literal("1.5E1", "double"),
               literal("-3", "int"), literal("2.25", "float"), None],
    "text": [literal("zèbre"), literal("Zebra"), literal("état"), literal("etat"), literal("东京"),
             literal("10"), literal("9"), literal(""), None],
    "date": [literal("2024-10-07", "date"), literal("2013-09-26", "date"), literal("2024-01-31", "date"), None],
    "iri or text": [f"<{EX}b>", f"<{EX}a/Z>", literal("a"), f"<{EX}a/é>", None],
    "french": [literal("été", language="fr"), literal("Été", language="fr"), literal("ete", language="fr")],
    "flag": [literal("true", "boolean"), literal("false", "boolean")],
}


@pytest.fixture(scope="module")
def made_up(tmp_path_factory):
    """A store of rows, one a resource: for each column of VALUES, a row a value, ex:in the
    column, its place (ex:place) in it, with its value (if any) on the column's property."""
    lines = []
    for column, values in VALUES.items():
        slug = column.replace(" ", "-")
        for number, value in enumerate(values):
            row = f"<{EX}{slug}/{number}>"
            lines.append(f"{row} <{EX}in> <{EX}{slug}> .")
            lines.append(f"{row} <{EX}place> {literal(str(number), 'integer')} .")
            if value is not None:
                lines.append(f"{row} <{EX}{slug}> {value} .")
    store = Store.open(tmp_path_factory.mktemp("ordering"), create=True)
    store.put_graphs([(EX + "g", "\n".join(lines).encode())])
    store.flush()
    return store


def of(column: str, order: str) -> str:
    """The rows of ``column`` with their values, in ``order``."""
    slug = column.replace(" ", "-")
    return PREFIX + f"SELECT ?row ?value WHERE {{ ?row ex:in ex:{slug} OPTIONAL {{ ?row ex:{slug} ?value }} }} ORDER BY {order}"


def python_sorts(store: Store, sparql: str) -> bool:
    return store.sorted_in_python(sparql) is not None


def both(store: Store, sparql: str):
    """The rows sorted in Python, and as the store sorts them."""
    return store.select(sparql), store.select(sparql, sort_in_python=False)


@pytest.mark.parametrize("column", ["number", "text", "date", "iri or text", "french", "flag"])
@pytest.mark.parametrize("order", ["?value", "DESC(?value)", "STR(?value)", "DESC(STR(?value))"])
def test_python_sorts_as_the_store_does(made_up, column, order):
    assert python_sorts(made_up, of(column, order))
    mine, store = both(made_up, of(column, order))
    assert [row["row"] for row in mine[1]] == [row["row"] for row in store[1]]
    assert mine == store


@pytest.mark.parametrize("unordered", [
    "SELECT ?v WHERE { ?r ex:number|ex:text ?v } ORDER BY ?v",  # numbers and strings
    "SELECT ?v WHERE { ?r ex:french|ex:text ?v } ORDER BY ?v",  # French and plain strings
    "SELECT ?v WHERE { ?r ex:date|ex:flag ?v } ORDER BY ?v",    # dates and booleans
    "SELECT ?v WHERE { ?r ex:in ?c . BIND (BNODE() AS ?v) } ORDER BY ?v",
    f'SELECT ?v WHERE {{ VALUES ?v {{ "NaN"^^<{XSD}double> 2.5 }} }} ORDER BY ?v',   # NaN: no order
    f'SELECT ?v WHERE {{ VALUES ?v {{ "1_000"^^<{XSD}integer> 2 }} }} ORDER BY ?v',  # no number of XSD's
    f'SELECT ?v WHERE {{ VALUES ?v {{ "2024-01-01Z"^^<{XSD}date> }} }} ORDER BY ?v', # a time zone
])
def test_values_sparql_does_not_order_are_left_to_the_store(made_up, unordered):
    assert not python_sorts(made_up, PREFIX + unordered)
    mine, store = both(made_up, PREFIX + unordered)
    assert len(mine[1]) == len(store[1]) > 0


def test_numbers_come_by_value_whatever_their_type(made_up):
    _, rows = made_up.select(of("number", "?value"))
    assert [row["value"] for row in rows] == [None, -3, 2.25, 9.5, 10, 15.0]


def test_a_sort_on_a_column_not_shown_keeps_the_shown_ones(made_up):
    sparql = PREFIX + "SELECT ?row WHERE { ?row ex:in ex:text ; ex:place ?n } ORDER BY DESC(?n)"
    assert python_sorts(made_up, sparql)
    names, rows = made_up.select(sparql)
    assert names == ["row"]
    assert rows == made_up.select(sparql, sort_in_python=False)[1]
    assert rows[0] == {"row": EX + "text/8"}


def test_distinct_rows_told_apart_only_by_the_sort_key_are_one(made_up):
    # every row of the "text" column is in ex:text: DISTINCT ?c gives one row, however many ?n there are
    sparql = PREFIX + "SELECT DISTINCT ?c WHERE { ?row ex:in ?c ; ex:place ?n } ORDER BY DESC(?n) ?c"
    assert python_sorts(made_up, sparql)
    mine, store = both(made_up, sparql)
    assert mine == store
    assert [row["c"] for row in mine[1]] == [EX + "text", EX + "number", EX + "iri-or-text", EX + "date",
                                             EX + "french", EX + "flag"]


def test_rows_equal_on_every_condition_come_in_the_order_of_their_values(made_up):
    sparql = PREFIX + "SELECT ?row ?c WHERE { ?row ex:in ?c } ORDER BY ?c"
    assert python_sorts(made_up, sparql)
    _, rows = made_up.select(sparql)
    assert rows == sorted(rows, key=lambda row: (row["c"], row["row"]))


def test_a_query_the_store_rejects_is_reported_as_written(made_up):
    with pytest.raises(SyntaxError):
        made_up.select("SELECT ?a WHERE { ?a ?p } ORDER BY ?a")


# --- the library -----------------------------------------------------------------


@pytest.fixture(scope="module")
def embedded(built):
    out, _ = built
    return Store.open(out, read_only=True)


@pytest.mark.parametrize("name,given", CASES, ids=CASE_IDS)
def test_every_library_query_gives_the_rows_the_store_sorts(embedded, name, given):
    text = query.bound_text(query.find(name), given, warn=quiet)
    assert embedded.select(text) == embedded.select(text, sort_in_python=False)
