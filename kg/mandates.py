"""Mandates: who must deliver what, for which session, in which form, after consulting whom.

A mandate is read from an operative paragraph whose verbs include "requests":
the first deliverable named after the verb (kg/data/seg_deliverables.tsv: report,
oral update, panel, study, compilation), the session it is due at ("at its
sixty-third session", "第六十三届会议", ordinal words from kg/data/ordinals.tsv),
whether that session is a deadline ("before its sixtieth session", "之前"), and
the body that holds the session. Where a paragraph names several sessions, the
one nearest the verb that hands the deliverable over ("submit", "提交") is due.
A request without a deliverable or without a session gives no mandate.

The same paragraph may say in which form the deliverable comes ("in a hybrid
format and fully accessible to persons with disabilities", "易读格式") and whom
to consult ("to seek the views of States, ...", "征求 ... 的意见"); the words
are kg/data/mandate_details.tsv. A later request that points back at earlier
deliverables ("in preparing the above-mentioned panel discussion and report",
"在筹备上述专题小组讨论会和编写上述报告时") gives no mandate of its own: what it
says of form and consultation is added to the mandates it points at, the most
recent earlier one of each deliverable it names, and the paragraph is kept as
``detailed_in``.

``find_pursuances`` reads the other end of a mandate: a paragraph saying that a
document was submitted pursuant to a resolution (kg/data/pursuance_words.tsv).

>>> from kg.records import DocumentInfo, Paragraph
>>> text = "4. Requests the Secretary-General to submit a report to the General Assembly at its eighty-first session;"
>>> p = Paragraph("op4", "operative", 4, 0, len(text), action="requests", actions=("requests",), addressees=("secretary-general",))
>>> m = find_mandates(text, "en", (p,), DocumentInfo(body="GA"))[0]
>>> m.deliverable, m.due_session, m.due_body, m.relation
('report', 81, 'GA', 'at')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.header import header_pattern, session_pattern
from kg.lexicon import TableError, by_language, rows_or_none
from kg.numbering import ordinal_value
from kg.records import DocumentInfo, Extraction, Footnote, Mandate, Pursuance, Reference
from kg.series import describe
from kg.terms import alternation, fold, term_key

# Actions that ask for something to be delivered.
REQUESTING = frozenset({"requests"})

# How near a "before" word must stand to the session it qualifies, in characters.
BEFORE_WINDOW = 24

# How far before a session phrase the body holding it may be named.
BODY_WINDOW = 40

# Asides in brackets name no one consulted: "(包括联合国人类住区规划署和联合国开发计划署)".
BRACKETED = re.compile(r"\([^()]*\)|（[^（）]*）")

# What ends a list of those consulted, besides the table's words.
LIST_END = re.compile(r"[;.。；]")

# Kinds of document that answer a mandate, and kinds that give one.
MANDATING_KINDS = frozenset({"resolution", "decision"})
ANSWERING_KINDS = frozenset({"report", "compilation", "treaty-body", "other"})

# How far before the resolution cited its cue may end (a body's name may stand between:
# "submitted pursuant to Human Rights Council resolution"), how far after it a Chinese
# verb ("提交"), and how far after it the call or symbol of the document submitted, in characters.
CUE_WINDOW = 40
CUE_AFTER_WINDOW = 6
SUBMITTED_WINDOW = 80
# The most that may stand between two resolutions of one list (" and ", ", ", "和第").
LIST_JOIN = 8
SENTENCE_END = re.compile(r"[;；。]|\.(?:\s|$)")


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


@dataclass(frozen=True)
class _Details:
    """The words of mandate_details.tsv for one language, compiled."""

    form: re.Pattern | None
    consult: re.Pattern | None
    consult_end: re.Pattern | None
    anaphora: re.Pattern | None
    consultee: re.Pattern | None
    aside: re.Pattern | None
    ids: dict  # (kind, folded term) -> concept id


@lru_cache(maxsize=None)
def _details(language: str) -> _Details:
    by_kind: dict[str, list[str]] = {}
    ids: dict[tuple[str, str], str] = {}
    for row in rows_or_none("mandate_details", language):
        by_kind.setdefault(row["kind"], []).append(row["term"])
        ids.setdefault((row["kind"], term_key(row["term"])), row["id"])
    # Those consulted are named as addressees are (addressees.tsv), plus the table's own terms.
    for row in rows_or_none("addressees", language):
        if row["kind"] == "addressee":
            by_kind.setdefault("consultee", []).append(row["term"])
            ids.setdefault(("consultee", term_key(row["term"])), row["id"])
        elif row["kind"] == "aside":
            by_kind.setdefault("aside", []).append(row["term"])

    def compiled(kind: str) -> re.Pattern | None:
        terms = by_kind.get(kind)
        return re.compile(alternation(terms), re.IGNORECASE) if terms else None

    asides = by_kind.get("aside")
    return _Details(
        form=compiled("form"),
        consult=compiled("consult"),
        consult_end=compiled("consult-end"),
        anaphora=compiled("anaphora"),
        consultee=compiled("consultee"),
        aside=re.compile(rf",\s*(?:{alternation(asides)})[^,;]*(?:,|$)", re.IGNORECASE) if asides else None,
        ids=ids,
    )


def find_mandates(text: str, language: str, paragraphs, document: DocumentInfo | None) -> tuple[Mandate, ...]:
    """Mandates given by the request paragraphs, in paragraph order."""
    terms = _terms(language)
    sessions = session_pattern(language)
    if not text or sessions is None or "deliverable" not in terms:
        return ()
    details = _details(language)
    out: list[Mandate] = []
    for p in paragraphs or ():
        if p.kind != "operative" or not REQUESTING.intersection(p.actions or ((p.action,) if p.action else ())):
            continue
        begin = p.action_end if p.action_end is not None else p.start
        chunk = fold(text[begin:p.end])
        consult, consult_span = _consulted(chunk, details)
        forms = _forms(chunk, details)
        mandate = _mandate(text, language, p, terms, sessions, document)
        if mandate is not None:
            out.append(replace(mandate, forms=forms, consult=consult))
            continue
        if not (forms or consult) or details.anaphora is None or not details.anaphora.search(chunk):
            continue
        # "in preparing the above-mentioned panel discussion and report": add to those mandates.
        named = _deliverables_named(chunk, consult_span, terms)
        for index in _latest(out, named):
            earlier = out[index]
            out[index] = replace(
                earlier,
                forms=_union(earlier.forms, forms),
                consult=_union(earlier.consult, consult),
                detailed_in=_union(earlier.detailed_in, (p.id,)),
            )
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


# --- Form and consultation ---------------------------------------------------------


def _forms(chunk: str, details: _Details) -> tuple[str, ...]:
    """The forms named in a request, in text order: ("hybrid", "accessible")."""
    if details.form is None:
        return ()
    found = (details.ids.get(("form", term_key(m.group(0)))) for m in details.form.finditer(chunk))
    return _union((), tuple(f for f in found if f))


def _consulted(chunk: str, details: _Details) -> tuple[tuple[str, ...], tuple[int, int] | None]:
    """Those a request asks to consult, and the span of the words that list them."""
    if details.consult is None or details.consultee is None:
        return (), None
    cue = details.consult.search(chunk)
    if cue is None:
        return (), None
    end = len(chunk)
    stop = LIST_END.search(chunk, cue.end())
    if stop:
        end = stop.start()
    closing = details.consult_end.search(chunk, cue.end(), end) if details.consult_end else None
    if closing:
        end = closing.start()
    listed = chunk[cue.end():end]
    if details.aside is not None:
        listed = details.aside.sub(lambda m: " " * len(m.group(0)), listed)
    listed = BRACKETED.sub(lambda m: " " * len(m.group(0)), listed)
    found = (details.ids.get(("consultee", term_key(m.group(0)))) for m in details.consultee.finditer(listed))
    return _union((), tuple(f for f in found if f)), (cue.start(), end)


def _deliverables_named(chunk: str, skip: tuple[int, int] | None, terms) -> tuple[str, ...]:
    """The deliverables a paragraph names outside the list of those consulted."""
    named = []
    for match in terms["deliverable"].finditer(chunk):
        if skip and skip[0] <= match.start() < skip[1]:
            continue
        named.append(terms["ids"].get(term_key(match.group(0)), "report"))
    return _union((), tuple(named))


def _latest(mandates: list[Mandate], deliverables: tuple[str, ...]) -> list[int]:
    """Index of the most recent mandate of each deliverable, in the order named."""
    out = []
    for deliverable in deliverables:
        index = next((i for i in range(len(mandates) - 1, -1, -1) if mandates[i].deliverable == deliverable), None)
        if index is not None and index not in out:
            out.append(index)
    return out


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(first + second))


# --- Follow-up: documents submitted pursuant to a resolution -------------------------


@lru_cache(maxsize=None)
def _pursuance_words(language: str) -> dict[str, re.Pattern]:
    by_kind: dict[str, list[str]] = {}
    for row in rows_or_none("pursuance_words", language):
        by_kind.setdefault(row["kind"], []).append(row["term"])
    return {kind: re.compile(alternation(terms), re.IGNORECASE) for kind, terms in by_kind.items()}


def find_pursuances(extraction: Extraction) -> tuple[Pursuance, ...]:
    """Statements that a document was submitted pursuant to a resolution, in text order.

    The resolutions are a reference, or a list of them ("resolutions 5/1 and
    16/21"), that the cue words stand around; the document submitted is the one
    cited just after them (in a footnote called there, or written out), else
    just before the cue ("the report (A/80/123) submitted pursuant to"), else
    the document read when it names itself ("The present report was prepared
    pursuant to").
    """
    words = _pursuance_words(extraction.source.language)
    before = words.get("cue-before")
    if before is None or not extraction.references:
        return ()
    text = extraction.source.text
    folded = fold(text)
    own = extraction.document.symbol
    anchors = _anchors(extraction.references, extraction.footnotes)
    out: list[Pursuance] = []
    for group in _resolution_lists(folded, extraction.references, extraction.footnotes):
        first, last = group[0], group[-1]
        cues = [m for m in before.finditer(folded, max(0, first.start - 2 * CUE_WINDOW), first.start)
                if first.start - m.end() <= CUE_WINDOW and not _breaks(folded[m.end():first.start])]
        if not cues:
            continue
        cue, end = cues[-1], last.end
        if "cue-after" in words:
            after = words["cue-after"].search(folded, last.end, last.end + CUE_AFTER_WINDOW)
            if after is None or folded[last.end:after.start()].strip():
                continue
            end = after.end()
        submitted = _submitted(folded, cue.start(), end, anchors, words.get("self"), own)
        for ref in group:
            if submitted is not None and submitted != ref.target:
                out.append(Pursuance(submitted, ref.target, text[cue.start():end], cue.start(), end, ref.paragraph))
    return tuple(out)


def _resolution_lists(folded: str, references, footnotes) -> list[list[Reference]]:
    """Citations of resolutions and decisions in the running text, a list joined by
    "and", a comma or "、" kept together: "resolutions 5/1 and 16/21"."""
    groups: list[list[Reference]] = []
    for ref in sorted(references, key=lambda r: r.start):
        if not ref.target or describe(ref.target).kind not in MANDATING_KINDS or _in_footnote(ref.start, footnotes):
            continue
        previous = groups[-1][-1] if groups else None
        between = folded[previous.end:ref.start] if previous is not None else None
        if between is not None and len(" ".join(between.split())) <= LIST_JOIN and not _breaks(between):
            groups[-1].append(ref)
        else:
            groups.append([ref])
    return groups


def _anchors(references: tuple[Reference, ...], footnotes: tuple[Footnote, ...]) -> list[tuple[int, str]]:
    """(where it stands in the running text, symbol) of every cited document that may answer a mandate."""
    out = []
    for ref in references:
        if not ref.target or describe(ref.target).kind not in ANSWERING_KINDS:
            continue
        note = _in_footnote(ref.start, footnotes)
        where = note.call if note is not None else ref.start
        if where is not None:
            out.append((where, ref.target))
    return sorted(out)


def _in_footnote(offset: int, footnotes: tuple[Footnote, ...]) -> Footnote | None:
    return next((n for n in footnotes if n.start <= offset < n.end), None)


def _breaks(between: str) -> bool:
    return bool(SENTENCE_END.search(between))


def _submitted(folded, cue_start, end, anchors, self_words, own) -> str | None:
    after = [s for where, s in anchors if end <= where < end + SUBMITTED_WINDOW and not _breaks(folded[end:where])]
    if after:
        return after[0]
    ahead = [s for where, s in anchors if cue_start - SUBMITTED_WINDOW <= where < cue_start
             and not _breaks(folded[where:cue_start])]
    if ahead:
        return ahead[-1]
    if own and self_words is not None and self_words.search(folded, max(0, cue_start - CUE_WINDOW), end):
        return own
    return None
