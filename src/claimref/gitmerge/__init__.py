"""claimref as git's merge driver: .bib files merged entry by entry, claim files field by field.

:func:`merge_files` is what ``claimref merge-driver %O %A %B %P`` runs: it reads the three
versions git hands over, merges them (:func:`merge_texts`) and writes the result over the ours
file (``%A``) atomically. A .bib file goes to :mod:`~claimref.gitmerge.bib`, a claim file
(``claims/*.yaml``) to :mod:`~claimref.gitmerge.claimyaml`; any other file, or one of these that
cannot be merged that way (it does not parse, or a claim's field changed on both sides), is merged
line by line by ``git merge-file`` (:mod:`~claimref.gitmerge.lines`), so nothing is lost: at
worst git's own conflict markers. A claim's field changed differently on both sides counts as a
conflict even where git finds no overlapping lines. Registering the driver is ``claimref init``'s
and the README's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from claimref.errors import ClaimrefError
from claimref.gitmerge.bib import merge_bib
from claimref.gitmerge.claimyaml import merge_claim
from claimref.gitmerge.lines import MARKER_SIZE, GitMissingError, Labels, line_merge
from claimref.gitmerge.sequence import Clash, Unmergeable
from claimref.safewrite import check_writable, fsync_dir, os_error, real_target, shown, write_temp

__all__ = [
    "MARKER_SIZE",
    "GitMissingError",
    "Labels",
    "Merged",
    "conflict_style",
    "merge_files",
    "merge_texts",
]


@dataclass(frozen=True)
class Merged:
    """A merge's text, its number of conflicts, how it was made (``entries``, ``fields`` or
    ``lines``), why lines when another way was tried, and the items in conflict."""

    text: str
    conflicts: int
    how: str
    why: str = ""
    names: tuple[str, ...] = ()


def kind_of(path: str) -> str:
    """``bib`` for a .bib file, ``claim`` for a claim file (``claims/*.yaml``), else ``lines``."""
    name = PurePosixPath(path.replace(os.sep, "/"))
    if name.suffix.lower() == ".bib":
        return "bib"
    if name.suffix.lower() in (".yaml", ".yml") and name.parent.name == "claims":
        return "claim"
    return "lines"


def merge_texts(path: str, base: str, ours: str, theirs: str, labels: Labels) -> Merged:
    """Merge three versions of the file ``path`` (its name decides how); see the module
    docstring."""
    kind, why = kind_of(path), ""
    try:
        if kind == "bib":
            outcome = merge_bib(base, ours, theirs, labels)
            names = tuple(_shown(name) for name in outcome.conflicts)
            return Merged(outcome.text, len(names), "entries", names=names)
        if kind == "claim":
            return Merged(merge_claim(base, ours, theirs), 0, "fields")
    except Clash as exc:  # a conflict, even where git finds no overlapping lines
        text, conflicts = line_merge(ours, base, theirs, labels)
        return Merged(text, max(conflicts, 1), "lines", str(exc))
    except Unmergeable as exc:
        why = str(exc)
    text, conflicts = line_merge(ours, base, theirs, labels)
    return Merged(text, conflicts, "lines", why)


def _shown(name: object) -> str:
    if isinstance(name, tuple) and len(name) >= 2 and name[0] in ("entry", "string"):
        return f"{'@string ' if name[0] == 'string' else 'entry '}'{name[1]}'"
    return str(name[0] if isinstance(name, tuple) else name)


def merge_files(
    base: Path, ours: Path, theirs: Path, path: str = "", labels: Labels | None = None
) -> Merged:
    """Merge the files git gives a merge driver (``%O %A %B``, ``%P``) and write the result over
    ``ours``; a file that is not UTF-8 is merged line by line."""
    labels = labels or Labels.for_path(path)
    old, mine, yours = (_read(file) for file in (base, ours, theirs))
    if all(_utf8(text) for text in (old, mine, yours)):
        merged = merge_texts(path, old, mine, yours, labels)
    else:
        text, conflicts = line_merge(mine, old, yours, labels)
        merged = Merged(text, conflicts, "lines", "not UTF-8 text")
    _write_bytes(ours, merged.text.encode("utf-8", "surrogateescape"))
    return merged


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", "surrogateescape")
    except OSError as exc:
        raise ClaimrefError(f"{shown(path)}: error: cannot read: {exc.strerror or exc}") from None


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _write_bytes(path: Path, data: bytes) -> None:
    """``data`` written over ``path`` as :func:`claimref.safewrite.write_atomic` writes text, but
    byte for byte (no newline added at the end, bytes that are not UTF-8 kept)."""
    target = real_target(path)
    check_writable(path, target)
    temp = write_temp(path, target, data)
    try:
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise os_error(path, exc) from None
    fsync_dir(target.parent)


def conflict_style(cwd: Path | None = None) -> bool:
    """True when git is set to show the base in conflicts (``merge.conflictStyle`` diff3 or
    zdiff3)."""
    git = shutil.which("git")
    if git is None:
        return False
    done = subprocess.run([git, "config", "--get", "merge.conflictStyle"], capture_output=True,
                          text=True, check=False, cwd=cwd)  # fmt: skip
    return done.stdout.strip() in ("diff3", "zdiff3")
