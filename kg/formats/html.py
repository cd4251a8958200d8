"""HTML bytes to text: blocks separated by a blank line, scripts and styles dropped.

The parser is event-driven, so nesting depth costs nothing: a page of a
hundred thousand nested ``<div>`` reads like a flat one.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from kg.formats import plain

# <meta charset="..."> or <meta ... content="text/html; charset=..."> or an
# XML declaration's encoding="...", in the first bytes of an HTML file.
DECLARED_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
CHARSET_SNIFF_BYTES = 2048

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


def read(data: bytes) -> str:
    """The text of an HTML file, decoded as it declares or as plain text would be."""
    match = DECLARED_CHARSET.search(data[:CHARSET_SNIFF_BYTES])
    declared = match.group(1).decode("ascii") if match else None
    return html_text(plain.read(data, declared))


def html_text(markup: str) -> str:
    """Plain text of an HTML document: blocks separated by a blank line.

    Scripts and styles are dropped, entities decoded, ``<br>`` kept as a line
    break, table cells separated by a tab, and footnote calls in ``<sup>`` kept
    as their digits.

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
