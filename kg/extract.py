"""The extract stage: from a source read to everything it says, as records.

``extract`` runs segmentation, then the extractors (references, actions and
addressees, entities, mandates), and ties each finding to the paragraph it
stands in. A finding in a footnote belongs to the paragraph that calls the
footnote.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from kg.actions import classify
from kg.entities import find_entities
from kg.mandates import find_mandates
from kg.read import read_file
from kg.records import Extraction, Footnote, Paragraph, Source
from kg.references import find_references
from kg.segment import segment


def extract(source: Source) -> Extraction:
    """Extract document facts, paragraphs, references, entities and mandates.

    >>> from kg.read import read_text
    >>> x = extract(read_text("x.txt", "The Council,\\n\\n1. Decides to remain seized of the matter."))
    >>> x.paragraphs[0].id
    'op1'
    """
    seg = segment(source)
    text = source.text
    paragraphs = classify(text, source.language, seg.paragraphs)
    locate = _Locator(paragraphs, seg.footnotes)
    references = tuple(
        replace(r, paragraph=locate(r.start))
        for r in find_references(text, source.language, seg.document, seg)
    )
    entities = tuple(
        replace(e, paragraph=e.paragraph or locate(e.start))
        for e in find_entities(text, source.language, seg)
    )
    mandates = find_mandates(text, source.language, paragraphs, seg.document)
    return Extraction(
        source=source,
        document=seg.document,
        paragraphs=paragraphs,
        references=references,
        entities=entities,
        mandates=tuple(mandates),
        footnotes=seg.footnotes,
    )


def extract_file(path: str) -> Extraction:
    """Read a file and extract it; raises ``kg.read.ReadError`` naming the file."""
    return extract(read_file(path))


class _Locator:
    """Maps a character offset to the id of the paragraph that holds it.

    Offsets inside a footnote body map to the paragraph holding the footnote's
    call; sub-paragraphs win over the operative paragraph that contains them.
    """

    def __init__(self, paragraphs: tuple[Paragraph, ...], footnotes: tuple[Footnote, ...]):
        # Sub-paragraphs come after their parent so the innermost span wins.
        spans = sorted(paragraphs, key=lambda p: (p.start, p.parent is not None))
        self._starts = [p.start for p in spans]
        self._spans = spans
        self._footnotes = footnotes

    def __call__(self, offset: int) -> str | None:
        for note in self._footnotes:
            if note.start <= offset < note.end:
                if note.call is None:
                    return None
                offset = note.call
                break
        best = None
        index = bisect_right(self._starts, offset)
        for p in reversed(self._spans[:index]):
            if p.start <= offset < p.end and best is None:
                best = p
            if p.parent is None:
                break  # top-level paragraphs do not overlap: none further back holds it
        return best.id if best else None
