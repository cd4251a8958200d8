"""The one place where IRIs are minted.

A document's IRI is derived from its canonical symbol, so two builds on two
machines mint the same IRI. Language versions (expressions, in FRBR terms) of
one document hang off the work's IRI with ``@lang``; paragraphs are fragments
of the work, so the paragraphs of all language versions share one IRI.

    doc/A/HRC/RES/57/12            the work (what is cited)
    doc/A/HRC/RES/57/12@zh         the Chinese expression (what was read)
    doc/A/HRC/RES/57/12#op8        operative paragraph 8
    doc/A/HRC/RES/57/12@zh#cit-3   the third citation in the Chinese text
    graph/A/HRC/RES/57/12@zh       the named graph built from that file
    concept/actor/local-governments

Only validated symbols and ids become IRIs: anything else raises ``IriError``.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from rdflib import URIRef

DEFAULT_BASE = "https://w3id.org/un-hr-kg/"
BASE_ENV = "KG_BASE_IRI"
UNDOCS = "https://undocs.org/"

# A canonical UN symbol: series and numbers separated by "/", with the
# characters UN symbols use (".", "-", "(", ")"), starting with a letter or a
# digit, never an empty segment, no space, nothing that needs escaping in an IRI.
SYMBOL = re.compile(
    r"""^(?:[A-Za-z0-9][A-Za-z0-9.()\-]*)     # first segment: A, CEDAW, GC(69)
         (?:/[A-Za-z0-9(][A-Za-z0-9.()\-]*)*  # then /HRC, /RES, /217(III), /Add.1
         $""",
    re.VERBOSE,
)
# Paragraph ids: pp12, op8, op8.a, p31, fn4.
PARAGRAPH_ID = re.compile(r"^(?:pp|op|p|fn)\d{1,4}(?:\.[a-z]{1,3})?$")
# Concept ids and scheme names: lowercase words joined by hyphens (``calls-upon``).
CONCEPT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE = re.compile(r"^(?:[a-z]{2,3})$")
FILE_KEY = re.compile(r"^[0-9a-f]{16,64}$")


class IriError(ValueError):
    """A value that must not become an IRI."""


def base_iri() -> str:
    """The configured base: ``$KG_BASE_IRI`` or the default."""
    base = os.environ.get(BASE_ENV, DEFAULT_BASE)
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+/", base):
        raise IriError(f"{BASE_ENV}={base!r}: a base IRI must be http(s) and end with '/'")
    return base


def _check(pattern: re.Pattern, value: str, what: str) -> str:
    if not isinstance(value, str) or len(value) > 200 or not pattern.fullmatch(value):
        raise IriError(f"{value!r} is not a valid {what}")
    return value


def is_symbol(value: str) -> bool:
    """True when ``value`` is a well-formed canonical symbol."""
    return isinstance(value, str) and len(value) <= 200 and bool(SYMBOL.fullmatch(value))


@dataclass(frozen=True)
class Minter:
    """Mints every IRI of the graph from one base.

    >>> m = Minter("https://example.org/")
    >>> str(m.document("A/HRC/RES/57/12"))
    'https://example.org/doc/A/HRC/RES/57/12'
    >>> str(m.paragraph("A/HRC/RES/57/12", "op8"))
    'https://example.org/doc/A/HRC/RES/57/12#op8'
    """

    base: str = DEFAULT_BASE

    @classmethod
    def configured(cls) -> "Minter":
        return cls(base_iri())

    @property
    def ontology(self) -> str:
        return self.base + "ontology#"

    @staticmethod
    @lru_cache(maxsize=4096)
    def _work_path(key: str) -> str:
        """The path of a document's IRIs, its key checked once: every node of a graph is
        minted from the same key. A key refused is refused at every call (nothing is cached)."""
        if key.startswith("file:"):
            return "doc/file/" + _check(FILE_KEY, key[5:], "file key")
        return "doc/" + _check(SYMBOL, key, "UN document symbol")

    def document(self, key: str) -> URIRef:
        """The work: ``key`` is a canonical symbol, or ``file:<sha>`` for a file without one."""
        return URIRef(self.base + self._work_path(key))

    def expression(self, key: str, language: str) -> URIRef:
        _check(LANGUAGE, language, "language code")
        return URIRef(f"{self.base}{self._work_path(key)}@{language}")

    def graph(self, key: str, language: str) -> URIRef:
        _check(LANGUAGE, language, "language code")
        return URIRef(f"{self.base}graph/{self._work_path(key)[4:]}@{language}")

    def paragraph(self, key: str, paragraph_id: str) -> URIRef:
        _check(PARAGRAPH_ID, paragraph_id, "paragraph id")
        return URIRef(f"{self.base}{self._work_path(key)}#{paragraph_id}")

    def in_expression(self, key: str, language: str, local: str) -> URIRef:
        """A node that belongs to one expression: ``cit-3``, ``cit-3-sel``, ``ent-7``."""
        _check(CONCEPT_ID, local, "local id")
        return URIRef(f"{self.expression(key, language)}#{local}")

    def mandate(self, key: str, paragraph_id: str, number: int) -> URIRef:
        _check(PARAGRAPH_ID, paragraph_id, "paragraph id")
        return URIRef(f"{self.base}{self._work_path(key)}#{paragraph_id}-mandate-{int(number)}")

    def concept(self, scheme: str, concept_id: str) -> URIRef:
        _check(CONCEPT_ID, scheme, "concept scheme")
        _check(CONCEPT_ID, concept_id, "concept id")
        return URIRef(f"{self.base}concept/{scheme}/{concept_id}")

    def scheme(self, scheme: str) -> URIRef:
        _check(CONCEPT_ID, scheme, "concept scheme")
        return URIRef(f"{self.base}concept/{scheme}")

    def special_graph(self, name: str) -> URIRef:
        """Graphs that belong to no one document: ``concepts``, ``dataset``."""
        _check(CONCEPT_ID, name, "graph name")
        return URIRef(f"{self.base}graph/{name}")

    def dataset(self) -> URIRef:
        return URIRef(self.base + "dataset")


def undocs(symbol: str) -> URIRef:
    """The document's public address: ``https://undocs.org/<symbol>``."""
    return URIRef(UNDOCS + _check(SYMBOL, symbol, "UN document symbol"))


def wikidata(item: str) -> URIRef:
    """A Wikidata item IRI from its Q-number."""
    return URIRef("http://www.wikidata.org/entity/" + _check(re.compile(r"^Q[1-9]\d*$"), item, "Wikidata item"))


def sdg(code: str) -> URIRef:
    """The UN's SDG identifier for a goal (``11``) or target (``11.3``)."""
    return URIRef("http://metadata.un.org/sdg/" + _check(re.compile(r"^\d{1,2}(?:\.[0-9a-z]{1,2})?$"), code, "SDG code"))
