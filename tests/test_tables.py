"""Every data table is well formed: one header, one cell per column, no row twice."""

import pytest

from kg.lexicon import DATA_DIR, table

TABLES = sorted(p.stem for p in DATA_DIR.glob("*.tsv"))
LANGUAGES = {"ar", "en", "es", "fr", "ru", "zh"}


@pytest.mark.parametrize("name", TABLES)
def test_table_is_well_formed(name):
    rows = table(name)
    assert rows, f"{name}.tsv has no rows"
    keys = [tuple(sorted(r.items())) for r in rows]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, f"{name}.tsv repeats rows: {sorted(duplicates)[:3]}"
    for row in rows:
        assert all(key for key in row), f"{name}.tsv has an empty column name"
        if "language" in row:
            assert row["language"] in LANGUAGES | {"*"}, f"{name}.tsv: unknown language {row['language']!r}"


@pytest.mark.parametrize("name", TABLES)
def test_table_file_is_utf8_with_tabs(name):
    text = (DATA_DIR / f"{name}.tsv").read_text(encoding="utf-8")
    body = [l for l in text.splitlines() if l.strip() and not l.startswith("#")]
    width = body[0].count("\t")
    bad = [i for i, l in enumerate(body, 1) if l.count("\t") != width]
    assert not bad, f"{name}.tsv: lines {bad[:5]} do not have {width + 1} columns"


def test_scheme_labels_cover_six_languages():
    by_concept = {}
    for row in table("scheme_labels"):
        by_concept.setdefault((row["scheme"], row["id"]), set()).add(row["language"])
    missing = {k: LANGUAGES - v for k, v in by_concept.items() if v != LANGUAGES}
    assert not missing
