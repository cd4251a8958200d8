"""The segment stage: header facts, paragraphs and sub-paragraphs, with offsets.

A resolution or decision reads: a header block (symbol, body, session, agenda
item, title), the body that acts ("The General Assembly,"), preambular
paragraphs, numbered operative paragraphs with lettered sub-paragraphs, and an
adoption block (meeting, date, vote). A report numbers its paragraphs under
headings. Segmentation works line by line on the text as read, skipping page
furniture and footnote bodies found by ``kg.clean``; every paragraph is a span
of the original text. This module finds the paragraphs; what the header and
the adoption block say is read by ``kg.header``.

>>> from kg.records import Source
>>> s = segment(Source("x.txt", "The Council,\\n\\nRecalling its resolutions,\\n\\n1. Decides to remain seized of the matter.", "en", "txt", ""))
>>> [(p.id, p.kind) for p in s.paragraphs]
[('pp1', 'preambular'), ('op1', 'operative')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kg.clean import NOTES_HEADING_LINE, footnotes, furniture
from kg.clean import _lines as split_lines
from kg.header import adoption, document_info, header_words, is_adoption
from kg.lexicon import TableError, by_language
from kg.records import Paragraph, Segmentation, Source
from kg.terms import alternation, fold

# "1. Decides", "1.\nReaffirms", "10. **请**": an operative paragraph number.
OPERATIVE_NUMBER = re.compile(r"^[ \t]*(\d{1,3})\.(?=\s|\*|$)")

# "(a) The State of Palestine may": a lettered sub-paragraph.
SUBPARAGRAPH_LETTER = re.compile(r"^[ \t]*\(([a-z]{1,2})\)(?=[ \t]|$)")

# What ends a paragraph, once a footnote call after it is set aside: a comma
# (preambular), a semicolon, colon or full stop (operative), in Latin, Chinese
# or Arabic punctuation.
PARAGRAPH_END = re.compile(
    r"""[,;:.，；：。،؛](?:[”"’)\]]*)        # the punctuation, perhaps inside a quote
        [ \t]*(?:\d{1,3}|\[\^\d+\]|<sup>\d+</sup>|\*)?  # a footnote call after it
        [ \t]*$""",
    re.VERBOSE,
)

# The characters PARAGRAPH_END may end on, besides the digits of a call.
PARAGRAPH_END_LAST = ",;:.，；：。،؛”\"’)]>*"

# A line that may open a paragraph: anything but a lowercase letter, which
# continues the paragraph above across a page break.
PARAGRAPH_START = re.compile(r"^[ \t]*(?![a-zß-öø-ÿ\u0430-\u045F])\S")

# The report paragraph number "12.     The same Committee".
REPORT_NUMBER = re.compile(r"^[ \t]*(\d{1,3})\.[ \t]+\S")

# A one-line unit naming the body that acts: "The General Assembly,", "人权理事会，".
OPENER_MAX = 80

# A line ending with a comma: the body that acts, "The Human Rights Council,".
COMMA_END = re.compile(r"[,，،]\s*$")

# "1." alone on its line: the verb follows on the next.
NUMBER_ALONE = re.compile(r"\s*\d{1,3}\.\s*")


@dataclass
class _Unit:
    """A run of running-text lines that may be one paragraph."""

    start: int
    end: int
    indent: int
    lines: list[int] = field(default_factory=list)


def segment(source: Source) -> Segmentation:
    """Header facts, paragraphs, footnotes and furniture of one document.

    Never raises on unfamiliar input: an empty text or a language without
    table rows gives an empty segmentation with what could be read.
    """
    text = source.text or ""
    language = source.language
    spans = furniture(text)
    notes = footnotes(text, spans)
    units = _units(text, spans, notes)
    opener = _opener_index(text, units, header_words(language))
    header_end = units[opener].start if opener is not None else len(text)
    info = document_info(text, language, units, opener, header_end)
    if opener is not None:
        paragraphs, body_end = _resolution_paragraphs(text, language, units[opener + 1:])
        info = adoption(text, language, info, body_end)
    elif info.kind in {"compilation", "summary", "report"}:
        paragraphs = _report_paragraphs(text, units)
    else:
        paragraphs = ()
    return Segmentation(document=info, paragraphs=paragraphs, footnotes=notes, furniture=spans)


# --- Units: runs of running text -------------------------------------------------


def _units(text: str, spans, notes) -> list[_Unit]:
    skipped = sorted(list(spans) + [(n.start, n.end) for n in notes])
    lines = split_lines(text)
    units: list[_Unit] = []
    gap = True
    si = 0
    previous = None
    in_header = True  # until the line naming the body that acts
    opener_line = None
    for number, line in enumerate(lines):
        while si < len(skipped) and skipped[si][1] <= line.start:
            si += 1
        lo, hi = line.content
        if line.blank or (si < len(skipped) and skipped[si][0] <= lo < skipped[si][1]):
            gap = True
            continue
        after_opener = previous is not None and previous is opener_line
        if not units or (gap and in_header) or after_opener or _starts_unit(text, line, previous, units[-1], gap):
            units.append(_Unit(lo, hi, line.indent, [number]))
        else:
            units[-1].end = hi
            units[-1].lines.append(number)
        if in_header and _opener_like(text, lo, hi):
            in_header, opener_line = False, line
        previous = line
        gap = False
    return units


def _opener_like(text: str, lo: int, hi: int) -> bool:
    """Whether the line whose visible characters are ``text[lo:hi]`` may name the
    body that acts: short, ending with a comma, not numbered."""
    return hi - lo <= OPENER_MAX and text[hi - 1] in ",，،" and not text[lo].isdigit()


def _starts_unit(text, line, previous, unit, gap) -> bool:
    # A unit runs from a line's first to a line's last visible character: "1." is two to four long.
    if unit.end - unit.start <= 4 and NUMBER_ALONE.fullmatch(text, unit.start, unit.end):
        return False  # "1." alone on its line: the verb follows on the next
    ended = _ends_paragraph(previous.text) if previous else True
    if gap:
        return ended and (bool(PARAGRAPH_START.match(line.text)) or _numbered(line))
    # No blank line: a new paragraph shows by its number or by a first-line indent.
    indented = line.indent > previous.indent + 2
    if indented and COMMA_END.search(line.text) and len(line.text.strip()) <= OPENER_MAX:
        return True  # "The Human Rights Council," under an unpunctuated title
    return ended and (indented or _numbered(line))


def _numbered(line) -> bool:
    """Whether a line opens with an operative number ("1.") or a sub-paragraph letter ("(a)")."""
    head = line.text[line.indent]  # the first visible character: the number's digit or the bracket
    if head.isdecimal():
        return bool(OPERATIVE_NUMBER.match(line.text))
    return head == "(" and bool(SUBPARAGRAPH_LETTER.match(line.text))


def _ends_paragraph(line: str) -> bool:
    """Whether a line ends as a paragraph does (``PARAGRAPH_END``)."""
    # The pattern ends on its punctuation, a closing quote or bracket, or a
    # footnote call: a line ending on another character is not searched.
    last = line.rstrip(" \t")[-1:]
    if not last or not (last in PARAGRAPH_END_LAST or last.isdecimal()):
        return False
    return bool(PARAGRAPH_END.search(line))


# --- The body that acts ------------------------------------------------------


def _opener_index(text, units, words) -> int | None:
    bodies = _pattern_for_bodies(
        tuple(sorted(words.get("body-hrc", ()) + words.get("body-ga", ()) + words.get("body-any", ())))
    )
    if bodies is None:
        return None
    for i, unit in enumerate(units):
        # A unit runs between visible characters; folding turns only "*" among
        # them into a space: a long unit not opening or closing with one stays long.
        if unit.end - unit.start > OPENER_MAX and text[unit.start] != "*" and text[unit.end - 1] != "*":
            continue
        chunk = fold(text[unit.start:unit.end]).strip()
        if len(chunk) <= OPENER_MAX and COMMA_END.search(chunk) and bodies.search(chunk):
            return i
    return None


@lru_cache(maxsize=None)
def _pattern_for_bodies(terms: tuple[str, ...]) -> re.Pattern | None:
    return re.compile(alternation(terms), re.IGNORECASE) if terms else None


# --- Paragraphs of a resolution or decision ------------------------------------


def _resolution_paragraphs(text, language, units) -> tuple[tuple[Paragraph, ...], tuple[int, int]]:
    body: list[_Unit] = []
    adoption_end = None
    for unit in units:
        if body and is_adoption(fold(text[unit.start:unit.end]), language):
            adoption_end = unit.end
        elif adoption_end is not None:
            break
        else:
            body.append(unit)
    body_end = body[-1].end if body else (units[0].start if units else len(text))
    numbered = any(OPERATIVE_NUMBER.match(text[u.start:u.end]) for u in body)
    operative_verbs = _operative_opener(language)

    paragraphs: list[Paragraph] = []
    pp = 0
    current_op: Paragraph | None = None
    subs: list[Paragraph] = []
    ops: list[tuple[Paragraph, list[Paragraph]]] = []
    unnumbered_ops = 0
    for unit in body:
        chunk = text[unit.start:unit.end]
        number = OPERATIVE_NUMBER.match(chunk)
        letter = SUBPARAGRAPH_LETTER.match(chunk)
        if number:
            current_op = Paragraph(id=f"op{number.group(1)}", kind="operative",
                                   number=int(number.group(1)), start=unit.start, end=unit.end)
            subs = []
            ops.append((current_op, subs))
        elif letter and current_op is not None and _next_letter(subs) == letter.group(1):
            subs.append(Paragraph(id=f"{current_op.id}.{letter.group(1)}", kind="subparagraph",
                                  number=None, start=unit.start, end=unit.end, parent=current_op.id))
        elif current_op is not None or ops:
            _extend_last(paragraphs, ops, unit.end)  # a continuation after a page break
        elif not numbered and operative_verbs.match(fold(chunk)):
            unnumbered_ops += 1
            current_op = Paragraph(id=f"op{unnumbered_ops}", kind="operative",
                                   number=unnumbered_ops, start=unit.start, end=unit.end)
            subs = []
            ops.append((current_op, subs))
        elif letter and paragraphs:
            _extend_last(paragraphs, ops, unit.end)
        else:
            pp += 1
            paragraphs.append(Paragraph(id=f"pp{pp}", kind="preambular", number=pp,
                                        start=unit.start, end=unit.end))
    for op, op_subs in ops:
        end = max([op.end] + [s.end for s in op_subs])
        paragraphs.append(Paragraph(id=op.id, kind=op.kind, number=op.number, start=op.start, end=end))
        paragraphs.extend(op_subs)
    return tuple(paragraphs), (body_end, adoption_end or body_end)


def _extend_last(paragraphs, ops, end) -> None:
    """Stretch the last paragraph (or sub-paragraph) over a continuation."""
    if ops:
        op, subs = ops[-1]
        if subs:
            subs[-1] = replace(subs[-1], end=end)
        else:
            ops[-1] = (replace(op, end=end), subs)
    elif paragraphs:
        paragraphs[-1] = replace(paragraphs[-1], end=end)


def _next_letter(subs) -> str:
    if not subs:
        return "a"
    last = subs[-1].id.rsplit(".", 1)[1]
    return chr(ord(last[-1]) + 1) if len(last) == 1 and last != "z" else "zz"


@lru_cache(maxsize=None)
def _operative_opener(language: str) -> re.Pattern:
    """Operative verbs at the start of a paragraph, for decisions that do not number them."""
    try:
        rows = by_language("verbs", language)
    except TableError:
        rows = ()
    operative = {r["term"] for r in rows if r.get("kind") == "operative"}
    preambular = {r["term"] for r in rows if r.get("kind") == "preambular"}
    modifiers = {r["term"] for r in rows if r.get("kind") == "modifier"}
    if not operative:
        return re.compile(r"(?!)")
    # A term that opens preambular paragraphs too ("回顾") does not make a paragraph operative.
    terms = operative - preambular
    mods = alternation(modifiers)
    lead = rf"^\s*(?:(?:{mods})\s*)*" if mods else r"^\s*"
    return re.compile(lead + f"(?:{alternation(terms)})", re.IGNORECASE)


# --- Paragraphs of a report -----------------------------------------------------


def _report_paragraphs(text, units) -> tuple[Paragraph, ...]:
    lines = split_lines(text)
    starts: list[tuple[int, int]] = []  # (number, line index)
    expected = 1
    notes_at = len(lines)
    for i, line in enumerate(lines):
        if line.blank:
            continue
        head = line.text[line.indent]  # the heading starts with "N", a number with its digit
        if head == "N" and NOTES_HEADING_LINE.match(line.text):
            notes_at = i
            break
        match = REPORT_NUMBER.match(line.text) if head.isdecimal() else None
        if match and int(match.group(1)) == expected:
            starts.append((expected, i))
            expected += 1
    covered = _covered_lines(units)
    paragraphs = []
    for k, (number, i) in enumerate(starts):
        stop = starts[k + 1][1] if k + 1 < len(starts) else notes_at
        last = _last_paragraph_line(lines, covered, i, stop)
        start = lines[i].content[0]
        end = lines[last].content[1]
        paragraphs.append(Paragraph(id=f"p{number}", kind="paragraph", number=number, start=start, end=end))
    return tuple(paragraphs)


def _covered_lines(units) -> set[int]:
    return {n for u in units for n in u.lines}


def _last_paragraph_line(lines, covered, first: int, stop: int) -> int:
    """The last line of a report paragraph, headings before the next one set aside.

    A heading is a block of lines after a blank line none of which ends with
    punctuation or a footnote call: "II. Scope of international obligations".
    """
    j = stop - 1
    while j > first:
        while j > first and j not in covered:
            j -= 1
        b = j
        while b - 1 > first and (b - 1) in covered:
            b -= 1
        block = [lines[n].text.strip() for n in range(b, j + 1)]
        if b > first and not any(_ends_paragraph(t) or t[-1:].isdecimal() for t in block):
            j = b - 1
            continue
        break
    return max(j, first)

