"""JSON-LD written a node at a time, from sorted N-Triples lines.

The form is the one rdflib's serialiser gives a graph with the project's
prefixes as context (``auto_compact``): a node per subject, IRIs compacted, a
value alone or a list of them, numbers and booleans as JSON ones, language tags
in lower case (as the store keeps them); then every list sorted by its JSON,
keys sorted, indented by two. Here each node is made from its subject's lines,
as a line of JSON, and the export stage sorts those lines on disk, so memory
holds a run of nodes rather than the graph in rdflib (3.6 GB for the million
triples of 1,000 documents). Two differences from rdflib, both where rdflib
loses a value: a value after an empty string, a zero or a false one is kept
(rdflib writes the later value over it), and a typed literal that does not read
as its type is written as a typed value (rdflib's serialiser stops).
"""
from __future__ import annotations

import json
from functools import lru_cache
from itertools import chain, groupby, islice
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.shared.jsonld.context import Context

from kg.vocab import bind_prefixes

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
# The datatypes rdflib writes as JSON values: numbers, booleans and plain strings.
NATIVE = frozenset({XSD + "boolean", XSD + "integer", XSD + "double"})
PARSE_LINES = 20_000  # N-Triples lines parsed at a time
QUOTED = json.encoder.encode_basestring  # a string as json.dumps(ensure_ascii=False) writes it


class JsonLdError(ValueError):
    """A graph that cannot be written as this JSON-LD (a blank node)."""


def jsonld_context(minter=None) -> dict[str, str]:
    """The context: every prefix bound on a graph of the project (rdflib's own and ours)."""
    graph = Graph()
    bind_prefixes(graph, minter)
    return {prefix: str(namespace) for prefix, namespace in graph.namespaces()}


def node_lines(lines: Iterable[bytes], context: dict[str, str]) -> Iterator[bytes]:
    """Each subject's node, made from the N-Triples ``lines`` (a subject's lines together, as
    sorted lines are), as a line of JSON: what ``jsonld_document`` is given, sorted."""
    nodes = _Nodes(Context(context))
    lines = iter(lines)
    pieces = iter(lambda: list(islice(lines, PARSE_LINES)), [])
    # read as the store loads them (``Store.put_graphs``): leniently, the build having checked them
    triples = chain.from_iterable(ox.parse(b"\n".join(piece), format=ox.RdfFormat.N_TRIPLES, lenient=True)
                                  for piece in pieces)
    for subject, group in groupby(triples, key=lambda triple: triple.subject):
        yield json.dumps(nodes.node(subject, group), ensure_ascii=False, sort_keys=True).encode("utf-8")


def jsonld_document(nodes: Iterator[bytes], context: dict[str, str]) -> Iterator[str]:
    """The JSON-LD document of ``nodes`` (``node_lines``, in byte order, which is the order of
    their JSON), in pieces.

    >>> context = {"kg": "https://w3id.org/un-hr-kg/ontology#", "dcterms": "http://purl.org/dc/terms/"}
    >>> lines = [b'<https://w3id.org/un-hr-kg/doc/A/HRC/RES/57/12> <http://purl.org/dc/terms/title> "Local '
    ...          b'government and human rights"@en .', b'<https://w3id.org/un-hr-kg/doc/A/HRC/RES/57/12> '
    ...          b'<https://w3id.org/un-hr-kg/ontology#session> "57"^^<http://www.w3.org/2001/XMLSchema#integer> .']
    >>> print("".join(jsonld_document(node_lines(lines, context), context)), end="")
    {
      "@context": {
        "dcterms": "http://purl.org/dc/terms/",
        "kg": "https://w3id.org/un-hr-kg/ontology#"
      },
      "@id": "https://w3id.org/un-hr-kg/doc/A/HRC/RES/57/12",
      "dcterms:title": {
        "@language": "en",
        "@value": "Local government and human rights"
      },
      "kg:session": 57
    }

    An IRI is compacted where the part before its last "/" or "#" is a prefix's, as rdflib does.
    """
    first, second = next(nodes, None), next(nodes, None)
    if second is None:  # rdflib puts a lone node beside the context, and no node in an empty list
        top = json.loads(first) if first is not None else {"@graph": []}
        yield _indented({**top, "@context": context}) + "\n"
        return
    head = _indented({"@context": context})
    yield head[:-len("\n}")] + ',\n  "@graph": [\n'
    for number, line in enumerate(chain((first, second), nodes)):
        yield ("    " if number == 0 else ",\n    ") + _indented(json.loads(line), "    ")
    yield "\n  ]\n}\n"


def _indented(value, pad: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)``, each line after the
    first led by ``pad``: the same text, made by json's C encoder a value at a time, where an
    indent makes json take its Python one (1.3 s against 2.3 s for 100,000 nodes here)."""
    inner = pad + "  "
    if isinstance(value, dict) and value:
        items = ",\n".join(f"{inner}{_json(key)}: {_indented(item, inner)}" for key, item in sorted(value.items()))
        return f"{{\n{items}\n{pad}}}"
    if isinstance(value, list) and value:
        items = ",\n".join(inner + _indented(item, inner) for item in value)
        return f"[\n{items}\n{pad}]"
    return _json(value)  # an empty dict or list too, as "{}" or "[]"


class _Nodes:
    """Makes nodes the way rdflib's serialiser does, with its ``Context`` compacting the IRIs."""

    def __init__(self, context: Context):
        self.context = context
        self.keys: dict[str, str] = {}  # predicates and classes recur on every node
        self.typed = lru_cache(maxsize=1 << 16)(self._typed)

    def node(self, subject, triples: Iterable[ox.Triple]) -> dict:
        node: dict = {"@id": self._subject(subject)}
        for triple in triples:
            predicate, value = triple.predicate.value, triple.object
            if predicate == RDF_TYPE:
                key = "@type"
                written = self._symbol(value.value) if isinstance(value, ox.NamedNode) else self._value(value)
            else:
                key, written = self._symbol(predicate), self._value(value)
            held = node.get(key)
            if held is None:
                node[key] = written
            elif isinstance(held, list):
                held.append(written)
            else:
                node[key] = [held, written]
        for values in node.values():  # a node's values hold no lists, so these are all there are
            if isinstance(values, list):
                values.sort(key=_json)
        return node

    def _subject(self, subject) -> str:
        if not isinstance(subject, ox.NamedNode):
            raise JsonLdError(f"cannot write {subject}: only IRIs and literals are written (no blank nodes)")
        return self.context.shrink_iri(subject.value)

    def _symbol(self, iri: str) -> str:
        symbol = self.keys.get(iri)
        if symbol is None:
            symbol = self.keys[iri] = self.context.to_symbol(iri)
        return symbol

    def _value(self, term):
        if isinstance(term, ox.NamedNode):
            return {"@id": self.context.shrink_iri(term.value)}
        if not isinstance(term, ox.Literal):
            raise JsonLdError(f"cannot write {term}: only IRIs and literals are written (no blank nodes)")
        if term.language:
            return {"@language": term.language, "@value": term.value}
        datatype = term.datatype.value
        if datatype == XSD + "string":
            return term.value
        return self.typed(term.value, datatype)

    def _typed(self, lexical: str, datatype: str):
        literal = Literal(lexical, datatype=URIRef(datatype))  # rdflib's reading and lexical form
        if datatype in NATIVE:
            native = literal.toPython()
            if not isinstance(native, Literal):  # rdflib gives the literal back when it cannot read it
                return native
        return {"@type": self._symbol(datatype), "@value": str(literal)}


def _json(value) -> str:
    """``value`` as json.dumps gives it, keys sorted: how a value is written, and what a list's
    items are sorted by."""
    if type(value) is str:  # most of them: json's own quoting, without a call of dumps for each
        return QUOTED(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
