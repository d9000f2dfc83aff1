"""Parsing many files in forked workers for the index, the rows sent back through pipes.

:func:`parse_in_workers` forks one worker per processor (at most four), each turning its share of the
files into rows (a function it is given) and writing the rows of every :data:`GROUP` files to its
pipe as a frame: the length (4 bytes) and the list of the files' rows in ``marshal``'s format
(strings, numbers, None, tuples and lists, written and read back in C, far cheaper than JSON; only
this process's own child writes to the pipe). The parent reads the frames as they come and hands
the files' rows on in batches; a worker never touches the database, which SQLite forbids across
``fork``. What the rows are and how they are
stored is :mod:`claimref.index.refresh`'s business.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import select
import struct
import sys
from collections.abc import Callable
from typing import Any

from claimref.store import gc_paused

__all__ = ["parse_in_workers"]

#: The length of a frame.
_LENGTH = struct.Struct("<I")
#: Files per frame: one ``marshal`` call, one frame to cut out, for this many files.
GROUP = 64
#: The worker's buffer before it writes to the pipe.
_BUFFER = 1 << 16
#: What each pipe is asked to hold (Linux lets anyone ask up to 1 MiB; its default is 64 KiB):
#: the rows of some 700 files, so that the workers go on parsing while the parent stores a batch.
PIPE_BYTES = 1 << 20


def parse_in_workers(
    stale: list[tuple[str, str]],
    rows_of: Callable[[str, str], list[Any] | None],
    store: Callable[[list[list[Any]]], None],
    batch: int,
) -> bool:
    """Turn each (path, name shown) of ``stale`` into rows with ``rows_of`` (None: the file could
    not be read) in forked workers, and give them to ``store`` in batches of ``batch`` files; True
    when a file could not be read or a worker failed."""
    workers = max(1, min(os.cpu_count() or 1, 4))
    sys.stdout.flush()
    sys.stderr.flush()
    pipes: dict[int, tuple[int, bytearray]] = {}
    for number in range(workers):
        read_end, write_end = os.pipe()
        _widen(read_end)
        pid = os.fork()
        if pid == 0:  # the worker writes its share and leaves without exit handlers
            os.close(read_end)
            code = 1
            try:
                _send_rows(write_end, stale[number::workers], rows_of)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        pipes[read_end] = (pid, bytearray())
    return _receive_rows(pipes, store, batch)


def _widen(descriptor: int) -> None:
    """Ask the pipe to hold :data:`PIPE_BYTES` (where the system allows it; else it keeps its
    size, which only makes the workers wait more often)."""
    import fcntl  # noqa: PLC0415  (where there is fork, there is fcntl)

    setsize = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setsize is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(descriptor, setsize, PIPE_BYTES)


def _send_rows(
    descriptor: int, share: list[tuple[str, str]], rows_of: Callable[[str, str], list[Any] | None]
) -> None:
    with os.fdopen(descriptor, "wb", buffering=_BUFFER) as out, gc_paused():
        for start in range(0, len(share), GROUP):
            frame = marshal.dumps(
                [rows_of(path, shown) for path, shown in share[start : start + GROUP]]
            )
            out.write(_LENGTH.pack(len(frame)) + frame)


def _receive_rows(
    pipes: dict[int, tuple[int, bytearray]], store: Callable[[list[list[Any]]], None], batch: int
) -> bool:
    """Read the workers' frames as they come and store them; True when something failed."""
    failed, done = False, []
    while pipes:
        ready, _, _ = select.select(list(pipes), [], [])
        for descriptor in ready:
            pid, buffer = pipes[descriptor]
            chunk = os.read(descriptor, 1 << 20)
            if chunk:
                buffer += chunk
                for frame in _frames(buffer):
                    failed = failed or None in frame
                    done += [fields for fields in frame if fields is not None]
                continue
            os.close(descriptor)
            del pipes[descriptor]
            _, status = os.waitpid(pid, 0)
            failed = failed or bool(buffer) or os.waitstatus_to_exitcode(status) != 0
        if len(done) >= batch or (done and not pipes):
            store(done)
            done = []
    return failed


def _frames(buffer: bytearray) -> list[Any]:
    """The whole frames at the start of ``buffer``, taken out of it."""
    found, start, size = [], 0, len(buffer)
    view = memoryview(buffer)
    while size - start >= _LENGTH.size:
        (length,) = _LENGTH.unpack_from(buffer, start)
        end = start + _LENGTH.size + length
        if end > size:
            break
        found.append(marshal.loads(view[start + _LENGTH.size : end]))
        start = end
    view.release()
    del buffer[:start]
    return found
