"""The build's work in instructions: checkouts side by side, nearly the same figure at every run.

    .venv/bin/python benchmarks/bench_instructions.py CORPUS --trees OLD NEW [--jobs 1]

On a shared machine the time of one build varies by a fifth to a half from one
hour to the next; the number of instructions it executes hardly does (two runs
of the same code with two jobs: 0.5 % apart, as the work falls differently on
the workers and the store's threads). Each tree (a checkout of this project,
such as a ``git worktree`` of an older commit) builds CORPUS with its own code
on PYTHONPATH, under Valgrind's callgrind, every process counted. The table
gives the instructions of the build's own process and of every process, per
file, each against the first tree's, and the sha256 of each ``kg.ttl``: a
change that keeps the output keeps it.

Instructions are not time: a cache miss, a disk write or a process waiting for
another count for nothing here. They tell whether a change does less work, and
how much less, where timing it cannot. Valgrind runs the build about fifty
times slower: 100 files take about five minutes a tree. Install it with
``apt-get install valgrind``.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

COLLECTED = re.compile(r"^==(\d+)== Collected : (\d+)$", re.MULTILINE)
PARENT = re.compile(r"^==\d+== Parent PID: (\d+)$", re.MULTILINE)
FILES_LINE = re.compile(r"^files: (\d+) given", re.MULTILINE)


@dataclass(frozen=True)
class Counted:
    tree: Path
    commit: str
    files: int
    processes: int
    main: int  # the instructions of the build's own process
    instructions: int  # of every process: the main one and its workers
    turtle_sha256: str


def instructions_in(logs: Path) -> tuple[int, int, int]:
    """The instructions counted in a folder of callgrind logs, one log a process: those of the
    process that started the others (the build's own), of every process, and how many processes.
    A log without its count (a process that did not end) is an error."""
    counts: dict[int, int] = {}
    parents: dict[int, int] = {}
    for log in sorted(logs.glob("*.log")):
        text = log.read_text(encoding="utf-8", errors="replace")
        found, parent = COLLECTED.findall(text), PARENT.search(text)
        if len(found) != 1 or parent is None:
            raise RuntimeError(f"{log}: {len(found)} counts of instructions, expected 1: did the process end?")
        pid = int(found[0][0])
        counts[pid], parents[pid] = int(found[0][1]), int(parent.group(1))
    if not counts:
        raise RuntimeError(f"{logs}: no callgrind log: is valgrind installed?")
    first = [pid for pid in counts if parents[pid] not in counts]
    if len(first) != 1:
        raise RuntimeError(f"{logs}: {len(first)} processes started by none of the others, expected 1")
    return counts[first[0]], sum(counts.values()), len(counts)


def commit_of(tree: Path) -> str:
    """The tree's commit, with "+changes" when its files differ from it."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(tree), *args], capture_output=True, text=True, check=True).stdout
    head = git("rev-parse", "--short", "HEAD").strip()
    return head + ("+changes" if git("status", "--porcelain", "--untracked-files=no").strip() else "")


def count_build(tree: Path, corpus: Path, work: Path, jobs: int) -> Counted:
    """One build of ``corpus`` with ``tree``'s code, under callgrind."""
    out, logs = work / "build", work / "logs"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    command = ["valgrind", "--tool=callgrind", "--trace-children=yes", "--callgrind-out-file=/dev/null",
               f"--log-file={logs}/%p.log", sys.executable, "-m", "kg", "build", str(corpus),
               "--out", str(out), "--jobs", str(jobs), "--no-view"]
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(command, cwd=work, env=environment, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the build with {tree} failed ({done.returncode}): {done.stderr[-2000:]}")
    files = FILES_LINE.search(done.stdout)
    main, instructions, processes = instructions_in(logs)
    return Counted(tree, commit_of(tree), int(files.group(1)) if files else 0, processes, main, instructions,
                   hashlib.sha256((out / "kg.ttl").read_bytes()).hexdigest())


def table(counted: list[Counted]) -> str:
    """The counts as a Markdown table, each against the first; per file, of every process."""
    first = counted[0]

    def against(now: int, then: int) -> str:
        return f"{(now - then) / then:+.1%}" if then else ""

    lines = ["| tree | commit | files | processes | main process | against the first | every process "
             "| per file | against the first | kg.ttl sha256 |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for c in counted:
        per_file = f"{c.instructions / c.files / 1e6:,.1f}M" if c.files else ""
        lines.append(f"| {c.tree} | {c.commit} | {c.files:,} | {c.processes} | {c.main / 1e6:,.0f}M "
                     f"| {against(c.main, first.main)} | {c.instructions / 1e6:,.0f}M | {per_file} "
                     f"| {against(c.instructions, first.instructions)} | {c.turtle_sha256[:16]} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="the files to build (100 take about five minutes a tree)")
    parser.add_argument("--trees", type=Path, nargs="+", required=True, help="checkouts of this project")
    parser.add_argument("--jobs", type=int, default=1, help="kg build --jobs (default 1)")
    options = parser.parse_args()
    if shutil.which("valgrind") is None:
        parser.error("valgrind is not installed (apt-get install valgrind)")
    counted = []
    with tempfile.TemporaryDirectory(prefix="bench-instructions-") as folder:
        for tree in options.trees:
            counted.append(count_build(tree.resolve(), options.corpus.resolve(), Path(folder), options.jobs))
            print(f"{tree}: {counted[-1].instructions:,} instructions", file=sys.stderr)
    print(table(counted))


if __name__ == "__main__":
    main()
