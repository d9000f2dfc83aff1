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
    initials,
    years,
)
from claimref.render.styles import StyleFile

#: The item key holding how many names of its first name variable every rendering shows at least.
NAMES_SHOWN = "claimref-names"
#: The item key holding the given names that its names show whole ("Katrine", not "K."), joined
#: by :data:`_JOIN`: citeproc-js's ``by-cite`` rule writes them where initials tell no one apart.
WHOLE_GIVENS = "claimref-whole-givens"
_JOIN = "\x1f"
#: While a name list renders: how many names it must show (0: as the style says), how many it
#: has, and the given names it shows whole.
SHOWN: contextvars.ContextVar[tuple[int, int, frozenset[str]]] = contextvars.ContextVar(
    "shown", default=(0, 0, frozenset())
)
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
    """``items``, those that must show more names (:func:`names_to_show`) or whole given names
    (:func:`whole_givens`) as copies holding them under :data:`NAMES_SHOWN`, :data:`WHOLE_GIVENS`."""
    options = style_options(style)
    counts: dict[str, int] = {}
    if options.adds_names and options.et_al_min and options.et_al_use_first:
        counts = names_to_show(items, options)
    whole = whole_givens(items, options) if options.givenname == "by-cite" else {}
    if not counts and not whole:
        return items
    out = []
    for item in items:
        key = str(item["id"])
        extra = {NAMES_SHOWN: str(counts[key])} if key in counts else {}
        if key in whole:
            extra[WHOLE_GIVENS] = _JOIN.join(sorted(whole[key]))
        out.append({**item, **extra} if extra else item)
    return out


def names_to_show(items: Sequence[dict[str, Any]], options: Options) -> dict[str, int]:
    """How many names each work must show where its citation, cut at "et al.", reads like
    another's: the fewest that tell apart as many of them as their whole name lists do. Works
    that the given names of their first names tell apart (see :class:`GivenNames`) need none."""
    rule = (f"{GIVENNAME}{options.givenname}",) if options.givenname else ()
    given = GivenNames(items, rule)
    cut = [
        i
        for i in items
        if len(first_names(i)) >= max(options.et_al_min, options.et_al_use_first + 1)
    ]
    groups: dict[tuple[Any, ...], list[tuple[str, list[str]]]] = {}
    for item in _likely_alike(cut, options):
        names = _families(item)
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


def _likely_alike(items: Sequence[dict[str, Any]], options: Options) -> list[dict[str, Any]]:
    """The works of ``items`` that share the family name of their first name (and the years or
    title a citation shows) with another: only they can cite alike (a quick first sort)."""
    seen: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for item in items:
        first = first_names(item)[0]
        family = (
            str(first.get("family") or first.get("literal") or "")
            if isinstance(first, dict)
            else ""
        )
        seen.setdefault((family, _also(item, options.also)), []).append(item)
    return [item for group in seen.values() if len(group) > 1 for item in group]


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


def shown_names(reference: Any, variable: str, count: int) -> tuple[int, int, frozenset[str]]:
    """For :data:`SHOWN`: how many of the ``count`` names of ``variable`` a citeproc-py
    reference must show (0 unless it is the work's first name variable with a count), and the
    given names it shows whole."""
    wanted = reference.get(NAMES_SHOWN.replace("-", "_"))
    whole = reference.get(WHOLE_GIVENS.replace("-", "_"))
    if not wanted and not whole:
        return 0, count, frozenset()
    givens = frozenset(str(whole).split(_JOIN)) if whole else frozenset()
    first = next((v for v in CREATOR_VARIABLES if reference.get(v.replace("-", "_"))), "")
    shown = int(str(wanted)) if wanted and variable.replace("_", "-") == first else 0
    return shown, count, givens


def et_al_option(name: str, value: Any) -> Any:
    """``et-al-use-first`` and ``et-al-min`` for the name list rendering (see :data:`SHOWN`)."""
    wanted, count, _ = SHOWN.get()
    if not wanted:
        return value
    if name == "et-al-use-first":
        return max(int(value or 0), wanted)
    return count + 1 if wanted >= count else value  # all names shown: no "et al."


def keeps_whole(given: str) -> bool:
    """Whether the name list rendering shows ``given`` whole, not as initials (see :data:`SHOWN`)."""
    return given in SHOWN.get()[2]


def whole_givens(items: Sequence[dict[str, Any]], options: Options) -> dict[str, set[str]]:
    """The given names that the ``by-cite`` rule writes whole, by item id: those of people of one
    family name and the same initials within a work ("Jakobsen, Katrine" and "Kristian"), and
    those of works that cite alike where initials do not tell them apart but given names do
    ("Джеймс, Уильям" beside three works of "Джеймс, У."; "Smith, J. and Roe, Jane" beside "Roe,
    Jim": the first names, then the next of the works still alike, see :func:`_by_cite`)."""
    out: dict[str, set[str]] = {}
    for item in items:
        names = first_names(item)
        families = [str(n.get("family", "")) for n in names if isinstance(n, dict)]
        if len(set(families)) < len(families):
            for clash in _same_initials([n for n in names if isinstance(n, dict)]):
                out.setdefault(str(item["id"]), set()).update(clash)
    groups: dict[tuple[Any, ...], list[tuple[str, list[dict[str, Any]]]]] = {}
    for item in _likely_alike([i for i in items if any(map(i.get, CREATOR_VARIABLES))], options):
        names = [n for n in first_names(item) if isinstance(n, dict)]
        cut = options.et_al_use_first if len(names) >= options.et_al_min > 0 else len(names)
        alike = (_cut(_families(item), cut), _also(item, options.also))
        groups.setdefault(alike, []).append((str(item["id"]), names))
    for group in groups.values():
        if len(group) > 1:
            for key, given in _by_cite(group):
                out.setdefault(key, set()).add(given)
    return out


def _by_cite(group: list[tuple[str, list[dict[str, Any]]]]) -> list[tuple[str, str]]:
    """(work, given name) written whole in a group of works that cite alike: name by name, a work
    whose family name or initials there are its own is told apart by them, one whose given name
    is by that."""
    out: list[tuple[str, str]] = []
    left = group
    for position in range(max(len(names) for _, names in group)):
        named = [(key, names[position]) for key, names in left if len(names) > position]
        family = [str(n.get("family", n.get("literal", ""))) for _, n in named]
        brief = [(f, initials(str(n.get("given", ""))), n.get("suffix", ""))
                 for f, (_, n) in zip(family, named, strict=True)]  # fmt: skip
        full = [(f, str(n.get("given", "")), n.get("suffix", ""))
                for f, (_, n) in zip(family, named, strict=True)]  # fmt: skip
        told = set()
        for (key, name), one, whole in zip(named, brief, full, strict=True):
            if brief.count(one) == 1:
                told.add(key)
            elif full.count(whole) == 1:
                told.add(key)
                out.append((key, str(name["given"])))
        left = [(key, names) for key, names in left if key not in told]
        if len(left) < 2:
            break
    return out


def _same_initials(names: list[dict[str, Any]]) -> list[set[str]]:
    """Given names of one work's people who share a family name and initials but not given names."""
    by_person: dict[tuple[str, str], set[str]] = {}
    for name in names:
        if name.get("family") and name.get("given"):
            person = (str(name["family"]), initials(str(name["given"])))
            by_person.setdefault(person, set()).add(str(name["given"]))
    return [givens for givens in by_person.values() if len(givens) > 1]
