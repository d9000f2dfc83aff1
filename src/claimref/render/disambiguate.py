"""Year suffixes (1980a, 1980b) and given names added to tell apart works and people that would
otherwise cite alike; citeproc-py does neither. Works on CSL-JSON items and on citeproc-py's name
objects by attribute only (it imports nothing from citeproc). Rendering is the engine's job.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from typing import Any

#: ``dates`` (below) say what tells works apart in the style's citations besides the names: the
#: date variables printed, and these facts (see :mod:`.ambiguity`, which finds them).
#: In ``dates``: the name suffix ("Jr.", "III") tells works apart too. citeproc-js prints it with
#: the given names it adds cite by cite (Harvard: "J. Doe III", "J. Doe Jr."); the other rules
#: print it only where they add given names (see :class:`GivenNames`).
SUFFIX = "suffix"
#: Where :func:`add_given_names` keeps a name's own family name (citations sort by it).
FAMILY = "claimref-family"
#: How many names of a citation ``by-cite`` may add given names to, one after the other.
_BY_CITE_NAMES = 8
#: Name variables that stand first in an entry, in the order styles substitute them.
CREATOR_VARIABLES = ("author", "editor", "compiler", "translator", "director", "container-author")
#: In ``dates``: the style's ``givenname-disambiguation-rule`` when it adds given names
#: (``givenname:primary-name``); without it, given names tell no works apart (citations are taken
#: to print family names, as author-date styles do).
GIVENNAME = "givenname:"
#: In ``dates``: what a citation shows of a work without names, by type, where it is not the title
#: (``nameless:article-journal:container-title``; see :mod:`.ambiguity`).
NAMELESS = "nameless:"
#: In ``dates``: the citation may print the status ("forthcoming") where a date would stand.
STATUS = "status"


def year_suffixes(items: Sequence[dict[str, Any]],
                  dates: Sequence[str] = ("issued",)) -> dict[str, str]:  # fmt: skip
    """Suffix letters by item id for works whose citations would read alike (:func:`cited_as`),
    in the given (reference-list) order: ``{"samsons1971b": "a", "samsons1971a": "b"}``."""
    suffixes: dict[str, str] = {}
    for ids in _groups(items, dates):
        if len(ids) > 1:
            suffixes.update(zip(ids, _LETTERS, strict=False))
    return suffixes


def suffix_groups(items: Sequence[dict[str, Any]], dates: Sequence[str] = ("issued",)) -> set[str]:
    """The ids of the items that will get a year suffix, whatever their order."""
    return {key for ids in _groups(items, dates) if len(ids) > 1 for key in ids}


def _groups(items: Sequence[dict[str, Any]], dates: Sequence[str]) -> list[list[str]]:
    """The ids of works that cite alike, group by group, in the order of ``items``; undated works
    too ("n.d.-a"), and literal dates by their text."""
    shown = GivenNames(items, dates)
    variables = [date for date in dates if date not in (SUFFIX, STATUS) and ":" not in date]
    groups: dict[tuple[str, str], list[str]] = {}
    for item in items:
        key = (cited_as(item, dates, shown), _all_years(item, dates, variables))
        groups.setdefault(key, []).append(str(item["id"]))
    return list(groups.values())


#: a … z, then aa, ab … (as citeproc-js continues).
_LETTERS = [*string.ascii_lowercase] + [a + b for a in string.ascii_lowercase
                                        for b in string.ascii_lowercase]  # fmt: skip


def first_names(item: dict[str, Any]) -> list[Any]:
    """The names an author-date citation shows first (see :data:`CREATOR_VARIABLES`)."""
    for variable in CREATOR_VARIABLES:
        names = item.get(variable)
        if names:
            return list(names)
    return []


class GivenNames:
    """Which given names a citation shows, as citeproc-js adds them under the style's
    ``givenname-disambiguation-rule`` (see :func:`add_given_names` for how claimref prints them).

    ``by-cite`` adds initials, then given names, to any name of cites that read alike: the whole
    given name (and the name suffix, if :data:`SUFFIX` is in ``dates``) tells works apart. The
    other rules add them wherever one family name stands for people whose given names (or
    initials, ``…-with-initials``) differ, to the first name of each work only (``primary-name…``):
    those given names, printed with the suffix ("James Doe III"), tell works apart; others do not.
    """

    def __init__(self, items: Sequence[dict[str, Any]], dates: Sequence[str]) -> None:
        rules = [d[len(GIVENNAME) :] for d in dates if d.startswith(GIVENNAME)]
        self.rule = rules[0] if rules else ""
        self.initials = self.rule.endswith("with-initials")
        self.people: dict[str, set[str]] = {}
        if self.rule and self.rule != "by-cite":
            for item in items:
                names = first_names(item)
                for name in names if self.rule.startswith("all-names") else names[:1]:
                    if isinstance(name, dict) and name.get("family") and name.get("given"):
                        family = self.people.setdefault(str(name["family"]), set())
                        family.add(self.given(name))

    def given(self, name: dict[str, Any]) -> str:
        """The given name as this rule may show it (initials or whole)."""
        given = str(name.get("given", ""))
        return initials(given) if self.initials else given

    def shown(self, name: dict[str, Any], position: int) -> str:
        """What tells ``name`` (the ``position``-th of its work) apart besides its family name."""
        if self.rule == "by-cite":
            return str(name.get("given", ""))
        if not self.rule or (position and self.rule.startswith("primary-name")):
            return ""
        if len(self.people.get(str(name.get("family", "")), ())) < 2:
            return ""  # no one else bears this family name: no given name added
        return f"{self.given(name)}|{name.get(SUFFIX, '')}"


def cited_as(item: dict[str, Any], dates: Sequence[str], shown: GivenNames) -> str:
    """What an author-date citation shows of ``item`` besides its dates: its names, the parts of
    them that the style's given-name rule shows (:class:`GivenNames`); or, for a work without
    names, what the style shows instead (:data:`NAMELESS`; the title by default)."""
    names = first_names(item)
    if not names:
        return _nameless(item, dates)
    parts = ("non-dropping-particle", "family", "dropping-particle", "literal")
    return "; ".join("|".join(str(name.get(part, "")) for part in parts) + "|"
                     + shown.shown(name, position)
                     for position, name in enumerate(names))  # fmt: skip


def _nameless(item: dict[str, Any], dates: Sequence[str]) -> str:
    """What a citation shows of a work without names (see :mod:`.ambiguity`)."""
    kind = str(item.get("type", ""))
    rules = dict(d[len(NAMELESS) :].split(":", 1) for d in dates if d.startswith(NAMELESS))
    variables = rules.get(kind, "title")
    if not item.get("container-title"):
        variables = rules.get(f"{kind}/title", variables)
    return "; ".join(f"{v}: {item.get(v, '')}" for v in variables.split()) or "nothing"


def _all_years(item: dict[str, Any], dates: Sequence[str], variables: list[str]) -> str:
    """:func:`years` of each date variable of ``dates`` (``variables``, ``issued`` first), as
    one text, the status if ``dates`` holds :data:`STATUS` and the name suffixes if it holds
    :data:`SUFFIX`."""
    shown = [years(item, date) for date in variables]
    if STATUS in dates:
        shown.append(str(item.get(STATUS, "")))
    if SUFFIX in dates:  # of the names the citation shows (see :func:`first_names`)
        names = first_names(item)
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


def add_given_names(references: Sequence[Any], rule: str, position: int = 0) -> bool:
    """Names shared by different people get initials (or, when those clash too, given names) in
    citations, as citeproc-js's ``disambiguate-add-givenname`` does: only the first name of each
    work (the ``position``-th, ``by-cite`` going on while works cite alike) unless ``rule`` covers
    all names. Changes the citeproc-py name objects in place, so call it after the reference list
    is rendered; True if it changed any."""
    names = []
    for reference in references:
        for variable in CREATOR_VARIABLES:
            found = reference.get(variable.replace("-", "_"))
            if found:
                names += found if rule.startswith("all-names") else found[position : position + 1]
                break
    changed = False
    by_cite = rule == "by-cite"  # the name suffix tells people apart too ("J. Doe III")
    people: dict[str, set[tuple[str, str]]] = {}
    for name in names:
        if name.get("family") and name.get("given"):
            people.setdefault(str(name.family), set()).add(_person(name, by_cite))
    only_initials = rule.endswith("with-initials")
    for name in names:
        others = people.get(str(name.get("family", "")), set())
        if len(others) > 1 and name.get("given"):
            given, suffix = _person(name, by_cite)
            alike = [g for g, s in others if (initials(g), s) == (initials(given), suffix)]
            if len(alike) == len(others) and only_initials:
                continue  # the same initials ("Ф." and "Фридрих"): nothing an initial can tell
            shown = initials(given) if len(alike) == 1 or only_initials else given
            name[FAMILY] = name.get(FAMILY, name.family)
            suffix = f" {name[SUFFIX]}" if name.get(SUFFIX) else ""  # "J. Doe III", as in full
            name.family = f"{shown} {name.family}{suffix}"
            changed = True
    return changed


def by_cite_given_names(groups: list[list[str]], references: Any,
                        alike: Callable[[set[str]], list[list[str]]]) -> list[list[str]]:  # fmt: skip
    """``by-cite``: in each group of works whose citations read alike (ids of ``references``),
    given names added to the first names (:func:`add_given_names`), then to the second names of
    the works still alike ("Leslie and R. H. Kargon"), and so on; ``alike`` regroups the works
    changed. The groups still alike."""
    for position in range(_BY_CITE_NAMES):
        changed: set[str] = set()
        for keys in groups:
            if add_given_names([references[key] for key in sorted(keys)], "by-cite", position):
                changed.update(keys)
        if changed:
            groups = [keys for keys in groups if not changed & set(keys)] + alike(changed)
        if not groups:
            break
    return groups


def _person(name: Any, by_cite: bool) -> tuple[str, str]:
    """A name's given name, and its suffix where it tells people apart (``by_cite``)."""
    return str(name.given), str(name.get(SUFFIX) or "") if by_cite else ""


def initials(given: str) -> str:
    """``Яков Петрович`` → ``Я. П.``; ``J.P.`` → ``J. P.``."""
    return " ".join(f"{part[0]}." for part in given.replace(".", " ").split())
