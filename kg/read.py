"""The read stage: a file (txt, md, html, docx, pdf) to text, its language detected.

For ``.txt`` and ``.md`` files the text *is* the decoded file, byte-order mark
aside, so every offset later stages keep is an offset into the file as the
user sees it. HTML, DOCX and PDF are turned into plain text with blocks
separated by a blank line and PDF pages separated by ``"\\f\\n"``.

The bytes decide before the name does: a PDF named ``.txt`` is read as a PDF,
a Word document named ``.txt`` as DOCX, and a binary file is refused. Every
refusal is a :class:`ReadError` naming the file, the problem and the remedy.

>>> source = read_text("note.txt", "The Human Rights Council, recalling its resolution 24/2,")
>>> source.language, source.format
('en', 'txt')
"""
from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from kg.language import detect
from kg.records import Source

# Suffix (lowercase) -> format recorded on the Source.
FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}


class ReadError(Exception):
    """A file that cannot be read as text. ``str(error)`` is one line:
    the file, what is wrong with it and what to do."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = " ".join(problem.split())
        super().__init__(path, self.problem)  # both, so the error pickles

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def read_file(path: str) -> Source:
    """Read a file into a :class:`Source`: its text, format, sha256 and language.

    Raises :class:`ReadError` for a missing file, a directory, an unknown
    suffix, an empty or binary file, undecodable text, a corrupt DOCX, and a
    truncated, encrypted or image-only PDF.
    """
    given = os.fspath(path)
    data = _read_bytes(given)
    kind = _format_of(given, data)
    text = READERS[kind](given, data)
    if not text.strip():
        raise ReadError(given, f"contains no text (read as {kind}); check that it is the right file")
    return Source(
        path=given,
        text=text,
        language=detect(text),
        format=kind,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def read_text(path: str, text: str, format: str = "txt") -> Source:
    """A :class:`Source` for text already in memory; ``sha256`` is of its UTF-8 bytes.

    >>> read_text("x.md", "Совет по правам человека, ссылаясь на свою резолюцию 24/2", "md").language
    'ru'
    """
    if format not in FORMATS.values():
        known = ", ".join(sorted(set(FORMATS.values())))
        raise ReadError(path, f"unknown format {format!r}; expected one of {known}")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return Source(path=path, text=text, language=detect(text), format=format, sha256=digest)


# --- Which reader ------------------------------------------------------------


def _read_bytes(given: str) -> bytes:
    """The file's bytes, after checking it is a readable file with a known suffix."""
    file = Path(given)
    if file.is_dir():
        raise ReadError(given, "is a directory, not a file; give the path of a file inside it")
    if not file.exists():
        raise ReadError(given, "file not found; check the path and the current directory")
    if file.suffix.lower() not in FORMATS:
        found = f"unknown file type {file.suffix!r}" if file.suffix else "no suffix to tell its type"
        raise ReadError(
            given,
            f"{found}; expected one of {', '.join(FORMATS)}: "
            "convert the file, or rename it if the suffix is wrong",
        )
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ReadError(given, f"cannot be read ({exc.strerror}); check its permissions") from None
    if not data:
        raise ReadError(given, "is empty (0 bytes); check that the download or conversion finished")
    return data


# File signatures. A file named .pdf may carry junk before "%PDF-" (readers
# look in the first kilobyte); a file named otherwise must open with it, so a
# note that mentions "%PDF-" stays text. DOCX is a ZIP package; OLE2 holds
# legacy .doc files and password-protected Office files.
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _format_of(given: str, data: bytes) -> str:
    """The format to read ``data`` as: the signature first, then the suffix."""
    declared = FORMATS[Path(given).suffix.lower()]
    if data.lstrip()[:5] == PDF_MAGIC or (declared == "pdf" and PDF_MAGIC in data[:1024]):
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        if declared == "docx" or _is_word_package(data):
            return "docx"
        raise ReadError(given, "is a ZIP archive, not text; unpack it, or rename it .docx if it is a Word file")
    if data.startswith(OLE_MAGIC):
        raise ReadError(
            given,
            "is a legacy Word (.doc) or password-protected Office file; "
            "save it as an unprotected .docx or as PDF",
        )
    if declared == "pdf":
        raise ReadError(given, "is not a PDF (no %PDF- header); check the download or the file's name")
    if declared == "docx":
        raise ReadError(given, "is a corrupt DOCX (not a ZIP package); open it in Word and save it again")
    return declared


def _is_word_package(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


# --- Text files --------------------------------------------------------------

# Byte-order marks, UTF-32 before UTF-16 because FF FE opens both.
BOMS = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

# C0 control bytes that plain text does not contain: all but tab, LF, CR and
# form feed (the page break of text converted from PDF).
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")

# Han ideographs and CJK punctuation, to tell a GB18030 text from bytes of
# another 8-bit encoding that happen to decode as GB18030.
HAN_OR_CJK_PUNCTUATION = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
ASCII_LETTER = re.compile(r"[A-Za-z]")
# How much of a decoded text the GB18030 check looks at.
SNIFF_CHARS = 1_000_000

# Bytes that are letters in Latin-1/cp1252 outside ASCII: À-ÿ less × and ÷.
HIGH_LETTER_BYTES = bytes(b for b in range(0xC0, 0x100) if b not in (0xD7, 0xF7))
ASCII_LETTER_BYTES = bytes(range(0x41, 0x5B)) + bytes(range(0x61, 0x7B))
# In Western European text accented letters are a minority; text that is
# mostly high bytes is Cyrillic, Greek or Arabic in a legacy code page.
MAX_HIGH_LETTER_SHARE = 0.3

# <meta charset="..."> or <meta ... content="text/html; charset=..."> or an
# XML declaration's encoding="...", in the first bytes of an HTML file.
DECLARED_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _decode(given: str, data: bytes, declared: str | None = None) -> str:
    """Decode text bytes, refusing rather than guessing wrong.

    UTF-8 or a byte-order mark first, then the charset the file declares (HTML),
    then GB18030 when the result reads as Chinese, then cp1252/Latin-1 when the
    bytes are plain Western text.
    """
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            return _strict(given, data[len(bom):], codec, f"starts with a {label} byte-order mark but is not {label}")
    if b"\x00" in data:
        raise ReadError(
            given,
            "is a binary file (it contains NUL bytes); if it is UTF-16 text without a "
            "byte-order mark, save it again as UTF-8",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    for decoded in (_try(data, declared), _gb18030(data)):
        if decoded is not None:
            return decoded
    if CONTROL_BYTES.search(data):
        raise ReadError(given, "is a binary file (it contains control bytes); give a text, HTML, DOCX or PDF file")
    decoded = _western(data)
    if decoded is None:
        raise ReadError(
            given,
            f"is not UTF-8 (invalid byte at offset {bad}) and no other supported encoding "
            "fits it cleanly; save it again as UTF-8",
        )
    return decoded


def _strict(given: str, data: bytes, codec: str, problem: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ReadError(given, f"{problem} (bad bytes at offset {exc.start}); save it again as UTF-8") from None


def _try(data: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None


def _gb18030(data: bytes) -> str | None:
    """The GB18030 reading of ``data`` if it decodes cleanly and reads as Chinese."""
    decoded = _try(data, "gb18030")
    if decoded is None:
        return None
    sample = decoded[:SNIFF_CHARS]
    han = len(HAN_OR_CJK_PUNCTUATION.findall(sample))
    return decoded if han and han >= len(ASCII_LETTER.findall(sample)) else None


def _western(data: bytes) -> str | None:
    """The cp1252 (else Latin-1) reading of ``data`` if it looks like Western text."""
    high = len(data) - len(data.translate(None, HIGH_LETTER_BYTES))
    ascii_letters = len(data) - len(data.translate(None, ASCII_LETTER_BYTES))
    if high > MAX_HIGH_LETTER_SHARE * (high + ascii_letters):
        return None
    return _try(data, "cp1252") or data.decode("latin-1")


# --- HTML --------------------------------------------------------------------

# Elements whose start and end break the text into blocks (blank line between).
HTML_BLOCKS = frozenset(
    "address article aside blockquote body caption dd details div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p "
    "pre section summary table tbody tfoot thead tr ul".split()
)
HTML_CELLS = frozenset({"td", "th"})
# Elements whose content is not running text.
HTML_SKIPPED = frozenset({"script", "style", "template", "title", "noscript"})
# Outside <pre>, any run of HTML white space is one space.
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
# A footnote call in <sup>: "1", "[1]", "(1)".
FOOTNOTE_CALL = re.compile(r"\s*[\[(]?\s*(\d+)\s*[\])]?\s*")
# Tidying a block: runs of spaces left where inline elements met, spaces
# beside the tab between table cells, and runs of <br> past one blank line.
SPACE_RUN = re.compile(r" {2,}")
SPACE_BESIDE_TAB = re.compile(r" ?\t ?")
BLANK_LINES = re.compile(r"\n{3,}")


def _read_html(given: str, data: bytes) -> str:
    match = DECLARED_CHARSET.search(data[:2048])
    declared = match.group(1).decode("ascii") if match else None
    return html_text(_decode(given, data, declared))


def html_text(markup: str) -> str:
    """Plain text of an HTML document: blocks separated by a blank line.

    Scripts and styles are dropped, entities decoded, ``<br>`` kept as a line
    break, table cells separated by a tab, and footnote calls in ``<sup>`` kept
    as their digits. The parser is event-driven, so nesting depth costs nothing.

    >>> html_text("<div><p>Recalling&nbsp;its resolution 24/2<sup>[1]</sup></p><script>x()</script></div>")
    'Recalling\\xa0its resolution 24/21'
    """
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    parser.end_block()
    return "\n\n".join(parser.blocks)


class _HtmlText(HTMLParser):
    """Collects the text of an HTML document block by block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.pieces: list[str] = []  # of the block being read
        self.skipping = 0  # depth inside HTML_SKIPPED elements
        self.preformatted = 0  # depth inside <pre>
        self.sups: list[list[str]] = []  # pieces of each open <sup>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HTML_SKIPPED:
            self.skipping += 1
        elif self.skipping:
            return
        elif tag in HTML_BLOCKS:
            self.end_block()
        elif tag == "br":
            self.emit("\n")
        elif tag in HTML_CELLS:
            self.emit("\t")
        elif tag == "sup":
            self.sups.append([])
        if tag == "pre":
            self.preformatted += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HTML_SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif self.skipping:
            return
        elif tag in HTML_BLOCKS:
            self.end_block()
        elif tag == "sup" and self.sups:
            call = "".join(self.sups.pop())
            match = FOOTNOTE_CALL.fullmatch(call)
            self.emit(match.group(1) if match else call)
        if tag == "pre":
            self.preformatted = max(0, self.preformatted - 1)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.preformatted:
            self.emit(data.replace("\r\n", "\n"))
        else:
            self.emit(HTML_SPACE.sub(" ", data))

    def emit(self, piece: str) -> None:
        (self.sups[-1] if self.sups else self.pieces).append(piece)

    def end_block(self) -> None:
        """Close the block being read, tidy its lines and keep it if not empty."""
        for call in self.sups:  # a <sup> left open at a block's end
            self.pieces.extend(call)
        self.sups.clear()
        lines = [_tidy_line(line) for line in "".join(self.pieces).split("\n")]
        self.pieces = []
        block = "\n".join(lines).strip("\n")
        if block:
            self.blocks.append(BLANK_LINES.sub("\n\n", block))


def _tidy_line(line: str) -> str:
    line = SPACE_BESIDE_TAB.sub("\t", SPACE_RUN.sub(" ", line))
    return line.strip(" \t")


# --- DOCX --------------------------------------------------------------------

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


def _read_docx(given: str, data: bytes) -> str:
    import docx  # heavy: loaded only when a DOCX is read

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx reports corruption as
        # BadZipFile, KeyError, lxml syntax errors and others alike
        detail = f"{type(exc).__name__}: {exc}"[:160]
        raise ReadError(given, f"is a corrupt DOCX ({detail}); open it in Word and save it again") from exc
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


# --- PDF ---------------------------------------------------------------------

PAGE_BREAK = "\f\n"
# A complete PDF ends with "%%EOF", give or take trailing bytes some writers add.
PDF_END = b"%%EOF"
PDF_END_WINDOW = 4096


def _read_pdf(given: str, data: bytes) -> str:
    from pypdf import PdfReader  # heavy: loaded only when a PDF is read

    if PDF_END not in data[-PDF_END_WINDOW:]:
        raise ReadError(given, "is a truncated PDF (no %%EOF at the end); download or export it again")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _unlock(given, reader)
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf reports damaged files with many exception types
        detail = f"{type(exc).__name__}: {exc}"[:160]
        raise ReadError(given, f"is a damaged PDF ({detail}); download or export it again") from exc
    if not any(page.strip() for page in pages):
        raise ReadError(
            given,
            f"is a PDF with no text layer ({len(pages)} page(s), no text: probably a scan); "
            "run OCR on it first, for example with ocrmypdf",
        )
    return PAGE_BREAK.join(pages)


def _unlock(given: str, reader) -> None:
    """Open a PDF protected only against editing (empty user password), or refuse it."""
    from pypdf.errors import DependencyError

    try:
        unlocked = reader.decrypt("")
    except DependencyError:
        raise ReadError(
            given,
            "is an AES-encrypted PDF; install the cryptography package, or remove the "
            "protection (for example with qpdf --decrypt) and read the copy",
        ) from None
    if not unlocked:
        raise ReadError(
            given,
            "is an encrypted PDF that needs a password; remove the protection "
            "(for example with qpdf --decrypt) and read the copy",
        )


READERS = {
    "txt": _decode,
    "md": _decode,
    "html": _read_html,
    "docx": _read_docx,
    "pdf": _read_pdf,
}
