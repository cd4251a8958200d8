"""The progress bar: drawn on a terminal, throttled, fitted to its width, silent elsewhere."""
import io
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from kg.progress import TerminalProgress, bar, clock_time


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def lines(stream: Terminal) -> list[str]:
    """What was drawn, one entry per redraw."""
    return [part.removeprefix("\033[K") for part in stream.getvalue().split("\r") if part]


def test_nothing_is_written_where_standard_error_is_no_terminal():
    stream = io.StringIO()
    progress = TerminalProgress(stream)
    progress("read 1/10")
    progress("validate and write")
    progress.close()
    assert stream.getvalue() == ""


def test_a_counted_step_is_a_bar_with_its_rate_and_time_left_redrawn_ten_times_a_second():
    stream, clock = Terminal(), Clock()
    progress = TerminalProgress(stream, clock, columns=200)
    progress("build 10/1000")  # the step begins: no rate yet
    clock.now += 0.0625
    progress("build 11/1000")  # too soon after the last: not drawn
    clock.now += 0.0625
    progress("build 30/1000")  # 20 items in 0.125 s
    clock.now += 0.015625
    progress("build 1000/1000")  # the last is always drawn
    progress("validate and write")
    assert lines(stream) == [
        "build   10/1000 [------------------------]   1%",
        "build   30/1000 [------------------------]   3%  160.0/s  0:06 left",
        "build 1000/1000 [########################] 100%  7040.0/s  0:00 left",
        "validate and write",
    ]


def test_each_step_has_its_own_rate():
    stream, clock = Terminal(), Clock()
    progress = TerminalProgress(stream, clock, columns=200)
    progress("read 0/4")
    clock.now += 4
    progress("read 4/4")
    progress("build 0/2")
    clock.now += 1
    progress("build 1/2")
    assert lines(stream)[1].endswith("1.0/s  0:00 left")
    assert lines(stream)[-1] == "build 1/2 [############------------]  50%  1.0/s  0:01 left"


def test_the_line_never_reaches_the_terminal_edge_and_close_clears_it():
    stream = Terminal()
    progress = TerminalProgress(stream, Clock(), columns=20)
    progress("build 1/3")
    assert lines(stream) == ["build 1/3 [########"]  # 19 characters: a full line would wrap
    progress.close()
    assert stream.getvalue().endswith("\r\033[K")


@pytest.mark.parametrize("seconds,shown", [(0, "0:00"), (59.6, "1:00"), (754, "12:34"), (3723.4, "1:02:03")])
def test_clock_time(seconds, shown):
    assert clock_time(seconds) == shown


def test_an_empty_step_is_whole():
    assert bar("read", 0, 0, 0.0, 0) == f"read 0/0 [{'#' * 24}] 100%"


def _build(args: list[str], stderr) -> subprocess.CompletedProcess:
    kg = Path(sys.executable).with_name("kg")
    return subprocess.run([str(kg), "build", *args], stdout=subprocess.PIPE, stderr=stderr, timeout=300, check=True)


def test_kg_build_draws_the_bar_on_a_terminal_and_nothing_when_piped(corpus_dir, tmp_path):
    main, other = pty.openpty()
    try:
        done = _build([str(corpus_dir), "--out", str(tmp_path / "tty"), "--no-view"], other)
        drawn = b""
        while select.select([main], [], [], 0.5)[0]:
            chunk = os.read(main, 65536)
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(main)
        os.close(other)
    text = drawn.decode("utf-8")
    assert "read 11/11 [########################] 100%" in text
    assert "build 11/11 [########################] 100%" in text  # one document per file here
    assert text.endswith("\r\033[K")  # the line is cleared before the summary
    assert b"files: 11 given: 11 built" in done.stdout

    piped = _build([str(corpus_dir), "--out", str(tmp_path / "piped"), "--no-view"], subprocess.PIPE)
    assert piped.stderr == b""
