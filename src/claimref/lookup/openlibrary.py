"""A book by its ISBN from Open Library: the edition record, its authors' names, mapped to a @book.

Open Library's ISBN API (``/isbn/{isbn}.json``) redirects to the edition's record
(``/books/OL…M.json``). An edition names its authors only by key (``{"key": "/authors/OL…A"}``), and
some editions name none, leaving them to their work (``/works/OL…W.json``); each author's record
(``/authors/OL…A.json``) gives the name. So a lookup makes two to a few requests, all within the
one time budget of :class:`~claimref.lookup.client.Fetcher`. The edition's language (a MARC code,
``{"key": "/languages/lav"}``) becomes ``langid`` by :data:`MARC_LANGIDS`; a language not in that
table is said, not guessed. This module reads what Open Library says and does not check it against
anything else; writing the entry is :mod:`~claimref.lookup.adding`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from claimref.lookup.client import OPEN_LIBRARY, Fetcher, LookupFailedError, NotFoundError
from claimref.lookup.found import Found, make_source, person
from claimref.lookup.identifiers import hyphenated
from claimref.model import Name

#: MARC language codes (as Open Library's ``/languages/…`` keys use them) → biblatex ``langid``;
#: the languages of claimref's own language table (``model.LANGUAGE_NAMES``), with the obsolete MARC
#: codes still found in old records (``scr`` Croatian, ``scc`` Serbian).
MARC_LANGIDS: Mapping[str, str] = MappingProxyType({
    "lav": "latvian", "rus": "russian", "eng": "english", "ukr": "ukrainian", "bel": "belarusian",
    "lit": "lithuanian", "est": "estonian", "ger": "german", "fre": "french", "pol": "polish",
    "fin": "finnish", "swe": "swedish", "heb": "hebrew", "yid": "yiddish", "ita": "italian",
    "spa": "spanish", "lat": "latin", "gre": "greek", "cze": "czech", "slo": "slovak",
    "slv": "slovene", "hrv": "croatian", "scr": "croatian", "srp": "serbian", "scc": "serbian",
    "bul": "bulgarian", "mac": "macedonian", "hun": "hungarian", "rum": "romanian", "dut": "dutch",
    "dan": "danish", "nor": "norwegian", "nob": "norwegian", "nno": "nynorsk", "ice": "icelandic",
    "por": "portuguese", "cat": "catalan", "baq": "basque", "glg": "galician", "gle": "irish",
    "wel": "welsh", "tur": "turkish", "ara": "arabic", "jpn": "japanese", "chi": "chinese",
    "kor": "korean",
})  # fmt: skip
#: Most author records read for one book (each is one request).
MAX_AUTHORS = 12
_AUTHOR_KEY = re.compile(r"/authors/OL\d+A")
_WORK_KEY = re.compile(r"/works/OL\d+W")
_MONTHS = ("january february march april may june july august september october november "
           "december").split()  # fmt: skip


def look_up(isbn: str, fetcher: Fetcher) -> Found:
    """The @book Open Library has for ``isbn`` (13 digits, already validated)."""
    shown = f"ISBN {hyphenated(isbn)}"
    path = f"/isbn/{isbn}.json"
    try:
        edition = fetcher.get_json(OPEN_LIBRARY, path)
    except NotFoundError:
        raise NotFoundError(f"Open Library has no record for {shown} "
                            f"({OPEN_LIBRARY.base_url}{path}, HTTP 404)") from None  # fmt: skip
    if not isinstance(edition, dict) or not isinstance(edition.get("title"), str):
        raise LookupFailedError(f"Open Library's answer for {shown} is not an edition record "
                                f"(no title) ({OPEN_LIBRARY.base_url}{path})")  # fmt: skip
    names, notes = author_names(fetcher, edition)
    where = OPEN_LIBRARY.base_url + str(edition.get("key") or path)
    return edition_found(edition, names, isbn, where, notes)


def author_names(fetcher: Fetcher, edition: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The names of the edition's authors (else its work's), and notes on those left out."""
    keys = _keys(edition.get("authors"))
    notes: list[str] = []
    if not keys:
        works = _keys(edition.get("works"), _WORK_KEY)
        if works:
            work = fetcher.get_json(OPEN_LIBRARY, f"{works[0]}.json")
            keys = _keys(work.get("authors") if isinstance(work, dict) else None)
    if len(keys) > MAX_AUTHORS:
        notes.append(f"{len(keys)} authors: only the first {MAX_AUTHORS} were read")
        keys = keys[:MAX_AUTHORS]
    names = []
    for key in keys:
        record = fetcher.get_json(OPEN_LIBRARY, f"{key}.json")
        name = record.get("name") if isinstance(record, dict) else None
        if isinstance(name, str) and name.strip():
            names.append(name)
        else:
            notes.append(f"author {key} has no name in Open Library: left out")
    return names, notes


def _keys(items: Any, pattern: re.Pattern[str] = _AUTHOR_KEY) -> list[str]:
    """The keys in ``[{"key": …}]`` (an edition's) or ``[{"author": {"key": …}}]`` (a work's) that
    have the form ``pattern`` wants (so that a record cannot send the client elsewhere)."""
    keys: list[str] = []
    for item in items if isinstance(items, list) else []:
        inner = item.get("author", item) if isinstance(item, dict) else None
        key = inner.get("key") if isinstance(inner, dict) else None
        if isinstance(key, str) and pattern.fullmatch(key) and key not in keys:
            keys.append(key)
    return keys


def edition_found(edition: Mapping[str, Any], authors: list[str], isbn: str, url: str,
                  notes: list[str] | None = None) -> Found:  # fmt: skip
    """An Open Library edition record (with its authors' names) as a @book."""
    notes = list(notes or [])
    fields = {"title": _text(edition.get("title")), "subtitle": _text(edition.get("subtitle")),
              "publisher": " and ".join(_texts(edition.get("publishers"))),
              "location": " and ".join(_texts(edition.get("publish_places"))),
              "date": edtf(_text(edition.get("publish_date"))), "isbn": hyphenated(isbn),
              "langid": _langid(edition.get("languages"), notes)}  # fmt: skip
    series = _texts(edition.get("series"))
    if series:
        fields["series"] = series[0]
    pages = edition.get("number_of_pages")
    if isinstance(pages, int) and pages > 0:
        fields["pagetotal"] = str(pages)
    if _text(edition.get("publish_date")) and not fields["date"]:
        notes.append(f"publish date '{edition['publish_date']}' not understood: date left out")
    people: dict[str, tuple[Name, ...]] = {"author": tuple(person(n) for n in authors)}
    source = make_source("book", fields, people, f"ISBN {hyphenated(isbn)}")
    return Found(source, "Open Library", f"ISBN {hyphenated(isbn)}", url, tuple(notes))


def _langid(languages: Any, notes: list[str]) -> str:
    """The langid of the first language, by :data:`MARC_LANGIDS`; notes on the rest."""
    items = languages if isinstance(languages, list) else []
    keys = _texts([item.get("key") for item in items if isinstance(item, dict)])
    codes = [key.rsplit("/", 1)[-1] for key in keys]
    if not codes:
        return ""
    if len(codes) > 1:
        notes.append(f"languages {', '.join(codes)}: langid set from the first")
    name = MARC_LANGIDS.get(codes[0], "")
    if not name:
        notes.append(f"language '{codes[0]}' is not in claimref's table: langid not set")
    return name


def edtf(text: str) -> str:
    """Open Library's free-text date (``2006``, ``December 1992``, ``12 January 2002``, ``January
    12, 2002``, ``2002-01-12``) as EDTF; the year alone when the rest is not understood."""
    iso = re.fullmatch(r"(\d{4})(-\d{2}(-\d{2})?)?", text.strip())
    if iso:
        return iso.group(0)
    year = re.search(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?!\d)", text)
    if not year:
        return ""
    words = re.findall(r"[A-Za-z]+|\d+", text.replace(year.group(1), " ", 1))
    month = next((_MONTHS.index(w.lower()) + 1 for w in words if w.lower() in _MONTHS), 0)
    days = [int(w) for w in words if w.isdigit() and 1 <= int(w) <= 31]
    if not month:
        return year.group(1)
    day = f"-{days[0]:02d}" if len(days) == 1 else ""
    return f"{year.group(1)}-{month:02d}{day}"


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _texts(values: Any) -> list[str]:
    return [t for t in (_text(v) for v in values) if t] if isinstance(values, list) else []
