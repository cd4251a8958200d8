"""PDF bytes to text: the text layer of each page, pages separated by ``"\\f\\n"``.

A truncated file, a password and a missing text layer (a scan) are refused
with what to do; a PDF protected only against editing is read.
"""
from __future__ import annotations

import io

from kg.formats import Unreadable

PAGE_BREAK = "\f\n"
# A complete PDF ends with "%%EOF", give or take trailing bytes some writers add.
PDF_END = b"%%EOF"
PDF_END_WINDOW = 4096


def read(data: bytes) -> str:
    """The text of a PDF; a damaged, locked or image-only PDF is :class:`~kg.formats.Unreadable`."""
    from pypdf import PdfReader  # heavy: loaded only when a PDF is read

    if PDF_END not in data[-PDF_END_WINDOW:]:
        raise Unreadable("is a truncated PDF (no %%EOF at the end); download or export it again")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _unlock(reader)
        pages = [page.extract_text() or "" for page in reader.pages]
    except Unreadable:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf reports damaged files with many exception types
        detail = f"{type(exc).__name__}: {exc}"[:160]
        raise Unreadable(f"is a damaged PDF ({detail}); download or export it again") from exc
    if not any(page.strip() for page in pages):
        raise Unreadable(
            f"is a PDF with no text layer ({len(pages)} page(s), no text: probably a scan); "
            "run OCR on it first, for example with ocrmypdf",
        )
    return PAGE_BREAK.join(pages)


def _unlock(reader) -> None:
    """Open a PDF protected only against editing (empty user password), or refuse it."""
    from pypdf.errors import DependencyError

    try:
        unlocked = reader.decrypt("")
    except DependencyError:
        raise Unreadable(
            "is an AES-encrypted PDF; install the cryptography package, or remove the "
            "protection (for example with qpdf --decrypt) and read the copy",
        ) from None
    if not unlocked:
        raise Unreadable(
            "is an encrypted PDF that needs a password; remove the protection "
            "(for example with qpdf --decrypt) and read the copy",
        )
