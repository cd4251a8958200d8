"""The benchmark corpus generator: distinct symbols, and the same bytes for the same seed."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from kg.extract import extract, extract_file
from kg.read import read_text

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import corpus_generator  # noqa: E402 - lives in benchmarks/, not in the package


@pytest.fixture(scope="module")
def templates(corpus_dir):
    return corpus_generator.templates(corpus_dir)


def test_generated_documents_have_distinct_symbols(tmp_path, corpus_dir, templates):
    files = corpus_generator.generate(tmp_path, 300, corpus_dir)
    read = [extract_file(str(path)).document for path in files]
    assert [d.symbol for d in read] == corpus_generator.new_symbols([s for _, s, _ in templates], 300)
    assert len({(d.symbol, d.language) for d in read}) == 300


def test_symbols_stay_distinct_past_the_four_digit_numbers(templates):
    symbols = corpus_generator.new_symbols([s for _, s, _ in templates], 30_000)
    assert len(set(symbols)) == 30_000
    assert max(int(s.rsplit("/", 1)[1]) for s in symbols) <= 9999


# Numbers 1950-2049 look like years: they were shifted with the years of the
# text, and two documents got the same symbol (8 duplicates in 1,000 documents).
@pytest.mark.parametrize("ordinal", [950, 955, 999, 1000, 1003, 1049], ids=lambda n: f"number {1000 + n}")
def test_own_number_that_looks_like_a_year_is_not_shifted(ordinal, templates):
    for name, symbol, text in templates:
        own = corpus_generator.new_symbol(symbol, ordinal)
        generated = corpus_generator.vary(text, symbol, own, random.Random(ordinal))
        document = extract(read_text(name, generated, Path(name).suffix.lstrip("."))).document
        assert document.symbol == own, name


# kg reads a title's own number ("80/1.") with at most four digits: a fifth
# digit left the documents numbered 10000 and more without a symbol.
def test_generated_symbol_past_nine_thousand_documents_is_read(templates):
    for name, symbol, text in templates:
        own = corpus_generator.new_symbol(symbol, 9_005)
        generated = corpus_generator.vary(text, symbol, own, random.Random(0))
        document = extract(read_text(name, generated, Path(name).suffix.lstrip("."))).document
        assert document.symbol == own, name


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, corpus_dir):
    def contents(folder: Path, seed: int) -> dict[str, bytes]:
        files = corpus_generator.generate(folder, 40, corpus_dir, seed=seed)
        return {path.name: path.read_bytes() for path in files}

    first = contents(tmp_path / "a", 7)
    assert contents(tmp_path / "b", 7) == first
    assert contents(tmp_path / "c", 8) != first


def test_series_numbered_into_the_session_before_keeps_symbols_distinct():
    # A/RES/80 past 9999 goes on in session 79, where A/RES/79 has its own documents.
    symbols = corpus_generator.new_symbols(["A/RES/80/1", "A/RES/79/5"], 20_000)
    assert len(set(symbols)) == 20_000
