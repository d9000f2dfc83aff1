"""The workspace on disk: find it, load every source and claim, and write files back safely.

The only module that touches the user's files. Loading never stops at the first problem: each file is
parsed on its own (``formats``), then cross-file problems (a cite key defined twice, keys differing
only in case, duplicate claim ids, links to missing sources) are added, and everything comes back as
findings on the :class:`Workspace`. Writing one file atomically is :mod:`claimref.safewrite`'s job
(``write_atomic`` is re-exported here); several files under the workspace
lock, :mod:`claimref.edit`'s. Rendering and checking are left to ``render`` and ``validate``.

Each file is parsed by :func:`parse_file`, keyed by its path and :class:`FileStamp`; a
:class:`ParseCache` (e.g. :class:`claimref.parsecache.DiskParseCache`) given to :func:`load_workspace`
answers for unchanged files instead, without changing what is loaded.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Protocol, TypeVar

from claimref.errors import Finding, Severity, WorkspaceNotFoundError
from claimref.formats import bibtex, claimfile, peoplefile
from claimref.model import Claim, Location, Person, Source
from claimref.safewrite import FileStamp, write_atomic

__all__ = ["FileStamp", "Workspace", "find_root", "load_workspace", "parse_file", "write_atomic"]

MARKER = "claimref.toml"
T = TypeVar("T", Claim, Person)
ENV_ROOT = "CLAIMREF_ROOT"


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


def find_root(start: Path | None = None, explicit: Path | str | None = None) -> Path:
    """The workspace root: ``explicit``, else $CLAIMREF_ROOT, else the nearest folder upward from
    ``start`` (default: the current directory) holding claimref.toml or bibliography/ and claims/."""
    given = explicit or os.environ.get(ENV_ROOT)
    if given:
        root = Path(given).expanduser().resolve()
        if not root.is_dir():
            raise WorkspaceNotFoundError(f"{given}: workspace folder does not exist")
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file() or (
            (folder / "bibliography").is_dir() and (folder / "claims").is_dir()
        ):
            return folder
    raise WorkspaceNotFoundError(
        f"no claimref workspace in {here} or above it (a folder with bibliography/ and claims/, "
        f"or a {MARKER}); give one with --root or ${ENV_ROOT}"
    )


def display_path(path: Path) -> str:
    """``path`` relative to the current directory when it lies below it, else absolute."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_text(path: Path, shown: str = "") -> tuple[str, bytes, Finding | None]:
    """A file's text (UTF-8, BOM dropped), its bytes, and a finding if it is not valid UTF-8."""
    return _decode(path, path.read_bytes(), shown)


def _read_bytes(path: Path) -> tuple[bytes, os.stat_result]:
    """A file's bytes and its status before they were read, both through one open file (fewer
    system calls than ``stat`` and ``read_bytes``: a tenth of loading 50,000 small files)."""
    with open(path, "rb", buffering=0) as stream:
        stat = os.fstat(stream.fileno())
        return stream.readall(), stat


def _decode(path: Path, data: bytes, shown: str) -> tuple[str, bytes, Finding | None]:
    try:
        return data.decode("utf-8-sig"), data, None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        where = Location(shown or display_path(path), line)
        text = data.decode("utf-8", errors="replace")
        return text, data, Finding(where, f"not valid UTF-8 (byte {exc.start}): save it as UTF-8")


Parsed = bibtex.BibFile | claimfile.ClaimFile | peoplefile.PersonFile


def parse_file(path: Path, shown: str = "") -> tuple[Parsed, FileStamp]:
    """Parse one bibliography, claim or person file, naming it ``shown`` in findings (default: its
    :func:`display_path`); the unit a :class:`ParseCache` stores."""
    parsed, stamp, _ = _parse(path, shown)
    return parsed, stamp


def _parse(path: Path, shown: str) -> tuple[Parsed, FileStamp, os.stat_result]:
    """:func:`parse_file`, and the file's status as it was just before it was read."""
    data, stat = _read_bytes(path)
    text, data, problem = _decode(path, data, shown)
    shown = shown or display_path(path)
    parsed: Parsed
    if path.suffix == ".bib":
        parsed = bibtex.loads(text, shown)
    elif path.parent.name == "people":
        parsed = peoplefile.loads(text, shown, expected_id=path.stem)
    else:
        parsed = claimfile.loads(text, shown, expected_id=path.stem)
    if problem:
        parsed = replace(parsed, findings=(problem, *parsed.findings))
    return parsed, FileStamp.of(path, data, stat), stat


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


def load_workspace(root: Path | str | None = None, cache: ParseCache | None = None) -> Workspace:
    """Load ``bibliography/*.bib``, ``claims/*.yaml`` and ``people/*.yaml`` under ``root``
    (found from the current folder if None); ``cache`` spares parsing unchanged files."""
    with gc_paused():
        workspace = _load(root, cache)
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


def _load(root: Path | str | None, cache: ParseCache | None) -> Workspace:
    base = find_root(explicit=root) if root else find_root()
    findings: list[Finding] = []
    stamps: dict[Path, FileStamp] = {}
    parse_errors: set[Path] = set()
    sources: list[Source] = []
    bib_files: dict[str, bibtex.BibFile] = {}
    claims: list[Claim] = []
    people: list[Person] = []
    for path, shown in _files(base, findings):
        parsed, stamps[path] = _parse_cached(path, shown, cache)
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
    by_key = _index_sources(sources, findings)
    by_id = _index_by_id(claims, findings, "claim")
    by_person = _index_by_id(people, findings, "person")
    _check_links(by_id.values(), by_key, findings)
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
    folders are reported, not ignored."""
    paths: list[tuple[Path, str]] = []
    for folder, suffix in (("bibliography", ".bib"), ("claims", ".yaml"), ("people", ".yaml")):
        directory = base / folder
        if not directory.is_dir():
            continue
        shown = display_path(directory)
        for entry in sorted(os.scandir(directory), key=lambda e: e.name):
            if entry.name.startswith(".") or entry.is_dir():
                continue
            path = Path(entry.path)
            if entry.name.endswith(suffix):
                paths.append((path, os.path.join(shown, entry.name)))
            else:
                severity = (
                    Severity.ERROR if path.suffix in (".yml", ".bibtex") else Severity.WARNING
                )
                message = f"not read: files in {folder}/ must end in {suffix}"
                findings.append(
                    Finding(Location(display_path(path)), message, severity, "stray-file")
                )
    return paths


def _index_sources(sources: list[Source], findings: list[Finding]) -> dict[str, Source]:
    """Sources by key; a key used twice (also across files, or differing only in case) is an error."""
    by_key: dict[str, Source] = {}
    folded: dict[str, Source] = {}
    for source in sources:
        first = folded.get(source.key.casefold())
        if first is None:
            by_key[source.key] = folded[source.key.casefold()] = source
            continue
        same = "the same" if first.key == source.key else f"'{first.key}', differing only in case,"
        message = (
            f"cite key '{source.key}' is {same} as the key at {first.location} "
            "(citeproc treats keys without case); this entry is not used"
        )
        findings.append(Finding(source.location, message, rule="duplicate-key"))
    return dict(sorted(by_key.items()))


def _index_by_id(items: list[T], findings: list[Finding], kind: str) -> dict[str, T]:
    """Claims or people by id; an id used twice is an error at the second place."""
    by_id: dict[str, T] = {}
    for item in items:
        if item.id in by_id:
            message = f"{kind} id '{item.id}' is also used at {by_id[item.id].location}"
            findings.append(Finding(item.location, message, rule="duplicate-id"))
        else:
            by_id[item.id] = item
    return dict(sorted(by_id.items()))


def _check_links(
    claims: Iterable[Claim], sources: Mapping[str, Source], findings: list[Finding]
) -> None:
    folded = {key.casefold(): key for key in sources}
    for claim in claims:
        for link in claim.links:
            if link.source in sources:
                continue
            near = folded.get(link.source.casefold())
            hint = f" (did you mean '{near}'?)" if near else ""
            message = (
                f"claim '{claim.id}' links to '{link.source}', which is not in bibliography/{hint}"
            )
            findings.append(Finding(link.location, message, rule="missing-source"))
