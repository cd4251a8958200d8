"""Mentions of mechanisms, actors, instruments, events and places.

The gazetteer kg/data/concepts.tsv lists each concept's terms, one row per term
per language. All terms of a language are compiled into one alternation,
longest first, and matched over the text with look-alike characters folded and
any whitespace (line breaks included) allowed between words, so offsets stay
those of the text as read. Page furniture is skipped; the body that adopted the
document is not reported as one of its mentions. An event followed by its
session ("World Urban Forum, twelfth session", "世界城市论坛第十二届会议") gets the
session number in its id: ``world-urban-forum-12``.

>>> from kg.records import DocumentInfo, Segmentation
>>> seg = Segmentation(DocumentInfo(language="en", body="GA"), ())
>>> [e.id for e in find_entities("Recalling the Universal Declaration of Human Rights,", "en", seg)]
['udhr']
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from kg.clean import alternation, fold, term_key
from kg.lexicon import TableError, table
from kg.records import Entity, Segmentation
from kg.segment import session_number

KINDS = frozenset({"mechanism", "actor", "instrument", "event", "place"})

# The concept of the body that adopts a document, by its DocumentInfo.body code.
OWN_BODY = {"HRC": "human-rights-council", "GA": "general-assembly", "SC": "security-council"}

# How far after an event's name its session may stand ("World Urban Forum at its
# twelfth session"), in characters.
EVENT_SESSION_WINDOW = 40


@lru_cache(maxsize=None)
def _gazetteer(language: str) -> tuple[re.Pattern | None, dict]:
    try:
        rows = [r for r in table("concepts") if r.get("language") == language]
    except TableError:
        rows = []
    ids: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        if row.get("kind") not in KINDS:
            continue
        key = _key(row["term"])
        if (row["id"], row["kind"]) not in ids.setdefault(key, []):
            ids[key].append((row["id"], row["kind"]))
    if not ids:
        return None, {}
    terms = {row["term"] for row in rows if row.get("kind") in KINDS}
    return re.compile(alternation(terms), re.IGNORECASE), ids


def _key(term: str) -> str:
    return term_key(term)


def find_entities(text: str, language: str, segmentation: Segmentation | None) -> tuple[Entity, ...]:
    """Every mention of a known concept, in text order.

    ``paragraph`` is left for the caller to fill from the offsets.
    """
    pattern, ids = _gazetteer(language)
    if pattern is None or not text:
        return ()
    furniture = tuple(segmentation.furniture) if segmentation else ()
    starts = [s for s, _ in furniture]
    own = OWN_BODY.get(segmentation.document.body) if segmentation else None
    folded = fold(text)
    found: list[Entity] = []
    for match in pattern.finditer(folded):
        i = bisect_right(starts, match.start()) - 1
        if i >= 0 and furniture[i][0] <= match.start() < furniture[i][1]:
            continue
        for cid, kind in ids.get(_key(match.group(0)), ()):
            if cid == own:
                continue
            start, end = match.start(), match.end()
            if kind == "event":
                cid, end = _event_session(folded, language, cid, end)
            found.append(Entity(id=cid, kind=kind, text=text[start:end], start=start, end=end))
    return tuple(found)


def _event_session(folded: str, language: str, cid: str, end: int) -> tuple[str, int]:
    """``world-urban-forum-12`` when the session follows the name of the event."""
    window = folded[end:end + EVENT_SESSION_WINDOW]
    found = session_number(window, language)
    if found is None:
        return cid, end
    number, start, stop = found
    between = window[:start]
    # Only a comma, "at its" or nothing stands between the name and the session.
    if re.fullmatch(r"[\s,]*(?:(?:at\s+)?its\s+|à\s+sa\s+|en\s+su\s+|на\s+своей\s+)?", between, re.IGNORECASE):
        return f"{cid}-{number}", end + stop
    return cid, end
