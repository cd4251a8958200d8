"""The resolve stage: a short-form citation and its context -> canonical symbol.

"its resolution 24/2" in a Human Rights Council text is ``A/HRC/RES/24/2``;
the same words in a General Assembly text are ``A/RES/24/2``. The body comes
from the text (a body named with the citation), else from the body that
adopted the citing document, else from the numbering style where only one body
numbers that way ("2250 (2015)" is the Security Council's). The templates are
rows of ``kg/data/ref_symbol_forms.tsv``; a new symbol form is a new row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.lexicon import table
from kg.records import DocumentInfo

# Bodies that say "the Council" of themselves.
COUNCILS = frozenset({"HRC", "SC", "ECOSOC"})

# A body outside the United Nations system: its resolutions are not UN documents.
OTHER = "OTHER"

# "the Council" unqualified: the citing council.
COUNCIL = "COUNCIL"

# The first UN year: a first number at least this large is a year ("1980/67").
FIRST_YEAR = 1946


@dataclass(frozen=True)
class ShortForm:
    """The number of a short-form citation, taken apart.

    ``style`` is one of session ("24/2", "S-30/1"), year ("1980/67"),
    annual ("2250 (2015)") and roman ("2200 A (XXI)"); ``first`` is the
    session or year, ``number`` the number within it.
    """

    kind: str  # resolution, decision, statement
    style: str
    first: str
    number: str


def short_form(kind: str, first: str, number: str, *, special: str = "", annual: str = "",
               roman: str = "") -> ShortForm:
    """Build a :class:`ShortForm` from the parts of a cited number.

    >>> short_form("resolution", "1980", "67").style
    'year'
    >>> short_form("resolution", "", "2250", annual="2015")
    ShortForm(kind='resolution', style='annual', first='2015', number='2250')
    """
    if annual:
        return ShortForm(kind, "annual", annual, number)
    if roman:
        return ShortForm(kind, "roman", roman, number)
    number = str(int(number))
    if special:
        return ShortForm(kind, "session", f"{special}{int(first)}", number)
    if int(first) >= FIRST_YEAR:
        return ShortForm(kind, "year", first, number)
    return ShortForm(kind, "session", str(int(first)), number)


def citing_body(document: DocumentInfo) -> str | None:
    """The body that adopted the citing document: from its header, else from
    its symbol's series (``A/HRC/...`` is the Human Rights Council's)."""
    if document.body:
        return document.body
    if document.symbol:
        from kg.series import describe

        return describe(document.symbol).body
    return None


def resolve(form: ShortForm, named: str | None, citing: str | None) -> str | None:
    """The canonical symbol of a short form, or None if no body can be decided.

    ``named`` is the body written with the citation ("General Assembly
    resolution", "de l’Assemblée générale", "大会…决议"), ``COUNCIL`` for
    "the Council", or None; "its" is passed as None, so the citing body
    decides. A body outside the UN (``OTHER``) never gets here.

    >>> resolve(ShortForm("resolution", "session", "24", "2"), None, "HRC")
    'A/HRC/RES/24/2'
    >>> resolve(ShortForm("resolution", "session", "60", "251"), "GA", "HRC")
    'A/RES/60/251'
    >>> resolve(ShortForm("resolution", "annual", "2015", "2250"), None, "GA")
    'S/RES/2250(2015)'
    """
    forms = _forms()
    if named == COUNCIL:
        named = citing if citing in COUNCILS else None
        if named is None:
            return None
    if named is not None:
        template = forms.get((named, form.kind, form.style))
        return _fill(template, form) if template else None
    if citing is not None:
        template = forms.get((citing, form.kind, form.style))
        if template:
            return _fill(template, form)
    template = _defaults().get((form.kind, form.style))
    return _fill(template, form) if template else None


def _fill(template: str, form: ShortForm) -> str:
    return template.format(first=form.first, number=form.number)


@lru_cache(maxsize=None)
def _forms() -> dict[tuple[str, str, str], str]:
    return {(row["body"], row["kind"], row["style"]): row["template"] for row in table("ref_symbol_forms")}


@lru_cache(maxsize=None)
def _defaults() -> dict[tuple[str, str], str]:
    return {
        (row["kind"], row["style"]): row["template"]
        for row in table("ref_symbol_forms")
        if row["default"] == "yes"
    }


# Spaces inside a symbol are layout, not part of it: "A/CONF.157/24 (Part I)"
# is A/CONF.157/24(PartI).
_SPACE = re.compile(r"\s+")


def canonical_symbol(written: str) -> str:
    """A symbol as written, in canonical form: spaces and line breaks removed.

    >>> canonical_symbol("A/HRC/\\n56/32")
    'A/HRC/56/32'
    """
    return _SPACE.sub("", written)
