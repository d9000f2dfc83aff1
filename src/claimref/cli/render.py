"""``claimref cite``, ``refs`` and ``styles``: citations and reference lists in a CSL style.

Thin commands over :mod:`claimref.render`: they pick the sources, call one render function and print
the result. The style options are shared with ``claimref show --style`` (see :func:`style_options`).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from dataclasses import asdict, fields, replace
from typing import Any, TypeVar

import click

from claimref import parsecache
from claimref.cli import cli, completers, make_selection, selection_options, workspace
from claimref.cli.browse import script_options
from claimref.cli.config import bad_value
from claimref.cli.table import table
from claimref.model import LOCATOR_LABELS, Claim, Source
from claimref.progress import showing
from claimref.query import Selection, select_sources
from claimref.render import FORMATS, Cite, Rendered, render
from claimref.render.output import link_urls, standalone_html
from claimref.render.styles import (
    UnknownLocaleError,
    UnknownStyleError,
    find_styles,
    resolve_locale,
    resolve_style,
)
from claimref.store import Workspace
from claimref.translit import DEFAULT_SCHEME

F = TypeVar("F", bound=Callable[..., Any])
#: From this many entries, ``refs`` says on a terminal that it is rendering them.
LONG_LIST = 500


def style_options(func: F) -> F:
    """``--style``, ``--locale``, ``--format``, ``--no-cache``, ``--script`` and ``--translit``."""
    func = script_options(func)
    options = [
        click.option("--style", default="apa", show_default=True, metavar="STYLE",
                     shell_complete=completers.style,
                     help="CSL style id (apa, chicago-author-date, ieee…) or path to a .csl file."),
        click.option("--locale", default=None, metavar="LOCALE", shell_complete=completers.locale,
                     help="CSL locale (en-US, lv-LV, ru-RU…; default: the style's)."),
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
                     show_default=True, help="Output format."),
        click.option("--no-cache", is_flag=True,
                     help="Do not read or write the cache of formatted entries (in "
                          "~/.cache/claimref, see claimref --help)."),
    ]  # fmt: skip
    for option in reversed(options):
        func = option(func)
    return func


def render_sources(ws: Workspace, sources: list[Source], citations: list[list[Cite]],
                   options: dict[str, Any]) -> Rendered:  # fmt: skip
    """Render with the values of :func:`style_options`; ``claimref --no-cache`` (no caches at
    all) is honoured too."""
    ctx = click.get_current_context()
    try:
        resolve_style(options["style"])
    except UnknownStyleError as exc:  # given, or from claimref.toml (then said so)
        raise bad_value(ctx, "style", str(exc)) from None
    try:
        resolve_locale(options["locale"])
    except UnknownLocaleError as exc:
        raise bad_value(ctx, "locale", str(exc)) from None
    everywhere = ctx.find_root().obj or {}
    skip = options.get("no_cache") or not everywhere.get("cache", True)
    cache = None if skip else parsecache.workspace_cache(ws.root, "render-")
    return render(sources, citations, style=options["style"], locale=options["locale"],
                  fmt=options["fmt"], cache_dir=cache,
                  script=options.get("script", "original"),
                  translit=options.get("translit", DEFAULT_SCHEME))  # fmt: skip


def parse_cite(text: str, ws: Workspace) -> Cite:
    """``KEY``, ``KEY@112`` (a page) or ``KEY@chapter:3`` → a :class:`Cite`; unknown keys are a
    usage error naming close matches."""
    key, _, where = text.partition("@")
    if key not in ws.sources:
        close = difflib.get_close_matches(key, list(ws.sources), n=3)
        hint = f" (did you mean: {', '.join(close)}?)" if close else ""
        raise click.BadParameter(f"no source '{key}'{hint}", param_hint="KEY")
    label, _, value = where.partition(":")
    if not value or label not in LOCATOR_LABELS:
        label, value = "page", where
    return Cite(key, label if value else "", value.strip())


def bibliography_text(rendered: Rendered, fmt: str) -> str:
    """The reference list as one block of ``fmt`` (entries on their own lines or paragraphs)."""
    entries = [rendered.entries[key] for key in rendered.order if rendered.entries[key]]
    if fmt == "html":  # addresses and DOIs as links (http and https only)
        body = "\n".join(f'  <div class="csl-entry">{link_urls(entry)}</div>' for entry in entries)
        return f'<div class="csl-bib-body">\n{body}\n</div>'
    return ("\n\n" if fmt in ("markdown", "rst") else "\n").join(entries)


@cli.command("cite")
@click.argument("cites", nargs=-1, required=True, metavar="KEY[@LOCATOR]...",
                shell_complete=completers.cite)  # fmt: skip
@style_options
@click.pass_context
def cite_command(ctx: click.Context, /, cites: tuple[str, ...], **options: Any) -> None:
    """Print the in-text citation (or note) of the given sources, then their reference entries.

    A locator is a page (KEY@112) or LABEL:VALUE (KEY@chapter:3, KEY@section:2.1).

    \b
    Example:
        claimref cite strods2006@112 falkov2019 --style chicago-author-date
        claimref cite rashkevits1963@45 --style apa --script latin
    """
    ws = workspace(ctx)
    chosen = [parse_cite(text, ws) for text in cites]
    keys = list(dict.fromkeys(cite.key for cite in chosen))
    rendered = render_sources(ws, [ws.sources[k] for k in keys], [chosen], options)
    click.echo(rendered.citations[0])
    text = bibliography_text(rendered, options["fmt"])
    if text:
        click.echo("")
        click.echo(text)


@cli.command("refs")
@selection_options
@click.option("--claim", "ids", multiple=True, metavar="ID", shell_complete=completers.claim_id,
              help="Sources cited by this claim.")  # fmt: skip
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Every source in the bibliography, cited or not (goes with --lang, --source).",
)
@click.option("--standalone", is_flag=True,
              help="With --format html: a complete HTML page, not a fragment.")  # fmt: skip
@style_options
@click.pass_context
def refs_command(ctx: click.Context, /, everything: bool, standalone: bool, **options: Any) -> None:
    """Print the reference list of the selected sources, sorted as the style says.

    By default: every source cited by any claim. The claim filters select the sources those claims
    cite; --all takes every source in the bibliography, cited or not, and goes with the source
    filters --lang and --source only.

    \b
    Example:
        claimref refs --all --style apa --format html --standalone > refs.html
        claimref refs --all --lang ru --style gost-r-7-0-5-2008
        claimref refs --claim samsons-130-trains --style chicago-author-date
        claimref refs --all --style apa --script latin --translit iso9
    """
    if standalone and options["fmt"] != "html":
        raise click.UsageError("--standalone goes with --format html")
    ws = workspace(ctx)
    selection = make_selection(**{f.name: options.pop(f.name) for f in fields(Selection)})
    if everything and not replace(selection, sources=(), langs=()).is_empty:
        raise click.UsageError(
            "--all takes every source in the bibliography: combine it with --lang and --source, "
            "not with the claim filters"
        )
    chosen = select_sources(ws, selection) if everything else _cited(ws, selection)
    if not chosen:
        click.echo("no sources selected", err=True)
        return
    with showing("rendering", "entries") as meter:
        if meter is not None and len(chosen) >= LONG_LIST:  # rendered in worker processes
            meter.announce(len(chosen))
        text = bibliography_text(render_sources(ws, chosen, [], options), options["fmt"])
    click.echo(standalone_html(text, f"References ({options['style']})") if standalone else text)
    click.echo(f"{len(chosen)} of {len(ws.sources)} sources", err=True)


def _cited(ws: Workspace, selection: Selection) -> list[Source]:
    """The sources the selected claims cite (every claim when nothing is selected)."""
    return select_sources(ws, selection, cited_only=True)


def link_citations(ws: Workspace, claim: Claim, options: dict[str, Any]) -> list[tuple[str, str]]:
    """For ``show --style``: each link's citation (with its locator) and reference entry."""
    keys = [key for key in claim.source_keys if key in ws.sources]
    clusters = []
    for link in claim.links:
        if link.source in ws.sources:
            where = link.locator
            cite = Cite(link.source, where.label, where.value) if where else Cite(link.source)
            clusters.append([cite])
    rendered = render_sources(ws, [ws.sources[k] for k in keys], clusters, options)
    citations = iter(rendered.citations)
    return [(next(citations), rendered.entries.get(link.source, "")) if link.source in ws.sources
            else ("", "") for link in claim.links]  # fmt: skip


@cli.command("styles")
@click.argument("words", nargs=-1, metavar="[TEXT]...")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")  # fmt: skip
def styles_command(words: tuple[str, ...], fmt: str) -> None:
    """List the CSL styles whose id or title holds every word of TEXT (all styles without it).

    Each line gives the id to pass to --style and the style's title (tab-separated when piped).

    \b
    Example:
        claimref styles gost
        claimref styles chicago author-date
    """
    text = " ".join(words)
    found = find_styles(text)
    if fmt == "json":
        click.echo(json.dumps([asdict(info) for info in found], ensure_ascii=False, indent=2))
    elif found:
        click.echo(table([["ID", "TITLE"], *([i.id, i.title] for i in found)], flexible=1))
    if not found:
        click.echo(f"claimref: no style matches '{text}'", err=True)
