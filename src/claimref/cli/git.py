"""``claimref merge-driver``: the command git runs to merge .bib and claim files.

A thin command over :mod:`claimref.gitmerge`: it merges the three versions git gives, writes the
result over the ours file, says on stderr what it could not merge, and exits 1 when conflict
markers were left (as git expects of a merge driver), 0 otherwise.
"""

from __future__ import annotations

from pathlib import Path

import click

from claimref.cli import cli
from claimref.gitmerge import MARKER_SIZE, Labels, conflict_style, merge_files

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@cli.command("merge-driver")
@click.argument("base", type=_FILE)
@click.argument("ours", type=_FILE)
@click.argument("theirs", type=_FILE)
@click.argument("path", default="")
@click.option("--marker-size", type=click.IntRange(1, 100), default=MARKER_SIZE, show_default=True,
              help="Length of the conflict markers (git gives it as %L).")  # fmt: skip
@click.option("--diff3/--no-diff3", default=None,
              help="Show the base version in conflicts too (default: as git's "
              "merge.conflictStyle says).")  # fmt: skip
@click.pass_context
def merge_driver_command(  # noqa: PLR0917  (click passes each argument and option by name)
    ctx: click.Context,
    base: Path,
    ours: Path,
    theirs: Path,
    path: str,
    marker_size: int,
    diff3: bool | None,
) -> None:
    """Merge BASE, OURS and THEIRS (git's %O %A %B) of the file PATH (%P) into OURS.

    A .bib file is merged entry by entry: entries added on both sides are all kept (ours first),
    an entry deleted on one side and left alone on the other goes, and an entry changed on both
    sides is merged line by line within itself, with conflict markers inside that entry only. A
    claim file (claims/*.yaml) is merged field by field: links added on both sides are all kept;
    a field changed differently on both sides, or a file that does not parse, is merged line by
    line as git would. Exit 1 when conflict markers were left. Register it once per clone (the
    .gitattributes lines are written by claimref init).

    \b
    Example:
        git config merge.claimref.name "claimref: BibTeX entries and claim fields"
        git config merge.claimref.driver "claimref merge-driver %O %A %B %P"
    """
    use_diff3 = conflict_style() if diff3 is None else diff3
    labels = Labels.for_path(path, marker_size, use_diff3)
    merged = merge_files(base, ours, theirs, path, labels)
    name = path or str(ours)
    if merged.how == "lines" and merged.why:
        click.echo(f"claimref merge-driver: {name}: merged line by line ({merged.why})", err=True)
    if merged.conflicts:
        where = f" in {', '.join(merged.names)}" if merged.names else ""
        click.echo(f"claimref merge-driver: {name}: {merged.conflicts} conflict(s){where}",
                   err=True)  # fmt: skip
        if merged.how == "lines" and "<" * marker_size not in merged.text:
            click.echo(f"claimref merge-driver: {name}: no lines clash, but the same thing "
                       "changed on both sides: check the file, then git add it", err=True)  # fmt: skip
        ctx.exit(1)
