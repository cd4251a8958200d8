"""The citation view: documents, and one edge per citing -> cited pair.

>>> view = citation_view(select, lang="fr", focus="A/HRC/RES/57/12")  # doctest: +SKIP
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Collection, Iterable

from kg.bindings import values_blocks
from kg.views.graph import (
    PREFIXES, Document, Row, Select, by_symbol, check_depth, document_node, documents, grouped, rows,
    unknown_focus,
)
from kg.views.layout import neighbourhood
from kg.views.model import View, ViewEdge, kinds
from kg.views.text import EXCERPT_CHARS, excerpt, pick_language, plural, symbol_key

# Around a focus, the words of the citations kept are read paragraph by paragraph when they
# are at most this share of them all, else all at once (``worded``).
MOST_LINKS = 0.5
# A tooltip shows at most this many paragraphs.
TOOLTIP_PARAGRAPHS = 8
# How a tooltip names a citation made by a document outside its numbered paragraphs.
NO_PARAGRAPH = "(outside paragraphs)"

# Each pattern is a subquery of its own: a store joins their answers by hash, where a
# pattern joined to the rows before it is looked up once per row (on disk, 5,000
# documents: 3.4 s against 0.9 s for the citations, 3.7 s against 1.7 s for the quotes).
CITATIONS_QUERY = PREFIXES + """\
SELECT ?paragraph ?source ?cited ?pid WHERE {
  { SELECT ?paragraph ?cited WHERE { ?paragraph cito:cites ?cited } }
  { SELECT ?paragraph ?source WHERE { ?paragraph dcterms:isPartOf ?source } }
  OPTIONAL { SELECT ?paragraph ?pid WHERE { ?paragraph kg:paragraphId ?pid } }
}"""

DOCUMENT_CITATIONS_QUERY = PREFIXES + """\
SELECT ?source ?cited WHERE { ?source a kg:Document ; cito:cites ?cited . }"""

PARAGRAPH_TEXTS_QUERY = PREFIXES + """\
SELECT DISTINCT ?paragraph ?text (LANG(?text) AS ?lang) WHERE {
  { SELECT DISTINCT ?paragraph WHERE { ?paragraph cito:cites ?cited } }
  { SELECT ?paragraph ?text WHERE { ?paragraph kg:text ?text } }
}"""

QUOTES_QUERY = PREFIXES + """\
SELECT DISTINCT ?paragraph ?cited ?quote (LANG(?quote) AS ?lang) ?date WHERE {
  { SELECT ?citation ?paragraph WHERE { ?citation cito:hasCitingEntity ?paragraph } }
  { SELECT ?citation ?cited WHERE { ?citation cito:hasCitedEntity ?cited } }
  OPTIONAL { SELECT ?citation ?quote WHERE { ?citation kg:quote ?quote } }
  OPTIONAL { SELECT ?citation ?date WHERE { ?citation kg:citedDate ?date } }
}"""

# The same two, of some citing documents alone (a VALUES block where SOURCES stands): plain
# patterns that lead from each, where a subquery would be answered whole.
SOURCES = "#SOURCES\n"
CITATIONS_OF = PREFIXES + """\
SELECT ?paragraph ?source ?cited ?pid WHERE {
  #SOURCES
  ?paragraph dcterms:isPartOf ?source ; cito:cites ?cited .
  OPTIONAL { ?paragraph kg:paragraphId ?pid }
}"""

DOCUMENT_CITATIONS_OF = PREFIXES + """\
SELECT ?source ?cited WHERE {
  #SOURCES
  ?source a kg:Document ; cito:cites ?cited .
}"""

# The paragraph texts and quotes, of some citing paragraphs alone (a VALUES block where PARAGRAPHS stands):
# plain patterns that lead from each, where a subquery would be answered whole.
PARAGRAPHS = "#PARAGRAPHS\n"
PARAGRAPH_TEXTS_OF = PREFIXES + """\
SELECT DISTINCT ?paragraph ?text (LANG(?text) AS ?lang) WHERE {
  #PARAGRAPHS
  ?paragraph cito:cites ?cited ; kg:text ?text .
}"""

QUOTES_OF = PREFIXES + """\
SELECT DISTINCT ?paragraph ?cited ?quote (LANG(?quote) AS ?lang) ?date WHERE {
  #PARAGRAPHS
  ?citation cito:hasCitingEntity ?paragraph ; cito:hasCitedEntity ?cited .
  OPTIONAL { ?citation kg:quote ?quote }
  OPTIONAL { ?citation kg:citedDate ?date }
}"""


@dataclass(frozen=True, order=True)
class Citation:
    """One paragraph citing one document, with the words it cites."""

    source: str  # symbol
    target: str  # symbol
    paragraph: str  # paragraph id, "?" when it has none, NO_PARAGRAPH for the document itself
    text: str  # the paragraph's words in the chosen language, or ""
    quotes: tuple[str, ...]
    dates: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    """A paragraph, or a document as a whole, citing a document: a citation before its words."""

    source: Document
    target: Document
    citing: str  # the IRI of the citing paragraph, or of the document
    paragraph: str  # as Citation.paragraph


def linked_pairs(found: Iterable[Link]) -> set[tuple[str, str]]:
    """The (citing symbol, cited symbol) pairs of ``found``."""
    return {(link.source.symbol, link.target.symbol) for link in found}


def links(select: Select, found: dict[str, Document], sources: Collection[str] | None = None) -> list[Link]:
    """Every citation between documents with symbols, self-citations left out: one per citing
    paragraph, and one for the document itself where it cites a document from outside its
    paragraphs (a header or a footnote). With ``sources`` (IRIs), those they make alone."""
    if sources is None:
        citing, whole = rows(select, CITATIONS_QUERY), rows(select, DOCUMENT_CITATIONS_QUERY)
    else:
        blocks = values_blocks("?source", sorted(sources))
        citing = [row for block in blocks for row in rows(select, CITATIONS_OF.replace(SOURCES, block))]
        whole = [row for block in blocks for row in rows(select, DOCUMENT_CITATIONS_OF.replace(SOURCES, block))]
    result: dict[tuple[str, str, str, str], Link] = {}
    for row in citing:
        source, target = found.get(row.get("source")), found.get(row.get("cited"))
        if source is not None and target is not None and source.symbol != target.symbol:
            link = Link(source, target, row["paragraph"], row.get("pid") or "?")
            result.setdefault((link.citing, source.iri, target.iri, link.paragraph), link)
    # A document also cites, as a whole, what its paragraphs cite: only pairs no paragraph
    # accounts for are new.
    pairs = linked_pairs(result.values())
    for row in whole:
        source, target = found.get(row.get("source")), found.get(row.get("cited"))
        if source is not None and target is not None and source.symbol != target.symbol \
                and (source.symbol, target.symbol) not in pairs:
            result.setdefault((source.iri, source.iri, target.iri, NO_PARAGRAPH),
                              Link(source, target, source.iri, NO_PARAGRAPH))
    return [result[key] for key in sorted(result)]


def worded(select: Select, found: list[Link], lang: str, at_once: bool = True) -> list[Citation]:
    """The citations of ``found`` with the words of their paragraphs and what they quote, in
    ``lang`` where the graph has it. With ``at_once``, the words of every citing paragraph are read
    in one go (for most of the links); otherwise only those of ``found``, paragraph by
    paragraph."""
    if at_once:
        text_rows, quote_rows = rows(select, PARAGRAPH_TEXTS_QUERY), rows(select, QUOTES_QUERY)
    else:
        blocks = values_blocks("?paragraph", {link.citing for link in found})
        text_rows = [row for block in blocks for row in rows(select, PARAGRAPH_TEXTS_OF.replace(PARAGRAPHS, block))]
        quote_rows = [row for block in blocks for row in rows(select, QUOTES_OF.replace(PARAGRAPHS, block))]
    texts = grouped(text_rows, "paragraph")
    quotes: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in quote_rows:
        quotes[(row.get("paragraph"), row.get("cited"))].append(row)

    words_of: dict[str, str] = {}  # a paragraph's words, picked once however many documents it cites
    result = set()
    for link in found:
        if link.citing not in words_of:
            words = pick_language(((r["text"], r.get("lang")) for r in texts.get(link.citing, ())), lang)
            words_of[link.citing] = words[0] if words else ""
        said = quotes.get((link.citing, link.target.iri), ())
        result.add(Citation(link.source.symbol, link.target.symbol, link.paragraph, words_of[link.citing],
                            tuple(pick_language(((r.get("quote"), r.get("lang")) for r in said), lang)),
                            tuple(sorted({r["date"] for r in said if r.get("date")}))))
    return sorted(result, key=lambda c: (symbol_key(c.source), symbol_key(c.target), symbol_key(c.paragraph), c))


def citation_edges(select: Select, found: dict[str, Document], lang: str,
                   sources: Collection[str] | None = None) -> tuple[ViewEdge, ...]:
    """An edge per citing -> cited pair of documents with symbols, in symbol order: of every
    document, or of ``sources`` (IRIs) alone, their words read paragraph by paragraph."""
    return edges_of(worded(select, links(select, found, sources), lang, at_once=sources is None))


def words_around(select: Select, every: list[Link], kept: list[Link], lang: str) -> list[Citation]:
    """The citations of ``kept``, some of ``every`` link, worded (``worded``): their paragraphs'
    words read one by one while they are at most ``MOST_LINKS`` of the links, else all at once."""
    return worded(select, kept, lang, at_once=len(kept) > len(every) * MOST_LINKS)


def edges_of(cited: list[Citation]) -> tuple[ViewEdge, ...]:
    """An edge per citing -> cited pair of ``cited`` (``by_pair``), in the order of the pairs."""
    return tuple(citation_edge(source, target, cs) for (source, target), cs in by_pair(cited).items())


def by_pair(found: list[Citation]) -> dict[tuple[str, str], list[Citation]]:
    """Citations grouped by (citing symbol, cited symbol), in symbol order."""
    pairs: dict[tuple[str, str], list[Citation]] = defaultdict(list)
    for citation in found:
        pairs[(citation.source, citation.target)].append(citation)
    return dict(sorted(pairs.items(), key=lambda item: (symbol_key(item[0][0]), symbol_key(item[0][1]))))


def citation_lines(citation: Citation) -> list[str]:
    """Plain text for one paragraph's citation: its id, the cited words, the paragraph's words."""
    head = citation.paragraph
    if citation.quotes:
        head += ": " + "; ".join(f"“{excerpt(q, limit=EXCERPT_CHARS // 2)}”" for q in citation.quotes)
    if citation.dates:
        head += f" ({', '.join(citation.dates)})"
    body = excerpt(citation.text, citation.quotes[0] if citation.quotes else None) if citation.text else ""
    return [head] + ([f"  {body}"] if body else [])


def edge_tooltip(source: str, target: str, cited: list[Citation]) -> str:
    """Plain text: who cites whom, then each citing paragraph (the first few)."""
    count = len({c.paragraph for c in cited} - {NO_PARAGRAPH})
    where = f"in {plural(count, 'paragraph')}" if count else "outside its paragraphs"
    lines = [f"{source} cites {target}", where]
    for citation in cited[:TOOLTIP_PARAGRAPHS]:
        lines += citation_lines(citation)
    if len(cited) > TOOLTIP_PARAGRAPHS:
        lines.append(f"… and {len(cited) - TOOLTIP_PARAGRAPHS} more")
    return "\n".join(lines)


def citation_edge(source: str, target: str, cited: list[Citation], curve: float = 0.0) -> ViewEdge:
    """All the citations from one document to another as one edge, as wide as its paragraphs are many."""
    paragraphs = tuple(sorted({c.paragraph for c in cited}, key=symbol_key))
    return ViewEdge(source, target, edge_tooltip(source, target, cited), paragraphs=paragraphs,
                    weight=len(paragraphs), curve=curve)


def _title(focus: str | None, depth: int) -> str:
    """The page title, naming the view."""
    if focus is None:
        return "Citation network"
    return f"Citation network around {focus} ({plural(depth, 'hop')})"


def citation_view(select: Select, lang: str = "en", focus: str | None = None,
                  depth: int | None = None) -> View:
    """The citation network: documents, and one edge per citing -> cited pair.

    Titles, paragraphs and quotes are shown in ``lang`` when the graph has them, else
    in another language. With ``focus`` (a symbol), only documents within ``depth``
    citation hops of it, either way, are kept (``depth`` defaults to 1).
    """
    depth = check_depth(focus, depth, default=1)
    found = documents(select)
    if focus is None:
        return whole_citation_view(found, citation_edges(select, found, lang), lang)
    symbols = by_symbol(found)
    if focus not in symbols:
        raise unknown_focus(focus)
    # the words of the citations kept alone: around one document of 5,000, 4.8-5.5 s and 352 MB
    # against 10.2-10.9 s and 615 MB for every citation's (kg viz, in turn)
    every = links(select, found)
    keep = neighbourhood(linked_pairs(every), focus, depth)
    symbols = {symbol: document for symbol, document in symbols.items() if symbol in keep}
    kept = [link for link in every if link.source.symbol in keep and link.target.symbol in keep]
    return _network(symbols, edges_of(words_around(select, every, kept, lang)), lang, focus, depth)


def whole_citation_view(found: dict[str, Document], edges: tuple[ViewEdge, ...], lang: str = "en") -> View:
    """The citation view of every document of ``found`` (``documents``), given its ``edges``
    (``citation_edges``): what ``citation_view`` draws without a focus."""
    return _network(by_symbol(found), edges, lang, None, None)


def _network(symbols: dict[str, Document], edges: tuple[ViewEdge, ...], lang: str, focus: str | None,
             depth: int | None) -> View:
    """The view of the documents ``symbols`` and the ``edges`` between them."""
    cites = Counter(edge.source for edge in edges)
    cited_by = Counter(edge.target for edge in edges)
    nodes = tuple(
        document_node(symbols[symbol], lang, [f"Cites {cites[symbol]} · cited by {cited_by[symbol]}"],
                      band=symbols[symbol].year, weight=cited_by[symbol], focus=symbol == focus)
        for symbol in sorted(symbols, key=symbol_key))
    summary = f"{plural(len(nodes), 'document')} · {plural(len(edges), 'citing pair')}"
    return View(_title(focus, depth), nodes, edges, kinds(), summary,
                edge_key=("→ cites (wider: more citing paragraphs)",))
