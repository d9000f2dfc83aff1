"""The problems of a workspace that no single file shows: a cite key defined twice (in any case or
Unicode form), a claim or person id used twice, a link to a source the bibliography lacks.

Each function indexes what the files parsed to and adds a finding for each such problem; the first
place wins, as the store loads. Loading is :mod:`claimref.store`'s job, the index's incremental
version of the same rules :mod:`claimref.index.state`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from claimref.citekey import fold, twin_difference
from claimref.errors import Finding
from claimref.model import Claim, Person, Source
from claimref.usertext import clip

__all__ = ["check_links", "index_by_id", "index_sources"]

T = TypeVar("T", Claim, Person)


def index_sources(sources: list[Source], findings: list[Finding]) -> dict[str, Source]:
    """Sources by key; a key used twice (also across files, or differing only in case, Unicode
    normalisation or invisible characters: :func:`claimref.citekey.fold`) is an error."""
    by_key: dict[str, Source] = {}
    folded: dict[str, Source] = {}
    for source in sources:
        twin = fold(source.key)
        first = folded.get(twin)
        if first is None:
            by_key[source.key] = folded[twin] = source
            continue
        same = twin_difference(source.key, first.key)
        same = same if same == "the same" else f"'{clip(first.key)}', {same},"
        message = (
            f"cite key '{clip(source.key)}' is {same} as the key at {first.location} "
            "(citeproc treats keys without case); this entry is not used"
        )
        findings.append(Finding(source.location, message, rule="duplicate-key"))
    return dict(sorted(by_key.items()))


def index_by_id(items: list[T], findings: list[Finding], kind: str) -> dict[str, T]:
    """Claims or people by id; an id used twice is an error at the second place."""
    by_id: dict[str, T] = {}
    for item in items:
        if item.id in by_id:
            message = f"{kind} id '{item.id}' is also used at {by_id[item.id].location}"
            findings.append(Finding(item.location, message, rule="duplicate-id"))
        else:
            by_id[item.id] = item
    return dict(sorted(by_id.items()))


def check_links(
    claims: Iterable[Claim], sources: Mapping[str, Source], findings: list[Finding]
) -> None:
    """A link to a key no source has is an error (with the key differing only in case or
    invisible characters named, when there is one)."""
    folded: dict[str, str] | None = None  # built at the first missing source
    for claim in claims:
        for link in claim.links:
            if link.source in sources:
                continue
            if folded is None:
                folded = {fold(key): key for key in sources}
            near = folded.get(fold(link.source))
            hint = ""
            if near is not None:
                hint = f" (did you mean '{clip(near)}'? {twin_difference(link.source, near)})"
            message = (
                f"claim '{clip(claim.id)}' links to '{clip(link.source)}', which is not in "
                f"bibliography/{hint}"
            )
            findings.append(Finding(link.location, message, rule="missing-source"))
