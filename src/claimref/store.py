"""The workspace on disk: load every source and claim, and write files back safely.

The only module that touches the user's files. Loading never stops at the first problem: each file is
parsed on its own (``formats``), then cross-file problems (a cite key defined twice, keys differing
only in case, duplicate claim ids, links to missing sources: :mod:`claimref.crossfile`) are added,
and everything comes back as findings on the :class:`Workspace`. Finding the workspace is
:mod:`claimref.root`'s job (``find_root`` is re-exported here); writing one file atomically
:mod:`claimref.safewrite`'s (``write_atomic`` is re-exported here); several files under the
workspace lock, :mod:`claimref.edit`'s. Rendering and checking are left to ``render`` and
``validate``.

Each file is parsed by :func:`parse_file`, keyed by its path and :class:`FileStamp`; a
:class:`ParseCache` (e.g. :class:`claimref.parsecache.DiskParseCache`) given to :func:`load_workspace`
answers for unchanged files instead, without changing what is loaded.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import os
import stat
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from claimref import statpass
from claimref.crossfile import check_links, index_by_id, index_sources
from claimref.errors import DataError, Finding, Severity
from claimref.model import Claim, Location, Person, Source
from claimref.root import ENV_ROOT, MARKER, display_path, find_root, os_said
from claimref.safewrite import FileStamp, write_atomic
from claimref.usertext import clip, wide_text

# The parsers are imported when a file is parsed: a look-up in the index skips them.
if TYPE_CHECKING:
    from claimref.formats import bibtex, claimfile, peoplefile
    from claimref.progress import Progress

    Parsed = bibtex.BibFile | claimfile.ClaimFile | peoplefile.PersonFile

__all__ = [
    "ENV_ROOT",
    "MARKER",
    "FileStamp",
    "Workspace",
    "display_path",
    "find_root",
    "load_workspace",
    "parse_file",
    "write_atomic",
]

ERROR = Severity.ERROR
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class Workspace:
    """Everything loaded from one workspace: sources by key, claims by id, and the findings."""

    root: Path
    sources: Mapping[str, Source]
    claims: Mapping[str, Claim]
    findings: tuple[Finding, ...] = ()
    people: Mapping[str, Person] = field(default_factory=lambda: MappingProxyType({}))
    #: Each bibliography file as parsed (its ``@string`` and ``@preamble`` blocks included), by the
    #: path its sources' locations show.
    bib_files: Mapping[str, bibtex.BibFile] = field(default_factory=lambda: MappingProxyType({}))
    stamps: Mapping[Path, FileStamp] = field(default_factory=lambda: MappingProxyType({}))
    parse_errors: frozenset[Path] = frozenset()

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings that make the data unusable as it stands."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    def citing(self, key: str) -> tuple[Claim, ...]:
        """The claims that link to the source ``key``, by id."""
        return tuple(c for c in self.claims.values() if key in c.source_keys)

    def citation_counts(self) -> dict[str, int]:
        """How many claims link to each source key (sources cited by none are absent)."""
        counts: dict[str, int] = defaultdict(int)
        for claim in self.claims.values():
            for key in claim.source_keys:
                counts[key] += 1
        return dict(counts)


def read_text(path: Path, shown: str = "") -> tuple[str, bytes, Finding | None]:
    """A file's text (UTF-8, BOM dropped), its bytes, and a finding if it is not valid UTF-8;
    raises :class:`DataError` (``path: error: <what the system said>``) when it cannot be read
    or is not a regular file."""
    try:
        data, _ = _read_bytes(path)
    except OSError as exc:
        where = Location(shown or display_path(path))
        raise DataError([Finding(where, f"cannot read: {os_said(exc)}", rule="load")]) from None
    return _decode(path, data, shown)


def _read_bytes(path: Path | str) -> tuple[bytes, os.stat_result]:
    """A file's bytes and its status before they were read, both through one open file (fewer
    system calls than ``stat`` and ``read_bytes``: a tenth of loading 50,000 small files). Opened
    without waiting, and refused unless a regular file: a FIFO or a device is never read. Read in
    one call of the size the status gives and one byte more: a file that grew meanwhile is read
    on to its end."""
    descriptor = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, f"not a regular file ({_kind(status.st_mode)})", str(path))
        data = os.read(descriptor, status.st_size + 1)
        if len(data) > status.st_size:  # less is the end of the file
            chunks = [data]
            while chunk := os.read(descriptor, 1 << 16):
                chunks.append(chunk)
            data = b"".join(chunks)
    finally:
        os.close(descriptor)
    return data, status


def _decode(path: Path | str, data: bytes, shown: str) -> tuple[str, bytes, Finding | None]:
    """The text of a file (UTF-8; a file saved as UTF-16 or UTF-32 is read, and reported)."""
    wide = wide_text(data)
    if wide is not None:
        text, encoding = wide
        where = Location(shown or display_path(Path(path)), 1)
        return text, data, Finding(where, f"saved as {encoding}: save it as UTF-8")
    try:
        return data.decode("utf-8-sig"), data, None
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        where = Location(shown or display_path(Path(path)), line)
        text = data.decode("utf-8", errors="replace")
        return text, data, Finding(where, f"not valid UTF-8 (byte {exc.start}): save it as UTF-8")


def parse_file(path: Path, shown: str = "") -> tuple[Parsed, FileStamp]:
    """Parse one bibliography, claim or person file, naming it ``shown`` in findings (default: its
    :func:`display_path`); the unit a :class:`ParseCache` stores."""
    parsed, stamp, _ = _parse(path, shown)
    return parsed, stamp


def _parse(path: Path | str, shown: str) -> tuple[Parsed, FileStamp, os.stat_result]:
    """:func:`parse_file`, and the file's status as it was just before it was read (``path`` may
    be a string: the index parses a hundred thousand files by name)."""
    from claimref.formats import bibtex, claimfile, peoplefile  # noqa: PLC0415

    data, stat = _read_bytes(path)
    name = os.fspath(path)
    text, data, problem = _decode(path, data, shown)
    shown = shown or display_path(Path(path))
    folder, base = os.path.split(name)
    parsed: Parsed
    if base.endswith(".bib"):
        parsed = bibtex.loads(text, shown)
    elif os.path.basename(folder) == "people":
        parsed = peoplefile.loads(text, shown, expected_id=_stem(base))
    else:
        parsed = claimfile.loads(text, shown, expected_id=_stem(base))
    if problem:
        parsed = replace(parsed, findings=(problem, *parsed.findings))
    return parsed, FileStamp(stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest()), stat


def _stem(name: str) -> str:
    """A file name without its suffix, as :attr:`PurePath.stem` gives it."""
    i = name.rfind(".")
    return name[:i] if 0 < i < len(name) - 1 else name


class ParseCache(Protocol):
    """What files parsed to when last read: consulted before parsing a file, told what each parsed
    file gave, and flushed once the load is done. It must never change what is loaded."""

    def lookup(self, path: Path, shown: str) -> tuple[Parsed, FileStamp] | None:
        """What ``path`` (named ``shown``) parsed to, if the file has not changed since."""

    def store(
        self, path: Path, shown: str, stat: os.stat_result, parsed: Parsed, stamp: FileStamp
    ) -> None:
        """Remember what ``path`` parsed to; ``stat`` is its status taken (through the open file)
        before it was read."""

    def flush(self) -> None:
        """The load is over: keep what was looked up or stored (e.g. write it to disk)."""


def load_workspace(root: Path | str | None = None, cache: ParseCache | None = None,
                   progress: Progress | None = None) -> Workspace:  # fmt: skip
    """Load ``bibliography/*.bib``, ``claims/*.yaml`` and ``people/*.yaml`` under ``root``
    (found from the current folder if None); ``cache`` spares parsing unchanged files;
    ``progress`` is told (files read, files) as they are read."""
    with gc_paused():
        workspace = _load(root, cache, progress)
        if cache is not None:
            cache.flush()
        return workspace


def _parse_cached(path: Path, shown: str, cache: ParseCache | None) -> tuple[Parsed, FileStamp]:
    if cache is None:
        return parse_file(path, shown)
    hit = cache.lookup(path, shown)
    if hit is not None:
        return hit
    parsed, stamp, stat = _parse(path, shown)
    cache.store(path, shown, stat, parsed, stamp)
    return parsed, stamp


def _load(
    root: Path | str | None, cache: ParseCache | None, progress: Progress | None
) -> Workspace:
    from claimref.formats import bibtex, peoplefile  # noqa: PLC0415

    base = find_root(explicit=root) if root else find_root()
    findings: list[Finding] = []
    stamps: dict[Path, FileStamp] = {}
    parse_errors: set[Path] = set()
    sources: list[Source] = []
    bib_files: dict[str, bibtex.BibFile] = {}
    claims: list[Claim] = []
    people: list[Person] = []
    files = _files(base, findings)
    for done, (path, shown) in enumerate(files):
        if progress is not None:
            progress(done, len(files))
        try:
            parsed, stamps[path] = _parse_cached(path, shown, cache)
        except OSError as exc:  # the file costs a finding, not the workspace
            findings.append(Finding(Location(shown), f"cannot read: {os_said(exc)}", rule="load"))
            parse_errors.add(path)
            continue
        findings.extend(parsed.findings)
        if any(f.severity is Severity.ERROR for f in parsed.findings):
            parse_errors.add(path)
        if isinstance(parsed, bibtex.BibFile):
            sources.extend(parsed.sources)
            bib_files[shown] = parsed
        elif isinstance(parsed, peoplefile.PersonFile):
            people.extend([parsed.person] if parsed.person else [])
        elif parsed.claim is not None:
            claims.append(parsed.claim)
    by_key = index_sources(sources, findings)
    by_id = index_by_id(claims, findings, "claim")
    by_person = index_by_id(people, findings, "person")
    check_links(by_id.values(), by_key, findings)
    return Workspace(
        root=base,
        sources=MappingProxyType(by_key),
        claims=MappingProxyType(by_id),
        findings=tuple(sorted(findings)),
        people=MappingProxyType(by_person),
        bib_files=MappingProxyType(bib_files),
        stamps=MappingProxyType(stamps),
        parse_errors=frozenset(parse_errors),
    )


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector while tens of thousands of parsed objects are created and kept:
    it would scan them again and again (a quarter of the load time for 50,000 claims). Parsed
    files hold no reference cycles, so nothing is left uncollected. (Also used by the checks,
    which build large indexes of a loaded workspace.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _files(base: Path, findings: list[Finding]) -> list[tuple[Path, str]]:
    """The data files, sorted, each with the name findings give it; stray files in the data
    folders, and data file names that are not readable files, are reported, not ignored."""
    return [(Path(entry.path), shown) for entry, shown in data_entries(base, findings)]


DATA_FOLDERS = statpass.DATA_FOLDERS  # the data folders and their files' suffix


def data_entries(
    base: Path, findings: list[Finding], ordered: bool = True,
    listed: Mapping[str, list[os.DirEntry[str]]] | None = None,
) -> list[tuple[os.DirEntry[str], str]]:  # fmt: skip
    """The folder entries of the data files (sorted by folder and name, unless not ``ordered``),
    each with the name findings give it; stray files are reported in ``findings``. ``listed``:
    the entries of data folders already listed (the index compares the files through them)."""
    found: list[tuple[os.DirEntry[str], str]] = []
    for folder, suffix in DATA_FOLDERS:
        directory = base / folder
        if not directory.is_dir():
            continue
        shown = display_path(directory)
        try:
            if listed is not None and folder in listed:
                entries = listed[folder]
            else:
                with os.scandir(directory) as listing:
                    entries = list(listing)
        except OSError as exc:
            findings.append(Finding(Location(shown), f"cannot list: {os_said(exc)}", rule="load"))
            continue
        if ordered:
            entries.sort(key=lambda e: e.name)
        prefix = os.path.join(shown, "")
        for entry in entries:
            name = entry.name
            if name.endswith(suffix) and not name.startswith("."):
                # a regular file as the listing says (no system call), or a link to one
                problem = None if entry.is_file(follow_symlinks=False) else _unreadable(entry)
                if problem is None:
                    found.append((entry, prefix + name))
                else:
                    findings.append(Finding(Location(prefix + name), *problem))
            elif not name.startswith(".") and not _is_dir(entry):
                severity = ERROR if name.endswith((".yml", ".bibtex")) else Severity.WARNING
                message = f"not read: files in {folder}/ must end in {suffix}"
                findings.append(Finding(Location(prefix + name), message, severity, "stray-file"))
    return found


def _unreadable(entry: os.DirEntry[str]) -> tuple[str, Severity, str] | None:
    """Why a data file name that the listing does not show as a regular file cannot be read as
    one (message, severity, rule); None when it names one after all (a symbolic link to one)."""
    try:
        mode = os.stat(entry.path).st_mode
    except OSError as exc:
        if entry.is_symlink() and isinstance(exc, FileNotFoundError):
            with contextlib.suppress(OSError):
                target = os.readlink(entry.path)
                return f"broken symbolic link to '{clip(target)}': {os_said(exc)}", ERROR, "load"
        return f"cannot read: {os_said(exc)}", Severity.ERROR, "load"
    if stat.S_ISREG(mode):
        return None
    what = "a folder" if stat.S_ISDIR(mode) else f"not a regular file ({_kind(mode)})"
    return f"not read: {what}", Severity.WARNING, "stray-file"


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a symbolic link that loops: not a folder
        return False


def _kind(mode: int) -> str:
    """What a file that is not a regular one is, by its mode."""
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
             (stat.S_ISBLK, "a device"), (stat.S_ISDIR, "a folder"))  # fmt: skip
    return next((name for test, name in kinds if test(mode)), "not a file")
