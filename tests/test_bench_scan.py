"""The read-cost benchmark's three steps, on a store of a few made-up mentions."""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_scan  # noqa: E402 - lives in benchmarks/, not in the package

from kg.store import Store  # noqa: E402

KG, OA = "https://w3id.org/un-hr-kg/ontology#", "http://www.w3.org/ns/oa#"


def mention(number: int, selector: bool) -> bytes:
    m = f"<https://example.org/m{number}>"
    lines = [f'{m} <{KG}quote> "words {number}" .']
    if selector:
        s = f"<https://example.org/s{number}>"
        lines += [f"{m} <{OA}hasSelector> {s} .", f'{s} <{OA}start> "{number}" .', f'{s} <{OA}end> "{number + 5}" .']
    return "\n".join(lines).encode()


def test_each_step_gives_the_rows_its_patterns_match_on_disk_and_in_memory(tmp_path):
    store = Store.open(tmp_path, create=True)
    store.put_graphs([("https://example.org/d1", b"\n".join(mention(n, n % 3 != 0) for n in range(9))),
                      ("https://example.org/d2", mention(20, True))])
    store.flush()
    del store  # the benchmark opens it read-only
    copied, results = bench_scan.measure(tmp_path, runs=2)
    assert copied >= 0
    # 10 quotes, 7 of them with a selector, a start and an end
    assert [(r["step"], r["rows"]) for r in results] == [("scan", 10), ("one lookup", 7), ("three lookups", 7)]
    assert all(r[where, values] > 0 for r in results for where in ("disk", "memory") for values in (False, True))
