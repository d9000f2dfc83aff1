"""Listing the data folders for the index: the quick sum of every entry's status, and the files
that may have changed since the index last matched the listing.

:func:`listing` lists each data folder once (``os.listdir``, names as bytes: nothing decoded) and
looks at every entry not hidden once (``stat`` relative to the folder's descriptor where the system
allows it), summing what each status says in C (``map``) and keeping no status: on a large folder
the system calls are nearly all the time there is, so a folder of :data:`SHARED_FROM` entries or
more is looked at by two processes when two cores are there (as git's preloaded index shares its
``lstat`` calls among threads; here a forked child, since a thread would wait for the
interpreter's lock). The sum is kept by *chunks*: runs of names in listing order, each ending at a
name whose CRC-32 ends in :data:`CHUNK_BITS` zero bits (content-defined, as rsync's and restic's
chunks: adding or removing a file changes the chunk it is in, not every chunk after it), each with
the CRC-32 of its names. When the index last matched the files, only the files of the chunks whose
names or sum are new can have changed (:func:`changed_entries`), so a refresh after one edit, one
new file or one removed file compares a few hundred files, not every one. Whether a file is
stale, parsing and storing are :mod:`claimref.index.refresh`'s business.
"""

from __future__ import annotations

import functools
import itertools
import json
import marshal
import operator
import os
import stat
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimref.store import DATA_FOLDERS, display_path, gc_paused

__all__ = ["CHUNK_BITS", "Changed", "Listing", "changed_entries", "listing"]

#: A chunk ends at a name whose CRC-32 has this many low bits zero (some 256 names a chunk).
CHUNK_BITS = 8
#: From this many entries in a folder on, a forked child looks at half of them.
SHARED_FROM = 20_000
#: What the sums take of each file's status.
_STATUS = operator.attrgetter("st_size", "st_mtime_ns", "st_ctime_ns", "st_ino")

#: A folder's chunks: where each starts in the listing, and [CRC-32 of its names, sum of statuses].
Chunks = tuple[list[int], list[list[int]]]


@dataclass(frozen=True)
class Listing:
    """The names not hidden of each data folder (bytes, in listing order), their chunks, the
    quick sum (None: an entry could not be looked at) and what else the files' names depend on
    (the current folder, the folders)."""

    names: dict[str, list[bytes]]
    folder_chunks: dict[str, Chunks]
    quick: str | None
    tail: str

    def chunks(self) -> str | None:
        """The chunks' checksums of names and sums of statuses, as kept in the index (None
        without a quick sum)."""
        if self.quick is None:
            return None
        folders = {folder: sums for folder, (_, sums) in self.folder_chunks.items()}
        return json.dumps({"tail": self.tail, "folders": folders}, separators=(",", ":"))

    def chunk_names(self, folder: str, number: int) -> list[bytes]:
        """The names of chunk ``number`` of ``folder``."""
        starts = self.folder_chunks[folder][0]
        end = starts[number + 1] if number + 1 < len(starts) else len(self.names[folder])
        return self.names[folder][starts[number] : end]


def listing(base: Path) -> Listing:
    """The data folders of the workspace at ``base``, listed and looked at (see :class:`Listing`)."""
    names: dict[str, list[bytes]] = {}
    chunks: dict[str, Chunks] = {}
    total = 0
    folders = []
    quick: str | None = None
    try:
        with gc_paused():
            for folder, _ in DATA_FOLDERS:
                directory = base / folder
                try:
                    status = os.stat(directory)
                except FileNotFoundError:
                    continue
                listed = os.listdir(os.fsencode(directory))
                folders.append(f"{folder}={display_path(directory)}")
                total += hash((status.st_mtime_ns, status.st_ctime_ns, status.st_ino, len(listed)))
                visible = names[folder] = [name for name in listed if name[:1] != b"."]
                chunks[folder] = _looked_at(directory, visible)
                total += sum(pair[1] for pair in chunks[folder][1])
        quick = str(total)
    except OSError:
        pass
    tail = f"{os.getcwd()} {' '.join(folders)}"
    return Listing(names, chunks, None if quick is None else f"{quick} {tail}", tail)


def _looked_at(directory: Path, names: list[bytes]) -> Chunks:
    """The chunks of ``names``; in a large folder those of the second half are worked out by a
    forked child, which sends back only their starts and sums."""
    if len(names) < SHARED_FROM or not hasattr(os, "fork") or _cores() < 2:
        return _chunk_sums(directory, names, 0)
    half = _next_start(names, len(names) // 2)
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
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


def _chunk_sums(directory: Path, names: list[bytes], offset: int) -> Chunks:
    """Where each chunk of ``names`` starts (counted from ``offset``) and its [CRC-32 of names,
    sum of the hashes of statuses]; raises OSError when an entry cannot be looked at."""
    mask = itertools.repeat((1 << CHUNK_BITS) - 1)
    ends = itertools.compress(
        range(1, len(names) + 1),
        map(operator.not_, map(operator.and_, map(zlib.crc32, names), mask)),
    )
    starts = [0, *(end for end in ends if end < len(names))] if names else []
    sums: list[list[int]] = []
    with _looker(directory) as look:
        for start, end in zip(starts, [*starts[1:], len(names)], strict=True):
            part = names[start:end]
            sums.append(
                [zlib.crc32(b"\0".join(part)), sum(map(hash, map(_STATUS, map(look, part))))]
            )
    return [start + offset for start in starts], sums


class _looker:
    """``stat`` of a name in ``directory`` (relative to the folder's descriptor where the system
    allows it), as a context that closes the descriptor."""

    def __init__(self, directory: Path) -> None:
        self.directory = os.fsencode(directory)
        self.descriptor: int | None = None

    def __enter__(self) -> Callable[[bytes], os.stat_result]:
        if os.stat not in os.supports_dir_fd:
            return lambda name: os.stat(os.path.join(self.directory, name))
        self.descriptor = os.open(self.directory, os.O_RDONLY)
        return functools.partial(os.stat, dir_fd=self.descriptor)

    def __exit__(self, *exc: object) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)


@dataclass(frozen=True)
class Changed:
    """What :func:`changed_entries` found: the data files of new chunks (path, name as shown,
    status), and whether a chunk of the last listing is gone (a file may have been removed)."""

    files: list[tuple[str, str, os.stat_result]]
    removed: bool


def changed_entries(found: Listing, kept: str | None, base: Path) -> Changed | None:
    """The data files of the chunks whose names or sum are not those of a chunk in ``kept`` (the
    chunks kept when the index last matched the files), each with its name as shown and its
    status; None when they cannot tell (nothing kept, other folders, an entry in a new chunk not
    a plain data file)."""
    if kept is None or found.quick is None:
        return None
    try:
        before: Any = json.loads(kept)
        if before["tail"] != found.tail or set(before["folders"]) != set(found.folder_chunks):
            return None
        changed: list[tuple[str, str, os.stat_result]] = []
        removed = False
        for folder, suffix in DATA_FOLDERS:
            if folder not in found.folder_chunks:
                continue
            old = {tuple(pair) for pair in before["folders"][folder]}
            now = found.folder_chunks[folder][1]
            # a chunk of other names: a file is new or gone (an edit changes only a sum)
            removed = removed or bool({n for n, _ in old} - {n for n, _ in now})
            new = [number for number, pair in enumerate(now) if tuple(pair) not in old]
            files = _files_of(found, folder, suffix, new, base)
            if files is None:
                return None
            changed += files
    # not what this module keeps, or an entry gone since it was listed: compare every file
    except (ValueError, TypeError, KeyError, IndexError, OSError):
        return None
    return Changed(changed, removed)


def _files_of(
    found: Listing, folder: str, suffix: str, numbers: list[int], base: Path
) -> list[tuple[str, str, os.stat_result]] | None:
    """Path, name as shown and status of each file of these chunks; None when one is not a plain
    data file (its finding is the full comparison's business)."""
    directory, prefix = str(base / folder), os.path.join(display_path(base / folder), "")
    files = []
    for number in numbers:
        for raw in found.chunk_names(folder, number):
            name = os.fsdecode(raw)
            path = os.path.join(directory, name)
            status = os.lstat(path)
            if not name.endswith(suffix) or not stat.S_ISREG(status.st_mode):
                return None
            files.append((path, prefix + name, status))
    return files
