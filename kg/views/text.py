"""Text for tooltips and labels: the language a reader asked for, short excerpts, symbol order."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

# A tooltip shows at most this many characters of a paragraph.
EXCERPT_CHARS = 300
NUMBER_RUNS = re.compile(r"(\d+)")


def pick_language(values: Iterable[tuple[str | None, str | None]], lang: str) -> list[str]:
    """The texts in the language that suits ``lang`` best, sorted.

    Preference: ``lang`` (any region or script subtag), untagged, English, then the
    first other tag in alphabetical order.

    >>> pick_language([("Titre", "fr"), ("Title", "en"), ("标题", "zh")], "zh")
    ['标题']
    >>> pick_language([("Titre", "fr"), ("Title", "en")], "ru")
    ['Title']
    """
    values = [(text, (tag or "").lower()) for text, tag in values if text]
    if not values:
        return []
    want = lang.lower().split("-")[0]

    def rank(tag: str) -> tuple[int, str]:
        if tag.split("-")[0] == want:
            return (0, tag)
        return ({"": 1, "en": 2}.get(tag, 3), tag)

    best = min(rank(tag) for _, tag in values)
    return sorted({text for text, tag in values if rank(tag) == best})


def first_in_language(values: Iterable[tuple[str | None, str | None]], lang: str, default: str = "") -> str:
    """The first of ``pick_language``, or ``default`` when there is no text at all."""
    picked = pick_language(values, lang)
    return picked[0] if picked else default


def squash(text: str) -> str:
    """``text`` with runs of white space made one space."""
    return " ".join(text.split())


def excerpt(text: str, quote: str | None = None, limit: int = EXCERPT_CHARS) -> str:
    """At most about ``limit`` characters of ``text``, centred on ``quote`` when it is found.

    >>> excerpt("a " * 10 + "the cited words" + " b" * 10, "cited words", limit=20)
    '… the cited words b b …'
    """
    text = squash(text)
    if len(text) <= limit:
        return text
    at = text.casefold().find(squash(quote).casefold()) if quote else -1
    middle = at + len(squash(quote or "")) // 2 if at >= 0 else limit // 2
    start = max(0, min(middle - limit // 2, len(text) - limit))
    end = start + limit
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")


@lru_cache(maxsize=1 << 16)  # a view sorts by the same symbols and paragraph ids again and again
def symbol_key(symbol: str) -> tuple:
    """A sort key that puts ``A/HRC/RES/9/1`` before ``A/HRC/RES/24/2``."""
    parts = NUMBER_RUNS.split(symbol)
    return (tuple(int(part) if index % 2 else part for index, part in enumerate(parts)), symbol)


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 paragraph``, ``2 paragraphs``.

    >>> plural(1, "hop"), plural(3, "hop"), plural(2, "body", "bodies")
    ('1 hop', '3 hops', '2 bodies')
    """
    return f"{count} {word if count == 1 else many or word + 's'}"
