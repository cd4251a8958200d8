"""DOCX bytes to text: paragraphs and table rows in order, footnotes at the end.

Paragraphs are separated by a blank line, table cells by a tab; footnote calls
are numbered in reading order as Word displays them, and the footnotes called
follow the body as "N text" lines.
"""
from __future__ import annotations

import io

from kg.formats import Unreadable

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Run content that stands for a character.
DOCX_CHARACTERS = {
    W + "tab": "\t",
    W + "ptab": "\t",
    W + "br": "\n",
    W + "cr": "\n",
    W + "noBreakHyphen": "-",
}
# Subtrees with no running text: deleted revisions, the second copy of a
# drawing kept for old readers, field instructions.
DOCX_SKIPPED = frozenset({W + "del", W + "moveFrom", MC_FALLBACK, W + "instrText", W + "pPr", W + "rPr"})
# Footnotes that are not notes but the separator lines Word draws.
FOOTNOTE_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})
FOOTNOTES_RELATIONSHIP = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
)


def read(data: bytes) -> str:
    """The text of a Word (.docx) file; a damaged package is :class:`~kg.formats.Unreadable`."""
    import docx  # python-docx, heavy: loaded only when a DOCX is read

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx reports corruption as
        # BadZipFile, KeyError, lxml syntax errors and others alike
        detail = f"{type(exc).__name__}: {exc}"[:160]
        raise Unreadable(f"is a corrupt DOCX ({detail}); open it in Word and save it again") from exc
    notes = _FootnoteCalls()
    blocks = list(_docx_blocks(document.element.body, notes))
    footnotes = _docx_footnotes(document, notes)
    return "\n\n".join(block for block in blocks + ["\n".join(footnotes)] if block)


class _FootnoteCalls:
    """Numbers footnote calls in reading order, as Word displays them."""

    def __init__(self) -> None:
        self.marks: dict[str, str] = {}  # footnote id -> mark shown in the text
        self.numbered = 0  # footnotes numbered automatically so far

    def call(self, reference) -> str:
        """The text a ``w:footnoteReference`` shows, recording its mark."""
        note = reference.get(W + "id", "")
        if reference.get(W + "customMarkFollows") in ("1", "true", "on"):
            # The mark is the text of the same run, emitted as ordinary text.
            mark = "".join(t.text or "" for t in reference.itersiblings(W + "t"))
            self.marks.setdefault(note, mark)
            return ""
        if note not in self.marks:
            self.numbered += 1
            self.marks[note] = str(self.numbered)
        return self.marks[note]


def _docx_blocks(container, notes: _FootnoteCalls):
    """Texts of the paragraphs and table rows of a body or cell, in order."""
    pending = [iter(container)]
    while pending:
        element = next(pending[-1], None)
        if element is None:
            pending.pop()
        elif element.tag == W + "p":
            yield _docx_text(element, notes)
        elif element.tag == W + "tbl":
            yield from (_docx_row(row, notes) for row in element.iterchildren(W + "tr"))
        elif element.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            pending.append(iter(element))


def _docx_row(row, notes: _FootnoteCalls) -> str:
    cells = (" ".join(b for b in _docx_blocks(cell, notes) if b) for cell in row.iterchildren(W + "tc"))
    return "\t".join(cells).strip("\t")


def _docx_text(paragraph, notes: _FootnoteCalls) -> str:
    """The text of one paragraph, footnote calls as their numbers."""
    pieces: list[str] = []
    pending = [iter(paragraph)]
    while pending:
        element = next(pending[-1], None)
        if element is None:
            pending.pop()
        elif element.tag in DOCX_SKIPPED:
            continue
        elif element.tag == W + "t":
            pieces.append(element.text or "")
        elif element.tag in DOCX_CHARACTERS:
            pieces.append(DOCX_CHARACTERS[element.tag])
        elif element.tag == W + "footnoteReference":
            pieces.append(notes.call(element))
        else:
            pending.append(iter(element))
    return "".join(pieces).strip()


def _docx_footnotes(document, notes: _FootnoteCalls) -> list[str]:
    """The footnotes called in the text, as "N text" lines in calling order."""
    from docx.oxml import parse_xml

    parts = [
        rel.target_part
        for rel in document.part.rels.values()
        if rel.reltype == FOOTNOTES_RELATIONSHIP and not rel.is_external
    ]
    if not parts:
        return []
    texts: dict[str, str] = {}
    for note in parse_xml(parts[0].blob).iterchildren(W + "footnote"):
        if note.get(W + "type") in FOOTNOTE_SEPARATORS:
            continue
        paragraphs = (_docx_text(p, _FootnoteCalls()) for p in note.iter(W + "p"))
        texts[note.get(W + "id", "")] = " ".join(p for p in paragraphs if p)
    return [f"{mark} {texts[note]}" for note, mark in notes.marks.items() if texts.get(note)]
