"""citeproc-py's references and citation items made from CSL-JSON, with two of its gaps closed:
name variables it does not know (``compiler``, ``container-author``…) are read as names, seasons
(months 21–24) become the season it prints as a term; and two of its costs cut: a reference looks up
its variables with dict's own lookup, an item holds its reference as a plain attribute. Rendering
them is :mod:`claimref.render.engine`'s job.
"""

from __future__ import annotations

import warnings
from typing import Any

from citeproc.source import CitationItem, Reference, VariableError
from citeproc.source.json import CiteProcJSON

__all__ = ["DATE_VARIABLES", "NAME_VARIABLES", "FastItem", "FastReference", "read_items"]

#: Every CSL 1.0.2 name variable (citeproc-py knows only some).
NAME_VARIABLES = frozenset(
    "author chair collection-editor compiler composer container-author contributor curator director "
    "editor editor-translator editorial-director executive-producer guest host illustrator "
    "interviewer narrator organizer original-author performer producer recipient reviewed-author "
    "script-writer series-creator translator".split()
)
DATE_VARIABLES = frozenset(
    "accessed available-date event-date issued original-date submitted".split()
)


class FastItem(CitationItem):  # type: ignore[misc]
    """A citation item holding its reference as a plain attribute (citeproc-py looks it up through
    two properties and a dict for every variable, a fifth of the rendering time)."""

    reference: Reference = None  # shadows citeproc-py's property; each item sets its own

    def __init__(self, key: str, reference: Reference, **options: Any) -> None:
        super().__init__(key, **options)
        object.__setattr__(self, "reference", reference)


class FastReference(Reference):  # type: ignore[misc]
    """citeproc-py's reference with dict's own lookup (a missing variable still raises
    ``VariableError``) and its type as an attribute: both are asked for on every element."""

    __getitem__ = dict.__getitem__

    def __init__(self, key: str, kind: str, **data: Any) -> None:
        super().__init__(key, kind, **data)
        object.__setattr__(self, "type", kind)

    def __missing__(self, key: str) -> Any:
        raise VariableError


class _Source(CiteProcJSON):  # type: ignore[misc]
    """citeproc-py's CSL-JSON reader, reading every CSL name variable as names."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        super().__init__([])
        for item in items:
            data: dict[str, Any] = {}
            for key, value in item.items():
                if key in ("id", "type", "custom"):  # custom: CSL-JSON's data for no variable
                    continue
                name = key.replace("-", "_")
                if key in NAME_VARIABLES:  # under both spellings: citeproc-py looks up both
                    data[name] = data[key] = self.parse_names(value)
                elif key in DATE_VARIABLES:
                    data[name] = self.parse_date(_season(value))
                else:
                    data[name] = value if key == "language" else self.parse_string(value)
            self.add(FastReference(str(item["id"]), item["type"], **data))


def _season(value: Any) -> Any:
    """A CSL-JSON date whose month is 21–24 (a season, as Zotero and EDTF write it) with the
    season set instead, which citeproc-py prints as the locale's season term."""
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if parts and len(parts) == 1 and len(parts[0]) == 2 and 21 <= int(parts[0][1]) <= 24:
        return {**value, "date-parts": [[parts[0][0]]], "season": int(parts[0][1]) - 20}
    return value


def read_items(items: list[dict[str, Any]]) -> CiteProcJSON:
    """citeproc-py's source of ``items`` (CSL-JSON), every name variable read as names."""
    with warnings.catch_warnings():  # "unsupported" name variables such as compiler are fine
        warnings.simplefilter("ignore", UserWarning)
        return _Source(items)
