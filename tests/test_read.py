"""The read stage: every format from files made here, every refusal named."""
from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from documents import encrypt_pdf, make_docx, make_pdf
from kg.read import ReadError, html_text, read_file, read_text

# --- Expected texts ------------------------------------------------------------

DOCX_TEXT = (
    "Local government and human rights\n\n"
    "The Human Rights Council, recalling its resolution 24/21,\n\n"
    "1.\tDecides to remain seized of the matter.2\n\n"
    "Symbol\tTitle\n\n"
    "A/HRC/RES/57/12\tLocal government\n\n"
    "1 A/HRC/56/32.\n"
    "2 General Assembly resolution 70/1."
)

HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>A/HRC/RES/57/12</title>
<style>p { color: red; }</style><script>var x = "<p>not text</p>";</script></head>
<body>
<section><h1>Local   government
and human rights</h1>
<div><div><p>The Human Rights Council,</p>
<p>Recalling its resolution 24/2<sup><a href="#fn1">[1]</a></sup> &amp; resolution&nbsp;27/4,</p></div></div>
<ul><li>States</li><li>local governments</li></ul>
<p>First line<br>second line</p>
<table><tr><th>Symbol</th><th>Title</th></tr><tr><td>A/HRC/RES/57/12</td><td>Local government</td></tr></table>
</section>
<aside class="footnote"><p>1 See A/HRC/24/L.12.</p></aside>
</body></html>"""

HTML_TEXT = (
    "Local government and human rights\n\n"
    "The Human Rights Council,\n\n"
    "Recalling its resolution 24/21 & resolution\xa027/4,\n\n"
    "States\n\n"
    "local governments\n\n"
    "First line\nsecond line\n\n"
    "Symbol\tTitle\n\n"
    "A/HRC/RES/57/12\tLocal government\n\n"
    "1 See A/HRC/24/L.12."
)

PLAIN = "A/HRC/RES/57/12\r\n\r\nThe Human Rights Council,\r\n\fRecalling its résolution 24/2,\n"

# --- Formats -----------------------------------------------------------------

FORMATS = [
    pytest.param("resolution.txt", PLAIN.encode("utf-8"), "txt", PLAIN, id="txt kept byte for byte"),
    pytest.param("resolution.md", b"## 57/12\n\nThe Council,\n", "md", "## 57/12\n\nThe Council,\n", id="markdown kept as written"),
    pytest.param("page.html", HTML.encode("utf-8"), "html", HTML_TEXT, id="html blocks, script, entity, sup call"),
    pytest.param("page.HTM", b"<p>The Council,</p><p>decides</p>", "html", "The Council,\n\ndecides", id="htm suffix in capitals"),
    pytest.param("resolution.docx", make_docx(), "docx", DOCX_TEXT, id="docx paragraphs, table, footnotes"),
    pytest.param(
        "resolution.pdf",
        make_pdf([["The Human Rights Council,", "Recalling its resolution 24/2,"], ["1. Decides (again)."]]),
        "pdf",
        "The Human Rights Council,\nRecalling its resolution 24/2,\f\n1. Decides (again).",
        id="pdf pages joined by form feed",
    ),
    pytest.param("misnamed.txt", make_pdf([["The Council decides."]]), "pdf", "The Council decides.", id="pdf named txt read as pdf"),
    pytest.param("misnamed.txt", make_docx(footnotes=False), "docx", DOCX_TEXT.split("\n\n1 ")[0], id="docx named txt read as docx"),
    pytest.param(
        "protected.pdf",
        encrypt_pdf(make_pdf([["The Council decides."]]), user_password=""),
        "pdf",
        "The Council decides.",
        id="pdf protected with an empty user password",
    ),
]


@pytest.mark.parametrize(("name", "data", "kind", "text"), FORMATS)
def test_read_file_formats(tmp_path: Path, name: str, data: bytes, kind: str, text: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    source = read_file(str(path))
    assert (source.format, source.text) == (kind, text)
    assert source.path == str(path)
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.language == "en"


def test_docx_custom_footnote_mark(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document(io.BytesIO(make_docx()))
    paragraph = document.add_paragraph("Adopted without a vote.")
    paragraph._p.append(
        parse_xml(
            '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:footnoteReference w:customMarkFollows="1" w:id="9"/><w:t>*</w:t></w:r>'
        )
    )
    path = tmp_path / "marks.docx"
    document.save(path)
    text = read_file(str(path)).text
    assert text.endswith(
        "Adopted without a vote.*\n\n"
        "1 A/HRC/56/32.\n2 General Assembly resolution 70/1.\n* Called only with a custom mark."
    )


def test_read_error_pickles() -> None:
    import pickle

    error = pickle.loads(pickle.dumps(ReadError("x.pdf", "is a truncated PDF; export it again")))
    assert (str(error), error.path) == ("x.pdf: is a truncated PDF; export it again", "x.pdf")


def test_pypdf_reads_the_test_pdf_back() -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(make_pdf([["Recalling its resolution 24/2,"]])), strict=True)
    assert reader.pages[0].extract_text() == "Recalling its resolution 24/2,"


def test_path_is_kept_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_text("The Council decides to remain seized of the matter.")
    monkeypatch.chdir(tmp_path)
    assert read_file("./in/../in/x.txt").path == "./in/../in/x.txt"


def test_reading_is_deterministic(tmp_path: Path) -> None:
    pdf = make_pdf([["The Council decides"], ["to remain seized of the matter."]])
    for name, data in (("a.docx", make_docx()), ("a.pdf", pdf), ("a.html", HTML.encode())):
        (tmp_path / name).write_bytes(data)
        assert read_file(str(tmp_path / name)) == read_file(str(tmp_path / name))


# --- Offsets and encodings ----------------------------------------------------

OFFSETS = [
    pytest.param("a.txt", "utf-8", b"", id="utf-8 with CRLF and form feed"),
    pytest.param("a.md", "utf-8", b"\xef\xbb\xbf", id="utf-8 with BOM"),
    pytest.param("a.txt", "utf-16-le", b"\xff\xfe", id="utf-16 LE with BOM"),
]


@pytest.mark.parametrize(("name", "codec", "bom"), OFFSETS)
def test_offsets_are_offsets_into_the_decoded_file(tmp_path: Path, name: str, codec: str, bom: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(bom + PLAIN.encode(codec))
    text = read_file(str(path)).text
    decoded = path.read_bytes()[len(bom):].decode(codec)
    start = decoded.index("résolution 24/2")
    end = start + len("résolution 24/2")
    assert text == decoded
    assert text[start:end] == decoded[start:end] == "résolution 24/2"


RESOLUTION_ZH = "人权理事会，回顾其 2013 年 9 月 26 日第 24/2 号决议，\n"
RESOLUTION_FR = "Le Conseil des droits de l’homme, Rappelant sa résolution 24/2 du 26 septembre 2013,\n"

ENCODINGS = [
    pytest.param(RESOLUTION_ZH.encode("gb18030"), RESOLUTION_ZH, "zh", id="GB18030 Chinese"),
    pytest.param(b"\xff\xfe" + RESOLUTION_ZH.encode("utf-16-le"), RESOLUTION_ZH, "zh", id="UTF-16 LE with BOM"),
    pytest.param(b"\xfe\xff" + RESOLUTION_FR.encode("utf-16-be"), RESOLUTION_FR, "fr", id="UTF-16 BE with BOM"),
    pytest.param(
        b"\xff\xfe\x00\x00" + RESOLUTION_FR.encode("utf-32-le"), RESOLUTION_FR, "fr", id="UTF-32 LE with BOM"
    ),
    pytest.param(
        "Le Conseil, Rappelant sa résolution 24/2 et la résolution de l'Assemblée générale\n".encode("latin-1"),
        "Le Conseil, Rappelant sa résolution 24/2 et la résolution de l'Assemblée générale\n",
        "fr",
        id="Latin-1 French",
    ),
    pytest.param(RESOLUTION_FR.encode("cp1252"), RESOLUTION_FR, "fr", id="cp1252 with a curly apostrophe"),
    pytest.param(
        "El Consejo, Recordando su resolución 24/2, de 26 de septiembre de 2013\n".encode("latin-1"),
        "El Consejo, Recordando su resolución 24/2, de 26 de septiembre de 2013\n",
        "es",
        id="Latin-1 Spanish",
    ),
]


@pytest.mark.parametrize(("data", "text", "language"), ENCODINGS)
def test_encodings(tmp_path: Path, data: bytes, text: str, language: str) -> None:
    path = tmp_path / "resolution.txt"
    path.write_bytes(data)
    source = read_file(str(path))
    assert (source.text, source.language) == (text, language)


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    markup = '<html><head><meta charset="windows-1251"></head><body><p>Совет по правам человека</p></body></html>'
    path = tmp_path / "ru.html"
    path.write_bytes(markup.encode("cp1251"))
    assert read_file(str(path)).text == "Совет по правам человека"


# --- HTML ---------------------------------------------------------------------

HTML_CASES = [
    pytest.param("<p>a</p><p>b</p>", "a\n\nb", id="paragraphs"),
    pytest.param("<div>a<div>b</div>c</div>", "a\n\nb\n\nc", id="text around a nested block"),
    pytest.param("a<br/>b<br><br><br>c", "a\nb\n\nc", id="line breaks, runs capped at a blank line"),
    pytest.param("<p>x<sup>12</sup> and 1<sup>er</sup></p>", "x12 and 1er", id="sup call and ordinal"),
    pytest.param("<p>&eacute;&#233;&#xE9; &lt;b&gt;</p>", "ééé <b>", id="entities"),
    pytest.param("<pre>a\n  b</pre>", "a\nb", id="pre keeps its lines"),
    pytest.param("<p>a<style>b</style><script>if (a<b) {}</script>c</p>", "ac", id="style and script dropped"),
    pytest.param("<h2>Title</h2>Body", "Title\n\nBody", id="heading"),
    pytest.param("", "", id="empty"),
]


@pytest.mark.parametrize(("markup", "text"), HTML_CASES)
def test_html_text(markup: str, text: str) -> None:
    assert html_text(markup) == text


def test_deeply_nested_html(tmp_path: Path) -> None:
    depth = 5000
    path = tmp_path / "deep.html"
    path.write_text("<div>" * depth + "<p>The Council decides.</p>" + "</div>" * depth, encoding="utf-8")
    assert read_file(str(path)).text == "The Council decides."


# --- Refusals -----------------------------------------------------------------


GERMAN = (
    "Der Menschenrechtsrat, unter Hinweis auf seine Resolution 24/2 vom 26. September 2013, ersucht das Amt "
    "des Hohen Kommissars, einen Bericht zu erstellen, und beschließt, mit der Angelegenheit befasst zu bleiben."
)


def _truncated_docx() -> bytes:
    data = make_docx()
    return data[: len(data) // 2]


def _zip_without_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


BAD = [
    pytest.param("empty.txt", b"", "empty", id="empty file"),
    pytest.param("blank.md", b" \n\n\t\n", "no text", id="only white space"),
    pytest.param("data.txt", b"SQLite format 3\x00\x10\x00\x01\x01", "binary", id="binary with NUL bytes"),
    pytest.param("control.txt", b"\xe9t\xe9\x01\x02\x03\x04", "binary", id="binary with control bytes"),
    pytest.param("utf16-no-bom.txt", "The Council".encode("utf-16-le"), "UTF-16", id="UTF-16 without BOM"),
    pytest.param("cyrillic.txt", "Совет по правам человека".encode("cp1251"), "UTF-8", id="undecodable Windows-1251"),
    pytest.param("bad-bom.txt", b"\xef\xbb\xbfabc\xff\xfe", "UTF-8 byte-order mark", id="invalid bytes after a UTF-8 BOM"),
    pytest.param("odd.txt", b"\xff\xfea\x00b", "UTF-16", id="UTF-16 BOM with an odd byte count"),
    pytest.param("archive.txt", _zip_without_document(), "ZIP archive", id="zip named txt"),
    pytest.param("truncated.pdf", make_pdf([["The Council decides."]])[:300], "truncated", id="truncated pdf"),
    pytest.param(
        "locked.pdf", encrypt_pdf(make_pdf([["The Council decides."]]), "secret"), "encrypted", id="encrypted pdf"
    ),
    pytest.param("scan.pdf", make_pdf([[], []]), "no text layer", id="pdf without a text layer"),
    pytest.param("fake.pdf", b"The Council decides.", "not a PDF", id="text named pdf"),
    pytest.param(
        "damaged.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nxref garbage\n%%EOF\n", "PDF", id="damaged pdf"
    ),
    pytest.param("fake.docx", b"The Council decides.", "corrupt DOCX", id="text named docx"),
    pytest.param("cut.docx", _truncated_docx(), "corrupt DOCX", id="truncated docx"),
    pytest.param("hollow.docx", _zip_without_document(), "corrupt DOCX", id="docx without a document part"),
    pytest.param("legacy.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "legacy Word", id="OLE file named docx"),
    pytest.param("resolution.doc", b"The Council decides.", "unknown file type", id="unknown suffix"),
    pytest.param("README", b"The Council decides.", "no suffix", id="no suffix"),
    pytest.param("scan.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)), "a PNG image", id="PNG named txt"),
    pytest.param("photo.pdf", b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image", id="JPEG named pdf"),
    pytest.param("bundle.txt", b"\x1f\x8b\x08\x00" + bytes(40), "a gzip archive", id="gzip named txt"),
    pytest.param(
        "letter.txt", b"{\\rtf1\\ansi The Council decides.}", "an RTF document", id="RTF named txt"
    ),
    pytest.param("controls.txt", b"\x1c\x1d\x1e" * 100 + b"The Council", "control bytes", id="mostly control bytes"),
    pytest.param("german.txt", GERMAN.encode(), "not in English, French or Spanish", id="German"),
    pytest.param(
        "japanese.txt",
        "人権理事会は、2013年9月26日の決議24/2を想起し、この問題に引き続き取り組むことを決定する。".encode(),
        "Japanese",
        id="Japanese with kanji",
    ),
    pytest.param("greek.md", "Το Συμβούλιο Ανθρωπίνων Δικαιωμάτων αποφασίζει".encode(), "Greek script", id="Greek"),
]


@pytest.mark.parametrize(("name", "data", "words"), BAD)
def test_bad_input_raises_read_error(tmp_path: Path, name: str, data: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as caught:
        read_file(str(path))
    _check_message(caught.value, str(path), words)


def test_unknown_language_names_the_languages_read(tmp_path: Path) -> None:
    path = tmp_path / "german.txt"
    path.write_text(GERMAN, encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        read_file(str(path))
    assert "kg reads documents in Arabic, Chinese, English, French, Russian and Spanish" in str(caught.value)


def test_text_longer_than_one_document_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.read

    monkeypatch.setattr(kg.read, "MAX_TEXT_CHARS", 104)
    path = tmp_path / "long.txt"
    path.write_text("The Council décides to remain seized of the matter. " * 2, encoding="utf-8")
    assert read_file(str(path)).language == "en"  # 104 characters (106 bytes): at the limit
    path.write_text("The Council décides to remain seized of the matter. " * 3, encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        read_file(str(path))
    _check_message(caught.value, str(path), "156 characters of text, more than the 104")


def test_file_too_large_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.read

    monkeypatch.setattr(kg.read, "MAX_FILE_BYTES", 2**20)
    path = tmp_path / "dump.txt"
    path.write_bytes(b"The Council decides. " * 60_000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("a file over the limit was read"))
    with pytest.raises(ReadError) as caught:
        read_file(str(path))
    _check_message(caught.value, str(path), "more than the 1 MB kg reads")


TOO_SHORT_TO_TELL = [
    pytest.param(b"A/HRC/RES/57/12\n24/2\n", id="a symbol alone"),
    pytest.param(b"x", id="one letter"),
    pytest.param("Der Rat beschließt.".encode(), id="three German words"),
]


@pytest.mark.parametrize("data", TOO_SHORT_TO_TELL)
def test_a_text_too_short_to_tell_its_language_is_read_as_und(tmp_path: Path, data: bytes) -> None:
    # Not refused: it may be a title or a symbol, and the build notes a file
    # with nothing in it; only a text surely in another language is refused.
    path = tmp_path / "short.txt"
    path.write_bytes(data)
    assert read_file(str(path)).language == "und"


def test_read_text_keeps_what_it_cannot_tell() -> None:
    assert read_text("x.txt", GERMAN).language == "und"


def test_missing_file(tmp_path: Path) -> None:
    path = str(tmp_path / "absent.txt")
    with pytest.raises(ReadError) as caught:
        read_file(path)
    _check_message(caught.value, path, "not found")


def test_directory(tmp_path: Path) -> None:
    path = tmp_path / "folder.txt"
    path.mkdir()
    with pytest.raises(ReadError) as caught:
        read_file(str(path))
    _check_message(caught.value, str(path), "directory")


def _check_message(error: ReadError, path: str, words: str) -> None:
    message = str(error)
    assert error.path == path
    assert message.startswith(f"{path}: ")
    assert Path(path).name in message
    assert words in message
    assert "\n" not in message
    assert ";" in message  # what is wrong; what to do


# --- In-memory text and start-up cost ------------------------------------------


def test_read_text() -> None:
    source = read_text("x.md", "Совет по правам человека, ссылаясь на свою резолюцию 24/2", "md")
    assert (source.path, source.format, source.language) == ("x.md", "md", "ru")
    assert source.sha256 == hashlib.sha256(source.text.encode("utf-8")).hexdigest()


def test_read_text_refuses_an_unknown_format() -> None:
    with pytest.raises(ReadError, match="x.rtf: unknown format 'rtf'"):
        read_text("x.rtf", "text", "rtf")


def test_heavy_readers_are_not_imported_at_start() -> None:
    code = "import sys, kg.read; print(sorted(m for m in ('pypdf', 'docx', 'lxml') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def test_corpus_files_read_as_their_decoded_bytes() -> None:
    for path in sorted(p for p in CORPUS.iterdir() if p.suffix in {".txt", ".md"}):
        source = read_file(str(path))
        assert source.text == path.read_bytes().decode("utf-8"), path.name
        assert source.language == ("zh" if ".zh." in path.name else "en"), path.name
