"""Findings accepted on purpose in the data: ``accept:`` in a claim, ``x-accept`` in a source.

A claim's ``accept: [{rule, reason}]`` accepts that rule's findings located in the claim's file. A
source's ``x-accept = {rule-id: reason; other-rule: reason}`` accepts that rule's findings located in
the entry's lines. An acceptance that accepts nothing (the rule no longer fires, or there is no such
rule) or gives no reason is itself reported (``accept-unused``), so that acceptances do not go stale.
Which rules run, and how findings are printed, is decided elsewhere.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from claimref.errors import Finding, Severity
from claimref.model import Location
from claimref.store import Workspace
from claimref.validate.registry import Rule, RuleSet

rules = RuleSet()
rules.declare(
    "accept-unused",
    Severity.WARNING,
    "an accepted finding (accept: in a claim, x-accept "
    "in a source) that accepts nothing, names no rule, or gives no reason",
)
UNUSED = "accept-unused"
_X_ACCEPT = re.compile(
    r"([a-z][a-z0-9-]*)\s*:\s*(.*?)\s*(?=;\s*[a-z][a-z0-9-]*\s*:|;?\s*$)", re.DOTALL
)


@dataclass(frozen=True)
class Acceptance:
    """One accepted rule, where it applies (a file, and lines in it), and where it was written."""

    rule: str
    reason: str
    path: str
    first_line: int
    last_line: int
    written_at: Location
    owner: str

    def covers(self, finding: Finding) -> bool:
        """True when this acceptance accepts ``finding``."""
        where = finding.location
        return (
            finding.rule == self.rule
            and where.path == self.path
            and self.first_line <= where.line <= self.last_line
        )


def acceptances(ws: Workspace) -> list[Acceptance]:
    """Every acceptance written in the workspace's claims and sources."""
    found = []
    for claim in ws.claims.values():
        where, owner = claim.location, f"claim '{claim.id}'"
        found += [
            Acceptance(a.rule, a.reason, where.path, 0, 1 << 30, where, owner)
            for a in claim.accepted
        ]
    for source in ws.sources.values():
        text = source.get("x-accept")
        last = source.location.line + source.raw.count("\n")
        for match in _X_ACCEPT.finditer(text):
            found.append(
                Acceptance(
                    match[1],
                    match[2],
                    source.location.path,
                    source.location.line,
                    last,
                    source.location,
                    source.key,
                )
            )
        if text.strip() and not _X_ACCEPT.search(text):
            found.append(
                Acceptance("", text, source.location.path, 0, -1, source.location, source.key)
            )
    return found


def apply(
    findings: Iterable[Finding],
    accepted: list[Acceptance],
    rules_run: Mapping[str, Rule],
    known: Mapping[str, Rule],
) -> tuple[list[Finding], int]:
    """The findings not accepted, plus the ``accept-unused`` findings; and how many were accepted."""
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, acceptance in enumerate(accepted):
        index[(acceptance.path, acceptance.rule)].append(i)
    used: set[int] = set()
    kept: list[Finding] = []
    count = 0
    for finding in findings:
        candidates = index.get((finding.location.path, finding.rule), [])
        hits = [i for i in candidates if accepted[i].covers(finding)]
        used.update(hits)
        if hits:
            count += 1
        else:
            kept.append(finding)
    return kept + unused(accepted, used, rules_run, known), count


def unused(
    accepted: list[Acceptance],
    used: set[int],
    rules_run: Mapping[str, Rule],
    known: Mapping[str, Rule],
) -> list[Finding]:
    """``accept-unused`` findings for acceptances that accepted nothing or are malformed."""
    problems = []
    for i, acceptance in enumerate(accepted):
        message = _why_unused(acceptance, i in used, rules_run, known)
        if message:
            problems.append(
                Finding(
                    acceptance.written_at,
                    f"{acceptance.owner}: {message}",
                    Severity.WARNING,
                    UNUSED,
                )
            )
    return problems


def _why_unused(
    acceptance: Acceptance, was_used: bool, rules_run: Mapping[str, Rule], known: Mapping[str, Rule]
) -> str:
    if not acceptance.rule:
        return f"x-accept '{acceptance.reason}': write it as 'rule-id: reason; rule-id: reason'"
    if acceptance.rule not in known:
        return f"accepts rule '{acceptance.rule}', which does not exist (see --list-rules)"
    if not acceptance.reason.strip():
        return f"accepts rule '{acceptance.rule}' without a reason"
    if not was_used and acceptance.rule in rules_run:
        return f"accepts rule '{acceptance.rule}', which finds nothing here any more"
    return ""
