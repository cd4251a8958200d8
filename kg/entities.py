"""Mentions of mechanisms, actors, instruments, events, places and SDGs.

The gazetteer kg/data/concepts.tsv lists each concept's terms, one row per term
per language. All terms of a language are compiled into one alternation,
longest first, and matched over the text with look-alike characters folded and
any whitespace (line breaks included) allowed between words, so offsets stay
those of the text as read. Page furniture is skipped; the body that adopted the
document is not reported as one of its mentions.

An event named with its session ("World Urban Forum, twelfth session",
"世界城市论坛第十二届会议", "the twelfth session of the World Urban Forum") gets
the session number in its id, ``world-urban-forum-12``; the words that follow
it in the same sentence give the place where it is held (the first place
named) and its dates ("from 4 to 8 November 2024", "2024 年 11 月 4 日至 8 日").
The words around an event are kg/data/event_words.tsv.

Goals and targets of the 2030 Agenda ("Goal 11", "targets 11.3 and 11.7",
"可持续发展目标 11", "objectif de développement durable 11") are concepts of
kind ``sdg`` with ids ``sdg-11`` and ``sdg-11-3``; their cue words are
kg/data/sdg_words.tsv.

>>> from kg.records import DocumentInfo, Segmentation
>>> seg = Segmentation(DocumentInfo(language="en", body="GA"), ())
>>> [e.id for e in find_entities("Recalling the Universal Declaration of Human Rights,", "en", seg)]
['udhr']
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache

from kg.header import session_number, session_pattern
from kg.lexicon import TableError, rows_or_none, table
from kg.numbering import find_date, ordinal_value
from kg.records import Entity, Segmentation
from kg.terms import CaselessPattern, alternation, fold, term_key

KINDS = frozenset({"mechanism", "actor", "instrument", "event", "place"})

# The concept of the body that adopts a document, by its DocumentInfo.body code.
OWN_BODY = {"HRC": "human-rights-council", "GA": "general-assembly", "SC": "security-council"}

# How far after an event's name its session may stand ("World Urban Forum at its
# twelfth session"), and how far before it ("the twelfth session of the"), in characters.
EVENT_SESSION_WINDOW = 40

# How far after an event its place and dates may be named, in characters; the
# sentence ends sooner at a semicolon, a full stop or a blank line.
EVENT_DETAIL_WINDOW = 160
SENTENCE_END = re.compile(r"[;；。]|\.(?:\s|$)|\n[ \t]*\n")

# A day written with digits, perhaps with the French "1er": "4", "1er".
DAY = r"(?<!\d)(?P<{name}>\d{{1,2}})(?:er)?"
# "2024 年 11 月 4 日": a Chinese date, numeric and year first.
CJK_DAY = r"(?<!\d)(?:(?P<{y}>\d{{4}})\s*年\s*)?(?:(?P<{m}>\d{{1,2}})\s*月\s*)?(?P<{d}>\d{{1,2}})\s*日"

# An SDG number after its cue: a goal (1 to 17) or a target ("11.3", "4.a").
SDG_NUMBER = r"(?P<number>\d{1,2}(?:\.(?:\d{1,2}|[a-c](?![a-z])))?)(?![\d.]*\d)"
SDG_GOALS = range(1, 18)


@lru_cache(maxsize=None)
def _gazetteer(language: str) -> tuple[CaselessPattern | None, dict]:
    try:
        rows = [r for r in table("concepts") if r.get("language") == language]
    except TableError:
        rows = []
    ids: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        if row.get("kind") not in KINDS:
            continue
        key = term_key(row["term"])
        if (row["id"], row["kind"]) not in ids.setdefault(key, []):
            ids[key].append((row["id"], row["kind"]))
    if not ids:
        return None, {}
    terms = {row["term"] for row in rows if row.get("kind") in KINDS}
    return CaselessPattern(sorted(terms)), ids


@lru_cache(maxsize=None)
def _event_words(language: str) -> dict[str, tuple[str, ...]]:
    words: dict[str, list[str]] = {}
    for row in rows_or_none("event_words", language):
        words.setdefault(row["kind"], []).append(row["term"])
    return {kind: tuple(terms) for kind, terms in words.items()}


@lru_cache(maxsize=None)
def _connector(language: str, kind: str) -> re.Pattern:
    """What may stand between an event's name and its session: spaces, a comma, a table word."""
    terms = _event_words(language).get(kind, ())
    words = rf"(?:{alternation(terms)})?" if terms else ""
    return re.compile(rf"[\s,،]*{words}\s*", re.IGNORECASE)


def find_entities(text: str, language: str, segmentation: Segmentation | None,
                  paragraph_of=None) -> tuple[Entity, ...]:
    """Every mention of a known concept, in text order.

    ``paragraph_of``, when given, maps a mention's start to the ``paragraph``
    it stands in; else ``paragraph`` is left for the caller to fill.
    """
    pattern, ids = _gazetteer(language)
    if not text:
        return ()
    furniture = tuple(segmentation.furniture) if segmentation else ()
    starts = [s for s, _ in furniture]

    def in_furniture(offset: int) -> bool:
        i = bisect_right(starts, offset) - 1
        return i >= 0 and furniture[i][0] <= offset < furniture[i][1]

    own = OWN_BODY.get(segmentation.document.body) if segmentation else None
    folded = fold(text)
    found: list[Entity] = []
    for match in pattern.finditer(folded) if pattern is not None else ():
        start, end = match.span()
        if in_furniture(start):
            continue
        for cid, kind in ids.get(term_key(folded[start:end]), ()):
            if cid == own:
                continue
            start, end = match.span()
            session = None
            if kind == "event":
                session, start, end = _event_session(folded, language, start, end)
                cid = f"{cid}-{session}" if session is not None else cid
            paragraph = paragraph_of(start) if paragraph_of else None
            found.append(Entity(id=cid, kind=kind, text=text[start:end], start=start, end=end,
                                paragraph=paragraph, session=session))
    found.extend(e for e in _sdgs(text, folded, language, paragraph_of) if not in_furniture(e.start))
    found.sort(key=lambda e: e.start)
    places = [e for e in found if e.kind == "place"]
    return tuple(_event_details(folded, language, e, places) if e.kind == "event" else e for e in found)


# --- Events: session, place, dates ----------------------------------------------


def _event_session(folded: str, language: str, start: int, end: int) -> tuple[int | None, int, int]:
    """The session of an event written after its name or before it, and the widened span."""
    window = folded[end:end + EVENT_SESSION_WINDOW]
    found = session_number(window, language)
    if found is not None:
        number, s_start, s_end = found
        if _connector(language, "session-after").fullmatch(window[:s_start]):
            return number, start, end + s_end
    pattern = session_pattern(language)
    if pattern is None:
        return None, start, end
    begin = max(0, start - EVENT_SESSION_WINDOW)
    before = folded[begin:start]
    last = None
    for last in pattern.finditer(before):
        pass
    if last is None or not _connector(language, "session-of").fullmatch(before[last.end():]):
        return None, start, end
    word = next((g for g in last.groups() if g), None)
    number = ordinal_value(word, language) if word else None
    return (number, begin + last.start(), end) if number is not None else (None, start, end)


def _event_details(folded: str, language: str, event: Entity, places: list[Entity]) -> Entity:
    """The event with the place and dates named after it in the same sentence.

    Only one session of an event is held somewhere on some days: an event named
    without its session names the series, and gets neither.
    """
    if event.session is None:
        return event
    limit = min(len(folded), event.end + EVENT_DETAIL_WINDOW)
    stop = SENTENCE_END.search(folded, event.end, limit)
    limit = stop.start() if stop else limit
    place = next((p.id for p in places if event.end <= p.start < limit), None)
    dates = find_date_range(folded[event.end:limit], language)
    start_date, end_date = dates[:2] if dates else (None, None)
    return replace(event, place=place, start_date=start_date, end_date=end_date)


@lru_cache(maxsize=None)
def _months(language: str) -> dict[str, int]:
    return {term_key(r["term"]): int(r["month"]) for r in rows_or_none("months", language)}


@lru_cache(maxsize=None)
def _range_patterns(language: str) -> tuple[re.Pattern, ...]:
    """Date ranges: day-first with month names ("4 to 8 November 2024") and Chinese ones."""
    joins = _event_words(language).get("range", ())
    if not joins:
        return ()
    join = rf"\s*(?:{alternation(joins)})\s*"
    patterns = []
    months = _months(language)
    if months:
        month = rf"(?:{alternation(months)})"
        of = r"\s+(?:de\s+)?"
        first = DAY.format(name="d1") + rf"(?:{of}(?P<m1>{month}))?(?:{of}(?P<y1>\d{{4}}))?"
        last = DAY.format(name="d2") + rf"{of}(?P<m2>{month}){of}(?P<y2>\d{{4}})"
        patterns.append(re.compile(first + join + last, re.IGNORECASE))
    cjk = CJK_DAY.format(y="y1", m="m1", d="d1") + join + CJK_DAY.format(y="y2", m="m2", d="d2")
    patterns.append(re.compile(cjk))
    return tuple(patterns)


def find_date_range(text: str, language: str) -> tuple[str, str, int, int] | None:
    """The first range of dates in ``text``: (first day, last day, start, end), ISO dates.

    A single date gives a one-day range; a range that cannot be read as one
    (its last day before its first) gives none.

    >>> find_date_range("to be held in Cairo from 4 to 8 November 2024", "en")
    ('2024-11-04', '2024-11-08', 25, 45)
    >>> find_date_range("将于 2024 年 11 月 4 日至 8 日在开罗举行", "zh")[:2]
    ('2024-11-04', '2024-11-08')
    """
    folded = fold(text)
    months = _months(language)
    found, written = [], False
    for pattern in _range_patterns(language):
        for match in pattern.finditer(folded):
            written = True
            first, last = _range(match.groupdict(), months)
            if first and last and first <= last:
                found.append((match.start(), first, last, match.end()))
                break
    if found:
        start, first, last, end = min(found)
        return first, last, start, end
    single = None if written else find_date(text, language)
    return (single[0], single[0], single[1], single[2]) if single else None


def _range(parts: dict, months: dict[str, int]) -> tuple[str | None, str | None]:
    """The first and last day of a matched range; the first takes the last's month and year
    where it omits them ("4 to 8 November 2024")."""
    y2 = int(parts["y2"]) if parts.get("y2") else None
    y1 = int(parts["y1"]) if parts.get("y1") else y2
    m2 = _month(parts.get("m2"), months)
    m1 = _month(parts.get("m1"), months) or m2
    m2, y2 = m2 or m1, y2 or y1
    if None in (y1, m1, m2, y2):
        return None, None
    return _iso(y1, m1, int(parts["d1"])), _iso(y2, m2, int(parts["d2"]))


def _month(word: str | None, months: dict[str, int]) -> int | None:
    if not word:
        return None
    if word.isdigit():
        return int(word)
    return months.get(term_key(word))


def _iso(year: int, month: int, day: int) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


# --- Sustainable Development Goals and targets -----------------------------------


@lru_cache(maxsize=None)
def _sdg_lexicon(language: str) -> tuple[CaselessPattern | None, dict[str, str], re.Pattern | None]:
    rows = [r for r in rows_or_none("sdg_words", language) if r["kind"] in {"goal", "target", "exclude"}]
    if not rows:
        return None, {}, None
    kinds = {term_key(r["term"]): r["kind"] for r in rows}
    cue = CaselessPattern([r["term"] for r in rows], group="cue")
    joins = [r["term"] for r in rows_or_none("sdg_words", language) if r["kind"] == "and"]
    join = re.compile(rf"\s*(?:,\s*)?(?:(?:{alternation(joins)})\s*)?" if joins else r"\s*,\s*", re.IGNORECASE)
    return cue, kinds, join


def _sdgs(text: str, folded: str, language: str, paragraph_of) -> list[Entity]:
    """SDG goals and targets named by a cue word and their numbers ("Goals 5 and 11")."""
    cue, kinds, join = _sdg_lexicon(language)
    if cue is None:
        return []
    number = re.compile(SDG_NUMBER)
    out: list[Entity] = []
    for match in cue.finditer(folded):
        kind = kinds.get(term_key(folded[match.start("cue"):match.end("cue")]))
        if kind == "exclude":
            continue
        position, start, first = match.end(), match.start(), True
        while True:
            gap = re.compile(r"\s*") if first else join
            between = gap.match(folded, position)
            found = number.match(folded, between.end()) if between else None
            if found is None or (not first and not between.group(0).strip()):
                break  # numbers of a list are joined by a comma or a word, not by a space alone
            concept = _sdg_id(found.group("number"), kind)
            if concept is None:
                break
            begin = start if first else found.start()
            paragraph = paragraph_of(begin) if paragraph_of else None
            out.append(Entity(id=concept, kind="sdg", text=text[begin:found.end()], start=begin, end=found.end(),
                              paragraph=paragraph))
            position, first = found.end(), False
    return out


def _sdg_id(code: str, kind: str) -> str | None:
    """``sdg-11`` for a goal, ``sdg-11-3`` for a target; None for what cannot be one."""
    goal, _, target = code.partition(".")
    if int(goal) not in SDG_GOALS or (kind == "target" and not target):
        return None
    return f"sdg-{int(goal)}" + (f"-{target}" if target else "")


def sdg_code(concept_id: str) -> str | None:
    """The UN's SDG code of an SDG concept id: ``sdg-11-3`` -> ``11.3``; None for other ids.

    >>> sdg_code("sdg-11-3"), sdg_code("sdg-4"), sdg_code("ohchr")
    ('11.3', '4', None)
    """
    match = re.fullmatch(r"sdg-(\d{1,2})(?:-([0-9a-z]{1,2}))?", concept_id)
    if not match:
        return None
    return match.group(1) + (f".{match.group(2)}" if match.group(2) else "")


def event_session(concept_id: str) -> tuple[str, int] | None:
    """The event series and the session of a session's id: ``world-urban-forum-12`` -> (``world-urban-forum``, 12)."""
    match = re.fullmatch(r"(?P<series>[a-z0-9-]+?)-(?P<n>\d{1,3})", concept_id)
    return (match.group("series"), int(match.group("n"))) if match else None
