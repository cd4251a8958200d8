"""Numbers written in words: session ordinals and dates, in the six languages.

"Sixty-third session", "第六十三届会议", "soixante-troisième session" name a
session by an ordinal word; "19 September 2025", "2024 年 10 月 10 日" are
dates. The words are data (``ordinals.tsv``, ``months.tsv``, one row per
term per language); compound ordinals are generated from their ten and unit
rows by the table's templates.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.lexicon import TableError, by_language
from kg.terms import alternation, fold, term_pattern

# "19 September 2025", "1er octobre 2024", "26 de septiembre de 2013": day, month name, year.
DAY_MONTH_YEAR = r"(?P<d>\d{{1,2}})(?:er)?\s+(?:de\s+)?(?P<m>{months})\s+(?:de\s+)?(?P<y>\d{{4}})"
# "2024 年 10 月 10 日": Chinese dates are numeric, year first.
CJK_DATE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")


@lru_cache(maxsize=None)
def _months(language: str) -> dict[str, int]:
    return {fold(r["term"]).lower(): int(r["month"]) for r in by_language("months", language)}


@lru_cache(maxsize=None)
def _date_pattern(language: str) -> re.Pattern | None:
    months = _months(language)
    if not months:
        return None
    names = sorted(months, key=len, reverse=True)
    source = DAY_MONTH_YEAR.format(months="|".join(term_pattern(n) for n in names))
    return re.compile(source, re.IGNORECASE)


def find_date(text: str, language: str) -> tuple[str, int, int] | None:
    """The first date in ``text`` as (ISO date, start, end), or None.

    >>> find_date("adopted on 19 September 2025", "en")
    ('2025-09-19', 11, 28)
    """
    return _read_date(text, language, at_start=False)


def date_at_start(text: str, language: str) -> tuple[str, int, int] | None:
    """The date ``find_date`` finds when it starts ``text``, else None, read
    without looking through the rest of the text.

    >>> date_at_start("29 October 2025", "en"), date_at_start("adopted on 29 October 2025", "en")
    (('2025-10-29', 0, 15), None)
    """
    return _read_date(text, language, at_start=True)


def _read_date(text: str, language: str, at_start: bool) -> tuple[str, int, int] | None:
    """The earliest of the first written-out date with a known month and the first CJK date.

    ``at_start`` reads only a date that opens the text (``match``, not ``finditer``).
    """
    folded = fold(text)
    found = []
    pattern = _date_pattern(language)
    if pattern:
        for match in [pattern.match(folded)] if at_start else pattern.finditer(folded):
            month = match and _months(language).get(" ".join(match.group("m").lower().split()))
            if month:
                found.append((match.start(), match.end(), int(match.group("y")), month, int(match.group("d"))))
                break
    match = CJK_DATE.match(folded) if at_start else CJK_DATE.search(folded)
    if match:
        found.append((match.start(), match.end(), int(match.group("y")), int(match.group("m")), int(match.group("d"))))
    if not found:
        return None
    start, end, y, m, d = min(found)
    return f"{y:04d}-{m:02d}-{d:02d}", start, end


@lru_cache(maxsize=None)
def _ordinals(language: str) -> dict[str, int]:
    """Every ordinal word of a language with its value, compounds included."""
    try:
        rows = by_language("ordinals", language)
    except TableError:
        return {}
    words: dict[str, int] = {}
    tens, units, compounds = [], [], []
    for row in rows:
        role, term = row["role"], fold(row["term"]).lower()
        value = int(row["value"]) if row["value"].isdigit() else 0
        if role == "ordinal":
            words.setdefault(term, value)
        elif role == "ten":
            tens.append((term, value))
        elif role == "unit":
            units.append((term, value))
        elif role == "compound":
            compounds.append(row["term"])
    for template in compounds:
        for ten, tv in tens:
            for unit, uv in units:
                words.setdefault(fold(template.format(ten=ten, unit=unit)).lower(), tv + uv)
    return words


@lru_cache(maxsize=None)
def _ordinal_ending(language: str) -> str:
    try:
        rows = by_language("ordinals", language)
    except TableError:
        return ""
    return next((r["term"] for r in rows if r["role"] == "ending"), "")


@lru_cache(maxsize=None)
def ordinal_source(language: str) -> str:
    """A regex source matching any ordinal word of ``language`` (longest first)."""
    words = _ordinals(language)
    if not words:
        return ""
    ending = _ordinal_ending(language)
    if ending:
        # Stems take a case ending: шестьдесят третьей, пятьдесят седьмая.
        stems = sorted(words, key=len, reverse=True)
        body = "|".join(term_pattern(w).removesuffix(r"(?![^\W\d_])") for w in stems)
        return f"(?:{body}){ending}(?![^\\W\\d_])"
    return alternation(words)


def ordinal_value(word: str, language: str) -> int | None:
    """The number an ordinal word stands for, or None.

    >>> ordinal_value("Forty-third", "en"), ordinal_value("五十七", "zh")
    (43, 57)
    """
    words = _ordinals(language)
    key = " ".join(fold(word).lower().replace("- ", "-").split())
    if key in words:
        return words[key]
    ending = _ordinal_ending(language)
    if ending:
        for stem in sorted(words, key=len, reverse=True):
            if key.startswith(stem) and re.fullmatch(ending, key[len(stem):]):
                return words[stem]
    key = key.replace(" ", "")
    return words.get(key) if language == "zh" else None
