"""A parse cache on disk: what each data file parsed to last time, reused while the file is unchanged.

:class:`DiskParseCache` implements the store's :class:`~claimref.store.ParseCache`: one pickle per
workspace in the user's cache folder (``$CLAIMREF_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimref``,
else ``~/.cache/claimref``), never inside the workspace, since a cloned repository could ship a
crafted pickle. It is read and written through :mod:`claimref.cachefile`, so a pickle is unpickled
only when no link led to it, the user owns it and every folder above it up to the cache folder, no
one else may write any of them, and its checksum matches (a damaged file is a miss). An entry is
used only when the file's size, mtime, ctime and inode and the name findings give it are the same
(ctime, which no program can set back, catches a file overwritten in place with its old size and
mtime, as ``cp -p`` does), and the file is older than the cache by more than :data:`RACY_NS`
(git's "racy clean" rule: a file rewritten within one timestamp tick of being read looks
unchanged). The cache is keyed by a hash of the code that parses (a changed parser drops it),
written atomically and only when something changed; an unreadable, corrupt or foreign cache is
ignored, and a cache that cannot be written is skipped: the cache changes the speed of loading,
never its result. It does not parse (``formats``) nor decide which files to load (``store``).
"""

from __future__ import annotations

import copyreg
import hashlib
import os
import pickle
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import claimref
from claimref import cachefile
from claimref.cachefile import ENV_DIR, cache_dir
from claimref.store import FileStamp, Parsed

__all__ = ["ENV_DIR", "ENV_OFF", "DiskParseCache", "cache_dir", "workspace_cache"]

#: Bump when the layout of the cache file changes.
FORMAT = 3
ENV_OFF = "CLAIMREF_NO_CACHE"
#: ``CLAIMREF_CACHE_WRITE=sync`` writes a deferred cache before the command returns, not in a
#: background process (tests use it to see the file at once).
ENV_WRITE = "CLAIMREF_CACHE_WRITE"
#: A file modified this close to the cache's writing is parsed again (2 s: FAT's mtime resolution).
RACY_NS = 2_000_000_000
_MAGIC = b"claimref-parse-cache\n"


def _mapping_proxy(data: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """Rebuild a read-only mapping from the dict it was pickled as."""
    return MappingProxyType(data)


def _reduce_mapping_proxy(proxy: MappingProxyType[Any, Any]) -> tuple[Any, tuple[dict[Any, Any]]]:
    return _mapping_proxy, (dict(proxy),)


copyreg.pickle(MappingProxyType, _reduce_mapping_proxy)


@dataclass(frozen=True)
class _Entry:
    """One file as it was when parsed, and what it parsed to."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    shown: str
    parsed: Parsed
    stamp: FileStamp


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


def code_version() -> str:
    """A hash of the code that turns files into parsed results (all of claimref but the layers
    above the store), of Python's version and of the parsers' libraries."""
    package = Path(claimref.__file__).parent
    digest = hashlib.sha256(f"{FORMAT} {sys.version} {_library_versions()}".encode())
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        if relative.split("/")[0] in ("cli", "render", "validate"):
            continue
        digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _library_versions() -> str:
    """The parsers' versions, as the modules give them (``importlib.metadata`` alone takes longer
    to import than the rest of this check)."""
    import bibtexparser  # noqa: PLC0415  (imported by the store all the same)
    import yaml  # noqa: PLC0415

    modules = {"PyYAML": yaml, "bibtexparser": bibtexparser}
    return ", ".join(
        f"{name} {getattr(module, '__version__', '-')}" for name, module in modules.items()
    )


class DiskParseCache:
    """The parse cache of one workspace: its file is read at the first :meth:`lookup` and written
    by :meth:`flush`; ``hits`` and ``misses`` count the lookups."""

    def __init__(self, file: Path, version: str) -> None:
        self.file = file
        self.version = version
        self.hits = 0
        self.misses = 0
        self._written_ns = 0
        self._old: dict[str, _Entry] = {}
        self._new: dict[str, _Entry] = {}
        self._changed = False
        self._loaded = False
        #: Set by a command line that writes the cache after its output (:meth:`write_deferred`).
        self.defer = False
        self._pending: dict[str, _Entry] | None = None

    @classmethod
    def for_root(cls, root: Path) -> DiskParseCache | None:
        """The cache of the workspace at ``root``; None when the cache folder lies inside it."""
        file = workspace_cache(root, f"parse-v{FORMAT}-", ".pickle")
        return None if file is None else cls(file, code_version())

    def _read(self) -> None:
        """Read the cache file (lazily: inside the store's load, where the cycle collector is paused,
        which makes unpickling about ten times faster)."""
        self._loaded = True
        payload = cachefile.read(self.file)
        if payload is None or not payload.startswith(_MAGIC):  # missing, foreign or damaged
            self._changed = True
            return
        try:
            version, written_ns, entries = pickle.loads(memoryview(payload)[len(_MAGIC) :])
        except Exception:  # checksummed, so only another claimref's pickle: parse again
            self._changed = True
            return
        if version == self.version and isinstance(written_ns, int) and isinstance(entries, dict):
            self._written_ns, self._old = written_ns, entries
        else:
            self._changed = True

    def lookup(self, path: Path, shown: str) -> tuple[Parsed, FileStamp] | None:
        """What ``path`` parsed to, if it has not changed since (the file is only looked at when
        the cache knows it)."""
        if not self._loaded:
            self._read()
        entry = self._old.get(str(path))
        try:
            stat = os.stat(path) if entry is not None else None
        except OSError:
            stat = None
        if (
            entry is None
            or stat is None
            or entry.size != stat.st_size
            or entry.mtime_ns != stat.st_mtime_ns
            or entry.ctime_ns != stat.st_ctime_ns
            or entry.inode != stat.st_ino
            or entry.shown != shown
            or stat.st_mtime_ns >= self._written_ns - RACY_NS
        ):
            self.misses += 1
            return None
        self.hits += 1
        self._new[str(path)] = entry
        return entry.parsed, entry.stamp

    def store(
        self, path: Path, shown: str, stat: os.stat_result, parsed: Parsed, stamp: FileStamp
    ) -> None:
        """Remember what ``path`` parsed to; ``stat``: its status just before it was read (a change
        after that gives it a new mtime, or leaves it in the racy window)."""
        self._new[str(path)] = _Entry(
            stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, shown, parsed, stamp
        )
        self._changed = True

    def flush(self) -> None:
        """Write the entries of this load, if any changed or a file went away (with ``defer`` set,
        keep them for :meth:`write_deferred`); failures to write are ignored (the next load
        parses again)."""
        entries, self._new = self._new, {}
        if not self._changed and entries.keys() == self._old.keys():
            return
        if self.defer:
            self._pending = entries
            return
        self._write(entries)

    def write_deferred(self) -> int | None:
        """Write what :meth:`flush` kept, in a forked process so that the command returns at once
        (the write is atomic: a reader sees the old cache or the new one), and return its pid; in
        this process where there is no ``fork`` or ``$CLAIMREF_CACHE_WRITE`` is ``sync``."""
        entries, self._pending = self._pending, None
        if entries is None:
            return None
        if not hasattr(os, "fork") or os.environ.get(ENV_WRITE) == "sync":
            self._write(entries)
            return None
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child writes and leaves at once, running no exit handlers
            try:
                self._write(entries)
            finally:
                os._exit(0)
        return pid

    def _write(self, entries: dict[str, _Entry]) -> None:
        written_ns = time.time_ns()
        try:
            payload = pickle.dumps((self.version, written_ns, entries), pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return
        if cachefile.write(self.file, _MAGIC + payload):  # else e.g. a full disk: parse next time
            self._old, self._written_ns, self._changed = entries, written_ns, False
