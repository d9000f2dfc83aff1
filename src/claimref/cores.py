"""How many processor cores this process may use now, for the work that can be shared among forked
processes (rendering, looking at a large folder's files).

It reads the load average; it does not start or manage processes.
"""

from __future__ import annotations

import os

__all__ = ["spare_cores"]


def spare_cores(limit: int = 4) -> int:
    """How many processes to work in (at most ``limit``): this one and one for each core that the
    load average (this process counted) leaves idle. A process that finds no idle core saves no
    time and adds CPU time (its own setup, copied pages): on a busy machine all is done here."""
    cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]  # this process counts, while it runs
    except OSError:  # not measurable here
        load = 0.0
    return max(1, min(cores - int(load + 0.5) + 1, cores, limit))
