"""Cache files nobody else can plant, swap or damage unnoticed: how the caches are read and written.

The cache root is claimref's cache folder (``$CLAIMREF_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimref``,
else ``~/.cache/claimref``) for the files under it, else the folder a caller keeps a file in. A cache
file is read only when, from that root down, every folder and the file itself is opened without
following a link (``O_NOFOLLOW``, each relative to the one before) and is owned by the current user
and writable by no one else, the file is a regular file, and its content matches the SHA-256 digest
in its first line. Anything else reads as "no cache" (None), never as an error.

:func:`write` creates missing folders with mode 0700 and takes others' write permission off the
user's own folders below the root and off the default root (never off a folder the user names, as
``$CLAIMREF_CACHE_DIR`` does: its mode is their choice, and the cache stays off there), then renames
a new file (mode 0600) over the old, removing temporary files that killed writers left. It does not
fsync: a file a crash leaves torn fails its digest, which costs only a rebuild. What a cache file
holds is its callers' business; where the platform has no file owners or ``O_NOFOLLOW`` (Windows),
only the digest is checked. A database (the SQLite index, which SQLite opens by name and keeps
consistent itself, without a digest line) is prepared by :func:`prepare_database`: the same checks
of the folders, and a file or companion (``-wal``, ``-shm``) that is a link, not the user's or
writable by others is removed, so that it is built again.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import secrets
import stat
import time
from pathlib import Path

ENV_DIR = "CLAIMREF_CACHE_DIR"
#: The first line of a cache file: this, the hex SHA-256 digest of the rest, a newline.
HEADER = b"claimref-cache sha256="
_DIGEST_LENGTH = 64
_POSIX = (
    hasattr(os, "O_NOFOLLOW")
    and hasattr(os, "getuid")
    and os.open in os.supports_dir_fd
    and os.mkdir in os.supports_dir_fd
)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW
#: A temporary file this old is a killed writer's leftover (a write takes seconds at most).
STALE_SECONDS = 600


def cache_dir() -> Path:
    """The folder for claimref's caches: $CLAIMREF_CACHE_DIR, $XDG_CACHE_HOME/claimref or
    ~/.cache/claimref."""
    explicit = os.environ.get(ENV_DIR)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "claimref"


def read(file: Path) -> bytes | None:
    """The content of the cache file ``file`` (its first line checked and taken off), or None when
    it is missing, not trusted or damaged."""
    try:
        stream = _open_trusted(file) if _POSIX else open(file, "rb", buffering=0)  # noqa: SIM115
        if stream is None:
            return None
        with stream:
            header = stream.read(len(HEADER) + _DIGEST_LENGTH + 1)
            payload = stream.read()
    except (OSError, RuntimeError, ValueError):
        return None
    if not header.startswith(HEADER):
        return None
    return payload if header == _header(payload) else None


def _header(payload: bytes) -> bytes:
    return HEADER + hashlib.sha256(payload).hexdigest().encode() + b"\n"


def write(file: Path, payload: bytes) -> bool:
    """Write ``payload`` as the cache file ``file`` (with its digest line); False, and nothing
    written, when a folder on the way is not trusted or the system refuses."""
    try:
        if not _POSIX:
            file.parent.mkdir(parents=True, exist_ok=True)
            temp = file.with_name(f".{file.name}.{secrets.token_hex(8)}.tmp")
            temp.write_bytes(_header(payload) + payload)
            os.replace(temp, file)
            return True
        return _write_trusted(file, payload)
    except (OSError, RuntimeError, ValueError):
        return False


def _root_and_parts(file: Path) -> tuple[Path, tuple[str, ...], bool]:
    """The root to trust from, the path below it, and whether the root is claimref's own default
    folder: claimref's cache folder when ``file`` is inside it (as given, not resolved), else
    ``file``'s own folder (resolved)."""
    root = cache_dir().resolve()
    folder = Path(os.path.abspath(file.parent))
    if folder == root or root in folder.parents:
        return root, (*folder.relative_to(root).parts, file.name), not os.environ.get(ENV_DIR)
    return folder.resolve(), (file.name,), False


def _owned(status: os.stat_result) -> bool:
    """Owned by the current user, and no one else may write it."""
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def _open_folders(file: Path, *, create: bool) -> tuple[int, str] | None:
    """A descriptor of ``file``'s folder, opened from the root down without following links, and
    the file's name; None when a folder is not trusted (or missing, unless ``create``)."""
    root, parts, ours = _root_and_parts(file)
    if create:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(root, _FOLDER)
    try:
        trusted = _trust_folder(descriptor, repair=create and ours)
        for part in parts[:-1]:
            if not trusted:
                break
            if create:
                _make_folder(part, descriptor)
            child = os.open(part, _FOLDER, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = child
            trusted = _trust_folder(descriptor, repair=create)
    except BaseException:
        os.close(descriptor)
        raise
    if not trusted:
        os.close(descriptor)
        return None
    return descriptor, parts[-1]


def _trust_folder(descriptor: int, *, repair: bool) -> bool:
    """The folder is the user's and only theirs to write; with ``repair`` (folders claimref made), a
    folder of the user's that others may write is made unwritable to them first."""
    status = os.fstat(descriptor)
    if repair and status.st_uid == os.getuid() and status.st_mode & 0o022:
        os.fchmod(descriptor, stat.S_IMODE(status.st_mode) & ~0o022)
        status = os.fstat(descriptor)
    return stat.S_ISDIR(status.st_mode) and _owned(status)


def _make_folder(name: str, parent: int) -> None:
    with contextlib.suppress(FileExistsError):
        os.mkdir(name, 0o700, dir_fd=parent)


def _open_trusted(file: Path) -> io.FileIO | None:
    """``file`` opened for reading if it and every folder from the root down are trusted."""
    opened = _open_folders(file, create=False)
    if opened is None:
        return None
    folder, name = opened
    try:
        descriptor = os.open(name, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW, dir_fd=folder)
    except FileNotFoundError:
        return None
    finally:
        os.close(folder)
    stream = os.fdopen(descriptor, "rb", buffering=0)  # reads the rest in one piece
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode) or not _owned(status):
        stream.close()
        return None
    return stream


def _write_trusted(file: Path, payload: bytes) -> bool:
    opened = _open_folders(file, create=True)
    if opened is None:
        return False
    folder, name = opened
    temp = f".{name}.{secrets.token_hex(8)}.tmp"
    try:
        _remove_stale(folder, name)
        descriptor = os.open(
            temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=folder
        )
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(_header(payload))
                stream.write(payload)
            os.replace(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            os.unlink(temp, dir_fd=folder)
            raise
    finally:
        os.close(folder)
    return True


def _remove_stale(folder: int, name: str) -> None:
    """Remove the temporary files of ``name`` that a killed writer left in ``folder``."""
    now = time.time()
    with os.scandir(folder) as entries:
        for entry in entries:
            if not (entry.name.startswith(f".{name}.") and entry.name.endswith(".tmp")):
                continue
            with contextlib.suppress(OSError):
                if now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS:
                    os.unlink(entry.name, dir_fd=folder)


def prepare_database(file: Path) -> bool:
    """Make ``file`` ready to be opened as a database (SQLite, which opens it by name): its folders
    are made and checked as :func:`write` does, and the file and its companions (``-wal``,
    ``-shm``, ``-journal``), where one is a link, not a regular file, not the user's or writable
    by others, are removed, so that the database is built again. True when the file may then be
    opened (it is created empty, mode 0600, when missing); False when a folder is not trusted."""
    try:
        if not _POSIX:
            file.parent.mkdir(parents=True, exist_ok=True)
            return True
        opened = _open_folders(file, create=True)
        if opened is None:
            return False
        folder, name = opened
        try:
            for companion in ("-wal", "-shm", "-journal", ""):
                _remove_untrusted(name + companion, folder)
            with contextlib.suppress(FileExistsError):
                os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600,
                                 dir_fd=folder))  # fmt: skip
        finally:
            os.close(folder)
        return True
    except (OSError, RuntimeError, ValueError):
        return False


def remove_database(file: Path) -> None:
    """Remove the database ``file`` and its companions (a damaged one is built again)."""
    for companion in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(f"{file}{companion}")


def _remove_untrusted(name: str, folder: int) -> None:
    try:
        status = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return
    if not (stat.S_ISREG(status.st_mode) and _owned(status)):
        os.unlink(name, dir_fd=folder)
