"""``claimref init``, ``claimref source add``, ``claimref rekey`` and ``claimref merge``.

Thin commands over :mod:`claimref.edit` (:mod:`~claimref.edit.init`, :mod:`~claimref.edit.sources`,
:mod:`~claimref.edit.references`, :mod:`~claimref.edit.merge`): each parses its options, calls one
library function and prints what it did; ``--dry-run`` prints the unified diff and writes nothing.
``source add --isbn``/``--doi`` alone looks the work up through :mod:`claimref.lookup` (imported only
then) and asks before writing what it found.
An unknown key, or a request that cannot be carried out as given, is a usage error (exit 2); data
that would not pass ``claimref check`` is reported as ``path:line: error: …`` (exit 1).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from claimref.cli import F, cli, completers, dry_run_option, writing_root
from claimref.edit.bibedit import set_key
from claimref.edit.init import init_workspace
from claimref.edit.sources import entry_from_fields, source_add
from claimref.safewrite import shown

if TYPE_CHECKING:
    from claimref.edit.references import Outcome


def _print_outcome(outcome: Outcome, dry_run: bool) -> None:
    if dry_run:
        click.echo(outcome.diff, nl=False)
    for place in outcome.places:
        click.echo(str(place), err=dry_run)
    for line in outcome.report:
        click.echo(line, err=True)
    if dry_run:
        click.echo("dry run: nothing written", err=True)


@cli.command("init")
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@dry_run_option
def init_command(directory: str, dry_run: bool) -> None:
    """Make DIRECTORY (default: the current folder) a new, empty workspace.

    Writes claimref.toml with every setting commented (style, locale, key pattern, who records),
    the empty folders bibliography/, claims/ and people/, a .gitignore for the lock and
    journal files, and a .gitattributes giving .bib and claim files to claimref merge-driver
    (an existing .gitignore or .gitattributes gets the lines it lacks). Never overwrites
    anything: refused where a claimref.toml exists.

    \b
    Example:
        claimref init partisans && cd partisans
    """
    done = init_workspace(Path(directory), dry_run)
    if dry_run:
        click.echo(done.diff, nl=False)
    verb = "would create" if dry_run else "created"
    names = ", ".join(p.name + ("/" if p.suffix == "" and p.name[0] != "." else "")
                      for p in done.created)  # fmt: skip
    click.echo(f"{verb} {names} in {shown(done.root)}", err=True)


@cli.group("source")
def source_group() -> None:
    """Change the bibliography: add a source (see also claimref rekey and claimref merge).

    \b
    Example:
        claimref source add --type book --author "Strods, Heinrihs" --title "..." --date 2006
    """


#: The fields ``source add`` takes as options (a field given by ``--field NAME=VALUE`` as well).
FIELD_OPTIONS = ("title", "subtitle", "date", "langid", "publisher", "location", "isbn",
                 "url", "doi", "pages", "edition", "series", "volume", "journaltitle",
                 "booktitle", "note")  # fmt: skip


_LOOKUP_HELP = {
    "isbn": "The isbn field; given alone, the book is looked up in Open Library.",
    "doi": "The doi field; given alone, the work is looked up in Crossref.",
}


def _field_options(func: F) -> F:
    for name in reversed(FIELD_OPTIONS):
        func = click.option(f"--{name}", default=None, metavar="TEXT",
                            help=_LOOKUP_HELP.get(name, f"The {name} field."))(func)  # fmt: skip
    func = click.option("--editor", multiple=True, metavar="NAME",
                        help="An editor (repeatable), as --author.")(func)  # fmt: skip
    func = click.option("--author", multiple=True, metavar="NAME",
                        help='An author (repeatable): "Family, Given" or "Given Family"; '
                        '{Braced Name} for a body.')(func)  # fmt: skip
    return func


def _snippet(snippet: str | None) -> tuple[str, str] | None:
    """(text, name in messages) of SNIPPET: BibTeX text, a file, or ``-`` for standard input;
    standard input also when SNIPPET is missing and input is piped."""
    if snippet == "-" or (snippet is None and not sys.stdin.isatty()):
        text = sys.stdin.read()
        return (text, "<stdin>") if text.strip() or snippet == "-" else None
    if snippet is None:
        return None
    if snippet.lstrip().startswith(("@", "%")):
        return snippet, "<argument>"
    path = Path(snippet)
    if not path.is_file():
        raise click.BadParameter("neither BibTeX text (starting with @) nor a file",
                                 param_hint="SNIPPET")  # fmt: skip
    try:
        return path.read_text("utf-8-sig"), shown(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise click.BadParameter(f"{snippet}: cannot read: {exc}", param_hint="SNIPPET") from None


def _fields(
    entry_type: str, options: dict[str, Any], extra: tuple[str, ...]
) -> list[tuple[str, str]]:
    pairs = [(role, name) for role in ("author", "editor") for name in options.pop(role)]
    pairs += [(name, value) for name, value in options.items() if value is not None]
    for item in extra:
        name, equals, value = item.partition("=")
        if not equals:
            raise click.BadParameter(f"'{item}': expected NAME=VALUE", param_hint="--field")
        pairs.append((name.strip().lower(), value))
    if not pairs:
        raise click.UsageError("give a BibTeX snippet (argument, file or -) or the fields "
                               f"(--author, --title…) of the @{entry_type}")  # fmt: skip
    return pairs


@source_group.command("add")
@click.argument("snippet", required=False)
@click.option("--type", "entry_type", default="book", show_default=True, metavar="TYPE",
              help="The entry type when made from fields (book, article, incollection…).")  # fmt: skip
@_field_options
@click.option("--field", "extra", multiple=True, metavar="NAME=VALUE",
              help="Any other field (repeatable).")  # fmt: skip
@click.option("--key", default=None, help="This cite key (default: the snippet's own, else one by "
              "the key-pattern of claimref.toml).")  # fmt: skip
@click.option("--rekey", is_flag=True, help="Key the snippet by the workspace's pattern instead.")
@click.option("--into", metavar="bibliography/NAME.bib", default=None,
              help="The bibliography file to add to (default: the only one).")  # fmt: skip
@click.option("--yes", "-y", is_flag=True,
              help="With --isbn or --doi alone: write the entry found without asking.")  # fmt: skip
@click.option("--force", is_flag=True, help="With --isbn or --doi alone: add the work even when "
              "an entry has the same ISBN or DOI.")  # fmt: skip
@dry_run_option
@click.pass_context
def add_command(ctx: click.Context, /, *, snippet: str | None, entry_type: str,
                extra: tuple[str, ...], key: str | None, rekey: bool, into: str | None,
                yes: bool, force: bool, dry_run: bool, **options: Any) -> None:  # fmt: skip
    """Add one source to the bibliography, from a BibTeX snippet, from fields, or by ISBN or DOI.

    SNIPPET is BibTeX text, a .bib file, or - for standard input (also read when piped). Without
    it, the entry is made from --type and the field options. The key is the snippet's own, or
    --key, or made by the workspace's key-pattern (default: first author's family name in ASCII,
    lower case, then the year; a, b… when taken). The entry is checked as claimref check would
    check it and refused with the errors, so nothing broken is written. The key is printed.

    --isbn or --doi given alone (no other field, no snippet) looks the work up: an ISBN in Open
    Library, a DOI in Crossref (a few seconds at most). The entry found is shown and written when
    you answer yes (or at once with --yes; answering no writes nothing and exits 1). A work whose
    ISBN or DOI an entry already has is refused unless --force. Offline, or when the service fails
    or has no record: a message, exit 1, nothing written.

    \b
    Example:
        claimref source add --type book --author "Strods, Heinrihs" \\
            --title "PSRS kaujinieki Latvijā (1941—1945)" --date 2006 --langid latvian
        claimref source add zotero-item.bib --rekey --dry-run
        claimref source add --isbn 9789984643786
        claimref source add --doi 10.4324/9781351029925-6 --yes
    """
    root = writing_root(ctx)
    lookup: dict[str, str] = {n: options[n] for n in ("isbn", "doi") if options[n] is not None}
    others = extra or any(v for n, v in options.items() if n not in ("isbn", "doi"))
    if lookup and not others and snippet is None:
        typed = ctx.get_parameter_source("entry_type") is click.core.ParameterSource.COMMANDLINE
        if typed or rekey:
            raise click.UsageError("--type and --rekey do not apply to a lookup by ISBN or DOI")
        _add_looked_up(root, lookup, key=key, into=into, yes=yes, force=force, dry_run=dry_run)
        return
    if yes or force:
        raise click.UsageError("--yes and --force apply only to a lookup: --isbn or --doi alone")
    has_fields = extra or any(v for v in options.values())
    if snippet is not None and has_fields:
        raise click.UsageError("give either a BibTeX snippet or fields, not both")
    given = None if has_fields else _snippet(snippet)  # standard input only without fields
    if given is None:
        given = (entry_from_fields(entry_type, _fields(entry_type, options, extra)), "<fields>")
    added = source_add(root, given[0], given[1], key=key, rekey=rekey, into=into,
                       dry_run=dry_run)  # fmt: skip
    if dry_run:
        click.echo(added.diff, nl=False)
        click.echo(f"would add '{added.key}' to {shown(added.target)}; dry run: nothing written",
                   err=True)  # fmt: skip
        return
    click.echo(added.key)
    click.echo(f"added '{added.key}' to {shown(added.target)}:{added.line}", err=True)


def _add_looked_up(root: Path, lookup: dict[str, str], *, key: str | None, into: str | None,
                   yes: bool, force: bool, dry_run: bool) -> None:  # fmt: skip
    """``source add --isbn``/``--doi``: look the work up, show it, confirm, write."""
    from claimref.lookup import adding  # noqa: PLC0415  (httpx: import when used)

    if len(lookup) > 1:
        raise click.UsageError("look up one identifier: --isbn or --doi, not both (to record "
                               "both, give the other fields too)")  # fmt: skip
    found = adding.find(root, isbn=lookup.get("isbn"), doi=lookup.get("doi"), force=force)
    for note in found.notes:
        click.echo(f"claimref: note: {note}", err=True)
    preview = adding.add_found(root, found, key=key, into=into, dry_run=True, force=force)
    click.echo(f"found in {found.service} ({found.url}):", err=True)
    click.echo(set_key(found.entry, preview.key), err=True)
    if dry_run:
        click.echo(preview.diff, nl=False)
        click.echo(f"would add '{preview.key}' to {shown(preview.target)}; dry run: nothing "
                   "written", err=True)  # fmt: skip
        return
    where = shown(preview.target)
    if not yes and not click.confirm(f"add '{preview.key}' to {where}?", default=False, err=True):
        click.echo("claimref: not added; nothing written", err=True)
        click.get_current_context().exit(1)
    added = adding.add_found(root, found, key=preview.key, into=into, force=force)
    click.echo(added.key)
    click.echo(f"added '{added.key}' to {shown(added.target)}:{added.line}", err=True)


def _run(ctx: click.Context, verb: Callable[..., Outcome], *args: Any, **options: Any) -> None:
    """Run rekey or merge on this invocation's workspace and print what it did."""
    root = writing_root(ctx)
    outcome = verb(root, *args, **options)
    _print_outcome(outcome, options["dry_run"])


@cli.command("rekey")
@click.argument("key", shell_complete=completers.cite_key)
@click.argument("new")
@dry_run_option
@click.pass_context
def rekey_command(ctx: click.Context, key: str, new: str, dry_run: bool) -> None:
    """Change the cite key KEY to NEW everywhere: the entry, every link to it in claims, the
    entries that cross-reference it, and the notes and accepted findings that name it.

    All files change together or none does. Refused when NEW is taken (also differing only in
    case, Unicode form or invisible characters). Prints each place changed.

    \b
    Example:
        claimref rekey krastyn1946 krastins1946 --dry-run
    """
    from claimref.edit.references import rekey  # noqa: PLC0415  (round-trip YAML: import when used)

    _run(ctx, rekey, key, new, dry_run=dry_run)


@cli.command("merge")
@click.argument("keep", shell_complete=completers.cite_key)
@click.argument("drop", shell_complete=completers.cite_key)
@click.option("--take", multiple=True, metavar="FIELD",
              help="Copy this field of DROP into KEEP (repeatable); replaces KEEP's value.")  # fmt: skip
@dry_run_option
@click.pass_context
def merge_command(ctx: click.Context, keep: str, drop: str, take: tuple[str, ...],
                  dry_run: bool) -> None:  # fmt: skip
    """Make two entries for the same work one: links and mentions of DROP move to KEEP, and
    DROP's entry is removed.

    Fields DROP has and KEEP lacks (or has with another value) are listed, and copied only with
    --take FIELD. All files change together or none does.

    \b
    Example:
        claimref merge strods2006 strods2006b --take isbn --dry-run
    """
    from claimref.edit.merge import merge  # noqa: PLC0415  (round-trip YAML: import when used)

    _run(ctx, merge, keep, drop, take=tuple(f.lower() for f in take), dry_run=dry_run)
