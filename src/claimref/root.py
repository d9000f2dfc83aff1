"""Where the workspace is: found from ``--root``, ``$CLAIMREF_ROOT`` or the current folder upward,
and paths shown relative to the current folder.

Light on purpose (no model, no parsers): the command line asks it before it knows whether the
command needs the workspace at all. Reading the workspace's files is :mod:`claimref.store`'s job.
"""

from __future__ import annotations

import os
from pathlib import Path

from claimref.errors import WorkspaceNotFoundError

__all__ = ["ENV_ROOT", "MARKER", "display_path", "find_root", "os_said"]

MARKER = "claimref.toml"
ENV_ROOT = "CLAIMREF_ROOT"


def find_root(start: Path | None = None, explicit: Path | str | None = None) -> Path:
    """The workspace root: ``explicit``, else $CLAIMREF_ROOT, else the nearest folder upward from
    ``start`` (default: the current directory) holding claimref.toml or bibliography/ and claims/."""
    given = explicit or os.environ.get(ENV_ROOT)
    try:
        if given:
            root = Path(given).expanduser().resolve()
            if not root.is_dir():
                raise WorkspaceNotFoundError(f"{given}: workspace folder does not exist")
            return root
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if _is_workspace(folder):
                return folder
    except (OSError, RuntimeError) as exc:  # a folder gone or unreadable, a symbolic link loop
        what = os_said(exc) if isinstance(exc, OSError) else str(exc)
        raise WorkspaceNotFoundError(f"{given or start or 'the current folder'}: {what}") from None
    raise WorkspaceNotFoundError(
        f"no claimref workspace in {here} or above it (a folder with bibliography/ and claims/, "
        f"or a {MARKER}); give one with --root or ${ENV_ROOT}"
    )


def _is_workspace(folder: Path) -> bool:
    try:
        return (folder / MARKER).is_file() or (
            (folder / "bibliography").is_dir() and (folder / "claims").is_dir()
        )
    except PermissionError:  # a folder above that we may not look into: not ours
        return False


def display_path(path: Path) -> str:
    """``path`` relative to the current directory when it lies below it, else absolute."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def os_said(exc: OSError) -> str:
    """What the operating system said, without the path (the finding names it)."""
    return exc.strerror or str(exc)
