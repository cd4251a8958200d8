"""The series view: the lineage of one series of documents, left to right by session and date.

A series is told by how its texts recall each other, as ``queries/lineage.rq`` tells
it: "Recalling its resolutions 24/2 ..., 51/12 ... on local government and human
rights". A citation links two documents of one series when both have the same kind
and body (resolutions of the Human Rights Council), their titles do not disagree, and
either the citing paragraph names at least two documents of that kind and body, or
the two have the same title in one language. The series of a document is what such
links reach from it, in any number of hops. With only 57/12 read, the series is
what 57/12 recalls, and 57/12; every document read adds what it recalls in turn.

>>> view = series_view(select, focus="A/HRC/RES/57/12")  # doctest: +SKIP
"""
from __future__ import annotations

import math
from collections import defaultdict

from kg.views.citations import NO_PARAGRAPH, Link, by_pair, citation_edge, links, words_around
from kg.views.graph import (
    Document, Select, by_symbol, check_depth, document_node, documents, unknown_focus,
)
from kg.views.layout import neighbourhood
from kg.views.model import Layered, View, ViewEdge, kinds
from kg.views.text import first_in_language, plural, squash, symbol_key

# One column per document, close enough that seven fill a screen; a long series goes on
# in lines below, as text does.
SERIES_LAYOUT = Layered(column_step=200, row_step=60, band_gap=0, wrap=8, line_gap=240)
# Citations are drawn as arcs over the line of the series, so they do not hide each other.
CITATION_CURVE = 0.35


def series_key(document: Document) -> tuple:
    """What the members of a series share: their kinds and their body."""
    return (tuple(sorted(document.types)), document.body)


def _titles(document: Document) -> dict[str, set[str]]:
    """A document's titles by language tag, folded for comparison."""
    found: dict[str, set[str]] = defaultdict(set)
    for text, tag in document.titles:
        found[tag.lower()].add(squash(text).casefold())
    return found


def titles_agree(one: Document, other: Document) -> bool:
    """False only when both have a title in one language and no such pair is the same.

    >>> from kg.views.graph import Document
    >>> a = Document("a", "A", None, None, frozenset(), (("Local government", "en"),), None, (), None)
    >>> b = Document("b", "B", None, None, frozenset(), (("local  government", "en"),), None, (), None)
    >>> c = Document("c", "C", None, None, frozenset(), (("Right to food", "en"),), None, (), None)
    >>> titles_agree(a, b), titles_agree(a, c)
    (True, False)
    """
    mine, theirs = _titles(one), _titles(other)
    shared = set(mine) & set(theirs)
    return not shared or any(mine[tag] & theirs[tag] for tag in shared)


def same_title(one: Document, other: Document) -> bool:
    """Whether the two have the same title in one language."""
    mine, theirs = _titles(one), _titles(other)
    return any(mine[tag] & theirs[tag] for tag in set(mine) & set(theirs))


def series_pairs(symbols: dict[str, Document], found: list[Link]) -> set[tuple[str, str]]:
    """The citing pairs that link two documents of one series (see the module's docstring)."""
    pairs: dict[tuple[str, str], list[Link]] = defaultdict(list)
    together: dict[tuple[str, str], list[str]] = defaultdict(list)
    for link in found:
        source, target = link.source.symbol, link.target.symbol
        pairs[(source, target)].append(link)
        if link.paragraph != NO_PARAGRAPH:
            together[(source, link.paragraph)].append(target)

    def recalls_series(source: str, key: tuple, cited: list[Link]) -> bool:
        return any(sum(series_key(symbols[other]) == key for other in together[(source, c.paragraph)]) >= 2
                   for c in cited if c.paragraph != NO_PARAGRAPH)

    linked = set()
    for (source, target), cited in pairs.items():
        one, other = symbols[source], symbols[target]
        key = series_key(one)
        if key == series_key(other) and titles_agree(one, other) \
                and (recalls_series(source, key, cited) or same_title(one, other)):
            linked.add((source, target))
    return linked


def chronological(document: Document) -> tuple:
    """Order of a series: session, then date, then symbol; unknown sessions and dates last."""
    session = document.session_number
    return (math.inf if session is None else session, document.date or "~", symbol_key(document.symbol))


def _default_focus(symbols: dict[str, Document], pairs) -> str:
    """The read document with the most citations within its series (else any document)."""
    degree: dict[str, int] = defaultdict(int)
    for source, target in pairs:
        degree[source] += 1
        degree[target] += 1
    candidates = [d for d in symbols.values() if d.read] or list(symbols.values())
    if not candidates:
        raise ValueError("the graph holds no document: build one first (`kg build`)")
    return max(candidates, key=lambda d: (degree[d.symbol], chronological(d)[:2], symbol_key(d.symbol))).symbol


def _title(focus: Document, lang: str) -> str:
    """The page title: the series named by its focus and the focus's title."""
    title = first_in_language(focus.titles, lang)
    return f"Series of {focus.symbol}" + (f": {title}" if title else "")


def series_view(select: Select, lang: str = "en", focus: str | None = None,
                depth: int | None = None) -> View:
    """The lineage of the series of ``focus`` (default: the read document with most
    citations within its series), ordered by session and date from left to right, the
    focus highlighted. Solid arcs are citations, with the citing paragraphs' words;
    dashed lines join each document to the next. ``depth`` limits the series to
    documents within that many citation hops of the focus, given or chosen (default:
    no limit).
    """
    depth = check_depth(focus, depth, default=None, needs_focus=False)  # there is always a focus
    found = documents(select)
    symbols = by_symbol(found)
    every = links(select, found)
    linked = series_pairs(symbols, every)
    if focus is None:
        focus = _default_focus(symbols, linked)
    elif focus not in symbols:
        raise unknown_focus(focus)
    keep = neighbourhood(linked, focus, depth)
    members = sorted((symbols[symbol] for symbol in keep), key=chronological)
    # the words of the series' citations alone: around one document of 5,000, 7.5-8.1 s and 352 MB
    # against 16.8-17.7 s and 615 MB for every citation's (kg viz, in turn)
    kept = [link for link in every if (link.source.symbol, link.target.symbol) in linked
            and link.source.symbol in keep and link.target.symbol in keep]
    pairs = by_pair(words_around(select, every, kept, lang))
    recalls: dict[str, list[str]] = defaultdict(list)
    recalled_by: dict[str, list[str]] = defaultdict(list)
    for source, target in pairs:
        recalls[source].append(target)
        recalled_by[target].append(source)
    nodes = tuple(
        document_node(document, lang, _position_lines(document, index, len(members), recalls, recalled_by),
                      band=index, weight=2 if document.symbol == focus else 1, focus=document.symbol == focus)
        for index, document in enumerate(members))
    edges = tuple(citation_edge(source, target, cited, curve=CITATION_CURVE)
                  for (source, target), cited in pairs.items())
    edges += tuple(_next_edge(earlier, later) for earlier, later in zip(members, members[1:]))
    sessions = [d.session for d in members if d.session]
    summary = f"{plural(len(nodes), 'document')} · {plural(len(pairs), 'citing pair')}"
    if len(set(sessions)) > 1:
        summary += f" · sessions {sessions[0]}–{sessions[-1]}"
    elif sessions:
        summary += f" · session {sessions[0]}"
    return View(_title(symbols[focus], lang), nodes, edges, kinds(), summary, SERIES_LAYOUT,
                ("⌒ cites (arc)", "- - - next in the series, by session and date"))


def _position_lines(document: Document, index: int, count: int, recalls, recalled_by) -> list[str]:
    """Where a document stands in the series, and what it recalls of it."""
    lines = [f"Number {index + 1} of {count} in the series"]
    if recalls[document.symbol]:
        lines.append("Recalls: " + ", ".join(sorted(recalls[document.symbol], key=symbol_key)))
    if recalled_by[document.symbol]:
        lines.append("Recalled by: " + ", ".join(sorted(recalled_by[document.symbol], key=symbol_key)))
    return lines


def _next_edge(earlier: Document, later: Document) -> ViewEdge:
    """A dashed line from one document of the series to the next."""
    def when(document: Document) -> str:
        facts = [f"session {document.session}"] if document.session else []
        facts += [document.date] if document.date else []
        return f"{document.symbol} ({', '.join(facts)})" if facts else document.symbol

    return ViewEdge(earlier.symbol, later.symbol, f"{when(earlier)}\nthen {when(later)}",
                    weight=0, dashed=True, arrow=False)
