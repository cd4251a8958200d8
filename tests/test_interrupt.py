"""A build killed at any moment leaves the previous outputs usable, and the next run completes."""
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from rdflib import Dataset, Graph

from kg.store import Store


def outputs_usable(out, settled=True):
    assert len(Graph().parse(out / "kg.ttl", format="turtle")) > 1000
    ds = Dataset()
    ds.parse(out / "kg.trig", format="trig")
    assert len(Store.open(out, read_only=True).graph_names()) >= 13
    page = (out / "citations.html").read_text(encoding="utf-8")
    assert page.rstrip().endswith("</html>")
    if settled:  # a finished build leaves no temporary file behind, even one a killed run left
        assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


@pytest.fixture(scope="module")
def previous(tmp_path_factory, corpus_dir):
    """Outputs of a finished build, copied for each test."""
    out = tmp_path_factory.mktemp("previous") / "out"
    subprocess.run(build_command(corpus_dir, out), check=True, capture_output=True)
    outputs_usable(out)
    return out


def build_command(corpus_dir, out):
    return [sys.executable, "-m", "kg", "build", str(corpus_dir), "--out", str(out)]


@pytest.mark.parametrize("delay", [0.4, 1.5, 3.0])
def test_sigkill_during_a_build_keeps_the_previous_outputs(tmp_path, corpus_dir, previous, delay):
    out, sources = tmp_path / "out", tmp_path / "corpus"
    shutil.copytree(previous, out)
    shutil.copytree(corpus_dir, sources)
    # every file changed: a build with nothing to change would keep the outputs and end at once
    for path in sorted(sources.iterdir()):
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n")
    process = subprocess.Popen(build_command(sources, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    outputs_usable(out, settled=False)
    subprocess.run(build_command(sources, out), check=True, capture_output=True)
    outputs_usable(out)
