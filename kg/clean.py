"""The clean stage: find page furniture and footnotes without rewriting the text.

Text converted from a UN PDF keeps what the printed page carried besides the
document: running headers and footers (the symbol, the short title, the job
number, "2/6"), barcodes, the rules above footnotes, and the footnote bodies
printed at the foot of each page between two halves of a sentence. This module
only *locates* them: every result is a span of offsets into the text as read,
so later stages can skip furniture and tie a footnote to the place that calls it.

>>> text = "The Assembly,1 decides.\\n_______________\\n1 A/80/88.\\n25-20892\\n2/2\\n"
>>> furniture(text)
((24, 39), (51, 63))
>>> [(n.marker, text[n.start:n.end], n.call) for n in footnotes(text, furniture(text))]
[('1', '1 A/80/88.', 13)]
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from kg.records import Footnote

# --- Page furniture, one line at a time -------------------------------------

# UN job numbers printed in the page footer: "25-20952 (E)", "25-20892",
# "GE.24-19779 (E)   061124 061124" (Geneva adds the print dates), "GE.20-04483(E)";
# Geneva footers also carry the page number before or after it: "2     GE.24-19779".
JOB_NUMBER_LINE = re.compile(
    r"""^[ \t]*
        (?:\d{1,3}[ \t]+)?                 # page number printed before the job number
        (?:GE\.)?\d{2}-\d{5}               # the job number itself
        [ \t]*(?:\([A-Z]\))?               # language of the original: (E)
        (?:[ \t]+\d{6}){0,2}               # Geneva print dates: 061124 061124
        (?:[ \t]+\d{1,3})?                 # page number printed after it
        [ \t]*$""",
    re.VERBOSE,
)

# Barcodes under the job number on New York documents: "*2520948*".
BARCODE_LINE = re.compile(r"^[ \t]*\*\d{5,}\*[ \t]*$")

# Page markers "2/6" (page 2 of 6) standing alone on their line.
PAGE_MARKER_LINE = re.compile(r"^[ \t]*(\d{1,3})/(\d{1,3})[ \t]*$")

# Rules drawn above the footnotes of a page: "_______________" in PDF text,
# "---" in Markdown conversions.
RULE_LINE = re.compile(r"^[ \t]*(?:_{3,}|-{3,}|\*{3,})[ \t]*$")

# A UN document symbol written out: "A/RES/80/195", "A/HRC/WG.6/48/SVN/2".
SYMBOL = re.compile(
    r"""\b(?:A|E|S|CCPR|CEDAW|CAT|CRC|CERD|CESCR|CMW|CRPD|CED|HRI)
        (?:/[A-Za-z0-9.\-]+)*/\d[A-Za-z0-9.\-]*(?:/[A-Za-z0-9.\-]+)*""",
    re.VERBOSE,
)

# The numbered title of a resolution or decision: "80/205. Human rights and
# cultural diversity", "### 57/12. 地方政府与人权". Running headers repeat its text.
TITLE_LINE = re.compile(r"^[ \t#]*(?:[A-Z]-)?\d{1,4}/\d{1,4}\.[ \t]+(\S.*?)[ \t]*$", re.MULTILINE)

# How many lines the masthead spans, and how many of its first filled lines
# may carry the document's own symbol.
MASTHEAD_LINES = 12
MASTHEAD_SYMBOL_LINES = 4

# --- Footnotes ---------------------------------------------------------------

# A footnote body opens its line with its marker: "1 A/80/88." (PDF text),
# "[^1]: See resolution 169 (II)." (Markdown), "<sup>1</sup> [A/HRC/56/32](#)."
# (HTML-flavoured Markdown), or "*" alone for the note on the title.
FOOTNOTE_BODY_LINE = re.compile(
    r"""^(?P<indent>[ \t]*)
        (?:\[\^(?P<md>\d{1,4})\]:
          |<sup>(?P<sup>\d{1,3}|\*)</sup>
          |(?P<plain>\d{1,3}|\*{1,3})(?=[ \t]|$)
        )""",
    re.VERBOSE,
)

# The heading over end notes in Geneva reports ("Notes").
NOTES_HEADING_LINE = re.compile(r"^[ \t]*Notes[ \t]*$")


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the first character of the line
    end: int  # offset of the end of the line, before its newline
    text: str
    indent: int  # leading blanks
    blank: bool
    content: tuple[int, int]  # the span of the line without its leading and trailing blanks


@lru_cache(maxsize=8)
def _lines(text: str) -> tuple[_Line, ...]:
    """The lines of ``text`` with their offsets; the stages that walk lines share one split."""
    lines, start = [], 0
    for raw in text.split("\n"):
        body = raw[:-1] if raw.endswith("\r") else raw
        stripped = body.lstrip()
        indent = len(body) - len(stripped)
        content = (start + indent, start + len(body.rstrip()))
        lines.append(_Line(start, start + len(body), body, indent, not stripped.strip(), content))
        start += len(raw) + 1
    return tuple(lines)


def _squash(s: str) -> str:
    return " ".join(s.split()).strip(" #*")


def furniture(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of page furniture: running headers and footers, job numbers,
    barcodes, page markers and footnote rules; sorted and non-overlapping.

    Consecutive furniture lines with only blank lines between them form one span.

    >>> furniture("A/RES/80/1\\nText,\\n25-20892\\n2/2\\nmore text")
    ((17, 29),)
    """
    if not text:
        return ()
    lines = _lines(text)
    symbol = _own_symbol(lines)
    title = _title(text)
    headers = set()
    if title:
        headers.add(title)
        if symbol:
            headers.update({f"{symbol} {title}", f"{title} {symbol}"})
    title_at = _title_offset(text)

    # Page markers ("2/6") look like a resolution number ("14/105"): they count
    # only beside other furniture, as they are printed in a header or footer.
    strong: dict[int, bool] = {}
    for number, line in enumerate(lines):
        if line.blank:
            continue
        stripped = _squash(line.text)
        if (
            JOB_NUMBER_LINE.match(line.text)
            or BARCODE_LINE.match(line.text)
            or RULE_LINE.match(line.text)
            # the symbol alone again, past the masthead: a running header
            or (symbol and stripped == symbol and number >= MASTHEAD_LINES)
            # the title repeated after the title itself: a running header
            or (stripped in headers and title_at is not None and line.start > title_at)
        ):
            strong[number] = True
        elif _page_marker(line.text):
            strong[number] = False
    filled = [n for n, line in enumerate(lines) if not line.blank]
    flagged = []
    for i, number in enumerate(filled):
        if number not in strong:
            continue
        if not strong[number]:
            neighbours = filled[max(0, i - 2):i] + filled[i + 1:i + 3]
            if not any(strong.get(n) for n in neighbours):
                continue
        flagged.append(lines[number].content)
    return _merge(flagged, text)


def _page_marker(line: str) -> bool:
    match = PAGE_MARKER_LINE.match(line)
    return bool(match) and 0 < int(match.group(1)) <= int(match.group(2))


def _own_symbol(lines: list[_Line]) -> str | None:
    """The symbol in the masthead; "(A/80/L.2/Rev.1)" under the title is a reference."""
    filled = [line for line in lines[:MASTHEAD_LINES] if not line.blank][:MASTHEAD_SYMBOL_LINES]
    for line in filled:
        match = SYMBOL.search(line.text)
        if match:
            return match.group(0)
    return None


def _title(text: str) -> str | None:
    match = TITLE_LINE.search(text)
    return _squash(match.group(1)) if match else None


def _title_offset(text: str) -> int | None:
    match = TITLE_LINE.search(text)
    return match.end() if match else None


def _merge(spans: list[tuple[int, int]], text: str) -> tuple[tuple[int, int], ...]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and not text[merged[-1][1]:start].strip():
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


# --- Footnotes ---------------------------------------------------------------


def footnotes(text: str, furniture_spans=()) -> tuple[Footnote, ...]:
    """Footnote bodies and the offsets of their calls in the running text.

    A body is recognised by its marker at the start of a line, in a footnote
    region (after a rule or a "Notes" heading, up to the next page furniture),
    or, where the rule was lost, when its call has been seen in the text above.
    Numbering runs on through the document, so a marker must be the next number.
    ``call`` is the offset of the call's marker, or None when none is found.

    >>> text = "Recalling the Declaration,[^1]\\n\\n---\\n\\n[^1]: Resolution 217 A (III)."
    >>> [(n.marker, n.start, n.call) for n in footnotes(text)]
    [('1', 37, 26)]
    """
    if not text:
        return ()
    lines = _lines(text)
    furniture_spans = tuple(furniture_spans)
    fstarts = [s for s, _ in furniture_spans]

    def in_furniture(offset: int) -> bool:
        i = bisect_right(fstarts, offset) - 1
        return i >= 0 and furniture_spans[i][0] <= offset < furniture_spans[i][1]

    bodies: list[list] = []  # [marker, start, end, indent, call]
    expected = 1
    in_region = False
    last_call = 0
    current: list | None = None
    blank_seen = True
    for line in lines:
        if line.blank:
            blank_seen = True
            continue
        first = line.content[0]
        if in_furniture(first):
            in_region = bool(RULE_LINE.match(line.text))
            current = None
            blank_seen = True
            continue
        if NOTES_HEADING_LINE.match(line.text):
            in_region, current, blank_seen = True, None, True
            continue
        match = FOOTNOTE_BODY_LINE.match(line.text)
        marker = None
        if match:
            marker = match.group("md") or match.group("sup") or match.group("plain")
            # The first note of an excerpt may have any number; then they run on.
            if marker.isdigit() and bodies and int(marker) != expected:
                marker = None
            elif not marker.isdigit() and (bodies and bodies[-1][0] == marker):
                marker = None
        if marker is not None:
            accepted = in_region or match.group("md") or match.group("sup")
            call = None
            if accepted or blank_seen or current is not None:
                call = _find_call(text, marker, last_call, line.start, in_furniture, bodies)
            if not accepted:
                # No rule above: only a number whose call was read above is a note.
                accepted = call is not None and not _is_paragraph_number(line.text)
            if accepted:
                current = [marker, first, line.content[1], line.indent, call]
                bodies.append(current)
                if call is not None:
                    last_call = call + 1
                if marker.isdigit():
                    expected = int(marker) + 1
                blank_seen = False
                continue
        if current is not None and (not blank_seen or line.indent > current[3]):
            current[2] = line.content[1]  # a continuation line of the body
            blank_seen = False
            continue
        current = None
        in_region = in_region and not blank_seen
        blank_seen = False

    return tuple(
        Footnote(marker=marker, start=start, end=end, call=call)
        for marker, start, end, _, call in bodies
    )


def _is_paragraph_number(line: str) -> bool:
    return bool(re.match(r"^[ \t]*\d{1,3}\.", line))


# Calls, strongest first. {n} stands for the marker.
CALL_PATTERNS = (
    # Markdown and HTML calls: "Nations[^1] are", "报告，<sup>1</sup>"
    (r"(?P<m>\[\^{n}\])(?!:)", r"(?P<m><sup>{n}</sup>)"),
    # A number glued to the word or punctuation it follows: "(2023)1 and",
    # "Questions,2", "Weapons;3", "review.1 It"; the asterisk on a title: "Council*".
    (r"(?<=[A-Za-z\u00C0-\u024F)\]”’\"',;:.]){n}(?![\d/]|[.,]\d)",),
    # A number set off by a space after punctuation or a capitalised word:
    # "Rights, 1 the", "in 2021. 8 The", "Programme of Action 9 and".
    (r"(?<=[,;:.)”’\]])[ \t]{{1,2}}{n}(?=[ \t]*(?:\n|$|[ \t][A-Za-z]))",
     r"(?<=[A-Z][a-z])[a-z]*[ \t]{n}(?=[ \t]{{1,2}}[a-z])"),
    # Glued to a year, as PDF text runs them together: "10 October 19904 or".
    (r"(?<=\b(?:19|20)\d\d){n}(?![\d/])",),
)


@lru_cache(maxsize=512)
def _call_patterns(marker: str) -> tuple[tuple[re.Pattern, ...], ...]:
    n = re.escape(marker)
    groups = []
    for group in CALL_PATTERNS:
        # Each pattern names where the call stands: the whole construct for
        # Markdown and HTML calls, the marker itself otherwise.
        compiled = []
        for p in group:
            source = p.format(n=n) if "(?P<m>" in p else p.format(n=f"(?P<m>{n})")
            compiled.append(re.compile(source))
        groups.append(tuple(compiled))
    return tuple(groups)


def _find_call(text, marker, begin, end, in_furniture, bodies) -> int | None:
    """The first call of ``marker`` in the running text between begin and end."""
    body_spans = [(b[1], b[2]) for b in bodies]
    best = None
    for group in _call_patterns(marker):
        for pattern in group:
            for match in pattern.finditer(text, begin, end):
                at = match.start("m")
                if in_furniture(at):
                    continue
                if any(s <= at < e for s, e in body_spans):
                    continue
                if best is None or at < best:
                    best = at
                break
        if best is not None:
            return best
    return None


# --- Matching helpers shared by the extractors ----------------------------------

# Characters that vary between converters but mean the same when matching:
# non-breaking and soft hyphens, typographic apostrophes, no-break spaces,
# Markdown emphasis stars. Each maps to one character, so offsets are unchanged.
_FOLD = (
    ("\u2010", "-"), ("\u2011", "-"), ("\u2012", "-"), ("\u2013", "-"), ("\u00ad", "-"),
    ("\u2018", "'"), ("\u2019", "'"), ("\u02bc", "'"),
    ("\u00a0", " "), ("\u202f", " "), ("\u3000", " "), ("\x0c", " "),
    ("*", " "),
)


def fold(text: str) -> str:
    """The text with look-alike characters folded, same length, for matching.

    >>> fold("non\\u2011governmental **鼓励**")
    'non-governmental   鼓励  '
    """
    # One str.replace per character runs in C; str.translate with a mapping
    # calls back into Python for every character and is several times slower.
    for old, new in _FOLD:
        if old in text:
            text = text.replace(old, new)
    return text


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff"


def _pieces(term: str) -> list[str]:
    """The regex pieces of a term, one per character or separator, boundaries included."""
    term = fold(term).strip()
    out: list[str] = []
    for i, ch in enumerate(term):
        if ch.isspace():
            if out and out[-1] != r"\s+":
                out.append(r"\s+")
        elif ch == "-":
            out.append(r"-\s*")
        else:
            out.append(re.escape(ch.lower()))
            nxt = term[i + 1] if i + 1 < len(term) else " "
            if (_is_cjk(ch) or _is_cjk(nxt)) and not nxt.isspace():
                out.append(r"\s*")
    if term and _is_arabic(term[0]):
        # Arabic writes the proclitics wa-, bi-, li-, fa-, ka- onto the next word: "والإعلان".
        out.insert(0, r"(?:(?<!\w)|(?<=(?<!\w)[وبلفك]))")
    elif term and term[0].isalnum() and not _is_cjk(term[0]):
        out.insert(0, r"(?<!\w)")
    if term and term[-1].isalnum() and not _is_cjk(term[-1]):
        # a letter may not follow; a digit may, as footnote calls are glued on: "Initiative6"
        out.append(r"(?![^\W\d_])")
    return out


def term_pattern(term: str) -> str:
    """A regex source for a lexicon term, to be compiled with ``re.IGNORECASE``:
    spaces match any run of whitespace (line breaks included), a hyphen may be
    followed by a line-break space ("nuclear- weapon"), and Chinese characters
    may be split by whitespace. Word boundaries guard alphabetic terms; a digit
    may follow a term, since footnote calls are glued to the word they follow.

    >>> import re
    >>> bool(re.search(term_pattern("Calls upon"), "Calls \\nupon States", re.IGNORECASE))
    True
    """
    return "".join(_pieces(term))


def alternation(terms) -> str:
    """One regex for many terms, compiled with ``re.IGNORECASE``: the terms are
    merged into a trie of their pieces so that matching does not try every term
    at every position, and a longer term wins over its prefix ("Notes with
    concern" over "Notes").

    >>> import re
    >>> re.search(alternation(["Notes", "Notes with concern"]), "Notes with concern the", re.IGNORECASE).group(0)
    'Notes with concern'
    """
    trie: dict = {}
    for term in terms:
        if not term.strip():
            continue
        node = trie
        for piece in _pieces(term):
            node = node.setdefault(piece, {})
        node[""] = {}
    return _render(trie)


def _render(node: dict) -> str:
    # A closing word boundary ends a term: try it after every longer continuation.
    order = sorted((p for p in node if p), key=lambda p: (p.startswith("(?!"), p))
    branches = [piece + _render(node[piece]) for piece in order]
    if "" in node:
        branches.append("")  # the term may end here: tried after every longer one
    if not branches:
        return ""
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def term_key(term: str) -> str:
    """The lookup key of a matched term: folded, lowercased, whitespace as
    written in the table (single spaces, none beside Chinese characters).

    >>> term_key("2030 年可持续发展议程"), term_key("Calls \\nupon"), term_key("nuclear- weapon")
    ('2030年可持续发展议程', 'calls upon', 'nuclear-weapon')
    """
    words = fold(term).lower().replace("- ", "-").split()
    out = ""
    for word in words:
        if out and not (_is_cjk(out[-1]) or _is_cjk(word[0])):
            out += " "
        out += word
    return out
