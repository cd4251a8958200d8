"""kg.ttl brought up to date from the last build's: the subjects that changed written again, the rest copied.

kg.ttl is the union of the named graphs in Turtle, one block per subject, in
the order of the subjects' N-Triples terms (``kg.turtle``). When a build
changes a few graphs, only the subjects of those graphs, as they were and as
they are, can have other triples in the union: their blocks are written again
from the store, the others are copied from the last kg.ttl as they stand. The
bytes are those of a kg.ttl written whole.

A last kg.ttl that does not read as this writer's (another header, a block out
of order) raises ``SpliceError``; the caller then writes kg.ttl whole.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Mapping

from kg.turtle import header, subject_pieces, turtle_piece

END = b" ;\n.\n\n"  # how every subject's block ends: no term holds a raw line break
CHUNK = 1 << 20  # bytes of the last kg.ttl read at a time
FRESH_SUBJECTS = 10_000  # subjects whose blocks are written again at a time


class SpliceError(ValueError):
    """A last kg.ttl that cannot be brought up to date: it is to be written whole."""


def subjects(lines: Iterable[bytes]) -> set[bytes]:
    """The subjects of N-Triples lines, as terms (``<iri>``)."""
    return {line.split(b" ", 1)[0] for line in lines if line}


def spliced_turtle(old: Path, affected: set[bytes], union_lines, prefixes: Mapping[str, str]) -> Iterator[bytes]:
    """The new kg.ttl, in pieces: ``old`` with the blocks of the ``affected`` subjects written again.

    ``union_lines(subjects)`` gives the sorted N-Triples lines the union now
    holds about ``subjects``; a subject it holds nothing about is left out.
    The blocks kept between two subjects written again go out together, as one
    piece: most of the file is copied so.
    """
    start = header(prefixes).encode("utf-8")
    yield start
    terms = _prefix_terms(prefixes)
    waiting = _fresh_blocks(old, sorted(affected), union_lines, prefixes, terms)
    following = next(waiting, None)
    last = b""
    for blocks in _old_blocks(old, start):
        kept: list[bytes] = []
        for block in blocks:
            key = _key(block, terms, old)
            if key <= last:
                raise SpliceError(f"{old}: the block of {key.decode('utf-8')} is out of order")
            last = key
            if following is not None and following[0] < key:
                if kept:
                    yield END.join(kept) + END
                    kept = []
                while following is not None and following[0] < key:
                    yield following[1]
                    following = next(waiting, None)
            if key not in affected:
                kept.append(block)
        if kept:
            yield END.join(kept) + END
    while following is not None:
        yield following[1]
        following = next(waiting, None)


def _fresh_blocks(old: Path, affected: list[bytes], union_lines, prefixes: Mapping[str, str],
                  terms: Mapping[bytes, bytes]) -> Iterator[tuple[bytes, bytes]]:
    """The blocks of the ``affected`` subjects (sorted) as the union now has them, each with its
    end and its subject's term, asked for ``FRESH_SUBJECTS`` subjects at a time."""
    asked = set(affected)
    for first in range(0, len(affected), FRESH_SUBJECTS):
        lines = union_lines(affected[first:first + FRESH_SUBJECTS])
        for piece in subject_pieces(lines):
            text = turtle_piece((piece, prefixes)).encode("utf-8")
            blocks = text.split(END)
            if blocks.pop():
                raise SpliceError(f"{old}: a block written again does not end as a block")
            for block in blocks:
                key = _key(block, terms, old)
                if key not in asked:
                    raise SpliceError(f"{old}: the union gave {key.decode('utf-8')}, which was not asked for")
                yield key, block + END


def _old_blocks(old: Path, start: bytes) -> Iterator[list[bytes]]:
    """The subjects' blocks of the last kg.ttl, without their ends, a chunk's worth at a time."""
    with old.open("rb") as handle:
        if handle.read(len(start)) != start:
            raise SpliceError(f"{old}: its prefixes are not those this build writes")
        rest = b""
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            blocks = (rest + chunk).split(END)
            rest = blocks.pop()
            yield blocks
    if rest:
        raise SpliceError(f"{old}: it ends inside a block")


def _prefix_terms(prefixes: Mapping[str, str]) -> dict[bytes, bytes]:
    """Each prefix, as written before a subject's local name, and the start of its IRI's term."""
    return {prefix.encode("utf-8"): f"<{iri}".encode("utf-8") for prefix, iri in prefixes.items()}


def _key(block: bytes, terms: Mapping[bytes, bytes], where: Path) -> bytes:
    """A block's subject as its N-Triples term, whether written whole or with a prefix: bytes,
    which sort as the terms' characters do (UTF-8)."""
    line_end = block.find(b"\n")
    if line_end < 0:
        raise SpliceError(f"{where}: a block has no subject line")
    written = block[:line_end]
    if written.startswith(b"<"):
        return written
    prefix, _, local = written.partition(b":")
    if prefix not in terms:
        raise SpliceError(f"{where}: the subject {written.decode('utf-8')} has a prefix this build does not declare")
    return terms[prefix] + local + b">"
