"""The records that flow between the stages, from the text read to the graph built.

Every record is frozen and carries ``start``/``end`` character offsets into
``Source.text``, so any triple can point back at the words it came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class Source:
    """A file as read: its text, the language detected and where it came from."""

    path: str  # the path as the user gave it
    text: str
    language: str  # ISO 639-1 code (ar, en, es, fr, ru, zh) or "und"
    format: str  # txt, md, html, docx, pdf
    sha256: str  # of the file's bytes


@dataclass(frozen=True)
class DocumentInfo:
    """What a document says about itself in its header and adoption block."""

    symbol: str | None = None  # canonical, as in gold/README.md
    language: str = "und"
    kind: str | None = None  # resolution, decision, report, compilation, ...
    body: str | None = None  # HRC, GA, SC, ECOSOC
    session: int | None = None
    title: str | None = None
    adopted: str | None = None  # ISO date
    vote: str | None = None  # "without a vote", "recorded vote", ...
    agenda_item: str | None = None
    meeting: int | None = None


@dataclass(frozen=True)
class Footnote:
    """A footnote: its body's span, and where its call stands in the running text."""

    marker: str
    start: int
    end: int
    call: int | None = None  # offset of the call in the running text, if found


@dataclass(frozen=True)
class Paragraph:
    """A preambular, operative or sub-paragraph of a document.

    ``id`` is ``pp1..ppN`` for preambular, ``opN`` for operative paragraphs
    (N as printed), ``opN.a`` for sub-paragraph (a) of operative paragraph N.
    """

    id: str
    kind: str  # preambular, operative, subparagraph
    number: int | None
    start: int
    end: int
    parent: str | None = None  # the paragraph a sub-paragraph belongs to
    action: str | None = None  # controlled id of the opening verb
    actions: tuple[str, ...] = ()  # every reading of the verbs, opening one first
    action_start: int | None = None
    action_end: int | None = None
    modifiers: tuple[str, ...] = ()  # "also", "further", "strongly"
    addressees: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reference:
    """A citation of a document, resolved to its canonical symbol where possible."""

    target: str | None  # canonical symbol, None where it cannot be resolved
    date: str | None  # ISO date written beside the citation
    text: str  # the cited words, text[start:end]
    start: int
    end: int
    paragraph: str | None = None
    also: tuple[str, ...] = ()  # other symbols of the same document (dual symbols)


@dataclass(frozen=True)
class Entity:
    """A mention of a controlled concept: mechanism, actor, instrument, event, place, SDG.

    An event may carry what the text says about it: its session, the place
    where it is held (a place's concept id) and its first and last day (ISO).
    """

    id: str
    kind: str
    text: str
    start: int
    end: int
    paragraph: str | None = None
    session: int | None = None
    place: str | None = None
    start_date: str | None = None
    end_date: str | None = None


@dataclass(frozen=True)
class Mandate:
    """Who must deliver what, for which session, as a paragraph requests it."""

    paragraph: str
    addressee: str | None
    deliverable: str
    due_session: int | None
    start: int
    end: int
    due_body: str | None = None
    relation: str = "at"  # "at" the session, or "before" it
    forms: tuple[str, ...] = ()  # form concept ids: hybrid, accessible, easy-to-read
    consult: tuple[str, ...] = ()  # concept ids of those to be consulted
    detailed_in: tuple[str, ...] = ()  # later paragraphs that add to it ("in preparing the above-mentioned report")


@dataclass(frozen=True)
class Pursuance:
    """A paragraph's statement that a document was submitted pursuant to a resolution.

    "the report of the Office of the High Commissioner submitted pursuant to
    resolution 51/12" with a footnote A/HRC/56/32: ``document`` is A/HRC/56/32,
    ``resolution`` A/HRC/RES/51/12; the span is the words that say so.
    """

    document: str  # canonical symbol of the document submitted
    resolution: str  # canonical symbol of the resolution or decision it answers
    text: str
    start: int
    end: int
    paragraph: str | None = None


@dataclass(frozen=True)
class Segmentation:
    """The structure of a document: header facts, paragraphs and footnotes."""

    document: DocumentInfo
    paragraphs: tuple[Paragraph, ...]
    footnotes: tuple[Footnote, ...] = ()
    furniture: tuple[tuple[int, int], ...] = ()  # page headers, job numbers, ...


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one file."""

    source: Source
    document: DocumentInfo
    paragraphs: tuple[Paragraph, ...] = ()
    references: tuple[Reference, ...] = ()
    entities: tuple[Entity, ...] = ()
    mandates: tuple[Mandate, ...] = ()
    footnotes: tuple[Footnote, ...] = field(default=())

    def to_json(self) -> dict:
        """The JSON object ``kg extract`` prints for this file."""
        return {
            "file": self.source.path,
            "document": _json(self.document),
            "paragraphs": [_json(p) for p in self.paragraphs],
            "references": [_json(r) for r in self.references],
            "entities": [_json(e) for e in self.entities],
            "mandates": [_json(m) for m in self.mandates],
        }


def _json(record) -> dict:
    """A flat record as a JSON-ready dict (tuples become lists).

    Cheaper than ``dataclasses.asdict``, which deep-copies every value.
    """
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in ((f.name, getattr(record, f.name)) for f in fields(record))
    }
