"""The workspace lock: one claimref process writes a workspace at a time, and readers see no half.

A writer holds an exclusive ``flock`` on ``<root>/.claimref.lock`` from before it reads the files it
will change until after the last rename, so that two writers never interleave their read, compare
and write. A reading command holds it shared while it loads (:func:`shared_lock`), so that it never
sees half of a change of several files. The lock is taken again for free inside a process that holds
it already; another process waits up to :func:`timeout` seconds, then gets a
:class:`LockTimeoutError` that says who holds it. Waiting is fair: a process that could not get the
lock waits in a "waiting room" (a shared ``flock`` on ``<root>/.claimref.queue``), and one that
arrives while the room is occupied lets those waiting go first, so a writer that releases the lock
and at once wants it again cannot starve another. A killed holder releases both at once (the kernel
drops them with the process): there is never a stale lock to remove by hand.
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
QUEUE_NAME = ".claimref.queue"
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
    descriptor = _acquire(key, fcntl.LOCK_EX, timeout() if wait is None else wait, create=True)
    _note_holder(descriptor)
    _held[key] = (descriptor, 1)
    try:
        yield
    finally:
        del _held[key]
        os.close(descriptor)  # closing the descriptor releases the flock


@contextlib.contextmanager
def shared_lock(root: Path, wait: float | None = None) -> Iterator[bool]:
    """Hold the lock of the workspace at ``root`` shared for the ``with`` block, so that no writer
    commits meanwhile; yields False (and holds nothing) where the lock file cannot be opened, as in
    a read-only workspace or one no writer has used yet, or a writer kept it past ``wait`` seconds:
    reading goes on, each file old or new as ever."""
    key = root.resolve()
    if key in _held:  # this process is the writer
        yield True
        return
    try:
        descriptor = _acquire(key, fcntl.LOCK_SH, timeout() if wait is None else wait, create=False)
    except ClaimrefError:
        yield False
        return
    try:
        yield True
    finally:
        os.close(descriptor)


def _open(path: Path, create: bool = True) -> int:
    flags = os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        return os.open(path, os.O_RDWR | (os.O_CREAT if create else 0) | flags, 0o644)
    except PermissionError:
        try:
            return os.open(path, os.O_RDONLY | flags)  # flock needs no write access
        except OSError as exc:
            raise _unusable(path, exc) from None
    except OSError as exc:
        raise _unusable(path, exc) from None


def _unusable(path: Path, exc: OSError) -> ClaimrefError:
    return ClaimrefError(f"{shown(path)}: error: cannot take the workspace lock: {exc.strerror}")


def _try(descriptor: int, mode: int) -> bool:
    try:
        fcntl.flock(descriptor, mode | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno not in (errno.EAGAIN, errno.EACCES):
            raise
        return False
    return True


def _acquire(root: Path, mode: int, wait: float, create: bool) -> int:
    """Take the lock in ``mode`` (exclusive or shared): after those already waiting, then polling
    from the waiting room until ``wait`` seconds have passed; ``create``: make the lock files where
    they are missing (a writer does; a reader leaves a workspace no writer has used as it is)."""
    deadline = time.monotonic() + wait
    descriptor = _open(root / LOCK_NAME, create)
    try:
        room = _open(root / QUEUE_NAME, create)
    except ClaimrefError:
        room = -1
    try:
        if room >= 0:
            _after_those_waiting(room, deadline)
        delay = 0.001
        while not _try(descriptor, mode):
            if time.monotonic() >= deadline:
                raise _busy(root / LOCK_NAME, wait)
            if room >= 0:
                fcntl.flock(room, fcntl.LOCK_SH)  # in the waiting room while polling
            time.sleep(delay)
            delay = min(delay * 2, 0.02)
    except BaseException:
        os.close(descriptor)
        raise
    finally:
        if room >= 0:
            os.close(room)  # leaves the waiting room
    return descriptor


def _after_those_waiting(room: int, deadline: float) -> None:
    """Return once nobody is in the waiting room (or at ``deadline``)."""
    while not _try(room, fcntl.LOCK_EX):
        if time.monotonic() >= deadline:
            return
        time.sleep(0.002)
    fcntl.flock(room, fcntl.LOCK_UN)


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
