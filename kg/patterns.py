"""Every pattern of reference extraction, named, commented and compiled once.

Two families:

* document symbols and the numbers of short-form citations, written the same
  way in all six languages ("A/HRC/56/32", "24/2", "2250 (2015)"): the anchor
  pattern, tried wherever a slash or an opening bracket stands;
* the words around a short form ("its resolution", "résolution … du",
  "第 … 号决议") and the dates beside it, which differ by language: composed
  from the tables in ``kg/data`` (``reference_words``, ``bodies``, ``months``,
  ``ref_languages``, ``ref_series``) by :func:`grammar`, once per language.

Only ``HINT`` (a slash or a bracket) runs over the whole text; every other
pattern runs at or near an anchor, on a short window.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.lexicon import TableError, by_language, table

# --- Fragments shared by every language ------------------------------------

# General Assembly and ECOSOC sessions before the numbering by session number
# (GA 1976, ECOSOC 1978) are Roman numerals: I .. XXX for the Assembly, up to
# LXIII for the Council. The lookahead keeps the empty string out.
ROMAN = r"(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})"

# Special and emergency special sessions prefix the session: "S-30/1",
# "ES-10/19", and before 1976 "3201 (S-VI)".
SPECIAL = r"E?S-"

# PDF text breaks long symbols after a slash ("A/HRC/\n56/32"), sometimes across
# a page whose furniture has been blanked: a line break, then any whitespace.
SLASH_BREAK = r"(?:[ \t]*\r?\n\s*)?"

# One element of a symbol after a slash: a special session ("S-30"), a number
# or a range of combined periodic reports ("CO/5-6"), or a word with inner dots
# ("WG.6", "CONF.189", "L.12", "Add.1", "Rev.1"). Only words take a dot: after a
# number it ends the sentence ("A/80/88.") or precedes a footnote call ("A/80/88.1").
SYMBOL_ELEMENT = r"(?:E?S-\d+|\d+(?:-\d+)?(?![A-Za-z])|[A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*)"

# Nothing that can continue a word, a path or a symbol may stand right before
# an anchor: "org/A/..." and "69)/RES/15" are not symbols.
ANCHOR_START = r"(?<![A-Za-z0-9/.\-])"

# Brackets around a session or year, full-width in Chinese: "2250 (2015)",
# "第 2250（2015）号决议".
OPEN, CLOSE = r"[(（]", r"[)）]"

# Every anchor holds a slash ("24/2", "A/HRC/56/32") or an opening bracket
# ("2250 (2015)", "2200 A (XXI)"). Finding these characters is the only pass
# over the whole text; the anchor pattern is then tried where they stand.
HINT = re.compile(r"[/(（]")

# The characters of a token that may run into a slash: the anchor containing a
# slash starts where a run of these, ending at the slash, starts.
TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-"

# A web address after its "://": its slashes and numbers are not citations
# ("uploads/2021/01"). Links to the UN document system ("undocs.org/A/80/1")
# are left to the symbol pattern, which may start after "undocs.org/".
URL_REST = re.compile(r"//(?!undocs\.org)\S*")

# A symbol may follow "undocs.org/" or "undocs.org/en/" in a link.
UNDOCS_START = r"(?:(?<=undocs\.org/)|(?<=undocs\.org/[a-z]{2}/))"

# The HRC President's statement, written "PRST/8/1" without the A/HRC/ prefix
# (the Security Council's are written out: S/PRST/2015/1). "PRST 8/1" is the
# word "PRST" of reference_words.tsv before a short-form number.
PRST = r"PRST/(?P<prst_first>\d{1,4})/(?P<prst_number>\d{1,4})"

# The lettered parts of a resolution adopted in parts: "49/75 K", "36/87 A and B",
# "2200 A (XXI)". A capital letter standing alone, not the start of a word or symbol.
PART_LETTER = r"[A-Z](?![A-Za-z0-9/])"

# A dual symbol joins two symbols of one document with a hyphen or dash:
# "A/57/759-S/2003/332".
DUAL_JOIN = re.compile(r"[ \t]?[-–][ \t]?")

# A resolution symbol written out may carry its part letter and, before 1976 or
# for the Security Council, its session or year in brackets: "A/RES/49/75 K",
# "A/RES/2200 A (XXI)", "S/RES/2250 (2015)".
RESOLUTION_SUFFIX = re.compile(
    rf"""(?P<letter>[ ]?{PART_LETTER})?
         (?:[ ]?{OPEN}(?:(?P<annual>(?:19|20)\d\d)|(?P<roman>(?:{SPECIAL})?{ROMAN})){CLOSE})?""",
    re.VERBOSE,
)

# Where a date ends a footnote call follows it, or a comma does: "1993,4".
CALL_GAP = r"[\s,;،，]*"

# The opening of a footnote body: its marker ("4", "[^4]:", "<sup>4</sup>",
# "*"), then perhaps a bracket of a Markdown link.
FOOTNOTE_LEAD = r"""\s*(?:\[\^\w+\]:|<sup>\w+</sup>|\d{1,3}\.?|[*†‡]+)?\s*"""


# --- Helpers that turn table terms into pattern text ------------------------

def term_pattern(term: str) -> str:
    """Pattern text for one table term: spaces match any run of whitespace
    (terms break across lines), both apostrophes match, a slash may have
    spaces around it ("أيلول/ سبتمبر")."""
    out = []
    for ch in term:
        if ch.isspace():
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
        elif ch in "'’":
            out.append("['’]")
        elif ch == "/":
            out.append(r"\s*/\s*")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def term_key(text: str) -> str:
    """The lookup key of a term or of matched text: case, spacing and
    apostrophes folded, so "Council’s" and "council's" meet."""
    return " ".join(text.replace("’", "'").replace("/ ", "/").replace(" /", "/").split()).casefold()


def alternation(terms) -> str:
    """Terms as one non-capturing alternation, longest first so that
    "Human Rights Council" wins over "Council"; sorted for determinism."""
    unique = sorted(set(terms), key=lambda t: (-len(t), t))
    if not unique:
        return r"(?!)"
    return "(?:" + "|".join(term_pattern(t) for t in unique) + ")"


# The roles of the words that name what is cited.
CUE_ROLES = frozenset({"resolution", "decision", "statement", "resolution-own", "decision-own"})

# The roles looked up by the words matched: what is cited, and "(Part I)" or "(Vol. I)".
LOOKED_UP_ROLES = CUE_ROLES | {"part", "volume"}


def _words(rows, role: str) -> list[str]:
    return [row["term"] for row in rows if row["role"] == role]


# --- The anchor pattern -----------------------------------------------------

def _series() -> str:
    return alternation(row["prefix"] for row in table("ref_series"))


def symbol_core() -> str:
    """Pattern text of a document symbol written out: a series prefix from
    ``ref_series.tsv``, then one or more slash-separated elements."""
    return rf"""(?:{ANCHOR_START}|{UNDOCS_START})
                (?:{_series()})(?![A-Za-z0-9.])
                (?:/{SLASH_BREAK}{SYMBOL_ELEMENT})+"""


@dataclass(frozen=True)
class Grammar:
    """The compiled patterns of reference extraction for one language."""

    language: str
    cue_last: bool
    # Matched where a slash or bracket's token starts: symbols, President's
    # statements and the numbers of short forms, as the groups symbol, prst, item.
    anchor: re.Pattern
    # What may stand before the bracket of "2200 A (XXI)", "2250 (2015)":
    # searched in a short window ending at the bracket.
    item_head: re.Pattern
    # A symbol written out, matched at a given offset (the second of a dual symbol).
    symbol_at: re.Pattern
    # "(Part I)", "(Vol. II)" after a symbol.
    part_suffix: re.Pattern
    # The words before a number that make it a citation, searched in a window
    # ending at the number: "General Assembly in its resolution", "第".
    cue_before: re.Pattern
    # Cue-last languages: the words after the number ("号决议").
    cue_after: re.Pattern | None
    # Cue-first languages: what follows a cited number, matched at its end:
    # a body named after it and the date written beside it.
    tail: re.Pattern
    # Cue-last languages: the date written before the number, searched in a
    # window ending at the number.
    date_before: re.Pattern | None
    # The gap between two members of one list: ", ", " and ", "、".
    separator: re.Pattern
    # "annex II, " right before a cue: the resolution is part of that annex.
    annex_before: re.Pattern
    # Any body name, for the body named earlier in a cue-last sentence.
    body: re.Pattern
    # A date ending right before a footnote call.
    date_before_call: re.Pattern
    # The start of a footnote body up to its first cited symbol.
    footnote_lead: re.Pattern
    # The last word of every cue ("resolution", "Council", "No."): a number
    # whose previous word is none of these is not a citation, with no regex run.
    cue_ends: frozenset
    # Particles joined to the word after them (Arabic "و", "ب"), stripped
    # before looking a word up in ``cue_ends``.
    proclitics: tuple
    # Special-session marks written in another script, which the token of a
    # slash does not reach ("دإ-30/1").
    special_marks: tuple
    # Cue-last languages: the body right before "its" ("大会在其第…号决议").
    own_subject: re.Pattern | None
    # Lookups from term_key(matched words) to role, body and month.
    roles: dict
    bodies: dict
    months: dict


def _date(rows_months, fmt: str, day_suffixes, year_suffixes) -> str:
    """Pattern text of a date from a format of ``ref_languages.tsv``:
    "{day} de {month} de {year}" -> "26 de septiembre de 2013"."""
    months = alternation(row["term"] for row in rows_months)
    suffix = rf"(?:{alternation(day_suffixes)})?" if day_suffixes else ""
    pieces = {
        "day": rf"(?P<day>\d{{1,2}}){suffix}",
        "month": rf"(?P<month>{months})",
        "mm": r"(?P<mm>\d{1,2})",
        # A year is four digits; a digit glued after it is a footnote call ("19904").
        "year": r"(?P<year>\d{4})",
    }
    out = []
    for token in re.split(r"(\{\w+\})", fmt):
        if not token:
            continue
        if token.startswith("{"):
            out.append(pieces[token[1:-1]])
            continue
        for ch in token:
            if ch.isspace():
                out.append(r"\s+")
            else:
                out.append(rf"\s*{re.escape(ch)}\s*")
    if year_suffixes:
        out.append(rf"(?:\s*{alternation(year_suffixes)})?")
    return "".join(out)


class _Terms:
    """The table terms of one language, as alternations by role."""

    def __init__(self, language: str):
        self.words = by_language("reference_words", language)
        self.body_rows = by_language("bodies", language)
        self.month_rows = by_language("months", language)

    def role(self, role: str) -> str:
        return alternation(_words(self.words, role))

    def listed(self, role: str) -> tuple[str, ...]:
        """Terms of a role, longest first (for prefix tests in code)."""
        return tuple(sorted(_words(self.words, role), key=lambda t: (-len(t), t)))

    @property
    def cue_words(self) -> str:
        return alternation(row["term"] for row in self.words if row["role"] in CUE_ROLES)

    @property
    def bodies(self) -> str:
        return alternation(row["term"] for row in self.body_rows)

    def date(self, fmt: str) -> str:
        return _date(self.month_rows, fmt, _words(self.words, "day-suffix"), _words(self.words, "year-suffix"))


@lru_cache(maxsize=None)
def grammar(language: str) -> Grammar:
    """The compiled patterns for ``language`` (ISO 639-1), built from the
    tables once and cached. An unknown language falls back to English.

    >>> g = grammar("en")
    >>> bool(g.cue_before.search("Recalling its resolution ", 0))
    True
    """
    settings = {row["language"]: row for row in table("ref_languages")}
    if language not in settings:
        language = "en"
    if language not in settings:
        raise TableError("kg/data/ref_languages.tsv: no row for English, the fallback language")
    setting = settings[language]
    terms = _Terms(language)
    date = terms.date(setting["date"])
    if setting["order"] == "cue-last":
        around = _cue_last(terms, date)
    else:
        around = _cue_first(terms, date)
    letter = _part_letter(terms)
    return Grammar(
        language=language,
        cue_last=setting["order"] == "cue-last",
        anchor=_anchor(terms, letter),
        item_head=re.compile(rf"\d{{1,4}}[ \t]?(?:{letter}[ \t]?)?\Z"),
        symbol_at=re.compile(rf"(?:{_series()})(?![A-Za-z0-9.])(?:/{SLASH_BREAK}{SYMBOL_ELEMENT})+"),
        part_suffix=re.compile(
            rf"[ ]?\((?P<part>{alternation(_words(terms.words, 'part') + _words(terms.words, 'volume'))})"
            rf"[ ]?(?P<partno>{ROMAN}|\d{{1,2}})\)"
        ),
        # "annex II, resolution 14/221": a resolution printed in an annex of the
        # document cited just before it, such as a League of Arab States
        # resolution. A semicolon ends that citation: "annex; resolution 217 A
        # (III)" is a new one.
        annex_before=re.compile(rf"{terms.role('annex')}(?:\s*[^\s,;،，]{{1,12}})?\s*[,،，]\s*\Z", re.IGNORECASE),
        body=re.compile(terms.bodies, re.IGNORECASE),
        date_before_call=re.compile(rf"(?P<date>{date}){CALL_GAP}\Z", re.IGNORECASE),
        footnote_lead=re.compile(rf"{FOOTNOTE_LEAD}(?:{terms.role('see')}\s*)?\[?", re.IGNORECASE),
        cue_ends=_cue_ends(terms),
        proclitics=terms.listed("proclitic"),
        special_marks=terms.listed("special-mark"),
        roles={term_key(row["term"]): row["role"] for row in reversed(terms.words)
               if row["role"] in LOOKED_UP_ROLES},
        bodies={term_key(row["term"]): row["body"] for row in terms.body_rows},
        months={term_key(row["term"]): int(row["month"]) for row in terms.month_rows},
        **around,
    )


def _part_letter(terms: _Terms) -> str:
    """A lettered part: a capital ("A"), or its name where the script has no
    capitals (Arabic "ألف")."""
    return rf"(?:{PART_LETTER}|{terms.role('part-letter')}(?![^\W\d_]))"


def _anchor(terms: _Terms, letter: str) -> re.Pattern:
    """Symbols, President's statements and short-form numbers, as the groups
    symbol, prst and item, matched where a token starts."""
    # Several parts joined as a list: "36/87 A and B", "49/75 A-C".
    letter_list = rf"(?:[ \t]?{letter}(?:[ \t]?(?:,|-|{terms.role('and')})[ \t]?{letter})*)"
    # Arabic marks a session of a resolution before 1976 ("2200 ألف (د-21)"
    # for "2200 A (XXI)") and a special session ("دإ-30/1" for "S-30/1").
    session_marks = terms.role("session-mark")
    special_marks = terms.role("special-mark")
    # The number of a short-form citation:
    #   "24/2", "S-30/1", "1980/67", perhaps with part letters ("36/87 A and B");
    #   "2200 A (XXI)": number, part letter, Roman session (GA before 1976);
    #   "2250 (2015)": number and year (Security Council).
    item = rf"""{ANCHOR_START}
        (?:(?:(?P<special>{SPECIAL})|(?P<special_mark>{special_marks}))?
           (?P<first>\d{{1,4}})/{SLASH_BREAK}(?P<number>\d{{1,4}})(?![0-9/])(?!\.\d)
           (?P<letters>{letter_list})?
         | (?P<n>\d{{1,4}})[ \t]?(?:{letter}[ \t]?)?
           {OPEN}(?:(?P<annual>(?:19|20)\d\d)|(?P<roman>(?:{SPECIAL})?{ROMAN})
               |{session_marks}[ \t]?(?P<session_no>\d{{1,2}})){CLOSE}
        )"""
    return re.compile(
        rf"""(?P<symbol>{symbol_core()})
           | (?P<prst>{ANCHOR_START}{PRST})
           | (?P<item>{item})""",
        re.VERBOSE,
    )


def _cue_first(terms: _Terms, date: str) -> dict:
    """Patterns of languages that write the word, the number, then its date."""
    bodies = terms.bodies
    return {
        # "General Assembly resolution", "the General Assembly in its resolution",
        # "Council resolution", "its resolutions", "President’s statement",
        # "قرار مجلس حقوق الإنسان", "resoluciones del Consejo de Derechos Humanos",
        # and "the present resolution" (the deictic group, read as no citation).
        # The cue starts a word: "resolution" but not "irresolution".
        "cue_before": re.compile(
            rf"""(?<![^\W\d_])
                 (?:(?P<body1>{bodies})(?:['’]s)?[\s,]+(?:{terms.role('in')}\s+)?)?
                 (?:(?P<deictic>{terms.role('deictic')})\s+)?
                 (?:(?P<own>{terms.role('own')})\s+)?
                 (?:{terms.role('proclitic')})??(?P<word>{terms.cue_words})(?![^\W\d_])
                 (?:\s+(?:{terms.role('of-body')}\s*)?(?P<body2>{bodies})(?![^\W\d_]))?
                 [\s:]*(?:No\.?\s*|№\s*)?\Z""",
            re.VERBOSE | re.IGNORECASE,
        ),
        "cue_after": None,
        "own_subject": None,
        "date_before": None,
        # "of the Security Council", "de l’Assemblée générale", "Генеральной
        # Ассамблеи", then the date: "of 15 March 2006", ", de 15 de marzo de
        # 2006", "от 15 марта 2006 года", "المؤرخ 15 آذار/مارس 2006", perhaps
        # after a subject: "PRST/8/1 on modalities … of 9 April 2008".
        "tail": re.compile(
            rf"""(?:[\s,]*(?:{terms.role('of-body')}\s*)?(?P<body_after>{bodies})(?![^\W\d_]))?
                 (?:(?:\s+{terms.role('on')}\s+[^;.()\d\[\]]{{1,160}}?)?
                    [\s,،]*{terms.role('of')}\s*(?P<date>{date}))?""",
            re.VERBOSE | re.IGNORECASE,
        ),
        # ", ", " and ", ", and ", "و": between two members of one list.
        "separator": re.compile(rf"\s*[,;،]?\s*(?:{terms.role('and')}\s*)?", re.IGNORECASE),
    }


def _cue_last(terms: _Terms, date: str) -> dict:
    """Patterns of languages that write the date, the number, then the word."""
    number_open, number_close = terms.role("number-open"), terms.role("number-close")
    and_words, own = terms.role("and"), terms.role("own")
    # A further number in "第 5/1 和 16/21 号决议".
    member = rf"(?:{SPECIAL})?\d{{1,4}}/\d{{1,4}}|\d{{1,4}}\s*{OPEN}\s*\d{{4}}\s*{CLOSE}"
    return {
        # "第" (perhaps "其第": its), right before the number.
        "cue_before": re.compile(rf"(?:(?P<own>{own})\s*)?(?P<open>{number_open})\s*\Z"),
        # "号决议", or a list first: "第 5/1 号和第 16/21 号决议".
        "cue_after": re.compile(
            rf"""\s*(?:{number_close})?
                 (?:\s*{and_words}\s*(?:{number_open})?\s*(?:{member})\s*(?:{number_close})?)*
                 \s*(?P<word>{terms.cue_words})""",
            re.VERBOSE,
        ),
        # The body right before "its": "大会在其第 60/251 号决议中".
        "own_subject": re.compile(rf"(?P<body>{terms.bodies})\s*(?:{terms.role('in')})?\s*\Z", re.IGNORECASE),
        # "2013 年 9 月 26 日第", "2016 年 12 月 23 日关于《新城市议程》的第".
        "date_before": re.compile(
            rf"""(?P<date>{date})\s*
                 (?:{terms.role('on')}[^，。；;\n]{{0,160}}?{terms.role('on-close')}\s*)?
                 (?:{own}\s*)?{number_open}\s*\Z""",
            re.VERBOSE,
        ),
        # Nothing after the number is a date or a body in these languages.
        "tail": re.compile(r"(?!)"),
        # "号和第", "、": between two members of one list.
        "separator": re.compile(rf"\s*(?:{number_close})?\s*{and_words}\s*(?:{number_open})?\s*"),
    }


def _cue_ends(terms: _Terms) -> frozenset:
    """Last words of the cues: "resolution", "statement", "Council", "No."."""
    ends = {"no.", "no", "№"}
    for row in terms.words:
        if row["role"] in CUE_ROLES or row["role"] == "number-open":
            ends.add(term_key(row["term"]).split()[-1])
    for row in terms.body_rows:
        ends.add(term_key(row["term"]).split()[-1])
    return frozenset(ends)
