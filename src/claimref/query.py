"""Selecting claims and sources: the filters shared by every command that takes a selection.

Matching is case- and diacritic-insensitive and crosses scripts (:mod:`claimref.search`). A claim
id or cite key asked for that the workspace does not have is an :class:`UnknownNameError`, never an
empty result. Reading files is the store's job and presenting results the CLI's; this module only decides
what is selected, in a stable order.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, replace

from claimref.errors import UnknownNameError
from claimref.model import Claim, Source, Stance, Status
from claimref.search import Haystacks, claim_text, folded, matched_fields, search_terms
from claimref.store import Workspace
from claimref.translit import fold, has_cyrillic, to_latin

__all__ = [
    "REFERENCE_TYPES",
    "Selection",
    "UnknownNameError",
    "claim_text",
    "close_matches",
    "filter_claims",
    "fold",
    "is_tertiary",
    "is_verified",
    "matched_fields",
    "people_text",
    "search_terms",
    "select_claims",
    "select_sources",
    "supporting_works",
]

#: biblatex's entry types for works of reference (encyclopedias, dictionaries) and entries in them.
REFERENCE_TYPES = frozenset(["reference", "mvreference", "inreference"])


@dataclass(frozen=True)
class Selection:
    """Which claims to take; an empty filter takes everything. Filters of one kind are or-ed,
    filters of different kinds and-ed. ``support``/``min_support``: exactly / at least so many
    distinct works (cite keys) supporting the claim; ``verified``: see :func:`is_verified`;
    ``independent``/``min_independent``/``profiles``: see :func:`claimref.evidence.evidence_test`."""

    ids: tuple[str, ...] = ()
    statuses: tuple[Status, ...] = ()
    sources: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    search: str = ""
    places: tuple[str, ...] = ()
    support: int | None = None
    min_support: int | None = None
    verified: bool | None = None
    independent: int | None = None
    min_independent: int | None = None
    profiles: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when no filter is set."""
        return self == Selection()


def is_tertiary(source: Source) -> bool:
    """True for a tertiary source: an encyclopedia, or an article in one. ``x-tertiary = {yes}``
    (or ``{no}``) decides, else ``x-kind`` (``tertiary`` or another kind); without them, biblatex's
    types ``@reference``, ``@mvreference`` and ``@inreference`` are tertiary, and so is any entry for
    a Wikipedia article (its ``url`` on wikipedia.org, or Wikipedia as its ``organization`` or
    ``publisher``)."""
    flag = source.get("x-tertiary").strip().lower()
    if flag in ("yes", "true"):
        return True
    if flag in ("no", "false"):
        return False
    kind = source.get("x-kind").strip().lower()  # the evidence's kinds (claimref.provenance)
    if kind in ("primary", "secondary", "tertiary"):
        return kind == "tertiary"
    if source.entry_type.lower() in REFERENCE_TYPES:
        return True
    from urllib.parse import urlsplit  # noqa: PLC0415  (2 ms of every command's start-up)

    host = (urlsplit(source.get("url").strip()).hostname or "").lower()
    if host == "wikipedia.org" or host.endswith(".wikipedia.org"):
        return True
    return any(
        fold(source.get(name)).strip() == "wikipedia" for name in ("organization", "publisher")
    )


def is_verified(
    claim: Claim, sources: Mapping[str, Source], tertiary: Container[str] | None = None
) -> bool:
    """True when a link of the claim was checked against the work (``verified``) and that work is
    in ``sources`` and not tertiary (its key in ``tertiary``; default: :func:`is_tertiary`). A
    link to a missing entry does not count: what it points to cannot be known."""
    for link in claim.links:
        source = sources.get(link.source)
        if link.verified is None or source is None:
            continue
        if not (link.source in tertiary if tertiary is not None else is_tertiary(source)):
            return True
    return False


def supporting_works(claim: Claim) -> int:
    """How many distinct works (cite keys) the claim links to with the stance ``supports``."""
    return len({link.source for link in claim.links if link.stance is Stance.SUPPORTS})


Test = Callable[[Claim], bool]


def _tests(workspace: Workspace, selection: Selection) -> list[Test]:
    """One test per filter that is set, with what it needs computed once for all claims."""
    sel, tests = selection, []
    if sel.ids:
        ids = frozenset(sel.ids)
        tests.append(lambda c: c.id in ids)
    if sel.statuses:
        tests.append(lambda c: c.reliability.status in sel.statuses)
    if sel.sources:
        tests.append(lambda c: any(k in c.source_keys for k in sel.sources))
    if sel.tags:
        wanted = {fold(t) for t in sel.tags}
        tests.append(lambda c: any(fold(t) in wanted for t in c.tags))
    if sel.langs:
        tests.append(lambda c: any(lang in _languages(c, workspace) for lang in sel.langs))
    if sel.people:
        terms = [search_terms(p, workspace) for p in sel.people]
        tests.append(lambda c: any(_has_person(c, t) for t in terms))
    if sel.search:
        found, haystacks = search_terms(sel.search, workspace), Haystacks(workspace)
        tests.append(lambda c: _has_any(haystacks.claim(c), found))
    if sel.places:
        places = [fold(p) for p in sel.places]
        tests.append(lambda c: any(p in folded(" | ".join(c.places)) for p in places))
    return tests + _evidence_tests(workspace, selection)


def _evidence_tests(workspace: Workspace, sel: Selection) -> list[Test]:
    tests: list[Test] = []
    if sel.support is not None:
        tests.append(lambda c: supporting_works(c) == sel.support)
    if sel.min_support is not None:
        tests.append(lambda c: supporting_works(c) >= (sel.min_support or 0))
    if sel.verified is not None:
        tertiary = frozenset(k for k, s in workspace.sources.items() if is_tertiary(s))
        tests.append(lambda c: is_verified(c, workspace.sources, tertiary) is sel.verified)
    if sel.independent is not None or sel.min_independent is not None or sel.profiles:
        from claimref import evidence  # noqa: PLC0415  (evidence imports this module)

        index = evidence.EvidenceIndex(workspace.sources, workspace.people)
        tests.append(
            evidence.evidence_test(index, sel.independent, sel.min_independent, sel.profiles)
        )
    return tests


def _has_any(text: str, terms: tuple[str, ...]) -> bool:
    return any(term in text for term in terms)


def _languages(claim: Claim, workspace: Workspace) -> set[str]:
    found = set()
    for key in claim.source_keys:
        source = workspace.sources.get(key)
        if source and source.language:
            found.add(source.language.split("-")[0])
    return found


def people_text(claim: Claim) -> str:
    """The names a claim gives, folded, their transliteration appended (``--person`` looks here)."""
    names = fold(" | ".join(claim.people))
    names += " | " + fold(to_latin(names, "ala-lc-ascii")) if has_cyrillic(names) else ""
    return names


def _has_person(claim: Claim, terms: tuple[str, ...]) -> bool:
    names = people_text(claim)
    return any(term in names for term in terms)


def close_matches(name: str, known: Iterable[str], n: int = 5) -> list[str]:
    """Names in ``known`` close to ``name``: those containing it, then close spellings."""
    import difflib  # noqa: PLC0415  (only when a name is not found)

    names = list(known)
    lower = name.lower()
    found = [k for k in names if lower in k.lower()][:n]
    found += difflib.get_close_matches(name, names, n=n, cutoff=0.6)
    return list(dict.fromkeys(found))[:n]


def _require_known(workspace: Workspace, selection: Selection) -> None:
    """Raise :class:`UnknownNameError` for a claim id or cite key the workspace lacks (a key that a
    claim links to counts as known, even when its entry is missing)."""
    for claim_id in selection.ids:
        if claim_id not in workspace.claims:
            raise UnknownNameError("claim", claim_id, close_matches(claim_id, workspace.claims))
    missing = [key for key in selection.sources if key not in workspace.sources]
    if missing:
        linked = {k for claim in workspace.claims.values() for k in claim.source_keys}
        for key in missing:
            if key not in linked:
                raise UnknownNameError("source", key, close_matches(key, workspace.sources))


def select_claims(workspace: Workspace, selection: Selection) -> list[Claim]:
    """The selected claims, sorted by id; an unknown id or key is an :class:`UnknownNameError`."""
    _require_known(workspace, selection)
    return filter_claims(workspace, selection)


def filter_claims(workspace: Workspace, selection: Selection) -> list[Claim]:
    """The claims of ``workspace`` that ``selection`` takes, sorted by id, its ids and keys taken
    as known (the index checks them against the whole workspace first)."""
    tests = _tests(workspace, selection)
    if selection.ids:
        chosen = (workspace.claims[i] for i in sorted(set(selection.ids)) if i in workspace.claims)
        return [c for c in chosen if all(test(c) for test in tests)]
    return [c for c in workspace.claims.values() if all(test(c) for test in tests)]


def select_sources(
    workspace: Workspace, selection: Selection, cited_only: bool = False, uncited: bool = False
) -> list[Source]:
    """The sources cited by the selected claims (all sources when the selection is empty and
    ``cited_only`` is false; with ``uncited``, those no claim cites, the claim filters left
    aside), filtered by ``langs`` and ``sources`` too; sorted by key."""
    _require_known(workspace, selection)
    claim_filter = replace(selection, sources=(), langs=())
    if uncited:
        cited = workspace.citation_counts()
        keys = {k for k in workspace.sources if k not in cited}
    elif claim_filter.is_empty and not cited_only:
        keys = set(workspace.sources)
    else:
        keys = {k for claim in select_claims(workspace, claim_filter) for k in claim.source_keys}
    chosen = [workspace.sources[k] for k in sorted(keys) if k in workspace.sources]
    if selection.sources:
        chosen = [s for s in chosen if s.key in selection.sources]
    if selection.langs:
        chosen = [s for s in chosen if (s.language or "").split("-")[0] in selection.langs]
    return chosen
