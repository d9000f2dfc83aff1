"""Listing the data folders for the index: each entry's status, the quick sum, and the files that
may have changed since the index last matched the listing.

:func:`listing` lists each data folder once (``os.scandir``) and looks at every entry not hidden
once (``stat`` relative to the folder's descriptor where the system allows it: no path to walk
again), summing what each status says in C (``map``). A folder of :data:`SHARED_FROM` entries or
more is looked at by two processes when the load leaves a core idle (as git's preloaded index
shares its ``lstat`` calls among threads; here a forked child, since a thread would wait for the
interpreter's lock): the child looks at the second half and sends back only the hashes of its
statuses, which the comparison needs; the few statuses a refresh then needs of that half are
looked at again. The sum is also kept by *chunks* of :data:`CHUNK` entries in listing order, each
with a checksum of its names: when the index last matched a listing of the same names in the same
order, only the files of the chunks whose sum differs can have changed (:func:`changed_entries`),
so a refresh after one edit compares a few hundred files, not every one. Whether a file is stale,
parsing and storing are :mod:`claimref.index.refresh`'s business.
"""

from __future__ import annotations

import functools
import json
import marshal
import operator
import os
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimref.cores import spare_cores
from claimref.store import DATA_FOLDERS, display_path

__all__ = ["CHUNK", "Listing", "changed_entries", "listing"]

#: Entries per chunk of the kept sums.
CHUNK = 256
#: From this many entries in a folder on, a forked child looks at half of them.
SHARED_FROM = 20_000
#: What the sums take of each file's status.
_STATUS = operator.attrgetter("st_size", "st_mtime_ns", "st_ctime_ns", "st_ino")


@dataclass(frozen=True)
class Listing:
    """The entries of the data folders (by folder), the entries not hidden with their statuses
    and each status's hash (by folder, in listing order), the quick sum (None: an entry could not
    be looked at) and what else the files' names depend on (the current folder, the folders)."""

    entries: dict[str, list[os.DirEntry[str]]]
    #: By folder: the entries looked at, their statuses (None: looked at by the forked child;
    #: :func:`changed_entries` looks again where it needs one) and the hashes of the statuses.
    looked: dict[str, tuple[list[os.DirEntry[str]], list[os.stat_result | None], list[int]]]
    quick: str | None
    tail: str

    def status_of(self) -> dict[str, os.stat_result]:
        """The status of each entry looked at, by path."""
        found: dict[str, os.stat_result] = {}
        for entries, statuses, _ in self.looked.values():
            pairs = zip([entry.path for entry in entries], statuses, strict=True)
            found.update((path, status) for path, status in pairs if status is not None)
        return found

    def chunks(self) -> str | None:
        """The chunks' checksums of names and sums of statuses, as kept in the index (None
        without a quick sum)."""
        if self.quick is None:
            return None
        return json.dumps({"tail": self.tail, "folders": self.folder_chunks},
                          separators=(",", ":"))  # fmt: skip

    @functools.cached_property
    def folder_chunks(self) -> dict[str, list[list[int]]]:
        """Each folder's chunks: the checksum of their names and the sum of their statuses."""
        return {folder: _chunks(entries, hashes)
                for folder, (entries, _, hashes) in self.looked.items()}  # fmt: skip


def _chunks(entries: list[os.DirEntry[str]], hashes: list[int]) -> list[list[int]]:
    names = [entry.name for entry in entries]
    return [
        [zlib.crc32("\0".join(names[i : i + CHUNK]).encode(errors="surrogateescape")),
         sum(hashes[i : i + CHUNK])]
        for i in range(0, len(names), CHUNK)
    ]  # fmt: skip


def listing(base: Path) -> Listing:
    """The data folders of the workspace at ``base``, listed and looked at (see :class:`Listing`)."""
    listed: dict[str, list[os.DirEntry[str]]] = {}
    looked: dict[str, tuple[list[os.DirEntry[str]], list[os.stat_result | None], list[int]]] = {}
    total = 0
    folders = []
    quick: str | None = None
    try:
        for folder, _ in DATA_FOLDERS:
            directory = base / folder
            try:
                status = os.stat(directory)
            except FileNotFoundError:
                continue
            with os.scandir(directory) as scan:
                entries = listed[folder] = list(scan)
            folders.append(f"{folder}={display_path(directory)}")
            total += hash((status.st_mtime_ns, status.st_ctime_ns, status.st_ino, len(entries)))
            visible = [entry for entry in entries if not entry.name.startswith(".")]
            statuses, hashes = _looked_at(directory, visible)
            looked[folder] = (visible, statuses, hashes)
            total += sum(hashes)
        quick = str(total)
    except OSError:
        pass
    tail = f"{os.getcwd()} {' '.join(folders)}"
    return Listing(listed, looked, None if quick is None else f"{quick} {tail}", tail)


def _looked_at(
    directory: Path, entries: list[os.DirEntry[str]]
) -> tuple[list[os.stat_result | None], list[int]]:
    """The statuses of ``entries`` and their hashes; in a large folder the second half is looked
    at by a forked child, which sends back only its hashes (its statuses are None here)."""
    if (
        len(entries) < SHARED_FROM
        or not hasattr(os, "fork")
        or os.stat not in os.supports_dir_fd
        or spare_cores(2) < 2
    ):
        statuses = _statuses(directory, entries)
        return list(statuses), list(map(hash, map(_STATUS, statuses)))
    half = len(entries) // 2
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: hashes of the second half, then leave without exit handlers
        code = 1
        try:
            os.close(read_end)
            theirs = list(map(hash, map(_STATUS, _statuses(directory, entries[half:]))))
            with os.fdopen(write_end, "wb") as out:
                out.write(marshal.dumps(theirs))
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        mine = _statuses(directory, entries[:half])
    finally:
        with os.fdopen(read_end, "rb") as pipe:
            sent = pipe.read()
        _, code = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(code) != 0:  # an entry could not be looked at
        raise OSError(f"cannot look at every entry of {directory}")
    hashes: list[int] = [*map(hash, map(_STATUS, mine)), *marshal.loads(sent)]
    return [*mine, *[None] * (len(entries) - half)], hashes


def _statuses(directory: Path, entries: list[os.DirEntry[str]]) -> list[os.stat_result]:
    """The status of each entry (following links, as ``DirEntry.stat`` does)."""
    if os.stat not in os.supports_dir_fd:
        return [entry.stat() for entry in entries]
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        stat = os.stat
        return [stat(entry.name, dir_fd=descriptor) for entry in entries]
    finally:
        os.close(descriptor)


def changed_entries(
    found: Listing, kept: str | None, base: Path
) -> list[tuple[os.DirEntry[str], str, os.stat_result]] | None:
    """The data files of the chunks whose sum differs from ``kept`` (the chunks kept when the
    index last matched the files), each with its name as shown and its status; None when they
    cannot tell (nothing kept, other names or folders, an entry not a plain data file)."""
    if kept is None or found.quick is None:
        return None
    try:
        before: Any = json.loads(kept)
        if before["tail"] != found.tail or set(before["folders"]) != set(found.looked):
            return None
        changed = []
        for folder, suffix in DATA_FOLDERS:
            if folder not in found.looked:
                continue
            entries, statuses, _ = found.looked[folder]
            old, now = before["folders"][folder], found.folder_chunks[folder]
            if [c[0] for c in old] != [c[0] for c in now]:
                return None
            prefix = os.path.join(display_path(base / folder), "")
            for number, (was, chunk) in enumerate(zip(old, now, strict=True)):
                if was[1] != chunk[1]:
                    start = number * CHUNK
                    for entry, status in zip(entries[start : start + CHUNK],
                                             statuses[start : start + CHUNK], strict=True):  # fmt: skip
                        if not entry.name.endswith(suffix) or not entry.is_file(
                            follow_symlinks=False
                        ):
                            return None
                        changed.append(
                            (entry, prefix + entry.name, entry.stat() if status is None else status)
                        )
    # not what this module keeps, or an entry gone since it was listed: compare every file
    except (ValueError, TypeError, KeyError, IndexError, OSError):
        return None
    return changed
