"""``claimref new``, ``edit``, ``link``, ``unlink``, ``status``, ``verify`` and ``rename``.

Thin commands over :mod:`claimref.edit.claims`, :mod:`~claimref.edit.links` and
:mod:`~claimref.edit.rename`: each parses its options, calls one verb and prints what it did;
``--dry-run`` prints the unified diff of every file it would change and writes nothing. ``new``
without ``--statement`` (on a terminal) and ``edit`` open ``$EDITOR`` (``click.edit``) as ``git
commit`` does, through :mod:`claimref.edit.draft`. An unknown claim or source, or a value that
cannot be used as given, is a usage error (exit 2); a change that would leave an error in the data
is refused with ``path:line: error: …`` (exit 1).
"""

from __future__ import annotations

import os
import sys
import tempfile
from typing import Any

import click

from claimref.cli import F, cli, completers, dry_run_option, writing_root
from claimref.edit import claims, draft, links
from claimref.model import Stance, Status


def _print(outcome: claims.Outcome, dry_run: bool) -> None:
    if dry_run:
        click.echo(outcome.diff, nl=False)
        click.echo(f"dry run, nothing written: {outcome.message}", err=True)
    elif not outcome.changes:
        click.echo(f"{outcome.message} (no change: it was so already)", err=True)
    else:
        click.echo(outcome.message)
    for note in outcome.notes:
        click.echo(note, err=True)


def _on_terminal() -> bool:
    """True when a person is at the terminal (an editor can be opened)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _editor(text: str) -> str | None:
    return click.edit(text, extension=".yaml", require_save=True)


def _keep(claim_id: str, text: str) -> str:
    """Save ``text`` in a temporary file (a draft nothing was written from); its path."""
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", prefix=f"claimref-{claim_id}-", suffix=".yaml", delete=False
    ) as kept:
        kept.write(text)
    return kept.name


def _edit(claim_id: str, start: draft.Draft, check: draft.Check) -> str:
    """The valid text saved in the editor; exit 1 when the person cancelled (a text they saved
    with errors is kept in a temporary file, and its path printed)."""
    text, last = draft.edit_until_valid(start, _editor, check)
    if text is not None:
        return text
    message = "claimref: nothing written (the file was emptied or not saved)"
    if last and not draft.is_empty(last):
        message = (
            "claimref: nothing written (the text still had errors); it is kept in "
            f"{_keep(claim_id, last)}"
        )
    click.echo(message, err=True)
    raise SystemExit(1)


@cli.command("new")
@click.argument("claim_id", metavar="ID")  # a new id: nothing to complete
@click.option(
    "--statement",
    metavar="TEXT",
    help="The claim, one factual statement in English (without it, on a terminal, "
    "$EDITOR opens on a template).",
)
@click.option(
    "--date", default="", metavar="DATE", help="When: YYYY, YYYY-MM, YYYY-MM-DD or START/END."
)
@click.option("--place", "places", multiple=True, metavar="NAME", help="A place (repeatable).")
@click.option("--person", "people", multiple=True, metavar="NAME", shell_complete=completers.person,
              help="A person (repeatable).")  # fmt: skip
@click.option("--tag", "tags", multiple=True, metavar="TAG", shell_complete=completers.tag,
              help="A tag (repeatable).")  # fmt: skip
@dry_run_option
@click.pass_context
def new_command(ctx: click.Context, /, claim_id: str, statement: str | None, dry_run: bool,
                **fields: Any) -> None:  # fmt: skip
    """Record a new claim: writes claims/ID.yaml, status unverified, no source yet.

    Refused when the id is taken (also by an id differing only in case). Add its sources next
    with claimref link.

    \b
    Example:
        claimref new karsava-bridge-1943 --statement "Partisans blew up the Kārsava railway
            bridge in August 1943." --date 1943-08 --place Kārsava --tag sabotage
    """
    root = writing_root(ctx)
    claims.claim_path(root, claim_id)  # a bad id is refused before the editor opens
    claims.refuse_twin(root, claim_id)
    if statement is not None:
        outcome = claims.new_claim(root, claim_id, statement, dry_run=dry_run, **fields)
    elif not _on_terminal():
        raise click.UsageError("give --statement TEXT (not on a terminal: no editor to open)")
    else:
        start = draft.for_new(claim_id, fields)
        text = _edit(claim_id, start, lambda body: claims.draft_errors(root, claim_id, body, None))
        outcome = claims.new_claim_text(root, claim_id, text, dry_run)
    _print(outcome, dry_run)


@cli.command("edit")
@click.argument("claim_id", metavar="ID", shell_complete=completers.claim_id)
@dry_run_option
@click.pass_context
def edit_command(ctx: click.Context, /, claim_id: str, dry_run: bool) -> None:
    """Edit the claim ID in $EDITOR; on save it is checked, and reopened with the errors on top
    until it is valid (empty the file to cancel). Written only if nobody changed it meanwhile.

    \b
    Example:
        EDITOR=nano claimref edit samsons-130-trains
    """
    root = writing_root(ctx)
    if not _on_terminal() and not (os.environ.get("VISUAL") or os.environ.get("EDITOR")):
        raise click.UsageError("no terminal and no $EDITOR: set EDITOR to the editor to open")
    path, original, before = claims.claim_text(root, claim_id)
    start = draft.for_existing(str(path.relative_to(root)), original)
    text = _edit(claim_id, start, lambda body: claims.draft_errors(root, claim_id, body, before))
    try:
        outcome = claims.replace_claim_text(root, claim_id, original, text, dry_run)
    except claims.ChangedMeanwhileError as exc:
        raise claims.ChangedMeanwhileError(
            f"{exc}; your text is kept in {_keep(claim_id, text)}"
        ) from None
    _print(outcome, dry_run)


@cli.command("link")
@click.argument("claim_id", metavar="ID", shell_complete=completers.claim_id)
@click.argument("target", metavar="KEY[@LOCATOR]", shell_complete=completers.cite)
@click.option(
    "--stance",
    required=True,
    type=click.Choice([s.value for s in Stance]),
    help="What the source does with the claim.",
)
@click.option("--quote", default="", metavar="TEXT", help="The passage, verbatim, in its language.")
@click.option("--lang", default="", metavar="LANG", help="The quote's language (lv, ru, en…).")
@click.option("--translation", default="", metavar="TEXT", help="The quote in English.")
@click.option("--note", default="", metavar="TEXT", help="A note on this link.")
@dry_run_option
@click.pass_context
def link_command(ctx: click.Context, /, claim_id: str, target: str, stance: str, dry_run: bool,
                 **details: str) -> None:  # fmt: skip
    """Link the claim ID to a source of the bibliography, with its stance.

    KEY[@LOCATOR]: a cite key, optionally with where in the work: p. 112, pp. 10-20, § 3, ch. 2,
    col. 4, fol. 12r, para. 5, vol. 3, l. 5, n. 12, or a bare page number. A second link to the
    same work needs another locator.

    \b
    Example:
        claimref link karsava-bridge-1943 "strods2006@p. 112" --stance supports \\
            --quote "Kārsavas dzelzceļa tiltu uzspridzināja …" --lang lv \\
            --translation "The Kārsava railway bridge was blown up …"
    """
    root = writing_root(ctx)
    outcome = links.link(root, claim_id, target, stance, dry_run=dry_run, **details)
    _print(outcome, dry_run)


@cli.command("unlink")
@click.argument("claim_id", metavar="ID", shell_complete=completers.claim_id)
@click.argument("target", metavar="KEY[@LOCATOR]", shell_complete=completers.cite)
@dry_run_option
@click.pass_context
def unlink_command(ctx: click.Context, /, claim_id: str, target: str, dry_run: bool) -> None:
    """Remove the claim's link to a source (KEY@LOCATOR when it links to KEY more than once).

    The last link of a claim is not removed: link another source first.

    \b
    Example:
        claimref unlink samsons-130-trains samson1980 --dry-run
    """
    root = writing_root(ctx)
    outcome = links.unlink(root, claim_id, target, dry_run)
    _print(outcome, dry_run)


def _by_on(func: F) -> F:
    by_help = "Who (default: `by` in claimref.toml, else the login name)."
    func = click.option("--on", default="", metavar="DATE",
                        help="The date (YYYY-MM-DD; default: today).")(func)  # fmt: skip
    return click.option("--by", default="", metavar="NAME", help=by_help)(func)


@cli.command("status")
@click.argument("claim_id", metavar="ID", shell_complete=completers.claim_id)
@click.argument("status", type=click.Choice([s.value for s in Status]))
@click.option(
    "--note",
    required=True,
    metavar="TEXT",
    help="Why: becomes the reliability note and the history entry's note.",
)
@click.option(
    "--credibility",
    type=click.IntRange(1, 6),
    default=None,
    help="Admiralty information credibility, 1 (confirmed) to 6 (cannot be judged).",
)
@_by_on
@dry_run_option
@click.pass_context
def status_command(ctx: click.Context, /, claim_id: str, status: str, dry_run: bool,
                   **details: Any) -> None:  # fmt: skip
    """Set the claim's status and append a dated entry (date, by, from, to, note) to its history.

    \b
    Example:
        claimref status samsons-130-trains disputed --credibility 5 \\
            --note "The article itself calls the figure a likely fabrication."
    """
    root = writing_root(ctx)
    outcome = claims.set_status(root, claim_id, status, dry_run=dry_run, **details)
    _print(outcome, dry_run)


@cli.command("verify")
@click.argument("claim_id", metavar="ID", shell_complete=completers.claim_id)
@click.argument("target", metavar="KEY[@LOCATOR]", shell_complete=completers.cite)
@_by_on
@click.option("--undo", is_flag=True, help="Mark the link as not verified (verified: false).")
@dry_run_option
@click.pass_context
def verify_command(ctx: click.Context, /, claim_id: str, target: str, dry_run: bool,
                   **details: Any) -> None:  # fmt: skip
    """Record that the claim's link to KEY was checked against the work itself: who, and when.

    \b
    Example:
        claimref verify samsons-130-trains samson1980 --by "A. Historian" --on 2026-12-01
    """
    root = writing_root(ctx)
    outcome = links.verify(root, claim_id, target, dry_run=dry_run, **details)
    _print(outcome, dry_run)


@cli.command("rename")
@click.argument("claim_id", metavar="ID", shell_complete=completers.claim_id)
@click.argument("new", metavar="NEW")
@dry_run_option
@click.pass_context
def rename_command(ctx: click.Context, /, claim_id: str, new: str, dry_run: bool) -> None:
    """Give the claim ID the id NEW: renames its file, changes its id, and changes the old id
    where notes of other claims and people mention it, all in one step (all or nothing).

    \b
    Example:
        claimref rename partisan-losses-3243-figure partisan-losses-3243 --dry-run
    """
    from claimref.edit.rename import rename_claim  # noqa: PLC0415  (only this command needs it)

    root = writing_root(ctx)
    outcome = rename_claim(root, claim_id, new, dry_run)
    _print(outcome, dry_run)
