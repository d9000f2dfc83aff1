"""What the pages show, worked out from a loaded workspace: people, support summaries, filter
facets, the search text of each claim, and where a finding points.

Plain values for the templates; nothing here writes HTML or files (:mod:`claimref.site.build` does)
or decides what ``claims --search`` matches (:mod:`claimref.search` does: the index carries its
folded text so that the page's filter matches exactly the same claims).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from claimref.errors import Finding
from claimref.model import Claim, Link, Location, Name, Person, Source, Stance, Status
from claimref.people import NameKey, resolve
from claimref.reference import short_reference
from claimref.site.paths import unique_slugs
from claimref.store import Workspace
from claimref.translit import fold, has_cyrillic, to_latin

#: The order of statuses everywhere on the site (the most reliable first).
STATUS_ORDER = tuple(Status)
#: The stance a matrix cell shows when a claim links to one work with several stances.
STANCE_PRECEDENCE = (Stance.DISPUTES, Stance.QUALIFIES, Stance.SUPPORTS, Stance.MENTIONS)
_STANCE_VERB = {
    Stance.SUPPORTS: "supported by",
    Stance.DISPUTES: "disputed by",
    Stance.QUALIFIES: "qualified by",
}
#: The transliteration searched besides the original (as :mod:`claimref.search`).
SEARCH_SCHEME = "ala-lc-ascii"


@dataclass(frozen=True)
class PersonEntry:
    """One person of the site: a record of ``people/*.yaml``, or a name claims give that matches no
    record (then ``recorded`` is False and the name is its only form)."""

    page: str
    person: Person
    recorded: bool

    @property
    def label(self) -> str:
        """The name shown for the person."""
        return self.person.label


@dataclass
class People:
    """The people of a workspace, and which claims name them and which works they created."""

    entries: dict[str, PersonEntry] = field(default_factory=dict)
    by_text: dict[str, PersonEntry] = field(default_factory=dict)
    about: dict[str, list[Claim]] = field(default_factory=lambda: defaultdict(list))
    works: dict[str, list[tuple[Source, str]]] = field(default_factory=lambda: defaultdict(list))

    def of_claim(self, claim: Claim) -> list[PersonEntry]:
        """The people a claim names, in its order, once each."""
        found = [self.by_text[text] for text in claim.people if text in self.by_text]
        return list({entry.page: entry for entry in found}.values())


def collect_people(ws: Workspace, sources: Mapping[str, Source]) -> People:
    """Every person on record and every name a claim gives that no record resolves."""
    people = People()
    free: dict[str, str] = {}  # folded name → the first spelling seen
    for claim in ws.claims.values():
        for text in claim.people:
            if resolve(text, ws.people) is None:
                free.setdefault(fold(text), text)
    persons = [(p, True) for p in ws.people.values()]
    persons += [(_unrecorded(text), False) for text in free.values()]
    pages = unique_slugs(p.id for p, _ in persons)
    for person, recorded in sorted(persons, key=lambda pair: fold(pair[0].label)):
        people.entries[person.id] = PersonEntry(pages[person.id], person, recorded)
    for claim in ws.claims.values():
        for text in claim.people:
            record = resolve(text, ws.people)
            entry = people.entries[record.id if record else _free_id(free[fold(text)])]
            people.by_text[text] = entry
            if claim not in people.about[entry.person.id]:
                people.about[entry.person.id].append(claim)
    _add_works(people, sources)
    return people


def _free_id(text: str) -> str:
    return "name:" + text


def _unrecorded(text: str) -> Person:
    return Person(_free_id(text), MappingProxyType({"": (text,)}), Location(""))


def _add_works(people: People, sources: Mapping[str, Source]) -> None:
    """Each person's works: the sources one of whose authors, editors or translators is them."""
    by_family: dict[str, list[tuple[Source, str, NameKey]]] = defaultdict(list)
    for source in sources.values():
        for role in ("author", "editor", "translator"):
            for name in source.names.get(role, ()):
                key = NameKey.of_name(name)
                by_family[key.family].append((source, role, key))
    for entry in people.entries.values():
        found: dict[str, tuple[Source, str]] = {}
        for form in entry.person.forms():
            wanted = NameKey.of_text(form)
            for source, role, key in by_family.get(wanted.family, ()):
                if wanted.agrees(key):
                    found.setdefault(source.key, (source, role))
        people.works[entry.person.id] = [found[k] for k in sorted(found)]


def short_name(key: str, sources: Mapping[str, Source]) -> str:
    """``Family Year`` of a work, or its key when it is not in the bibliography."""
    source = sources.get(key)
    return short_reference(source) if source else key


def support_summary(claim: Claim, sources: Mapping[str, Source]) -> str:
    """``2 sources, 1 verified; disputed by Wikipedia contributors n.d.``: distinct works, how many
    were checked against the work itself, and who supports, disputes or qualifies the claim."""
    keys = claim.source_keys
    checked = len({link.source for link in claim.links if link.verified})
    text = f"{len(keys)} source{'' if len(keys) == 1 else 's'}, {checked} verified"
    phrases = []
    for stance, verb in _STANCE_VERB.items():
        names = list(dict.fromkeys(short_name(link.source, sources) for link in claim.links
                                   if link.stance is stance))  # fmt: skip
        if names:
            shown = names if len(names) <= 3 else [*names[:2], f"{len(names) - 2} more"]
            joined = ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]
            phrases.append(f"{verb} {joined}")
    return "; ".join([text, *phrases])


def cell_stance(links: Iterable[Link]) -> Stance:
    """The stance a matrix cell shows for one claim's links to one work."""
    stances = {link.stance for link in links}
    return next(s for s in STANCE_PRECEDENCE if s in stances)


_QUALIFIERS = {"~": "approximate", "?": "uncertain", "%": "approximate and uncertain"}


def date_text(value: str) -> str:
    """A claim's date as written, with what EDTF's marks in it mean (``1943-12~ (approximate)``)."""
    marks = [_QUALIFIERS[ch] for ch in dict.fromkeys(value) if ch in _QUALIFIERS]
    return f"{value} ({', '.join(marks)})" if marks else value


def claim_languages(claim: Claim, sources: Mapping[str, Source]) -> list[str]:
    """The languages (BCP 47 primary codes) of the works a claim links to, sorted."""
    found = {
        (sources[k].language or "").split("-")[0]
        for k in claim.source_keys
        if k in sources and sources[k].language
    }
    return sorted(found)


@dataclass(frozen=True)
class Facets:
    """The values each filter of the index offers; rows refer to them by position."""

    languages: tuple[str, ...]
    tags: tuple[str, ...]
    places: tuple[str, ...]
    people: tuple[PersonEntry, ...]


def facets(claims: Iterable[Claim], sources: Mapping[str, Source], people: People) -> Facets:
    """The distinct languages, tags, places and people of ``claims``, each sorted for readers."""
    chosen = list(claims)
    langs = {lang for c in chosen for lang in claim_languages(c, sources)}
    tags = {t for c in chosen for t in c.tags}
    places = {p for c in chosen for p in c.places}
    named = {e.page: e for c in chosen for e in people.of_claim(c)}
    return Facets(
        tuple(sorted(langs)),
        tuple(sorted(tags, key=lambda t: (fold(t), t))),
        tuple(sorted(places, key=lambda p: (fold(p), p))),
        tuple(sorted(named.values(), key=lambda e: (fold(e.label), e.page))),
    )


def search_people(people: Mapping[str, Person]) -> list[dict[str, list[str]]]:
    """For the index's search: each person on record as the folded keys its forms are matched by
    (as :func:`claimref.people.matching`) and the folded terms a match adds (as
    :func:`claimref.search.search_terms`)."""
    found = []
    for person in people.values():
        keys = [fold(to_latin(form, SEARCH_SCHEME)) for form in person.forms()]
        terms = []
        for form in person.forms():
            terms += [fold(form), fold(form.replace(".", ". ").split()[-1])]
        found.append({"keys": keys, "terms": list(dict.fromkeys(t for t in terms if t.strip()))})
    return found


def search_letters() -> dict[str, str]:
    """The Cyrillic letters and their transliteration in :data:`SEARCH_SCHEME`, for the index's
    search to transliterate what is typed (letter by letter, as :mod:`claimref.search` does)."""
    letters = (chr(code) for code in range(0x400, 0x530))
    return {ch: to_latin(ch, SEARCH_SCHEME) for ch in letters if has_cyrillic(ch)}


def relative_path(shown: str, root: Path) -> str:
    """A location's path as the workspace knows it (``claims/x.yaml``), whatever the current
    folder was, so that the pages do not depend on where the command ran. (The store shows a path
    relative to the current folder when it lies below it, else absolute; ``root`` is resolved.)"""
    absolute = os.path.normpath(os.path.join(os.getcwd(), shown))
    base = str(root)
    if absolute.startswith(base + os.sep):
        return Path(absolute[len(base) + 1 :]).as_posix()
    return Path(shown).as_posix()


@dataclass(frozen=True)
class Targets:
    """Which page a finding's file and line belong to: a claim, a person, or the bibliography
    entry whose text holds that line."""

    claims: Mapping[str, str]
    people: Mapping[str, str]
    entries: Mapping[str, tuple[tuple[int, str], ...]]

    def of(self, finding: Finding) -> tuple[str, str] | None:
        """(``claim``/``person``/``source``, name) for ``finding``, or None (a stray file…)."""
        path, line = finding.location.path, finding.location.line
        if path in self.claims:
            return "claim", self.claims[path]
        if path in self.people:
            return "person", self.people[path]
        chosen = None
        for start, key in self.entries.get(path, ()):
            if start > line:
                break
            chosen = key
        return ("source", chosen) if chosen and line else None


def targets(ws: Workspace) -> Targets:
    """The :class:`Targets` of a workspace."""
    entries: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for source in ws.sources.values():
        entries[source.location.path].append((source.location.line, source.key))
    return Targets(
        {c.location.path: c.id for c in ws.claims.values()},
        {p.location.path: p.id for p in ws.people.values()},
        {path: tuple(sorted(found)) for path, found in entries.items()},
    )


def creators_text(names: Iterable[Name]) -> str:
    """Names as ``Family, Given; Family, Given`` for a source page."""
    return "; ".join(str(name) for name in names)


__all__ = [
    "STATUS_ORDER",
    "Facets",
    "People",
    "PersonEntry",
    "Targets",
    "cell_stance",
    "claim_languages",
    "collect_people",
    "creators_text",
    "date_text",
    "facets",
    "relative_path",
    "search_letters",
    "search_people",
    "short_name",
    "support_summary",
    "targets",
]
