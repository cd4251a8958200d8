"""Counts over the whole graph, made once per build and kept in the dataset graph.

Three questions of the query library count over every citation, mention or
paragraph of the corpus: which documents are cited most (``most-cited``), how
often each concept is named year by year (``mentions-by-year``) and who is
asked to do what (``actor-action``). Counted at query time, they take as long
as there are citations, mentions and paragraphs (seconds for a thousand
documents, minutes for the whole UN corpus); counted here at the end of every
build, on the store just written, a query reads a few hundred numbers instead.

- a document cited by the documents read gets ``kg:citedByCount`` (how many
  documents cite it) and ``kg:citationCount`` (how many places, in every
  language version read, cite it);
- each concept, year of adoption, body and session under which it is named gets
  a ``kg:MentionTally`` (``kg:tallied``, ``kg:tallyYear``, ``kg:tallyBody``,
  ``kg:tallySession``) with ``kg:documentCount`` and ``kg:mentionCount``;
- each addressee and action that opens a paragraph asking it gets a
  ``kg:ActionTally`` (``kg:tallyAddressee``, ``kg:tallyAction``) with
  ``kg:paragraphCount`` and ``kg:documentCount``.

Each count adds up the counts of the documents read (``per_document``), which a
build keeps, so that a rebuild counts again only the documents a change reaches
(``kg.recount``).

The counts are those of the SPARQL below, so a store that holds the graph
without them (another repository's copy) can count the same way. Every
citation, mention and paragraph is read, so each pattern is a subquery of its
own, answered once and joined by hash rather than looked up row by row: on
1,000 documents 79, 346 and 64 ms against 371, 1,362 and 94 ms.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Iterable, Iterator
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg.bindings import values_blocks
from kg.iri import Minter
from kg.vocab import KG

CITATION_COUNTS = """
PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?target (COUNT(DISTINCT ?citing) AS ?cited_by) (COUNT(DISTINCT ?citation) AS ?citations) WHERE {
  { SELECT ?citation ?target WHERE { ?citation cito:hasCitedEntity ?target } }
  { SELECT ?citation ?expression WHERE { ?citation prov:wasDerivedFrom ?expression } }
  { SELECT ?citing ?expression WHERE { ?citing kg:hasExpression ?expression } }
}
GROUP BY ?target
ORDER BY ?target
"""

MENTION_COUNTS = """
PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?named ?concept ?year ?by ?body ?session
       (COUNT(DISTINCT ?doc) AS ?documents) (SUM(?named_here) AS ?mentions)
WHERE {
  # counted per language version first: the join with the documents then runs
  # over a few rows per version instead of one per mention (three times faster)
  {
    SELECT ?expression ?named (COUNT(DISTINCT ?mention) AS ?named_here) WHERE {
      { SELECT ?mention ?named WHERE { ?mention kg:concept ?named } }
      { SELECT ?mention ?expression WHERE { ?mention prov:wasDerivedFrom ?expression } }
    }
    GROUP BY ?expression ?named
  }
  ?doc kg:hasExpression ?expression .
  ?named skos:notation ?concept .
  OPTIONAL { ?doc dcterms:date ?date }
  OPTIONAL { ?doc kg:session ?session }
  OPTIONAL { ?doc kg:body ?by . ?by skos:notation ?body }
  # YEAR() of a date only (?no is never bound): where SPARQL leaves the year of
  # no date unbound, Virtuoso fails the query, even inside an OPTIONAL
  BIND (IF(BOUND(?date), YEAR(?date), ?no) AS ?year)
}
GROUP BY ?named ?concept ?year ?by ?body ?session
ORDER BY ?concept ?year ?body ?session
"""
ACTION_COUNTS = """
PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?whom ?verb ?addressee ?action
       (COUNT(DISTINCT ?given) AS ?paragraphs) (COUNT(DISTINCT ?doc) AS ?documents)
WHERE {
  { SELECT ?given ?whom WHERE { ?given kg:addressee ?whom } }
  { SELECT ?given ?verb WHERE { ?given kg:action ?verb } }
  { SELECT ?given ?doc WHERE { ?given dcterms:isPartOf ?doc } }
  ?whom skos:notation ?addressee .
  ?verb skos:notation ?action .
}
GROUP BY ?whom ?verb ?addressee ?action
ORDER BY ?addressee ?action
"""
# Where a tally has no year, body or session (a report without a date read).
NONE = "none"

def _per_document(query: str, first: str, documents: str) -> str:
    """``query`` counting for each document: ``?doc`` selected before the ``first`` variable
    and grouped by, its count of ``documents`` left out, and no order."""
    select, group = f"SELECT {first}", f"GROUP BY {first}"
    if select not in query or group not in query or documents not in query:
        raise ValueError("a count query is not written as its count per document expects")
    grouped = query.replace(select, f"SELECT ?doc {first}", 1).replace(documents, "", 1).replace(group, f"GROUP BY ?doc {first}", 1)
    return grouped[:grouped.index("ORDER BY")] if "ORDER BY" in grouped else grouped


# The same counts made per document read (the citing document, the document named in,
# the document asked in): each citation, mention and paragraph belongs to one document,
# so the counts above are these added up (``summed``), and a rebuild counts again only
# the documents a change reaches (``kg.recount``). Each is written twice: whole, its
# patterns subqueries joined by hash, and over some documents, bound where the
# documents are first read (``DOCUMENTS``, a VALUES block of them).
DOCUMENTS = "#documents\n"
PER_DOCUMENT = {
    "citations": ("""
PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?doc ?target (COUNT(DISTINCT ?citation) AS ?citations) WHERE {
  { SELECT ?citation ?target WHERE { ?citation cito:hasCitedEntity ?target } }
  { SELECT ?citation ?expression WHERE { ?citation prov:wasDerivedFrom ?expression } }
  { SELECT ?doc ?expression WHERE { ?doc kg:hasExpression ?expression } }
}
GROUP BY ?doc ?target
""", """
PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?doc ?target (COUNT(DISTINCT ?citation) AS ?citations) WHERE {
  #documents
  ?doc kg:hasExpression ?expression .
  ?citation prov:wasDerivedFrom ?expression ;
            cito:hasCitedEntity ?target .
}
GROUP BY ?doc ?target
"""),
    "mentions": (_per_document(MENTION_COUNTS, "?named", "(COUNT(DISTINCT ?doc) AS ?documents) "), """
PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?doc ?named ?concept ?year ?by ?body ?session (SUM(?named_here) AS ?mentions)
WHERE {
  {
    SELECT ?doc ?expression ?named (COUNT(DISTINCT ?mention) AS ?named_here) WHERE {
      #documents
      ?doc kg:hasExpression ?expression .
      ?mention prov:wasDerivedFrom ?expression ;
               kg:concept ?named .
    }
    GROUP BY ?doc ?expression ?named
  }
  ?named skos:notation ?concept .
  OPTIONAL { ?doc dcterms:date ?date }
  OPTIONAL { ?doc kg:session ?session }
  OPTIONAL { ?doc kg:body ?by . ?by skos:notation ?body }
  BIND (IF(BOUND(?date), YEAR(?date), ?no) AS ?year)
}
GROUP BY ?doc ?named ?concept ?year ?by ?body ?session
"""),
    "actions": (_per_document(ACTION_COUNTS, "?whom", " (COUNT(DISTINCT ?doc) AS ?documents)"), """
PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?doc ?whom ?verb ?addressee ?action (COUNT(DISTINCT ?given) AS ?paragraphs)
WHERE {
  #documents
  ?given dcterms:isPartOf ?doc ;
         kg:addressee ?whom ;
         kg:action ?verb .
  ?whom skos:notation ?addressee .
  ?verb skos:notation ?action .
}
GROUP BY ?doc ?whom ?verb ?addressee ?action
"""),
}
# What each kind of count is summed by, and what it adds up (``summed``).
KEYS = {"citations": ("target",), "mentions": ("named", "concept", "year", "by", "body", "session"),
        "actions": ("whom", "verb", "addressee", "action")}
ADDED = {"citations": "citations", "mentions": "mentions", "actions": "paragraphs"}


def statistics_triples(store, minter: Minter, threads: int = 1) -> Iterator[tuple]:
    """The counts of the graph in ``store`` (its default graph, the union) as triples, in a stable order.

    With ``threads`` above 1 the three counts are asked side by side, for a
    store that lets go of the interpreter while it answers (the embedded one:
    6.6 s -> 4.5 s on 5,000 documents).
    """
    with ThreadPoolExecutor(max(1, threads)) as pool:
        (_, cited), (_, tallies), (_, asked) = pool.map(store.select, (CITATION_COUNTS, MENTION_COUNTS, ACTION_COUNTS))
    return counted_triples(cited, tallies, asked, minter)


def per_document(store, documents: Iterable[str] | None = None, threads: int = 1) -> dict[str, list[dict]]:
    """The counts of each document read (``PER_DOCUMENT``), by kind: of every one, or of
    ``documents`` (IRIs) alone."""
    def rows(kind: str) -> list[dict]:
        whole, some = PER_DOCUMENT[kind]
        if documents is None:
            return store.rows(whole)
        return [row for block in values_blocks("?doc", documents) for row in store.rows(some.replace(DOCUMENTS, block))]

    with ThreadPoolExecutor(max(1, threads)) as pool:
        return dict(zip(PER_DOCUMENT, pool.map(rows, PER_DOCUMENT)))


def summed(counts: dict[str, list[dict]]) -> tuple[list[dict], list[dict], list[dict]]:
    """The rows of ``CITATION_COUNTS``, ``MENTION_COUNTS`` and ``ACTION_COUNTS`` (in no
    order) from the counts of each document (``per_document``)."""
    added: dict[str, dict[tuple, list]] = {}
    for kind, rows in counts.items():
        totals = added[kind] = {}
        for row in rows:
            total = totals.setdefault(tuple(row[key] for key in KEYS[kind]), [set(), 0])
            total[0].add(row["doc"])
            total[1] += row[ADDED[kind]]

    def rows_of(kind: str, documents: str) -> list[dict]:
        return [{**dict(zip(KEYS[kind], key)), documents: len(docs), ADDED[kind]: total}
                for key, (docs, total) in added.get(kind, {}).items()]
    return rows_of("citations", "cited_by"), rows_of("mentions", "documents"), rows_of("actions", "documents")


def counted_triples(cited: Iterable[dict], tallies: Iterable[dict], asked: Iterable[dict], minter: Minter) -> Iterator[tuple]:
    """The triples of the counts, from the rows of the three count queries."""
    for row in cited:
        target = URIRef(row["target"])
        yield target, KG.citedByCount, Literal(row["cited_by"])
        yield target, KG.citationCount, Literal(row["citations"])
    for row in tallies:
        node = tally_iri(minter, "mentions", row["concept"], row["year"], row["body"], row["session"])
        yield node, RDF.type, KG.MentionTally
        yield node, KG.tallied, URIRef(row["named"])
        if row["year"] is not None:
            yield node, KG.tallyYear, Literal(row["year"])
        if row["by"] is not None:
            yield node, KG.tallyBody, URIRef(row["by"])
        if row["session"] is not None:
            yield node, KG.tallySession, Literal(row["session"])
        yield node, KG.documentCount, Literal(row["documents"])
        yield node, KG.mentionCount, Literal(row["mentions"])
    for row in asked:
        node = tally_iri(minter, "actions", row["addressee"], row["action"])
        yield node, RDF.type, KG.ActionTally
        yield node, KG.tallyAddressee, URIRef(row["whom"])
        yield node, KG.tallyAction, URIRef(row["verb"])
        yield node, KG.paragraphCount, Literal(row["paragraphs"])
        yield node, KG.documentCount, Literal(row["documents"])


def tally_iri(minter: Minter, kind: str, *keys) -> URIRef:
    """``<base>dataset/mentions/upr/2024/HRC/57``, ``<base>dataset/actions/ohchr/requests``: one per key."""
    parts = [NONE if key is None else str(key) for key in keys]
    return URIRef(f"{minter.dataset()}/{kind}/" + "/".join(quote(part, safe="") for part in parts))
