"""The actors view: who is asked to do what, by which document, with which verb.

Documents and the actors their paragraphs address (``kg:addressee``), one edge per
(document, verb, actor), labelled with the verb (``kg:action``) in the reader's
language; its tooltip holds the paragraphs' words and the document's symbol.

>>> view = actors_view(select, lang="es", focus="A/HRC/RES/57/12")  # doctest: +SKIP
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from kg.views.graph import (
    PREFIXES, Concepts, Document, Select, by_symbol, check_depth, concepts, document_node, documents, rows,
    texts_in_language, unknown_focus,
)
from kg.views.layout import neighbourhood
from kg.views.model import View, ViewEdge, ViewNode, kinds
from kg.views.text import excerpt, plural, symbol_key

# A tooltip shows at most this many paragraphs.
TOOLTIP_PARAGRAPHS = 6
# Parallel edges between one document and one actor (different verbs) bend apart by this much.
PARALLEL_CURVE = 0.18
# Actors stand in the last band of the layered layout, after the documents' years.
ACTOR_BAND = 10 ** 6
# How an edge is labelled when the paragraph's verb was not recognised.
NO_VERB = "(verb not recognised)"
ACTOR_PREFIX = "actor "

ADDRESSEES_QUERY = PREFIXES + """\
SELECT ?paragraph ?doc ?pid ?action ?addressee WHERE {
  ?paragraph kg:addressee ?addressee ; dcterms:isPartOf ?doc .
  OPTIONAL { ?paragraph kg:paragraphId ?pid }
  OPTIONAL { ?paragraph kg:action ?action }
}"""

ADDRESSED_TEXTS_QUERY = PREFIXES + """\
SELECT DISTINCT ?paragraph ?text (LANG(?text) AS ?lang) WHERE {
  ?paragraph kg:addressee ?addressee ; kg:text ?text .
}"""


@dataclass(frozen=True, order=True)
class Request:
    """One paragraph of one document asking one actor, with one verb."""

    document: str  # symbol
    actor: str  # concept IRI
    action: str  # concept IRI, or ""
    paragraph: str  # paragraph id
    text: str  # the paragraph's words in the chosen language


def actor_id(iri: str) -> str:
    """The node id of an actor: a prefix and a space, so never a document symbol."""
    return ACTOR_PREFIX + iri


def requests(select: Select, found: dict[str, Document], lang: str) -> list[Request]:
    """Every (document, actor, verb, paragraph) among the documents ``found``, in document order."""
    symbols = {iri: document.symbol for iri, document in found.items()}
    texts = texts_in_language(rows(select, ADDRESSED_TEXTS_QUERY), "paragraph", lang)
    result = {
        Request(symbols[row["doc"]], row["addressee"], row.get("action") or "", row.get("pid") or "?",
                texts.get(row["paragraph"], ""))
        for row in rows(select, ADDRESSEES_QUERY) if row.get("doc") in symbols and row.get("addressee")
    }
    return sorted(result, key=lambda r: (symbol_key(r.document), symbol_key(r.paragraph), r))


def _edge(document: str, actor: str, action: str, asked: list[Request], names: Concepts, curve: float) -> ViewEdge:
    """One edge for every paragraph of ``document`` asking ``actor`` with one verb."""
    verb = names.label(action) or NO_VERB
    paragraphs = tuple(sorted({r.paragraph for r in asked}, key=symbol_key))
    lines = [f"{document}: {verb} → {names.label(actor)}", f"in {plural(len(paragraphs), 'paragraph')}"]
    for request in asked[:TOOLTIP_PARAGRAPHS]:
        lines.append(request.paragraph)
        if request.text:
            lines.append(f"  {excerpt(request.text)}")
    if len(asked) > TOOLTIP_PARAGRAPHS:
        lines.append(f"… and {len(asked) - TOOLTIP_PARAGRAPHS} more")
    return ViewEdge(document, actor_id(actor), "\n".join(lines), label=verb, paragraphs=paragraphs,
                    weight=len(paragraphs), curve=curve)


def _actor_node(actor: str, asked: list[Request], names: Concepts, focus: bool) -> ViewNode:
    """An actor, with how often and how it is asked."""
    verbs = Counter(names.label(r.action) or NO_VERB for r in asked)
    documents_asking = {r.document for r in asked}
    lines = [names.label(actor), "Actor asked to act",
             f"in {plural(len(asked), 'paragraph')} of {plural(len(documents_asking), 'document')}"]
    lines += [f"{verb}: {count}" for verb, count in sorted(verbs.items(), key=lambda item: (-item[1], item[0]))]
    return ViewNode(actor_id(actor), names.label(actor), "actor", "\n".join(lines),
                    band=ACTOR_BAND, weight=len(asked), focus=focus)


def _resolve_focus(focus: str, symbols: set[str], names: Concepts, actors: set[str]) -> str:
    """The node id of ``focus``: a document symbol, or an actor's notation or label."""
    if focus in symbols:
        return focus
    wanted = focus.casefold()
    for actor in sorted(actors):
        if wanted in {names.notations.get(actor, "").casefold(), names.label(actor).casefold()}:
            return actor_id(actor)
    raise unknown_focus(focus, "a document, nor the notation or name of an actor,")


def actors_view(select: Select, lang: str = "en", focus: str | None = None,
                depth: int | None = None) -> View:
    """Who is asked to do what: documents, the actors they address, edges by verb.

    Labels of actors and verbs are their skos:prefLabel in ``lang`` (else English).
    ``focus`` is a document symbol or an actor (``ohchr``, or its name); ``depth``
    counts hops from it (default 1: the document and the actors it asks).
    """
    depth = check_depth(focus, depth, default=1)
    names = concepts(select, lang)
    found_documents = documents(select)
    asked = requests(select, found_documents, lang)
    symbols = by_symbol(found_documents)
    by_edge: dict[tuple[str, str, str], list[Request]] = defaultdict(list)
    for request in asked:
        by_edge[(request.document, request.actor, request.action)].append(request)
    if focus is not None:
        focus = _resolve_focus(focus, set(symbols), names, {r.actor for r in asked})
        keep = neighbourhood(((d, actor_id(a)) for d, a, _ in by_edge), focus, depth)
        by_edge = {key: found for key, found in by_edge.items()
                   if key[0] in keep and actor_id(key[1]) in keep}
        asked = [r for found in by_edge.values() for r in found]
    parallel: Counter = Counter()
    edges = []
    for (document, actor, action), found in sorted(
            by_edge.items(), key=lambda item: (symbol_key(item[0][0]), names.label(item[0][1]), item[0])):
        edges.append(_edge(document, actor, action, found, names, PARALLEL_CURVE * parallel[(document, actor)]))
        parallel[(document, actor)] += 1
    by_document: dict[str, list[Request]] = defaultdict(list)
    by_actor: dict[str, list[Request]] = defaultdict(list)
    for request in asked:
        by_document[request.document].append(request)
        by_actor[request.actor].append(request)
    doc_symbols = set(by_document) | ({focus} if focus in symbols else set())
    document_nodes = [
        document_node(symbols[symbol], lang, [_asks_line(by_document[symbol])], band=symbols[symbol].year,
                      weight=len(by_document[symbol]), focus=symbol == focus)
        for symbol in sorted(doc_symbols, key=symbol_key)]
    actor_nodes = [_actor_node(actor, found, names, actor_id(actor) == focus)
                   for actor, found in sorted(by_actor.items(), key=lambda item: (names.label(item[0]), item[0]))]
    if focus is not None and focus.startswith(ACTOR_PREFIX) and focus not in {n.id for n in actor_nodes}:
        actor_nodes.append(_actor_node(focus[len(ACTOR_PREFIX):], [], names, True))
    title = "Who is asked to do what" + (f" around {_focus_name(focus, names)} ({plural(depth, 'hop')})"
                                         if focus is not None else "")
    summary = (f"{plural(len(document_nodes), 'document')} · {plural(len(actor_nodes), 'actor')} · "
               f"{plural(len({(r.document, r.paragraph) for r in asked}), 'paragraph')}")
    return View(title, tuple(document_nodes + actor_nodes), tuple(edges), kinds(), summary,
                edge_key=("→ document asks actor, labelled with the verb",))


def _asks_line(asked: list) -> str:
    """How many actors a document asks, in how many paragraphs."""
    return (f"Asks {plural(len({r.actor for r in asked}), 'actor')} in "
            f"{plural(len({r.paragraph for r in asked}), 'paragraph')}")


def _focus_name(focus: str, names: Concepts) -> str:
    """The focus as a reader knows it: a symbol, or an actor's label."""
    return names.label(focus[len(ACTOR_PREFIX):]) if focus.startswith(ACTOR_PREFIX) else focus
