"""Write one file safely: a temporary file beside it, fsync, rename, fsync the folder.

:func:`write_atomic` never leaves a half-written file: a reader sees the old content or the new one.
It writes through a symbolic link to the file the link names (the link stays a link), refuses a
file that is read-only or that changed since it was read (its :class:`FileStamp`), and turns what
the operating system says (a full disk, a read-only file system, permission denied, a dangling link
or a loop of links) into a :class:`~claimref.errors.WriteRefusedError` naming the file. Temporary
files are named ``.<name>.claimref-<pid>-<random>.tmp``: hidden, with a suffix no loader reads, and
:func:`remove_stale_temps` deletes those whose process is gone. Locking and several files changed
together are :mod:`claimref.edit`'s job; choosing what to write is the callers'.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat as stat_module
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from claimref.errors import WriteRefusedError
from claimref.usertext import compiled

TEMP_MARK = ".claimref-"
#: The journal of a commit of several files (:mod:`claimref.edit.transaction`), in the workspace root.
JOURNAL_NAME = ".claimref-journal.json"
_TEMP_NAME = r"^\..+\.claimref-(\d+)-[0-9a-f]+\.tmp$"


@dataclass(frozen=True)
class FileStamp:
    """What a file was when it was read: size, modification time and content hash."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path, data: bytes, stat: os.stat_result | None = None) -> FileStamp:
        """The stamp of ``path`` whose content ``data`` was just read (``stat``: its status, taken
        through the open file)."""
        stat = path.stat() if stat is None else stat
        return cls(stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest())


def shown(path: Path) -> str:
    """``path`` relative to the current directory when it lies below it, else as given."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


def os_error(path: Path, exc: OSError) -> WriteRefusedError:
    """The refusal for an :class:`OSError` met while writing ``path``: ``path: what the OS said``."""
    return WriteRefusedError(f"{shown(path)}: error: {exc.strerror or exc}; not written")


def real_target(path: Path) -> Path:
    """The file a write to ``path`` must replace: ``path`` itself, or the file its chain of symbolic
    links names (relative links resolved from the link's folder); refused when the chain is
    dangling or loops, or ends in something that is not a regular file."""
    try:
        target = Path(os.path.realpath(path, strict=False))
        if path.is_symlink():
            os.stat(path)  # raises for a dangling link or a loop
    except OSError as exc:
        what = (
            "a loop of symbolic links" if exc.errno == errno.ELOOP else "a dangling symbolic link"
        )
        raise WriteRefusedError(f"{shown(path)}: error: is {what}; not written") from None
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise os_error(path, exc) from None
    if not stat_module.S_ISREG(mode):
        raise WriteRefusedError(f"{shown(path)}: error: is not a regular file; not written")
    return target


def check_writable(path: Path, target: Path) -> None:
    """Refuse a target that exists and is read-only (no write bit, or not writable by this user),
    as an editor would: even root does not replace a file its owner marked read-only."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return
    if not mode & 0o222 or not os.access(target, os.W_OK):
        raise WriteRefusedError(f"{shown(path)}: error: is read-only; not written")


def write_atomic(path: Path, text: str, expected: FileStamp | None = None) -> None:
    """Write ``text`` (UTF-8, with a trailing newline) to ``path`` atomically; with ``expected``,
    refuse when the file changed since it was read."""
    target = real_target(path)
    if expected is not None and _changed(target, expected):
        raise WriteRefusedError(f"{shown(path)}: error: changed since it was read; not written")
    check_writable(path, target)
    if not text.endswith("\n"):
        text += "\n"
    temp = write_temp(path, target, text.encode("utf-8"))
    with _removed_on_failure(temp, path):
        os.replace(temp, target)
    fsync_dir(target.parent)


def _changed(target: Path, expected: FileStamp) -> bool:
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        return True
    except OSError as exc:
        raise os_error(target, exc) from None
    return hashlib.sha256(data).hexdigest() != expected.sha256


def temp_path(target: Path) -> Path:
    """A new temporary name beside ``target`` (hidden; no loader reads ``.tmp`` files)."""
    import secrets  # noqa: PLC0415  (only a write needs it: 2 ms of every command's start-up)

    token = secrets.token_hex(4)
    return target.with_name(f".{target.name}{TEMP_MARK}{os.getpid()}-{token}.tmp")


def write_temp(path: Path, target: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file beside ``target``, fsynced, with the target's
    permission bits (0644 for a new file, less the umask); ``path`` names the file in errors."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(target.parent)
    except OSError as exc:
        raise os_error(path, exc) from None
    temp = temp_path(target)
    try:
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        raise os_error(path, exc) from None
    with _removed_on_failure(temp, path):
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temp, os.stat(target).st_mode & 0o7777)
    return temp


def remove_stale_temps(folder: Path) -> int:
    """Delete the temporary files of claimref's naming in ``folder`` whose writing process is no
    longer running (a killed write); return how many went. A folder is swept once per process (a
    claims folder of 50,000 files takes 30 ms to list; a write made later by this process has no
    stale files of its own to find there)."""
    if folder in _swept:
        return 0
    try:
        names = [name for name in os.listdir(folder) if name.startswith(".")]
    except OSError:
        return 0
    _swept.add(folder)
    removed = 0
    for name in names:
        match = compiled(_TEMP_NAME).match(name)
        if match and not _alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))
                removed += 1
    return removed


_swept: set[Path] = set()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


@contextlib.contextmanager
def _removed_on_failure(temp: Path, path: Path) -> Iterator[None]:
    """Remove ``temp`` if the block fails, whatever stops it; an OS error becomes a refusal that
    names ``path``."""
    try:
        yield
    except OSError as exc:
        _unlink_quietly(temp)
        raise os_error(path, exc) from None
    except BaseException:
        _unlink_quietly(temp)
        raise


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def fsync_dir(folder: Path) -> None:
    """Make renames in ``folder`` durable (where the platform allows opening folders)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
