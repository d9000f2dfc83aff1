"""What a source says about itself: its kind, its era, the works it is based on, and a short label.

Pure functions over :class:`~claimref.model.Source` (fields ``x-kind``, ``x-era``, ``x-based-on``;
docs/data-format.md and docs/evidence.md), and the ``based-on`` graph: its cycles and what each work
derives from, transitively. Invalid values are ignored here and reported by ``claimref check``
(:mod:`claimref.validate.evidence_rules`); weighing a claim's links is :mod:`claimref.evidence`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from claimref.model import Name, Source
from claimref.people import NameKey
from claimref.query import is_tertiary
from claimref.reference import short_reference
from claimref.translit import fold


class Kind(StrEnum):
    """What a work is, as historians and Wikipedia distinguish sources."""

    PRIMARY = "primary"
    SECONDARY = "secondary"
    TERTIARY = "tertiary"


SOVIET = "soviet"
#: ``x-era`` values: ``soviet``, or ``none`` (not Soviet-era, whatever the data suggests).
ERAS = frozenset({SOVIET, "none"})
#: The years a work published in the USSR counts as Soviet-era (inclusive).
SOVIET_YEARS = range(1945, 1992)
#: Places of publication in the USSR (folded: case and diacritics ignored), in the scripts and
#: spellings bibliographies use; a work's ``location`` is compared item by item.
SOVIET_PLACES = frozenset(
    fold(p)
    for p in (
        "Москва Moscow Moskva Maskava Ленинград Leningrad Ļeņingrada Рига Riga Rīga Киев Kiev "
        "Kyiv Київ Минск Minsk Вильнюс Vilnius Таллин Таллинн Tallinn Каунас Kaunas Тарту Tartu "
        "Даугавпилс Daugavpils Лиепая Liepāja Елгава Jelgava Вентспилс Ventspils Тбилиси "
        "Tbilisi Ереван Yerevan Баку Baku Кишинёв Кишинев Kishinev Ташкент Tashkent Алма-Ата "
        "Alma-Ata Фрунзе Frunze Душанбе Dushanbe Ашхабад Ashkhabad Горький Gorky Харьков "
        "Kharkov Новосибирск Novosibirsk Свердловск Sverdlovsk Казань Kazan Калининград "
        "Kaliningrad Смоленск Smolensk Псков Pskov Новгород Novgorod Львов Lvov Одесса Odessa"
    ).split()
)
#: Soviet state publishers, for a work whose place is not given.
SOVIET_PUBLISHERS = frozenset(
    fold(p)
    for p in (
        "Госполитиздат|Политиздат|Воениздат|Латгосиздат|Лиесма|Liesma|Авотс|Avots|Зинатне|"
        "Zinātne|Наука|Прогресс|Молодая гвардия|Советская энциклопедия|Известия"
    ).split("|")
)
#: An institution of the USSR or of a Soviet republic named in the imprint or journal title.
_SOVIET_BODY = re.compile(r"(?<!\w)(СССР|ССР|USSR|SSSR|SSR|PSRS|PSR|LPSR)(?!\w)")
_IMPRINT = {
    "publisher": "publisher",
    "organization": "organization",
    "institution": "institution",
    "journaltitle": "journal title",
    "journal": "journal title",
}
#: Creator names that are placeholders, not a voice (two anonymous works are not one author).
ANONYMOUS = frozenset(("anonymous", "anon.", "anon", "unknown", "n.n.", "wikipedia contributors",
                       "аноним"))  # fmt: skip


def is_anonymous(name: Name) -> bool:
    """True for a placeholder such as ``{Anonymous}`` or ``{Wikipedia contributors}``."""
    return str(name).strip().casefold() in ANONYMOUS


_KEY_LIST = re.compile(r"[,;\s]+")


@dataclass(frozen=True, slots=True)
class SourceFacts:
    """What the evidence rules know about one source: kind, era (with why), grade, what it is based
    on, and the voices it speaks with (tokens shared by works that are not independent)."""

    key: str
    label: str
    kind: Kind | None
    tertiary: bool
    era: str | None
    era_why: str
    year: str
    grade: str | None
    based_on: tuple[str, ...]
    creators: tuple[Name, ...]


def kind_of(source: Source) -> Kind | None:
    """The work's kind: ``x-kind`` when it names one, else tertiary for an encyclopedia or a
    Wikipedia article (:func:`~claimref.query.is_tertiary`), else unknown (None)."""
    value = source.get("x-kind").strip().lower()
    if value in Kind.__members__.values():
        return Kind(value)
    return Kind.TERTIARY if is_tertiary(source) else None


def based_on(source: Source) -> tuple[str, ...]:
    """The cite keys of ``x-based-on`` (separated by commas, semicolons or spaces), in order."""
    keys = (k for k in _KEY_LIST.split(source.get("x-based-on")) if k)
    return tuple(dict.fromkeys(keys))


def era_of(source: Source) -> tuple[str | None, str]:
    """``("soviet", why)`` for a work published in the USSR from 1945 to 1991 (its place, else its
    publisher or an institution of the USSR in its imprint, with its year), ``(None, why)``
    otherwise; ``x-era`` (``soviet`` or ``none``) decides when given."""
    override = source.get("x-era").strip().lower()
    if override in ERAS:
        return (SOVIET if override == SOVIET else None), "x-era"
    year = source.year
    if not year or int(year) not in SOVIET_YEARS:
        return None, ""
    places = [p.strip() for p in source.get("location").split(" and ")]
    place = next((p for p in places if fold(p) in SOVIET_PLACES), "")
    if place:
        return SOVIET, f"{place} {year}"
    publisher = next(
        (p.strip() for p in source.get("publisher").split(" and ")
         if fold(p.strip()) in SOVIET_PUBLISHERS), "",
    )  # fmt: skip
    if publisher:
        return SOVIET, f"{publisher} {year}"
    for name, word in _IMPRINT.items():
        found = _SOVIET_BODY.search(source.get(name))
        if found:
            return SOVIET, f"{found.group(1)} in its {word}, {year}"
    return None, ""


def label_of(source: Source) -> str:
    """A short name for messages: ``Самсон 1980``; the title for an anonymous work."""
    names = source.creators()
    if names and is_anonymous(names[0]):
        return f"“{source.title}”"
    return short_reference(source)


def facts_of(source: Source) -> SourceFacts:
    """The :class:`SourceFacts` of one source."""
    kind = kind_of(source)
    era, why = era_of(source)
    return SourceFacts(
        key=source.key,
        label=label_of(source),
        kind=kind,
        tertiary=kind is Kind.TERTIARY,
        era=era,
        era_why=why,
        year=source.year,
        grade=source.reliability,
        based_on=based_on(source),
        creators=tuple(n for n in source.creators() if not is_anonymous(n)),
    )


def name_token(key: NameKey) -> str:
    """The voice token of a printed name: family name and initials, folded across scripts."""
    return f"n:{key.family}|{key.initials}"


def find_cycles(edges: Mapping[str, tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Each cycle of the ``based-on`` graph, as the sorted keys of one strongly connected component
    (a key based on itself is a cycle of one); iterative Tarjan, sorted output."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(edges.get(root, ())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    if len(component) > 1 or node in edges.get(node, ()):
                        cycles.append(tuple(sorted(component)))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(edges.get(child, ()))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return sorted(cycles)


def ancestry(edges: Mapping[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    """For each key with ``based-on`` links, every key it derives from, transitively (itself not
    included unless it lies on a cycle); keys without links are left out."""
    found: dict[str, frozenset[str]] = {}
    for start in edges:
        if start in found:
            continue
        seen: set[str] = set()
        todo = list(edges[start])
        while todo:
            key = todo.pop()
            if key in seen:
                continue
            seen.add(key)
            if key in found:
                seen |= found[key]
            else:
                todo.extend(edges.get(key, ()))
        found[start] = frozenset(seen)
    return found
