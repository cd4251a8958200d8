"""The extract stage: from a source read to everything it says, as records.

``extract`` runs segmentation, then the extractors (references, actions and
addressees, entities, mandates), and ties each finding to the paragraph it
stands in. A finding in a footnote belongs to the paragraph that calls the
footnote.
"""
from __future__ import annotations

from bisect import bisect_right

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
    references = tuple(find_references(text, source.language, seg.document, seg, paragraph_of=locate))
    entities = find_entities(text, source.language, seg, paragraph_of=locate)
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
        # Footnotes come in text order, one after the other: the one that may
        # hold an offset is found by bisection (else each is tried in turn).
        self._note_starts = [n.start for n in footnotes]
        self._notes_ordered = all(a.end <= b.start for a, b in zip(footnotes, footnotes[1:]))

    def __call__(self, offset: int) -> str | None:
        note = self._note(offset)
        if note is not None:
            if note.call is None:
                return None
            offset = note.call
        best = None
        spans = self._spans
        for i in range(bisect_right(self._starts, offset) - 1, -1, -1):
            p = spans[i]
            if p.start <= offset < p.end and best is None:
                best = p
            if p.parent is None:
                break  # top-level paragraphs do not overlap: none further back holds it
        return best.id if best else None

    def _note(self, offset: int) -> Footnote | None:
        """The first footnote whose body holds ``offset``."""
        if self._notes_ordered:
            i = bisect_right(self._note_starts, offset) - 1
            if i >= 0 and self._footnotes[i].start <= offset < self._footnotes[i].end:
                return self._footnotes[i]
            return None
        return next((n for n in self._footnotes if n.start <= offset < n.end), None)
