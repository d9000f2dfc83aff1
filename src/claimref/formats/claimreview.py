"""schema.org ClaimReview (JSON-LD) for the claims that have a verdict, as fact-checkers publish them.

One ``ClaimReview`` per claim whose status is not ``unverified``: the statement as
``claimReviewed``, the status as the rating's ``alternateName`` with a number on a 1–5 scale
(:data:`RATING_VALUES`), the supporting and disputing works as the appearances of the reviewed
``Claim``, the date of the verdict from the claim's history, the review's author and address as
given. Only what the data holds is written: a missing date or URL of a work is left out, never
made up. Choosing the claims, reading settings and printing are the caller's; the mapping is
documented in docs/data-format.md ("Publishing verdicts").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from claimref.model import Claim, Name, Source, Stance, Status

CONTEXT = "https://schema.org"
BEST_RATING, WORST_RATING = 5, 1
#: A claimref status → ``ratingValue`` (1 worst … 5 best). 1 is left for "false": no claimref
#: status says a claim has been shown false. ``unverified`` has no verdict and no review.
RATING_VALUES: Mapping[Status, int] = MappingProxyType(
    {Status.ESTABLISHED: 5, Status.PROBABLE: 4, Status.DOUBTFUL: 3, Status.DISPUTED: 2}
)
#: The links whose works are listed as the claim's appearances.
APPEARANCE_STANCES = (Stance.SUPPORTS, Stance.DISPUTES)
#: What Google's fact-check markup requires of each review (dotted: a property of a property).
REQUIRED = ("claimReviewed", "reviewRating.alternateName", "url")
_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class Reviewer:
    """Who publishes the reviews (schema.org ``author``): a person, or an organisation."""

    name: str
    organization: bool = False


@dataclass(frozen=True)
class ClaimReviews:
    """The JSON-LD text (an array of ClaimReview objects) and notes on what was left out, one
    ``ID: …`` line each."""

    text: str
    reviews: tuple[dict[str, Any], ...]
    notes: tuple[str, ...]


def has_verdict(claim: Claim) -> bool:
    """True when the claim's status is a verdict (anything but ``unverified``)."""
    return claim.reliability.status in RATING_VALUES


def review_url(pattern: str, claim_id: str) -> str:
    """The review's address: ``{id}`` in ``pattern`` replaced by the claim id."""
    return pattern.replace("{id}", claim_id)


def verdict_date(claim: Claim) -> str:
    """The day the claim got its present status: the last history entry that set it, or ""."""
    status = claim.reliability.status
    dates = [entry.date for entry in claim.history if entry.to_status is status]
    return dates[-1] if dates else ""


def claim_reviews(claims: Iterable[Claim], sources: Mapping[str, Source], reviewer: Reviewer,
                  url_pattern: str) -> ClaimReviews:  # fmt: skip
    """A review for each claim with a verdict; the others, and left-out dates, as notes."""
    reviews: list[dict[str, Any]] = []
    notes: list[str] = []
    for claim in claims:
        if not has_verdict(claim):
            notes.append(f"{claim.id}: unverified, no verdict to publish; skipped")
            continue
        if not verdict_date(claim):
            notes.append(f"{claim.id}: no history entry records its status; datePublished left out")
        reviews.append(claim_review(claim, sources, reviewer, review_url(url_pattern, claim.id)))
    if len(reviews) > 1 and "{id}" not in url_pattern:
        notes.append(f"{len(reviews)} reviews share the address {url_pattern}: put {{id}} in it "
                     "(e.g. #{id}) to tell them apart")  # fmt: skip
    text = json.dumps(reviews, ensure_ascii=False, indent=2) + "\n"
    return ClaimReviews(text, tuple(reviews), tuple(notes))


def claim_review(claim: Claim, sources: Mapping[str, Source], reviewer: Reviewer,
                 url: str) -> dict[str, Any]:  # fmt: skip
    """One ClaimReview object (with its own ``@context``) for a claim with a verdict."""
    status = claim.reliability.status
    review: dict[str, Any] = {"@context": CONTEXT, "@type": "ClaimReview", "url": url}
    review["claimReviewed"] = claim.statement
    review["author"] = {"@type": "Organization" if reviewer.organization else "Person",
                        "name": reviewer.name}  # fmt: skip
    date = verdict_date(claim)
    if date:
        review["datePublished"] = date
    review["reviewRating"] = {
        "@type": "Rating",
        "ratingValue": RATING_VALUES[status],
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
        "alternateName": status.value.capitalize(),
    }
    if claim.reliability.note:
        review["reviewBody"] = claim.reliability.note
    item: dict[str, Any] = {"@type": "Claim"}
    works = [creative_work(sources[key]) for key in appearance_keys(claim) if key in sources]
    if works:
        item["appearance"] = works
    review["itemReviewed"] = item
    return review


def appearance_keys(claim: Claim) -> list[str]:
    """The cite keys of the works that support or dispute the claim, in link order, once each."""
    keys = [link.source for link in claim.links if link.stance in APPEARANCE_STANCES]
    return list(dict.fromkeys(keys))


def creative_work(source: Source) -> dict[str, Any]:
    """A work as a schema.org ``CreativeWork`` (a ``Book`` when it has an ISBN): title, authors
    and editors, date, URL (else its DOI's), ISBN and language, each when the entry has it."""
    isbn = source.get("isbn")
    work: dict[str, Any] = {"@type": "Book" if isbn else "CreativeWork", "name": source.title}
    for role in ("author", "editor"):
        if source.names.get(role):
            work[role] = [agent(name) for name in source.names[role]]
    date = source.get("date") or source.get("year")
    if _ISO_DATE.fullmatch(date):
        work["datePublished"] = date
    url = source.get("url") or (f"https://doi.org/{source.get('doi')}" if source.get("doi") else "")
    if url:
        work["url"] = url
    if isbn:
        work["isbn"] = isbn
    if source.language:
        work["inLanguage"] = source.language
    return work


def agent(name: Name) -> dict[str, str]:
    """A name as a schema.org ``Person`` (given name first), or an ``Organization`` when it is a
    corporate (literal) name."""
    if name.literal:
        return {"@type": "Organization", "name": name.literal}
    parts = (name.given, name.particle, name.family, name.suffix)
    return {"@type": "Person", "name": " ".join(part for part in parts if part)}


def missing_required(review: Mapping[str, Any]) -> list[str]:
    """The properties of :data:`REQUIRED` (and ``author``) that ``review`` lacks or leaves empty."""
    missing = []
    for path in (*REQUIRED, "author.name"):
        value: Any = review
        for step in path.split("."):
            value = value.get(step) if isinstance(value, Mapping) else None
        if not value:
            missing.append(path)
    return missing
