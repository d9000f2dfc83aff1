"""``claimref init [DIR]``: a new, empty workspace, written without overwriting anything.

Writes ``claimref.toml`` (:data:`claimref.config.TEMPLATE`: every setting commented with its
default), the empty folders ``bibliography/``, ``claims/`` and ``people/``, a ``.gitignore`` for
the lock and journal files the write path leaves beside the data, and a ``.gitattributes`` that
hands .bib and claim files to claimref's merge driver (:mod:`claimref.gitmerge`; registering the
driver in git's configuration is the user's step, see the README). A folder that already holds a
``claimref.toml`` is refused; an existing ``.gitignore`` or ``.gitattributes`` is extended with
the lines it lacks, never replaced, and existing folders are kept as they are. Each file is
written atomically. Filling the workspace is the other verbs' job.
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
#: The ``.gitattributes`` lines that give .bib and claim files to ``claimref merge-driver``.
ATTRIBUTES = ("*.bib merge=claimref", "claims/*.yaml merge=claimref")
_IGNORE_COMMENT = "# claimref: the workspace lock and the journal of an interrupted write\n"
_ATTRIBUTES_COMMENT = (
    "# claimref: merge .bib files entry by entry and claim files field by field; register the\n"
    '# driver once per clone: git config merge.claimref.driver "claimref merge-driver %O %A %B %P"\n'
)


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
    wanted = [config, *(root / f for f in FOLDERS), root / ".gitignore", root / ".gitattributes"]
    for path in wanted[1:-2]:
        if path.exists() and not path.is_dir():
            raise ClaimrefError(
                f"{shown(path)}: error: exists and is not a folder (nothing written)"
            )
    created = [p for p in wanted if not p.exists()]
    kept = [p for p in wanted if p.exists()]
    return created, kept


def gitignore_text(current: str | None) -> str | None:
    """The ``.gitignore`` with claimref's lines added (None when nothing is missing)."""
    return _with_lines(current, IGNORED, _IGNORE_COMMENT)


def gitattributes_text(current: str | None) -> str | None:
    """The ``.gitattributes`` with claimref's merge lines added (None when nothing is missing)."""
    return _with_lines(current, ATTRIBUTES, _ATTRIBUTES_COMMENT)


def _with_lines(current: str | None, wanted: tuple[str, ...], comment: str) -> str | None:
    """``current`` with the lines of ``wanted`` it lacks appended after ``comment``; None when it
    lacks none (lines compared with their spacing normalised)."""
    present = {" ".join(line.split()) for line in (current or "").splitlines()}
    missing = [line for line in wanted if line not in present]
    if not missing:
        return None
    head = "" if not current else current if current.endswith("\n") else current + "\n"
    return head + comment + "".join(f"{line}\n" for line in missing)


def init_workspace(directory: Path, dry_run: bool = False) -> Initialised:
    """Make ``directory`` (created if needed) a claimref workspace; see the module docstring."""
    root = directory.absolute()
    if root.exists() and not root.is_dir():
        raise ClaimrefError(f"{shown(root)}: error: is not a folder (nothing written)")
    created, kept = planned(root)
    texts: dict[Path, tuple[str | None, str]] = {root / FILE_NAME: (None, TEMPLATE)}
    for name, extend in ((".gitignore", gitignore_text), (".gitattributes", gitattributes_text)):
        path = root / name
        current = _read(path)
        new = extend(current)
        if new is not None:
            texts[path] = (current, new)
            if current is not None:
                kept.remove(path)
                created.append(path)
    diff = "".join(_diff(root, path, old, new) for path, (old, new) in texts.items())
    if not dry_run:
        _write(root, texts)
    return Initialised(root, tuple(created), tuple(kept), diff)


def _read(path: Path) -> str | None:
    try:
        return path.read_text("utf-8") if path.exists() else None
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimrefError(f"{shown(path)}: error: cannot read: {exc}") from None


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
