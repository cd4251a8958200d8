"""Lexicon terms as patterns, and matched text as lookup keys.

The extractors find the terms of the tables in kg/data (verbs, addressees,
bodies, concepts, months, ordinals) in text converted from PDF, Word or HTML:
``fold`` evens out look-alike characters, ``term_pattern`` and ``alternation``
turn terms into regex sources that allow for line breaks and case, and
``term_key`` turns what a pattern matched back into the table's spelling of
the term. ``CaselessPattern`` searches a whole document for many terms.

>>> import re
>>> m = re.search(alternation(["Calls upon", "Calls"]), "It CALLS\\nupon States", re.IGNORECASE)
>>> m.group(0), term_key(m.group(0))
('CALLS\\nupon', 'calls upon')
"""
from __future__ import annotations

import re
from functools import lru_cache

# Characters that vary between converters but mean the same when matching:
# non-breaking and soft hyphens, typographic apostrophes, no-break spaces,
# Markdown emphasis stars. Each maps to one character, so offsets are unchanged.
_FOLD = (
    ("\u2010", "-"), ("\u2011", "-"), ("\u2012", "-"), ("\u2013", "-"), ("\u00ad", "-"),
    ("\u2018", "'"), ("\u2019", "'"), ("\u02bc", "'"),
    ("\u00a0", " "), ("\u202f", " "), ("\u3000", " "), ("\x0c", " "),
    ("*", " "),
)


def fold(text: str) -> str:
    """The text with look-alike characters folded, same length, for matching.

    >>> fold("non\\u2011governmental **鼓励**")
    'non-governmental   鼓励  '
    """
    # One str.replace per character runs in C; str.translate with a mapping
    # calls back into Python for every character and is several times slower.
    for old, new in _FOLD:
        if old in text:
            text = text.replace(old, new)
    return text


# A term that starts with a letter or digit starts a word: none may stand before it.
WORD_START = r"(?<!\w)"
# The same, written after the term's first character has been matched.
AFTER_WORD_START = r"(?<!\w.)"


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff"


def _pieces(term: str) -> list[str]:
    """The regex pieces of a term, one per character or separator, boundaries included."""
    term = fold(term).strip()
    out: list[str] = []
    for i, ch in enumerate(term):
        if ch.isspace():
            if out and out[-1] != r"\s+":
                out.append(r"\s+")
        elif ch == "-":
            out.append(r"-\s*")
        else:
            out.append(re.escape(ch.lower()))
            nxt = term[i + 1] if i + 1 < len(term) else " "
            if (_is_cjk(ch) or _is_cjk(nxt)) and not nxt.isspace():
                out.append(r"\s*")
    if term and _is_arabic(term[0]):
        # Arabic writes the proclitics wa-, bi-, li-, fa-, ka- onto the next word: "والإعلان".
        out.insert(0, r"(?:(?<!\w)|(?<=(?<!\w)[وبلفك]))")
    elif term and term[0].isalnum() and not _is_cjk(term[0]):
        out.insert(0, WORD_START)
    if term and term[-1].isalnum() and not _is_cjk(term[-1]):
        # a letter may not follow; a digit may, as footnote calls are glued on: "Initiative6"
        out.append(r"(?![^\W\d_])")
    return out


def term_pattern(term: str) -> str:
    """A regex source for a lexicon term, to be compiled with ``re.IGNORECASE``:
    spaces match any run of whitespace (line breaks included), a hyphen may be
    followed by a line-break space ("nuclear- weapon"), and Chinese characters
    may be split by whitespace. Word boundaries guard alphabetic terms; a digit
    may follow a term, since footnote calls are glued to the word they follow.

    >>> import re
    >>> bool(re.search(term_pattern("Calls upon"), "Calls \\nupon States", re.IGNORECASE))
    True
    """
    return "".join(_pieces(term))


def alternation(terms, first_characters: int = 1) -> str:
    """One regex for many terms, compiled with ``re.IGNORECASE``: the terms are
    merged into a trie of their pieces so that matching does not try every term
    at every position, and a longer term wins over its prefix ("Notes with
    concern" over "Notes").

    ``first_characters`` is how many different first characters the terms
    opening with a word boundary may have for the boundary to be written after
    the first character (see ``_first_character_first``).

    >>> import re
    >>> re.search(alternation(["Notes", "Notes with concern"]), "Notes with concern the", re.IGNORECASE).group(0)
    'Notes with concern'
    """
    trie: dict = {}
    for term in terms:
        if not term.strip():
            continue
        node = trie
        for piece in _pieces(term):
            node = node.setdefault(piece, {})
        node[""] = {}
    _first_character_first(trie, first_characters)
    return _render(trie)


def _first_character_first(trie: dict, most: int) -> None:
    """Where the terms opening with a word boundary start with at most ``most``
    different characters, move the boundary after the first character:
    "d(?<!\\w.)ecision" for "(?<!\\w)decision".

    Both match the same text, as the first characters differ from one branch
    to the next. A search tries a pattern at every position of the text: one
    whose branches start with a character fails at once wherever the text has
    another, and a case-sensitive one (see ``CaselessPattern``) lets the regex
    engine skip along to those characters; a leading look-behind reads the
    character before first. With many first characters, or with
    ``re.IGNORECASE`` and more than one, the look-behind is the cheaper test.
    """
    below = trie.get(WORD_START)
    if below is None or len(below) > most:
        return
    moved = {}
    for piece, rest in below.items():
        character = piece[1:] if piece.startswith("\\") else piece
        if len(character) != 1:
            return  # a character whose lowercase is longer ("İ"): left as it is
        moved[piece] = {AFTER_WORD_START: rest}
    del trie[WORD_START]
    trie.update(moved)


def _render(node: dict) -> str:
    # A closing word boundary ends a term: try it after every longer continuation.
    order = sorted((p for p in node if p), key=lambda p: (p.startswith("(?!"), p))
    branches = [piece + _render(node[piece]) for piece in order]
    if "" in node:
        branches.append("")  # the term may end here: tried after every longer one
    if not branches:
        return ""
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


# Letters that re.IGNORECASE takes for one another although lowercasing keeps
# them apart ("s" and "ſ", "σ" and "ς"), by code point.
try:
    from re._casefix import _EXTRA_CASES as _CASE_VARIANTS
except ImportError:  # before Python 3.11, sre_compile held them
    try:
        from sre_compile import _ignorecase_fixes as _CASE_VARIANTS
    except ImportError:
        _CASE_VARIANTS = None


# Case-sensitive, a search skips along to the first characters of the terms
# when they are few (see _first_character_first): up to a dozen, that is faster
# than testing the word boundary at every position.
CASELESS_FIRST_CHARACTERS = 12


class CaselessPattern:
    """Lexicon terms compiled to be searched for regardless of case, fast.

    With ``re.IGNORECASE`` the regex engine compares every character through
    its case tables, which makes a search over a whole document with a large
    alternation several times slower than a case-sensitive one. The terms'
    patterns hold lowercase letters only (see ``term_pattern``), so searching
    the lowercased text case-sensitively finds the same spans: lowercasing
    changes no character class (letter, digit, space) and, but for the dotted
    capital I and the final sigma, keeps every offset. Texts with either of
    those, or with a letter IGNORECASE would take for one of the pattern's,
    are searched with ``re.IGNORECASE`` as before.

    Matches of the lowercased text carry lowercased strings: read what a match
    covers from its offsets (``text[m.start():m.end()]``), not ``m.group()``.

    >>> p = CaselessPattern(["Human Rights Council"])
    >>> [m.span() for m in p.finditer("the HUMAN RIGHTS Council")]
    [(4, 24)]
    """

    def __init__(self, terms, group: str | None = None):
        """``terms`` as one alternation, in the named ``group`` if one is given."""
        terms = list(terms)

        def source(first_characters: int) -> str:
            alternatives = alternation(terms, first_characters)
            return f"(?P<{group}>{alternatives})" if group else alternatives

        # The case-insensitive pattern serves only texts the lowercased one
        # cannot: it is compiled the first time one comes.
        self._source = source(1)
        self._pattern: re.Pattern | None = None
        self._lowered = None
        if _CASE_VARIANTS is not None:
            # the letters of the pattern, lowercased one by one as _pieces does
            letters = {low for term in terms for ch in fold(term) for low in ch.lower()}
            variants = sorted({chr(v) for ch in letters for v in _CASE_VARIANTS.get(ord(ch), ())})
            self._lowered = re.compile(source(CASELESS_FIRST_CHARACTERS))
            self._variants = tuple(variants)

    @property
    def pattern(self) -> re.Pattern:
        """The terms compiled with ``re.IGNORECASE``."""
        if self._pattern is None:
            self._pattern = re.compile(self._source, re.IGNORECASE)
        return self._pattern

    def finditer(self, text: str):
        """The matches of the terms in ``text``, as ``re.Pattern.finditer`` gives them."""
        pattern, subject = self._choose(text)
        return pattern.finditer(subject)

    def search(self, text: str, pos: int = 0) -> re.Match | None:
        """The first match of the terms in ``text`` from ``pos``, as ``re.Pattern.search`` gives it."""
        pattern, subject = self._choose(text)
        return pattern.search(subject, pos)

    def _choose(self, text: str) -> tuple[re.Pattern, str]:
        if self._lowered is not None:
            lowered = _lowercased(text)
            if lowered is not None and not _holds_any(lowered, self._variants):
                return self._lowered, lowered
        return self.pattern, text


def _holds_any(text: str, letters: tuple[str, ...]) -> bool:
    """Whether ``text`` holds any of ``letters``."""
    # One "in" per letter runs at memory speed, where a character class is
    # tested character by character. Patterns of one language share their
    # letters: a long text is asked once.
    if len(text) > LONG_TEXT:
        return _holds_any_once(text, letters)
    return any(letter in text for letter in letters)


@lru_cache(maxsize=16)
def _holds_any_once(text: str, letters: tuple[str, ...]) -> bool:
    return any(letter in text for letter in letters)


def _lowercased(text: str) -> str | None:
    """``text`` lowercased, offsets kept; None where lowercasing would move them
    (a dotted capital I becomes two characters) or would depend on the next
    character (a capital sigma, final or not)."""
    # Several patterns search one document: lowercasing a long text that is
    # not ASCII costs more than their searches, so it is done once.
    return _lowercased_once(text) if len(text) > LONG_TEXT else _lowercase(text)


@lru_cache(maxsize=8)
def _lowercased_once(text: str) -> str | None:
    return _lowercase(text)


def _lowercase(text: str) -> str | None:
    if "\u0130" in text or "\u03a3" in text:
        return None
    return text.lower()


# A text longer than this, in characters, is a document or a large part of one
# (paragraphs are shorter): what is computed from it once is kept for the next
# stage that asks.
LONG_TEXT = 4000


@lru_cache(maxsize=4096)
def term_key(term: str) -> str:
    """The lookup key of a matched term: folded, lowercased, whitespace as
    written in the table (single spaces, none beside Chinese characters).

    >>> term_key("2030 年可持续发展议程"), term_key("Calls \\nupon"), term_key("nuclear- weapon")
    ('2030年可持续发展议程', 'calls upon', 'nuclear-weapon')
    """
    words = fold(term).lower().replace("- ", "-").split()
    out = ""
    for word in words:
        if out and not (_is_cjk(out[-1]) or _is_cjk(word[0])):
            out += " "
        out += word
    return out
