"""The stat pass over a workspace's data folders: every entry looked at once, summed by chunks,
shared with a forked child on a large folder; and started early, before a reading command's
modules are imported, so that the system calls run while the interpreter imports.

:func:`survey` lists each data folder once (``os.listdir``, names as bytes: nothing decoded) and
looks at every entry not hidden (``stat`` relative to the folder's descriptor where the system
allows it), summing what each status says in C (``map``) and keeping no status: on a large folder
the system calls are nearly all the time there is, so a folder of :data:`SHARED_FROM` entries or
more is looked at by two processes when two cores are there (as git's preloaded index shares its
``lstat`` calls among threads; here a forked child, since a thread would wait for the
interpreter's lock). The sums are kept by *chunks*: runs of names in listing order, each ending at
a name whose CRC-32 ends in :data:`CHUNK_BITS` zero bits (content-defined, as rsync's and restic's
chunks: adding or removing a file changes the chunk it is in, not every chunk after it), each with
the CRC-32 of its names. The *quick sum* adds them up with the folders' own statuses and what the
names shown depend on (the current folder).

:func:`start_early` forks a process that surveys the workspace a reading command will read (found
as :func:`claimref.root.find_root` finds it, without its imports), under the workspace lock held
shared, and :func:`take_early` collects the survey. The index uses it when its quick sum is the
one kept (nothing changed), or when no writer has taken the lock since (:meth:`Early.current`: a
change of several files is never seen in part); else it lists the files again. Imports only the
standard library's light modules.
"""

from __future__ import annotations

import fcntl
import itertools
import marshal
import operator
import os
import sys
import time
import zlib

TYPE_CHECKING = False  # typing's, without importing typing (mypy reads it as typing's)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = ["CHUNK_BITS", "DATA_FOLDERS", "SHARED_FROM", "Chunks", "Early", "peek_early",
           "pending", "shown", "start_early", "survey", "take_early"]  # fmt: skip

#: The data folders (the store's :data:`~claimref.store.DATA_FOLDERS`) and their files' suffix.
DATA_FOLDERS = (("bibliography", ".bib"), ("claims", ".yaml"), ("people", ".yaml"))
#: A chunk ends at a name whose CRC-32 has this many low bits zero (some 256 names a chunk).
CHUNK_BITS = 8
#: From this many entries in a folder on, a forked child looks at half of them.
SHARED_FROM = 20_000
#: The commands that read the workspace through its index (an early survey is for them).
READERS = frozenset({"show", "claims", "sources"})
#: The workspace lock's file (:data:`claimref.edit.lock.LOCK_NAME`) and the journal of a write
#: of several files (:data:`claimref.safewrite.JOURNAL_NAME`).
LOCK_NAME = ".claimref.lock"
JOURNAL_NAME = ".claimref-journal.json"
#: A file modified this recently may change again in the same timestamp tick unseen
#: (:data:`claimref.parsecache.RACY_NS`).
RACY_NS = 2_000_000_000
#: What the sums take of each file's status.
_STATUS = operator.attrgetter("st_size", "st_mtime_ns", "st_ctime_ns", "st_ino")

#: A folder's chunks: where each starts in the listing, and [CRC-32 of its names, sum of statuses].
Chunks = tuple[list[int], list[list[int]]]
#: What :func:`survey` found: names by folder, chunks by folder, quick sum (None: an entry could
#: not be looked at), and what the names shown depend on.
Survey = tuple[dict[str, list[bytes]], dict[str, Chunks], str | None, str]


def survey(base: str) -> Survey:
    """The data folders of the workspace at ``base`` (an absolute, resolved path), listed and
    looked at (see the module's docstring)."""
    names: dict[str, list[bytes]] = {}
    chunks: dict[str, Chunks] = {}
    total = 0
    folders = []
    quick: str | None = None
    try:
        for folder, _ in DATA_FOLDERS:
            directory = os.path.join(base, folder)
            try:
                status = os.stat(directory)
            except FileNotFoundError:
                continue
            listed = os.listdir(os.fsencode(directory))
            folders.append(f"{folder}={shown(directory)}")
            total += hash((status.st_mtime_ns, status.st_ctime_ns, status.st_ino, len(listed)))
            visible = names[folder] = [name for name in listed if name[:1] != b"."]
            chunks[folder] = _looked_at(directory, visible)
            total += sum(pair[1] for pair in chunks[folder][1])
        quick = str(total)
    except OSError:
        pass
    tail = f"{os.getcwd()} {' '.join(folders)}"
    return names, chunks, None if quick is None else f"{quick} {tail}", tail


def shown(path: str) -> str:
    """``path`` (absolute) as :func:`claimref.root.display_path` shows it: relative to the current
    folder when below it, else as it is (a test compares the two)."""
    here = os.getcwd()
    if path == here:
        return "."
    prefix = here if here.endswith(os.sep) else here + os.sep
    return path[len(prefix) :] if path.startswith(prefix) else path


def _looked_at(directory: str, names: list[bytes]) -> Chunks:
    """The chunks of ``names``; in a large folder those of the second half are worked out by a
    forked child, which sends back only their starts and sums."""
    if len(names) < SHARED_FROM or not hasattr(os, "fork") or _cores() < 2:
        return _chunk_sums(directory, names, 0)
    half = _next_start(names, len(names) // 2)
    read_end, write_end = os.pipe()
    pid = _fork()
    if pid == 0:  # the child: the second half's chunks, then leave without exit handlers
        code = 1
        try:
            os.close(read_end)
            theirs = _chunk_sums(directory, names[half:], half)
            with os.fdopen(write_end, "wb") as out:
                out.write(marshal.dumps(theirs))
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        mine = _chunk_sums(directory, names[:half], 0)
    finally:
        with os.fdopen(read_end, "rb") as pipe:
            sent = pipe.read()
        _, code = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(code) != 0:  # an entry could not be looked at
        raise OSError(f"cannot look at every entry of {directory}")
    starts, sums = marshal.loads(sent)
    return mine[0] + starts, mine[1] + sums


def _fork() -> int:
    """Fork, with nothing of this process's output left in its buffers to be written twice."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    return os.fork()


def _cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover (not Linux)


def _next_start(names: list[bytes], at: int) -> int:
    """The first chunk start at or after ``at`` (the names' count if none)."""
    mask = (1 << CHUNK_BITS) - 1
    for number in range(max(at - 1, 0), len(names)):
        if not zlib.crc32(names[number]) & mask:
            return number + 1
    return len(names)


def _chunk_sums(directory: str, names: list[bytes], offset: int) -> Chunks:
    """Where each chunk of ``names`` starts (counted from ``offset``) and its [CRC-32 of names,
    sum of the hashes of statuses]; raises OSError when an entry cannot be looked at."""
    mask = itertools.repeat((1 << CHUNK_BITS) - 1)
    ends = itertools.compress(
        range(1, len(names) + 1),
        map(operator.not_, map(operator.and_, map(zlib.crc32, names), mask)),
    )
    if not names:
        return [], []
    starts = [0, *(end for end in ends if end < len(names))]
    sums: list[list[int]] = []
    with _Looker(directory) as look:
        for start, end in zip(starts, [*starts[1:], len(names)], strict=True):
            part = names[start:end]
            sums.append(
                [zlib.crc32(b"\0".join(part)), sum(map(hash, map(_STATUS, map(look, part))))]
            )
    return [start + offset for start in starts], sums


class _Looker:
    """``stat`` of a name in ``directory`` (relative to the folder's descriptor where the system
    allows it), as a context that closes the descriptor."""

    def __init__(self, directory: str) -> None:
        self.directory = os.fsencode(directory)
        self.descriptor: int | None = None

    def __enter__(self) -> Callable[[bytes], os.stat_result]:
        if os.stat not in os.supports_dir_fd:
            return lambda name: os.stat(os.path.join(self.directory, name))
        import functools  # noqa: PLC0415  (in the survey: not before the fork)

        self.descriptor = os.open(self.directory, os.O_RDONLY)
        return functools.partial(os.stat, dir_fd=self.descriptor)

    def __exit__(self, *exc: object) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)


# Starting early

#: The survey started early: "pending" (the workspace it surveys, the process, its pipe's end),
#: then "done" (the workspace, what it found).
_early: dict[str, Any] = {}


def start_early(argv: list[str]) -> None:
    """Survey, in a forked process, the workspace of the reading command ``argv`` (the command
    line's arguments) names, if it names one plainly; nothing for other commands, ``--no-cache``,
    a global option this does not know, one core, or a workspace a writer holds or left half
    written."""
    base = _reader_root(argv)
    if base is None or _cores() < 2 or not hasattr(os, "fork") or _early:
        return
    read_end, write_end = os.pipe()
    pid = _fork()
    if pid == 0:
        code = 1
        try:
            os.close(read_end)
            found = _locked_survey(base)
            with os.fdopen(write_end, "wb") as out:
                if found is not None:  # the names last: decoded only when needed
                    survey, stamp = found
                    head = marshal.dumps((survey[1], survey[2], survey[3], stamp))
                    out.write(len(head).to_bytes(8, "little") + head + marshal.dumps(survey[0]))
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    _early["pending"] = (base, pid, read_end)


class Early:
    """What the early survey of a workspace found (:func:`take_early`)."""

    def __init__(self, base: str, sent: bytes) -> None:
        self.base = base
        size = int.from_bytes(sent[:8], "little")
        self._chunks, self.quick, self._tail, self._stamp = marshal.loads(sent[8 : 8 + size])
        self._names = memoryview(sent)[8 + size :]

    def survey(self) -> Survey:
        """The survey, as :func:`survey` returns it."""
        return marshal.loads(self._names), self._chunks, self.quick, self._tail

    def current(self) -> bool:
        """Whether no writer has taken the workspace lock since the survey (each writer writes
        its process id into the lock file): the files are as the survey found them, but for
        edits by other programs, which change one file at a time."""
        return bool(_lock_stamp(self.base) == self._stamp)


def pending(base: str | None = None) -> bool:
    """Whether an early survey was started (of the workspace at ``base``) and not yet taken."""
    started = _early.get("pending") or _early.get("done")
    return started is not None and (base is None or started[0] == base)


def peek_early(base: str) -> Early | None:
    """The early survey of the workspace at ``base`` (None: none started for it, or it could not
    tell), left for :func:`take_early`; waits for it to finish."""
    if "pending" in _early:
        started, pid, read_end = _early.pop("pending")
        try:
            with os.fdopen(read_end, "rb") as pipe:
                sent = pipe.read()
        finally:
            _, code = os.waitpid(pid, 0)
        found = Early(started, sent) if os.waitstatus_to_exitcode(code) == 0 and sent else None
        _early["done"] = (started, found)
    started, early = _early.get("done", ("", None))
    return early if started == base and early is not None and early.quick is not None else None


def take_early(base: str) -> Early | None:
    """:func:`peek_early`, taken: a second call has none."""
    early = peek_early(base)
    _early.clear()
    return early


def _locked_survey(base: str) -> tuple[Survey, tuple[int, ...] | None] | None:
    """The survey of the workspace at ``base`` and the lock file's status, while no writer can
    commit (the lock held shared, taken only if free at once and nobody waits for it); None when
    it cannot be."""
    try:
        lock = os.open(os.path.join(base, LOCK_NAME), os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:  # no writer has used the workspace: read as the command does
        lock = -1
    try:
        if lock >= 0 and (_someone_waits(base) or not _try_shared(lock)):
            return None
        if os.path.exists(os.path.join(base, JOURNAL_NAME)):  # a write to complete first
            return None
        return survey(base), _lock_stamp(base, racy=True)
    finally:
        if lock >= 0:
            os.close(lock)


def _try_shared(lock: int) -> bool:
    """Take the lock shared if it is free at once."""
    try:
        fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:  # a writer holds it
        return False
    return True


def _lock_stamp(base: str, racy: bool = False) -> tuple[int, ...] | None:
    """The status of the workspace's lock file (None: there is none); with ``racy``, (-1,) when
    it was written within :data:`RACY_NS` (a writer in the same timestamp tick would leave it
    looking the same, git's "racy clean" case: such a survey is not :meth:`Early.current`)."""
    try:
        status = os.stat(os.path.join(base, LOCK_NAME))
    except FileNotFoundError:
        return None
    if racy and max(status.st_mtime_ns, status.st_ctime_ns) >= time.time_ns() - RACY_NS:
        return (-1,)
    return status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


def _someone_waits(base: str) -> bool:
    """Whether a process is in the workspace lock's waiting room."""
    try:
        room = os.open(os.path.join(base, ".claimref.queue"), os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(room, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(room)
    return False


def _reader_root(argv: list[str]) -> str | None:
    """The workspace a reading command in ``argv`` reads (resolved), when it is plain to see."""
    given: str | None = None
    args = iter(argv)
    for arg in args:
        if arg == "--root":
            given = next(args, None)
        elif arg.startswith("--root="):
            given = arg.partition("=")[2]
        elif arg.startswith("-"):
            return None  # --no-cache, --help, --version, or one this does not know
        else:
            if arg not in READERS or os.environ.get("CLAIMREF_NO_CACHE", "") not in ("", "0"):
                return None
            break
    else:
        return None
    given = given or os.environ.get("CLAIMREF_ROOT")
    if given:
        return os.path.realpath(os.path.expanduser(given))
    here = os.path.realpath(os.getcwd())
    while True:
        if os.path.isfile(os.path.join(here, "claimref.toml")) or all(
            os.path.isdir(os.path.join(here, folder)) for folder in ("bibliography", "claims")
        ):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent
