"""Check sources before they are written: the rules that look at one entry at a time, errors only.

``claimref source add``, ``merge`` and ``import`` must not leave an error behind that ``claimref
check`` would then report (a bad ISBN check digit, a book without a title…). :func:`entry_errors`
runs the error rules of :mod:`claimref.validate.sources` on the candidate entries alone, with their
own ``x-accept`` acceptances applied, so that it is quick on a large workspace. Rules that need the
rest of the workspace (duplicates, key collisions, links) are the callers' job.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType

from claimref.errors import Finding, Severity
from claimref.model import Source
from claimref.store import Workspace
from claimref.validate import RULES, accept, sources
from claimref.validate.registry import Rule

#: The per-entry rules whose findings are errors.
ENTRY_RULES: dict[str, Rule] = {
    rule.id: rule for rule in sources.rules.rules if rule.severity is Severity.ERROR
}


def entry_errors(candidates: Iterable[Source], root: Path = Path()) -> list[Finding]:
    """The errors the per-entry rules find in ``candidates`` (accepted ones left out), sorted."""
    by_key = {source.key: source for source in candidates}
    alone = Workspace(root, MappingProxyType(by_key), MappingProxyType({}))
    findings = [finding for rule in ENTRY_RULES.values() for finding in rule.run(alone)]
    kept, _ = accept.apply(findings, accept.acceptances(alone), ENTRY_RULES, RULES)
    return sorted(f for f in kept if f.severity is Severity.ERROR)
