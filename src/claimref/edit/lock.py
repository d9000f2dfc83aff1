"""The workspace lock: one claimref process writes a workspace at a time.

A writer holds an exclusive ``flock`` on ``<root>/.claimref.lock`` from before it reads the files it
will change until after the last rename, so that two writers never interleave their read, compare
and write. The lock is taken again for free inside a process that holds it already (a command made
of several steps); another process waits up to :func:`timeout` seconds, then gets a
:class:`LockTimeoutError` that says who holds it. A killed holder releases it at once (the kernel
drops the lock with the process), so there is never a stale lock to remove by hand. Readers take no
lock: every file is replaced by a rename, so they see each file old or new, never half-written.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from claimref.errors import ClaimrefError
from claimref.safewrite import shown

LOCK_NAME = ".claimref.lock"
ENV_TIMEOUT = "CLAIMREF_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 10.0
_held: dict[Path, tuple[int, int]] = {}  # root → (descriptor, depth), in this process


class LockTimeoutError(ClaimrefError):
    """Another process held the workspace lock for longer than we would wait."""


def timeout() -> float:
    """Seconds to wait for the lock: ``$CLAIMREF_LOCK_TIMEOUT``, else 10."""
    try:
        return max(0.0, float(os.environ.get(ENV_TIMEOUT, DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


def held(root: Path) -> bool:
    """True when this process holds the lock of the workspace at ``root``."""
    return root.resolve() in _held


@contextlib.contextmanager
def workspace_lock(root: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the lock of the workspace at ``root`` for the ``with`` block (``wait``: seconds to wait
    for another holder, default :func:`timeout`)."""
    key = root.resolve()
    if key in _held:
        descriptor, depth = _held[key]
        _held[key] = (descriptor, depth + 1)
        try:
            yield
        finally:
            _held[key] = (descriptor, _held[key][1] - 1)
        return
    descriptor = _acquire(key / LOCK_NAME, timeout() if wait is None else wait)
    _held[key] = (descriptor, 1)
    try:
        yield
    finally:
        del _held[key]
        os.close(descriptor)  # closing the descriptor releases the flock


def _acquire(path: Path, wait: float) -> int:
    """Open the lock file and take the lock, polling until ``wait`` seconds have passed."""
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise ClaimrefError(
            f"{shown(path)}: error: cannot take the workspace lock: {exc.strerror}"
        ) from None
    deadline = time.monotonic() + wait
    delay = 0.002
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() >= deadline:
                os.close(descriptor)
                raise _busy(path, wait) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.05)
            continue
        _note_holder(descriptor)
        return descriptor


def _note_holder(descriptor: int) -> None:
    """Write our pid into the lock file, for the message another process shows while it waits."""
    with contextlib.suppress(OSError):
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)


def _busy(path: Path, wait: float) -> LockTimeoutError:
    try:
        holder = path.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        holder = ""
    who = f" by process {holder}" if holder.isdigit() else ""
    return LockTimeoutError(
        f"{shown(path)}: error: the workspace is locked{who} (another claimref command is writing); "
        f"gave up after {wait:g} s, nothing written (try again, or set ${ENV_TIMEOUT})"
    )
