"""Progress on a terminal: a bar for each counted step, drawn in place on standard error.

A build reports ``"read 12/1000"``, ``"build 990/1000"`` (a step, how many of
its items are done, of how many), then steps it does not count (``"validate
and write"``); a push reports ``"push 12/1180"``. A counted step is drawn as
a bar with its share, its rate and the time it has left, and the others as
their name. Nothing is written when standard error is not a terminal (a log,
a pipe, CI), so the output there is the summary alone.
"""
from __future__ import annotations

import re
import shutil
import sys
import time

# A counted step: its name, how many items are done, of how many.
COUNTED = re.compile(r"^(?P<step>.+) (?P<done>\d+)/(?P<total>\d+)$")
BAR_WIDTH = 24
REDRAW_EVERY = 0.1  # seconds: a fast step is drawn ten times a second, not once per item


class TerminalProgress:
    """One line of progress on ``stream`` (standard error), rewritten in place; silent when the
    stream is not a terminal.

    >>> import io
    >>> TerminalProgress(io.StringIO()).active  # not a terminal
    False
    """

    def __init__(self, stream=None, clock=time.monotonic, columns: int | None = None):
        self.stream = stream or sys.stderr
        self.active = self.stream.isatty()
        self.clock = clock
        self.columns = columns
        self.began: dict[str, tuple[float, int]] = {}  # a counted step: when it began, and at how many
        self.drawn_at: float | None = None

    def __call__(self, message: str) -> None:
        if not self.active:
            return
        now = self.clock()
        counted = COUNTED.match(message)
        if counted:
            step, done, total = counted["step"], int(counted["done"]), int(counted["total"])
            began, done_then = self.began.setdefault(step, (now, done))
            last = done >= total
            if not last and self.drawn_at is not None and now - self.drawn_at < REDRAW_EVERY:
                return
            line = bar(step, done, total, now - began, done - done_then)
        else:
            line = message
        self.drawn_at = now
        self._draw(line)

    def _draw(self, line: str) -> None:
        width = self.columns or shutil.get_terminal_size((80, 24)).columns
        # A line as wide as the terminal would wrap, and the next \r would not reach its start.
        self.stream.write(f"\r\033[K{line[:max(1, width - 1)]}")
        self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("\r\033[K")
            self.stream.flush()


def bar(step: str, done: int, total: int, seconds: float, since: int) -> str:
    """``build  990/1000 [#######################-]  99%  38.2/s  0:00 left``: ``since`` items
    done in the ``seconds`` the step has run give its rate and the time left.

    >>> bar("read", 250, 1000, 5.0, 250)
    'read  250/1000 [######------------------]  25%  50.0/s  0:15 left'
    """
    share = done / total if total else 1.0
    filled = int(share * BAR_WIDTH)
    line = f"{step} {done:>{len(str(total))}}/{total} [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {share:4.0%}"
    if seconds > 0 and since > 0:
        rate = since / seconds
        line += f"  {rate:.1f}/s  {clock_time((total - done) / rate)} left"
    return line


def clock_time(seconds: float) -> str:
    """``0:15``, ``12:05``, ``1:02:03``.

    >>> clock_time(3723.4)
    '1:02:03'
    """
    minutes, second = divmod(int(round(seconds)), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}" if hours else f"{minute}:{second:02d}"
