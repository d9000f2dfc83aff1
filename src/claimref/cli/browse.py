"""``claimref claims``, ``show`` and ``sources``: reading the workspace in the terminal or as JSON."""

from __future__ import annotations

import json
import shutil
import sys
from typing import Any

import click

from claimref.cli import cli, make_selection, selection_options, workspace
from claimref.cli.render import link_citations, script_options
from claimref.formats.claimfile import to_data
from claimref.model import CREDIBILITY_GRADES, SOURCE_GRADES, Claim, Link, Source
from claimref.people import conflicts
from claimref.query import select_claims, select_sources
from claimref.reference import full_reference, short_reference
from claimref.store import Workspace

FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)


def _width() -> int | None:
    """The terminal's width; None when output goes to a pipe or file (then nothing is shortened)."""
    if not sys.stdout.isatty():
        return None
    return max(60, shutil.get_terminal_size((100, 24)).columns)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 1)].rstrip() + "…"


def _table(rows: list[list[str]], flexible: int) -> str:
    """On a terminal, aligned columns under a header, column ``flexible`` (and a long last column)
    shortened to fit; to a pipe or file, tab-separated rows without the header, nothing shortened."""
    total = _width()
    if total is None:
        return "\n".join("\t".join(row) for row in rows[1:])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    if flexible != len(widths) - 1:
        widths[-1] = min(widths[-1], 30)
    fixed = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (len(widths) - 1)
    widths[flexible] = max(20, min(widths[flexible], total - fixed))
    lines = []
    for row in rows:
        cells = [_shorten(c, widths[i]).ljust(widths[i]) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _dump_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@cli.command("claims")
@selection_options
@FORMAT
@click.pass_context
def claims_command(ctx: click.Context, /, fmt: str, **filters: Any) -> None:
    """List claims: id, status, statement and the sources they cite.

    \b
    Example:
        claimref claims --status disputed
        claimref claims --search karsava --format json
    """
    ws = workspace(ctx)
    chosen = select_claims(ws, make_selection(**filters))
    if fmt == "json":
        _dump_json([to_data(claim) for claim in chosen])
        return
    rows = [["ID", "STATUS", "STATEMENT", "SOURCES"]]
    rows += [
        [c.id, c.reliability.status.value, c.statement, " ".join(c.source_keys)] for c in chosen
    ]
    if chosen:
        click.echo(_table(rows, flexible=2))
    click.echo(f"{len(chosen)} of {len(ws.claims)} claims", err=True)


@cli.command("show")
@click.argument("claim_id", metavar="ID")
@FORMAT
@click.option(
    "--style",
    default=None,
    metavar="STYLE",
    help="Cite each link in this CSL style (apa, chicago-author-date…), with its locator.",
)
@click.option("--locale", default=None, metavar="LOCALE", help="CSL locale for --style.")
@script_options
@click.pass_context
def show_command(ctx: click.Context, /, claim_id: str, fmt: str, style: str | None,
                 locale: str | None, **script: str) -> None:  # fmt: skip
    """Show one claim in full, with each source it links to.

    \b
    Example:
        claimref show samsons-130-trains
        claimref show samsons-130-trains --style chicago-author-date
        claimref show samsons-130-trains --style apa --script latin
    """
    ws = workspace(ctx)
    claim = ws.claims.get(claim_id)
    if claim is None:
        close = [i for i in ws.claims if claim_id.lower() in i] or list(ws.claims)[:0]
        hint = f" (did you mean: {', '.join(close[:5])}?)" if close else ""
        raise click.BadParameter(f"no claim '{claim_id}'{hint}", param_hint="ID")
    if fmt == "json":
        _dump_json(to_data(claim))
        return
    styled = None
    if style:
        options = {"style": style, "locale": locale, "fmt": "text", "no_cache": False, **script}
        styled = link_citations(ws, claim, options)
    click.echo(render_claim(claim, ws, styled))


def render_claim(claim: Claim, ws: Workspace,
                 styled: list[tuple[str, str]] | None = None) -> str:  # fmt: skip
    """The claim as readable text: statement, context, reliability and each link."""
    rel = claim.reliability
    lines = [f"{claim.id}  [{rel.status.value.upper()}]", "", claim.statement, ""]
    for label, value in (
        ("Date", claim.date),
        ("Places", ", ".join(claim.places)),
        ("People", ", ".join(claim.people)),
        ("Tags", ", ".join(claim.tags)),
    ):
        if value:
            lines.append(f"{label + ':':9}{value}")
    if rel.credibility:
        lines.append(f"{'Credibility:'} {rel.credibility} ({CREDIBILITY_GRADES[rel.credibility]})")
    for label, value in (("Why", rel.note), ("Note", claim.note)):
        if value:
            lines.append(f"{label + ':':9}{value}")
    for conflict in conflicts(claim, ws.people, ws.sources):
        lines.append(f"Warning: {conflict.describe()}.")
    for number, link in enumerate(claim.links, 1):
        cited = styled[number - 1] if styled else None
        lines += ["", *_link_lines(number, link, ws.sources.get(link.source), cited)]
    for accepted in claim.accepted:
        lines.append(f"Accepted finding {accepted.rule}: {accepted.reason}")
    lines.append(f"\n({claim.location})")
    return "\n".join(lines)


def _link_lines(number: int, link: Link, source: Source | None,
                cited: tuple[str, str] | None = None) -> list[str]:  # fmt: skip
    """A link's lines; ``cited`` (from --style) is its citation and reference entry."""
    checked = (
        f"verified by {link.verified.by} on {link.verified.on}" if link.verified else "unverified"
    )
    head = f"[{number}] {link.stance.value} · {checked}"
    if link.locator:
        head += f" · {link.locator}"
    reference = full_reference(source) if source else link.source + " (missing)"
    if cited and cited[0]:
        reference = f"{cited[0]}\n    {cited[1]}"
    lines = [head, f"    {reference}"]
    grade = link.reliability or (source.reliability if source else None)
    if grade:
        lines.append(f"    Source grade: {grade} ({SOURCE_GRADES[grade]})")
    if link.quote:
        lang = f" [{link.quote.lang}]" if link.quote.lang else ""
        lines.append(f"    Quote{lang}: “{link.quote.text}”")
        if link.quote.translation:
            lines.append(f"    Translation: “{link.quote.translation}”")
    if link.note:
        lines.append(f"    Note: {link.note}")
    return lines


@cli.command("sources")
@selection_options
@FORMAT
@click.pass_context
def sources_command(ctx: click.Context, /, fmt: str, **filters: Any) -> None:
    """List sources: key, language, year, short reference and how many claims cite each.

    The claim filters select the sources those claims cite.

    \b
    Example:
        claimref sources --lang ru
    """
    ws = workspace(ctx)
    chosen = select_sources(ws, make_selection(**filters))
    counts = ws.citation_counts()
    if fmt == "json":
        _dump_json([_source_data(s, counts.get(s.key, 0)) for s in chosen])
        return
    rows = [["KEY", "LANG", "YEAR", "CLAIMS", "REFERENCE"]]
    rows += [
        [
            s.key,
            s.language or "?",
            s.year or "n.d.",
            str(counts.get(s.key, 0)),
            f"{short_reference(s)}: {s.title}",
        ]
        for s in chosen
    ]
    if chosen:
        click.echo(_table(rows, flexible=4))
    click.echo(f"{len(chosen)} of {len(ws.sources)} sources", err=True)


def _source_data(source: Source, count: int) -> dict[str, Any]:
    return {
        "key": source.key,
        "type": source.entry_type,
        "language": source.language,
        "year": source.year,
        "reference": full_reference(source),
        "claims": count,
        "fields": dict(source.fields),
        "location": str(source.location),
    }
