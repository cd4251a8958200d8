"""Mandates: who must deliver what, for which session, as a request paragraph asks.

A mandate is read from an operative paragraph whose verbs include "requests":
the first deliverable named after the verb (kg/data/seg_deliverables.tsv: report,
oral update, panel, study, compilation), the session it is due at ("at its
sixty-third session", "第六十三届会议", ordinal words from kg/data/ordinals.tsv),
whether that session is a deadline ("before its sixtieth session", "之前"), and
the body that holds the session. Where a paragraph names several sessions, the
one nearest the verb that hands the deliverable over ("submit", "提交") is due.
A request without a deliverable or without a session gives no mandate.

>>> from kg.records import DocumentInfo, Paragraph
>>> text = "4. Requests the Secretary-General to submit a report to the General Assembly at its eighty-first session;"
>>> p = Paragraph("op4", "operative", 4, 0, len(text), action="requests", actions=("requests",), addressees=("secretary-general",))
>>> m = find_mandates(text, "en", (p,), DocumentInfo(body="GA"))[0]
>>> m.deliverable, m.due_session, m.due_body, m.relation
('report', 81, 'GA', 'at')
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.clean import alternation, fold, term_key
from kg.lexicon import TableError, by_language
from kg.records import DocumentInfo, Mandate
from kg.numbering import ordinal_value
from kg.segment import header_pattern, session_pattern

# Actions that ask for something to be delivered.
REQUESTING = frozenset({"requests"})

# How near a "before" word must stand to the session it qualifies, in characters.
BEFORE_WINDOW = 24

# How far before a session phrase the body holding it may be named.
BODY_WINDOW = 40


@lru_cache(maxsize=None)
def _terms(language: str) -> dict:
    try:
        rows = by_language("seg_deliverables", language)
    except TableError:
        rows = ()
    kinds: dict = {}
    ids: dict = {}
    for row in rows:
        kinds.setdefault(row["kind"], []).append(row["term"])
        ids.setdefault(term_key(row["term"]), row["id"])
    return {
        kind: re.compile(alternation(terms), re.IGNORECASE) for kind, terms in kinds.items()
    } | {"ids": ids}


def find_mandates(text: str, language: str, paragraphs, document: DocumentInfo | None) -> tuple[Mandate, ...]:
    """Mandates given by the request paragraphs, in paragraph order."""
    terms = _terms(language)
    sessions = session_pattern(language)
    if not text or sessions is None or "deliverable" not in terms:
        return ()
    out = []
    for p in paragraphs or ():
        if p.kind != "operative" or not REQUESTING.intersection(p.actions or ((p.action,) if p.action else ())):
            continue
        mandate = _mandate(text, language, p, terms, sessions, document)
        if mandate is not None:
            out.append(mandate)
    return tuple(out)


def _mandate(text, language, p, terms, sessions, document) -> Mandate | None:
    begin = p.action_end if p.action_end is not None else p.start
    chunk = fold(text[begin:p.end])
    deliverable = terms["deliverable"].search(chunk)
    if deliverable is None:
        return None
    found = []
    for match in sessions.finditer(chunk):
        word = next((g for g in match.groups() if g), None)
        value = ordinal_value(word, language) if word else None
        if value is not None:
            found.append((match.start(), match.end(), value))
    if not found:
        return None
    submit = terms.get("submit").search(chunk) if terms.get("submit") else None
    if submit is not None:
        start, end, value = min(found, key=lambda f: min(abs(f[0] - submit.end()), abs(submit.start() - f[1])))
    else:
        start, end, value = found[0]
    relation = "before" if _is_before(chunk, start, end, terms) else "at"
    addressee = p.addressees[0] if p.addressees else None
    return Mandate(
        paragraph=p.id,
        addressee=addressee,
        deliverable=terms["ids"].get(term_key(deliverable.group(0)), "report"),
        due_session=value,
        start=begin + min(deliverable.start(), start),
        end=begin + max(deliverable.end(), end),
        due_body=_due_body(chunk, start, language, document),
        relation=relation,
    )


def _is_before(chunk: str, start: int, end: int, terms) -> bool:
    """Whether the session is a deadline: "before its sixtieth session", "第六十届会议之前"."""
    before, post = terms.get("before"), terms.get("before-post")
    if post is not None and post.match(chunk[end:end + 8].lstrip()):
        return True
    if before is None:
        return False
    ahead = chunk[max(0, start - BEFORE_WINDOW):start]
    near = list(before.finditer(ahead))
    # The word stands just ahead, with at most the body's name between: "before its sixtieth".
    return bool(near) and not re.search(r"[,;:，；]", ahead[near[-1].end():])


def _due_body(chunk: str, start: int, language: str, document: DocumentInfo | None) -> str | None:
    window = chunk[max(0, start - BODY_WINDOW):start]
    for key, code in (("body-hrc", "HRC"), ("body-ga", "GA")):
        pattern = header_pattern(language, key)
        if pattern is not None and pattern.search(window):
            return code
    return document.body if document else None
