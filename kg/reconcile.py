"""The reconcile stage: language versions of one document made to agree before the build.

Language versions of one document (same symbol, different language) share
their paragraph IRIs (``doc/A/HRC/RES/57/12#op5``), so what each version says
of a paragraph lands on one node of the union graph and must agree there:

- **action**: a paragraph has one ``kg:action``. The reading every version
  allows wins (Chinese 请 reads "requests" or "invites"; the French "Invite"
  settles it: invites); the other readings stay as ``kg:alsoReadAs``. Where the
  versions allow no common reading, the version with the fewest readings (then
  the first language in alphabetical order) decides, and a note says so.
- **addressees**: merged, in the order the versions name them.
- **mandates**: one mandate node per paragraph and number; the version that
  gives the most complete mandate decides its deliverable, session, body and
  addressee, the forms and those consulted are merged.
- **document facts** (session, body, kind, adoption date, meeting, vote,
  agenda item): where two versions disagree, the version with the most facts
  decides, and a note says so.
- **structure**: where the versions do not have the same paragraphs, a note
  says so; each version keeps its own paragraphs, and only the paragraph ids
  they share are reconciled.

Every version keeps its own words, offsets and evidence: only the facts that
would otherwise contradict each other are changed.

>>> from kg.records import DocumentInfo, Extraction, Paragraph, Source
>>> def version(lang, actions):
...     p = Paragraph("op5", "operative", 5, 0, 1, action=actions[0], actions=actions)
...     return Extraction(Source(f"x.{lang}.txt", "x", lang, "txt", lang * 32), DocumentInfo(symbol="A/HRC/RES/57/12"), (p,))
>>> out, notes = reconcile([version("zh", ("requests", "invites")), version("fr", ("invites",))])
>>> [(x.source.language, x.paragraphs[0].action, x.paragraphs[0].actions) for x in out]
[('zh', 'invites', ('invites', 'requests')), ('fr', 'invites', ('invites', 'requests'))]
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Sequence

from kg.iri import is_symbol
from kg.records import DocumentInfo, Extraction, Mandate, Paragraph

# The document facts that must agree across versions; the title is written in each
# language and stays each version's own.
SHARED_FACTS = ("kind", "body", "session", "adopted", "vote", "agenda_item", "meeting")

# The mandate facts that must agree across versions (the shapes allow one of each).
MANDATE_FACTS = ("deliverable", "due_session", "due_body", "relation", "addressee")


@dataclass(frozen=True)
class Note:
    """Something the build summary should say about the versions of one document."""

    symbol: str
    message: str

    def __str__(self) -> str:
        return f"{self.symbol}: {self.message}"


def reconcile(extractions: Sequence[Extraction]) -> tuple[tuple[Extraction, ...], tuple[Note, ...]]:
    """The extractions of one build with the language versions of each document reconciled.

    Returns the extractions in the order given, and the notes for the build
    summary, sorted by symbol. Documents read in one language only are returned
    unchanged; so are further files of a language already read (the build
    reports those as duplicates and does not build them).
    """
    versions: dict[str, list[int]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for index, x in enumerate(extractions):
        symbol = x.document.symbol
        if symbol and is_symbol(symbol) and (symbol, x.source.language) not in seen:
            seen.add((symbol, x.source.language))
            versions[symbol].append(index)
    out = list(extractions)
    notes: list[Note] = []
    for symbol in sorted(versions):
        indexes = versions[symbol]
        if len(indexes) < 2:
            continue
        group = [extractions[i] for i in indexes]
        reconciled, group_notes = _reconcile_document(symbol, group)
        for i, x in zip(indexes, reconciled):
            out[i] = x
        notes.extend(group_notes)
    return tuple(out), tuple(notes)


def _reconcile_document(symbol: str, group: list[Extraction]) -> tuple[list[Extraction], list[Note]]:
    notes: list[Note] = []
    structure = {x.source.language: _structure(x) for x in group}
    if len(set(structure.values())) > 1:
        described = "; ".join(f"{lang} {pp} preambular, {op} operative, {sub} sub-paragraphs"
                              for lang, (pp, op, sub, _) in sorted(structure.items()))
        notes.append(Note(symbol, f"the language versions disagree on paragraph structure ({described}); "
                                  "each version keeps its own paragraphs"))
    document = _document(symbol, group, notes)
    paragraphs = _paragraphs(symbol, group, notes)
    mandates = _mandates(group)
    out = [
        replace(x, document=_with_facts(x.document, document),
                paragraphs=tuple(paragraphs.get(p.id, {}).get(x.source.language, p) for p in x.paragraphs),
                mandates=mandates[x.source.language])
        for x in group
    ]
    return out, notes


def _structure(x: Extraction) -> tuple[int, int, int, tuple[str, ...]]:
    kinds = [p.kind for p in x.paragraphs]
    ids = tuple(p.id for p in x.paragraphs)
    return kinds.count("preambular"), kinds.count("operative"), kinds.count("subparagraph"), ids


def _order(group: list[Extraction]) -> list[Extraction]:
    """Versions by authority: most document facts first, then language code."""
    return sorted(group, key=lambda x: (-sum(getattr(x.document, f) is not None for f in SHARED_FACTS),
                                        x.source.language))


def _document(symbol: str, group: list[Extraction], notes: list[Note]) -> dict[str, object]:
    """The value of each shared fact the versions disagree on, from the most complete version."""
    chosen: dict[str, object] = {}
    ordered = _order(group)
    for name in SHARED_FACTS:
        values = {x.source.language: getattr(x.document, name) for x in ordered if getattr(x.document, name) is not None}
        if len(set(values.values())) > 1:
            value = next(iter(values.values()))
            chosen[name] = value
            said = ", ".join(f"{lang} {v}" for lang, v in sorted(values.items()))
            notes.append(Note(symbol, f"the language versions disagree on {name.replace('_', ' ')} ({said}); kept {value}"))
    return chosen


def _with_facts(document: DocumentInfo, chosen: dict[str, object]) -> DocumentInfo:
    """A version's document facts with the disagreements settled (its missing facts stay missing)."""
    settled = {name: value for name, value in chosen.items() if getattr(document, name) is not None}
    return replace(document, **settled) if settled else document


def _paragraphs(symbol: str, group: list[Extraction], notes: list[Note]) -> dict[str, dict[str, Paragraph]]:
    """Paragraph id -> language -> the reconciled paragraph, for the ids several versions share."""
    by_id: dict[str, list[Paragraph]] = defaultdict(list)
    languages: dict[int, str] = {}
    for x in sorted(group, key=lambda x: x.source.language):
        for p in x.paragraphs:
            by_id[p.id].append(p)
            languages[id(p)] = x.source.language
    out: dict[str, dict[str, Paragraph]] = {}
    for pid, versions in by_id.items():
        if len(versions) < 2:
            continue
        action, readings, disagreement = _action(versions, languages)
        if disagreement:
            said = ", ".join(f"{languages[id(p)]} {'|'.join(_readings(p))}" for p in versions if _readings(p))
            notes.append(Note(symbol, f"{pid}: the language versions allow no common action ({said}); kept {action}"))
        addressees = tuple(dict.fromkeys(a for p in versions for a in p.addressees))
        out[pid] = {
            languages[id(p)]: replace(p, action=action, actions=readings, addressees=addressees)
            if action is not None else replace(p, addressees=addressees)
            for p in versions
        }
    return out


def _readings(p: Paragraph) -> tuple[str, ...]:
    return p.actions or ((p.action,) if p.action else ())


def _action(versions: list[Paragraph], languages: dict[int, str]) -> tuple[str | None, tuple[str, ...], bool]:
    """The action every version allows, all readings with it first, and whether they disagreed."""
    read = [p for p in versions if _readings(p)]
    if not read:
        return None, (), False
    # The most specific version first: fewest readings, then language code.
    read.sort(key=lambda p: (len(_readings(p)), languages[id(p)]))
    every = [r for r in _readings(read[0]) if all(r in _readings(p) for p in read[1:])]
    action = every[0] if every else _readings(read[0])[0]
    readings = tuple(dict.fromkeys((action,) + tuple(r for p in read for r in _readings(p))))
    return action, readings, not every


def _mandates(group: list[Extraction]) -> dict[str, tuple[Mandate, ...]]:
    """Each version's mandates, with the facts of every (paragraph, number) made to agree."""
    ordered = _order(group)
    numbered: dict[tuple[str, int], list[Mandate]] = defaultdict(list)
    for x in ordered:
        counts: dict[str, int] = defaultdict(int)
        for m in x.mandates:
            counts[m.paragraph] += 1
            numbered[(m.paragraph, counts[m.paragraph])].append(m)
    settled: dict[tuple[str, int], dict[str, object]] = {}
    for key, found in numbered.items():
        best = max(found, key=lambda m: sum(getattr(m, f) is not None for f in MANDATE_FACTS))  # first of the most complete
        settled[key] = {f: getattr(best, f) for f in MANDATE_FACTS} | {
            "forms": tuple(dict.fromkeys(v for m in found for v in m.forms)),
            "consult": tuple(dict.fromkeys(v for m in found for v in m.consult)),
            "detailed_in": tuple(dict.fromkeys(v for m in found for v in m.detailed_in)),
        }
    out: dict[str, tuple[Mandate, ...]] = {}
    for x in group:
        counts = defaultdict(int)
        mandates = []
        for m in x.mandates:
            counts[m.paragraph] += 1
            mandates.append(replace(m, **settled[(m.paragraph, counts[m.paragraph])]))
        out[x.source.language] = tuple(mandates)
    return out

