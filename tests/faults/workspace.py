"""Workspaces for the trials: copies of the bundled dataset, snapshots of every file, and what a
snapshot says about an interrupted write (temporary files, a journal, each file old or new).

Pure file handling; running commands is :mod:`tests.faults.runner`'s job.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from claimref.edit.lock import LOCK_NAME, QUEUE_NAME
from claimref.safewrite import JOURNAL_NAME
from claimref.store import load_workspace

PROJECT = Path(__file__).resolve().parents[2]
DATASET_PARTS = ("bibliography", "claims", "people", "claimref.toml")
#: claimref's temporary files (claimref.safewrite.temp_path): hidden, ``.claimref-<pid>-<hex>.tmp``.
TEMP_NAME = re.compile(r"^\..+\.claimref-\d+-[0-9a-f]+\.tmp$")

Snapshot = dict[str, bytes]  # path relative to the workspace root (posix) → content


def copy_dataset(target: Path) -> Path:
    """Copy the bundled dataset (bibliography/, claims/, people/, claimref.toml) to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for part in DATASET_PARTS:
        source = PROJECT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


def snapshot(root: Path) -> Snapshot:
    """Every regular file under ``root`` but the lock file (which only ever holds a pid)."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink() and path.name not in (LOCK_NAME, QUEUE_NAME)
    }


def temps(state: Snapshot) -> list[str]:
    """The temporary files of claimref's naming in a snapshot."""
    return [name for name in state if TEMP_NAME.match(name.rsplit("/", 1)[-1])]


def data_part(state: Snapshot) -> Snapshot:
    """A snapshot without temporary files and the journal: what a loader and a user see."""
    skip = set(temps(state)) | {JOURNAL_NAME}
    return {name: data for name, data in state.items() if name not in skip}


def changed_files(before: Snapshot, after: Snapshot) -> list[str]:
    """The files an uninterrupted command created, changed or removed."""
    return sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))


@dataclass(frozen=True)
class Reference:
    """A command's effect, from an uninterrupted run: the workspace before and after."""

    before: Snapshot
    after: Snapshot

    @property
    def changed(self) -> list[str]:
        """The files the command changes."""
        return changed_files(self.before, self.after)

    def whole(self, state: Snapshot) -> str | None:
        """Whether the data part of ``state`` is wholly the before ("old") or the after ("new")
        version; None when it is neither."""
        data = data_part(state)
        if data == self.before:
            return "old"
        if data == self.after:
            return "new"
        return None

    def per_file(self, state: Snapshot) -> dict[str, str]:
        """For each changed file: "old", "new", or "neither" (a torn or foreign version)."""
        outcome = {}
        for name in self.changed:
            now = state.get(name)
            if now == self.before.get(name):
                outcome[name] = "old"
            elif now == self.after.get(name):
                outcome[name] = "new"
            else:
                outcome[name] = "neither"
        return outcome


def error_messages(root: Path) -> set[str]:
    """The error findings of loading ``root``, with the root's path taken out (comparable between
    copies of one workspace)."""
    found = load_workspace(root).errors
    return {str(f).replace(str(root), "<root>") for f in found}
