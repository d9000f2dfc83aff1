"""The parse cache the store is given: what each data file parsed to, answered by the SQLite index.

:class:`DiskParseCache` implements the store's :class:`~claimref.store.ParseCache` over the
workspace's :class:`~claimref.index.Index` (one SQLite database per workspace in the user's cache
folder: ``$CLAIMREF_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimref``, else ``~/.cache/claimref``,
never inside the workspace). At the first lookup the index is brought up to date (files whose size,
mtime, ctime or inode changed, new ones and racy-clean ones, modified within :data:`RACY_NS` of
being stored, are parsed again; see :mod:`claimref.index.refresh`), then every file is answered
from it. Nothing is pickled: rows are JSON (:mod:`claimref.index.codec`). An index that cannot be
opened or written is skipped, and the store parses the files itself: the cache changes the speed of
loading, never its result. Also here: where caches go (:func:`workspace_cache`) and the switch that
turns them off (``$CLAIMREF_NO_CACHE``). It does not parse (``formats``) nor decide which files to
load (``store``).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from claimref.cachefile import ENV_DIR, cache_dir
from claimref.safewrite import FileStamp

__all__ = ["ENV_DIR", "ENV_OFF", "RACY_NS", "DiskParseCache", "cache_dir", "workspace_cache"]

ENV_OFF = "CLAIMREF_NO_CACHE"
#: A file modified this close to being stored in the index is parsed again (2 s: FAT's mtime
#: resolution, the coarsest a workspace may sit on).
RACY_NS = 2_000_000_000


def workspace_cache(root: Path, prefix: str, suffix: str = "") -> Path | None:
    """Where a cache of the workspace at ``root`` goes: ``prefix`` + a hash of the workspace's path
    + ``suffix``, in :func:`cache_dir`; None when the cache folder lies inside the workspace (a
    cloned repository could ship a cache) or there is no home folder to put it in."""
    try:
        resolved, folder = root.resolve(), cache_dir().resolve()
    except (OSError, RuntimeError):
        return None
    if folder == resolved or resolved in folder.parents:
        return None
    return folder / f"{prefix}{hashlib.sha256(str(resolved).encode()).hexdigest()[:32]}{suffix}"


def disabled_by_env() -> bool:
    """True when $CLAIMREF_NO_CACHE is set to something other than empty or 0."""
    return os.environ.get(ENV_OFF, "") not in ("", "0")


class DiskParseCache:
    """The parse cache of one workspace, backed by its index: ``misses`` counts the files parsed
    (when the index was brought up to date), ``hits`` those answered as stored."""

    def __init__(self, root: Path, file: Path) -> None:
        self.root = root
        #: The index's database file.
        self.file = file
        self.hits = 0
        self.misses = 0
        #: Kept for the command line, which used to write the cache after its output; the index
        #: is written as it is brought up to date.
        self.defer = False
        self._entries: dict[str, tuple[str, Any, FileStamp]] | None = None
        self._parsed: frozenset[str] = frozenset()

    @classmethod
    def for_root(cls, root: Path) -> DiskParseCache | None:
        """The cache of the workspace at ``root``; None when the cache folder lies inside it."""
        from claimref.index.db import database_file  # noqa: PLC0415

        file = database_file(Path(root))
        return None if file is None else cls(Path(root), file)

    def _read(self) -> None:
        """Bring the index up to date and take every file from it (an index found damaged is
        built again at once)."""
        from claimref.index import Index  # noqa: PLC0415

        self._entries = {}
        for _ in range(2):
            index = Index.open(self.root.resolve())
            if index is None:
                return
            try:
                outcome = index.refresh()
                entries = index.parsed_files() if outcome is not None else None
            finally:
                index.close()
            if outcome is not None and entries is not None:
                self._entries, self._parsed = entries, frozenset(outcome.stale)
                return
            if index.file.exists():  # not damaged (locked, unwritable): parse without it
                return

    def lookup(self, path: Path, shown: str) -> tuple[Any, FileStamp] | None:
        """What ``path`` parsed to, as the index (brought up to date at the first lookup) has it."""
        if self._entries is None:
            self._read()
        entry = (self._entries or {}).get(str(path))
        if entry is None or entry[0] != shown:
            self.misses += 1
            return None
        if str(path) in self._parsed:
            self.misses += 1
        else:
            self.hits += 1
        return entry[1], entry[2]

    def store(
        self, path: Path, shown: str, stat: os.stat_result, parsed: Any, stamp: FileStamp
    ) -> None:
        """Nothing: a file the index could not answer for is stored at the next refresh."""

    def flush(self) -> None:
        """Nothing to write: the index was written as it was brought up to date."""
        self._entries = None

    def write_deferred(self) -> int | None:
        """Nothing deferred (kept for the command line)."""
        return None
