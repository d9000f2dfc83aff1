"""Change several workspace files together, or none of them: the one write path of claimref.

A :class:`Transaction` is opened under the workspace lock (:mod:`claimref.edit.lock`). The caller
reads the files it will change through it (each read is remembered by its hash), stages new texts
and deletions, and commits. :meth:`Transaction.commit` refuses when a file changed since it was read
or when a new text would bring an error the loader reports (the same parsers as loading), then
writes every new text to a temporary file (fsynced), writes a *journal* naming each rename, performs
the renames and deletes the journal. The journal is the commit point: a process killed before it is
written leaves only temporary files (removed by the next writer: nothing happened); one killed after
it leaves a journal that :func:`recover` completes (every rename done). So each file is always wholly
old or wholly new, and a change of several files is all or nothing. :meth:`Transaction.diff` gives
the unified diff of what a commit would write, for ``--dry-run``. What to change is the verbs' job.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from claimref.edit.lock import LockTimeoutError, workspace_lock
from claimref.errors import ClaimrefError, DataError, Finding, Severity, WriteRefusedError
from claimref.formats import bibtex, claimfile, peoplefile
from claimref.safewrite import (
    JOURNAL_NAME,
    check_writable,
    fsync_dir,
    os_error,
    real_target,
    remove_stale_temps,
    shown,
    write_atomic,
    write_temp,
)

DATA_FOLDERS = ("bibliography", "claims", "people")


@dataclass(frozen=True)
class Change:
    """One file a commit changes: its new text, or None to delete it; ``old`` its text as read
    (None when it did not exist)."""

    path: Path
    old: str | None
    new: str | None


class Transaction:
    """The files one command reads and changes; see the module docstring."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._read: dict[Path, str | None] = {}
        self._hashes: dict[Path, str | None] = {}
        self._staged: dict[Path, str | None] = {}
        self._checked: set[Path] = set()

    def read(self, path: Path) -> str | None:
        """The text of ``path`` (None when it does not exist), remembered for the commit's check."""
        if path in self._staged:
            return self._staged[path]
        if path not in self._read:
            data = _read_bytes(path)
            self._hashes[path] = None if data is None else hashlib.sha256(data).hexdigest()
            self._read[path] = None if data is None else _decode(path, data)
        return self._read[path]

    def write(self, path: Path, text: str, checked: bool = False) -> None:
        """Stage ``text`` (a trailing newline is added) as the new content of ``path``;
        ``checked``: the caller has validated what it changed (an appended BibTeX entry, parsed
        with the file's macros), so the commit does not parse the whole file again."""
        self.read(path)
        self._staged[path] = text if text.endswith("\n") else text + "\n"
        (self._checked.add if checked else self._checked.discard)(path)

    def delete(self, path: Path) -> None:
        """Stage the removal of ``path``."""
        self.read(path)
        self._staged[path] = None

    def changes(self) -> list[Change]:
        """The staged changes that differ from what was read, by path."""
        return [
            Change(path, self._read.get(path), new)
            for path, new in sorted(self._staged.items())
            if new != self._read.get(path)
        ]

    def diff(self) -> str:
        """The unified diff of every staged change, paths relative to the workspace."""
        return "".join(_unified(self.root, change) for change in self.changes())

    def validate(self) -> list[Finding]:
        """The errors the new texts would bring, as the loader reports them."""
        errors: list[Finding] = []
        for change in self.changes():
            if change.new is not None and change.path not in self._checked:
                errors += _parse_errors(self.root, change.path, change.new)
        return errors

    def commit(self) -> list[Change]:
        """Check, validate and write every staged change; return what changed."""
        changes = self.changes()
        errors = self.validate()
        if errors:
            raise DataError(errors)
        for change in changes:
            self._check_unchanged(change.path)
        only = changes[0].new if len(changes) == 1 else None
        if only is not None:
            write_atomic(changes[0].path, only)
        elif changes:
            _commit_journalled(self.root, changes)
        return changes

    def _check_unchanged(self, path: Path) -> None:
        data = _read_bytes(path)
        now = None if data is None else hashlib.sha256(data).hexdigest()
        if now != self._hashes.get(path):
            raise WriteRefusedError(
                f"{shown(path)}: error: changed since it was read; nothing written"
            )
        if data is not None:
            check_writable(path, real_target(path))


@contextlib.contextmanager
def transaction(root: Path, wait: float | None = None) -> Iterator[Transaction]:
    """Hold the workspace lock, finish any interrupted commit, and give a :class:`Transaction`;
    the caller commits it (leaving the block without a commit writes nothing)."""
    with workspace_lock(root, wait):
        recover(root)
        clean_temps(root)
        yield Transaction(root)


def _read_bytes(path: Path) -> bytes | None:
    try:
        return real_target(path).read_bytes() if path.exists() or path.is_symlink() else None
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ClaimrefError(f"{shown(path)}: error: {exc.strerror or exc}") from None


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise WriteRefusedError(
            f"{shown(path)}:{line}: error: not valid UTF-8 (byte {exc.start}); not changed"
        ) from None


def _unified(root: Path, change: Change) -> str:
    name = (
        change.path.relative_to(root).as_posix()
        if change.path.is_relative_to(root)
        else str(change.path)
    )
    old = (change.old or "").splitlines(keepends=True)
    new = (change.new or "").splitlines(keepends=True)
    before = f"a/{name}" if change.old is not None else "/dev/null"
    after = f"b/{name}" if change.new is not None else "/dev/null"
    return "".join(difflib.unified_diff(old, new, before, after))


def _parse_errors(root: Path, path: Path, text: str) -> list[Finding]:
    """The error findings of ``text`` read as the file ``path`` would be."""
    name = shown(path)
    folder = path.parent.name
    findings: tuple[Finding, ...]
    if path.suffix == ".bib":
        findings = bibtex.loads(text, name).findings
    elif folder == "people" and path.suffix == ".yaml":
        findings = peoplefile.loads(text, name, expected_id=path.stem).findings
    elif folder == "claims" and path.suffix == ".yaml":
        findings = claimfile.loads(text, name, expected_id=path.stem).findings
    else:
        return []
    return [f for f in findings if f.severity is Severity.ERROR]


def _journal_path(root: Path) -> Path:
    return root / JOURNAL_NAME


def _commit_journalled(root: Path, changes: list[Change]) -> None:
    """Temporary files first, then the journal (the commit point), then the renames."""
    entries: list[dict[str, str | None]] = []
    try:
        for change in changes:
            target = real_target(change.path)
            temp = None
            if change.new is not None:
                temp = write_temp(change.path, target, change.new.encode("utf-8"))
            entries.append({"target": str(target), "temp": None if temp is None else str(temp)})
        journal = [{name: _in_journal(root, path) for name, path in e.items()} for e in entries]
        write_atomic(_journal_path(root), json.dumps({"version": 1, "renames": journal}, indent=1))
    except BaseException:
        for entry in entries:
            if entry["temp"]:
                with contextlib.suppress(OSError):
                    os.unlink(entry["temp"])
        raise
    _apply(root, entries)


def _in_journal(root: Path, path: str | None) -> str | None:
    """``path`` as the journal records it: relative to the workspace when inside it, so that a
    workspace moved or copied before the next command completes its own commit, not the old one."""
    base = os.path.realpath(root) + os.sep
    return path[len(base) :] if path is not None and path.startswith(base) else path


def _apply(root: Path, entries: list[dict[str, str | None]]) -> None:
    """Do each rename and deletion of a journal (each step may already be done), then drop it."""
    folders: set[Path] = set()
    base = Path(os.path.realpath(root))  # a relative path in a journal is from the workspace
    for entry in entries:
        target = base / str(entry["target"])
        temp = None if entry.get("temp") is None else base / str(entry["temp"])
        try:
            if temp is None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(target)
            elif os.path.exists(temp):
                os.replace(temp, target)
        except OSError as exc:
            raise os_error(target, exc) from None
        folders.add(target.parent)
    for folder in sorted(folders):
        fsync_dir(folder)
    os.unlink(_journal_path(root))
    fsync_dir(root)


def recover(root: Path) -> str:
    """Complete a commit that was interrupted after its journal was written (under the lock);
    return a sentence saying what was done, or "" when there was nothing to do."""
    journal = _journal_path(root)
    try:
        data = json.loads(journal.read_text("utf-8"))
        entries = [
            {"target": str(e["target"]), "temp": None if e["temp"] is None else str(e["temp"])}
            for e in data["renames"]
        ]
    except FileNotFoundError:
        return ""
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ClaimrefError(
            f"{shown(journal)}: error: an interrupted write left a journal that cannot be read ({exc}); "
            "nothing changed: inspect it and remove it"
        ) from None
    _apply(root, entries)
    return (
        f"{shown(journal)}: completed an interrupted write of {len(entries)} file(s) "
        "(the journal of a command that was stopped)"
    )


def clean_temps(root: Path) -> int:
    """Remove stale temporary files of claimref's naming in the workspace's data folders."""
    return sum(remove_stale_temps(folder) for folder in (root, *(root / f for f in DATA_FOLDERS)))


def recover_pending(root: Path, wait: float = 1.0) -> str:
    """For commands that only read: complete an interrupted commit if one left its journal and no
    writer holds the lock now (waiting up to ``wait`` seconds); say what was done, or ""."""
    if not _journal_path(root).exists():
        return ""
    try:
        with workspace_lock(root, wait):
            return recover(root)
    except LockTimeoutError:
        return ""
