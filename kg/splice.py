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
    """
    start = header(prefixes).encode("utf-8")
    yield start
    waiting = _fresh_blocks(old, sorted(affected), union_lines, prefixes)
    following = next(waiting, None)
    last = ""
    for block in _old_blocks(old, start):
        key = _key(block, prefixes, old)
        if key <= last:
            raise SpliceError(f"{old}: the block of {key} is out of order")
        last = key
        while following is not None and following[0] < key:
            yield following[1]
            following = next(waiting, None)
        if key.encode("utf-8") not in affected:
            yield block
    while following is not None:
        yield following[1]
        following = next(waiting, None)


def _fresh_blocks(old: Path, affected: list[bytes], union_lines, prefixes: Mapping[str, str]) -> Iterator[tuple[str, bytes]]:
    """The blocks of the ``affected`` subjects (sorted) as the union now has them, with their
    subjects' terms, asked for ``FRESH_SUBJECTS`` subjects at a time."""
    asked = set(affected)
    for first in range(0, len(affected), FRESH_SUBJECTS):
        lines = union_lines(affected[first:first + FRESH_SUBJECTS])
        for piece in subject_pieces(lines):
            for block in _blocks(turtle_piece((piece, prefixes)).encode("utf-8"), old):
                key = _key(block, prefixes, old)
                if key.encode("utf-8") not in asked:
                    raise SpliceError(f"{old}: the union gave {key}, which was not asked for")
                yield key, block


def _old_blocks(old: Path, start: bytes) -> Iterator[bytes]:
    """The subjects' blocks of the last kg.ttl, each with its end, read a chunk at a time."""
    with old.open("rb") as handle:
        if handle.read(len(start)) != start:
            raise SpliceError(f"{old}: its prefixes are not those this build writes")
        rest = b""
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            parts = (rest + chunk).split(END)
            rest = parts.pop()
            yield from (part + END for part in parts)
    if rest:
        raise SpliceError(f"{old}: it ends inside a block")


def _blocks(text: bytes, old: Path) -> Iterator[bytes]:
    """The blocks of subjects written again for ``old``."""
    parts = text.split(END)
    if parts.pop():
        raise SpliceError(f"{old}: a block written again does not end as a block")
    return (part + END for part in parts)


def _key(block: bytes, prefixes: Mapping[str, str], where: Path) -> str:
    """A block's subject as its N-Triples term, whether written whole or with a prefix."""
    line_end = block.find(b"\n")
    if line_end < 0:
        raise SpliceError(f"{where}: a block has no subject line")
    written = block[:line_end].decode("utf-8")
    if written.startswith("<"):
        return written
    prefix, _, local = written.partition(":")
    if prefix not in prefixes:
        raise SpliceError(f"{where}: the subject {written} has a prefix this build does not declare")
    return f"<{prefixes[prefix]}{local}>"
