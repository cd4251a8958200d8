"""The references stage: every UN document a text cites, resolved to its symbol.

The anchor pattern (``kg.patterns``), tried wherever a slash or a bracket
stands, finds the symbols written out ("A/HRC/56/32", "A/57/759-S/2003/332")
and the numbers of short forms ("24/2", "2250 (2015)", "2200 A (XXI)"). A
number is a citation only when the words before it make it one ("its
resolution", "Council resolution", "résolution", "第 … 号决议") or when it
continues a list opened by such words ("its resolutions 47/19 of 24 November
1992, 48/16 of 3 November 1993 and …"); its body is then decided by
``kg.resolve``.
Page furniture is blanked first, so lists and dates run on across page breaks;
footnote bodies are read apart from the running text, so a footnote printed in
the middle of a list does not cut it.

>>> from kg.records import DocumentInfo, Segmentation
>>> doc = DocumentInfo(symbol="A/HRC/RES/57/12", body="HRC")
>>> [(r.target, r.date) for r in find_references(
...     "Recalling its resolution 24/2 of 26 September 2013,", "en", doc, Segmentation(doc, ()))]
[('A/HRC/RES/24/2', '2013-09-26')]
"""
from __future__ import annotations

import datetime
import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace

from kg.patterns import DUAL_JOIN, HINT, RESOLUTION_SUFFIX, TOKEN_CHARS, URL_REST, Grammar, grammar, term_key
from kg.records import DocumentInfo, Footnote, Reference, Segmentation
from kg.resolve import OTHER, ShortForm, canonical_symbol, citing_body, resolve, short_form

# How far before a number its cue words may start ("Economic and Social Council
# in its resolution" broken over indented lines fits easily).
CUE_WINDOW = 200

# How far before a number the last word of its cue may start, and how far
# before a bracket the number of "2200 A (XXI)" may start.
LAST_WORD_WINDOW = 48
HEAD_WINDOW = 12

# How far back a token may run into a slash ("CONF.189", "WG.6").
TOKEN_WINDOW = 40

# How far before a number a Chinese date and subject may start, and how far
# back a Chinese sentence may have named the body.
DATE_WINDOW = 240
SENTENCE_WINDOW = 400

# How far before a footnote call the date it completes may start.
CALL_WINDOW = 80

# Where a Chinese sentence or paragraph ends: the body named before a
# citation must stand after the last of these.
_SENTENCE_ENDS = ("\n\n", "。", "；")


def find_references(text: str, language: str, document: DocumentInfo,
                    segmentation: Segmentation, paragraph_of=None) -> list[Reference]:
    """The UN documents ``text`` cites, in text order, one reference per mention.

    ``target`` is the canonical symbol (``None`` when no body can be decided),
    ``date`` the ISO date written beside the citation, ``text`` the cited
    words (``text[start:end]``), ``also`` the other symbol of a dual-symbol
    document. The document's own symbol, "the present resolution" and the
    resolutions of bodies outside the UN are not references. ``paragraph_of``,
    when given, maps a reference's start to the ``paragraph`` it stands in.
    """
    g = grammar(language)
    own = canonical_symbol(document.symbol) if document.symbol else None
    notes = sorted((f.start, f.end) for f in segmentation.footnotes if f.end > f.start)
    hidden = list(segmentation.furniture) + _own_header_lines(text, document.symbol)
    view = _blank(text, hidden)
    running = _blank(view, notes)
    scan = _Scan(g, text, citing_body(document), own, paragraph_of or _nowhere)
    found = scan.run(running, 0, len(text))
    for start, end in notes:
        found.extend(scan.run(view, start, end))
    found = _date_from_calls(found, g, running, text, segmentation.footnotes)
    unique = {(r.start, r.end, r.target): r for r in found}
    return sorted(unique.values(), key=lambda r: (r.start, r.end, r.target or ""))


@dataclass
class _Member:
    """A number of a list, before its body is decided."""

    form: ShortForm
    start: int
    end: int
    date: str | None
    named: str | None  # body named right after it ("de l’Assemblée générale")


@dataclass
class _List:
    """Numbers cited together after one cue: they share its kind and body."""

    named: str | None  # body named with the cue
    own: bool  # "its resolutions"
    end: int  # where the last member (with its date) ends
    members: list[_Member] = field(default_factory=list)


class _Scan:
    """One scan of a text (or of one footnote) for references."""

    def __init__(self, g: Grammar, text: str, citing: str | None, own: str | None, paragraph_of):
        self.g = g
        self.text = text
        self.citing = citing
        self.own = own
        self.paragraph_of = paragraph_of

    def run(self, view: str, lo: int, hi: int) -> list[Reference]:
        """References in ``view[lo:hi]``; ``view`` is the text with parts blanked."""
        out: list[Reference] = []
        current: _List | None = None
        consumed = lo
        for m in _anchors(self.g, view, lo, hi):
            start = m.start()
            if start < consumed:
                continue  # inside the second symbol of a dual symbol
            kind = m.lastgroup
            if kind == "item":
                if current is not None and self.g.separator.fullmatch(view, current.end, start):
                    self._continue(current, view, m, hi)
                    continue
                out.extend(self._close(current))
                current = self._open(view, m, lo, hi)
                continue
            out.extend(self._close(current))
            current = None
            if kind == "symbol":
                ref, consumed = self._symbol(view, m, hi)
            else:
                ref, consumed = self._statement(view, m, hi)
            if ref is not None:
                out.append(ref)
        out.extend(self._close(current))
        return out

    # -- symbols written out ---------------------------------------------

    def _symbol(self, view: str, m: re.Match, hi: int) -> tuple[Reference | None, int]:
        start, end = m.span("symbol")
        target = canonical_symbol(view[start:end])
        if not any(ch.isdigit() for ch in target):
            return None, end  # "S/he", "A/B": a slash, not a symbol
        target, end = self._suffixes(view, target, end, hi)
        also: tuple[str, ...] = ()
        join = DUAL_JOIN.match(view, end, hi)
        if join:
            second = self.g.symbol_at.match(view, join.end(), hi)
            if second and any(ch.isdigit() for ch in second.group()):
                other, end = self._suffixes(view, canonical_symbol(second.group()), second.end(), hi)
                also = (other,)
        if self.own is not None and self.own in (target, *also):
            return None, end
        date = self._date_after(view, end, hi)
        return Reference(target, date, self.text[start:end], start, end,
                         paragraph=self.paragraph_of(start), also=also), end

    def _suffixes(self, view: str, target: str, end: int, hi: int) -> tuple[str, int]:
        """Part letter, bracketed session or year, "(Part I)" after a symbol."""
        if "/RES/" in target or "/DEC/" in target:
            s = RESOLUTION_SUFFIX.match(view, end, hi)
            if s and s.end() > end:
                bracket = s.group("annual") or s.group("roman")
                if bracket:
                    target += f"({bracket})"
                end = s.end()
        p = self.g.part_suffix.match(view, end, hi)
        if p:
            label = "Vol." if self.g.roles.get(term_key(p.group("part"))) == "volume" else "Part"
            target += f"({label}{p.group('partno')})"
            end = p.end()
        return target, end

    def _statement(self, view: str, m: re.Match, hi: int) -> tuple[Reference | None, int]:
        start, end = m.span("prst")
        form = short_form("statement", m.group("prst_first"), m.group("prst_number"))
        target = resolve(form, None, self.citing)
        if target is None or target == self.own:
            return None, end
        date = self._date_after(view, end, hi)
        return Reference(target, date, self.text[start:end], start, end, paragraph=self.paragraph_of(start)), end

    def _date_after(self, view: str, end: int, hi: int) -> str | None:
        t = self.g.tail.match(view, end, hi)
        return _iso(t, self.g) if t and t.group("date") else None

    # -- short forms -----------------------------------------------------

    def _open(self, view: str, m: re.Match, lo: int, hi: int) -> _List | None:
        """A list opened by the cue words before the number ``m``, or None."""
        if self.g.cue_last:
            return self._open_cue_last(view, m, lo, hi)
        start, end = m.span("item")
        if not self._after_cue_word(view, lo, start):
            return None
        cue = self.g.cue_before.search(view, max(lo, start - CUE_WINDOW), start)
        if cue is None or cue.group("deictic"):
            return None
        if self.g.annex_before.search(view, max(lo, cue.start() - 40), cue.start()):
            return None
        role = self.g.roles.get(term_key(cue.group("word")), "resolution")
        named = self._body(cue.group("body1")) or self._body(cue.group("body2"))
        current = _List(named=named, own=bool(cue.group("own")) or role.endswith("-own"), end=end)
        kind = role.removesuffix("-own")
        self._add(current, view, m, hi, kind, cue.start())
        return current

    def _open_cue_last(self, view: str, m: re.Match, lo: int, hi: int) -> _List | None:
        """Chinese order: "2013 年 9 月 26 日第 24/2 号决议", the body named
        earlier in the sentence ("人权理事会…决议", "大会…决议")."""
        start, end = m.span("item")
        cue = self.g.cue_before.search(view, max(lo, start - HEAD_WINDOW), start)
        if cue is None:
            return None
        after = self.g.cue_after.match(view, end, hi)
        if after is None:
            return None
        dated = self.g.date_before.search(view, max(lo, start - DATE_WINDOW), start)
        begin = dated.start() if dated else cue.start()
        if self.g.annex_before.search(view, max(lo, begin - 40), begin):
            return None
        own = bool(cue.group("own"))
        if own:
            # "大会在其第 60/251 号决议中": "its" is the body just before it.
            subject = self.g.own_subject.search(view, max(lo, cue.start() - HEAD_WINDOW), cue.start())
            named = self._body(subject.group("body")) if subject else None
        else:
            named = self._body_in_sentence(view, lo, begin)
        current = _List(named=named, own=own, end=end)
        kind = self.g.roles.get(term_key(after.group("word")), "resolution").removesuffix("-own")
        form = _form(m, kind)
        # "第 24/2 号决议" is the cited words; in "第5/1号和第16/21号决议" the
        # first number's words stop at the number.
        words_end = end if any(ch.isdigit() for ch in view[end:after.end()]) else after.end()
        current.members.append(_Member(form, cue.start("open"), words_end,
                                       _iso(dated, self.g) if dated else None, None))
        return current

    def _continue(self, current: _List, view: str, m: re.Match, hi: int) -> None:
        kind = current.members[0].form.kind if current.members else "resolution"
        self._add(current, view, m, hi, kind, m.start("item"))

    def _add(self, current: _List, view: str, m: re.Match, hi: int, kind: str, text_start: int) -> None:
        end = m.end("item")
        form = _form(m, kind)
        if self.g.cue_last:
            current.members.append(_Member(form, text_start, end, None, None))
            current.end = end
            return
        tail = self.g.tail.match(view, end, hi)
        date = _iso(tail, self.g) if tail.group("date") else None
        named = self._body(tail.group("body_after"))
        current.members.append(_Member(form, text_start, end, date, named))
        current.end = tail.end() if (date or named) else end

    def _close(self, current: _List | None) -> list[Reference]:
        """The references of a finished list, each resolved with its body."""
        if current is None or not current.members:
            return []
        trailing = current.members[-1].named
        _share_last_date(current.members)
        out = []
        for member in current.members:
            named = member.named or current.named
            if named is None and not current.own:
                # "résolutions 5/1 et 16/21 du Conseil des droits de l’homme":
                # a body named after the last number names them all.
                named = trailing
            if named == OTHER:
                continue
            target = resolve(member.form, named, self.citing)
            if target is not None and target == self.own:
                continue
            out.append(Reference(target, member.date, self.text[member.start:member.end],
                                 member.start, member.end, paragraph=self.paragraph_of(member.start)))
        return out

    def _after_cue_word(self, view: str, lo: int, start: int) -> bool:
        """Whether the word before ``start`` can end a cue ("resolution",
        "Council", "No."): a cheap test before the cue pattern runs."""
        before = view[max(lo, start - LAST_WORD_WINDOW):start].rstrip(" \t\n\r\f:")
        cut = max(before.rfind(" "), before.rfind("\n"), before.rfind("\t"))
        word = term_key(before[cut + 1:])
        if word in self.g.cue_ends:
            return True
        return any(word.startswith(p) and word[len(p):] in self.g.cue_ends for p in self.g.proclitics)

    def _body(self, words: str | None) -> str | None:
        return self.g.bodies.get(term_key(words)) if words else None

    def _body_in_sentence(self, view: str, lo: int, before: int) -> str | None:
        begin = max(lo, before - SENTENCE_WINDOW)
        for end_mark in _SENTENCE_ENDS:
            found = view.rfind(end_mark, begin, before)
            if found >= 0:
                begin = max(begin, found + len(end_mark))
        last = None
        for b in self.g.body.finditer(view, begin, before):
            last = b
        return self._body(last.group()) if last else None


def _anchors(g: Grammar, view: str, lo: int, hi: int):
    """Anchor matches in ``view[lo:hi]``, in order, none overlapping: the
    anchor pattern is tried only where a slash's token or a bracket's number
    starts, and web addresses are stepped over."""
    at = lo
    for hint in HINT.finditer(view, lo, hi):
        h = hint.start()
        if h < at:
            continue
        if view[h] == "/":
            if h > lo and view[h - 1] == ":":
                url = URL_REST.match(view, h, hi)
                if url and url.end() > h + 2:
                    at = url.end()
                continue
            window = view[max(lo, h - TOKEN_WINDOW):h]
            start = h - (len(window) - len(window.rstrip(TOKEN_CHARS)))
            # "دإ-30/1": the token stops at the script change, on the mark's hyphen.
            for mark in g.special_marks:
                if view.endswith(mark, lo, start + 1):
                    start = start + 1 - len(mark)
                    break
        else:
            head = g.item_head.search(view, max(lo, h - HEAD_WINDOW), h)
            if head is None:
                continue
            start = head.start()
        if start < at:
            continue
        m = g.anchor.match(view, start, hi)
        if m is not None and m.end() > h:
            at = m.end()
            yield m


def _nowhere(offset: int) -> None:
    return None


def _share_last_date(members: list[_Member]) -> None:
    """"resolutions 5/1 and 5/2 of 18 June 2007": a date written once after a
    list of resolutions of one session dates them all, when none of the
    others has its own."""
    last = members[-1]
    if len(members) < 2 or last.date is None:
        return
    earlier = members[:-1]
    if all(m.date is None and (m.form.style, m.form.first) == (last.form.style, last.form.first)
           for m in earlier):
        for m in earlier:
            m.date = last.date


def _form(m: re.Match, kind: str) -> ShortForm:
    if m.group("n"):
        roman = m.group("roman") or ""
        if m.group("session_no"):
            roman = _roman(int(m.group("session_no")))
        return short_form(kind, "", m.group("n"), annual=m.group("annual") or "", roman=roman)
    special = "S-" if m.group("special_mark") else m.group("special") or ""
    return short_form(kind, m.group("first"), m.group("number"), special=special)


def _roman(number: int) -> str:
    """Roman numeral of a session number (1..89)."""
    out = ""
    for value, numeral in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out += numeral
            number -= value
    return out


def _date_from_calls(found: list[Reference], g: Grammar, running: str, text: str,
                     footnotes: tuple[Footnote, ...]) -> list[Reference]:
    """A date written just before a footnote call dates the one document the
    footnote cites: "the report of the Secretary-General of 10 October 1990 4"
    with footnote "4 A/45/435." is A/45/435 of 10 October 1990."""
    if not footnotes or not found:
        return found
    found = sorted(found, key=lambda r: r.start)
    starts = [r.start for r in found]
    for note in footnotes:
        if note.call is None:
            continue
        dated = g.date_before_call.search(running, max(0, note.call - CALL_WINDOW), note.call)
        if dated is None:
            continue
        first = bisect_left(starts, note.start)
        inside = []
        for index in range(first, len(found)):
            if found[index].start >= note.end:
                break
            inside.append(index)
        if not inside or len({found[i].target for i in inside}) != 1:
            continue
        lead = g.footnote_lead.match(text, note.start, note.end)
        head = found[inside[0]]
        if lead is None or lead.end() != head.start:
            continue  # the footnote says more than the symbol
        date = _iso(dated, g)
        for index in inside:
            if found[index].date is None:
                found[index] = replace(found[index], date=date)
    return found


def _iso(m: re.Match, g: Grammar) -> str | None:
    """The ISO form of a date matched by a language's date pattern."""
    groups = m.groupdict()
    month = g.months.get(term_key(groups["month"])) if groups.get("month") else None
    if month is None and groups.get("mm"):
        month = int(groups["mm"])
    try:
        return datetime.date(int(groups["year"]), month, int(groups["day"])).isoformat()
    except (TypeError, ValueError):
        return None


def _blank(text: str, spans) -> str:
    """``text`` with each span turned to spaces, line breaks kept, same length."""
    spans = sorted((max(0, a), min(len(text), b)) for a, b in spans if b > a)
    if not spans:
        return text
    pieces = []
    at = 0
    for a, b in spans:
        if b <= at:
            continue
        a = max(a, at)
        pieces.append(text[at:a])
        # spaces for every character but a line break, built from the lengths
        # of the lines it spans, which is faster than substituting character by character
        pieces.append("\n".join(" " * len(part) for part in text[a:b].split("\n")))
        at = b
    pieces.append(text[at:])
    return "".join(pieces)


def _own_header_lines(text: str, symbol: str | None) -> list[tuple[int, int]]:
    """Lines that start with the document's own symbol: running page headers
    ("A/RES/80/4 Necessity of ending the …"), whose title would cut a list or
    a date carried over the page break."""
    if not symbol:
        return []
    spans = []
    at = text.find(symbol)
    while at >= 0:
        line_start = text.rfind("\n", 0, at) + 1
        if not text[line_start:at].strip(" \t\f"):
            line_end = text.find("\n", at)
            spans.append((line_start, len(text) if line_end < 0 else line_end))
        at = text.find(symbol, at + len(symbol))
    return spans
