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
from functools import lru_cache
from typing import NamedTuple

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

# The first characters, digits aside, that a footnote marker starts with.
MARKER_HEADS = "[<*"

# The heading over end notes in Geneva reports ("Notes").
NOTES_HEADING_LINE = re.compile(r"^[ \t]*Notes[ \t]*$")


class _Line(NamedTuple):
    # A named tuple rather than a frozen dataclass: a document has thousands of
    # lines, and a tuple is built several times faster.
    start: int  # offset of the first character of the line
    end: int  # offset of the end of the line, before its newline
    text: str
    indent: int  # leading blanks
    blank: bool
    content: tuple[int, int]  # the span of the line without its leading and trailing blanks


@lru_cache(maxsize=8)
def _lines(text: str) -> tuple[_Line, ...]:
    """The lines of ``text`` with their offsets; the stages that walk lines share one split."""
    lines = []
    append = lines.append
    make = tuple.__new__  # builds the named tuple without a call through its __new__
    start = 0
    crlf = "\r" in text
    for raw in text.split("\n"):
        body = raw[:-1] if crlf and raw.endswith("\r") else raw
        stripped = body.lstrip()
        indent = len(body) - len(stripped)
        if stripped:
            content = (start + indent, start + indent + len(stripped.rstrip()))
            append(make(_Line, (start, start + len(body), body, indent, False, content)))
        else:
            append(make(_Line, (start, start + len(body), body, indent, True, (start + indent, start))))
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
    # The title is the first line TITLE_LINE matches, found on the way: no line
    # before it, nor its own, can repeat it. Every word of a squashed line
    # stands in the line as written: a line that lacks the symbol, or the
    # title's first word, cannot repeat them, and is not squashed.
    title_at = None  # where the title ends, once found
    title_word = None
    headers: set[str] = set()

    # Page markers ("2/6") look like a resolution number ("14/105"): they count
    # only beside other furniture, as they are printed in a header or footer.
    strong: dict[int, bool] = {}
    filled: list[int] = []
    for number, line in enumerate(lines):
        if line.blank:
            continue
        filled.append(number)
        written = line.text
        head = written[line.indent]  # the first character the line patterns can start with
        if title_at is None and (head == "#" or head.isdecimal() or "A" <= head <= "Z") and "/" in written:
            match = TITLE_LINE.match(text, line.start)
            if match:
                title_at = match.end()
                title = _squash(match.group(1))
                if title:
                    headers.add(title)
                    if symbol:
                        headers.update({f"{symbol} {title}", f"{title} {symbol}"})
                    title_word = title.split()[0]
        if _furniture_line(written, head):
            strong[number] = True
        elif (
            # the symbol alone again, past the masthead: a running header
            (symbol and number >= MASTHEAD_LINES and symbol in written and _squash(written) == symbol)
            # the title repeated after the title itself: a running header
            or (title_word and line.start > title_at and title_word in written and _squash(written) in headers)
        ):
            strong[number] = True
        elif head.isdecimal() and _page_marker(written):
            strong[number] = False
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


def _furniture_line(line: str, head: str) -> bool:
    """Whether a line is a job number, a barcode or a footnote rule; ``head``
    is its first visible character, which each of them starts with."""
    if head.isdecimal() or head == "G":
        return bool(JOB_NUMBER_LINE.match(line))  # "25-20952 (E)", "GE.24-19779"
    if head == "*":
        return bool(BARCODE_LINE.match(line) or RULE_LINE.match(line))  # "*2520948*", "***"
    if head == "_" or head == "-":
        return bool(RULE_LINE.match(line))
    return False


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

    openings = None  # those of CALL_OPENINGS the text holds, looked for at the first marker
    bodies: list[list] = []  # [marker, start, end, indent, call]
    expected = 1
    in_region = False
    last_call = 0
    current: list | None = None
    blank_seen = True
    # Lines come in text order: the furniture span that may hold each is
    # found by walking along the spans, as in_furniture would find it.
    span = -1
    for line in lines:
        if line.blank:
            blank_seen = True
            continue
        first = line.content[0]
        while span + 1 < len(fstarts) and fstarts[span + 1] <= first:
            span += 1
        if span >= 0 and first < furniture_spans[span][1]:
            in_region = bool(RULE_LINE.match(line.text))
            current = None
            blank_seen = True
            continue
        head = line.text[line.indent]  # a heading or a marker starts with it
        if head == "N" and NOTES_HEADING_LINE.match(line.text):
            in_region, current, blank_seen = True, None, True
            continue
        match = FOOTNOTE_BODY_LINE.match(line.text) if head.isdecimal() or head in MARKER_HEADS else None
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
                if openings is None:
                    openings = {opening for opening in CALL_OPENINGS if opening in text}
                call = _find_call(text, marker, last_call, line.start, in_furniture, bodies, openings)
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


# Calls, strongest first. {m} stands for the marker where the call stands
# (group "m"), {n} for the marker again inside a look-behind.
#
# Every pattern starts with the text in its first column ({marker}: the marker
# as written), so a region without that text is not searched, and a search
# starts where it first stands. What must stand before the marker is a
# look-behind written after it ("1, preceded by a comma and a space"): the
# regex engine then skips along the text to the marker's characters, where a
# pattern opening with a look-behind is tried at every position of the text.
# Where what stands before the marker runs over a variable length ("Programme
# of Action 9": a capitalised word of any length), the last column names the
# check that finds where the construct starts; a construct must start inside
# the region searched, as the match of a pattern that consumed it would.
CALL_PATTERNS = (
    # Markdown and HTML calls: "Nations[^1] are", "报告，<sup>1</sup>"
    (("[^{marker}]", r"(?P<m>\[\^{n}\])(?!:)", None),
     ("<sup>{marker}</sup>", r"(?P<m><sup>{n}</sup>)", None)),
    # A number glued to the word or punctuation it follows: "(2023)1 and",
    # "Questions,2", "Weapons;3", "review.1 It"; the asterisk on a title: "Council*".
    (("{marker}", r"{m}(?<=[A-Za-z\u00C0-\u024F)\]”’\"',;:.]{n})(?![\d/]|[.,]\d)", None),),
    # A number set off by one or two blanks after punctuation, or by one blank
    # after a capitalised word: "Rights, 1 the", "in 2021. 8 The",
    # "Programme of Action 9 and".
    (("{marker}", r"{m}(?:(?<=[,;:.)”’\]][ \t]{n})|(?<=[,;:.)”’\]][ \t]{{2}}{n}))(?=[ \t]*(?:\n|$|[ \t][A-Za-z]))",
      "blanks"),
     ("{marker}", r"{m}(?<=[a-z][ \t]{n})(?=[ \t]{{1,2}}[a-z])", "capitalised")),
    # Glued to a year, as PDF text runs them together: "10 October 19904 or".
    (("{marker}", r"{m}(?<=\b(?:19|20)\d\d{n})(?![\d/])", None),),
)


def _blanks_start(text: str, at: int) -> int | None:
    """Where the blanks before a spaced call start: one or two before the marker."""
    return at - 2 if text[at - 2] in " \t" else at - 1


def _capitalised_start(text: str, at: int) -> int | None:
    """Where a call after a capitalised word starts, just after the word's capital
    ("Action 9": at "ction"); None when the word before is not capitalised."""
    first = at - 2  # the word's last letter, lowercase as the look-behind saw
    while first > 0 and "a" <= text[first - 1] <= "z":
        first -= 1
    return first + 1 if first >= 1 and "A" <= text[first - 1] <= "Z" else None


_CALL_STARTS = {"blanks": _blanks_start, "capitalised": _capitalised_start}

# What the calls of each pattern open with before the marker ("[^", "<sup>"):
# a document without it (plain text from a PDF) is not searched for them.
CALL_OPENINGS = tuple(sorted({lead.partition("{marker}")[0] for group in CALL_PATTERNS for lead, _, _ in group} - {""}))


@lru_cache(maxsize=512)
def _call_patterns(marker: str) -> tuple[tuple[tuple[str, str, re.Pattern, object], ...], ...]:
    n = re.escape(marker)
    groups = []
    for group in CALL_PATTERNS:
        # Each pattern names where the call stands: the whole construct for
        # Markdown and HTML calls, the marker itself otherwise.
        compiled = []
        for lead, source, check in group:
            pattern = re.compile(source.format(n=n, m=f"(?P<m>{n})"))
            opening = lead.partition("{marker}")[0]
            compiled.append((opening, lead.format(marker=marker), pattern, _CALL_STARTS[check] if check else None))
        groups.append(tuple(compiled))
    return tuple(groups)


def _find_call(text, marker, begin, end, in_furniture, bodies, openings) -> int | None:
    """The first call of ``marker`` in the running text between begin and end.

    ``bodies`` are the footnote bodies found so far, in text order, as lists
    [marker, start, end, ...]: a call is never inside one. ``openings`` are
    those of ``CALL_OPENINGS`` that the text holds.
    """
    best = None
    for group in _call_patterns(marker):
        for opening, lead, pattern, construct_start in group:
            if opening and opening not in openings:
                continue
            first = text.find(lead, begin, end)
            if first < 0:
                continue
            for match in pattern.finditer(text, first, end):
                at = match.start("m")
                if construct_start is not None:
                    start = construct_start(text, at)
                    if start is None or start < begin:
                        continue
                if in_furniture(at):
                    continue
                i = bisect_right(bodies, at, key=_body_start) - 1
                if i >= 0 and bodies[i][1] <= at < bodies[i][2]:
                    continue
                if best is None or at < best:
                    best = at
                break
        if best is not None:
            return best
    return None


def _body_start(body: list) -> int:
    return body[1]
