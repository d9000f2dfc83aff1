"""``claimref check``: run every check rule on the workspace and print the findings.

Findings go to stdout, one ``path:line:col: severity: message [rule-id]`` line each (the errorformat
editors and CI annotate), or as JSON; the summary line with the counts goes to stderr. Exit codes:
0 clean, 1 findings at the failing level (errors; with --strict also warnings), 2 usage error.
The rules themselves are in :mod:`claimref.validate`.
"""

from __future__ import annotations

import json
from typing import Any

import click

from claimref.cli import cli, completers, load
from claimref.cli.config import from_settings, ignored_rules
from claimref.errors import Finding, Severity, WorkspaceNotFoundError
from claimref.progress import showing
from claimref.store import Workspace
from claimref.validate import RULES, CheckReport, UnknownRuleError, check, select_rules


def _rule_ids(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def format_finding(finding: Finding) -> str:
    """One finding as ``path:line:col: severity: message [rule-id]``."""
    return f"{finding} [{finding.rule}]"


def finding_data(finding: Finding) -> dict[str, Any]:
    """One finding as plain data for ``--format json``."""
    where = finding.location
    return {
        "path": where.path,
        "line": where.line or None,
        "column": where.column or None,
        "severity": finding.severity.value,
        "rule": finding.rule,
        "message": finding.message,
    }


def summary(report: CheckReport, ws: Workspace, strict: bool) -> str:
    """The one-line summary: counts by severity, accepted findings, and the verdict."""
    counts = ", ".join(_plural(report.count(s), s.value) for s in Severity)
    verdict = "failed" if report.failed(strict) else "passed"
    level = "errors and warnings fail" if strict else "errors fail"
    scope = f"{_plural(len(report.rules), 'rule')} on {_plural(len(ws.sources), 'source')} and "
    scope += _plural(len(ws.claims), "claim")
    return f"claimref check: {counts}; {report.accepted} accepted; {scope}: {verdict} ({level})"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _list_rules(fmt: str) -> None:
    if fmt == "json":
        data = [
            {"id": r.id, "severity": r.severity.value, "description": r.description}
            for r in RULES.values()
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    width = max(len(rule_id) for rule_id in RULES)
    for rule in RULES.values():
        click.echo(f"{rule.id:{width}}  {rule.severity.value:7}  {rule.description}")


@cli.command("check")
@click.option(
    "--select",
    "select",
    multiple=True,
    metavar="RULE,...",
    shell_complete=completers.rules,
    help="Run only these rules (comma-separated; may be repeated).",
)
@click.option(
    "--ignore",
    "ignore",
    multiple=True,
    metavar="RULE,...",
    shell_complete=completers.rules,
    help="Do not run these rules (comma-separated; may be repeated).",
)
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--list-rules", is_flag=True, help="List the rules with their descriptions and exit.")
@click.pass_context
def check_command(
    ctx: click.Context,
    *,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool,
    fmt: str,
    list_rules: bool,
) -> None:
    """Find every defect in claims and sources; exit 1 when errors (or, with --strict,
    warnings) are found.

    Prints one line per finding, path:line:col: severity: message [rule-id], then a summary line on
    stderr. Accept a finding on purpose with `accept: [{rule, reason}]` in the claim, or
    `x-accept = {rule-id: reason}` in the source.

    \b
    Example:
        claimref check --strict
        claimref check --select isbn-invalid,isbn-shared --format json
        claimref check --list-rules
    """
    if list_rules:
        _list_rules(fmt)
        return
    selected, ignored = _rule_ids(select), ignored_rules(ctx, _rule_ids(ignore))
    if from_settings(ctx, "ignore"):  # claimref.toml's ignore: never a rule --select names
        ignored = [rule_id for rule_id in ignored if rule_id not in selected]
    try:
        chosen = select_rules(selected or None, ignored)
        ws = load(ctx)
    except (UnknownRuleError, WorkspaceNotFoundError) as exc:
        raise click.UsageError(str(exc), ctx) from None
    with showing("checking", "rules") as meter:
        report = check(ws, chosen, progress=meter)
    _print_report(report, fmt, strict)
    click.echo(summary(report, ws, strict), err=True)
    ctx.exit(1 if report.failed(strict) else 0)


def _print_report(report: CheckReport, fmt: str, strict: bool) -> None:
    if fmt == "text":
        for finding in report.findings:
            click.echo(format_finding(finding))
        return
    data = {
        "findings": [finding_data(f) for f in report.findings],
        "summary": {
            **{s.value: report.count(s) for s in Severity},
            "accepted": report.accepted,
            "failed": report.failed(strict),
        },
    }
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
