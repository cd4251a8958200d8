"""Shared fixtures: where the shared corpus and gold files are, and a built graph."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    assert CORPUS.is_dir(), f"{CORPUS} is missing: the tests read the shared corpus beside the repository"
    return CORPUS


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    assert GOLD.is_dir(), f"{GOLD} is missing: the tests read the shared gold files beside the repository"
    return GOLD


@pytest.fixture(scope="session")
def built(tmp_path_factory, corpus_dir):
    """The graph of the whole shared corpus, built once for the session."""
    from kg.corpus import build_corpus

    out = tmp_path_factory.mktemp("kg-out")
    summary = build_corpus([corpus_dir], out)
    return out, summary


@pytest.fixture(scope="session")
def corpus_graphs(built):
    """The named graphs of the shared corpus's build, as N-Triples lines."""
    from kg.store import Store

    out, _ = built
    source = Store.open(out, read_only=True)
    return {name: source.graph_lines(name) for name in source.graph_names()}


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true",
                     help="rewrite the golden Turtle files from the current output (on purpose, never silently)")
