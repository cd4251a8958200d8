"""Exporting and checking a built store: time and peak memory of each form of ``kg export`` and of
``kg validate``, with this checkout's code and, in turn in the same run, another's.

Each command runs in a process of its own, with the code asked for
(``kg_process.run_kg``). With ``--against`` (another checkout, for instance
``git worktree add /tmp/old COMMIT``), every command runs with both, one after
the other, ``--runs`` times, and the files they write are compared byte for byte.

    .venv/bin/python benchmarks/bench_export.py BUILD_DIR [--against CHECKOUT] [--runs 2] [--pyshacl]

A build folder comes from ``kg build`` (for instance of a corpus from
``benchmarks/corpus_generator.py``). Give one built by the code measured: the
TriG export reads the build's blocks only under the base and code that made
them.
"""
from __future__ import annotations

import argparse
import filecmp
import shutil
import tempfile
from pathlib import Path

from kg_process import run_kg

HERE = Path(__file__).resolve().parents[1]
# (what the table calls it, the arguments after ``kg``; {store} and {out} are filled in)
COMMANDS = [
    ("export ttl", ["export", "--store", "{store}", "--format", "ttl", "--out", "{out}/kg.ttl"]),
    ("export trig", ["export", "--store", "{store}", "--format", "trig", "--out", "{out}/kg.trig"]),
    ("export nt", ["export", "--store", "{store}", "--format", "nt", "--out", "{out}/kg.nt"]),
    ("export jsonld", ["export", "--store", "{store}", "--format", "jsonld", "--out", "{out}/kg.jsonld"]),
    ("export --split", ["export", "--store", "{store}", "--split", "{out}/split"]),
    ("validate", ["validate", "--store", "{store}"]),
]
PYSHACL = ("validate --pyshacl", ["validate", "--store", "{store}", "--pyshacl"])


def run(code: Path, arguments: list[str], store: Path, out: Path) -> dict:
    """One command with the code of ``code``: seconds, peak MB, and an error when it failed."""
    out.mkdir(parents=True, exist_ok=True)
    ran = run_kg(code, [a.format(store=store, out=out) for a in arguments])
    said = ran.err.strip().splitlines()
    # validate exits 1 on a graph that does not conform, which is a result, not a failure
    failed = ran.status not in (0, 1) or (ran.status == 1 and arguments[0] != "validate")
    error = (said[-1] if said else f"exit status {ran.status}") if failed else None
    return {"seconds": ran.seconds, "mb": ran.mb, "error": error}


def same_outputs(a: Path, b: Path) -> str:
    """"yes" when the two folders hold the same files with the same bytes, else what differs."""
    names_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    names_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if names_a != names_b:
        return "other files"
    if not names_a:
        return ""
    differ = [n for n in names_a if not filecmp.cmp(a / n, b / n, shallow=False)]
    return "yes" if not differ else f"no ({len(differ)} of {len(names_a)} files)"


def cell(results: list[dict]) -> tuple[str, str]:
    if any(r["error"] for r in results):
        return "failed: " + next(r["error"] for r in results if r["error"]), ""
    return ", ".join(f"{r['seconds']:.1f}" for r in results), f"{max(r['mb'] for r in results):,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path)
    parser.add_argument("--against", type=Path, help="another checkout, run in turn with this one")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--pyshacl", action="store_true", help="also kg validate --pyshacl (minutes, GBs)")
    options = parser.parse_args()
    store = options.build.resolve()
    codes = [("here", HERE)] + ([("against", options.against.resolve())] if options.against else [])
    commands = COMMANDS + ([PYSHACL] if options.pyshacl else [])
    header = "| command | " + " | ".join(f"{n} s | {n} peak MB" for n, _ in codes) + (" | same bytes |" if options.against else " |")
    print(f"{store}, {options.runs} runs each, in turn\n")
    print(header)
    print("|---|" + "---:|---:|" * len(codes) + ("---|" if options.against else ""))
    with tempfile.TemporaryDirectory(prefix="bench-export-out-") as scratch:
        for label, arguments in commands:
            results: dict[str, list[dict]] = {name: [] for name, _ in codes}
            for _ in range(options.runs):
                for name, code in codes:
                    out = Path(scratch) / name
                    shutil.rmtree(out, ignore_errors=True)
                    results[name].append(run(code, arguments, store, out))
            cells = [part for name, _ in codes for part in cell(results[name])]
            same = f" {same_outputs(Path(scratch) / 'here', Path(scratch) / 'against')} |" if options.against else ""
            print(f"| {label} | " + " | ".join(cells) + " |" + same, flush=True)


if __name__ == "__main__":
    main()
