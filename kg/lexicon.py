"""The multilingual tables under ``kg/data``: one row per term per language.

Patterns, verbs, bodies, months, ordinals and concept labels are data, not code.
Each table is a UTF-8 TSV file with a header row; lines starting with ``#`` are
comments. Tables are read once and cached.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


class TableError(ValueError):
    """A data table is missing or malformed."""


@lru_cache(maxsize=None)
def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``kg/data/<name>.tsv`` as dicts keyed by the header.

    >>> rows = table("months")  # doctest: +SKIP
    >>> rows[0]["language"]     # doctest: +SKIP
    'en'
    """
    path = DATA_DIR / f"{name}.tsv"
    if not path.is_file():
        raise TableError(f"{path}: data table not found")
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = []
    for number, row in enumerate(reader, start=2):
        if None in row or any(value is None for value in row.values()):
            raise TableError(f"{path}: row {number} does not have one cell per column")
        rows.append({key: value.strip() for key, value in row.items()})
    return tuple(rows)


def by_language(name: str, language: str) -> tuple[dict[str, str], ...]:
    """Rows of a table for one language (column ``language``)."""
    return tuple(row for row in table(name) if row.get("language") == language)


def rows_or_none(name: str, language: str) -> tuple[dict[str, str], ...]:
    """Rows of a table for one language; no rows when the table is not shipped."""
    try:
        return by_language(name, language)
    except TableError:
        return ()
