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
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
# "57/12." or "80/4." at the start of a title line: the document's own number.
TITLE_NUMBER = re.compile(r"^([ \t#]*)(\d{1,3})/(\d{1,4})\.", re.MULTILINE)


def templates(corpus: Path) -> list[tuple[str, str, str]]:
    """(file name, own symbol, text) of every text file of the corpus."""
    rows = []
    for line in (corpus / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        name, symbol, *_ = line.split("\t")
        path = corpus / name
        if path.suffix in (".txt", ".md"):
            rows.append((name, symbol, path.read_text(encoding="utf-8")))
    return rows


def new_symbol(symbol: str, index: int) -> str:
    """A symbol of the same series with a number no real document of that series has."""
    parts = symbol.split("/")
    parts[-1] = str(1000 + index)
    return "/".join(parts)


def vary(text: str, symbol: str, index: int, rng: random.Random) -> str:
    own = new_symbol(symbol, index)
    text = text.replace(symbol, own)
    session, number = own.split("/")[-2], own.split("/")[-1]
    if session.isdigit():
        text = TITLE_NUMBER.sub(lambda m: f"{m.group(1)}{session}/{number}.", text, count=1)
    shift = rng.randint(-3, 3)
    text = YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
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
    rng = random.Random(seed)
    rows = templates(corpus)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for index in range(documents):
        name, symbol, text = rows[index % len(rows)]
        target = out / f"{index:06d}-{name}"
        target.write_text(vary(text, symbol, index, rng), encoding="utf-8")
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
