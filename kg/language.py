"""Which of the six UN languages a text is written in.

The script decides first: Han ideographs mean Chinese, Arabic script Arabic,
Cyrillic Russian. Latin-script text is told apart by counting frequent function
words and UN-document words, one row per term per language in
``kg/data/language_markers.tsv``. Only a bounded prefix is looked at, so a
50 MB text costs no more than a long resolution.

Any Arabic-script text reads as ``ar`` and any Cyrillic text as ``ru``: among
the six UN languages the script alone tells them apart. Han text with kana
beside it is Japanese, not Chinese. When no language fits, :func:`identify`
says why, in words a refusal can quote, and whether the text is long enough
to be sure.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from kg.lexicon import table

UNDETERMINED = "und"
# The languages detect() can answer, by name, for messages.
LANGUAGE_NAMES = {
    "ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian", "es": "Spanish",
}

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
# Fewer Latin-script words than this may be a title or a list of names:
# too few to say that a text is in none of the Latin-script languages.
MIN_WORDS_TO_BE_SURE = 20

# Runs of letters of one script; counting runs and summing their lengths keeps
# the number of match objects near the number of words.
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+")
CYRILLIC = re.compile(r"[\u0400-\u052f]+")
LATIN = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+")
# Japanese kana and Korean hangul: Han-like scripts that are not Chinese. The
# katakana middle dot (U+30FB) is left out: Chinese text uses it in foreign names.
KANA = re.compile(r"[\u3040-\u30fa\u30fc-\u30ff\u31f0-\u31ff]+")
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+")
# Runs of letters of any script: what no pattern above claims counts as
# "other", and in Latin text each run is a word ("l'homme" gives "l", "homme").
LETTERS = re.compile(r"[^\W\d_]+")

# (script, pattern, weight); a script that means one UN language is named by
# that language's code. An ideograph, a kana or a hangul block weighs two
# letters because it carries about a syllable; "latin" is settled by the
# marker words; kana and hangul mean a language kg does not read.
SCRIPTS = (
    ("zh", HAN, 2),
    ("ar", ARABIC, 1),
    ("ru", CYRILLIC, 1),
    ("latin", LATIN, 1),
    ("kana", KANA, 2),
    ("hangul", HANGUL, 2),
)
# Letters of any script in SCRIPTS, to find what the others are written in.
CLAIMED = re.compile("|".join(pattern.pattern for _, pattern, _ in SCRIPTS))
# Japanese writes its particles and verb endings in kana, a third or more of
# its letters; Chinese writes none. Han text with this share of kana is Japanese.
MIN_JAPANESE_KANA_SHARE = 0.05


@dataclass(frozen=True)
class Verdict:
    """What :func:`identify` makes of a text."""

    language: str  # ar, en, es, fr, ru, zh, or "und"
    reason: str = ""  # when "und": why, as the predicate of a sentence about the file
    foreign: bool = False  # when "und": there is enough text to be sure it is none of the six


def detect(text: str) -> str:
    """The language of ``text``: ar, en, es, fr, ru, zh, or "und" if none fits.

    >>> detect("Le Conseil des droits de l'homme, Rappelant sa résolution 24/2")
    'fr'
    >>> detect("人权理事会，回顾其第 24/2 号决议")
    'zh'
    >>> detect("24/2")
    'und'
    """
    return identify(text).language


def identify(text: str) -> Verdict:
    """The language of ``text`` and, when it is none of the six, why and how surely.

    A text too short to tell is not ``foreign``: it may be a title or a symbol.

    >>> identify("Το Συμβούλιο Ανθρωπίνων Δικαιωμάτων αποφασίζει")
    Verdict(language='und', reason='is in Greek script, which kg does not read', foreign=True)
    >>> identify("A/HRC/RES/57/12").foreign
    False
    """
    sample = text[:SAMPLE_CHARS]
    counts = _script_letters(sample)
    script, score = _dominant_script(counts)
    if score < MIN_SCRIPT_SCORE:
        letters = sum(counts.values())
        return Verdict(UNDETERMINED, f"has too few letters to tell its language (found {letters})")
    if script == "zh" and counts["kana"] >= MIN_JAPANESE_KANA_SHARE * (counts["zh"] + counts["kana"]):
        script = "kana"
    if script == "kana":
        return Verdict(UNDETERMINED, "is in Japanese (written with kana), which kg does not read", True)
    if script == "hangul":
        return Verdict(UNDETERMINED, "is in Korean (hangul), which kg does not read", True)
    if script == UNDETERMINED:
        return Verdict(UNDETERMINED, f"is in {_other_script(sample)} script, which kg does not read", True)
    if script == "latin":
        return _latin_language(sample)
    return Verdict(script)


def _letters(pattern: re.Pattern[str], sample: str) -> int:
    return sum(map(len, pattern.findall(sample)))


def _script_letters(sample: str) -> dict[str, int]:
    """Letters of each script in SCRIPTS, and of any other script under "und"."""
    counts = {script: _letters(pattern, sample) for script, pattern, _ in SCRIPTS}
    counts[UNDETERMINED] = max(0, _letters(LETTERS, sample) - sum(counts.values()))
    return counts


def _dominant_script(counts: dict[str, int]) -> tuple[str, int]:
    """The script with the highest weighted letter count, and that count."""
    scores = {script: weight * counts[script] for script, _, weight in SCRIPTS}
    scores[UNDETERMINED] = counts[UNDETERMINED]
    # max() keeps the first of equal scores, so ties follow SCRIPTS' order.
    return max(scores.items(), key=lambda item: item[1])


def _other_script(sample: str) -> str:
    """The name of the script most letters of ``sample`` outside SCRIPTS are in ("Greek")."""
    names = Counter(
        unicodedata.name(letter, "UNKNOWN").split()[0].title()
        for run in LETTERS.findall(CLAIMED.sub(" ", sample))
        for letter in run
    )
    return names.most_common(1)[0][0] if names else "another"


def _latin_language(sample: str) -> Verdict:
    """The Latin-script language whose marker words the sample uses most, or why none."""
    words = Counter(LETTERS.findall(sample.lower()))
    total = sum(words.values())
    hits = sorted(
        ((sum(words[term] for term in terms), language) for language, terms in markers().items()),
        key=lambda item: (-item[0], item[1]),
    )
    best, language = hits[0]
    runner_up = hits[1][0] if len(hits) > 1 else 0
    sure = total >= MIN_WORDS_TO_BE_SURE
    if best < MIN_MARKER_HITS or best < MIN_MARKER_SHARE * total:
        named = sorted(LANGUAGE_NAMES[code] for code in markers())
        listed = ", ".join(named[:-1]) + f" or {named[-1]}"
        return Verdict(UNDETERMINED, f"is in Latin script but not in {listed} (too few of their common words)", sure)
    if best == runner_up:
        tied = sorted(LANGUAGE_NAMES[code] for count, code in hits if count == best)
        return Verdict(UNDETERMINED, f"reads as {' and '.join(tied)} alike (as many common words of each)", sure)
    return Verdict(language)


@lru_cache(maxsize=1)
def markers() -> dict[str, frozenset[str]]:
    """The marker words of each Latin-script language, from ``language_markers.tsv``."""
    terms: dict[str, set[str]] = {}
    for row in table("language_markers"):
        terms.setdefault(row["language"], set()).add(row["term"].lower())
    return {language: frozenset(terms[language]) for language in sorted(terms)}
