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
the graph as well. Each row gives what the build's summary says it did, its
wall time and its peak memory (of its largest process, the main one).

With ``--against`` (another checkout, for instance ``git worktree add /tmp/old
COMMIT``), the other checkout's code rebuilds a copy of its own, with the same
changes, each build right after this checkout's (``kg_process.run_kg``): the
two are measured in one run, under the same load. The last two columns say
whether the two builds wrote the same ``kg.ttl`` and the same citation view.

    .venv/bin/python benchmarks/bench_rebuild.py CORPUS WORK [--against CHECKOUT]

CORPUS is a folder of documents (for instance from
``benchmarks/corpus_generator.py``); WORK is emptied and used for the copies and
the build folders.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
from pathlib import Path
from typing import Callable

from kg_process import Ran, run_kg

HERE = Path(__file__).resolve().parents[1]
FILES_LINE = re.compile(r"(?P<built>\d+) built, (?P<unchanged>\d+) unchanged")


def build(code: Path, corpus: Path, out: Path, *options: str) -> tuple[Ran, str]:
    """``kg build --jobs 2`` of ``corpus`` into ``out`` with the code of ``code``; how it went,
    and how many files it built and left unchanged ("built / unchanged")."""
    ran = run_kg(code, ["build", str(corpus), "--out", str(out), "--jobs", "2", *options])
    found = FILES_LINE.search(ran.out)
    if ran.status not in (0, 1) or not found:  # 1: the build ran and found something to report
        raise SystemExit(f"kg build failed on {corpus}: {ran.err.strip() or ran.out.strip()}")
    return ran, f"{int(found['built']):,} / {int(found['unchanged']):,}"


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


def cases(files: list[str]) -> list[tuple[str, Callable[[list[Path]], None], list[str], tuple[str, ...]]]:
    """The builds in the order they run: what the table calls each, how the corpus is changed
    before it, the names of the files it changes and the build's options."""
    english = [name for name in files if ".en." in name]
    return [
        ("first build", change, [], ()),
        ("nothing changed", change, [], ()),
        ("1 file changed", change, files[:1], ()),
        ("1 file changed, --no-view", change, files[1:2], ("--no-view",)),
        ("1 word of 1 file changed", edit, english[-1:], ()),
        (f"{len(files[::100])} file{'s' if len(files) > 100 else ''} changed (1 in 100)", change, files[::100], ()),
        ("every file changed", change, files, ()),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--against", type=Path, help="another checkout, each build run right after this one's")
    options = parser.parse_args()
    codes = {"here": HERE} | ({"against": options.against.resolve()} if options.against else {})
    work = options.work.resolve()
    shutil.rmtree(work, ignore_errors=True)
    corpora = {name: work / name / "corpus" for name in codes}
    outs = {name: work / name / "out" for name in codes}
    for corpus in corpora.values():
        shutil.copytree(options.corpus, corpus)
    names = sorted(p.name for p in corpora["here"].iterdir() if p.is_file())
    print(f"{len(names):,} files in {options.corpus}; {', '.join(f'{n}: {c}' for n, c in codes.items())}\n")
    columns = [f"{name} {unit}" for name in codes for unit in ("s", "peak MB")]
    print("| build | files built / unchanged | " + " | ".join(columns)
          + (" | same kg.ttl | same view |" if options.against else " |"))
    print("|---|---:|" + "---:|" * len(columns) + ("---|---|" if options.against else ""))
    steps = cases(names) + [("corpus folder moved", None, [], ())]
    for label, how, changed, flags in steps:
        results = {}
        for name, code in codes.items():
            if how is None:
                corpora[name] = corpora[name].rename(corpora[name].with_name("moved"))
            else:
                how([corpora[name] / file for file in changed])
            results[name] = build(code, corpora[name], outs[name], *flags)
        # this checkout's count, then the other's where the two builds differ
        counts = " · ".join(dict.fromkeys(files for _, files in results.values()))
        cells = [cell for ran, _ in results.values() for cell in (f"{ran.seconds:.1f}", f"{ran.mb:,.0f}")]
        same = ""
        if options.against:
            for output in ("kg.ttl", "citations.html"):
                same += " yes |" if filecmp.cmp(*(outs[name] / output for name in codes), shallow=False) else " no |"
        print(f"| {label} | {counts} | " + " | ".join(cells) + " |" + same, flush=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
