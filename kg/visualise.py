"""Interactive HTML views of the graph, starting with the citation network.

A view is built in two steps. ``citation_view`` asks the graph (through any
``select`` callable that runs a SPARQL SELECT and returns rows of plain strings)
for documents, paragraphs and citations, and returns a frozen ``View``: nodes
(documents) and edges (citing document -> cited document, one per pair). Then
``write_html`` draws the view with pyvis into one self-contained HTML file that
works offline: vis-network is inlined and pyvis's remaining CDN tags are removed.

Everything that comes from a document reaches the page either escaped in markup
or inside JSON that cannot close a script; tooltips become DOM text nodes in the
browser, never HTML.

>>> view = citation_view(select, lang="fr", focus="A/HRC/RES/57/12")  # doctest: +SKIP
>>> write_html(view, "citations.html")                                # doctest: +SKIP
"""
from __future__ import annotations

import html
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Mapping

from kg.lexicon import table

Row = Mapping[str, "str | None"]
Select = Callable[[str], "list[Row]"]

KG_NS = "https://w3id.org/un-hr-kg/ontology#"
UNDOCS = "https://undocs.org/"

# Above this many nodes vis-network's physics takes minutes to settle in a browser,
# so positions are computed here and physics stays off.
LAYOUT_THRESHOLD = 300
# Stabilisation steps for small graphs; physics is switched off once they are done.
STABILISATION_ITERATIONS = 200
# A tooltip shows at most this many characters of a paragraph, and this many paragraphs.
EXCERPT_CHARS = 300
TOOLTIP_PARAGRAPHS = 8
# How a tooltip names a citation made by a document outside its numbered paragraphs.
NO_PARAGRAPH = "(outside paragraphs)"
# Spacing of the layered layout, in vis-network canvas units.
COLUMN_STEP = 220
ROW_STEP = 60
YEAR_GAP = 160

PREFIXES = """\
PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""

DOCUMENTS_QUERY = PREFIXES + """\
SELECT ?doc ?symbol ?date ?session WHERE {
  ?doc a kg:Document ; kg:symbol ?symbol .
  OPTIONAL { ?doc dcterms:date ?date }
  OPTIONAL { ?doc kg:session ?session }
}"""

TYPES_QUERY = PREFIXES + """\
SELECT ?doc ?type WHERE { ?doc a kg:Document , ?type . }"""

TITLES_QUERY = PREFIXES + """\
SELECT ?doc ?title (LANG(?title) AS ?lang) WHERE {
  ?doc a kg:Document ; dcterms:title ?title .
}"""

BODIES_QUERY = PREFIXES + """\
SELECT ?doc ?notation ?label (LANG(?label) AS ?lang) WHERE {
  ?doc a kg:Document ; kg:body ?body .
  OPTIONAL { ?body skos:notation ?notation }
  OPTIONAL { ?body skos:prefLabel ?label }
}"""

EXPRESSIONS_QUERY = PREFIXES + """\
SELECT ?doc ?language WHERE {
  ?doc a kg:Document ; kg:hasExpression ?expression .
  OPTIONAL { ?expression dcterms:language ?language }
}"""

CITATIONS_QUERY = PREFIXES + """\
SELECT ?paragraph ?source ?cited ?pid WHERE {
  ?paragraph cito:cites ?cited ; dcterms:isPartOf ?source .
  OPTIONAL { ?paragraph kg:paragraphId ?pid }
}"""

DOCUMENT_CITATIONS_QUERY = PREFIXES + """\
SELECT ?source ?cited WHERE { ?source a kg:Document ; cito:cites ?cited . }"""

PARAGRAPH_TEXTS_QUERY = PREFIXES + """\
SELECT DISTINCT ?paragraph ?text (LANG(?text) AS ?lang) WHERE {
  ?paragraph cito:cites ?cited ; kg:text ?text .
}"""

QUOTES_QUERY = PREFIXES + """\
SELECT DISTINCT ?paragraph ?cited ?quote (LANG(?quote) AS ?lang) ?date WHERE {
  ?citation cito:hasCitingEntity ?paragraph ; cito:hasCitedEntity ?cited .
  OPTIONAL { ?citation kg:quote ?quote }
  OPTIONAL { ?citation kg:citedDate ?date }
}"""


@dataclass(frozen=True)
class Kind:
    """A kind of node: which documents it covers and how it is drawn (``kg/data/view_kinds.tsv``)."""

    id: str
    read: bool
    match: str  # a kg: type local name (read) or a body notation (cited only); "*" for any
    label: str
    colour: str
    shape: str
    glyph: str


@dataclass(frozen=True)
class ViewNode:
    """A document in a view; ``id`` and ``label`` are its symbol."""

    id: str
    label: str
    kind: str
    tooltip: str
    year: int | None = None
    cited_by: int = 0


@dataclass(frozen=True)
class ViewEdge:
    """All the citations from one document to another."""

    source: str
    target: str
    paragraphs: tuple[str, ...]
    tooltip: str


@dataclass(frozen=True)
class View:
    """What a page shows: nodes and edges in a fixed order, and the kinds that draw them."""

    title: str
    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    kinds: tuple[Kind, ...]


@dataclass(frozen=True)
class _Document:
    """What the graph says about one document, gathered from several queries."""

    iri: str
    symbol: str
    date: str | None
    session: str | None
    types: frozenset[str]
    titles: tuple[tuple[str, str], ...]  # (text, language tag)
    body: str | None
    body_labels: tuple[tuple[str, str], ...]
    languages: tuple[str, ...] | None  # languages read; None when only cited


# --- kinds -----------------------------------------------------------------------


@lru_cache(maxsize=None)
def kinds() -> tuple[Kind, ...]:
    """The node kinds of ``kg/data/view_kinds.tsv``, in legend order."""
    return tuple(
        Kind(row["kind"], row["read"] == "yes", row["match"], row["label"],
             row["colour"], row["shape"], row["glyph"])
        for row in table("view_kinds")
    )


def kind_of(types: Iterable[str], body: str | None, read: bool) -> str:
    """The kind id of a document from its kg: type local names, its body notation and
    whether it was read.

    >>> kind_of({"Resolution"}, "HRC", read=True), kind_of({"Resolution"}, "GA", read=False)
    ('resolution', 'cited-ga')
    """
    wanted = set(types) if read else {body}
    for kind in kinds():
        if kind.read == read and (kind.match == "*" or kind.match in wanted):
            return kind.id
    raise LookupError(f"kg/data/view_kinds.tsv: no '*' row for read={read}; add one")


# --- text ------------------------------------------------------------------------


def pick_language(values: Iterable[tuple[str, str]], lang: str) -> list[str]:
    """The texts in the language that suits ``lang`` best, sorted.

    Preference: ``lang`` (any region or script subtag), untagged, English, then the
    first other tag in alphabetical order.

    >>> pick_language([("Titre", "fr"), ("Title", "en"), ("标题", "zh")], "zh")
    ['标题']
    >>> pick_language([("Titre", "fr"), ("Title", "en")], "ru")
    ['Title']
    """
    values = [(text, (tag or "").lower()) for text, tag in values if text]
    if not values:
        return []
    want = lang.lower().split("-")[0]

    def rank(tag: str) -> tuple[int, str]:
        if tag.split("-")[0] == want:
            return (0, tag)
        return ({"": 1, "en": 2}.get(tag, 3), tag)

    best = min(rank(tag) for _, tag in values)
    return sorted({text for text, tag in values if rank(tag) == best})


def squash(text: str) -> str:
    """``text`` with runs of white space made one space."""
    return " ".join(text.split())


def excerpt(text: str, quote: str | None = None, limit: int = EXCERPT_CHARS) -> str:
    """At most about ``limit`` characters of ``text``, centred on ``quote`` when it is found.

    >>> excerpt("a " * 10 + "the cited words" + " b" * 10, "cited words", limit=20)
    '… the cited words b b …'
    """
    text = squash(text)
    if len(text) <= limit:
        return text
    at = text.casefold().find(squash(quote).casefold()) if quote else -1
    middle = at + len(squash(quote or "")) // 2 if at >= 0 else limit // 2
    start = max(0, min(middle - limit // 2, len(text) - limit))
    end = start + limit
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")


def symbol_key(symbol: str) -> tuple:
    """A sort key that puts ``A/HRC/RES/9/1`` before ``A/HRC/RES/24/2``."""
    parts = re.split(r"(\d+)", symbol)
    return (tuple(int(part) if index % 2 else part for index, part in enumerate(parts)), symbol)


# --- reading the graph -----------------------------------------------------------
# The queries stay simple patterns joined here: rdflib's evaluator runs nested loops in
# the order written, and one query joining everything was seconds slower on 400 documents.


def _rows(select: Select, query: str) -> list[dict[str, str | None]]:
    """The rows of a SELECT with every bound value as a string (stores may give ints or dates)."""
    return [{name: None if value is None else str(value) for name, value in row.items()}
            for row in select(query)]


def _grouped(rows: Iterable[Row], key: str) -> dict[str, list[Row]]:
    """Rows grouped by the value of ``key`` (rows without it are dropped)."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.get(key):
            groups[row[key]].append(row)
    return groups


def _local_name(iri: str) -> str | None:
    """The local name of an IRI in the kg: namespace, else None."""
    return iri[len(KG_NS):] if iri.startswith(KG_NS) else None


def _documents(select: Select) -> dict[str, _Document]:
    """Every document with a symbol, by IRI."""
    types = _grouped(_rows(select, TYPES_QUERY), "doc")
    titles = _grouped(_rows(select, TITLES_QUERY), "doc")
    bodies = _grouped(_rows(select, BODIES_QUERY), "doc")
    expressions = _grouped(_rows(select, EXPRESSIONS_QUERY), "doc")
    documents = {}
    for iri, rows in sorted(_grouped(_rows(select, DOCUMENTS_QUERY), "doc").items()):
        notations = sorted({row["notation"] for row in bodies.get(iri, ()) if row.get("notation")})
        documents[iri] = _Document(
            iri=iri,
            symbol=min(row["symbol"] for row in rows if row.get("symbol")),
            date=min((row["date"] for row in rows if row.get("date")), default=None),
            session=min((row["session"] for row in rows if row.get("session")), default=None),
            types=frozenset(_local_name(r.get("type") or "") for r in types.get(iri, ())) - {None, "Document"},
            titles=tuple((r["title"], r.get("lang") or "") for r in titles.get(iri, ()) if r.get("title")),
            body=notations[0] if notations else None,
            body_labels=tuple((r["label"], r.get("lang") or "") for r in bodies.get(iri, ()) if r.get("label")),
            languages=tuple(sorted({r.get("language") or "?" for r in expressions[iri]}))
            if iri in expressions else None,
        )
    return documents


@dataclass(frozen=True, order=True)
class _Citation:
    """One paragraph citing one document, with the words it cites."""

    source: str  # symbol
    target: str  # symbol
    paragraph: str  # paragraph id, "?" when it has none, NO_PARAGRAPH for the document itself
    text: str  # the paragraph's words in the chosen language, or ""
    quotes: tuple[str, ...]
    dates: tuple[str, ...]


def _citations(select: Select, documents: dict[str, _Document], lang: str) -> list[_Citation]:
    """Every citation between documents with symbols, self-citations left out: one per citing
    paragraph, and one for the document itself where it cites a document from outside its
    paragraphs (a header or a footnote)."""
    texts = _grouped(_rows(select, PARAGRAPH_TEXTS_QUERY), "paragraph")
    quotes: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in _rows(select, QUOTES_QUERY):
        quotes[(row.get("paragraph"), row.get("cited"))].append(row)

    def citation(source: _Document, target: _Document, citing: str, paragraph: str) -> _Citation:
        words = pick_language(((r["text"], r.get("lang")) for r in texts.get(citing, ())), lang)
        said = quotes.get((citing, target.iri), ())
        return _Citation(source.symbol, target.symbol, paragraph, words[0] if words else "",
                         tuple(pick_language(((r.get("quote"), r.get("lang")) for r in said), lang)),
                         tuple(sorted({r["date"] for r in said if r.get("date")})))

    found = set()
    for row in _rows(select, CITATIONS_QUERY):
        source, target = documents.get(row.get("source")), documents.get(row.get("cited"))
        if source is not None and target is not None and source.symbol != target.symbol:
            found.add(citation(source, target, row["paragraph"], row.get("pid") or "?"))
    # A document also cites, as a whole, what its paragraphs cite: only pairs no paragraph
    # accounts for are new.
    pairs = {(c.source, c.target) for c in found}
    for row in _rows(select, DOCUMENT_CITATIONS_QUERY):
        source, target = documents.get(row.get("source")), documents.get(row.get("cited"))
        if source is not None and target is not None and source.symbol != target.symbol \
                and (source.symbol, target.symbol) not in pairs:
            found.add(citation(source, target, source.iri, NO_PARAGRAPH))
    return sorted(found, key=lambda c: (symbol_key(c.source), symbol_key(c.target), symbol_key(c.paragraph), c))


# --- tooltips --------------------------------------------------------------------


def _node_tooltip(document: _Document, lang: str, kind: Kind, cites: int, cited_by: int) -> str:
    """Plain text: symbol, title, body, date and session, kind, read or cited only."""
    lines = [document.symbol]
    lines += pick_language(document.titles, lang)[:1]
    if document.body or document.body_labels:
        label = (pick_language(document.body_labels, lang) or [""])[0]
        both = f"{label} ({document.body})" if label and document.body else label or document.body
        lines.append(f"Body: {both}")
    when = [f"Date: {document.date}"] if document.date else []
    when += [f"Session: {document.session}"] if document.session else []
    if when:
        lines.append(" · ".join(when))
    kind_name = kind.label.split(" (")[0] if kind.read else ", ".join(sorted(document.types)) or "document"
    if document.languages is None:
        lines.append(f"{kind_name} · cited only, not read")
    else:
        lines.append(f"{kind_name} · read ({', '.join(document.languages)})")
    lines.append(f"Cites {cites} · cited by {cited_by}")
    return "\n".join(lines)


def _citation_lines(citation: _Citation) -> list[str]:
    """Plain text for one paragraph's citation: its id, the cited words, the paragraph's words."""
    head = citation.paragraph
    if citation.quotes:
        head += ": " + "; ".join(f"“{excerpt(q, limit=EXCERPT_CHARS // 2)}”" for q in citation.quotes)
    if citation.dates:
        head += f" ({', '.join(citation.dates)})"
    body = excerpt(citation.text, citation.quotes[0] if citation.quotes else None) if citation.text else ""
    return [head] + ([f"  {body}"] if body else [])


def _edge_tooltip(source: str, target: str, citations: list[_Citation]) -> str:
    """Plain text: who cites whom, then each citing paragraph (the first few)."""
    count = len({c.paragraph for c in citations} - {NO_PARAGRAPH})
    where = f"in {count} paragraph{'s' if count != 1 else ''}" if count else "outside its paragraphs"
    lines = [f"{source} cites {target}", where]
    for citation in citations[:TOOLTIP_PARAGRAPHS]:
        lines += _citation_lines(citation)
    if len(citations) > TOOLTIP_PARAGRAPHS:
        lines.append(f"… and {len(citations) - TOOLTIP_PARAGRAPHS} more")
    return "\n".join(lines)


# --- the view --------------------------------------------------------------------


def neighbourhood(pairs: Iterable[tuple[str, str]], focus: str, depth: int) -> set[str]:
    """The nodes at most ``depth`` hops from ``focus``, following pairs in either direction.

    >>> sorted(neighbourhood([("a", "b"), ("b", "c"), ("d", "a")], "a", 1))
    ['a', 'b', 'd']
    """
    around: dict[str, set[str]] = defaultdict(set)
    for one, other in pairs:
        around[one].add(other)
        around[other].add(one)
    seen, frontier = {focus}, {focus}
    for _ in range(depth):
        frontier = {near for node in frontier for near in around[node]} - seen
        seen |= frontier
    return seen


def _view_title(focus: str | None, depth: int | None) -> str:
    """The page title, naming the view."""
    if focus is None:
        return "Citation network"
    return f"Citation network around {focus} ({depth} hop{'s' if depth != 1 else ''})"


def citation_view(select: Select, lang: str = "en", focus: str | None = None,
                  depth: int | None = None) -> View:
    """The citation network: documents, and one edge per citing -> cited pair.

    ``select`` runs a SPARQL SELECT and returns rows as dicts of strings (None when
    unbound). Titles, paragraphs and quotes are shown in ``lang`` when the graph has
    them, else in another language. With ``focus`` (a symbol), only documents within
    ``depth`` citation hops of it, either way, are kept (``depth`` defaults to 1).
    """
    if focus is None and depth is not None:
        raise ValueError("depth is only meaningful with focus: give focus=<symbol> too")
    if depth is None:
        depth = 1
    if depth < 0:
        raise ValueError(f"depth must be 0 or more, got {depth}")
    documents = _documents(select)
    citations = _citations(select, documents, lang)
    by_pair: dict[tuple[str, str], list[_Citation]] = defaultdict(list)
    for citation in citations:
        by_pair[(citation.source, citation.target)].append(citation)
    symbols: dict[str, _Document] = {}
    for document in sorted(documents.values(), key=lambda d: d.iri):
        symbols.setdefault(document.symbol, document)  # two IRIs, one symbol: the first IRI wins
    if focus is not None:
        if focus not in symbols:
            raise ValueError(f"focus {focus!r} is not the symbol of a document in the graph; "
                             "give a canonical symbol such as 'A/HRC/RES/57/12'")
        keep = neighbourhood(by_pair, focus, depth)
        symbols = {symbol: document for symbol, document in symbols.items() if symbol in keep}
        by_pair = {pair: cs for pair, cs in by_pair.items() if pair[0] in keep and pair[1] in keep}
    edges = tuple(
        ViewEdge(source, target, tuple(sorted({c.paragraph for c in cs}, key=symbol_key)),
                 _edge_tooltip(source, target, cs))
        for (source, target), cs in sorted(by_pair.items(), key=lambda item: (symbol_key(item[0][0]),
                                                                               symbol_key(item[0][1])))
    )
    cites = Counter(edge.source for edge in edges)
    cited_by = Counter(edge.target for edge in edges)
    nodes = tuple(_node(symbols[symbol], lang, cites[symbol], cited_by[symbol])
                  for symbol in sorted(symbols, key=symbol_key))
    return View(_view_title(focus, depth), nodes, edges, kinds())


def _node(document: _Document, lang: str, cites: int, cited_by: int) -> ViewNode:
    """A document as a node of the view."""
    kind_id = kind_of(document.types, document.body, read=document.languages is not None)
    kind = next(k for k in kinds() if k.id == kind_id)
    year = int(document.date[:4]) if document.date and document.date[:4].isdigit() else None
    return ViewNode(document.symbol, document.symbol, kind_id,
                    _node_tooltip(document, lang, kind, cites, cited_by), year, cited_by)


# --- layout ----------------------------------------------------------------------


def layered_layout(view: View) -> dict[str, tuple[int, int]]:
    """Positions by year: one band of columns per year (undated documents first), each
    band ordered so that a document sits near the mean height of the earlier documents
    it is linked to. Pure Python, deterministic, linear in the size of the view.
    """
    around: dict[str, list[str]] = defaultdict(list)
    for edge in view.edges:
        around[edge.source].append(edge.target)
        around[edge.target].append(edge.source)
    bands: dict[int, list[str]] = defaultdict(list)
    for node in view.nodes:
        bands[-1 if node.year is None else node.year].append(node.id)
    # Columns are further apart than rows; this many rows makes the whole roughly square.
    rows = max(10, round(math.sqrt(len(view.nodes) * COLUMN_STEP / ROW_STEP)))
    heights: dict[str, float] = {}
    positions: dict[str, tuple[int, int]] = {}
    left = 0
    for year in sorted(bands):
        ids = sorted(bands[year], key=lambda node: (_barycentre(around[node], heights), symbol_key(node)))
        height = min(rows, len(ids))
        for index, node in enumerate(ids):
            column, row = divmod(index, height)
            positions[node] = (left + column * COLUMN_STEP, round((row - (height - 1) / 2) * ROW_STEP))
        for node in ids:
            heights[node] = positions[node][1]
        left += math.ceil(len(ids) / height) * COLUMN_STEP + YEAR_GAP
    return positions


def _barycentre(neighbours: list[str], heights: dict[str, float]) -> float:
    """The mean height of the neighbours already placed; infinity if none is."""
    placed = [heights[near] for near in neighbours if near in heights]
    return sum(placed) / len(placed) if placed else math.inf


# --- the page --------------------------------------------------------------------

# pyvis keeps <script src> / <link href> tags that point at a CDN even when it inlines
# vis-network; the page must work offline, so they are cut from the written file.
# An HTML comment or a whole script element, whichever comes first: pyvis's template has
# commented-out tags that would load vis from node_modules, and scripts may hold "<!--".
COMMENT_OR_SCRIPT = re.compile(
    r"(?P<comment><!--.*?-->)|<script\b(?P<attributes>[^>]*)>(?P<body>.*?)</script\s*>", re.I | re.S)
REMOTE_ATTRIBUTE = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
LINK_ELEMENT = re.compile(r"<link\b[^>]*>", re.I | re.S)
EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>\s*", re.I)

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}

PAGE_STYLE = """
body { margin: 0; font-family: system-ui, sans-serif; font-size: 14px; }
#kg-panel { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center;
            padding: 8px 12px; border-bottom: 1px solid #ddd; }
#kg-panel h1 { font-size: 18px; margin: 0; }
#kg-legend { display: flex; flex-wrap: wrap; gap: 4px 12px; list-style: none; margin: 0; padding: 0; }
#kg-legend label { cursor: pointer; white-space: nowrap; }
.kg-glyph { font-size: 16px; }
#kg-status { color: #b00020; }
#loadingBar { display: none; }
div.vis-tooltip { max-width: 520px; }
div.kg-tip { white-space: pre-wrap; font-family: system-ui, sans-serif; font-size: 13px; }
"""

# Runs right after pyvis's drawGraph(), which leaves `nodes`, `edges` and `network` global.
PAGE_SCRIPT = """
(function () {
  "use strict";
  var config = %(config)s;
  var root = document.body;

  function tipElement(text) {
    var element = document.createElement("div");
    element.className = "kg-tip";
    element.textContent = text;
    return element;
  }

  function attachTips(dataSet) {
    dataSet.update(dataSet.get({fields: ["id", "tip"]}).map(function (item) {
      return {id: item.id, title: tipElement(item.tip)};
    }));
  }

  function markReady() {
    root.setAttribute("data-kg-ready", "true");
  }

  var bySymbol = new Map();
  var symbols = document.getElementById("kg-symbols");
  nodes.get({fields: ["id", "label"]}).forEach(function (node) {
    bySymbol.set(node.label.toLowerCase(), node.id);
    var option = document.createElement("option");
    option.value = node.label;
    symbols.appendChild(option);
  });

  function findNode(text) {
    var key = text.trim().toLowerCase();
    if (!key) { return null; }
    if (bySymbol.has(key)) { return bySymbol.get(key); }
    var found = nodes.getIds({filter: function (node) {
      return !node.hidden && node.label.toLowerCase().indexOf(key) !== -1;
    }});
    return found.length ? found[0] : null;
  }

  function showNode(id) {
    network.selectNodes([id]);
    network.focus(id, {scale: 1.2, animation: false});
  }

  var input = document.getElementById("kg-search");
  var status = document.getElementById("kg-status");
  document.getElementById("kg-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var id = findNode(input.value);
    status.textContent = id === null ? "No document matches " + input.value : "";
    if (id !== null) { showNode(id); }
  });
  input.addEventListener("input", function () {
    var key = input.value.trim().toLowerCase();
    if (bySymbol.has(key)) { status.textContent = ""; showNode(bySymbol.get(key)); }
  });

  var boxes = Array.prototype.slice.call(document.querySelectorAll("#kg-legend input[type=checkbox]"));
  function applyFilter() {
    var shown = new Set();
    boxes.forEach(function (box) { if (box.checked) { shown.add(box.value); } });
    nodes.update(nodes.get({fields: ["id", "kind"]}).map(function (node) {
      return {id: node.id, hidden: !shown.has(node.kind)};
    }));
  }
  boxes.forEach(function (box) { box.addEventListener("change", applyFilter); });

  network.on("click", function (params) {
    if (params.nodes.length === 1) {
      window.open(config.link + encodeURI(params.nodes[0]), "_blank", "noopener");
    }
  });

  attachTips(nodes);
  attachTips(edges);
  if (config.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      markReady();
    });
  } else {
    markReady();
  }
}());
"""


def script_json(value: object) -> str:
    """JSON that is safe inside a <script> element: ``<``, ``>``, ``&``, U+2028 and U+2029
    are written as ``\\u`` escapes, so no string can end the script early.

    >>> script_json({"t": "</script>"})
    '{"t":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda match: _SCRIPT_ESCAPES[match.group()], text)


def strip_remote_resources(page: str) -> str:
    """``page`` without <script src=...> and <link href=...> elements that load from the
    network, and without HTML comments.

    Inline scripts are kept byte for byte: only their opening tags are looked at.
    """
    pieces, last = [], 0
    for match in COMMENT_OR_SCRIPT.finditer(page):
        pieces.append(LINK_ELEMENT.sub(_drop_remote, page[last:match.start()]))
        if match.group("comment") is None and not REMOTE_ATTRIBUTE.search(match.group("attributes")):
            pieces.append(match.group())
        last = match.end()
    pieces.append(LINK_ELEMENT.sub(_drop_remote, page[last:]))
    return "".join(pieces)


def _drop_remote(match: re.Match) -> str:
    """The matched tag, or nothing if it loads from the network."""
    return "" if REMOTE_ATTRIBUTE.search(match.group()) else match.group()


def _vis_node(node: ViewNode, kind: Kind, position: tuple[int, int] | None) -> dict:
    """A node as vis-network wants it; the tooltip travels as ``tip`` and becomes DOM text."""
    item = {"id": node.id, "label": node.label, "kind": node.kind, "tip": node.tooltip,
            "shape": kind.shape, "color": kind.colour, "value": 1 + node.cited_by}
    if position is not None:
        item["x"], item["y"] = position
    return item


def _vis_edge(index: int, edge: ViewEdge) -> dict:
    """An edge as vis-network wants it; its width grows with the number of citing paragraphs."""
    return {"id": f"e{index}", "from": edge.source, "to": edge.target,
            "tip": edge.tooltip, "value": len(edge.paragraphs)}


def _vis_options(physics: bool) -> dict:
    """vis-network options: physics that settles and stops for small graphs, none for large."""
    return {
        "layout": {"randomSeed": 7, "improvedLayout": physics},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
            "stabilization": {"enabled": True, "iterations": STABILISATION_ITERATIONS,
                              "updateInterval": 25, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": not physics},
        "nodes": {"font": {"size": 13}, "scaling": {"min": 8, "max": 32}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#9e9e9e", "highlight": "#212121", "hover": "#424242"},
            "scaling": {"min": 1, "max": 6},
            "smooth": {"enabled": physics, "type": "continuous"},
        },
    }


def _legend(view: View) -> str:
    """The legend, escaped markup: one checkbox per kind present, which also filters."""
    counts = Counter(node.kind for node in view.nodes)
    items = []
    for kind in view.kinds:
        if counts[kind.id]:
            items.append(
                f'<li><label><input type="checkbox" value="{html.escape(kind.id)}" checked> '
                f'<span class="kg-glyph" style="color: {html.escape(kind.colour)}">{html.escape(kind.glyph)}</span> '
                f'{html.escape(kind.label)} ({counts[kind.id]})</label></li>')
    return '<ul id="kg-legend" aria-label="Kinds of document">' + "".join(items) + "</ul>"


def _panel(view: View) -> str:
    """The page's own header: title, search box and legend."""
    return (
        '<div id="kg-panel">'
        f"<h1>{html.escape(view.title)}</h1>"
        '<form id="kg-search-form" role="search">'
        '<input id="kg-search" type="search" list="kg-symbols" placeholder="Symbol, e.g. A/HRC/RES/57/12" '
        'aria-label="Find a document by symbol" size="32"> <button type="submit">Find</button> '
        '<span id="kg-status" role="status"></span></form>'
        '<datalist id="kg-symbols"></datalist>'
        f"{_legend(view)}"
        f"<span>{len(view.nodes)} documents · {len(view.edges)} citing pairs</span>"
        "</div>"
    )


def _insert(page: str, marker: str, text: str, *, before: bool, last: bool = False, start: int = 0) -> str:
    """``page`` with ``text`` put before or after ``marker`` (its first occurrence from
    ``start``, or its last). Fails loudly if pyvis's template no longer has the marker."""
    at = page.rfind(marker) if last else page.find(marker, start)
    if at < 0:
        raise RuntimeError(f"pyvis template has no {marker!r}; the pyvis version is not one this page supports")
    at = at if before else at + len(marker)
    return page[:at] + text + page[at:]


def _finish_page(page: str, view: View, physics: bool) -> str:
    """pyvis's page made offline, titled, and given the panel and the page script."""
    page = EMPTY_HEADING.sub("", strip_remote_resources(page))
    head = f'\n<title>{html.escape(view.title)}</title>\n<style>{PAGE_STYLE}</style>\n'
    page = _insert(page, '<meta charset="utf-8">', head, before=False)
    page = _insert(page, "<body>", "\n" + _panel(view) + "\n", before=False, start=page.rfind("</head>"))
    script = PAGE_SCRIPT % {"config": script_json({"link": UNDOCS, "physics": physics})}
    # In pyvis's own script, right after drawGraph(): a script element of its own could run
    # only after vis-network's first stabilisation has already ended.
    page = _insert(page, "drawGraph();", script, before=False, last=True)
    return "<!DOCTYPE html>\n" + page.strip() + "\n"


def render_html(view: View) -> str:
    """The page of ``view`` as a string (see ``write_html``)."""
    from pyvis.network import Network

    physics = len(view.nodes) <= LAYOUT_THRESHOLD
    positions = {} if physics else layered_layout(view)
    by_id = {kind.id: kind for kind in view.kinds}
    net = Network(height="calc(100vh - 120px)", width="100%", directed=True, cdn_resources="in_line")
    # Handed over in bulk: pyvis's add_node checks a list for duplicates, which is quadratic.
    net.nodes = [_vis_node(node, by_id[node.kind], positions.get(node.id)) for node in view.nodes]
    net.edges = [_vis_edge(index, edge) for index, edge in enumerate(view.edges)]
    net.options = _vis_options(physics)
    return _finish_page(net.generate_html(), view, physics)


def write_html(view: View, out_path: str | Path) -> Path:
    """Write ``view`` as one self-contained HTML page that works offline, and return its path.

    Node colour and shape follow the kind (``kg/data/view_kinds.tsv``), with a legend
    whose checkboxes hide and show kinds, a search box for symbols, and a click on a
    node opening ``https://undocs.org/<symbol>``. Graphs of more than
    ``LAYOUT_THRESHOLD`` nodes are laid out here by year, with physics off; smaller
    ones settle in the browser and then stop. The same view gives the same bytes.
    """
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(view), encoding="utf-8", newline="\n")
    return out


def write_citation_html(select: Select, out_path: str | Path, lang: str = "en",
                        focus: str | None = None, depth: int | None = None) -> Path:
    """Build the citation view and write it as HTML (``kg viz --out FILE.html``)."""
    return write_html(citation_view(select, lang=lang, focus=focus, depth=depth), out_path)
