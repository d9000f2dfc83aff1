"""``claimref evidence ID``: what supports one claim, how independently, and the grade it suggests.

Prints the recorded verdict beside the suggested information-credibility grade (with the rule that
gave it), the number of independent groups of supporting works, the provenance profile in words, and
each link with its source's kind, era, grade and check; or the same as JSON. Weighing is
:mod:`claimref.evidence`'s job; this module only lays it out.
"""

from __future__ import annotations

import json

import click

from claimref.cli import cli, completers, workspace
from claimref.credibility import Group, LinkEvidence
from claimref.evidence import Evidence, EvidenceIndex
from claimref.model import CREDIBILITY_GRADES, Stance
from claimref.provenance import SOVIET
from claimref.query import UnknownNameError, close_matches

_HEADINGS = {
    Stance.SUPPORTS: "Supports",
    Stance.QUALIFIES: "Qualifies",
    Stance.DISPUTES: "Disputes",
    Stance.MENTIONS: "Mentions",
}


@cli.command("evidence")
@click.argument("claim_id", metavar="ID", shell_complete=completers.claim_id)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.pass_context
def evidence_command(ctx: click.Context, /, claim_id: str, fmt: str) -> None:
    """Weigh the evidence for one claim: independent support, provenance, a suggested grade.

    Supporting works that share an author or person, or derive from one another (x-based-on), count
    once; a work by a subject of the claim is a participant's own account and does not count as
    independent. The suggested credibility grade (1-6) is shown beside the recorded status with
    the rule that gave it (docs/evidence.md).

    \b
    Example:
        claimref evidence samsons-130-trains
        claimref evidence samsons-130-trains --format json
    """
    ws = workspace(ctx)
    claim = ws.claims.get(claim_id)
    if claim is None:
        raise UnknownNameError("claim", claim_id, close_matches(claim_id, ws.claims))
    evidence = EvidenceIndex(ws.sources, ws.people).weigh(claim)
    if fmt == "json":
        click.echo(json.dumps(evidence.to_data(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_evidence(evidence))


def render_evidence(evidence: Evidence) -> str:
    """The evidence for one claim as readable text."""
    claim, suggestion = evidence.claim, evidence.suggestion
    rel = claim.reliability
    recorded = rel.status.value
    recorded += f", credibility {rel.credibility}" if rel.credibility else ", no credibility grade"
    suggested = f"{suggestion.grade} ({CREDIBILITY_GRADES[suggestion.grade]})"
    works = sum(len(group.keys) for group in evidence.groups)
    lines = [
        f"{claim.id}  [{rel.status.value.upper()}]",
        "",
        claim.statement,
        "",
        f"Recorded:     {recorded}",
        f"Suggested:    {suggested}, rule {suggestion.rule}: {suggestion.reason}",
        f"Independent:  {evidence.independent} (supporting works: {works}, "
        f"in {len(evidence.groups)} group{'' if len(evidence.groups) == 1 else 's'})",
        "",
        "Provenance:",
        *(f"  - {sentence}" for sentence in evidence.profile),
    ]
    width = max((len(le.link.source) for le in evidence.links), default=0)
    for stance, heading in _HEADINGS.items():
        links = evidence.stance(stance)
        if links:
            lines += ["", f"{heading}:"]
            lines += [_link_line(le, width, evidence.groups) for le in links]
    return "\n".join(lines)


def _link_line(le: LinkEvidence, width: int, groups: tuple[Group, ...]) -> str:
    facts = le.facts
    head = f"  {le.link.source:{width}}  "
    if facts is None:
        return head + "unresolved: not in the bibliography, or its entry has errors"
    parts = [facts.kind.value if facts.kind else "kind unknown", _era(le)]
    parts.append(f"grade {le.grade}" if le.grade else "ungraded")
    verified = le.link.verified
    parts.append(f"verified by {verified.by} on {verified.on}" if verified else "not verified")
    number = next((n for n, g in enumerate(groups, 1) if le in g.links), 0)
    if number and len(groups) > 1:
        parts.append(f"group {number}")
    if le.participants:
        who = ", ".join(p.subject for p in le.participants)
        parts.append(f"a participant's own account ({who})")
    if le.circular:
        parts.append("circular x-based-on")
    return head + " · ".join(parts)


def _era(le: LinkEvidence) -> str:
    facts = le.facts
    if facts is None:
        return ""
    if facts.era == SOVIET:
        return f"Soviet-era ({facts.era_why})"
    if facts.era_why or facts.year:
        return "not Soviet-era"
    return "era unknown (no date)"
