"""Parameters bound into SPARQL text: ``VALUES`` blocks of escaped RDF terms.

A query's parameters are bound at the start of its outermost WHERE group,
found by reading the query's own text (``where_group``); a value is written
as an RDF term by the N-Triples writer and can never change the query
around it. The same text runs on the embedded store and on any SPARQL 1.1
endpoint.
"""
from __future__ import annotations

import re
from typing import Iterable

from rdflib import Literal, URIRef

from kg.export import nt_term

# The most rows a VALUES block gets (``values_blocks``). Past 1,000 the store reads the pattern
# joined with it whole instead of looking each row up: 4.3 s against 0.01 s for 1,024 focus
# nodes and their type, on 5,000 documents.
VALUES_MOST = 1000
VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# What where_group reads as a whole to find a query's WHERE group: a brace or a
# keyword inside an IRI, a comment, a string or a variable (?where) is none. An
# IRI comes before the comment its "#" would start, long strings before short
# ones. An IRI holds no whitespace; a brace in one is read as part of it.
SPARQL_TOKEN = re.compile(r'''
      (?P<skip>
          <[^<>"\s]*>                           # an IRI
        | \#[^\r\n]*                            # a comment, to the end of the line
        | """(?:[^"\\]|\\.|"(?!""))*"""         # long strings: a quote may stand alone inside
        | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
        | "(?:[^"\\\r\n]|\\.)*"                 # short strings, escapes and all
        | '(?:[^'\\\r\n]|\\.)*'
        | [?$]\w+                               # a variable
      )
    | (?P<open> [{(] )                          # braces and parentheses nest together
    | (?P<close> [})] )
    | (?P<word> [^\s{}()<>"'\#?$,;]+ )          # a keyword, a prefixed name (kg:where), a number
    | (?P<other> \S )                           # punctuation, an operator
''', re.VERBOSE)
QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})


def values_clause(bindings: dict[str, object] | None) -> str:
    """Bindings as SPARQL ``VALUES`` blocks of escaped RDF terms, one per variable ("" for none).

    Values are turned into RDF terms and written by the N-Triples writer, which
    escapes every character that could end a term: a value can never change the
    query around it. The same blocks work on any SPARQL 1.1 endpoint; one block
    per variable asks the same as one block of them all, and Virtuoso 7.2 fails
    to compile a block of two variables followed by an OPTIONAL ("Internal
    error: ssg_print_rvr_fixed_val(): no SPART_VARR_FIXED").

    >>> print(values_clause({"symbol": 'A/RES/70/1" } DROP ALL', "lang": "fr"}))
    VALUES (?lang) { ("fr") } VALUES (?symbol) { ("A/RES/70/1\\" } DROP ALL") }
    """
    if not bindings:
        return ""
    names = sorted(bindings)
    for name in names:
        if not VARIABLE.fullmatch(name):
            raise ValueError(f"{name!r} is not a SPARQL variable name")
    return " ".join(f"VALUES (?{name}) {{ ({nt_term(_term(bindings[name]))}) }}" for name in names)


def values_blocks(variable: str, iris: Iterable[str]) -> list[str]:
    """``VALUES`` blocks binding ``variable`` to the ``iris``, in order, ``VALUES_MOST`` at most each."""
    ordered = sorted(iris)
    return [f"VALUES {variable} {{ {' '.join(nt_term(URIRef(i)) for i in ordered[start:start + VALUES_MOST])} }} "
            for start in range(0, len(ordered), VALUES_MOST)]


def with_values(sparql: str, bindings: dict[str, object] | None) -> str:
    """The query with ``bindings`` in ``VALUES`` blocks at the start of its outermost WHERE group.

    There the variables are bound before the pattern is matched, which is what
    a parameter means. A VALUES block after the query would be joined after
    grouping (SPARQL 1.1, 18.2.4), so a parameter that is not a GROUP BY key
    would not narrow what an aggregate counts; Virtuoso 7.2 even joins it
    after the projection (openlink/virtuoso-opensource issue 430). The place
    is read off the query's own text (``where_group``), never off a value.

    >>> with_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": "x"})
    'SELECT ?s WHERE { VALUES (?o) { ("x") } ?s ?p ?o }'
    """
    block = values_clause(bindings)
    if not block:
        return sparql
    at = where_group(sparql)
    return sparql[:at] + " " + block + sparql[at:]


def where_group(sparql: str) -> int:
    """The offset just after the ``{`` that opens the query's outermost WHERE group.

    The group of the SELECT, ASK, CONSTRUCT or DESCRIBE at the top, with or
    without the keyword WHERE. Braces in comments, strings, IRIs, SELECT
    expressions (``EXISTS { }``), a CONSTRUCT template and subqueries are
    stepped over. A query with no such group is a SyntaxError, as the store
    reports a query it cannot parse.

    >>> where_group('PREFIX ex: <http://e.org/{x}#> SELECT * { ?s ex:p "}" }')
    41
    """
    depth = 0  # braces and parentheses together
    form = template = None
    for token in SPARQL_TOKEN.finditer(sparql):
        kind, text = token.lastgroup, token.group()
        if kind == "open":
            if depth == 0 and text == "{":
                if form is None:
                    raise SyntaxError(f"{_line(sparql, token)}: a '{{' before SELECT, ASK, CONSTRUCT or DESCRIBE; "
                                      "parameters are bound in the WHERE group of a query")
                if form != "CONSTRUCT" or template is not None:
                    return token.end()
                template = token  # CONSTRUCT's template; the pattern is the next group
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word" and depth == 0:
            word = text.upper()
            if form is None and word in QUERY_FORMS:
                form = word
            elif word == "WHERE" and form == "CONSTRUCT" and template is None:
                raise SyntaxError(f"{_line(sparql, token)}: the group of CONSTRUCT WHERE {{ ... }} is a template, "
                                  "which cannot take the parameters: write CONSTRUCT { ... } WHERE { ... }")
    raise SyntaxError("no WHERE group to bind the parameters in: expected SELECT, ASK, CONSTRUCT or DESCRIBE "
                      f"and a pattern in braces, in {' '.join(sparql.split())[:80]!r}")


def _line(sparql: str, token: re.Match) -> str:
    number = sparql.count("\n", 0, token.start()) + 1
    return f"line {number}"


def _term(value):
    if isinstance(value, (URIRef, Literal)):
        return value
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value)
    return Literal(str(value))
