"""The read stage: a file (txt, md, html, docx, pdf) to text, its language detected.

For ``.txt`` and ``.md`` files the text *is* the decoded file, byte-order mark
aside, so every offset later stages keep is an offset into the file as the
user sees it. HTML, DOCX and PDF are turned into plain text with blocks
separated by a blank line and PDF pages separated by ``"\\f\\n"``; each format
has its reader in :mod:`kg.formats`.

The bytes decide before the name does: a PDF named ``.txt`` is read as a PDF,
a Word document named ``.txt`` as DOCX, and a binary file is refused. Every
refusal is a :class:`ReadError` naming the file, the problem and the remedy:
besides files that cannot be read, a file too large to be one document and a
text in none of the six UN languages are refused too, so that nothing the
later stages would misread enters the graph.

>>> source = read_text("note.txt", "The Human Rights Council, recalling its resolution 24/2,")
>>> source.language, source.format
('en', 'txt')
"""
from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

from kg.formats import Unreadable, docx, html, pdf, plain
from kg.formats.html import html_text
from kg.language import LANGUAGE_NAMES, detect, identify
from kg.records import Source

__all__ = ["FORMATS", "MAX_FILE_BYTES", "MAX_TEXT_CHARS", "ReadError", "html_text", "read_file", "read_text"]

# Suffix (lowercase) -> format recorded on the Source.
FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}

# A long UN report (a Council session report of a few hundred pages) holds
# under a million characters; five times that is room enough. Past it a file
# is several documents run together, and building it as one document took
# about ten seconds and 250 MB of memory per million characters (50 MB of
# text: ten minutes and 12 GB) for a graph no one could use.
MAX_TEXT_CHARS = 5_000_000
PAGE_CHARS = 2_500  # on a printed UN page, to say the limit in pages
# Read into memory at once, so bounded before the text is: room for a PDF
# heavy with images, refusing a disk image or a database dump named .txt.
MAX_FILE_BYTES = 256 * 1024 * 1024


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
    suffix, an empty or binary file, undecodable text, a corrupt DOCX, a
    truncated, encrypted or image-only PDF, a text longer than
    ``MAX_TEXT_CHARS`` and a text surely in none of the six UN languages. A
    text too short to tell its language (a title, a symbol) is read, as "und".
    """
    given = os.fspath(path)
    data = _read_bytes(given)
    try:
        kind = _format_of(data, FORMATS[Path(given).suffix.lower()])
        body = READERS[kind](data)
    except Unreadable as error:
        raise ReadError(given, str(error)) from None
    if not body or body.isspace():  # not strip(): it would copy a text of any size
        raise ReadError(given, f"contains no text (read as {kind}); check that it is the right file")
    if len(body) > MAX_TEXT_CHARS:
        raise ReadError(
            given,
            f"holds {len(body):,} characters of text, more than the {MAX_TEXT_CHARS:,} "
            f"(about {max(1, MAX_TEXT_CHARS // PAGE_CHARS):,} pages) kg builds as one document; "
            "split it into its documents, one file each",
        )
    verdict = identify(body)
    if verdict.foreign:
        names = sorted(LANGUAGE_NAMES.values())
        known = ", ".join(names[:-1]) + f" and {names[-1]}"
        raise ReadError(
            given,
            f"{verdict.reason}; kg reads documents in {known}: "
            "give one of those language versions, or check that it is the right file",
        )
    return Source(
        path=given,
        text=body,
        language=verdict.language,
        format=kind,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def read_text(path: str, text: str, format: str = "txt") -> Source:
    """A :class:`Source` for text already in memory; ``sha256`` is of its UTF-8 bytes.

    Unlike :func:`read_file` it refuses no text: the caller chose it, and a
    language it cannot tell is recorded as "und".

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
    """The file's bytes, after checking it is a readable file with a known suffix and size."""
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
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReadError(
                given,
                f"is {size / 2**20:,.0f} MB, more than the {MAX_FILE_BYTES // 2**20} MB kg reads; "
                "split it into its documents, one file each",
            )
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

# Files mistaken for documents, named in their refusal with what to do:
# (signature, what the file is, what to do). Images and archives would
# otherwise be refused as "binary" with no hint; RTF decodes as text and
# would fill the graph with its control words.
IMAGE = "run OCR on it, or give the document as text, HTML, DOCX or PDF"
ARCHIVE = "unpack it and give the files inside"
NOT_DOCUMENTS = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", IMAGE),
    (b"\xff\xd8\xff", "a JPEG image", IMAGE),
    (b"GIF87a", "a GIF image", IMAGE),
    (b"GIF89a", "a GIF image", IMAGE),
    (b"II*\x00", "a TIFF image", IMAGE),
    (b"MM\x00*", "a TIFF image", IMAGE),
    (b"\x1f\x8b", "a gzip archive", ARCHIVE),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", ARCHIVE),
    (b"Rar!\x1a\x07", "a RAR archive", ARCHIVE),
    (b"{\\rtf", "an RTF document", "save it as DOCX, PDF or plain text"),
)


def _format_of(data: bytes, declared: str) -> str:
    """The format to read ``data`` as: the signature first, then the suffix's ``declared`` format."""
    if data.lstrip()[:5] == PDF_MAGIC or (declared == "pdf" and PDF_MAGIC in data[:1024]):
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        if declared == "docx" or _is_word_package(data):
            return "docx"
        raise Unreadable("is a ZIP archive, not text; unpack it, or rename it .docx if it is a Word file")
    if data.startswith(OLE_MAGIC):
        raise Unreadable(
            "is a legacy Word (.doc) or password-protected Office file; "
            "save it as an unprotected .docx or as PDF"
        )
    for signature, what, remedy in NOT_DOCUMENTS:
        if data.startswith(signature):
            raise Unreadable(f"is {what}, not a document kg reads; {remedy}")
    if declared == "pdf":
        raise Unreadable("is not a PDF (no %PDF- header); check the download or the file's name")
    if declared == "docx":
        raise Unreadable("is a corrupt DOCX (not a ZIP package); open it in Word and save it again")
    return declared


def _is_word_package(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


READERS = {
    "txt": plain.read,
    "md": plain.read,
    "html": html.read,
    "docx": docx.read,
    "pdf": pdf.read,
}
