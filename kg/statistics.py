"""Counts over the whole graph, made once per build and kept in the dataset graph.

Two questions of the query library count over every citation or every
mention of the corpus: which documents are cited most (``most-cited``) and how
often each concept is named year by year (``mentions-by-year``). Counted at
query time, they take as long as there are citations and mentions (seconds
for a thousand documents, minutes for the whole UN corpus); counted here at the
end of every build, on the store just written, a query reads a few hundred
numbers instead.

- a document cited by the documents read gets ``kg:citedByCount`` (how many
  documents cite it) and ``kg:citationCount`` (how many places, in every
  language version read, cite it);
- each concept, year of adoption, body and session under which it is named gets
  a ``kg:MentionTally`` (``kg:tallied``, ``kg:tallyYear``, ``kg:tallyBody``,
  ``kg:tallySession``) with ``kg:documentCount`` and ``kg:mentionCount``.

The counts are those of the SPARQL below, so a store that holds the graph
without them (another repository's copy) can count the same way.
"""
from __future__ import annotations

from typing import Iterator
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg.iri import Minter
from kg.vocab import KG

CITATION_COUNTS = """
PREFIX kg: <https://w3id.org/un-hr-kg/ontology#>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?target (COUNT(DISTINCT ?citing) AS ?cited_by) (COUNT(DISTINCT ?citation) AS ?citations) WHERE {
  ?citation cito:hasCitedEntity ?target ;
            prov:wasDerivedFrom ?expression .
  ?citing kg:hasExpression ?expression .
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
      ?mention kg:concept ?named ;
               prov:wasDerivedFrom ?expression .
    }
    GROUP BY ?expression ?named
  }
  ?doc kg:hasExpression ?expression .
  ?named skos:notation ?concept .
  OPTIONAL { ?doc dcterms:date ?date }
  OPTIONAL { ?doc kg:session ?session }
  OPTIONAL { ?doc kg:body ?by . ?by skos:notation ?body }
  BIND (IF(BOUND(?date), YEAR(?date), ?no) AS ?year)
}
GROUP BY ?named ?concept ?year ?by ?body ?session
ORDER BY ?concept ?year ?body ?session
"""
# Where a tally has no year, body or session (a report without a date read).
NONE = "none"


def statistics_triples(store, minter: Minter) -> Iterator[tuple]:
    """The counts of the graph in ``store`` (its default graph, the union) as triples, in a stable order."""
    _, cited = store.select(CITATION_COUNTS)
    for row in cited:
        target = URIRef(row["target"])
        yield target, KG.citedByCount, Literal(row["cited_by"])
        yield target, KG.citationCount, Literal(row["citations"])
    _, tallies = store.select(MENTION_COUNTS)
    for row in tallies:
        node = tally_iri(minter, row["concept"], row["year"], row["body"], row["session"])
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


def tally_iri(minter: Minter, concept: str, year, body, session) -> URIRef:
    """``<base>dataset/mentions/upr/2024/HRC/57``: one tally per concept, year, body and session."""
    parts = [concept] + [NONE if value is None else str(value) for value in (year, body, session)]
    return URIRef(minter.dataset() + "/mentions/" + "/".join(quote(part, safe="") for part in parts))
