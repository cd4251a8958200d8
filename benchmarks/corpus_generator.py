"""A realistic synthetic corpus made from the shared one: many documents, varied.

Each generated document is a shared corpus file with its own symbol replaced
by a new one of the same series, its years shifted, and its preambular
paragraphs in another order, so the graph has many distinct documents,
citations and dates, shaped like the real ones. Deterministic for a seed.

    python benchmarks/corpus_generator.py OUT_DIR --documents 10000
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
# A year of the span the documents come from (1950-2049), shifted a few years per document.
YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
# "57/12." or "80/4." at the start of a title line: the document's own number.
TITLE_NUMBER = re.compile(r"^([ \t#]*)(\d{1,3})/(\d{1,4})\.", re.MULTILINE)
# Generated documents are numbered 1000-9999 within their series (see new_symbol).
FIRST_NUMBER = 1000
NUMBERS = 9000


def templates(corpus: Path) -> list[tuple[str, str, str]]:
    """(file name, own symbol, text) of every text file of the corpus."""
    rows = []
    for line in (corpus / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        name, symbol, *_ = line.split("\t")
        path = corpus / name
        if path.suffix in (".txt", ".md"):
            rows.append((name, symbol, path.read_text(encoding="utf-8")))
    return rows


def new_symbol(symbol: str, ordinal: int) -> str:
    """The symbol of the ``ordinal``-th generated document (from 0) of the series of ``symbol``.

    Numbers run from 1000 to 9999, above any real document of a session and
    within the four digits a title's "80/1." has; past 9999 they start again
    one session earlier.

    >>> new_symbol("A/RES/80/4", 0), new_symbol("A/RES/80/4", 9001)
    ('A/RES/80/1000', 'A/RES/79/1001')
    """
    parts = symbol.split("/")
    earlier, position = divmod(ordinal, NUMBERS)
    parts[-1] = str(FIRST_NUMBER + position)
    if earlier:
        sessions = [i for i, part in enumerate(parts[:-1]) if part.isdigit()]
        if not sessions or int(parts[sessions[-1]]) <= earlier:
            raise ValueError(f"{symbol}: no room for {ordinal + 1} generated documents of its series")
        parts[sessions[-1]] = str(int(parts[sessions[-1]]) - earlier)
    return "/".join(parts)


def new_symbols(template_symbols: list[str], documents: int) -> list[str]:
    """The symbol of each of ``documents`` generated documents, the templates taken in turn.

    Templates of one series (A/RES/80/1 and A/RES/80/4) share its numbers, so
    each series counts its own documents.
    """
    counts: dict[str, int] = {}
    taken: set[str] = set()
    symbols = []
    for index in range(documents):
        symbol = template_symbols[index % len(template_symbols)]
        series = symbol.rsplit("/", 1)[0]
        own = new_symbol(symbol, counts.get(series, 0))
        # a series numbered into the session before it can meet that session's own series
        while own in taken:
            counts[series] = counts.get(series, 0) + 1
            own = new_symbol(symbol, counts[series])
        counts[series] = counts.get(series, 0) + 1
        taken.add(own)
        symbols.append(own)
    return symbols


def vary(text: str, symbol: str, own: str, rng: random.Random) -> str:
    """The template ``text`` of ``symbol`` as a document of symbol ``own``: years shifted, preamble reordered."""
    shift = rng.randint(-3, 3)
    # One pass puts in the new symbol and shifts the years, so the new symbol is
    # never read again as text: its number can look like a year (A/RES/80/1955),
    # and shifting it gave two documents one symbol.
    own_or_year = re.compile(rf"(?P<own>{re.escape(symbol)}(?![0-9A-Za-z]))|{YEAR.pattern}")
    text = own_or_year.sub(lambda m: own if m.group("own") else str(int(m.group(0)) + shift), text)
    session, number = own.split("/")[-2], own.split("/")[-1]
    if session.isdigit():
        text = TITLE_NUMBER.sub(lambda m: f"{m.group(1)}{session}/{number}.", text, count=1)
    return _shuffle_preamble(text, rng)


def _shuffle_preamble(text: str, rng: random.Random) -> str:
    """Swap two preambular paragraphs (blocks between blank lines before the first "1.")."""
    first_operative = re.search(r"^[ \t]*1\.[ \t*]", text, re.MULTILINE)
    if not first_operative:
        return text
    head, tail = text[: first_operative.start()], text[first_operative.start():]
    blocks = head.split("\n\n")
    candidates = [i for i, b in enumerate(blocks) if b.strip().endswith((",", "，")) and len(b) > 60]
    if len(candidates) >= 3:
        i, j = rng.sample(candidates[1:], 2)
        blocks[i], blocks[j] = blocks[j], blocks[i]
    return "\n\n".join(blocks) + tail


def generate(out: Path, documents: int, corpus: Path = DEFAULT_CORPUS, seed: int = 7) -> list[Path]:
    """Write ``documents`` files to ``out``, the templates taken in turn; the paths written, in order.

    The symbols are ``new_symbols``: no two documents have the same.
    """
    rng = random.Random(seed)
    rows = templates(corpus)
    symbols = new_symbols([symbol for _, symbol, _ in rows], documents)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for index, own in enumerate(symbols):
        name, symbol, text = rows[index % len(rows)]
        target = out / f"{index:06d}-{name}"
        target.write_text(vary(text, symbol, own, rng), encoding="utf-8")
        written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    files = generate(args.out, args.documents, args.corpus)
    print(f"wrote {len(files)} documents to {args.out}")


if __name__ == "__main__":
    main()
