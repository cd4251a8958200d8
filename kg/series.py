"""What a canonical symbol says about the document it names.

A cited document that was not read is still described by its symbol: the
series gives its kind and body (``kg/data/symbol_series.tsv``), the numbers
its session, the ``L.`` segment marks a draft.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.lexicon import table

# Session number: the segment after the series' "RES/", "DEC/", "PRST/" or the
# body's own prefix: A/HRC/RES/57/12 -> 57, A/HRC/56/32 -> 56, A/80/L.2 -> 80,
# A/HRC/WG.6/48/SVN/2 -> 48, A/RES/S-10/2 -> none (special session).
SESSION = re.compile(
    r"""^(?:A/HRC/(?:RES/|DEC/|PRST/|WG\.\d+/)?|A/(?:RES/|DEC/)?)
        (?P<session>\d{1,3})/""",
    re.VERBOSE,
)
# General Assembly resolutions before 1976 carry the session as a Roman
# numeral: A/RES/2200(XXI) was adopted at the twenty-first session.
ROMAN_SESSION = re.compile(r"^A/RES/\d+\((?P<roman>[IVXL]+)\)$")
# A draft: an "L." document (A/HRC/57/L.12, A/80/L.2/Rev.1).
DRAFT = re.compile(r"/L\.\d")


@dataclass(frozen=True)
class SymbolFacts:
    kind: str  # resolution, decision, report, treaty-body, president-statement, draft, other
    body: str | None
    session: int | None


@lru_cache(maxsize=4096)
def describe(symbol: str) -> SymbolFacts:
    """Kind, body and session that a canonical symbol implies.

    >>> describe("A/HRC/RES/24/2")
    SymbolFacts(kind='resolution', body='HRC', session=24)
    >>> describe("CEDAW/C/SVN/CO/7").kind
    'treaty-body'
    """
    best = None
    for row in table("symbol_series"):
        if symbol.startswith(row["prefix"]) and (best is None or len(row["prefix"]) > len(best["prefix"])):
            best = row
    kind = best["kind"] if best else "other"
    body = best["body"] if best else None
    if DRAFT.search(symbol):
        kind = "draft"
    match = SESSION.match(symbol)
    session = int(match.group("session")) if match else None
    roman = ROMAN_SESSION.match(symbol)
    if roman:
        session = _roman(roman.group("roman"))
    return SymbolFacts(kind=kind, body=body, session=session)


def _roman(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for current, following in zip(numeral, numeral[1:] + " "):
        value = values[current]
        total += -value if following != " " and values[following] > value else value
    return total
