"""Extraction speed and memory over the shared corpus repeated to at least 50 MB.

Side by side, in one run, each in its own process pinned to one core:
  - baseline: one compiled regex for UN symbols (what a plain scanner does);
  - references: reference extraction alone, through the Python API
    (``kg.references.find_references``; the segmentation it needs is made
    beforehand and not timed);
  - extract: the whole ``kg extract`` command over copies of the corpus files.

Reports MB/s (UTF-8 bytes of text per second of wall time) and peak resident
memory of each process.

    .venv/bin/python benchmarks/bench_extract.py [--corpus ../shared/corpus] [--mb 50]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
SUFFIXES = (".txt", ".md")
BASELINE = re.compile(r"\b(?:[A-Z]{1,6}/)+(?:[A-Z0-9.\-()]+/)*[A-Z0-9.\-()]+|\b\d{1,4}/\d{1,4}\b")


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if p.suffix in SUFFIXES)


def repetitions(files: list[Path], megabytes: float) -> int:
    size = sum(len(p.read_text(encoding="utf-8").encode("utf-8")) for p in files)
    return max(1, int(megabytes * 1_000_000 // size) + 1)


def worker_baseline(corpus: Path, megabytes: float) -> dict:
    files = corpus_files(corpus)
    texts = [p.read_text(encoding="utf-8") for p in files]
    n = repetitions(files, megabytes)
    size = sum(len(t.encode("utf-8")) for t in texts) * n
    start = time.perf_counter()
    found = 0
    for _ in range(n):
        for text in texts:
            found += sum(1 for _ in BASELINE.finditer(text))
    return {"bytes": size, "seconds": time.perf_counter() - start, "found": found}


def worker_references(corpus: Path, megabytes: float) -> dict:
    from kg.read import read_file
    from kg.references import find_references
    from kg.segment import segment

    files = corpus_files(corpus)
    prepared = []
    for path in files:
        source = read_file(str(path))
        prepared.append((source, segment(source)))
    n = repetitions(files, megabytes)
    size = sum(len(s.text.encode("utf-8")) for s, _ in prepared) * n
    start = time.perf_counter()
    found = 0
    for _ in range(n):
        for source, seg in prepared:
            found += len(find_references(source.text, source.language, seg.document, seg))
    return {"bytes": size, "seconds": time.perf_counter() - start, "found": found}


def worker_extract(corpus: Path, megabytes: float) -> dict:
    files = corpus_files(corpus)
    n = repetitions(files, megabytes)
    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for i in range(n):
            for path in files:
                target = Path(tmp) / f"{i:05d}-{path.name}"
                shutil.copyfile(path, target)
                copies.append(str(target))
        size = sum(len(Path(p).read_text(encoding="utf-8").encode("utf-8")) for p in copies)
        command = [sys.executable, "-m", "kg", "extract", "--format", "jsonl", *copies]
        start = time.perf_counter()
        with open(os.devnull, "w") as sink:
            subprocess.run(command, stdout=sink, check=True)
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"bytes": size, "seconds": seconds, "found": len(copies), "child_peak": peak}


WORKERS = {"baseline": worker_baseline, "references": worker_references, "extract": worker_extract}


def run_worker(name: str, corpus: Path, megabytes: float) -> dict:
    command = [sys.executable, __file__, "--worker", name, "--corpus", str(corpus), "--mb", str(megabytes)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--worker", choices=sorted(WORKERS))
    args = parser.parse_args()
    if args.worker:
        pin_one_core()
        result = WORKERS[args.worker](args.corpus, args.mb)
        result["peak"] = max(result.pop("child_peak", 0), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
        print(json.dumps(result))
        return
    print(f"corpus: {args.corpus} repeated to at least {args.mb:g} MB; one core per measurement")
    print(f"{'measurement':<12} {'MB':>8} {'seconds':>9} {'MB/s':>8} {'peak MB':>9} {'found':>9}")
    for name in ("baseline", "references", "extract"):
        r = run_worker(name, args.corpus, args.mb)
        mb = r["bytes"] / 1_000_000
        print(f"{name:<12} {mb:8.1f} {r['seconds']:9.2f} {mb / r['seconds']:8.2f} {r['peak'] / 1_000_000:9.0f} {r['found']:9d}")


if __name__ == "__main__":
    main()
