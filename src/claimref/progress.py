"""Progress of long work on a terminal: one line on stderr, rewritten in place (``\\r``).

The library reports progress through a plain callback, ``progress(done, total)`` (:data:`Progress`),
and prints nothing itself; the command line makes a :class:`Meter` with :func:`meter`, which is
None unless stderr is a terminal (not a pipe, a file or ``TERM=dumb``, and not with
``CLAIMREF_NO_PROGRESS=1``), so that logs and scripts never see it. A meter draws nothing during
the first half second (short work stays silent), then at most ten times a second, and clears its
line when closed. ``NO_COLOR`` does not turn it off: the line has no colour.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import TextIO

#: What library functions accept to report progress: called with (done, total).
Progress = Callable[[int, int], None]
#: Set to 1 to never show progress.
ENV_OFF = "CLAIMREF_NO_PROGRESS"
#: Seconds before the first line is drawn, and between two lines.
DELAY = 0.5
INTERVAL = 0.1


def shown_on(stream: TextIO) -> bool:
    """True when progress lines may be written to ``stream``: a terminal that understands ``\\r``."""
    if os.environ.get(ENV_OFF, "") not in ("", "0") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


class Meter:
    """A progress line: call it with (done, total); :meth:`close` clears it."""

    def __init__(self, label: str, unit: str, stream: TextIO, *, delay: float = DELAY,
                 interval: float = INTERVAL,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.label, self.unit, self.stream = label, unit, stream
        self.interval, self.clock = interval, clock
        self.next_draw = clock() + delay
        self.width = 0  # of the line on screen; 0: nothing drawn

    def __call__(self, done: int, total: int) -> None:
        """Show that ``done`` of ``total`` are done (at most every :data:`INTERVAL` seconds)."""
        now = self.clock()
        if now < self.next_draw:
            return
        self.next_draw = now + self.interval
        share = f" ({100 * done // total}%)" if total > 0 else ""
        self.draw(f"{self.label}: {done:,} of {total:,} {self.unit}{share}")

    def announce(self, total: int) -> None:
        """Show at once that work on ``total`` things has begun (for work that cannot be counted
        as it goes)."""
        self.draw(f"{self.label} {total:,} {self.unit}…")

    def draw(self, text: str) -> None:
        """Replace the line on screen with ``text``."""
        pad = " " * max(self.width - len(text), 0)
        self.stream.write(f"\r{text}{pad}")
        self.stream.flush()
        self.width = len(text)

    def close(self) -> None:
        """Clear the line, if one was drawn."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def meter(label: str, unit: str, stream: TextIO | None = None, *,
          delay: float | None = None) -> Meter | None:  # fmt: skip
    """A :class:`Meter` on ``stream`` (default: stderr), or None when it is not to be shown;
    ``delay`` defaults to :data:`DELAY`."""
    stream = sys.stderr if stream is None else stream
    if not shown_on(stream):
        return None
    return Meter(label, unit, stream, delay=DELAY if delay is None else delay)


@contextlib.contextmanager
def showing(label: str, unit: str, stream: TextIO | None = None, *,
            delay: float | None = None) -> Iterator[Meter | None]:  # fmt: skip
    """A :func:`meter` for the work in the ``with`` block, its line cleared at the end (also when
    the work fails)."""
    shown = meter(label, unit, stream, delay=delay)
    try:
        yield shown
    finally:
        if shown is not None:
            shown.close()
