"""Listing the data folders for the index: the quick sum of every entry's status, and the files
that may have changed since the index last matched the listing.

:func:`listing` surveys the data folders (:func:`claimref.statpass.survey`: each entry looked at
once, the sums kept by content-defined chunks of names). When the index last matched the files,
only the files of the chunks whose names or sum are new can have changed (:func:`changed_entries`),
so a refresh after one edit, one new file or one removed file compares a few hundred files, not
every one. Whether a file is stale, parsing and storing are :mod:`claimref.index.refresh`'s
business.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimref.statpass import DATA_FOLDERS, Chunks, survey
from claimref.store import display_path, gc_paused

__all__ = ["Changed", "Listing", "changed_entries", "listing"]


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
    """The data folders of the workspace at ``base`` (absolute), listed and looked at."""
    with gc_paused():
        return Listing(*survey(str(base)))


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
