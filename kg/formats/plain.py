"""Plain-text bytes (.txt, .md) to text: which encoding, refusing rather than guessing wrong.

UTF-8 or a byte-order mark first, then the charset the file declares (HTML),
then GB18030 when the result reads as Chinese, then cp1252/Latin-1 when the
bytes are plain Western text. Anything else is refused with what to do.

>>> read("Rappelant sa résolution 24/2".encode("latin-1"))
'Rappelant sa résolution 24/2'
"""
from __future__ import annotations

import codecs
import re

from kg.formats import Unreadable

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
CONTROL_BYTE_SET = bytes(b for b in range(0x20) if b not in b"\t\n\r\x0c")
# A stray control byte (a DOS end-of-file mark, a vertical tab) does not make
# a text binary; this share of them in the first bytes does.
MAX_CONTROL_SHARE = 0.05
CONTROL_SNIFF_BYTES = 65_536

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


def read(data: bytes, declared: str | None = None) -> str:
    """Decode text bytes; ``declared`` is the charset the file names, if any.

    Raises :class:`~kg.formats.Unreadable` for a binary file and for bytes no
    supported encoding fits cleanly.
    """
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom):], codec, f"starts with a {label} byte-order mark but is not {label}")
    if b"\x00" in data:
        raise Unreadable(
            "is a binary file (it contains NUL bytes); if it is UTF-16 text without a "
            "byte-order mark, save it again as UTF-8"
        )
    if _control_share(data[:CONTROL_SNIFF_BYTES]) > MAX_CONTROL_SHARE:
        raise Unreadable("is a binary file (it is full of control bytes); give a text, HTML, DOCX or PDF file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    for decoded in (_try(data, declared), _gb18030(data)):
        if decoded is not None:
            return decoded
    if CONTROL_BYTES.search(data):
        raise Unreadable("is a binary file (it contains control bytes); give a text, HTML, DOCX or PDF file")
    decoded = _western(data)
    if decoded is None:
        raise Unreadable(
            f"is not UTF-8 (invalid byte at offset {bad}) and no other supported encoding "
            "(UTF-16 or UTF-32 with a byte-order mark, GB18030, Latin-1) fits it cleanly; "
            "save it again as UTF-8"
        )
    return decoded


def _control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    return (len(sample) - len(sample.translate(None, CONTROL_BYTE_SET))) / len(sample)


def _strict(data: bytes, codec: str, problem: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise Unreadable(f"{problem} (bad bytes at offset {exc.start}); save it again as UTF-8") from None


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
