"""A SELECT's ORDER BY done in Python, for the embedded store.

The store compares two values by reading both from its dictionary on disk, at
every comparison of its sort: about half of what a listing of thousands of rows
takes (the README). Python reads each value once, with the rows. So
``kg.store.Store.select`` asks the store for the rows without the query's final
ORDER BY (``unsorted``), the variables it sorts on projected first, and sorts
them here (``ordered``) in SPARQL's order:

- unbound first, then IRIs, then literals;
- numbers by value, whatever their numeric type; strings and IRIs by code
  point; language-tagged strings of one language by their text; booleans;
  dates and date-times without a time zone, by value;
- ``DESC(...)`` reverses a condition; ``STR(?v)`` sorts on the text of ``?v``.

Where SPARQL leaves the order open, the store decides it: two values SPARQL
does not compare (a number and a string, strings in two languages, a date with
a time zone, a blank node) make ``ordered`` give None, and the store sorts.
Rows equal on every condition, which SPARQL leaves in any order, come in the
order of their values, so the order does not depend on how the store lays its
rows out. A condition other than a variable, ``STR`` of one, or either with
``ASC``/``DESC``, or a LIMIT, OFFSET or VALUES after the ORDER BY, leaves the
sort to the store too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from operator import eq, itemgetter

import pyoxigraph as ox

from kg.bindings import QUERY_FORMS, SPARQL_TOKEN

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = frozenset(XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "nonPositiveInteger", "negativeInteger",
    "positiveInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))
DECIMALS = frozenset({XSD + "decimal"})
FLOATS = frozenset({XSD + "double", XSD + "float"})
# The lexical forms of numbers (XSD's; Python reads more, such as "1_000" and "infinity").
NUMBER_FORMS = {"integer": re.compile(r"[+-]?\d+"), "decimal": re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"),
                "float": re.compile(r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|INF)")}
# The lexical forms whose order is their value's: a four-digit year, no time zone.
DATES = {XSD + "date": re.compile(r"\d{4}-\d\d-\d\d"),
         XSD + "dateTime": re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?")}
UNBOUND = (0,)


@dataclass(frozen=True)
class Condition:
    variable: str
    descending: bool = False
    as_text: bool = False  # STR(?variable)


@dataclass(frozen=True)
class Unsorted:
    """A SELECT without its final ORDER BY, and what that ORDER BY asked."""

    text: str
    added: tuple[str, ...]  # the variables projected only to sort on: the first columns
    conditions: tuple[Condition, ...]
    distinct: bool  # SELECT DISTINCT or REDUCED: rows that the added columns alone tell apart are one


def unsorted(sparql: str) -> Unsorted | None:
    """The query without its final ORDER BY, every variable it sorts on projected; None if it has none
    this module can do.

    >>> plan = unsorted('SELECT DISTINCT ?a WHERE { ?a ?p ?b } ORDER BY DESC(?b) ?a')
    >>> plan.text, plan.added
    ('SELECT DISTINCT ?b ?a WHERE { ?a ?p ?b } ', ('b',))
    """
    tokens = [t for t in SPARQL_TOKEN.finditer(sparql) if not t.group().startswith("#")]
    depth, select, order = 0, None, None
    for at, token in enumerate(tokens):
        kind, word = token.lastgroup, token.group().upper()
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word" and depth == 0:
            if select is None and word in QUERY_FORMS:
                if word != "SELECT":
                    return None
                select = at
            elif word == "ORDER" and at + 1 < len(tokens) and tokens[at + 1].group().upper() == "BY":
                order = at
    if select is None or order is None or order < select:
        return None
    conditions = _conditions(tokens[order + 2:])
    if not conditions:
        return None
    start, projected, distinct = _projection(tokens, select)
    wanted = dict.fromkeys(c.variable for c in conditions)
    added = () if projected is None else tuple(name for name in wanted if name not in projected)
    head = sparql[:start] + "".join(f" ?{name}" for name in added) + sparql[start:tokens[order].start()]
    return Unsorted(head, added, conditions, distinct)


def _conditions(tokens: list[re.Match]) -> tuple[Condition, ...]:
    """The ORDER BY conditions that ``tokens`` hold, all of them; () if any is one this module cannot do."""
    texts = [t.group() for t in tokens]
    conditions, at = [], 0
    while at < len(texts):
        descending, wrapped = False, texts[at].upper() in ("ASC", "DESC")
        if wrapped:
            descending = texts[at].upper() == "DESC"
            if texts[at + 1:at + 2] != ["("]:
                return ()
            at += 2
        found = _variable_or_text(texts, at)
        if found is None:
            return ()
        condition, at = found
        if wrapped:
            if texts[at:at + 1] != [")"]:
                return ()
            at += 1
        conditions.append(Condition(condition.variable, descending, condition.as_text))
    return tuple(conditions)


def _variable_or_text(texts: list[str], at: int) -> tuple[Condition, int] | None:
    """``?v`` or ``STR(?v)`` at ``texts[at]``: the condition and where the next token is."""
    if at >= len(texts):
        return None
    if texts[at][:1] in "?$" and len(texts[at]) > 1:
        return Condition(texts[at][1:]), at + 1
    if texts[at].upper() == "STR" and texts[at + 1:at + 2] == ["("] and texts[at + 3:at + 4] == [")"] \
            and texts[at + 2][:1] in "?$":
        return Condition(texts[at + 2][1:], as_text=True), at + 4
    return None


def _projection(tokens: list[re.Match], select: int) -> tuple[int, set[str] | None, bool]:
    """Where a variable can be added to the projection, the variables it projects (None for
    ``*``) and whether it is DISTINCT or REDUCED."""
    at, distinct = select + 1, False
    while at < len(tokens) and tokens[at].group().upper() in ("DISTINCT", "REDUCED"):
        distinct, at = True, at + 1
    start, projected, depth = tokens[at - 1].end(), set(), 0
    for before, token in zip(tokens[at - 1:], tokens[at:]):
        text = token.group()
        if token.lastgroup == "open":
            if depth == 0 and text == "{":
                break
            depth += 1
        elif token.lastgroup == "close":
            depth -= 1
        elif depth == 0 and text.upper() in ("WHERE", "FROM"):
            break
        elif depth == 0 and text == "*":
            return start, None, distinct
        elif text[:1] in "?$" and (depth == 0 or before.group().upper() == "AS"):
            projected.add(text[1:])
    return start, projected, distinct


def ordered(names: list[str], rows: list[tuple], plan: Unsorted) -> tuple[list[str], list[tuple]] | None:
    """``rows`` (of ``names``, pyoxigraph terms or None) in the order ``plan`` asks, without the added
    columns; None if the values of a condition are not all comparable, so the store must sort."""
    columns = []  # for each condition, the key of each row, and whether it sorts down
    for condition in plan.conditions:
        if condition.variable not in names:  # never bound: sorts nothing
            continue
        terms = list(map(itemgetter(names.index(condition.variable)), rows))
        keys = {term: sort_key(term, condition.as_text) for term in set(terms)}
        if not comparable(keys.values()):
            return None
        columns.append((list(map(keys.__getitem__, terms)), condition.descending))
    order = list(range(len(rows)))
    # the conditions last to first, those of one direction together: each sort keeps the order of
    # the rows it finds equal, so the first condition decides, then the second...
    for descending, run in reversed([(down, [column for column, _ in run])
                                     for down, run in groupby(columns, key=itemgetter(1))]):
        order.sort(key=list(zip(*run)).__getitem__, reverse=descending)
    order = _ties_by_value(order, rows, list(zip(*(column for column, _ in columns))))
    drop = len(plan.added)
    kept = [rows[i][drop:] for i in order]
    if plan.distinct and drop:
        kept = list(dict.fromkeys(kept))  # the first of the rows that only the added columns told apart
    return names[drop:], kept


def comparable(keys) -> bool:
    """Whether SPARQL orders every two of ``keys`` (``sort_key``): all known, no blank node, and the
    literals of one kind."""
    kinds = set()
    for key in keys:
        if key is None or key[0] == 1:
            return False
        if key[0] == 3:
            kinds.add(key[1])
    return len(kinds) <= 1


def _ties_by_value(order: list[int], rows: list[tuple], keys: list[tuple]) -> list[int]:
    """``order`` with each run of rows equal on every condition (``keys``, a tuple a row) put in the
    order of their values."""
    if not keys:
        keys = [()] * len(rows)
    in_order = list(map(keys.__getitem__, order))
    if not any(map(eq, in_order, in_order[1:])):
        return order
    result = []
    for _, run in groupby(order, key=keys.__getitem__):
        run = list(run)
        if len(run) > 1:
            run.sort(key=lambda i: tuple(map(_written, rows[i])))
        result.extend(run)
    return result


def _written(term) -> tuple:
    """A key that orders any values, by what they are and how they are written."""
    if term is None:
        return UNBOUND
    if isinstance(term, ox.Literal):
        return 3, term.value, term.datatype.value, term.language or ""
    return (1 if isinstance(term, ox.BlankNode) else 2), term.value


def sort_key(term, as_text: bool = False) -> tuple | None:
    """SPARQL's order of ``term`` as a Python key: (0,) unbound, (1, ...) a blank node, (2, iri) an IRI,
    (3, kind, value) a literal, whose kind says which literals it compares with; None for a
    literal whose order this module does not know.

    >>> ten = ox.Literal("10", datatype=ox.NamedNode(XSD + "integer"))
    >>> nine = ox.Literal("9.5e0", datatype=ox.NamedNode(XSD + "double"))
    >>> sort_key(ten) > sort_key(nine), sort_key(ten, as_text=True) > sort_key(nine, as_text=True)
    (True, False)
    """
    if term is None:
        return UNBOUND
    if isinstance(term, ox.BlankNode):
        return UNBOUND if as_text else (1, term.value)  # STR of a blank node is an error: unbound
    if isinstance(term, ox.NamedNode):
        return (3, "string", term.value) if as_text else (2, term.value)
    if as_text:
        return 3, "string", term.value
    if term.language:
        return 3, "@" + term.language.lower(), term.value
    datatype, value = term.datatype.value, term.value
    if datatype == XSD + "string":
        return 3, "string", value
    if datatype in INTEGERS:
        return (3, "number", int(value)) if NUMBER_FORMS["integer"].fullmatch(value) else None
    if datatype in DECIMALS:
        return (3, "number", Decimal(value)) if NUMBER_FORMS["decimal"].fullmatch(value) else None
    if datatype in FLOATS:  # NaN compares with nothing
        return (3, "number", float(value)) if NUMBER_FORMS["float"].fullmatch(value) else None
    if datatype == XSD + "boolean" and value in ("true", "false", "1", "0"):
        return 3, "boolean", value in ("true", "1")
    form = DATES.get(datatype)
    if form is not None and form.fullmatch(value):
        return 3, datatype, value
    return None
