"""What a check rule is, and how the theme modules declare theirs.

A rule is a stable kebab-case id, a default severity, a one-line description and (unless the loader
finds it) a function from a loaded :class:`~claimref.store.Workspace` to problems. Each theme module
owns one :class:`RuleSet`, filled by its ``@rules.rule(...)`` decorators while the module is imported
and never changed after. Running rules, selecting them and accepting findings is the package's job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from claimref.errors import Finding, Severity
from claimref.model import Location
from claimref.store import Workspace

#: What a rule function yields: where the problem is, and what it is.
Problem = tuple[Location, str]
Check = Callable[[Workspace], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    """One check: its id, default severity, description, and function (None: found elsewhere, by
    the loader or by the acceptance of findings)."""

    id: str
    severity: Severity
    description: str
    function: Check | None = None

    def run(self, workspace: Workspace) -> list[Finding]:
        """This rule's findings on ``workspace`` (none when they are found elsewhere)."""
        if self.function is None:
            return []
        return [
            Finding(where, message, self.severity, self.id)
            for where, message in self.function(workspace)
        ]


class RuleSet:
    """The rules of one theme module, in the order the module declares them."""

    def __init__(self) -> None:
        self._rules: list[Rule] = []

    def rule(self, rule_id: str, severity: Severity, description: str) -> Callable[[Check], Check]:
        """Decorator declaring ``function`` as the check for ``rule_id`` (at import time only)."""

        def register(function: Check) -> Check:
            self._rules.append(Rule(rule_id, severity, description, function))
            return function

        return register

    def declare(self, rule_id: str, severity: Severity, description: str) -> None:
        """Declare a rule whose findings are made elsewhere (by the store while loading)."""
        self._rules.append(Rule(rule_id, severity, description))

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules declared so far, in declaration order."""
        return tuple(self._rules)
