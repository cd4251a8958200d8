"""Rebuilding a built corpus: a full build and the incremental builds after it, side by side.

``kg build --jobs 2`` runs in a process of its own on a copy of the corpus,
eight times into one build folder: the first build, a rebuild with nothing
changed, a rebuild after one file changed, the same without the view
(``--no-view``), one after a word of one file was changed, one after one
file in a hundred changed, one after every file changed (as when a corpus is
converted again from its PDFs), and one after the corpus folder was moved. A
file is changed by adding a line at its end: it is read and built again, and
its graph changes only in the file's hash (``kg:sha256``). A word is changed
by writing the file's last "the" as "THE": the text that holds it changes in
the graph as well. Each row gives the wall time and what the build's summary
says it did.

    .venv/bin/python benchmarks/bench_rebuild.py CORPUS WORK

CORPUS is a folder of documents (for instance from
``benchmarks/corpus_generator.py``); WORK is emptied and used for the copy and
the build folder.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

FILES_LINE = re.compile(r"(?P<built>\d+) built, (?P<unchanged>\d+) unchanged")


def build(corpus: Path, out: Path, *options: str) -> tuple[float, str, str]:
    command = [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "--jobs", "2", *options]
    start = time.perf_counter()
    child = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    found = FILES_LINE.search(child.stdout)
    if child.returncode not in (0, 1) or not found:  # 1: the build ran and found something to report
        raise SystemExit(f"kg build failed on {corpus}: {child.stderr.strip() or child.stdout.strip()}")
    return seconds, found["built"], found["unchanged"]


def change(files: list[Path]) -> None:
    for path in files:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n")


def edit(files: list[Path]) -> None:
    """The last "the" of each file becomes "THE"."""
    for path in files:
        text = path.read_text(encoding="utf-8")
        at = text.rindex(" the ")
        path.write_text(text[:at] + " THE " + text[at + 5:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("work", type=Path)
    options = parser.parse_args()
    shutil.rmtree(options.work, ignore_errors=True)
    corpus, out = options.work / "corpus", options.work / "out"
    shutil.copytree(options.corpus, corpus)
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    english = [p for p in files if ".en." in p.name]
    cases = [
        ("first build", change, [], ()),
        ("nothing changed", change, [], ()),
        ("1 file changed", change, files[:1], ()),
        ("1 file changed, --no-view", change, files[1:2], ("--no-view",)),
        ("1 word of 1 file changed", edit, english[-1:], ()),
        (f"{len(files[::100])} files changed (1 in 100)", change, files[::100], ()),
        ("every file changed", change, files, ()),
    ]
    print(f"{len(files):,} files in {options.corpus}\n")
    print("| build | files built | files unchanged | wall s |")
    print("|---|---:|---:|---:|")
    for name, how, changed, flags in cases:
        how(changed)
        seconds, built, unchanged = build(corpus, out, *flags)
        print(f"| {name} | {int(built):,} | {int(unchanged):,} | {seconds:.1f} |", flush=True)
    moved = corpus.rename(options.work / "moved")
    seconds, built, unchanged = build(moved, out)
    print(f"| corpus folder moved | {int(built):,} | {int(unchanged):,} | {seconds:.1f} |", flush=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
