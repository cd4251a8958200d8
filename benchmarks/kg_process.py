"""One ``kg`` command in a process of its own, with the code of a given checkout: what the
benchmarks that compare two checkouts run (``bench_export.py``, ``bench_rebuild.py``).

The process starts in an empty folder outside any checkout, so that ``python -m kg``
imports the code of ``PYTHONPATH`` and nothing else. Its peak resident memory, read
with ``os.wait4``, is the largest of its own and of the workers it started and waited
for: the main process's, in a build.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Ran:
    """How one command went."""

    seconds: float
    mb: float  # peak resident memory of the command's largest process
    status: int
    out: str
    err: str


def run_kg(code: Path, arguments: list[str]) -> Ran:
    """``python -m kg ARGUMENTS`` with the package found in ``code`` (a checkout)."""
    environment = {**os.environ, "PYTHONPATH": str(code)}
    with tempfile.TemporaryDirectory(prefix="bench-kg-") as neutral, \
            tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "kg", *arguments], cwd=neutral, env=environment,
                                 stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return Ran(seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status),
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))
