"""biblatex's data inheritance, as biber applies it before anything is printed: an entry's
``crossref`` and ``xdata`` fields fill in the fields it lacks from the entries they name.

``crossref`` follows biblatex's default inheritance rules (manual, appendix B): a ``@book``'s
``title`` becomes an ``@inbook``'s ``booktitle``, its ``author`` the ``bookauthor`` too; an
``@mvbook``'s ``title`` becomes a volume's ``maintitle``; a ``@periodical``'s ``title`` an
``@article``'s ``journaltitle``; for other pairs every field is inherited as it is. Fields such as
``ids``, ``crossref``, ``shorthand`` and ``sortkey`` are never inherited. ``xdata`` inherits every
field as it is; ``@xdata`` entries are data, not works (:func:`is_work`). ``xref`` only names a
parent, as in biblatex: nothing is inherited through it. The child's own fields always win.
Pure functions on :class:`~claimref.model.Source` values; mapping to CSL is :mod:`.csljson`'s job.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from claimref.model import Name, Source

#: Fields no entry inherits (biblatex's ``\DefaultInheritance`` exceptions).
NEVER = frozenset(
    "ids crossref xref xdata entryset entrysubtype execute label options presort related "
    "relatedoptions relatedstring relatedtype shorthand shorthandintro sortkey".split()
)
_MAIN = {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon"}
_BOOK = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"}
_JOURNAL = {
    "title": "journaltitle",
    "subtitle": "journalsubtitle",
    "titleaddon": "journaltitleaddon",
}
_NO_SHORT = dict.fromkeys(("shorttitle", "sorttitle", "indextitle", "indexsorttitle"))
_BOOKS = ("inbook", "bookinbook", "suppbook")
_COLLECTED = ("incollection", "inreference", "suppcollection")
#: (parent types, child types, renamed fields: field → the child's field, None for none).
RULES: tuple[tuple[tuple[str, ...], tuple[str, ...], dict[str, str | None]], ...] = (
    (("mvbook",), ("book", *_BOOKS), {**_MAIN, **_NO_SHORT}),
    (("mvcollection", "mvreference"), ("collection", "reference", *_COLLECTED),
     {**_MAIN, **_NO_SHORT}),
    (("mvproceedings",), ("proceedings", "inproceedings"), {**_MAIN, **_NO_SHORT}),
    (("book",), _BOOKS, {**_BOOK, **_NO_SHORT}),
    (("collection", "reference"), _COLLECTED, {**_BOOK, **_NO_SHORT}),
    (("proceedings",), ("inproceedings",), {**_BOOK, **_NO_SHORT}),
    (("periodical",), ("article", "suppperiodical"), {**_JOURNAL, **_NO_SHORT}),
)  # fmt: skip
#: Author fields given a second name in the child: ``author`` is also the ``bookauthor``.
ALSO = {(("mvbook", "book"), _BOOKS): {"author": "bookauthor"}}
_KEYS = re.compile(r"\s*,\s*")


def is_work(source: Source) -> bool:
    """False for biblatex's ``@xdata`` entries (data for others, never listed or exported)."""
    return source.entry_type != "xdata"


def resolve(sources: Iterable[Source]) -> list[Source]:
    """``sources`` with what each inherits through ``crossref`` and ``xdata`` from the others of
    ``sources`` filled in (chains followed, loops cut); entries inheriting nothing are returned
    as they are."""
    chosen = list(sources)
    by_key = {source.key.lower(): source for source in chosen}
    by_key.update({source.key: source for source in chosen})  # exact keys first (biber's way)
    if not any(s.fields.get("crossref") or s.fields.get("xdata") for s in chosen):
        return chosen
    done: dict[str, Source] = {}
    return [_resolved(source, by_key, done, ()) for source in chosen]


def _resolved(source: Source, by_key: Mapping[str, Source], done: dict[str, Source],
              seen: tuple[str, ...]) -> Source:  # fmt: skip
    key = source.key
    if key in done:
        return done[key]
    if key in seen:  # a loop: stop here
        return source
    result = source
    for name in _KEYS.split(source.get("xdata").strip()) if source.get("xdata") else ():
        if (data := by_key.get(name) or by_key.get(name.lower())) is not None:
            result = inherit(result, _resolved(data, by_key, done, (*seen, key)), as_is=True)
    name = source.get("crossref").strip()
    parent = by_key.get(name) or by_key.get(name.lower())
    if parent is not None and parent is not source:
        result = inherit(result, _resolved(parent, by_key, done, (*seen, key)))
    done[key] = result
    return result


def inherit(child: Source, parent: Source, *, as_is: bool = False) -> Source:
    """``child`` with the fields and names it lacks taken from ``parent``, renamed by
    :data:`RULES` (``as_is``: not renamed, as through ``xdata``)."""
    renames = {} if as_is else _renames(parent.entry_type, child.entry_type)
    also = {} if as_is else _also(parent.entry_type, child.entry_type)
    fields, raw = dict(child.fields), dict(child.raw_values)
    names: dict[str, tuple[Name, ...]] = dict(child.names)
    for name in parent.fields:
        if name in NEVER:
            continue
        for target in (renames.get(name, name), also.get(name)):
            if target and target not in fields:
                fields[target] = parent.fields[name]
                raw[target] = parent.raw_values.get(name, parent.fields[name])
                if name in parent.names:
                    names[target] = parent.names[name]
    return dataclasses.replace(child, fields=MappingProxyType(fields),
                               raw_values=MappingProxyType(raw),
                               names=MappingProxyType(names))  # fmt: skip


def _renames(parent: str, child: str) -> dict[str, str | None]:
    for parents, children, renames in RULES:
        if parent in parents and child in children:
            return renames
    return {}


def _also(parent: str, child: str) -> dict[str, str]:
    for (parents, children), extra in ALSO.items():
        if parent in parents and child in children:
            return extra
    return {}
