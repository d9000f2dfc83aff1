"""Year suffixes (1980a, 1980b) and given names added to tell apart works and people that would
otherwise cite alike; citeproc-py does neither. Works on CSL-JSON items and on citeproc-py's name
objects by attribute only (it imports nothing from citeproc). Rendering is the engine's job.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import Any

_NAME_PARTS = ("non-dropping-particle", "family", "given", "dropping-particle", "literal")
#: In ``dates`` (below): the name suffix ("Jr.", "III") tells works apart too. citeproc-js prints
#: it with the given names it adds cite by cite (Harvard: "J. Doe III", "J. Doe Jr."), not with
#: those of the other rules (APA, Chicago: "Doe, J., III" and "Doe, J., Jr." get "n.d.-a", "-b").
SUFFIX = "suffix"
#: Where :func:`add_given_names` keeps a name's own family name (citations sort by it).
FAMILY = "claimref-family"
#: Name variables that stand first in an entry, in the order styles substitute them.
CREATOR_VARIABLES = ("author", "editor", "compiler", "translator", "director", "container-author")


def year_suffixes(items: Sequence[dict[str, Any]],
                  dates: Sequence[str] = ("issued",)) -> dict[str, str]:  # fmt: skip
    """Suffix letters by item id for works with the same creators and years of ``dates`` (or
    none), in the given (reference-list) order: ``{"samsons1971b": "a", "samsons1971a": "b"}``."""
    groups: dict[tuple[str, str], list[str]] = {}
    for item in items:  # undated works too ("n.d.-a"), and literal dates by their text
        groups.setdefault((creators(item), _all_years(item, dates)), []).append(str(item["id"]))
    suffixes: dict[str, str] = {}
    for ids in groups.values():
        if len(ids) > 1:
            suffixes.update(zip(ids, _letters(), strict=False))
    return suffixes


def suffix_groups(items: Sequence[dict[str, Any]], dates: Sequence[str] = ("issued",)) -> set[str]:
    """The ids of the items that will get a year suffix, whatever their order."""
    groups: dict[tuple[str, str], list[str]] = {}
    for item in items:
        groups.setdefault((creators(item), _all_years(item, dates)), []).append(str(item["id"]))
    return {key for ids in groups.values() if len(ids) > 1 for key in ids}


def _letters() -> list[str]:
    """a … z, then aa, ab … (as citeproc-js continues)."""
    single = list(string.ascii_lowercase)
    return single + [a + b for a in single for b in single]


def creators(item: dict[str, Any]) -> str:
    """The names an author-date citation shows first, or the title when there are none."""
    for variable in CREATOR_VARIABLES:
        if item.get(variable):
            return "; ".join("|".join(str(n.get(part, "")) for part in _NAME_PARTS)
                             for n in item[variable])  # fmt: skip
    return f"title: {item.get('title', '')}"


def _all_years(item: dict[str, Any], dates: Sequence[str]) -> str:
    """:func:`years` of each date variable of ``dates`` (``issued`` first), as one text, and the
    name suffixes if ``dates`` holds :data:`SUFFIX`."""
    shown = [years(item, date) for date in dates if date != SUFFIX]
    names: list[Any] = next((item[v] for v in CREATOR_VARIABLES if item.get(v)), [])
    if SUFFIX in dates:  # of the names the citation shows (see :func:`creators`)
        shown += [str(name.get(SUFFIX, "")) for name in names if isinstance(name, dict)]
    return " ".join(shown)


def years(item: dict[str, Any], variable: str = "issued") -> str:
    """The years of date ``variable`` as rendered (``1984``, ``1984/1986``), a literal date as
    written; empty when undated."""
    issued = item.get(variable) or {}
    parts = issued.get("date-parts")
    if parts:
        return "/".join(str(part[0]) for part in parts if part)
    return f"literal: {issued['literal']}" if issued.get("literal") else ""


def add_given_names(references: Sequence[Any], rule: str) -> None:
    """Names shared by different people get initials (or, when those clash too, given names) in
    citations, as citeproc-js's ``disambiguate-add-givenname`` does: only the first name of each
    work unless ``rule`` covers all names. Changes the citeproc-py name objects in place, so call it
    after the reference list is rendered."""
    names = []
    for reference in references:
        for variable in CREATOR_VARIABLES:
            found = reference.get(variable.replace("-", "_"))
            if found:
                names += found if rule.startswith("all-names") else found[:1]
                break
    people: dict[str, set[str]] = {}
    for name in names:
        if name.get("family") and name.get("given"):
            people.setdefault(str(name.family), set()).add(str(name.given))
    only_initials = rule.endswith("with-initials")
    for name in names:
        givens = people.get(str(name.get("family", "")), set())
        if len(givens) > 1 and name.get("given"):
            mine = initials(str(name.given))
            alike = [given for given in givens if initials(given) == mine]
            if len(alike) == len(givens) and only_initials:
                continue  # the same initials ("Ф." and "Фридрих"): nothing an initial can tell
            shown = mine if len(alike) == 1 or only_initials else str(name.given)
            name[FAMILY] = name.get(FAMILY, name.family)
            name.family = f"{shown} {name.family}"


def initials(given: str) -> str:
    """``Яков Петрович`` → ``Я. П.``; ``J.P.`` → ``J. P.``."""
    return " ".join(f"{part[0]}." for part in given.replace(".", " ").split())
