"""Add a source by ISBN or DOI: check it, refuse a work the workspace has, look it up, write it.

:func:`find` checks the identifier (no request for a malformed one), refuses when an entry of the
workspace already has that ISBN or DOI (unless ``force``), and asks the catalogue
(:mod:`~claimref.lookup.openlibrary` for an ISBN, :mod:`~claimref.lookup.crossref` for a DOI).
:func:`add_found` writes what was found exactly as ``claimref source add`` writes a snippet
(:func:`claimref.edit.sources.source_add`: the workspace's key pattern, the lock, the transaction,
the checks ``claimref check`` would make, the atomic write). Existing entries are found by scanning
the raw ``.bib`` texts for ``isbn``/``doi`` fields, as keys are found (:mod:`claimref.edit.bibkeys`),
without loading the workspace; ISBNs are compared in their ISBN-13 form and DOIs without case or
resolver prefix (:mod:`claimref.duplicates`). A part of a book (a chapter) shares its book's ISBN, so
ISBNs are compared only between whole works. Confirming with the user is the command line's job.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from claimref.duplicates import doi_key, isbn_key
from claimref.edit.bibedit import scan_keys
from claimref.edit.bibkeys import bib_files, read_bib
from claimref.edit.sources import Added, source_add
from claimref.errors import ClaimrefError
from claimref.lookup import crossref, identifiers, openlibrary
from claimref.lookup.client import Fetcher
from claimref.lookup.found import Found
from claimref.safewrite import shown

#: Entry types that are part of a larger work and carry that work's ISBN.
PART_TYPES = frozenset({"incollection", "inbook", "inproceedings", "inreference", "suppbook",
                        "suppcollection", "bookinbook", "article"})  # fmt: skip
#: An ``isbn`` or ``doi`` field and its braced, quoted or bare-number value, anywhere in an entry.
_FIELD = re.compile(r"(?<![\w-])(isbn|doi)\s*=\s*(?:[{\"]([^{}\"]*)[}\"]|(\d+))", re.IGNORECASE)


class DuplicateWorkError(ClaimrefError):
    """The workspace already has an entry with the ISBN or DOI asked for."""


@dataclass(frozen=True)
class Twin:
    """An entry of the workspace with the same ISBN or DOI: its key, file, line and which."""

    key: str
    path: Path
    line: int
    same: str

    def __str__(self) -> str:
        return f"'{self.key}' ({shown(self.path)}:{self.line}) has the same {self.same}"


def twins(root: Path, isbn: str = "", doi: str = "", whole: bool = True) -> list[Twin]:
    """The entries with ``isbn`` (compared only with whole works, and only when ``whole``) or
    ``doi``, in file order."""
    wanted = {"isbn": isbn_key(isbn) if isbn and whole else "", "doi": doi_key(doi) if doi else ""}
    found: list[Twin] = []
    for path in bib_files(root):
        text = read_bib(path)
        heads = scan_keys(text)
        starts = [hit.start for hit in heads]
        for match in _FIELD.finditer(text):
            name = match.group(1).lower()
            compare = isbn_key if name == "isbn" else doi_key
            index = bisect.bisect_right(starts, match.start()) - 1
            value = match.group(2) if match.group(2) is not None else match.group(3)
            if not wanted[name] or index < 0 or compare(value) != wanted[name]:
                continue
            head = heads[index]
            if name == "isbn" and head.entry_type in PART_TYPES:
                continue
            found.append(Twin(head.key, path, head.line, name.upper()))
    return found


def refuse_twins(root: Path, isbn: str = "", doi: str = "", whole: bool = True) -> None:
    """Raise :class:`DuplicateWorkError` when :func:`twins` finds any."""
    same = twins(root, isbn, doi, whole)
    if same:
        what = f"ISBN {identifiers.hyphenated(isbn_key(isbn))}" if same[0].same == "ISBN" else \
            f"DOI {doi}"  # fmt: skip
        listed = "; ".join(str(twin) for twin in same)
        raise DuplicateWorkError(f"{what} is already in the workspace: {listed}; not added "
                                 "(--force adds it all the same)")  # fmt: skip


def find(root: Path, *, isbn: str | None = None, doi: str | None = None, force: bool = False,
         fetcher: Fetcher | None = None) -> Found:  # fmt: skip
    """Look up one identifier (``isbn`` or ``doi``), refusing a work the workspace has first."""
    if (isbn is None) == (doi is None):
        raise ClaimrefError("look up one identifier: an ISBN or a DOI")
    if isbn is not None:
        digits = identifiers.isbn13(isbn)
        if not force:
            refuse_twins(root, isbn=digits)
        found = openlibrary.look_up(digits, fetcher or Fetcher())
    else:
        name = identifiers.doi(doi or "")
        if not force:
            refuse_twins(root, doi=name)
        found = crossref.look_up(name, fetcher or Fetcher())
    if not force:
        refuse_found(root, found)
    return found


def refuse_found(root: Path, found: Found) -> None:
    """Refuse ``found`` when an entry has its ISBN (a whole work) or DOI."""
    source = found.source
    refuse_twins(root, source.get("isbn"), source.get("doi"), source.entry_type not in PART_TYPES)


def add_found(root: Path, found: Found, *, key: str | None = None, into: str | None = None,
              dry_run: bool = False, force: bool = False) -> Added:  # fmt: skip
    """Write ``found`` as ``claimref source add`` writes a snippet (keyed by the workspace's pattern
    unless ``key``), refusing a work the workspace has unless ``force``."""
    if not force:
        refuse_found(root, found)
    return source_add(root, found.entry, found.name, key=key, into=into, dry_run=dry_run)
