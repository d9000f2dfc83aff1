"""Selecting claims and sources: the filters shared by every command that takes a selection.

Matching is case- and diacritic-insensitive (``karsava`` finds Kārsava) and crosses scripts: Cyrillic
text is also searched in its ALA-LC transliteration, and a name that is a form of a person on record
(people/*.yaml) stands for all of that person's forms (``samsons`` finds ``Самсон``). Reading files is
the store's job and presenting results the CLI's; this module only decides what is selected, in a
stable order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from claimref.model import Claim, Source, Status
from claimref.people import matching
from claimref.store import Workspace
from claimref.translit import fold, has_cyrillic, to_latin

__all__ = ["Selection", "claim_text", "fold", "search_terms", "select_claims", "select_sources"]


@dataclass(frozen=True)
class Selection:
    """Which claims to take; an empty filter takes everything. Filters of one kind are or-ed,
    filters of different kinds and-ed."""

    ids: tuple[str, ...] = ()
    statuses: tuple[Status, ...] = ()
    sources: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    search: str = ""

    @property
    def is_empty(self) -> bool:
        """True when no filter is set."""
        return self == Selection()


def claim_text(claim: Claim, workspace: Workspace) -> str:
    """All the searchable text of a claim, folded: its own fields, quotes and cited titles."""
    parts = [
        claim.id,
        claim.statement,
        claim.note,
        claim.reliability.note,
        claim.date,
        *claim.places,
        *claim.people,
        *claim.tags,
    ]
    for link in claim.links:
        parts += [link.source, link.note]
        if link.quote:
            parts += [link.quote.text, link.quote.translation]
        source = workspace.sources.get(link.source)
        if source:
            parts += [source.title, *(str(name) for name in source.creators())]
    text = "\n".join(parts)
    if has_cyrillic(text):
        text += "\n" + to_latin(text, "ala-lc-ascii")
    return fold(text)


def search_terms(text: str, workspace: Workspace) -> tuple[str, ...]:
    """Folded alternatives for ``text``: itself, its transliteration, and, when it names a person on
    record, each of that person's name forms and family names."""
    terms = [text, to_latin(text, "ala-lc-ascii")]
    for person in matching(text, workspace.people):
        for form in person.forms():
            terms += [form, form.replace(".", ". ").split()[-1]]
    return tuple(dict.fromkeys(fold(t) for t in terms if t.strip()))


def _matches(claim: Claim, workspace: Workspace, selection: Selection) -> bool:
    checks = (
        not selection.ids or claim.id in selection.ids,
        not selection.statuses or claim.reliability.status in selection.statuses,
        not selection.sources or any(k in claim.source_keys for k in selection.sources),
        not selection.tags or any(fold(t) in map(fold, claim.tags) for t in selection.tags),
        not selection.langs
        or any(lang in _languages(claim, workspace) for lang in selection.langs),
        not selection.people or any(_has_person(claim, p, workspace) for p in selection.people),
        not selection.search or _has_text(claim, selection.search, workspace),
    )
    return all(checks)


def _languages(claim: Claim, workspace: Workspace) -> set[str]:
    found = set()
    for key in claim.source_keys:
        source = workspace.sources.get(key)
        if source and source.language:
            found.add(source.language.split("-")[0])
    return found


def _has_person(claim: Claim, person: str, workspace: Workspace) -> bool:
    names = fold(" | ".join(claim.people))
    names += " | " + fold(to_latin(names, "ala-lc-ascii")) if has_cyrillic(names) else ""
    return any(term in names for term in search_terms(person, workspace))


def _has_text(claim: Claim, text: str, workspace: Workspace) -> bool:
    haystack = claim_text(claim, workspace)
    return any(term in haystack for term in search_terms(text, workspace))


def select_claims(workspace: Workspace, selection: Selection) -> list[Claim]:
    """The selected claims, sorted by id."""
    return [c for c in workspace.claims.values() if _matches(c, workspace, selection)]


def select_sources(
    workspace: Workspace, selection: Selection, cited_only: bool = False
) -> list[Source]:
    """The sources cited by the selected claims (all sources when the selection is empty and
    ``cited_only`` is false), filtered by ``langs`` and ``sources`` too; sorted by key."""
    claim_filter = replace(selection, sources=(), langs=())
    if claim_filter.is_empty and not cited_only:
        keys = set(workspace.sources)
    else:
        keys = {k for claim in select_claims(workspace, claim_filter) for k in claim.source_keys}
    chosen = [workspace.sources[k] for k in sorted(keys) if k in workspace.sources]
    if selection.sources:
        chosen = [s for s in chosen if s.key in selection.sources]
    if selection.langs:
        chosen = [s for s in chosen if (s.language or "").split("-")[0] in selection.langs]
    return chosen
