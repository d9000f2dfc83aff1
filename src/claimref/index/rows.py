"""The rows that store one data file in the index: the file parsed by the store's parsers, and what it
parsed to turned into the values of the tables' columns (the model values as JSON, :mod:`codec`).

This runs once per file in a cold build, most of it in the forked workers
(:mod:`claimref.index.workers`), so it is kept lean: each file's path stays a string, the JSON of a
file without findings is not encoded, and the helpers of the other modules are looked up once.
Comparing files with the index and writing the rows are :mod:`claimref.index.refresh`'s business.
"""

from __future__ import annotations

import functools
import os
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NamedTuple

from claimref import citekey
from claimref.errors import Severity
from claimref.index import codec
from claimref.store import _parse

if TYPE_CHECKING:
    from claimref.model import Claim
    from claimref.safewrite import FileStamp
    from claimref.store import Parsed

__all__ = ["Rows", "fields", "parsed_rows", "rows_of", "signature"]

ERROR = Severity.ERROR


class Rows(NamedTuple):
    """One file's rows: its row of ``files`` (less the id and signature), those of the table of
    its kind (``children``: sources, one claim with its links, or one person), its signature and
    mtime (a file modified just before it was read is stored as racy)."""

    path: str
    file: tuple[Any, ...]
    children: list[tuple[Any, ...]]
    kind: str
    sig: str
    mtime_ns: int


def signature(shown: str, status: os.stat_result) -> str:
    """What must stay the same for a file's rows to stand: its name in findings, size, mtime,
    ctime (which no program sets back: it catches a rewrite that kept size and mtime, as ``cp
    -p`` does) and inode."""
    return f"{shown}\0{status.st_size}\0{status.st_mtime_ns}\0{status.st_ctime_ns}\0{status.st_ino}"


def parsed_rows(path: str, shown: str) -> Rows | None:
    """Parse ``path`` and turn it into rows; None when it cannot be read."""
    try:
        parsed, stamp, status = _parse(path, shown)
    except OSError:
        return None
    return rows_of(path, shown, parsed, stamp, status)


def fields(path: str, shown: str) -> list[Any] | None:
    """:func:`parsed_rows` as a plain list (what a worker sends: ``marshal`` takes no tuple
    subclass)."""
    rows = parsed_rows(path, shown)
    return None if rows is None else list(rows)


@functools.cache
def _helpers() -> SimpleNamespace:
    """The functions that derive the columns, from the modules that own them (imported when the
    first file is stored: a look-up in the index needs none of them)."""
    from claimref.partial import _bad_entries  # noqa: PLC0415
    from claimref.query import is_tertiary, people_text, supporting_works  # noqa: PLC0415
    from claimref.reference import listed  # noqa: PLC0415
    from claimref.search import folded, own_text, source_text  # noqa: PLC0415
    from claimref.translit import fold  # noqa: PLC0415

    return SimpleNamespace(
        bad_entries=_bad_entries,
        is_tertiary=is_tertiary, people_text=people_text, supporting_works=supporting_works,
        folded=folded, own_text=own_text, source_text=source_text, fold=fold, listed=listed,
    )  # fmt: skip


def rows_of(
    path: str, shown: str, parsed: Parsed, stamp: FileStamp, status: os.stat_result
) -> Rows:
    """The rows that store one parsed file."""
    from claimref.formats.bibtex import BibFile  # noqa: PLC0415  (the parsers are loaded)
    from claimref.formats.peoplefile import PersonFile  # noqa: PLC0415

    found = parsed.findings
    error = any(f.severity is ERROR for f in found)
    findings = codec.dumps([codec.finding(f, shown) for f in found]) if found else "[]"
    name = os.path.basename(path)
    extra = None
    children: list[tuple[Any, ...]]
    if isinstance(parsed, BibFile):
        kind, children, extra = "bib", *_bib_rows(name, shown, parsed)
    elif isinstance(parsed, PersonFile):
        kind = "person"
        person = parsed.person
        children = [] if person is None else [
            (name, person.id, int(error), codec.dumps(codec.person(person, shown)))
        ]  # fmt: skip
    else:
        kind = "claim"
        claim = parsed.claim
        children = [] if claim is None else [_claim_row(name, shown, claim, error)]
    file = (path, kind, name, shown, codec.stamp_text(stamp), findings, int(error), extra)
    return Rows(path, file, children, kind, signature(shown, status), status.st_mtime_ns)


def _bib_rows(name: str, shown: str, parsed: Any) -> tuple[list[tuple[Any, ...]], str]:
    use = _helpers()
    bad_lines, unplaced = use.bad_entries(parsed)
    children = [
        (name, pos, s.key, citekey.fold(s.key), (s.language or "").split("-")[0],
         int(use.is_tertiary(s)), int(s.location.line in bad_lines), use.source_text(s),
         codec.dumps(use.listed(s)), codec.dumps(codec.source(s, shown)))
        for pos, s in enumerate(parsed.sources)
    ]  # fmt: skip
    strings = [[d.key, d.value, d.raw, codec.location(d.location, shown)] for d in parsed.strings]
    extra = codec.dumps({"strings": strings, "preambles": list(parsed.preambles),
                         "unplaced": unplaced})  # fmt: skip
    return children, extra


def _claim_row(name: str, shown: str, claim: Claim, error: bool) -> tuple[Any, ...]:
    use = _helpers()
    links = [(link.source, int(link.verified is not None)) for link in claim.links]
    # the tags folded at once: folding works character by character, and a line break (a
    # character that nothing combines with) stays itself and keeps them apart
    return (name, claim.id, claim.reliability.status.value, use.supporting_works(claim),
            int(error), use.own_text(claim), use.folded(" | ".join(claim.places)),
            use.people_text(claim), use.fold("\n".join(claim.tags)),
            codec.dumps(codec.claim(claim, shown)), links)  # fmt: skip
