"""Check rules on single sources: required fields, ISBN, DOI, language, dates, suspicious values.

Each rule looks at one entry at a time (plus, for ``unused-source``, the claims citing it). Problems
that need pairs of entries (duplicate works, shared ISBNs) are in :mod:`claimref.validate.duplicates`;
BibTeX syntax is the loader's (:mod:`claimref.validate.loading`). Nothing here reads files.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from stdnum import isbn
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

from claimref.errors import Severity
from claimref.model import Location, Source
from claimref.store import Workspace
from claimref.usertext import clip
from claimref.validate.languages import known_language
from claimref.validate.registry import Problem, RuleSet

rules = RuleSet()
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

_DATED = ("year", "date")
#: Required fields per entry type (biblatex manual, 2.1.1); a tuple means "one of these".
#: BibTeX aliases count: ``journal`` for ``journaltitle``, ``school`` for ``institution``.
_TITLED = ("title", _DATED)
REQUIRED: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "article": (("author",), ("journaltitle", "journal"), *_TITLED),
    "book": (("author", "editor"), *_TITLED),
    "mvbook": (("author", "editor"), *_TITLED),
    "inbook": (("author",), ("booktitle",), *_TITLED),
    "bookinbook": (("author",), ("booktitle",), *_TITLED),
    "suppbook": (("author",), ("booktitle",), *_TITLED),
    "booklet": (("author", "editor"), *_TITLED),
    "collection": (("editor",), *_TITLED),
    "mvcollection": (("editor",), *_TITLED),
    "incollection": (("author",), ("booktitle",), *_TITLED),
    "suppcollection": (("author",), ("booktitle",), *_TITLED),
    "dataset": (("author", "editor"), *_TITLED),
    "manual": (("author", "editor"), *_TITLED),
    "misc": (("author", "editor"), *_TITLED),
    "online": (("author", "editor"), *_TITLED, ("url", "doi", "eprint")),
    "patent": (("author",), ("number",), *_TITLED),
    "periodical": (("editor",), *_TITLED),
    "proceedings": _TITLED,
    "mvproceedings": _TITLED,
    "inproceedings": (("author",), ("booktitle",), *_TITLED),
    "reference": (("editor",), *_TITLED),
    "mvreference": (("editor",), *_TITLED),
    "inreference": (("author",), ("booktitle",), *_TITLED),
    "report": (("author",), ("type",), ("institution", "school"), *_TITLED),
    "thesis": (("author",), ("type",), ("institution", "school"), *_TITLED),
    "unpublished": (("author",), *_TITLED),
    "software": (("author", "editor"), *_TITLED),
}
ALIASES = {
    "conference": "inproceedings",
    "electronic": "online",
    "www": "online",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "techreport": "report",
}
#: The aliases that imply the ``type`` field.
_TYPED = frozenset({"mastersthesis", "phdthesis", "techreport"})
#: Entry types for a whole published work, which normally has an ISBN of its own.
WHOLE_BOOKS = frozenset(
    "book mvbook collection mvcollection proceedings mvproceedings reference mvreference".split()
)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:)", re.IGNORECASE)
_SWALLOWED = re.compile(r"\b([A-Za-z][\w-]*)\s*=\s*[{\"]")
_DATE_PART = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2})(?:T[\d:]+Z?)?)?)?[?~%]?$")
_ISBN_ERRORS: dict[type[ValidationError], str] = {
    InvalidLength: "wrong length (an ISBN has 10 or 13 digits)",
    InvalidFormat: "bad characters (digits, hyphens and a final X only)",
    InvalidChecksum: "bad check digit",
    InvalidComponent: "an ISBN-13 must start with 978 or 979",
}


def field_location(source: Source, name: str) -> Location:
    """The line and column of field ``name`` in the entry as written (the entry's when not found)."""
    match = re.search(rf"^[ \t]*({re.escape(name)})\s*=", source.raw, re.IGNORECASE | re.MULTILINE)
    if not match:
        return source.location
    offset = source.raw.count("\n", 0, match.start(1))
    column = match.start(1) - source.raw.rfind("\n", 0, match.start(1))
    column += max(source.location.column - 1, 0) if offset == 0 else 0
    return Location(source.location.path, source.location.line + offset, column)


def isbn_values(source: Source) -> list[str]:
    """The ISBNs given in the ``isbn`` field (several may be separated by ``,`` or ``;``)."""
    return [part.strip() for part in re.split(r"[,;]", source.get("isbn")) if part.strip()]


@rules.rule(
    "required-fields",
    ERROR,
    "a field the biblatex data model requires for the entry type "
    "is missing (e.g. a book needs author or editor, title, and year or date)",
)
def required_fields(ws: Workspace) -> Iterator[Problem]:
    for source in ws.sources.values():
        required = REQUIRED.get(ALIASES.get(source.entry_type, source.entry_type), ())
        for needed in required:
            options = (needed,) if isinstance(needed, str) else needed
            if options == ("type",) and source.entry_type in _TYPED:
                continue
            if not any(source.get(name).strip() for name in options):
                wanted = " or ".join(options)
                yield source.location, f"{clip(source.key)}: @{source.entry_type} needs {wanted}"


@rules.rule(
    "isbn-invalid",
    ERROR,
    "an ISBN of the wrong length, with bad characters, or with a bad check digit",
)
def isbn_invalid(ws: Workspace) -> Iterator[Problem]:
    for source in ws.sources.values():
        for value in isbn_values(source):
            try:
                isbn.validate(value)
            except ValidationError as exc:
                reason = _ISBN_ERRORS.get(type(exc), str(exc))
                yield (
                    field_location(source, "isbn"),
                    f"{clip(source.key)}: ISBN '{clip(value)}': {reason}",
                )


@rules.rule(
    "isbn-missing",
    INFO,
    "a book without an ISBN (normal for books before about 1970, Soviet-era ones included)",
)
def isbn_missing(ws: Workspace) -> Iterator[Problem]:
    for source in ws.sources.values():
        if source.entry_type in WHOLE_BOOKS and not source.get("isbn").strip():
            yield source.location, f"{clip(source.key)}: @{source.entry_type} has no ISBN"


@rules.rule("doi-syntax", ERROR, "a DOI that is not of the form 10.NNNN/suffix")
def doi_syntax(ws: Workspace) -> Iterator[Problem]:
    for source in ws.sources.values():
        value = source.get("doi").strip()
        if not value or _DOI.match(value):
            continue
        hint = " (give the bare DOI, without the resolver)" if _DOI_PREFIX.match(value) else ""
        yield (
            field_location(source, "doi"),
            f"{clip(source.key)}: DOI '{clip(value)}' is not 10.NNNN/…{hint}",
        )


@rules.rule(
    "language-unknown",
    ERROR,
    "langid or language is not a known language name or "
    "BCP 47 code (latvian, russian, english; lv, ru, en…)",
)
def language_unknown(ws: Workspace) -> Iterator[Problem]:
    for source in ws.sources.values():
        for name, value in _languages(source):
            if not known_language(value):
                message = f"{clip(source.key)}: {name} '{clip(value)}' is not a known language"
                yield field_location(source, name), message


def _languages(source: Source) -> Iterator[tuple[str, str]]:
    """(field, value) for ``langid`` and each language of ``language`` (``russian and latvian``)."""
    if source.get("langid").strip():
        yield "langid", source.get("langid").strip()
    for value in re.split(r"\s+and\s+", source.get("language")):
        if value.strip():
            yield "language", value.strip()


@rules.rule(
    "date-invalid",
    ERROR,
    "a year or date that is not a date (YYYY, YYYY-MM-DD, or a range START/END)",
)
def date_invalid(ws: Workspace) -> Iterator[Problem]:
    for source in ws.sources.values():
        year = source.get("year").strip()
        if year and not re.fullmatch(r"-?\d{1,4}", year):
            yield (
                field_location(source, "year"),
                f"{clip(source.key)}: year '{clip(year)}' is not a year",
            )
        for name in ("date", "origdate", "eventdate", "urldate"):
            value = source.get(name).strip()
            if value and not is_biblatex_date(value):
                message = (
                    f"{clip(source.key)}: {name} '{clip(value)}' is not YYYY, YYYY-MM, "
                    "YYYY-MM-DD or A/B"
                )
                yield field_location(source, name), message


def is_biblatex_date(value: str) -> bool:
    """True for a biblatex date: ISO 8601 / EDTF dates and ranges, open ends (``1943/``) included."""
    parts = value.split("/")
    if len(parts) > 2 or not any(p not in ("", "..") for p in parts):
        return False
    return all(p in ("", "..") or _real_date(p) for p in parts)


def _real_date(part: str) -> bool:
    match = _DATE_PART.match(part)
    if not match:
        return False
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        datetime.date(max(year, 1), month, day)
    except ValueError:
        return False
    return True


@rules.rule(
    "swallowed-field",
    ERROR,
    "a value holding '= {' or '= \"': a missing comma made the next field part of this one",
)
def swallowed_field(ws: Workspace) -> Iterator[Problem]:
    for source in ws.sources.values():
        for name, value in source.raw_values.items():
            match = _SWALLOWED.search(value)
            if match:
                message = f"{clip(source.key)}: field '{name}' holds '{clip(match.group(0))}…'"
                yield field_location(source, name), f"{message}: is a comma missing before it?"


@rules.rule("empty-value", WARNING, "a field with an empty value (fill it in or leave it out)")
def empty_value(ws: Workspace) -> Iterator[Problem]:
    for source in ws.sources.values():
        for name, value in source.raw_values.items():
            if not value.strip():
                yield field_location(source, name), f"{clip(source.key)}: field '{name}' is empty"


@rules.rule("unused-source", INFO, "a source that no claim links to")
def unused_source(ws: Workspace) -> Iterator[Problem]:
    cited = ws.citation_counts()
    for source in ws.sources.values():
        if source.key not in cited:
            yield source.location, f"{clip(source.key)}: no claim links to this source"
