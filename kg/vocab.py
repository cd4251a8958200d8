"""Python names for the vocabularies of the graph.

Closed namespaces: a typo raises instead of minting a junk IRI. ``KG`` mirrors
``ontology/kg.ttl``; a test checks that the two name the same terms. The prefix
map here is bound on every graph, so Turtle and SPARQL share prefixes.
"""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD, DefinedNamespace
from rdflib.term import URIRef


def _held(namespace: type[DefinedNamespace]) -> type[DefinedNamespace]:
    """``namespace`` with each of its terms kept on it as a plain attribute.

    A DefinedNamespace makes a term through its metaclass at every use (1.5 us
    here), and a build uses these terms about 800 times a document. What is
    kept is what the metaclass makes; a name not declared still raises.
    """
    for name in namespace.__annotations__:
        setattr(namespace, name, namespace._NS[name])
    return namespace


@_held
class KG(DefinedNamespace):
    """Terms of our own (ontology/kg.ttl)."""

    _NS = Namespace("https://w3id.org/un-hr-kg/ontology#")
    _fail = True

    Document: URIRef
    Resolution: URIRef
    Decision: URIRef
    Report: URIRef
    Compilation: URIRef
    PresidentStatement: URIRef
    TreatyBodyDocument: URIRef
    Draft: URIRef
    OtherDocument: URIRef
    Expression: URIRef
    Paragraph: URIRef
    PreambularParagraph: URIRef
    OperativeParagraph: URIRef
    SubParagraph: URIRef
    Mention: URIRef
    Mandate: URIRef
    Pursuance: URIRef
    Event: URIRef
    Tally: URIRef
    MentionTally: URIRef
    ActionTally: URIRef

    symbol: URIRef
    body: URIRef
    session: URIRef
    agendaItem: URIRef
    meeting: URIRef
    vote: URIRef
    hasExpression: URIRef
    sourceFile: URIRef
    sha256: URIRef
    sourceFormat: URIRef
    paragraphId: URIRef
    number: URIRef
    position: URIRef
    text: URIRef
    subParagraphOf: URIRef
    action: URIRef
    alsoReadAs: URIRef
    actionModifier: URIRef
    addressee: URIRef
    mentions: URIRef
    quote: URIRef
    citedDate: URIRef
    concept: URIRef
    inParagraph: URIRef
    givenIn: URIRef
    mandatedTo: URIRef
    deliverable: URIRef
    dueSession: URIRef
    dueBody: URIRef
    dueRelation: URIRef
    form: URIRef
    consult: URIRef
    detailedIn: URIRef
    documentClass: URIRef
    submittedPursuantTo: URIRef
    submittedDocument: URIRef
    pursuantTo: URIRef
    sessionNumber: URIRef
    heldIn: URIRef
    startDate: URIRef
    endDate: URIRef
    citedByCount: URIRef
    citationCount: URIRef
    tallied: URIRef
    tallyYear: URIRef
    tallyBody: URIRef
    tallySession: URIRef
    documentCount: URIRef
    mentionCount: URIRef
    tallyAddressee: URIRef
    tallyAction: URIRef
    paragraphCount: URIRef


@_held
class CITO(DefinedNamespace):
    """The Citation Typing Ontology, the terms used here."""

    _NS = Namespace("http://purl.org/spar/cito/")
    _fail = True

    Citation: URIRef
    cites: URIRef
    hasCitingEntity: URIRef
    hasCitedEntity: URIRef


@_held
class OA(DefinedNamespace):
    """The Web Annotation vocabulary, the terms used here."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    Annotation: URIRef
    TextPositionSelector: URIRef
    hasSelector: URIRef
    hasSource: URIRef
    start: URIRef
    end: URIRef


PREFIXES: dict[str, Namespace] = {
    "kg": Namespace(str(KG._NS)),
    "cito": Namespace(str(CITO._NS)),
    "oa": Namespace(str(OA._NS)),
    "dcterms": Namespace(str(DCTERMS)),
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "void": Namespace(str(VOID)),
    "dcat": Namespace(str(DCAT)),
    "foaf": Namespace(str(FOAF)),
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
}


def prefix_map(minter=None) -> dict[str, str]:
    """The prefix map as plain strings, with the minter's document and concept bases."""
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    if minter is not None:
        prefixes["doc"] = minter.base + "doc/"
        prefixes["concept"] = minter.base + "concept/"
    return prefixes


def bind_prefixes(graph, minter=None) -> None:
    """Bind the project's prefix map (and the minter's document/concept bases) on a graph."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    if minter is not None:
        graph.bind("doc", Namespace(minter.base + "doc/"), override=True, replace=True)
        graph.bind("concept", Namespace(minter.base + "concept/"), override=True, replace=True)
