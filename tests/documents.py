"""Documents made in the tests: PDF and DOCX bytes written here, not stored.

``make_pdf`` writes a PDF by hand, so the bytes are known to the last one;
``encrypt_pdf`` and ``make_docx`` use pypdf and python-docx, which the reader
relies on anyway.
"""
from __future__ import annotations

import io


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with one Helvetica text line per string; a page with no lines draws a rule only."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        if lines:
            shown = " T* ".join(f"({_pdf_string(line)}) Tj" for line in lines)
            content = f"BT /F1 12 Tf 14 TL 72 720 Td {shown} ET".encode("cp1252")
        else:
            content = b"0 0 m 300 300 l S"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def encrypt_pdf(data: bytes, user_password: str) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


FOOTNOTES_XML = (
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="7"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> A/HRC/56/32.</w:t></w:r></w:p></w:footnote>'
    '<w:footnote w:id="3"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> General Assembly resolution 70/1.</w:t></w:r></w:p></w:footnote>'
    '<w:footnote w:id="9"><w:p><w:r><w:t>Called only with a custom mark.</w:t></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def make_docx(footnotes: bool = True) -> bytes:
    """A Word file with a title, two paragraphs (footnote calls 7 then 3), an empty one and a table.

    Footnote 9 is not called, so it must not be listed.
    """
    import docx
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def call(paragraph, note_id: str) -> None:
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), note_id)
        paragraph.add_run()._r.append(reference)

    document = docx.Document()
    document.add_heading("Local government and human rights", level=1)
    first = document.add_paragraph("The Human Rights Council,")
    first.add_run(" recalling its resolution 24/2")
    call(first, "7")
    first.add_run(",")
    document.add_paragraph("")
    second = document.add_paragraph("1.\tDecides to remain seized of the matter.")
    call(second, "3")
    table = document.add_table(rows=2, cols=2)
    for (row, col), value in {(0, 0): "Symbol", (0, 1): "Title", (1, 0): "A/HRC/RES/57/12", (1, 1): "Local government"}.items():
        table.cell(row, col).text = value
    if footnotes:
        part = Part(
            PackURI("/word/footnotes.xml"),
            CONTENT_TYPE.WML_FOOTNOTES,
            FOOTNOTES_XML.encode(),
            document.part.package,
        )
        document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
