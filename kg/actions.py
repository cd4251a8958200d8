"""Who is asked to do what: the verb that opens each paragraph, and its addressees.

The verbs (kg/data/verbs.tsv) and addressees (kg/data/addressees.tsv) are
tables with one row per term per language. A paragraph's opening verb, with the
modifiers around it ("Also requests", "Prie également", "又请"), gives its
action; a second verb joined by a clause boundary ("..., and invites") adds a
reading. Addressees are the concepts named between a verb and where the list
of those addressed ends ("to" before the verb asked for, a Chinese preposition).

>>> from kg.records import Paragraph
>>> text = "1. Encourages States and local governments to cooperate;"
>>> p = classify(text, "en", (Paragraph("op1", "operative", 1, 0, len(text)),))[0]
>>> p.action, p.addressees
('encourages', ('states', 'local-governments'))
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.lexicon import TableError, by_language
from kg.records import Paragraph
from kg.terms import CaselessPattern, alternation, fold, term_key

# Where the paragraph text starts: its number ("1.", "10. "), a sub-paragraph
# letter, Markdown emphasis (folded to spaces) and whitespace.
LEAD = r"^\s*(?:\d{1,3}\.)?\s*"

# Asides in brackets never name an addressee: "(including local government networks)".
BRACKETED = re.compile(r"\([^()]*\)|（[^（）]*）")

# Punctuation that ends the list of those addressed.
LIST_END = re.compile(r"[;:.。；：؛]")

# How far after the verb the addressees may run, in characters.
SPAN_LIMIT = {"zh": 60}
DEFAULT_SPAN_LIMIT = 200


@dataclass(frozen=True)
class _Lexicon:
    opener: re.Pattern | None  # modifiers, verb, modifiers at the start of a paragraph
    verb: re.Pattern | None  # any verb term, anywhere
    second: re.Pattern | None  # clause boundary, perhaps an aside, modifiers, verb
    clause: CaselessPattern | None  # the clause boundary alone, that every match of second starts with
    readings: dict  # (kind, folded term) -> ids in table order
    modifiers: dict  # folded term -> modifier id
    modifier: re.Pattern | None  # any modifier term
    addressee: re.Pattern | None
    addressee_ids: dict  # folded term -> (kind, id)
    stop: re.Pattern | None
    aside: re.Pattern | None


def _key(term: str) -> str:
    return term_key(term)


@lru_cache(maxsize=None)
def _lexicon(language: str) -> _Lexicon:
    try:
        verbs = by_language("verbs", language)
    except TableError:
        verbs = ()
    try:
        addressees = by_language("addressees", language)
    except TableError:
        addressees = ()
    readings: dict = {}
    modifiers: dict = {}
    clauses = []
    for row in verbs:
        kind, term = row.get("kind"), row.get("term", "")
        if kind == "modifier":
            modifiers[_key(term)] = row.get("modifier") or row["id"]
        elif kind == "clause":
            clauses.append(term)
        elif kind in {"preambular", "operative"}:
            ids = readings.setdefault((kind, _key(term)), [])
            if row["id"] not in ids:
                ids.append(row["id"])
    verb_terms = {t for (_, t) in readings}
    flags = re.IGNORECASE
    if verb_terms:
        verbs_src = alternation(verb_terms)
        mods_src = alternation(modifiers)
        mod_run = rf"(?:(?:{mods_src})\s*,?\s*)*" if mods_src else ""
        opener = re.compile(
            LEAD + rf"(?P<pre>{mod_run}?)(?P<verb>{verbs_src})(?P<post>(?:\s*,?\s*(?:{mods_src}))*)" if mods_src
            else LEAD + rf"(?P<pre>)(?P<verb>{verbs_src})(?P<post>)",
            flags,
        )
        verb = re.compile(rf"\s*(?P<verb>{verbs_src})", flags)
        second = clause = None
        if clauses:
            clause = CaselessPattern(clauses)
            second = re.compile(
                rf"(?:{alternation(clauses)})\s*(?:,?[^,;]{{0,80}},\s*)?{mod_run}(?P<verb>{verbs_src})", flags
            )
    else:
        opener = verb = second = clause = None
    addressee_ids: dict = {}
    by_kind: dict = {}
    for row in addressees:
        addressee_ids.setdefault(_key(row["term"]), (row["kind"], row["id"]))
        by_kind.setdefault(row["kind"], []).append(row["term"])
    named = by_kind.get("addressee", []) + by_kind.get("anaphora", [])
    return _Lexicon(
        opener=opener,
        verb=verb,
        second=second,
        clause=clause,
        readings=readings,
        modifiers=modifiers,
        modifier=re.compile(alternation(modifiers), flags) if modifiers else None,
        addressee=re.compile(alternation(named), flags) if named else None,
        addressee_ids=addressee_ids,
        stop=re.compile(alternation(by_kind["stop"]), flags) if by_kind.get("stop") else None,
        aside=re.compile(rf",\s*(?:{alternation(by_kind['aside'])})[^,;]*(?:,|$)", flags) if by_kind.get("aside") else None,
    )


def classify(text: str, language: str, paragraphs) -> tuple[Paragraph, ...]:
    """Paragraphs with their action, readings, verb span, modifiers and addressees.

    Sub-paragraphs and paragraphs without a known opening verb are returned unchanged.
    """
    lex = _lexicon(language)
    out = []
    previous: tuple[str, ...] = ()
    for p in paragraphs or ():
        if lex.opener is None or p.kind == "subparagraph" or not text:
            out.append(p)
            continue
        classified = _classify_one(text, language, p, lex, previous)
        if classified.kind == "operative":
            previous = classified.addressees or previous
        out.append(classified)
    return tuple(out)


def _classify_one(text, language, p: Paragraph, lex: _Lexicon, previous) -> Paragraph:
    chunk = fold(text[p.start:p.end])
    match = lex.opener.match(chunk)
    if not match:
        return p
    kind = "preambular" if p.kind == "preambular" else "operative"
    ids = _readings(lex, kind, match.group("verb"))
    if not ids:
        return p
    modifiers = _modifiers(lex, match.group("pre") + " " + match.group("post"))
    actions = list(ids)
    verb_ends = [match.end("verb")]
    # "Reiterates its call upon": a verb phrase straight after the verb is a second reading.
    follow = lex.verb.match(chunk, match.end())
    if follow:
        for extra in _readings(lex, "operative", follow.group("verb")):
            if extra not in actions:
                actions.append(extra)
        verb_ends = [follow.end("verb")]
    # A second verb follows a clause boundary: where there is none, the longer
    # pattern is not run over the paragraph.
    boundary = lex.clause.search(chunk, match.end()) if lex.second is not None else None
    if boundary is not None:
        for second in lex.second.finditer(chunk, boundary.start()):
            for extra in _readings(lex, "operative", second.group("verb")):
                if extra not in actions:
                    actions.append(extra)
            verb_ends.append(second.end("verb"))
    addressees: list[str] = []
    if kind == "operative" and any(a in _addressing() for a in actions):
        for end in verb_ends:
            for found in _addressees(chunk, end, language, lex, previous):
                if found not in addressees:
                    addressees.append(found)
    # A new record from the paragraph's own attributes: dataclasses.replace
    # reads the class's fields anew for every paragraph.
    values = dict(p.__dict__)
    values.update(
        action=actions[0],
        actions=tuple(actions),
        action_start=p.start + match.start("verb"),
        action_end=p.start + match.end("verb"),
        modifiers=modifiers,
        addressees=tuple(addressees),
    )
    return Paragraph(**values)


@lru_cache(maxsize=None)
def _addressing() -> frozenset[str]:
    """Actions that address someone (language ``*`` rows of addressees.tsv)."""
    try:
        rows = by_language("addressees", "*")
    except TableError:
        return frozenset()
    return frozenset(r["id"] for r in rows if r.get("kind") == "addressing")


def _readings(lex: _Lexicon, kind: str, term: str) -> list[str]:
    key = _key(term)
    other = "operative" if kind == "preambular" else "preambular"
    return lex.readings.get((kind, key)) or lex.readings.get((other, key)) or []


def _modifiers(lex: _Lexicon, words: str) -> tuple[str, ...]:
    found: list[str] = []
    if not words.strip() or lex.modifier is None:
        return ()
    for m in lex.modifier.finditer(words):
        mid = lex.modifiers.get(_key(m.group(0)))
        if mid and mid not in found:
            found.append(mid)
    return tuple(found)


def _addressees(chunk: str, start: int, language: str, lex: _Lexicon, previous) -> list[str]:
    """Concept ids named after a verb, up to where the list of those addressed ends."""
    if lex.addressee is None:
        return []
    limit = start + SPAN_LIMIT.get(language, DEFAULT_SPAN_LIMIT)
    window = chunk[start:limit]
    named = list(lex.addressee.finditer(window))
    end = len(window)
    stop = LIST_END.search(window)
    if stop:
        end = stop.start()
    if lex.stop is not None:
        for m in lex.stop.finditer(window, 0, end):
            if not any(n.start() <= m.start() < n.end() for n in named):
                end = m.start()
                break
    window = window[:end]
    if lex.aside is not None:
        window = lex.aside.sub(lambda m: " " * len(m.group(0)), window)
    window = BRACKETED.sub(lambda m: " " * len(m.group(0)), window)
    found: list[str] = []
    for m in lex.addressee.finditer(window):
        kind, cid = lex.addressee_ids.get(_key(m.group(0)), (None, None))
        ids = list(previous) if kind == "anaphora" else [cid] if cid else []
        for i in ids:
            if i not in found:
                found.append(i)
    return found
