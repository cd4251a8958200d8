"""The mandates view: what was asked to be delivered, to whom, for which session, and by what.

Each ``kg:Mandate`` is a node between the document whose paragraph gives it
(``kg:givenIn``), the actor it is given to (``kg:mandatedTo``) and the session it is
due at or before (``kg:dueSession``, ``kg:dueBody``). Where the graph says a
document was ``kg:submittedPursuantTo`` a mandate, the paragraph giving it, or the
document giving it, the delivering document is drawn too, with the words that say so
(``kg:Pursuance``) in the tooltip, and the mandate counts as delivered; without such
links every mandate shows as having no delivery in the graph.

>>> view = mandates_view(select, lang="fr")  # doctest: +SKIP
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kg.views.actors import actor_id
from kg.views.graph import (
    PREFIXES, Concepts, Document, Select, by_symbol, check_depth, concepts, document_node, documents,
    rows, texts_in_language, unknown_focus,
)
from kg.views.layout import neighbourhood
from kg.views.model import Layered, View, ViewEdge, ViewNode, kinds
from kg.views.text import excerpt, plural, symbol_key

# Columns, left to right: who mandates, the mandates, to whom and for when (one column,
# so that no edge crosses the other's nodes), delivered by.
MANDATING, MANDATE, ACTOR, DELIVERING = range(4)
SESSION = ACTOR
MANDATES_LAYOUT = Layered(column_step=220, row_step=70, band_gap=90)
MANDATE_PREFIX = "mandate "
SESSION_PREFIX = "session "

MANDATES_QUERY = PREFIXES + """\
SELECT ?mandate ?paragraph ?doc ?pid ?deliverable ?actor ?session ?relation ?body WHERE {
  ?mandate a kg:Mandate ; kg:givenIn ?paragraph .
  ?paragraph dcterms:isPartOf ?doc .
  OPTIONAL { ?paragraph kg:paragraphId ?pid }
  OPTIONAL { ?mandate kg:deliverable ?deliverable }
  OPTIONAL { ?mandate kg:mandatedTo ?actor }
  OPTIONAL { ?mandate kg:dueSession ?session }
  OPTIONAL { ?mandate kg:dueRelation ?relation }
  OPTIONAL { ?mandate kg:dueBody ?body }
}"""

MANDATE_TEXTS_QUERY = PREFIXES + """\
SELECT DISTINCT ?paragraph ?text (LANG(?text) AS ?lang) WHERE {
  ?mandate kg:givenIn ?paragraph . ?paragraph kg:text ?text .
}"""

# The follow-up link may start at a document or at one of its parts, and may point at a
# mandate, the paragraph that gives it, or the document: each is read here.
FOLLOW_UPS_QUERY = PREFIXES + """\
SELECT ?delivering ?deliveringDoc ?answered ?answeredDoc WHERE {
  ?delivering kg:submittedPursuantTo ?answered .
  OPTIONAL { ?delivering dcterms:isPartOf ?deliveringDoc }
  OPTIONAL { ?answered dcterms:isPartOf ?answeredDoc }
}"""

# The words that say a document was submitted pursuant to another, where the graph keeps them.
EVIDENCE_QUERY = PREFIXES + """\
SELECT ?submitted ?answered ?quote ?paragraph ?pid ?source WHERE {
  ?pursuance a kg:Pursuance ; kg:submittedDocument ?submitted ; kg:pursuantTo ?answered .
  OPTIONAL { ?pursuance kg:quote ?quote }
  OPTIONAL { ?pursuance kg:inParagraph ?paragraph .
             ?paragraph dcterms:isPartOf ?source .
             OPTIONAL { ?paragraph kg:paragraphId ?pid } }
}"""


@dataclass(frozen=True)
class Mandate:
    """One mandate with what the graph says of it (several values are kept, sorted)."""

    iri: str
    document: str  # symbol of the document giving it
    paragraph: str  # IRI of the paragraph giving it
    pid: str
    deliverables: tuple[str, ...]
    actors: tuple[str, ...]
    sessions: tuple[int, ...]
    relation: str
    bodies: tuple[str, ...]
    text: str

    @property
    def id(self) -> str:
        """Its node id: a prefix and a space, never a document symbol."""
        return MANDATE_PREFIX + self.iri


def mandates(select: Select, found: dict[str, Document], lang: str) -> list[Mandate]:
    """Every mandate given in a paragraph of a document with a symbol, in document order."""
    texts = texts_in_language(rows(select, MANDATE_TEXTS_QUERY), "paragraph", lang)
    facts: dict[str, list[dict]] = defaultdict(list)
    for row in rows(select, MANDATES_QUERY):
        if row.get("doc") in found:
            facts[row["mandate"]].append(row)

    def values(group: list[dict], name: str) -> tuple[str, ...]:
        return tuple(sorted({row[name] for row in group if row.get(name)}))

    result = []
    for iri, group in facts.items():
        first = min(group, key=lambda row: (row["doc"], row["paragraph"]))
        result.append(Mandate(
            iri, found[first["doc"]].symbol, first["paragraph"], first.get("pid") or "?",
            values(group, "deliverable"), values(group, "actor"),
            tuple(sorted({int(s) for s in values(group, "session") if s.lstrip("-").isdigit()})),
            " or ".join(values(group, "relation")) or "at", values(group, "body"),
            texts.get(first["paragraph"], "")))
    return sorted(result, key=lambda m: (symbol_key(m.document), symbol_key(m.pid), m.iri))


@dataclass(frozen=True)
class FollowUp:
    """A delivering document and what it answers: a mandate's id, or a document's symbol."""

    delivering: str  # symbol
    answers: str  # node id
    delivers_mandate: bool
    evidence: tuple[str, ...] = ()  # where a text says so, and its words


def follow_ups(select: Select, found: dict[str, Document], given: list[Mandate]) -> list[FollowUp]:
    """What ``kg:submittedPursuantTo`` says was delivered, as links to mandates or documents."""
    by_iri = {m.iri: m for m in given}
    by_paragraph: dict[str, list[Mandate]] = defaultdict(list)
    for mandate in given:
        by_paragraph[mandate.paragraph].append(mandate)
    said = _evidence(select, found)
    result = set()
    for row in rows(select, FOLLOW_UPS_QUERY):
        delivering = found.get(row.get("delivering")) or found.get(row.get("deliveringDoc"))
        if delivering is None:
            continue
        answered = row.get("answered")
        if answered in by_iri or answered in by_paragraph:
            for mandate in [by_iri[answered]] if answered in by_iri else by_paragraph[answered]:
                result.add(FollowUp(delivering.symbol, mandate.id, True,
                                    said.get((delivering.symbol, mandate.document), ())))
        else:
            document = found.get(answered) or found.get(row.get("answeredDoc"))
            if document is not None and document.symbol != delivering.symbol:
                result.add(FollowUp(delivering.symbol, document.symbol, False,
                                    said.get((delivering.symbol, document.symbol), ())))
    return sorted(result, key=lambda f: (symbol_key(f.delivering), f.answers))


def _evidence(select: Select, found: dict[str, Document]) -> dict[tuple[str, str], tuple[str, ...]]:
    """For (submitted symbol, answered symbol): lines naming the paragraph that says so, and its words."""
    said: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows(select, EVIDENCE_QUERY):
        submitted, answered = found.get(row.get("submitted")), found.get(row.get("answered"))
        if submitted is None or answered is None:
            continue
        source = found.get(row.get("source"))
        where = f"{source.symbol} {row.get('pid') or ''}".strip() if source is not None else "a document read"
        words = f": “{excerpt(row['quote'])}”" if row.get("quote") else ""
        said[(submitted.symbol, answered.symbol)].add(f"said in {where}{words}")
    return {pair: tuple(sorted(lines)) for pair, lines in said.items()}


def _session_id(body: str, session: int) -> str:
    """The node id of a session of a body: a prefix and a space, never a document symbol."""
    return f"{SESSION_PREFIX}{body} {session}"


def _session_label(body: str, session: int, names: Concepts) -> str:
    """``HRC 63``: the body's notation and the session's number."""
    notation = names.notations.get(body) if body else None
    return f"{notation} {session}" if notation else f"Session {session}"


def _upper_first(text: str) -> str:
    """``text`` with its first letter made upper case, and nothing else changed."""
    return text[:1].upper() + text[1:]


class _Builder:
    """Nodes and edges of the view, gathered mandate by mandate."""

    def __init__(self, symbols: dict[str, Document], names: Concepts, lang: str):
        self.symbols, self.names, self.lang = symbols, names, lang
        self.edges: list[ViewEdge] = []
        self.documents: dict[str, int] = {}  # symbol -> band
        self.actors: dict[str, list[Mandate]] = defaultdict(list)
        self.sessions: dict[tuple[str, int], list[Mandate]] = defaultdict(list)
        self.gives: dict[str, list[Mandate]] = defaultdict(list)
        self.delivers: dict[str, list[str]] = defaultdict(list)

    def deliverable(self, mandate: Mandate) -> str:
        return " / ".join(self.names.label(d) for d in mandate.deliverables) or "mandate"

    def add_mandate(self, mandate: Mandate) -> None:
        self.documents[mandate.document] = MANDATING
        self.gives[mandate.document].append(mandate)
        words = [f"  {excerpt(mandate.text)}"] if mandate.text else []
        self.edges.append(ViewEdge(mandate.document, mandate.id, "\n".join(
            [f"{mandate.document} {mandate.pid} gives this mandate", *words]), label=mandate.pid, weight=0))
        for actor in mandate.actors:
            self.actors[actor].append(mandate)
            self.edges.append(ViewEdge(mandate.id, actor_id(actor), "\n".join(
                [f"{self.deliverable(mandate)} asked of {self.names.label(actor)}",
                 f"by {mandate.document} {mandate.pid}", *words]), label="to", weight=0))
        for session in mandate.sessions:
            for body in mandate.bodies or ("",):
                self.sessions[(body, session)].append(mandate)
                self.edges.append(ViewEdge(mandate.id, _session_id(body, session), "\n".join(
                    [f"{self.deliverable(mandate)} due {mandate.relation} {self._session_name(body, session)}",
                     f"by {mandate.document} {mandate.pid}"]), label=mandate.relation, weight=0))

    def add_follow_up(self, follow_up: FollowUp, given: dict[str, Mandate]) -> None:
        self.documents.setdefault(follow_up.delivering, DELIVERING)
        if follow_up.delivers_mandate:
            mandate = given[follow_up.answers]
            self.delivers[follow_up.delivering].append(f"{mandate.document} {mandate.pid}")
            tip = f"{follow_up.delivering} submitted pursuant to {mandate.document} {mandate.pid}"
        else:
            self.documents.setdefault(follow_up.answers, MANDATING)
            self.delivers[follow_up.delivering].append(follow_up.answers)
            tip = f"{follow_up.delivering} submitted pursuant to {follow_up.answers}"
        self.edges.append(ViewEdge(follow_up.answers, follow_up.delivering, "\n".join([tip, *follow_up.evidence]),
                                   label="delivered by", weight=0))

    def _session_name(self, body: str, session: int) -> str:
        named = self.names.label(body) if body else ""
        return f"session {session}" + (f" of the {named}" if named else "")

    def nodes(self, given: list[Mandate], delivered: set[str], focus: str | None) -> list[ViewNode]:
        found = []
        for symbol in sorted(self.documents, key=symbol_key):
            extra = [f"Gives {plural(len(self.gives[symbol]), 'mandate')}"] if self.gives[symbol] else []
            extra += [f"Submitted pursuant to {', '.join(self.delivers[symbol])}"] if self.delivers[symbol] else []
            found.append(document_node(self.symbols[symbol], self.lang, extra, band=self.documents[symbol],
                                       weight=len(self.gives[symbol]), focus=symbol == focus))
        for mandate in given:
            found.append(ViewNode(mandate.id, f"{self.deliverable(mandate)} ({mandate.pid})",
                                  "mandate-delivered" if mandate.id in delivered else "mandate-open",
                                  self._mandate_tooltip(mandate, mandate.id in delivered),
                                  band=MANDATE, focus=mandate.id == focus))
        for actor, asked in sorted(self.actors.items(), key=lambda item: (self.names.label(item[0]), item[0])):
            found.append(ViewNode(actor_id(actor), self.names.label(actor), "actor", "\n".join(
                [self.names.label(actor), f"Actor given {plural(len(asked), 'mandate')}",
                 *sorted({f"{m.document} {m.pid}: {self.deliverable(m)}" for m in asked}, key=symbol_key)]),
                band=ACTOR, weight=len(asked)))
        for (body, session), due in sorted(self.sessions.items(), key=lambda item: (item[0][1], item[0][0])):
            found.append(ViewNode(_session_id(body, session), _session_label(body, session, self.names),
                                  "session", "\n".join(
                                      [_upper_first(self._session_name(body, session)),
                                       f"{plural(len(due), 'mandate')} due"]),
                                  band=SESSION, weight=len(due)))
        return found

    def _mandate_tooltip(self, mandate: Mandate, delivered: bool) -> str:
        lines = [f"Mandate given in {mandate.document} {mandate.pid}",
                 f"Deliverable: {self.deliverable(mandate)}"]
        if mandate.actors:
            lines.append("To: " + ", ".join(self.names.label(a) for a in mandate.actors))
        for session in mandate.sessions:
            for body in mandate.bodies or ("",):
                lines.append(f"Due {mandate.relation} {self._session_name(body, session)}")
        lines.append("Delivered (a document was submitted pursuant to it)" if delivered
                     else "No delivering document in the graph")
        if mandate.text:
            lines.append(f"  {excerpt(mandate.text)}")
        return "\n".join(lines)


def mandates_view(select: Select, lang: str = "en", focus: str | None = None,
                  depth: int | None = None) -> View:
    """Mandates as nodes between the mandating document, the actor and the due session,
    with the delivering document where the graph links one (``kg:submittedPursuantTo``).

    With ``focus`` (a symbol), only nodes within ``depth`` hops of it are kept
    (default 2: the document, its mandates, and their actors, sessions and deliveries).
    """
    depth = check_depth(focus, depth, default=2)
    found = documents(select)
    symbols = by_symbol(found)
    if focus is not None and focus not in symbols:
        raise unknown_focus(focus)
    names = concepts(select, lang)
    given = mandates(select, found, lang)
    ups = follow_ups(select, found, given)
    builder = _Builder(symbols, names, lang)
    for mandate in given:
        builder.add_mandate(mandate)
    by_id = {m.id: m for m in given}
    for follow_up in ups:
        builder.add_follow_up(follow_up, by_id)
    delivered = {f.answers for f in ups if f.delivers_mandate}
    nodes, edges = builder.nodes(given, delivered, focus), builder.edges
    if focus is not None:
        keep = neighbourhood(((e.source, e.target) for e in edges), focus, depth)
        nodes = [n for n in nodes if n.id in keep]
        edges = [e for e in edges if e.source in keep and e.target in keep]
        if focus not in {n.id for n in nodes}:
            nodes.insert(0, document_node(symbols[focus], lang, ["Gives no mandate the graph knows of"],
                                          band=MANDATING, focus=True))
    shown = [m for m in given if m.id in {n.id for n in nodes}]
    title = "Mandates" + (f" around {focus} ({plural(depth, 'hop')})" if focus is not None else "")
    summary = " · ".join([
        f"{plural(len(shown), 'mandate')} ({sum(m.id in delivered for m in shown)} delivered)",
        plural(sum(n.link is not None for n in nodes), "document"),
        plural(sum(n.kind == "actor" for n in nodes), "actor"),
        plural(sum(n.kind == "session" for n in nodes), "session"),
        plural(sum(e.label == "delivered by" for e in edges), "delivery", "deliveries")])
    return View(title, tuple(nodes), tuple(edges), kinds(), summary, MANDATES_LAYOUT,
                ("→ document gives mandate → to actor, due at session; delivered by document",))
