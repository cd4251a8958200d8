"""Deterministic Turtle and TriG, written fast from terms in N-Triples syntax.

Triples are sorted, grouped by subject then predicate, and IRIs are shortened
with the project's prefixes only where the local part is a plain name, so the
output always re-parses. The same triples give the same bytes, whatever order
they came in and whichever library produced the terms: the sort is on the
N-Triples form. rdflib's ``longturtle`` gives the same kind of file; this
writer was three times faster here (``benchmarks/bench_turtle.py``).
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator, Mapping

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
# A local name safe to write after a prefix: letters, digits, "_", "-" and
# inner dots (a dot may not end a prefixed name).
PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
DATATYPE = re.compile(r'^(?P<lexical>".*")\^\^<(?P<iri>[^>]*)>$', re.DOTALL)
# Raw line separators are legal inside a Turtle string but trip up JavaScript
# tools and some editors: they are written escaped.
SEPARATORS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029"})

Triple = tuple[str, str, str]


class _Compactor:
    def __init__(self, prefixes: Mapping[str, str]):
        # A prefixed name's local part holds no "/" or "#", so an IRI can only be shortened with
        # the namespace that ends at its last "/" or "#": found in a dict, not in a loop.
        self.prefix_of: dict[str, str] = {}
        for prefix, namespace in sorted(prefixes.items()):
            if not namespace.endswith(("/", "#")):
                raise ValueError(f"namespace {namespace!r} of prefix {prefix!r} does not end with '/' or '#'")
            self.prefix_of.setdefault(namespace, prefix)  # two prefixes of one namespace: the first in order
        self.used: set[str] = set()
        self.cache: dict[str, str] = {}  # predicates, classes and concepts recur on every page

    def iri(self, term: str) -> str:
        value = term[1:-1]
        cut = max(value.rfind("/"), value.rfind("#")) + 1
        prefix = self.prefix_of.get(value[:cut])
        if prefix is not None and PLAIN_LOCAL.fullmatch(value, cut):
            self.used.add(prefix)
            return f"{prefix}:{value[cut:]}"
        return term

    def term(self, term: str) -> str:
        if term.startswith("<"):
            found = self.cache.get(term)
            if found is None:
                found = self.cache[term] = self.iri(term)
            return found
        if term.startswith('"'):
            if "\u2028" in term or "\u2029" in term:  # most literals hold neither: looking costs less than translating
                term = term.translate(SEPARATORS)
            if term.endswith(">"):  # a datatype; a long text with a language tag is not scanned for one
                match = DATATYPE.match(term)
                if match:
                    return f"{match.group('lexical')}^^{self.iri('<' + match.group('iri') + '>')}"
        return term


def _body(triples: Iterable[Triple], compactor: _Compactor) -> str:
    """Each subject, then its predicates, each with its objects, as the sorted triples come."""
    out: list[str] = []
    write, term = out.append, compactor.term
    subject = predicate = None
    for s, p, o in sorted(set(triples)):
        if s == subject and p == predicate:  # another object
            write(" , ")
        else:
            if s == subject:  # another predicate
                write(" ;\n    ")
            else:  # another subject
                if subject is not None:
                    write(" ;\n.\n\n")
                write(term(s) + "\n    ")
            write("a " if p == RDF_TYPE else term(p) + " ")
            subject, predicate = s, p
        write(term(o))
    if subject is not None:
        write(" ;\n.\n\n")
    return "".join(out)


def _header(compactor: _Compactor, prefixes: Mapping[str, str]) -> str:
    lines = [f"PREFIX {p}: <{prefixes[p]}>\n" for p in sorted(compactor.used)]
    return "".join(lines) + ("\n" if lines else "")


def write_turtle(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> str:
    """Turtle for ``triples`` (N-Triples terms), prefixes declared once, only those used."""
    compactor = _Compactor(prefixes)
    body = _body(triples, compactor)
    return _header(compactor, prefixes) + body


def write_trig(graphs: Iterable[tuple[str, Iterable[Triple]]], prefixes: Mapping[str, str]) -> str:
    """TriG: one block per named graph (given as IRI without brackets), graphs in IRI order."""
    compactor = _Compactor(prefixes)
    blocks = []
    for name, triples in sorted(graphs, key=lambda g: g[0]):
        body = _body(triples, compactor)
        if body:
            blocks.append(f"<{name}> {{\n\n{body}}}\n\n")
    return _header(compactor, prefixes) + "".join(blocks)


# --- large graphs, written in pieces ---------------------------------------
# A store's graphs are written as a stream of pieces, each formatted on its own
# (in other processes when the caller maps over a pool): the pieces join into
# the same bytes whatever their size, so the output does not depend on it. The
# header declares every prefix of the map, since it is written before the pieces.

PIECE_LINES = 20_000  # N-Triples lines per piece: enough to outweigh sending them


def split_line(line: str) -> Triple:
    """An N-Triples line (``<s> <p> o .``) as its three terms: subjects and predicates hold no space."""
    subject, predicate, rest = line.split(" ", 2)
    return subject, predicate, rest[:-2]


def header(prefixes: Mapping[str, str]) -> str:
    return "".join(f"PREFIX {p}: <{prefixes[p]}>\n" for p in sorted(prefixes)) + "\n"


def turtle_piece(job: tuple[list[bytes], Mapping[str, str]]) -> str:
    """The Turtle of sorted N-Triples lines that hold every triple of their subjects."""
    lines, prefixes = job
    return _body((split_line(line.decode("utf-8")) for line in lines), _Compactor(prefixes))


def trig_piece(job: tuple[list[tuple[str, list[bytes]]], Mapping[str, str]]) -> str:
    """The TriG blocks of whole named graphs, given as (name, N-Triples lines)."""
    graphs, prefixes = job
    compactor = _Compactor(prefixes)
    blocks = []
    for name, lines in graphs:
        body = _body((split_line(line.decode("utf-8")) for line in lines), compactor)
        if body:
            blocks.append(f"<{name}> {{\n\n{body}}}\n\n")
    return "".join(blocks)


def subject_pieces(lines: Iterable[bytes], size: int = PIECE_LINES) -> Iterator[list[bytes]]:
    """Sorted lines cut into pieces of about ``size``, never between two lines of one subject."""
    piece: list[bytes] = []
    subject = None
    for line in lines:
        if len(piece) >= size:
            head = line.split(b" ", 1)[0]
            if subject is None:
                subject = piece[-1].split(b" ", 1)[0]
            if head != subject:
                yield piece
                piece, subject = [], None
        piece.append(line)
    if piece:
        yield piece
