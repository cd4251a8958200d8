"""The rebuild benchmark: every build in turn with two checkouts, each on a copy of its own."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCHMARK = REPO / "benchmarks" / "bench_rebuild.py"
FILES = ["A-HRC-DEC-43-112.en.txt", "A-RES-80-230.en.txt"]  # the two smallest, in English


def small_corpus(shared: Path, folder: Path) -> Path:
    folder.mkdir()
    for name in FILES:
        shutil.copy(shared / name, folder / name)
    return folder


def rebuilds(corpus: Path, work: Path, against: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BENCHMARK), str(corpus), str(work), "--against", str(against)],
                          capture_output=True, text=True, timeout=600)


def test_each_build_runs_with_both_checkouts_on_copies_of_their_own(corpus_dir, tmp_path):
    corpus = small_corpus(corpus_dir, tmp_path / "corpus")
    ran = rebuilds(corpus, tmp_path / "work", REPO)
    assert ran.returncode == 0, ran.stderr
    rows = [line.split(" | ") for line in ran.stdout.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[0][:2] == ["| build", "files built / unchanged"]
    # a count of files that differed between the two builds would show both counts
    assert [(row[0].lstrip("| "), row[1]) for row in rows[1:]] == [
        ("first build", "2 / 0"),
        ("nothing changed", "0 / 2"),
        ("1 file changed", "1 / 1"),
        ("1 file changed, --no-view", "1 / 1"),
        ("1 word of 1 file changed", "1 / 1"),
        ("1 file changed (1 in 100)", "1 / 1"),
        ("every file changed", "2 / 0"),
        ("corpus folder moved", "0 / 2"),
    ]
    assert all(row[-2:] == ["yes", "yes |"] for row in rows[1:])  # the same code wrote the same kg.ttl and view
    assert all(float(cell.replace(",", "")) > 0 for row in rows[1:] for cell in row[2:6])  # seconds, MB
    for name in ("here", "against"):
        moved = tmp_path / "work" / name / "moved"
        assert "THE" in (moved / FILES[-1]).read_text(encoding="utf-8")  # the word changed in each copy
        assert (tmp_path / "work" / name / "out" / "kg.ttl").is_file()
    assert "THE" not in (corpus / FILES[-1]).read_text(encoding="utf-8")  # the corpus given is left alone


def test_the_other_checkout_is_the_code_that_runs(corpus_dir, tmp_path):
    other = tmp_path / "other"
    (other / "kg").mkdir(parents=True)
    (other / "kg" / "__init__.py").write_text("")
    (other / "kg" / "__main__.py").write_text("import sys\nsys.exit('not this kg')\n")
    ran = rebuilds(small_corpus(corpus_dir, tmp_path / "corpus"), tmp_path / "work", other)
    assert ran.returncode != 0
    assert f"kg build failed on {tmp_path / 'work' / 'against' / 'corpus'}: not this kg" in ran.stderr
