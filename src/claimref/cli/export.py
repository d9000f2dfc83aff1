"""``claimref export …`` (BibTeX, CSL-JSON, RIS, wikitext, claims, ClaimReview, QuickStatements) and
``claimref import FILE``.

Thin commands: select with the shared filters, call :mod:`claimref.exporting` or
:mod:`claimref.importing`, print the text or write it with ``store.write_atomic``. Exporting over a
file of the workspace itself is refused (``import`` is the way to add to the bibliography).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from claimref import exporting, importing
from claimref.cli import (
    F,
    cli,
    completers,
    load,
    make_selection,
    print_findings,
    selection_options,
    workspace,
)
from claimref.config import load_settings
from claimref.edit import workspace_lock
from claimref.formats import claimreview
from claimref.model import Source
from claimref.progress import showing
from claimref.query import select_claims, select_sources
from claimref.render import render_bibliography
from claimref.script import SCRIPTS, in_script
from claimref.store import Workspace, display_path, find_root, write_atomic
from claimref.translit import DEFAULT_SCHEME, SCHEMES


def _source_options(func: F) -> F:
    """Selection filters, ``--claim``, ``--key``, ``--script``/``--translit`` and ``-o``."""
    func = click.option("--translit", type=click.Choice(list(SCHEMES)), default=DEFAULT_SCHEME,
                        show_default=True, help="Scheme for --script latin.")(func)  # fmt: skip
    func = click.option("--script", type=click.Choice(SCRIPTS), default="original",
                        show_default=True, help="latin: transliterate Cyrillic titles, names, "
                        "places and publishers.")(func)  # fmt: skip
    func = click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
                        help="Write to FILE (atomically) instead of standard output.")(func)  # fmt: skip
    func = _force_option(func)
    func = click.option("--key", "keys", multiple=True, metavar="KEY",
                        shell_complete=completers.cite_key,
                        help="This source (repeatable).")(func)  # fmt: skip
    func = click.option("--claim", "ids", multiple=True, metavar="ID",
                        shell_complete=completers.claim_id,
                        help="Sources cited by this claim (repeatable).")(func)  # fmt: skip
    return selection_options(func)


def chosen_sources(ws: Workspace, keys: tuple[str, ...], filters: dict[str, Any]) -> list[Source]:
    """The selected sources in the script asked for; ``--key`` alone picks just those keys."""
    script, scheme = filters.pop("script", "original"), filters.pop("translit", DEFAULT_SCHEME)
    return in_script(_selected(ws, keys, filters), script, scheme)


def _selected(ws: Workspace, keys: tuple[str, ...], filters: dict[str, Any]) -> list[Source]:
    selection = make_selection(**filters)
    unknown = [k for k in keys if k not in ws.sources]
    if unknown:
        raise click.BadParameter(f"no source '{unknown[0]}' in bibliography/", param_hint="--key")
    if keys and selection.is_empty:
        return [ws.sources[k] for k in sorted(set(keys))]
    chosen = select_sources(ws, selection)
    return [s for s in chosen if s.key in keys] if keys else chosen


def emit(ws: Workspace, text: str, output: str | None, what: str) -> None:
    """Print ``text``, or write it atomically to ``output`` (see :func:`exporting.check_output`)."""
    if output is None:
        click.echo(text, nl=False)
        return
    force = bool(click.get_current_context().params.get("force"))
    path = exporting.check_output(ws.root, Path(output), force)
    write_atomic(path, text)
    click.echo(f"wrote {what} to {display_path(path)}", err=True)


def _force_option(func: F) -> F:
    return click.option("--force", is_flag=True,
                        help="With -o: replace FILE if it exists.")(func)  # fmt: skip


@cli.group("export")
def export_group() -> None:
    """Export sources (BibTeX, CSL-JSON, RIS, wikitext), claims with their citations, verdicts as
    ClaimReview, or Wikidata statements as QuickStatements.

    \b
    Example:
        claimref export bibtex --lang lv -o latvian.bib
        claimref export claims --status disputed --format wikitext
    """


def _sources_command(name: str, help_text: str, render: Callable[[list[Source]], str]) -> None:
    @export_group.command(name, help=help_text)
    @_source_options
    @click.pass_context
    def command(ctx: click.Context, /, keys: tuple[str, ...], output: str | None,
                **filters: Any) -> None:  # fmt: skip
        ws = workspace(ctx)
        chosen = chosen_sources(ws, keys, filters)
        emit(ws, render(chosen), output, f"{len(chosen)} sources")


_sources_command(
    "csljson",
    "Export sources as CSL-JSON (for pandoc --citeproc and Zotero).\n\n\b\n"
    "Example:\n    claimref export csljson -o refs.json",
    exporting.export_csljson,
)
_sources_command(
    "ris",
    "Export sources as RIS (Zotero, EndNote, Mendeley), UTF-8.\n\n\b\n"
    "Example:\n    claimref export ris --lang ru -o russian.ris",
    exporting.export_ris,
)
_sources_command("wikitext", "Export sources as Wikipedia CS1 templates ({{cite book}}…), one a "
                 "line.\n\n\b\nExample:\n    claimref export wikitext --key strods2006",
                 exporting.export_wikitext)  # fmt: skip


@export_group.command("bibtex")
@_source_options
@click.option("--keep-private", is_flag=True, help="Keep the project's x- fields.")
@click.option("--ascii", "ascii_only", is_flag=True,
              help="Write Latin diacritics as LaTeX escapes (stops at Cyrillic).")  # fmt: skip
@click.pass_context
def bibtex_command(ctx: click.Context, /, keys: tuple[str, ...], output: str | None,
                   keep_private: bool, ascii_only: bool, **filters: Any) -> None:  # fmt: skip
    """Export sources as BibTeX: unchanged entries exactly as written, with their @string macros.

    Private x- fields are left out unless --keep-private. UTF-8 unless --ascii.

    \b
    Example:
        claimref export bibtex --claim samsons-130-trains -o cited.bib
        claimref export bibtex --lang lv --ascii
    """
    ws = workspace(ctx)
    chosen = chosen_sources(ws, keys, filters)
    text = exporting.export_bibtex(ws, chosen, keep_private, ascii_only)
    emit(ws, text, output, f"{len(chosen)} entries")


@export_group.command("claims")
@selection_options
@click.option("--claim", "ids", multiple=True, metavar="ID", shell_complete=completers.claim_id,
              help="This claim (repeatable).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["json", "wikitext", "markdown"]), default="json",
              show_default=True, help="Output format.")  # fmt: skip
@click.option("--style", default=None, metavar="STYLE",
              help="Markdown: the reference list in this CSL style (default: plain).")  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to FILE (atomically) instead of standard output.")  # fmt: skip
@_force_option
@click.pass_context
def claims_command(ctx: click.Context, /, fmt: str, style: str | None, output: str | None,
                   **filters: Any) -> None:  # fmt: skip
    """Export claims with their citations (JSON, Wikipedia wikitext, or Markdown).

    \b
    Example:
        claimref export claims --status disputed --format wikitext
        claimref export claims --claim samsons-130-trains --format markdown --style apa
    """
    ws = workspace(ctx)
    chosen = select_claims(ws, make_selection(**filters))
    reference_list = None
    if style is not None:

        def reference_list(cited: Sequence[Source]) -> list[str]:
            return render_bibliography(cited, style=style, fmt="markdown")

    text = exporting.export_claims(ws, chosen, fmt, reference_list)
    emit(ws, text, output, f"{len(chosen)} claims")


def _claim_command_options(func: F) -> F:
    """``[ID]...``, the selection filters, ``-o`` and ``--force``, for exports of claims."""
    func = _force_option(func)
    func = click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
                        help="Write to FILE (atomically) instead of standard output.")(func)  # fmt: skip
    func = selection_options(func)
    return click.argument("ids", nargs=-1, metavar="[ID]...")(func)


def _notes(notes: Sequence[str]) -> None:
    for note in notes:
        click.echo(note, err=True)


@export_group.command("claimreview")
@_claim_command_options
@click.option("--url", "url_pattern", default=None, metavar="PATTERN",
              help="The address of each review, {id} replaced by the claim id (default: "
              "claimreview-url in claimref.toml).")  # fmt: skip
@click.option("--author", default=None, metavar="NAME",
              help="Who publishes the reviews (default: by in claimref.toml).")  # fmt: skip
@click.option("--organization", is_flag=True,
              help="The author is an organisation (schema.org Organization), not a person.")  # fmt: skip
@click.pass_context
def claimreview_command(ctx: click.Context, /, *, ids: tuple[str, ...], url_pattern: str | None,
                        author: str | None, organization: bool, output: str | None,
                        **filters: Any) -> None:  # fmt: skip
    """Export the verdicts as schema.org ClaimReview JSON-LD (fact-check markup).

    One review for each chosen claim with a verdict (a status other than unverified): the
    statement, the status as the rating (established 5, probable 4, doubtful 3, disputed 2, on
    a scale of 1 to 5), the supporting and disputing works as the claim's appearances, and the
    date of the verdict from the claim's history. The claims without a verdict, and reviews
    without a date, are named on stderr. See docs/data-format.md.

    \b
    Example:
        claimref export claimreview --status disputed --author "A. Historian" \\
            --url "https://example.org/claims/{id}.html" -o reviews.json
    """
    settings = load_settings(find_root(explicit=ctx.find_root().obj.get("root")))
    pattern = url_pattern or settings.claimreview_url
    exporting.check_review_url(pattern)
    name = author or settings.by
    if not name:
        raise click.UsageError("ClaimReview needs its author: give --author NAME or set by "
                               "in claimref.toml")  # fmt: skip
    ws = workspace(ctx)
    chosen = select_claims(ws, make_selection(ids=ids, **filters))
    reviewer = claimreview.Reviewer(name, organization)
    result = exporting.export_claimreview(ws, chosen, reviewer, pattern)
    _notes(result.notes)
    emit(ws, result.text, output, f"{len(result.reviews)} reviews")
    click.echo(f"{len(result.reviews)} of {len(chosen)} claims reviewed", err=True)


@export_group.command("quickstatements")
@_claim_command_options
@click.option("--unverified", "unverified_links", is_flag=True,
              help="Use links not verified against the work as references too.")  # fmt: skip
@click.pass_context
def quickstatements_command(ctx: click.Context, /, ids: tuple[str, ...], output: str | None,
                            unverified_links: bool, **filters: Any) -> None:  # fmt: skip
    """Export claims annotated with a Wikidata statement as QuickStatements V1 commands.

    For each claim with a wikidata: {item, property, value} mapping, one line per verified link
    (any link with --unverified) to a work that states it and has an x-wikidata item: the
    statement, then the reference (S248 stated in, S304 page, S1683 quote); a disputed claim
    gets the qualifier P1480 (sourcing circumstances) Q18912752 (disputed). Claims that cannot
    be exported are named on stderr, one line each; nothing is guessed. See
    docs/data-format.md.

    \b
    Example:
        claimref export quickstatements --status disputed -o batch.tsv
    """
    ws = workspace(ctx)
    chosen = select_claims(ws, make_selection(ids=ids, **filters))
    result = exporting.export_quickstatements(ws, chosen, unverified_links)
    print_findings(result.findings)
    _notes(result.notes)
    emit(ws, result.text, output, "QuickStatements commands")
    click.echo(f"{result.exported} of {len(chosen)} claims exported, "
               f"{result.text.count(chr(10))} commands", err=True)  # fmt: skip


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--into", metavar="bibliography/NAME.bib", default=None,
              help="The bibliography file to append to (default: the only one).")  # fmt: skip
@click.option("--rekey", is_flag=True,
              help="Key every entry by the workspace's key-pattern (claimref.toml).")  # fmt: skip
@click.option("--keep-invalid", is_flag=True,
              help="Append entries with errors too (the errors are still reported).")  # fmt: skip
@click.option("--dry-run", is_flag=True,
              help="Print the unified diff of the bibliography file; write nothing.")  # fmt: skip
@click.pass_context
def import_command(ctx: click.Context, /, *, file: str, into: str | None, rekey: bool,
                   keep_invalid: bool, dry_run: bool) -> None:  # fmt: skip
    """Append the new sources of a BibTeX, CSL-JSON or RIS file to the bibliography.

    Nothing existing is changed. Left out and reported: key collisions (also keys differing
    only in case, Unicode form or invisible characters), likely duplicates (same DOI, same ISBN,
    same title + year + first author), and entries that claimref check would find errors in (a
    bad ISBN check digit, a missing required field) unless --keep-invalid. Exit 1 when anything
    was left out. Entries without a key get one by the workspace's key-pattern (all of them with
    --rekey; see docs/interchange.md).

    \b
    Example:
        claimref import zotero-export.ris --dry-run
        claimref import refs.bib --into bibliography/extra.bib --rekey
    """
    root = find_root(explicit=ctx.find_root().obj.get("root"))
    with workspace_lock(root):  # from reading the bibliography to the rename
        ws = load(ctx)
        with showing("importing", "entries") as meter:
            plan = importing.plan_import(ws, Path(file), into, rekey=rekey,
                                         keep_invalid=keep_invalid, progress=meter)  # fmt: skip
        diff = importing.apply_import(ws, plan, dry_run)
    print_findings(plan.notes)
    print_findings(sorted(plan.skipped + plan.invalid))
    if dry_run:
        click.echo(diff, nl=False)
    for source, _ in plan.added:
        click.echo(f"+ {source.key}  ({source.location})", err=dry_run)
    target = display_path(plan.target)
    verb = "would append" if dry_run else "appended"
    click.echo(f"{verb} {len(plan.added)} entries to {target}; {plan.left_out} left out"
               + ("; dry run: nothing written" if dry_run else ""), err=True)  # fmt: skip
    if plan.left_out:
        ctx.exit(1)
