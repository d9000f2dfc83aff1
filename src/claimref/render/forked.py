"""Work shared with forked child processes, each sending its result back through a pipe.

:func:`share` forks one child per share of the work (before this process does its own part, so
they run meanwhile), and each child sends back what it made in ``marshal``'s format (lists,
strings, numbers, None: written and read in C) or, when it failed, the exception (pickled) that is
then raised here. No multiprocessing or executor: a fork, a pipe and ``os._exit`` cost a fraction
of a pool's setup (its imports, threads and queues: about 0.05 s of CPU for one worker).
What the work is, and whether it is worth sharing, is the caller's business
(:mod:`claimref.render.pipeline`). Where ``fork`` does not exist, everything is done here.
"""

from __future__ import annotations

import gc
import marshal
import os
import signal
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from claimref.errors import ClaimrefError

T = TypeVar("T")
#: The first byte of a child's message: its result follows, or its exception (pickled).
_DONE, _FAILED = b"r", b"x"


def available() -> bool:
    """Whether work can be shared with forked processes here."""
    return hasattr(os, "fork")


def share(work: Callable[[T], Any], shares: list[T], own: Callable[[], Any]) -> list[Any]:
    """``own()``'s result, then ``work(share)``'s for each of ``shares``, each done in a child
    forked for it (``work``'s results must be what ``marshal`` writes); an exception in a child is
    raised here."""
    sys.stdout.flush()
    sys.stderr.flush()
    children: list[tuple[int, int]] = []
    try:
        for part in shares:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: its part, sent back, and out without exit handlers
                os.close(read_end)
                _child(write_end, work, part)
            os.close(write_end)
            children.append((pid, read_end))
        results = [own()]
        while children:
            pid, descriptor = children.pop(0)
            results.append(_receive(pid, descriptor))
        return results
    finally:
        for pid, descriptor in children:  # after a failure here: stop the others
            os.close(descriptor)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _child(descriptor: int, work: Callable[[T], Any], part: T) -> None:
    code = 1
    gc.disable()  # short-lived: a collection would touch (and so copy) the parent's every page
    try:
        try:
            message = _DONE + marshal.dumps(work(part))
        except Exception as exc:
            message = _FAILED + _pickled(exc)
        with os.fdopen(descriptor, "wb") as pipe:
            pipe.write(message)
        code = 0
    finally:
        os._exit(code)


def _pickled(exc: Exception) -> bytes:
    import pickle  # noqa: PLC0415  (only for a failure)

    try:
        return pickle.dumps(exc)
    except (pickle.PicklingError, TypeError, AttributeError):
        return pickle.dumps(ClaimrefError(f"a rendering process failed: {exc!r}"))


def _receive(pid: int, descriptor: int) -> Any:
    """A child's result (or its exception, raised), once it has exited."""
    with os.fdopen(descriptor, "rb") as pipe:
        message = pipe.read()
    _, status = os.waitpid(pid, 0)
    if message[:1] == _DONE:
        return marshal.loads(message[1:])
    if message[:1] == _FAILED:
        import pickle  # noqa: PLC0415  (only for a failure)

        raise pickle.loads(message[1:])
    raise ClaimrefError(f"a rendering process failed (exit status {status})")
