"""What a reading command can use of a workspace that has errors, and what it leaves out.

The store loads everything it can and reports each problem as a finding; this module decides what of
that is safe to read from: a claim or person file with an error is left out whole (a bad link or
field may have been dropped from it, so what was read is not what the file says), and so is a
bibliography entry with an error in it (as biber does: a bad entry costs that entry, the rest of its
file is used), besides the blocks that could not be parsed at all. Links to a left-out entry then
stay unresolved. Printing the findings and choosing the exit code are the CLI's job; writing is not
done here.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeVar

from claimref.errors import Finding, Severity
from claimref.model import Claim, Person
from claimref.store import Workspace, display_path

if TYPE_CHECKING:
    from claimref.formats.bibtex import BibFile

__all__ = ["LeftOut", "usable_part"]

T = TypeVar("T", Claim, Person)


@dataclass(frozen=True)
class LeftOut:
    """What :func:`usable_part` did not use: files not read at all (as findings name them), and
    the bibliography entries or unparsable blocks of files that were read in part."""

    files: tuple[str, ...] = ()
    entries: int = 0
    keys: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.files or self.entries)

    def describe(self) -> str:
        """``1 file, 2 bibliography entries`` (or ``nothing``)."""
        parts = []
        if self.files:
            parts.append(f"{len(self.files)} file{'' if len(self.files) == 1 else 's'}")
        if self.entries:
            parts.append(f"{self.entries} bibliography entr{'y' if self.entries == 1 else 'ies'}")
        return ", ".join(parts) or "nothing"

    def summary(self, errors: int) -> str:
        """The closing line of a command that ran on the rest: ``claimref: 1 file left out
        (errors above)``."""
        noun = f"{errors} error{'' if errors == 1 else 's'}"
        if not self:
            return f"claimref: {noun} in the data (above); nothing left out"
        return f"claimref: {self.describe()} left out ({noun} above)"

    def why_missing(self, name: str) -> str | None:
        """Why a claim id or cite key ``name`` is not found, when it was left out."""
        path = next((p for p in self.files if Path(p).stem == name), None)
        if path is not None:
            return f"was left out: {path} has errors (above)"
        if name in self.keys:
            return "was left out: its bibliography entry has errors (above)"
        return None


def usable_part(ws: Workspace) -> tuple[Workspace, LeftOut]:
    """``ws`` without the claim and person files that have errors and without the bibliography
    entries that have them; the findings are kept as they are. Without errors, ``ws`` itself."""
    if not ws.errors:
        return ws, LeftOut()
    bad = {display_path(path) for path in ws.parse_errors}
    stray = {str(f.location) for f in ws.errors if f.rule == "stray-file"}
    bad_entries: set[tuple[str, int]] = set()
    blocks = 0
    for shown, parsed in ws.bib_files.items():
        if shown in bad:
            lines, unplaced = _bad_entries(parsed)
            bad_entries |= {(shown, line) for line in lines}
            blocks += unplaced
    sources = ws.sources
    if bad_entries:
        where = bad_entries
        sources = MappingProxyType(
            {k: s for k, s in sources.items() if (s.location.path, s.location.line) not in where}
        )
    usable = replace(
        ws, claims=_without(ws.claims, bad), people=_without(ws.people, bad), sources=sources
    )
    files = sorted((bad - set(ws.bib_files)) | stray)
    dropped = tuple(sorted(set(ws.sources) - set(sources))) if bad_entries else ()
    return usable, LeftOut(tuple(files), len(dropped) + blocks, dropped)


def _without(items: Mapping[str, T], paths: set[str]) -> Mapping[str, T]:
    """``items`` without those read from ``paths`` (the same mapping when there are none)."""
    drop = [key for key, item in items.items() if item.location.path in paths] if paths else []
    if not drop:
        return items
    kept = dict(items)
    for key in drop:
        del kept[key]
    return MappingProxyType(kept)


def _bad_entries(parsed: BibFile) -> tuple[set[int], int]:
    """The first lines of the entries an error falls within, and how many errors fall outside every
    entry (blocks that could not be parsed, each of them an entry or more lost)."""
    entries = sorted(parsed.sources, key=lambda s: s.location.line)
    starts = [s.location.line for s in entries]
    lines: set[int] = set()
    unplaced = 0
    for line in _error_lines(parsed.findings):
        index = bisect.bisect_right(starts, line) - 1
        entry = entries[index] if index >= 0 else None
        if entry is not None and line <= entry.location.line + entry.raw.count("\n"):
            lines.add(entry.location.line)
        else:
            unplaced += 1
    return lines, unplaced


def _error_lines(findings: Iterable[Finding]) -> list[int]:
    return [f.location.line for f in findings if f.severity is Severity.ERROR]
