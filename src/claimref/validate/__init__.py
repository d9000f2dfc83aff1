"""``claimref check``: every rule, run on a loaded workspace, with the findings accepted in the data
taken out.

The registry :data:`RULES` is built once, at import, from the theme modules: ``loading`` (problems the
store finds while loading, reported as they are), ``sources``, ``duplicates``, ``claims``,
``evidence_rules`` and ``accept``. A loaded workspace is always checked in full, whatever errors
loading found. This package reads no files (the store does) and prints nothing (the CLI does).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from claimref.errors import ClaimrefError, Finding, Severity
from claimref.progress import Progress
from claimref.store import Workspace, gc_paused
from claimref.validate import accept, claims, duplicates, evidence_rules, loading, sources
from claimref.validate.registry import Rule


def _registry(*groups: tuple[Rule, ...]) -> Mapping[str, Rule]:
    by_id: dict[str, Rule] = {}
    for rule in (rule for group in groups for rule in group):
        if rule.id in by_id:
            raise ValueError(f"check rule '{rule.id}' is declared twice")
        by_id[rule.id] = rule
    return MappingProxyType(by_id)


#: Every rule, by id, in the order ``--list-rules`` shows them.
RULES: Mapping[str, Rule] = _registry(
    loading.rules.rules,
    sources.rules.rules,
    duplicates.rules.rules,
    claims.rules.rules,
    evidence_rules.rules.rules,
    accept.rules.rules,
)


class UnknownRuleError(ClaimrefError):
    """A rule id given to select or ignore is not a rule."""


@dataclass(frozen=True)
class CheckReport:
    """The findings of one check (sorted, accepted ones taken out) and how it went."""

    findings: tuple[Finding, ...]
    accepted: int = 0
    rules: tuple[str, ...] = ()
    timings: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    def count(self, severity: Severity) -> int:
        """How many findings have ``severity``."""
        return sum(1 for f in self.findings if f.severity is severity)

    def failed(self, strict: bool = False) -> bool:
        """True when there are errors (or, with ``strict``, warnings)."""
        worst = Severity.WARNING.rank if strict else Severity.ERROR.rank
        return any(f.severity.rank >= worst for f in self.findings)


def select_rules(
    select: Iterable[str] | None = None, ignore: Iterable[str] = ()
) -> dict[str, Rule]:
    """The rules to run: ``select`` (all when None) minus ``ignore``; unknown ids are refused."""
    chosen, ignored = list(RULES) if select is None else list(select), list(ignore)
    unknown = [rule_id for rule_id in (*chosen, *ignored) if rule_id not in RULES]
    if unknown:
        raise UnknownRuleError(f"unknown rule(s): {', '.join(unknown)} (see --list-rules)")
    return {
        rule_id: RULES[rule_id] for rule_id in RULES if rule_id in chosen and rule_id not in ignored
    }


def check(
    workspace: Workspace,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    progress: Progress | None = None,
) -> CheckReport:
    """Run the selected rules on ``workspace``; findings accepted in the data are counted, not kept.
    ``progress`` is told (rules run, rules) as the rules run."""
    chosen = select_rules(select, ignore)
    findings = [f for f in workspace.findings if f.rule in chosen or f.rule not in RULES]
    timings: dict[str, float] = {}
    with gc_paused():  # rules index the whole workspace: the collector would rescan it each time
        for done, rule in enumerate(chosen.values()):
            if progress is not None:
                progress(done, len(chosen))
            started = time.perf_counter()
            findings += rule.run(workspace)
            timings[rule.id] = time.perf_counter() - started
    started = time.perf_counter()
    kept, accepted = accept.apply(findings, accept.acceptances(workspace), chosen, RULES)
    if accept.UNUSED not in chosen:
        kept = [f for f in kept if f.rule != accept.UNUSED]
    timings[accept.UNUSED] = time.perf_counter() - started
    return CheckReport(tuple(sorted(kept)), accepted, tuple(chosen), MappingProxyType(timings))


def run_checks(
    workspace: Workspace, select: Iterable[str] | None = None, ignore: Iterable[str] = ()
) -> list[Finding]:
    """The findings of :func:`check`, sorted by place."""
    return list(check(workspace, select, ignore).findings)


__all__ = [
    "RULES",
    "CheckReport",
    "Rule",
    "UnknownRuleError",
    "check",
    "run_checks",
    "select_rules",
]
