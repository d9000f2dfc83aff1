"""Check rules on claims: links, reliability against the support, quotes and locators.

The claim file's form (fields, types, ids, notes on disputed claims, verified who/when, links to
missing sources) is checked by the loader (:mod:`claimref.validate.loading`); these rules judge the
content of well-formed claims. Near-duplicate statements are in :mod:`claimref.validate.duplicates`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from claimref.errors import Severity
from claimref.model import Claim, Link, Stance, Status
from claimref.people import conflicts
from claimref.store import Workspace
from claimref.usertext import clip
from claimref.validate.languages import known_language
from claimref.validate.registry import Problem, RuleSet

rules = RuleSet()
ERROR, WARNING = Severity.ERROR, Severity.WARNING

#: Statuses that claim the statement is (probably) true, and so need good support.
ASSERTED = frozenset({Status.ESTABLISHED, Status.PROBABLE})
WEAK_GRADES = frozenset("DEF")
#: Labels whose values are page-like numbers; the others name a part (a section, a chapter…).
NUMBERED = frozenset("page column line folio verse".split())
_PAGE = r"(?:\d+[a-z]?|[ivxlcdm]+|[IVXLCDM]+)(?:\s*ff?\.?)?"
_RANGE = rf"{_PAGE}(?:\s*(?:--|[-–—])\s*{_PAGE})?"
_PAGES = re.compile(rf"^{_RANGE}(?:\s*[,;]\s*{_RANGE})*$|^passim$")
_LABELLED = re.compile(
    r"^(p|pp|pg|s|ss|с|стр|lpp|lp|page|pages|seite|fol|col)\.?\s*\d", re.IGNORECASE
)
_ARABIC_RANGE = re.compile(r"^(\d+)\s*(?:--|[-–—])\s*(\d+)$")


@rules.rule(
    "conflict-of-interest",
    WARNING,
    "a person the claim is about (people:, matched through people/*.yaml) is an author, editor or "
    "translator of a work whose link supports the claim",
)
def conflict_of_interest(ws: Workspace) -> Iterator[Problem]:
    if not ws.people:
        return
    for claim in ws.claims.values():
        for conflict in conflicts(claim, ws.people, ws.sources):
            if conflict.link.stance is Stance.SUPPORTS:
                yield conflict.link.location, f"claim '{claim.id}': {conflict.describe()}"


@rules.rule("no-link", WARNING, "a claim with no link to any source (yet)")
def no_link(ws: Workspace) -> Iterator[Problem]:
    # A claim file whose links could not be read (the loader reported why, in messages starting
    # with "link") is not also told that it links to nothing.
    unreadable = {f.location.path for f in ws.findings if f.message.startswith("link")}
    for claim in ws.claims.values():
        if not claim.links and claim.location.path not in unreadable:
            yield claim.location, f"claim '{claim.id}' links to no source"


@rules.rule(
    "disputed-without-dissent",
    WARNING,
    "a disputed or doubtful claim with no link whose "
    "stance is disputes or qualifies: who disputes it?",
)
def disputed_without_dissent(ws: Workspace) -> Iterator[Problem]:
    dissent = (Stance.DISPUTES, Stance.QUALIFIES)
    for claim in ws.claims.values():
        status = claim.reliability.status
        if status.needs_note and not any(link.stance in dissent for link in claim.links):
            message = f"claim '{claim.id}' is {status} but no link disputes or qualifies it"
            yield claim.location, f"{message}: who disputes it?"


@rules.rule(
    "quote-lang", WARNING, "a quote without its language (lang), or with an unknown language code"
)
def quote_lang(ws: Workspace) -> Iterator[Problem]:
    for claim, link in _links(ws):
        if link.quote is None:
            continue
        if not link.quote.lang:
            yield link.location, f"claim '{claim.id}': the quote from '{link.source}' has no lang"
        elif not known_language(link.quote.lang):
            message = f"quote lang '{clip(link.quote.lang)}' is not a known language code"
            yield link.location, f"claim '{claim.id}': {message}"


@rules.rule(
    "locator-format",
    WARNING,
    "a locator that is not a page, a range or a named part "
    "(e.g. 'p. 12' as a value, a backwards range 119-96)",
)
def locator_format(ws: Workspace) -> Iterator[Problem]:
    for claim, link in _links(ws):
        if link.locator is None:
            continue
        problem = locator_problem(link.locator.label, link.locator.value)
        if problem:
            yield (
                link.location,
                f"claim '{claim.id}': locator '{clip(link.locator.value)}': {problem}",
            )


@functools.lru_cache(maxsize=4096)
def locator_problem(label: str, value: str) -> str:
    """Why a locator value does not fit its label; empty when it does (remembered: the same
    pages recur across thousands of links)."""
    text = value.strip()
    if _LABELLED.match(text):
        return "the value repeats the label: give the number alone (label: page, value: 12)"
    if label in NUMBERED and not _PAGES.match(text):
        return f"a {label} locator needs a number, a range (96–119) or a list (12, 15)"
    backwards = _ARABIC_RANGE.match(text)
    if label in NUMBERED and backwards and int(backwards[1]) > int(backwards[2]):
        return "the range runs backwards"
    return ""


def _links(ws: Workspace) -> Iterator[tuple[Claim, Link]]:
    for claim in ws.claims.values():
        for link in claim.links:
            yield claim, link


def _support(claim: Claim) -> list[Link]:
    return [link for link in claim.links if link.stance is Stance.SUPPORTS]


@rules.rule(
    "single-source", WARNING, "an established or probable claim supported by one source only"
)
def single_source(ws: Workspace) -> Iterator[Problem]:
    for claim in ws.claims.values():
        keys = {link.source for link in _support(claim)}
        if claim.reliability.status in ASSERTED and len(keys) == 1:
            message = f"is {claim.reliability.status} on one source only ('{keys.pop()}')"
            yield claim.location, f"claim '{claim.id}' {message}"


@rules.rule(
    "weak-support",
    WARNING,
    "an established or probable claim with no supporting link, "
    "or supported only by sources graded D-F",
)
def weak_support(ws: Workspace) -> Iterator[Problem]:
    source_grades = {key: source.reliability or "" for key, source in ws.sources.items()}
    for claim in ws.claims.values():
        if claim.reliability.status not in ASSERTED:
            continue
        support = _support(claim)
        status = claim.reliability.status
        if not support:
            yield claim.location, f"claim '{claim.id}' is {status} but no link supports it"
            continue
        grades = [link.reliability or source_grades.get(link.source, "") for link in support]
        if all(grade in WEAK_GRADES for grade in grades):
            shown = ", ".join(
                f"{link.source} {grade}" for link, grade in zip(support, grades, strict=True)
            )
            message = f"is {status} but its only support is graded D-F ({shown})"
            yield claim.location, f"claim '{claim.id}' {message}"
