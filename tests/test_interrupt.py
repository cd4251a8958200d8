"""A build killed at any moment leaves the previous outputs usable, and the next run completes."""
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from rdflib import Dataset, Graph

from kg.store import UNION_MARK, Store


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


def changed_copy(corpus_dir, folder):
    """The corpus with every file changed: a build with nothing to change would keep the
    outputs and end at once."""
    shutil.copytree(corpus_dir, folder)
    for path in sorted(folder.iterdir()):
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n")
    return folder


def killed_and_run_again(process, out, sources):
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    outputs_usable(out, settled=False)
    subprocess.run(build_command(sources, out), check=True, capture_output=True)
    outputs_usable(out)


@pytest.mark.parametrize("delay", [0.4, 1.5, 3.0])
def test_sigkill_during_a_build_keeps_the_previous_outputs(tmp_path, corpus_dir, previous, delay):
    out, sources = tmp_path / "out", changed_copy(corpus_dir, tmp_path / "corpus")
    shutil.copytree(previous, out)
    process = subprocess.Popen(build_command(sources, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    killed_and_run_again(process, out, sources)


@pytest.mark.parametrize("delay", [0.0, 0.02, 0.05, 0.1, 0.2])
def test_sigkill_while_the_store_changes_loses_no_graph(tmp_path, corpus_dir, previous, delay):
    """Killed while graphs are being replaced, a store still holds each one, old or new."""
    out, sources = tmp_path / "out", changed_copy(corpus_dir, tmp_path / "corpus")
    shutil.copytree(previous, out)
    process = subprocess.Popen(build_command(sources, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (out / UNION_MARK).exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    time.sleep(delay)
    killed_and_run_again(process, out, sources)
