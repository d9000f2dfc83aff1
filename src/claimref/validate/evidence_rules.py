"""Check rules on the evidence: verdicts stronger than their support, and the fields behind it.

A claim's recorded status or credibility is held to what :mod:`claimref.evidence` derives
(independent groups of supporting works, participants' own accounts, tertiary sources, the suggested
grade); a source's ``x-based-on`` must name known works without a cycle, and ``x-kind`` and ``x-era``
must be values claimref knows. The rules themselves are documented in docs/evidence.md.
"""

from __future__ import annotations

from collections.abc import Iterator

from claimref.errors import Severity
from claimref.evidence import Evidence, EvidenceIndex
from claimref.model import Claim
from claimref.provenance import ERAS, Kind, based_on
from claimref.query import close_matches
from claimref.store import Workspace
from claimref.usertext import clip
from claimref.validate.claims import ASSERTED
from claimref.validate.registry import Problem, RuleSet
from claimref.validate.sources import field_location

rules = RuleSet()
ERROR, WARNING = Severity.ERROR, Severity.WARNING
#: Recorded credibility grades that say the claim is (probably, possibly) true.
POSITIVE = frozenset({1, 2, 3})


@rules.rule(
    "verdict-stronger-than-evidence",
    WARNING,
    "an established or probable claim with one independent source, or supported only by a "
    "participant's own account or by tertiary works; or a credibility 1-3 better than the evidence "
    "suggests",
)
def verdict_stronger_than_evidence(ws: Workspace) -> Iterator[Problem]:
    index = EvidenceIndex(ws.sources, ws.people)
    for claim in ws.claims.values():
        asserted = claim.reliability.status in ASSERTED
        if not asserted and claim.reliability.credibility not in POSITIVE:
            continue
        evidence = index.weigh(claim)
        problem = _status_problem(evidence) if asserted else ""
        if problem:
            yield claim.location, f"claim '{claim.id}' is {claim.reliability.status} {problem}"
        problem = _credibility_problem(claim, evidence)
        if problem:
            yield claim.location, f"claim '{claim.id}' {problem}"


def _status_problem(evidence: Evidence) -> str:
    """Why the support cannot carry an established or probable verdict ('' when it can)."""
    groups = evidence.groups
    if not groups:  # no supporting link at all: weak-support says so
        return ""
    support = list(dict.fromkeys(le.link.source for group in groups for le in group.links))
    keys = ", ".join(support)
    if all(group.participant for group in groups):
        return f"but its only support is a participant's own account ({keys})"
    if all(le.facts is not None and le.facts.tertiary for group in groups for le in group.links):
        return f"but its only support is tertiary ({keys})"
    if evidence.independent <= 1 and len(support) > 1:  # one work alone: single-source says so
        why = [
            f"{' and '.join(g.keys)} count once: {'; '.join(g.shared)}" for g in groups if g.shared
        ]
        why += [
            f"{', '.join(g.keys)}: a participant's own account" for g in groups if g.participant
        ]
        return f"on one independent source; {'; '.join(why)}"
    return ""


def _credibility_problem(claim: Claim, evidence: Evidence) -> str:
    recorded, suggested = claim.reliability.credibility, evidence.suggestion
    if recorded not in POSITIVE or recorded is None or suggested.grade <= recorded:
        return ""
    return (
        f"records credibility {recorded}, but the evidence suggests {suggested.grade} "
        f"(rule {suggested.rule}: {suggested.reason})"
    )


@rules.rule(
    "circular-support",
    ERROR,
    "works based on each other (x-based-on): a cycle, so each would derive from itself",
)
def circular_support(ws: Workspace) -> Iterator[Problem]:
    index = EvidenceIndex(ws.sources, ws.people)
    for cycle in index.cycles:
        for key in cycle:
            source = ws.sources.get(key)
            if source is None:
                continue
            if len(cycle) == 1:
                message = f"'{key}' is based on itself (x-based-on)"
            else:
                message = f"'{key}' is in a cycle of x-based-on: {', '.join(cycle)} derive from "
                message += "each other"
            yield field_location(source, "x-based-on"), message


@rules.rule(
    "based-on-unknown", ERROR, "x-based-on names a cite key that is not in the bibliography"
)
def based_on_unknown(ws: Workspace) -> Iterator[Problem]:
    for source in ws.sources.values():
        if "x-based-on" not in source.fields:
            continue
        keys = based_on(source)
        if not keys:
            yield field_location(source, "x-based-on"), f"'{source.key}': x-based-on is empty"
        for key in keys:
            if key not in ws.sources:
                close = close_matches(key, ws.sources, 1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                message = f"'{source.key}' is based on '{clip(key)}', not in the bibliography"
                yield field_location(source, "x-based-on"), message + hint


@rules.rule(
    "evidence-field-invalid",
    ERROR,
    "x-kind is not primary, secondary or tertiary, or x-era is not soviet or none",
)
def evidence_field_invalid(ws: Workspace) -> Iterator[Problem]:
    kinds = [kind.value for kind in Kind]
    for source in ws.sources.values():
        for name, allowed in (("x-kind", kinds), ("x-era", sorted(ERAS))):
            if name not in source.fields:
                continue
            value = source.get(name).strip()
            if value.lower() not in allowed:
                message = f"'{source.key}': {name} '{clip(value)}' is not {' or '.join(allowed)}"
                yield field_location(source, name), message
