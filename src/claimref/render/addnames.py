"""``disambiguate-add-names`` as citeproc-js applies it: works whose citations read alike up to
"et al." ("Ramsauer et al., 2020" twice) show more names, as many as tell them apart ("Ramsauer,
Schäfl, …, Adler, et al." and "…, Pavlović, et al."), in their citations and, as citeproc-js
prints them, in their reference-list entries too.

Decided from the CSL-JSON items and a few options read from the style file's ``cs:citation`` (no
engine needed, so the count can be part of the item before the entry cache looks it up: an entry
that shows more names because of another work is cached as such). The count is stored in the item
under :data:`NAMES_SHOWN`; :class:`claimref.render.elements.Name` reads it (:func:`shown_names`,
:func:`et_al_option`) while rendering. A citation's other parts are compared as the style shows
them: the years (author-date styles that add year suffixes), the title (note styles), or nothing
(MLA). Given names are not compared: adding them is :mod:`.disambiguate`'s part.
"""

from __future__ import annotations

import contextvars
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from claimref.render.disambiguate import (
    CREATOR_VARIABLES,
    GIVENNAME,
    GivenNames,
    first_names,
    years,
)
from claimref.render.styles import StyleFile

#: The item key holding how many names of its first name variable every rendering shows at least.
NAMES_SHOWN = "claimref-names"
#: While a name list renders: how many names it must show (0: as the style says) and how many it has.
SHOWN: contextvars.ContextVar[tuple[int, int]] = contextvars.ContextVar("shown", default=(0, 0))
_ATTRIBUTE = re.compile(rb'([\w-]+)="([^"]*)"')


@dataclass(frozen=True)
class Options:
    """What add-names needs of a style: whether it adds names, its citation's et-al options and
    what else its citations show (``years``, ``title`` or nothing)."""

    adds_names: bool
    et_al_min: int
    et_al_use_first: int
    also: str
    givenname: str


@functools.lru_cache(maxsize=16)
def style_options(style: StyleFile) -> Options:
    """The :class:`Options` of a style, read from the start tags of its ``cs:style`` and
    ``cs:citation`` (citation attributes first)."""
    text = style.path.read_bytes()
    attributes: dict[str, str] = {}
    for tag in (b"<style", b"<citation"):
        start = text.find(tag + b" ")
        if start >= 0:
            found = _ATTRIBUTE.findall(text[start : text.find(b">", start)])
            attributes.update((k.decode(), v.decode()) for k, v in found)
    note = attributes.get("class") == "note"
    suffixes = attributes.get("disambiguate-add-year-suffix") == "true"
    return Options(
        adds_names=attributes.get("disambiguate-add-names") == "true",
        et_al_min=int(attributes.get("et-al-min", 0) or 0),
        et_al_use_first=int(attributes.get("et-al-use-first", 0) or 0),
        also="title" if note else "years" if suffixes else "",
        givenname=attributes.get("givenname-disambiguation-rule", "by-cite")
        if attributes.get("disambiguate-add-givenname") == "true"
        else "",
    )


def with_names_shown(items: list[dict[str, Any]], style: StyleFile) -> list[dict[str, Any]]:
    """``items``, those that must show more names (:func:`names_to_show`) as copies holding the
    count under :data:`NAMES_SHOWN`."""
    options = style_options(style)
    if not options.adds_names or not options.et_al_min or not options.et_al_use_first:
        return items
    counts = names_to_show(items, options)
    if not counts:
        return items
    return [{**i, NAMES_SHOWN: str(counts[str(i["id"])])} if str(i["id"]) in counts else i
            for i in items]  # fmt: skip


def names_to_show(items: Sequence[dict[str, Any]], options: Options) -> dict[str, int]:
    """How many names each work must show where its citation, cut at "et al.", reads like
    another's: the fewest that tell apart as many of them as their whole name lists do. Works
    that the given names of their first names tell apart (see :class:`GivenNames`) need none."""
    rule = (f"{GIVENNAME}{options.givenname}",) if options.givenname else ()
    given = GivenNames(items, rule)
    groups: dict[tuple[Any, ...], list[tuple[str, list[str]]]] = {}
    for item in items:
        names = _families(item)
        if len(names) >= options.et_al_min and len(names) > options.et_al_use_first:
            first = first_names(item)[0]
            shown = given.shown(first, 0) if isinstance(first, dict) else ""
            key = (_cut(names, options.et_al_use_first), _also(item, options.also), shown)
            groups.setdefault(key, []).append((str(item["id"]), names))
    counts: dict[str, int] = {}
    for group in groups.values():
        wanted = len({tuple(names) for _, names in group})
        if wanted < 2:
            continue  # the same names: year suffixes (or the title) tell them apart
        longest = max(len(names) for _, names in group)
        for count in range(options.et_al_use_first + 1, longest + 1):
            if len({_cut(names, count) for _, names in group}) == wanted:
                counts.update((key, count) for key, _ in group)
                break
    return counts


def _families(item: dict[str, Any]) -> list[str]:
    """The first names of a work (see :data:`CREATOR_VARIABLES`) as a short citation shows them."""
    names = first_names(item)
    parts = ("non-dropping-particle", "family", "literal")
    return [" ".join(str(n.get(p, "")) for p in parts if n.get(p)) for n in names]


def _cut(names: list[str], count: int) -> tuple[str, ...]:
    """The first ``count`` names, and "et al." if there are more."""
    return (*names[:count], "et al.") if len(names) > count else tuple(names)


def _also(item: dict[str, Any], also: str) -> str:
    if also == "years":
        return years(item)
    return str(item.get("title-short") or item.get("title") or "") if also == "title" else ""


def shown_names(reference: Any, variable: str, count: int) -> tuple[int, int]:
    """For :data:`SHOWN`: how many of the ``count`` names of ``variable`` a citeproc-py
    reference must show (0 unless it is the work's first name variable with a count)."""
    wanted = reference.get(NAMES_SHOWN.replace("-", "_"))
    if not wanted:
        return 0, count
    first = next((v for v in CREATOR_VARIABLES if reference.get(v.replace("-", "_"))), "")
    return (int(str(wanted)), count) if variable.replace("_", "-") == first else (0, count)


def et_al_option(name: str, value: Any) -> Any:
    """``et-al-use-first`` and ``et-al-min`` for the name list rendering (see :data:`SHOWN`)."""
    wanted, count = SHOWN.get()
    if not wanted:
        return value
    if name == "et-al-use-first":
        return max(int(value or 0), wanted)
    return count + 1 if wanted >= count else value  # all names shown: no "et al."


def same_names(shown: str, previous: str) -> bool:
    """Whether two entries' names, as rendered, are the same names for
    ``subsequent-author-substitute``: citeproc-js compares the names, not the words between them,
    so "A, B, and C" (all names shown) is "A, B, C, et al." (more names, cut after C) as added
    names print them. Anything else must be the same text."""
    if shown == previous:
        return True
    one, other = sorted((shown.split(", "), previous.split(", ")), key=len)
    if len(other) != len(one) + 1 or len(one) < 2:
        return False
    cut = other[:-1]  # without the et-al term
    differing = [i for i, (a, b) in enumerate(zip(one, cut, strict=True)) if a != b]
    if len(differing) != 1:
        return False
    connector, _, rest = one[differing[0]].partition(" ")
    # the connector ("and") stands before the last name shown; the dropped part is "et al.", not
    # a further name after the same connector
    last = differing[0] == len(one) - 1 and not other[-1].startswith(f"{connector} ")
    return bool(connector) and last and rest == cut[differing[0]]
