"""Which of the six UN languages a text is written in.

The script decides first: Han ideographs mean Chinese, Arabic script Arabic,
Cyrillic Russian. Latin-script text is told apart by counting frequent function
words and UN-document words, one row per term per language in
``kg/data/language_markers.tsv``. Only a bounded prefix is looked at, so a
50 MB text costs no more than a long resolution.

Any Arabic-script text reads as ``ar`` and any Cyrillic text as ``ru``: among
the six UN languages the script alone tells them apart.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from kg.lexicon import table

UNDETERMINED = "und"

# How much of the text is looked at: a UN document says which language it is
# in within its first page, and a prefix keeps detection fast on huge inputs.
SAMPLE_CHARS = 6_000

# The weighted letter count the dominant script needs before anything is
# said: four ideographs, or about two short words of an alphabetic script.
MIN_SCRIPT_SCORE = 8

# A Latin-script language wins with at least this many marker words, making
# up at least this share of the words, and strictly more than any other.
MIN_MARKER_HITS = 2
MIN_MARKER_SHARE = 0.1

# Runs of letters of one script; counting runs and summing their lengths keeps
# the number of match objects near the number of words.
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+")
CYRILLIC = re.compile(r"[\u0400-\u052f]+")
LATIN = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+")
# Japanese kana and Korean hangul: Han-like scripts that are not Chinese.
KANA_HANGUL = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\uac00-\ud7af]+")
# Runs of letters of any script: what no pattern above claims counts as
# "other", and in Latin text each run is a word ("l'homme" gives "l", "homme").
LETTERS = re.compile(r"[^\W\d_]+")

# (outcome, pattern, weight). An ideograph weighs two letters because it
# carries about a syllable; "latin" is settled by the marker words.
SCRIPTS = (
    ("zh", HAN, 2),
    ("ar", ARABIC, 1),
    ("ru", CYRILLIC, 1),
    ("latin", LATIN, 1),
    (UNDETERMINED, KANA_HANGUL, 2),
)


def detect(text: str) -> str:
    """The language of ``text``: ar, en, es, fr, ru, zh, or "und" if none fits.

    >>> detect("Le Conseil des droits de l'homme, Rappelant sa résolution 24/2")
    'fr'
    >>> detect("人权理事会，回顾其第 24/2 号决议")
    'zh'
    >>> detect("24/2")
    'und'
    """
    sample = text[:SAMPLE_CHARS]
    script, score = _dominant_script(sample)
    if score < MIN_SCRIPT_SCORE:
        return UNDETERMINED
    if script == "latin":
        return _latin_language(sample)
    return script


def _letters(pattern: re.Pattern[str], sample: str) -> int:
    return sum(map(len, pattern.findall(sample)))


def _dominant_script(sample: str) -> tuple[str, int]:
    """The script with the highest weighted letter count, and that count."""
    scores: dict[str, int] = {}
    claimed = 0
    for outcome, pattern, weight in SCRIPTS:
        count = _letters(pattern, sample)
        claimed += count
        scores[outcome] = scores.get(outcome, 0) + weight * count
    other = max(0, _letters(LETTERS, sample) - claimed)
    scores[UNDETERMINED] += other
    # max() keeps the first of equal scores, so ties follow SCRIPTS' order.
    return max(scores.items(), key=lambda item: item[1])


def _latin_language(sample: str) -> str:
    """The Latin-script language whose marker words the sample uses most."""
    words = Counter(LETTERS.findall(sample.lower()))
    total = sum(words.values())
    hits = sorted(
        ((sum(words[term] for term in terms), language) for language, terms in markers().items()),
        key=lambda item: (-item[0], item[1]),
    )
    best, language = hits[0]
    runner_up = hits[1][0] if len(hits) > 1 else 0
    if best < MIN_MARKER_HITS or best < MIN_MARKER_SHARE * total or best == runner_up:
        return UNDETERMINED
    return language


@lru_cache(maxsize=1)
def markers() -> dict[str, frozenset[str]]:
    """The marker words of each Latin-script language, from ``language_markers.tsv``."""
    terms: dict[str, set[str]] = {}
    for row in table("language_markers"):
        terms.setdefault(row["language"], set()).add(row["term"].lower())
    return {language: frozenset(terms[language]) for language in sorted(terms)}
