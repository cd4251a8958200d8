"""The segment stage: header facts, paragraphs and sub-paragraphs, with offsets.

A resolution or decision reads: a header block (symbol, body, session, agenda
item, title), the body that acts ("The General Assembly,"), preambular
paragraphs, numbered operative paragraphs with lettered sub-paragraphs, and an
adoption block (meeting, date, vote). A report numbers its paragraphs under
headings. Segmentation works line by line on the text as read, skipping page
furniture and footnote bodies found by ``kg.clean``; every paragraph is a span
of the original text.

>>> from kg.records import Source
>>> s = segment(Source("x.txt", "The Council,\\n\\nRecalling its resolutions,\\n\\n1. Decides to remain seized of the matter.", "en", "txt", ""))
>>> [(p.id, p.kind) for p in s.paragraphs]
[('pp1', 'preambular'), ('op1', 'operative')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kg.clean import MASTHEAD_LINES, MASTHEAD_SYMBOL_LINES, SYMBOL, alternation, fold, footnotes, furniture, term_pattern
from kg.clean import _lines as split_lines
from kg.lexicon import TableError, by_language
from kg.numbering import find_date, ordinal_source, ordinal_value
from kg.records import DocumentInfo, Paragraph, Segmentation, Source

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

# A line that may open a paragraph: anything but a lowercase letter, which
# continues the paragraph above across a page break.
PARAGRAPH_START = re.compile(r"^[ \t]*(?![a-zß-öø-ÿ\u0430-\u045F])\S")

# The report paragraph number "12.     The same Committee".
REPORT_NUMBER = re.compile(r"^[ \t]*(\d{1,3})\.[ \t]+\S")

# A date written with digits and a month word: "19 September 2025",
# "2024 年 10 月 10 日", "10 de octubre de 2024", "10 октября 2024 года".

# An ordinal number written with digits before "meeting": "22nd", "47e", "47ª", "47-е".
NUMBER_WITH_SUFFIX = r"(?P<n>\d{1,4})(?:st|nd|rd|th|e|er|ème|ª|a|o|º|-?е|-?я|-?го)?"

# The figures of a recorded vote: "by a recorded vote of 30 to 2, with 15 abstentions".
VOTE_FIGURES = re.compile(r"(\d{1,3})\D{1,40}?(\d{1,3})(?:\D{1,40}?(\d{1,3}))?")

# The agenda item number after its label: "Agenda item 71 (b)", "议程项目3".
AGENDA_NUMBER = r"\s*(?P<item>\d{1,3}(?:\s*\([a-z]\))?)"

# A one-line unit naming the body that acts: "The General Assembly,", "人权理事会，".
OPENER_MAX = 80


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
    words = _header_words(language)
    opener = _opener_index(text, units, words)
    header_end = units[opener].start if opener is not None else len(text)
    info = _document_info(text, language, words, units, opener, header_end)
    if opener is not None:
        paragraphs, body_end = _resolution_paragraphs(text, language, units[opener + 1:], words)
        info = _adoption(text, language, words, info, body_end)
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
        if in_header and _opener_like(line.text):
            in_header, opener_line = False, line
        previous = line
        gap = False
    return units


def _opener_like(line: str) -> bool:
    squashed = line.strip()
    return len(squashed) <= OPENER_MAX and bool(re.search(r"[,，،]$", squashed)) and not squashed[:1].isdigit()


def _starts_unit(text, line, previous, unit, gap) -> bool:
    before = text[unit.start:unit.end]
    if re.fullmatch(r"\s*\d{1,3}\.\s*", before):
        return False  # "1." alone on its line: the verb follows on the next
    numbered = bool(OPERATIVE_NUMBER.match(line.text) or SUBPARAGRAPH_LETTER.match(line.text))
    ended = bool(PARAGRAPH_END.search(previous.text)) if previous else True
    if gap:
        return ended and bool(PARAGRAPH_START.match(line.text)) or (numbered and ended)
    # No blank line: a new paragraph shows by its number or by a first-line indent.
    indented = line.indent > previous.indent + 2
    if indented and re.search(r"[,，،]\s*$", line.text) and len(line.text.strip()) <= OPENER_MAX:
        return True  # "The Human Rights Council," under an unpunctuated title
    return ended and (numbered or indented)


# --- Header -------------------------------------------------------------------


@lru_cache(maxsize=None)
def _header_words(language: str) -> dict[str, tuple[str, ...]]:
    words: dict[str, list[str]] = {}
    try:
        rows = by_language("header_words", language)
    except TableError:
        rows = ()
    for row in rows:
        words.setdefault(row["id"], []).append(row["term"])
    return {k: tuple(v) for k, v in words.items()}


@lru_cache(maxsize=None)
def _pattern(language: str, key: str) -> re.Pattern | None:
    terms = _header_words(language).get(key)
    if not terms:
        return None
    return re.compile(alternation(terms), re.IGNORECASE)


def header_pattern(language: str, key: str) -> re.Pattern | None:
    """The compiled alternation of one header_words.tsv id ("body-hrc", "vote-without")."""
    return _pattern(language, key)


def session_pattern(language: str) -> re.Pattern | None:
    """Session phrases of a language ("at its sixty-third session", "第六十三届会议");
    the ordinal word is the one group that matched (``ordinal0``, ``ordinal1``...)."""
    return _session_pattern(language)


def _opener_index(text, units, words) -> int | None:
    bodies = _pattern_for_bodies(
        tuple(sorted(words.get("body-hrc", ()) + words.get("body-ga", ()) + words.get("body-any", ())))
    )
    if bodies is None:
        return None
    for i, unit in enumerate(units):
        chunk = fold(text[unit.start:unit.end]).strip()
        if len(chunk) <= OPENER_MAX and re.search(r"[,，،]\s*$", chunk) and bodies.search(chunk):
            return i
    return None


@lru_cache(maxsize=None)
def _pattern_for_bodies(terms: tuple[str, ...]) -> re.Pattern | None:
    return re.compile(alternation(terms), re.IGNORECASE) if terms else None


def _document_info(text, language, words, units, opener, header_end) -> DocumentInfo:
    header = fold(text[:header_end])
    title_number, title = _title(text, units, opener)
    body = _body(header, language)
    if body is None and opener is not None:
        # No header (an excerpt, a draft pasted in): the body that acts says it.
        body = _body(fold(text[units[opener].start:units[opener].end]), language)
    kind = _kind(header, language)
    symbol = _own_symbol(text)
    if symbol:
        if "/HRC/" in symbol:
            body = "HRC"
        elif symbol.startswith(("A/RES/", "A/DEC/")):
            body = body or "GA"
        if "/RES/" in symbol:
            kind = "resolution"
        elif "/DEC/" in symbol:
            kind = "decision"
    elif title_number and body and kind in {"resolution", "decision"}:
        symbol = _derived_symbol(title_number, body, kind)
    session = _session(header, language)
    if session is None and symbol:
        match = re.search(r"/(?:RES/|DEC/|WG\.6/)?(\d{1,3})/", symbol)
        session = int(match.group(1)) if match else None
    if kind in {"compilation", "summary", "report"} and title is None:
        title = _kind_unit_text(text, units, language, kind)
    return DocumentInfo(
        symbol=symbol,
        language=language,
        kind=kind,
        body=body,
        session=session,
        title=title,
        adopted=_adopted_in_header(header, language),
        agenda_item=_agenda_item(header, language),
    )


def _own_symbol(text: str) -> str | None:
    # The symbol is printed in the masthead; "(A/80/L.2/Rev.1)" under the title is a reference.
    filled = [line for line in split_lines(text)[:MASTHEAD_LINES] if not line.blank][:MASTHEAD_SYMBOL_LINES]
    for line in filled:
        match = SYMBOL.search(line.text)
        if match:
            return re.sub(r"\s+", "", match.group(0))
    return None


def _derived_symbol(number: str, body: str, kind: str) -> str:
    part = {"resolution": "RES", "decision": "DEC"}[kind]
    return f"A/HRC/{part}/{number}" if body == "HRC" else f"A/{part}/{number}"


def _title(text, units, opener) -> tuple[str | None, str | None]:
    """The number and title of a resolution: "80/1. Participation by ..."."""
    last = opener if opener is not None else min(len(units), 20)
    for i in range(last):
        chunk = text[units[i].start:units[i].end]
        match = re.match(r"^[#\s]*((?:[A-Z]-)?\d{1,4}/\d{1,4})\.?(?:\s+(.*))?$", chunk, re.DOTALL)
        if match:
            rest = " ".join((match.group(2) or "").split())
            if not rest and i + 1 < last:
                rest = " ".join(text[units[i + 1].start:units[i + 1].end].split())
            return match.group(1), rest.strip("# ") or None
    return None, None


def _body(header: str, language: str) -> str | None:
    for key, code in (("body-hrc", "HRC"), ("body-ga", "GA")):
        pattern = _pattern(language, key)
        if pattern and pattern.search(header):
            return code
    return None


def _kind(header: str, language: str) -> str | None:
    for key in ("kind-resolution", "kind-decision", "kind-compilation", "kind-summary", "kind-report"):
        pattern = _pattern(language, key)
        if pattern and pattern.search(header):
            return key.split("-", 1)[1]
    return None


def _kind_unit_text(text, units, language, kind) -> str | None:
    pattern = _pattern(language, f"kind-{kind}")
    for unit in units[:20]:
        chunk = text[unit.start:unit.end]
        if pattern and pattern.search(fold(chunk)):
            return " ".join(chunk.split())
    return None


@lru_cache(maxsize=None)
def _session_pattern(language: str) -> re.Pattern | None:
    templates = _header_words(language).get("session")
    ordinal = ordinal_source(language)
    if not templates or not ordinal:
        return None
    sources = []
    for n, template in enumerate(templates):
        before, _, after = template.partition("{ordinal}")
        parts = [term_pattern(before) if before.strip() else "", f"(?P<ordinal{n}>{ordinal})"]
        if after.strip():
            parts.append(r"\s*" + term_pattern(after))
        sep = r"\s*" if before.strip() else ""
        sources.append(parts[0] + sep + "".join(parts[1:]))
    return re.compile("|".join(f"(?:{s})" for s in sources), re.IGNORECASE)


def session_number(text: str, language: str) -> tuple[int, int, int] | None:
    """The first session named in ``text``: (number, start, end), or None.

    >>> session_number("submit it at its eighty-first session", "en")
    (81, 17, 37)
    """
    pattern = _session_pattern(language)
    if pattern is None:
        return None
    for match in pattern.finditer(fold(text)):
        word = next((g for g in match.groups() if g), None)
        value = ordinal_value(word, language) if word else None
        if value is not None:
            return value, match.start(), match.end()
    return None


def _session(header: str, language: str) -> int | None:
    found = session_number(header, language)
    if found:
        return found[0]
    match = re.search(r"(\d{1,3})(?:st|nd|rd|th)\s+session", header, re.IGNORECASE)
    return int(match.group(1)) if match else None


def _adopted_in_header(header: str, language: str) -> str | None:
    for key in ("kind-resolution", "kind-decision"):
        pattern = _pattern(language, key)
        match = pattern.search(header) if pattern else None
        if match:
            # The date stands near the phrase: after it ("adopted by the Council
            # on 12 March 2020") or before it ("2024 年 10 月 10 日通过的决议").
            window = header[max(0, match.start() - 40):match.end() + 80]
            found = find_date(window, language)
            if found:
                return found[0]
    return None


def _agenda_item(header: str, language: str) -> str | None:
    pattern = _pattern(language, "agenda-item")
    if pattern is None:
        return None
    match = re.search(f"(?:{pattern.pattern}){AGENDA_NUMBER}", header, re.IGNORECASE)
    return " ".join(match.group("item").split()) if match else None


# --- Adoption block ------------------------------------------------------------


@lru_cache(maxsize=None)
def _meeting_pattern(language: str) -> re.Pattern | None:
    templates = _header_words(language).get("meeting")
    if not templates:
        return None
    sources = []
    for template in sorted(templates, key=len, reverse=True):
        before, _, after = template.partition("{n}")
        src = (term_pattern(before) + r"\s*" if before.strip() else "") + NUMBER_WITH_SUFFIX
        src += (r"\s*" + term_pattern(after)) if after.strip() else ""
        sources.append(src.replace("(?P<n>", "(?:" if sources else "(?P<n>"))
    # one named group: wrap each alternative and read the number back by regex
    return re.compile("|".join(f"(?:{s})" for s in sources), re.IGNORECASE)


def _adoption(text, language, words, info: DocumentInfo, block: tuple[int, int]) -> DocumentInfo:
    tail = fold(text[block[0]:block[1]])
    meeting = None
    pattern = _meeting_pattern(language)
    match = pattern.search(tail) if pattern else None
    if match:
        digits = re.search(r"\d{1,4}", match.group(0))
        meeting = int(digits.group(0)) if digits else None
    adopted = info.adopted
    found = find_date(tail, language)
    if found:
        adopted = found[0]
    vote = None
    without = _pattern(language, "vote-without")
    recorded = _pattern(language, "vote-recorded")
    if without and without.search(tail):
        vote = "without a vote"
    elif recorded and recorded.search(tail):
        vote = _recorded_vote(tail, recorded)
    return DocumentInfo(
        symbol=info.symbol, language=info.language, kind=info.kind, body=info.body,
        session=info.session, title=info.title, adopted=adopted, vote=vote,
        agenda_item=info.agenda_item, meeting=meeting,
    )


def _recorded_vote(tail: str, recorded: re.Pattern) -> str:
    match = recorded.search(tail)
    window = tail[max(0, match.start() - 80):match.end() + 120]
    window = window[: window.find("]") + 1 or None]
    figures = VOTE_FIGURES.search(window[window.find("[") + 1:] if "[" in window else window)
    if not figures:
        return "recorded vote"
    yes, no, abstain = figures.groups()
    out = f"recorded vote: {yes} in favour, {no} against"
    return out + (f", {abstain} abstentions" if abstain else "")


# --- Paragraphs of a resolution or decision ------------------------------------


def _resolution_paragraphs(text, language, units, words) -> tuple[tuple[Paragraph, ...], tuple[int, int]]:
    body: list[_Unit] = []
    meeting = _meeting_pattern(language)
    without = _pattern(language, "vote-without")
    adoption_end = None
    for unit in units:
        chunk = fold(text[unit.start:unit.end])
        if body and _is_adoption(chunk, meeting, without, language):
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


def _is_adoption(chunk, meeting, without, language) -> bool:
    squashed = " ".join(chunk.split())
    if meeting and meeting.match(squashed) and len(squashed) < 200:
        return True  # "22nd meeting", "3rd plenary meeting 29 October 2025", "第47次会议"
    if without and without.search(squashed) and len(squashed) < 60:
        return True
    recorded = _pattern(language, "vote-recorded")
    if recorded and recorded.search(squashed) and squashed.startswith("[") and len(squashed) < 200:
        return True
    found = find_date(squashed, language)
    return bool(found) and found[1] == 0 and len(squashed) - found[2] < 3


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
        if re.match(r"^[ \t]*Notes[ \t]*$", line.text):
            notes_at = i
            break
        match = REPORT_NUMBER.match(line.text)
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
        if b > first and not any(PARAGRAPH_END.search(t) or re.search(r"\d$", t) for t in block):
            j = b - 1
            continue
        break
    return max(j, first)


# --- Ordinals --------------------------------------------------------------------
