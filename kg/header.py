"""What a document says about itself: its header and its adoption block.

The header of a resolution or decision names its symbol, the body that adopted
it, its kind, the session, the agenda item and its title; the adoption block
after the last paragraph names the meeting, the date and the vote. A report
names its kind ("Compilation of information", "Summary of stakeholders'
submissions") and its session. The words are kg/data/header_words.tsv, one row
per term per language; the session is an ordinal word (kg/data/ordinals.tsv).

>>> session_number("submit it at its eighty-first session", "en")
(81, 17, 37)
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.clean import MASTHEAD_LINES, MASTHEAD_SYMBOL_LINES, SYMBOL
from kg.clean import _lines as split_lines
from kg.lexicon import TableError, by_language
from kg.numbering import date_at_start, find_date, ordinal_source, ordinal_value
from kg.records import DocumentInfo
from kg.terms import CaselessPattern, alternation, fold, term_pattern

# An ordinal number written with digits before "meeting": "22nd", "47e", "47ª", "47-е".
NUMBER_WITH_SUFFIX = r"(?P<n>\d{1,4})(?:st|nd|rd|th|e|er|ème|ª|a|o|º|-?е|-?я|-?го)?"

# The figures of a recorded vote: "by a recorded vote of 30 to 2, with 15 abstentions".
VOTE_FIGURES = re.compile(r"(\d{1,3})\D{1,40}?(\d{1,3})(?:\D{1,40}?(\d{1,3}))?")

# The agenda item number after its label: "Agenda item 71 (b)", "议程项目3".
AGENDA_NUMBER = r"\s*(?P<item>\d{1,3}(?:\s*\([a-z]\))?)"

# The number and title of a resolution heading its text: "80/1. Participation by ...",
# "## 57/12. 地方政府与人权".
TITLE_UNIT = re.compile(r"^[#\s]*((?:[A-Z]-)?\d{1,4}/\d{1,4})\.?(?:\s+(.*))?$", re.DOTALL)

# The session in a symbol: "A/HRC/RES/57/12", "A/80/L.2", "A/HRC/WG.6/48/SVN/2".
SYMBOL_SESSION = re.compile(r"/(?:RES/|DEC/|WG\.6/)?(\d{1,3})/")

# A session numbered with digits, in English reports: "48th session".
SESSION_DIGITS = re.compile(r"(\d{1,3})(?:st|nd|rd|th)\s+session", re.IGNORECASE)

# The kinds a header may name, in the order they are tried.
KINDS = ("kind-resolution", "kind-decision", "kind-compilation", "kind-summary", "kind-report")


@lru_cache(maxsize=None)
def header_words(language: str) -> dict[str, tuple[str, ...]]:
    """The terms of header_words.tsv for one language, by id ("body-hrc", "session")."""
    words: dict[str, list[str]] = {}
    try:
        rows = by_language("header_words", language)
    except TableError:
        rows = ()
    for row in rows:
        words.setdefault(row["id"], []).append(row["term"])
    return {k: tuple(v) for k, v in words.items()}


@lru_cache(maxsize=None)
def header_pattern(language: str, key: str) -> re.Pattern | None:
    """The compiled alternation of one header_words.tsv id ("body-hrc", "vote-without")."""
    terms = header_words(language).get(key)
    if not terms:
        return None
    return re.compile(alternation(terms), re.IGNORECASE)


@lru_cache(maxsize=None)
def _caseless(language: str, key: str) -> CaselessPattern | None:
    terms = header_words(language).get(key)
    return CaselessPattern(terms) if terms else None


# --- Header -------------------------------------------------------------------


class _Header:
    """The folded header, with each header_words.tsv id searched for at most once.

    A report has no header apart from its text, so the whole text is searched:
    without regard to case, on the lowercased text (see ``CaselessPattern``).
    Matches give offsets only.
    """

    def __init__(self, header: str, language: str):
        self.text = header
        self.language = language
        self._found: dict[str, re.Match | None] = {}

    def search(self, key: str) -> re.Match | None:
        if key not in self._found:
            pattern = _caseless(self.language, key)
            self._found[key] = pattern.search(self.text) if pattern else None
        return self._found[key]


def document_info(text: str, language: str, units, opener: int | None, header_end: int) -> DocumentInfo:
    """The facts of the header: symbol, kind, body, session, title, adoption date, agenda item.

    ``units`` are the spans (``start``, ``end``) of the runs of running text,
    ``opener`` the index of the one naming the body that acts ("The General
    Assembly,"), if any, and the header is the text before it.
    """
    header = _Header(fold(text[:header_end]), language)
    title_number, title = _title(text, units, opener)
    body = _body(header)
    if body is None and opener is not None:
        # No header (an excerpt, a draft pasted in): the body that acts says it.
        body = _body(_Header(fold(text[units[opener].start:units[opener].end]), language))
    kind = _kind(header)
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
    session = _session(header.text, language)
    if session is None and symbol:
        match = SYMBOL_SESSION.search(symbol)
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
        adopted=_adopted_in_header(header),
        agenda_item=_agenda_item(header),
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
        match = TITLE_UNIT.match(chunk)
        if match:
            rest = " ".join((match.group(2) or "").split())
            if not rest and i + 1 < last:
                rest = " ".join(text[units[i + 1].start:units[i + 1].end].split())
            return match.group(1), rest.strip("# ") or None
    return None, None


def _body(header: _Header) -> str | None:
    for key, code in (("body-hrc", "HRC"), ("body-ga", "GA")):
        if header.search(key):
            return code
    return None


def _kind(header: _Header) -> str | None:
    for key in KINDS:
        if header.search(key):
            return key.split("-", 1)[1]
    return None


def _kind_unit_text(text, units, language, kind) -> str | None:
    pattern = header_pattern(language, f"kind-{kind}")
    for unit in units[:20]:
        chunk = text[unit.start:unit.end]
        if pattern and pattern.search(fold(chunk)):
            return " ".join(chunk.split())
    return None


@lru_cache(maxsize=None)
def _session_pattern(language: str) -> re.Pattern | None:
    templates = header_words(language).get("session")
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


def session_pattern(language: str) -> re.Pattern | None:
    """Session phrases of a language ("at its sixty-third session", "第六十三届会议");
    the ordinal word is the one group that matched (``ordinal0``, ``ordinal1``...)."""
    return _session_pattern(language)


def session_number(text: str, language: str) -> tuple[int, int, int] | None:
    """The first session named in ``text``: (number, start, end), or None.

    >>> session_number("submit it at its eighty-first session", "en")
    (81, 17, 37)
    """
    return _session_in_folded(fold(text), language)


def _session_in_folded(folded: str, language: str) -> tuple[int, int, int] | None:
    pattern = _session_pattern(language)
    if pattern is None:
        return None
    for match in pattern.finditer(folded):
        word = next((g for g in match.groups() if g), None)
        value = ordinal_value(word, language) if word else None
        if value is not None:
            return value, match.start(), match.end()
    return None


def _session(header: str, language: str) -> int | None:
    found = _session_in_folded(header, language)  # the header is folded already
    if found:
        return found[0]
    match = SESSION_DIGITS.search(header)
    return int(match.group(1)) if match else None


def _adopted_in_header(header: _Header) -> str | None:
    for key in ("kind-resolution", "kind-decision"):
        match = header.search(key)
        if match:
            # The date stands near the phrase: after it ("adopted by the Council
            # on 12 March 2020") or before it ("2024 年 10 月 10 日通过的决议").
            window = header.text[max(0, match.start() - 40):match.end() + 80]
            found = find_date(window, header.language)
            if found:
                return found[0]
    return None


@lru_cache(maxsize=None)
def _agenda_pattern(language: str) -> re.Pattern | None:
    pattern = header_pattern(language, "agenda-item")
    if pattern is None:
        return None
    return re.compile(f"(?:{pattern.pattern}){AGENDA_NUMBER}", re.IGNORECASE)


def _agenda_item(header: _Header) -> str | None:
    pattern = _agenda_pattern(header.language)
    label = header.search("agenda-item")
    if pattern is None or label is None:
        return None
    # The item follows its label: no match starts before the label first does.
    match = pattern.search(header.text, label.start())
    return " ".join(match.group("item").split()) if match else None


# --- Adoption block ------------------------------------------------------------


@lru_cache(maxsize=None)
def _meeting_pattern(language: str) -> re.Pattern | None:
    templates = header_words(language).get("meeting")
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


def is_adoption(chunk: str, language: str) -> bool:
    """Whether a run of text, folded, belongs to the adoption block: the meeting
    ("22nd meeting"), the vote ("Adopted without a vote") or the date alone."""
    squashed = " ".join(chunk.split())
    meeting = _meeting_pattern(language)
    if len(squashed) < 200 and meeting and meeting.match(squashed):
        return True  # "22nd meeting", "3rd plenary meeting 29 October 2025", "第47次会议"
    without = header_pattern(language, "vote-without")
    if len(squashed) < 60 and without and without.search(squashed):
        return True
    recorded = header_pattern(language, "vote-recorded")
    if squashed.startswith("[") and len(squashed) < 200 and recorded and recorded.search(squashed):
        return True
    # the date alone: "29 October 2025", "2024 年 10 月 10 日"
    found = date_at_start(squashed, language)
    return bool(found) and len(squashed) - found[2] < 3


def adoption(text: str, language: str, info: DocumentInfo, block: tuple[int, int]) -> DocumentInfo:
    """``info`` completed by the adoption block ``text[block[0]:block[1]]``: meeting, date, vote."""
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
    without = header_pattern(language, "vote-without")
    recorded = header_pattern(language, "vote-recorded")
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
