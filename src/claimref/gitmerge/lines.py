"""A line-by-line three-way merge of texts, done by ``git merge-file`` (git's own merge).

:func:`line_merge` is what git would do to a file without a merge driver: the changes of both sides
where they touch different lines, and conflict markers (``<<<<<<<``, ``=======``, ``>>>>>>>``, and
``|||||||`` with the diff3 style) where they touch the same ones. The entry-wise and field-wise
merges use it inside one entry and as their fallback. Choosing what to merge is the callers' job.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from claimref.errors import ClaimrefError

#: git's default length of a conflict marker.
MARKER_SIZE = 7


class GitMissingError(ClaimrefError):
    """``git`` is not installed, or ``git merge-file`` failed."""


@dataclass(frozen=True)
class Labels:
    """The names shown after the conflict markers, and how the markers look."""

    ours: str = "ours"
    base: str = "base"
    theirs: str = "theirs"
    marker_size: int = MARKER_SIZE
    diff3: bool = False

    @classmethod
    def for_path(cls, path: str, marker_size: int = MARKER_SIZE, diff3: bool = False) -> Labels:
        """Labels naming ``path`` as git does for a merge with renames (``ours:PATH``)."""
        if not path:
            return cls(marker_size=marker_size, diff3=diff3)
        return cls(f"ours:{path}", f"base:{path}", f"theirs:{path}", marker_size, diff3)


def line_merge(ours: str, base: str, theirs: str, labels: Labels) -> tuple[str, int]:
    """(merged text, number of conflicts) of a line-by-line merge, as ``git merge-file -p``."""
    git = shutil.which("git")
    if git is None:
        raise GitMissingError("git is not installed: cannot merge lines")
    with tempfile.TemporaryDirectory(prefix="claimref-merge-") as folder:
        names = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(folder) / name
            path.write_bytes(text.encode("utf-8", "surrogateescape"))
            names.append(str(path))
        command = [git, "merge-file", "-p", f"--marker-size={labels.marker_size}"]
        command += ["--diff3"] if labels.diff3 else []
        command += ["-L", labels.ours, "-L", labels.base, "-L", labels.theirs, *names]
        done = subprocess.run(command, capture_output=True, check=False)
    if done.returncode < 0 or done.returncode > 127:  # 1..127: the number of conflicts
        message = done.stderr.decode("utf-8", "replace").strip()
        raise GitMissingError(f"git merge-file failed: {message or done.returncode}")
    return done.stdout.decode("utf-8", "surrogateescape"), done.returncode


def block_merge(ours: str, base: str, theirs: str, labels: Labels) -> tuple[str, int]:
    """:func:`line_merge` of texts that need not end with a newline (an entry ending at its
    brace): each is merged with one added, and the result given back without it."""
    bare = not any(text.endswith("\n") for text in (ours, base, theirs) if text)
    if not bare:
        return line_merge(ours, base, theirs, labels)
    ended = [text + "\n" if text else text for text in (ours, base, theirs)]
    text, conflicts = line_merge(ended[0], ended[1], ended[2], labels)
    return (text[:-1] if text.endswith("\n") else text), conflicts


def conflict(ours: str, theirs: str, labels: Labels, base: str | None = None) -> str:
    """Both texts whole between conflict markers (the base too in the diff3 style)."""
    size = labels.marker_size
    parts = [f"{'<' * size} {labels.ours}\n", _line(ours)]
    if labels.diff3:
        parts += [f"{'|' * size} {labels.base}\n", _line(base or "")]
    parts += [f"{'=' * size}\n", _line(theirs), f"{'>' * size} {labels.theirs}"]
    return "".join(parts)


def _line(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"
