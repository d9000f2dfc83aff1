"""``claimref init [DIR]``: a new, empty workspace, written without overwriting anything.

Writes ``claimref.toml`` (:data:`claimref.config.TEMPLATE`: every setting commented with its
default), the empty folders ``bibliography/``, ``claims/`` and ``people/``, and a ``.gitignore`` for
the lock and journal files the write path leaves beside the data. A folder that already holds a
``claimref.toml`` is refused; an existing ``.gitignore`` is extended with the lines it lacks, never
replaced, and existing folders are kept as they are. Each file is written atomically. Filling the
workspace is the other verbs' job.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from claimref.config import FILE_NAME, TEMPLATE
from claimref.edit.lock import LOCK_NAME, QUEUE_NAME
from claimref.errors import ClaimrefError
from claimref.safewrite import JOURNAL_NAME, shown, write_atomic

FOLDERS = ("bibliography", "claims", "people")
IGNORED = (LOCK_NAME, QUEUE_NAME, JOURNAL_NAME)


@dataclass(frozen=True)
class Initialised:
    """What :func:`init_workspace` made (paths), and what it found already there and kept."""

    root: Path
    created: tuple[Path, ...]
    kept: tuple[Path, ...]
    diff: str = ""


def planned(root: Path) -> tuple[list[Path], list[Path]]:
    """What ``init`` would create under ``root`` and what exists already (kept as it is)."""
    config = root / FILE_NAME
    if config.exists() or config.is_symlink():
        raise ClaimrefError(f"{shown(config)}: error: already exists; a workspace is there already "
                            "(nothing written)")  # fmt: skip
    wanted = [config, *(root / f for f in FOLDERS), root / ".gitignore"]
    for path in wanted[1:-1]:
        if path.exists() and not path.is_dir():
            raise ClaimrefError(
                f"{shown(path)}: error: exists and is not a folder (nothing written)"
            )
    created = [p for p in wanted if not p.exists()]
    kept = [p for p in wanted if p.exists()]
    return created, kept


def gitignore_text(current: str | None) -> str | None:
    """The ``.gitignore`` with claimref's lines added (None when nothing is missing)."""
    lines = (current or "").splitlines()
    missing = [name for name in IGNORED if name not in (line.strip() for line in lines)]
    if not missing:
        return None
    head = "" if not current else current if current.endswith("\n") else current + "\n"
    comment = "# claimref: the workspace lock and the journal of an interrupted write\n"
    return head + comment + "".join(f"{name}\n" for name in missing)


def init_workspace(directory: Path, dry_run: bool = False) -> Initialised:
    """Make ``directory`` (created if needed) a claimref workspace; see the module docstring."""
    root = directory.absolute()
    if root.exists() and not root.is_dir():
        raise ClaimrefError(f"{shown(root)}: error: is not a folder (nothing written)")
    created, kept = planned(root)
    ignore = root / ".gitignore"
    try:
        current = ignore.read_text("utf-8") if ignore.exists() else None
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimrefError(f"{shown(ignore)}: error: cannot read: {exc}") from None
    texts: dict[Path, tuple[str | None, str]] = {root / FILE_NAME: (None, TEMPLATE)}
    ignored = gitignore_text(current)
    if ignored is not None:
        texts[ignore] = (current, ignored)
        if current is not None:
            kept.remove(ignore)
            created.append(ignore)
    diff = "".join(_diff(root, path, old, new) for path, (old, new) in texts.items())
    if not dry_run:
        _write(root, texts)
    return Initialised(root, tuple(created), tuple(kept), diff)


def _write(root: Path, texts: dict[Path, tuple[str | None, str]]) -> None:
    try:
        for folder in FOLDERS:
            (root / folder).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ClaimrefError(f"{shown(root)}: error: {exc.strerror or exc}; not written") from None
    for path in sorted(texts, key=lambda p: p.name == FILE_NAME):  # claimref.toml last
        write_atomic(path, texts[path][1])


def _diff(root: Path, path: Path, old: str | None, new: str) -> str:
    name = path.relative_to(root).as_posix()
    before = "/dev/null" if old is None else f"a/{name}"
    lines = difflib.unified_diff((old or "").splitlines(True), new.splitlines(True), before,
                                 f"b/{name}")  # fmt: skip
    return "".join(lines)
