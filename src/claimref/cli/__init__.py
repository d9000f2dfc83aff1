"""The ``claimref`` command line: a thin layer over the library (the only package importing click).

Each command parses its options, calls one library function and prints the result; data errors come
back as findings and are printed as ``path:line: error: message`` with exit code 1, usage errors exit
with 2, and no traceback is shown for either. Commands live in one module per theme.
"""

from __future__ import annotations

import gc

# Importing click and the rest makes tens of thousands of objects that live as long as the process:
# the cycle collector would only scan them again and again (2 ms of every command). It waits
# until they are made, and leaves them out of its scans afterwards (see the end of this module).
_COLLECTING = gc.isenabled()
gc.disable()

import importlib  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable, Iterable  # noqa: E402
from typing import TYPE_CHECKING, Any, TypeVar  # noqa: E402

import click  # noqa: E402

from claimref import __version__, parsecache  # noqa: E402
from claimref.cli.summaries import SUMMARIES  # noqa: E402
from claimref.errors import (  # noqa: E402
    ClaimrefError,
    DataError,
    Finding,
    Severity,
    UnknownNameError,
    UsageError,
)
from claimref.root import ENV_ROOT, find_root  # noqa: E402

# What a command needs beyond this is imported when it runs: ``--version`` and ``--help`` load
# neither the model nor the store.
if TYPE_CHECKING:
    from pathlib import Path

    from click.shell_completion import CompletionItem

    from claimref.partial import LeftOut
    from claimref.query import Selection
    from claimref.store import Workspace

F = TypeVar("F", bound=Callable[..., Any])


#: Each command and the module that defines it; a module is imported only when one of its commands
#: is run or listed, so that ``claimref claims`` does not pay for rendering or checking code.
COMMANDS = {
    "claims": "browse",
    "show": "browse",
    "sources": "browse",
    "check": "check",
    "evidence": "evidence",
    "export": "export",
    "import": "export",
    "cite": "render",
    "refs": "render",
    "init": "sources_edit",
    "source": "sources_edit",
    "rekey": "sources_edit",
    "merge": "sources_edit",
    "styles": "render",
    "new": "edit",
    "edit": "edit",
    "link": "edit",
    "unlink": "edit",
    "status": "edit",
    "verify": "edit",
    "rename": "edit",
    "site": "site",
    "merge-driver": "git",
    "config": "config",
    "completion": "completion",
}


def _summary(name: str, limit: int = 45) -> str:
    """The summary of the command ``name`` shortened to ``limit`` characters as click shortens it."""
    return click.Command(name, help=SUMMARIES[name]).get_short_help_str(limit)


class _Group(click.Group):
    """A command group that loads its commands' modules on demand and reports claimref errors as
    messages and exit codes, not tracebacks."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands with their summaries, from :mod:`claimref.cli.summaries` (importing every
        command's module would double the time ``--help`` takes)."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        with formatter.section("Commands"):
            formatter.write_dl([(name, _summary(name, limit)) for name in names])

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """Command names with their summaries (as :meth:`format_commands`), then the options."""
        from click.shell_completion import CompletionItem  # noqa: PLC0415

        names = [name for name in self.list_commands(ctx) if name.startswith(incomplete)]
        items = [CompletionItem(name, help=_summary(name)) for name in names]
        return items + click.Command.shell_complete(self, ctx, incomplete)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            # Importing makes tens of thousands of objects that live as long as the process: the
            # cycle collector would only scan them again and again (2 ms of a look-up).
            collecting = gc.isenabled()
            gc.disable()
            try:
                importlib.import_module(f"claimref.cli.{COMMANDS[cmd_name]}")
            finally:
                gc.freeze()
                if collecting:
                    gc.enable()
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        from claimref.cli.early import answer_early  # noqa: PLC0415

        return answer_early(ctx, lambda: self._answer(ctx))

    def _answer(self, ctx: click.Context) -> Any:
        """Run the command; errors in the data and the names given end it with their message."""
        try:
            result = super().invoke(ctx)
        except DataError as exc:
            print_findings(exc.findings)
            click.echo(f"claimref: {exc}; nothing done", err=True)
            ctx.exit(1)
        except UsageError as exc:
            raise click.UsageError(str(exc)) from None
        except UnknownNameError as exc:  # exit 2, or 1 when it is missing for errors in the data
            why = left_out(ctx).why_missing(exc.name)
            if why is None:
                raise click.UsageError(str(exc)) from None
            click.echo(f"claimref: error: {exc.kind} '{exc.name}' {why}", err=True)
            ctx.exit(1)
        except ClaimrefError as exc:
            message = str(exc)
            click.echo(
                message if ": error: " in message else f"claimref: error: {message}", err=True
            )
            ctx.exit(1)
        if (ctx.obj or {}).get("errors"):  # a reading command ran on what was usable
            click.echo(left_out(ctx).summary(ctx.obj["errors"]), err=True)
            ctx.exit(1)
        return result


@click.group(
    cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True),
    envvar=ENV_ROOT,
    help=f"Workspace folder (default: found from the current folder upward, or ${ENV_ROOT}).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Use no cache: parse every file and render every entry again (the caches are kept in "
    f"~/.cache/claimref or ${parsecache.ENV_DIR}; also: ${parsecache.ENV_OFF}=1).",
)
@click.version_option(__version__, prog_name="claimref")
@click.pass_context
def cli(ctx: click.Context, root: str | None, no_cache: bool) -> None:
    """Keep every factual claim tied to its sources.

    Claims live in claims/*.yaml, sources in bibliography/*.bib.

    \b
    Example:
        claimref claims --status disputed
    """
    ctx.obj = {"root": root, "cache": not (no_cache or parsecache.disabled_by_env())}
    from claimref.cli.config import apply_settings  # noqa: PLC0415  (not needed for --version)

    apply_settings(ctx)  # claimref.toml's settings become the options' defaults


def load(ctx: click.Context) -> Workspace:
    """Load the workspace of this invocation as it is, findings included."""
    from claimref.edit.lock import shared_lock  # noqa: PLC0415
    from claimref.progress import showing  # noqa: PLC0415
    from claimref.store import load_workspace  # noqa: PLC0415

    options = ctx.find_root().obj
    root = writing_root(ctx)  # a write stopped half way is completed first
    cache = parsecache.DiskParseCache.for_root(root) if options.get("cache", True) else None
    if cache is not None:  # written after the command's output, not before it
        cache.defer = True
        ctx.call_on_close(cache.write_deferred)
    # The workspace lives as long as the command: take its objects out of the cycle collector's
    # view, which would otherwise rescan millions of them (about 1.7 s on 50,000 claims), and
    # keep the collector off until then (turning it on earlier costs one scan of them all).
    gc.disable()
    try:
        with shared_lock(root), showing("reading", "files") as meter:  # no writer commits meanwhile
            return load_workspace(root, cache=cache, progress=meter)
    finally:
        gc.freeze()
        gc.enable()


def writing_root(ctx: click.Context) -> Path:
    """The workspace of a command that writes, with an interrupted write completed (and said so)."""
    from claimref.safewrite import JOURNAL_NAME  # noqa: PLC0415

    root = find_root(explicit=ctx.find_root().obj.get("root"))
    if os.path.exists(os.path.join(root, JOURNAL_NAME)):
        from claimref.edit.transaction import recover_pending  # noqa: PLC0415  (rarely needed)

        done = recover_pending(root)
        if done:
            click.echo(f"claimref: {done}", err=True)
    return root


def dry_run_option(func: F) -> F:
    """``--dry-run``, shared by every command that writes."""
    return click.option("--dry-run", is_flag=True, help="Print the unified diff of every file "
                        "it would change; write nothing.")(func)  # fmt: skip


def workspace(ctx: click.Context) -> Workspace:
    """Load the workspace of this invocation for a command that only reads: warnings of reading the
    files are printed (as biber prints what it reads with a warning); errors in the data are
    printed and what has them is left out (:func:`~claimref.partial.usable_part`); the command
    works on the rest, then says what it left out and exits 1."""
    from claimref.partial import usable_part  # noqa: PLC0415

    ws = load(ctx)
    print_findings(loading_warnings(ws.findings))
    if not ws.errors:
        return ws
    print_findings(ws.errors)
    usable, left = usable_part(ws)
    ctx.find_root().obj.update(errors=len(ws.errors), left_out=left)
    return usable


def loading_warnings(findings: Iterable[Finding]) -> list[Finding]:
    """The warnings the store made while reading the files (an undefined macro, an empty name, a
    stray file…): what ``check`` reports as warnings of its loading rules."""
    return [f for f in findings if f.severity is Severity.WARNING]


def left_out(ctx: click.Context) -> LeftOut:
    """What :func:`workspace` left out in this invocation."""
    from claimref.partial import LeftOut  # noqa: PLC0415

    found = (ctx.find_root().obj or {}).get("left_out")
    return found if isinstance(found, LeftOut) else LeftOut()


def print_findings(findings: Iterable[Finding]) -> None:
    """Write findings to stderr, one ``path:line: severity: message`` line each."""
    for finding in findings:
        click.echo(str(finding), err=True)


def selection_options(func: F) -> F:
    """The filters shared by every command that selects claims or sources."""
    from claimref.cli import completers as done  # noqa: PLC0415  (imported by the commands' modules)
    from claimref.model import Status  # noqa: PLC0415

    options = [
        click.option("--status", "statuses", multiple=True,
                     type=click.Choice([s.value for s in Status]), help="Reliability status."),
        click.option("--source", "sources", multiple=True, metavar="KEY",
                     shell_complete=done.cite_key, help="Claims linking to this source."),
        click.option("--lang", "langs", multiple=True, metavar="LANG",
                     help="Claims with a source in this language (lv, ru, en…)."),
        click.option("--tag", "tags", multiple=True, shell_complete=done.tag,
                     help="Claims with this tag."),
        click.option("--person", "people", multiple=True, shell_complete=done.person,
                     help="Claims naming this person."),
        click.option("--search", default="", metavar="TEXT",
                     help="Text anywhere in the claim (case and diacritics ignored)."),
        click.option("--place", "places", multiple=True, help="Claims naming this place."),
        click.option("--sources", "support", type=click.IntRange(0), metavar="N",
                     help="Claims supported by exactly N distinct works."),
        click.option("--min-sources", "min_support", type=click.IntRange(0), metavar="N",
                     help="Claims supported by at least N distinct works."),
        click.option("--verified/--unverified", default=None,
                     help="Claims with (without) a verified link to a work that is not tertiary "
                          "(an encyclopedia such as Wikipedia; see docs/data-format.md)."),
        click.option("--independent", type=click.IntRange(0), metavar="N",
                     help="Claims supported by exactly N independent groups of works (works "
                          "sharing an author or based on one another count once; docs/evidence.md)."),
        click.option("--min-independent", type=click.IntRange(0), metavar="N",
                     help="Claims supported by at least N independent groups of works."),
        click.option("--profile", "profiles", multiple=True,
                     type=click.Choice(["participant", "soviet-era", "tertiary-only"]),
                     help="Claims whose evidence has this profile: a linked work by a subject of "
                          "the claim, only Soviet-era support, only tertiary verified sources."),
    ]  # fmt: skip
    for option in reversed(options):
        func = option(func)
    return func


def make_selection(**kwargs: Any) -> Selection:
    """A :class:`Selection` from the values of :func:`selection_options` (and ``ids``)."""
    from claimref.model import Status  # noqa: PLC0415
    from claimref.query import Selection  # noqa: PLC0415

    return Selection(
        ids=tuple(kwargs.get("ids", ())),
        statuses=tuple(Status(s) for s in kwargs.get("statuses", ())),
        sources=tuple(kwargs.get("sources", ())),
        langs=tuple(lang.lower() for lang in kwargs.get("langs", ())),
        tags=tuple(kwargs.get("tags", ())),
        people=tuple(kwargs.get("people", ())),
        search=kwargs.get("search", ""),
        places=tuple(kwargs.get("places", ())),
        support=kwargs.get("support"),
        min_support=kwargs.get("min_support"),
        verified=kwargs.get("verified"),
        independent=kwargs.get("independent"),
        min_independent=kwargs.get("min_independent"),
        profiles=tuple(kwargs.get("profiles", ())),
    )


def main() -> None:
    """Console entry point; a closed pipe (``claimref claims | head``) ends quietly."""
    try:
        cli(prog_name="claimref")
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)


__all__ = ["COMMANDS", "cli", "left_out", "load", "main", "workspace"]

gc.freeze()
if _COLLECTING:
    gc.enable()
