"""``claimref site``: the workspace as a static website (a thin command over
:mod:`claimref.site`), optionally served on 127.0.0.1 and rebuilt while the data is edited.
"""

from __future__ import annotations

import datetime
from http.server import ThreadingHTTPServer
from pathlib import Path

import click

from claimref import parsecache
from claimref.cli import cli, completers, print_findings, workspace
from claimref.cli.browse import script_options
from claimref.cli.config import bad_value, ignored_rules
from claimref.cli.render import LONG_LIST
from claimref.errors import ClaimrefError
from claimref.partial import usable_part
from claimref.progress import showing
from claimref.render.styles import (
    UnknownLocaleError,
    UnknownStyleError,
    resolve_locale,
    resolve_style,
)
from claimref.site import BuildReport, SiteOptions, StyleChoice, build_site
from claimref.store import load_workspace


def _say(report: BuildReport, out: Path) -> None:
    click.echo(
        f"{out}: {report.pages} pages ({len(report.files)} files): {len(report.written)} written, "
        f"{len(report.files) - len(report.written)} unchanged, {len(report.removed)} removed",
        err=True,
    )


def _choice(style: str, locale: str | None, script: str, translit: str) -> StyleChoice:
    ctx = click.get_current_context()
    try:
        resolve_style(style)
    except UnknownStyleError as exc:  # given, or from claimref.toml (then said so)
        raise bad_value(ctx, "style", str(exc)) from None
    try:
        resolve_locale(locale)
    except UnknownLocaleError as exc:
        raise bad_value(ctx, "locale", str(exc)) from None
    return StyleChoice(style, locale, script, translit)


@cli.command("site")
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to build into: new, empty, or a site built here before.",
)
@click.option(
    "--style",
    default="apa",
    show_default=True,
    metavar="STYLE",
    shell_complete=completers.style,
    help="CSL style of the references and citations (id or .csl file).",
)
@click.option(
    "--locale",
    default=None,
    metavar="LOCALE",
    shell_complete=completers.locale,
    help="CSL locale (default: the style's).",
)
@script_options
@click.option(
    "--title", default=SiteOptions.title, show_default=True, help="The site's title, on every page."
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="RULE,...",
    shell_complete=completers.rules,
    help="Leave these check rules' findings off the problems page (default: ignore in "
    "claimref.toml).",
)
@click.option(
    "--stamp",
    is_flag=True,
    help="Show the build time on every page (two builds then never give the same files).",
)
@click.option(
    "--serve",
    is_flag=True,
    help="Then serve the site on 127.0.0.1 and rebuild it when a file of the workspace "
    "changes (Ctrl-C stops).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port for --serve (0: any free port).",
)
@click.pass_context
def site_command(ctx: click.Context, *, out: Path, style: str, locale: str | None, script: str,
                 translit: str, title: str, ignore: tuple[str, ...], stamp: bool, serve: bool,
                 port: int) -> None:  # fmt: skip
    """Build the workspace as a static website in DIR: an index of the claims with filters, a page
    per claim, source and person, the reference list, an evidence matrix, a timeline and the
    problems `claimref check` finds.

    Plain HTML, one CSS file and a little JavaScript; nothing is loaded from the network, and the
    pages work from file:// and with JavaScript off. A rebuild writes only the files that changed;
    without --stamp the same data always gives the same bytes.

    \b
    Example:
        claimref site -o site
        claimref site -o site --style chicago-author-date --script latin --title "Partisans"
        claimref site -o site --serve --port 8001
    """
    choice = _choice(style, locale, script, translit)
    cache = (ctx.find_root().obj or {}).get("cache", True)
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC") if stamp else ""
    options = SiteOptions(title, choice, when, cache, _ignored(ctx, ignore))
    server = _open_server(out, port) if serve else None  # a port in use: said before building
    built = False
    try:
        ws = workspace(ctx)
        with showing("building the site", "pages") as meter:
            if meter is not None and len(ws.sources) >= LONG_LIST:  # entries rendered first
                meter.draw(f"building the site: {len(ws.sources):,} sources to render…")
            report = build_site(ws, out, options, meter)
        _say(report, out)  # once the progress line is cleared
        built = True
    finally:
        if server is not None and not built:
            server.server_close()
    if server is not None:
        _serve(server, ws.root, out, options)


def _ignored(ctx: click.Context, values: tuple[str, ...]) -> tuple[str, ...]:
    """The rule ids of ``--ignore`` (comma-separated, repeatable); unknown ones are refused."""
    from claimref.validate import UnknownRuleError, select_rules  # noqa: PLC0415

    ids = ignored_rules(
        ctx, [part.strip() for v in values for part in v.split(",") if part.strip()]
    )
    try:
        select_rules(None, ids)
    except UnknownRuleError as exc:
        raise click.BadParameter(str(exc), param_hint="--ignore") from None
    return tuple(ids)


def _open_server(out: Path, port: int) -> ThreadingHTTPServer:
    from claimref.site import serve  # noqa: PLC0415  (only with --serve)

    return serve.open_server(out, port)


def _serve(server: ThreadingHTTPServer, root: Path, out: Path, options: SiteOptions) -> None:
    from claimref.site import serve  # noqa: PLC0415  (only with --serve)

    click.echo(f"serving {out} at {serve.address(server)} (Ctrl-C stops)", err=True)

    def rebuild() -> None:
        try:
            cache = parsecache.DiskParseCache.for_root(root) if options.cache else None
            loaded = load_workspace(root, cache=cache)
            print_findings(loaded.errors)
            _say(build_site(usable_part(loaded)[0], out, options), out)
        except ClaimrefError as exc:
            click.echo(f"claimref: error: {exc}", err=True)

    serve.serve(server, root, rebuild)
