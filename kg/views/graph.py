"""What every view reads from the graph: documents, concept labels, paragraph words.

A ``select`` callable runs a SPARQL SELECT and returns rows as dicts (None when
unbound); stores may answer numbers as ints, so values are read back as strings.
The queries stay simple patterns joined here: rdflib's evaluator runs nested loops
in the order written, and one query joining everything was seconds slower on 400
documents.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from kg.views.model import ViewNode, kind, kind_of
from kg.views.text import first_in_language, pick_language

Row = Mapping[str, "str | None"]
Select = Callable[[str], "list[Row]"]

KG_NS = "https://w3id.org/un-hr-kg/ontology#"

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

CONCEPT_LABELS_QUERY = PREFIXES + """\
SELECT ?concept ?label (LANG(?label) AS ?lang) WHERE { ?concept skos:prefLabel ?label . }"""

CONCEPT_NOTATIONS_QUERY = PREFIXES + """\
SELECT ?concept ?notation WHERE { ?concept skos:notation ?notation . }"""


def rows(select: Select, query: str) -> list[dict[str, str | None]]:
    """The rows of a SELECT with every bound value as a string (stores may give ints or dates).

    The rows are changed where they are, not copied: the citation view of 5,000 documents reads
    a quarter of a million (kg viz, 17.1-17.8 s against 18.5-19.2 s, in turn).
    """
    found = select(query)
    for row in found:
        for name, value in row.items():
            if value is not None and not isinstance(value, str):
                row[name] = str(value)
    return found


def grouped(found: Iterable[Row], key: str) -> dict[str, list[Row]]:
    """Rows grouped by the value of ``key`` (rows without it are dropped)."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in found:
        if row.get(key):
            groups[row[key]].append(row)
    return groups


def local_name(iri: str) -> str | None:
    """The local name of an IRI in the kg: namespace, else None."""
    return iri[len(KG_NS):] if iri.startswith(KG_NS) else None


@dataclass(frozen=True)
class Document:
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

    @property
    def read(self) -> bool:
        """Whether a file of this document was read (else it is only cited)."""
        return self.languages is not None

    @property
    def year(self) -> int | None:
        """The year of its date, when it has one."""
        return int(self.date[:4]) if self.date and self.date[:4].isdigit() else None

    @property
    def session_number(self) -> int | None:
        """Its session as a number, when it has one."""
        return int(self.session) if self.session and self.session.isdigit() else None


def documents(select: Select) -> dict[str, Document]:
    """Every document with a symbol, by IRI."""
    types = grouped(rows(select, TYPES_QUERY), "doc")
    titles = grouped(rows(select, TITLES_QUERY), "doc")
    bodies = grouped(rows(select, BODIES_QUERY), "doc")
    expressions = grouped(rows(select, EXPRESSIONS_QUERY), "doc")
    found = {}
    for iri, facts in sorted(grouped(rows(select, DOCUMENTS_QUERY), "doc").items()):
        notations = sorted({row["notation"] for row in bodies.get(iri, ()) if row.get("notation")})
        found[iri] = Document(
            iri=iri,
            symbol=min(row["symbol"] for row in facts if row.get("symbol")),
            date=min((row["date"] for row in facts if row.get("date")), default=None),
            session=min((row["session"] for row in facts if row.get("session")), default=None),
            types=frozenset(local_name(r.get("type") or "") for r in types.get(iri, ())) - {None, "Document"},
            titles=tuple(sorted((r["title"], r.get("lang") or "") for r in titles.get(iri, ()) if r.get("title"))),
            body=notations[0] if notations else None,
            body_labels=tuple(sorted((r["label"], r.get("lang") or "")
                                     for r in bodies.get(iri, ()) if r.get("label"))),
            languages=tuple(sorted({r.get("language") or "?" for r in expressions[iri]}))
            if iri in expressions else None,
        )
    return found


def by_symbol(found: dict[str, Document]) -> dict[str, Document]:
    """Documents by symbol; where two IRIs share a symbol, the first IRI wins."""
    symbols: dict[str, Document] = {}
    for document in sorted(found.values(), key=lambda d: d.iri):
        symbols.setdefault(document.symbol, document)
    return symbols


def unknown_focus(focus: str, what: str = "a document") -> ValueError:
    """The error for a focus the graph does not hold."""
    return ValueError(f"focus {focus!r} is not the symbol of {what} in the graph; "
                      "give a canonical symbol such as 'A/HRC/RES/57/12'")


def check_depth(focus: str | None, depth: int | None, default: int | None, needs_focus: bool = True) -> int | None:
    """``depth`` checked (and against ``focus`` where it counts hops from it), or ``default``."""
    if needs_focus and focus is None and depth is not None:
        raise ValueError("a depth counts hops from a focus: give one too (kg viz --focus SYMBOL)")
    if depth is None:
        return default
    if depth < 0:
        raise ValueError(f"depth must be 0 or more, got {depth}")
    return depth


# --- concepts --------------------------------------------------------------------


@dataclass(frozen=True)
class Concepts:
    """Labels of every concept in one language, with the notations that name them."""

    labels: dict[str, str]
    notations: dict[str, str]

    def label(self, iri: str | None) -> str:
        """The concept's label, else its notation, else the last segment of its IRI."""
        if not iri:
            return ""
        return self.labels.get(iri) or self.notations.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1]


def concepts(select: Select, lang: str) -> Concepts:
    """skos:prefLabel of every concept in ``lang`` (else untagged, else English, else any)."""
    labels = {iri: first_in_language(((r["label"], r.get("lang")) for r in found), lang)
              for iri, found in grouped(rows(select, CONCEPT_LABELS_QUERY), "concept").items()}
    notations = {iri: min(r["notation"] for r in found if r.get("notation"))
                 for iri, found in grouped(rows(select, CONCEPT_NOTATIONS_QUERY), "concept").items()
                 if any(r.get("notation") for r in found)}
    return Concepts(labels, notations)


def texts_in_language(found: Iterable[Row], key: str, lang: str) -> dict[str, str]:
    """For rows of (``key``, text, lang): each key's text in the language that suits ``lang``."""
    return {name: first_in_language(((r.get("text"), r.get("lang")) for r in group), lang)
            for name, group in grouped(found, key).items()}


# --- document nodes --------------------------------------------------------------


def document_lines(document: Document, lang: str) -> list[str]:
    """Plain text about a document: symbol, title, body, date and session, kind, read or not."""
    lines = [document.symbol]
    lines += pick_language(document.titles, lang)[:1]
    if document.body or document.body_labels:
        label = first_in_language(document.body_labels, lang)
        both = f"{label} ({document.body})" if label and document.body else label or document.body
        lines.append(f"Body: {both}")
    when = [f"Date: {document.date}"] if document.date else []
    when += [f"Session: {document.session}"] if document.session else []
    if when:
        lines.append(" · ".join(when))
    kind_id = document_kind(document)
    kind_name = kind(kind_id).label.split(" (")[0] if document.read else ", ".join(sorted(document.types)) or "document"
    if document.read:
        lines.append(f"{kind_name} · read ({', '.join(document.languages)})")
    else:
        lines.append(f"{kind_name} · cited only, not read")
    return lines


def document_kind(document: Document) -> str:
    """The kind id that draws this document."""
    return kind_of(document.types, document.body, read=document.read)


def document_node(document: Document, lang: str, extra: Iterable[str] = (), *, band: int | None = None,
                  weight: int = 0, focus: bool = False) -> ViewNode:
    """A document as a node: named and labelled by its symbol, linked to undocs.org."""
    return ViewNode(document.symbol, document.symbol, document_kind(document),
                    "\n".join([*document_lines(document, lang), *extra]),
                    link=document.symbol, band=band, weight=weight, focus=focus)
