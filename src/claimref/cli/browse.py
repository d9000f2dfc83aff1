"""``claimref claims``, ``show`` and ``sources``: reading the workspace in the terminal or as JSON.

A link whose source is not in the bibliography (missing, or left out because its entry has errors)
is shown as unresolved: ``?KEY`` in tables, ``"unresolved": true`` in JSON. Selecting is
:mod:`claimref.query`'s job, the layout of tables :mod:`claimref.cli.table`'s, that of one claim or
source :mod:`claimref.cli.showtext`'s. The commands answer from the workspace's index
(:mod:`claimref.index.queries`) when it can answer, without loading every file, else from a full
load; the answers are the same. Rendering and evidence modules are imported only when an answer
needs them, so that a look-up stays quick.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from claimref.cli import (
    cli,
    completers,
    early,
    make_selection,
    print_findings,
    selection_options,
    workspace,
    writing_root,
)
from claimref.cli.showtext import (
    UNRESOLVED,
    cited_by_data,
    citing_lines,
    claim_data,
    links_to,
    render_claim,
    render_source,
    source_data,
)
from claimref.cli.table import table
from claimref.model import Claim, Source
from claimref.query import (
    Selection,
    UnknownNameError,
    close_matches,
    search_terms,
    select_claims,
    select_sources,
)
from claimref.reference import listed
from claimref.script import SCRIPTS
from claimref.search import FieldMatcher
from claimref.store import Workspace
from claimref.translit import DEFAULT_SCHEME, SCHEMES

if TYPE_CHECKING:
    from claimref.index.queries import View

F = TypeVar("F", bound=Callable[..., Any])

FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)


def script_options(func: F) -> F:
    """``--script`` and ``--translit``, for ``show`` and the rendering commands (defined here, not
    in :mod:`claimref.cli.render`, whose import loads the renderer that ``show`` mostly skips)."""
    options = [
        click.option("--script", type=click.Choice(SCRIPTS), default="original", show_default=True,
                     help="Original script, or Latin: Cyrillic titles, names, places and "
                          "publishers transliterated."),
        click.option("--translit", type=click.Choice(list(SCHEMES)), default=DEFAULT_SCHEME,
                     show_default=True, metavar="SCHEME",
                     help=f"Transliteration scheme for --script latin ({', '.join(SCHEMES)})."),
    ]  # fmt: skip
    for option in reversed(options):
        func = option(func)
    return func


def indexed(ctx: click.Context, search: bool = False) -> View | None:
    """The workspace's index, brought up to date, when it can answer (None: load the workspace);
    warnings and errors are printed and what has errors left out, as :func:`workspace` does.
    ``search``: the command searches text (the index's full-text tables are built if missing)."""
    options = ctx.find_root().obj
    if not options.get("cache", True):
        return None
    from claimref.edit.lock import shared_lock  # noqa: PLC0415
    from claimref.index.queries import open_view  # noqa: PLC0415

    root = writing_root(ctx)
    view = _early_view(ctx, root, search)
    if view is None:
        with shared_lock(root):  # no writer commits while the files are compared
            view = open_view(root, search=search)
    if view is None:
        return None
    ctx.call_on_close(view.close)
    print_findings(view.warnings)
    if view.errors:
        print_findings(view.errors)
        options.update(errors=len(view.errors), left_out=view.left_out)
    return view


def _early_view(ctx: click.Context, root: Path, search: bool) -> View | None:
    """The index as last stored, while the files are looked at meanwhile
    (:mod:`claimref.cli.early`); None when the command is not answered so."""
    if not early.speculating(ctx):
        return None
    from claimref.index.queries import early_view  # noqa: PLC0415

    found = early_view(root, search)
    if found is None:
        return None
    view, quick = found
    early.speculated(ctx, root, quick)
    return view


def _dump_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _count(shown: int, total: int, noun: str) -> None:
    """The closing count on stderr; an empty result says so (and is not an error)."""
    note = ": none matches the filters" if shown == 0 and total else ""
    click.echo(f"{shown} of {total} {noun}{note}", err=True)


@cli.command("claims")
@selection_options
@FORMAT
@click.pass_context
def claims_command(ctx: click.Context, /, fmt: str, **filters: Any) -> None:
    """List claims: id, status, statement and the sources they cite.

    A source that is not in the bibliography (missing, or its entry has errors) is shown as ?KEY.
    With --search a last column, MATCHED ("matched" in JSON), names the fields the text was found
    in (statement, links.quote, source.title…).

    \b
    Example:
        claimref claims --status disputed
        claimref claims --unverified --min-sources 2
        claimref claims --search karsava --format json
    """
    view = indexed(ctx, search=bool(filters.get("search")))
    selection = make_selection(**filters)
    if view is not None and fmt == "table" and not selection.search:
        from claimref.index.queries import claim_rows  # noqa: PLC0415

        rows = claim_rows(view, selection)
        if rows is not None:  # the rows are enough: no claim is built
            keys = {key for row in rows for key in row[3]}
            _claims_table(rows, view.used_keys(keys) if view.errors else None, None)
            _count(len(rows), view.counts["claims"], "claims")
            return
    # the folded texts of the cited works and of the claims, as the index keeps them, spare the
    # MATCHED column folding each field again
    texts: dict[str, str] | None = None
    own: dict[str, str] | None = None
    if view is not None:
        from claimref.index.queries import selected_claims  # noqa: PLC0415

        ws, chosen = selected_claims(view, selection)
        total = view.counts["claims"]
        if selection.search:
            texts = view.source_texts(k for c in chosen for k in c.source_keys)
            own = view.own_texts(c.id for c in chosen)
    else:
        ws = workspace(ctx)
        chosen = select_claims(ws, selection)
        total = len(ws.claims)
    terms = search_terms(selection.search, ws) if selection.search else ()
    fields = FieldMatcher(terms, ws, texts, own).fields
    matched = {c.id: fields(c) for c in chosen} if terms else None
    if fmt == "json":
        found = matched or {}
        _dump_json([claim_data(c, ws, found.get(c.id) if terms else None) for c in chosen])
    else:
        # a link to a missing source is an error: without errors, every link resolves
        rows = [(c.id, c.reliability.status.value, c.statement, c.source_keys) for c in chosen]
        _claims_table(rows, ws.sources if ws.errors else None, matched)
    _count(len(chosen), total, "claims")


def _claims_table(
    rows: list[tuple[str, str, str, tuple[str, ...]]],
    known: Collection[str] | None,
    matched: dict[str, tuple[str, ...]] | None,
) -> None:
    """The claims' table: id, status, statement and cite keys (``?KEY`` for those not in
    ``known``; None: all are), and with ``matched`` the fields a search matched; nothing when
    there are no rows."""
    if not rows:
        return
    lines = [
        ["ID", "STATUS", "STATEMENT", "SOURCES", *(["MATCHED"] if matched is not None else [])]
    ]
    for claim_id, status, statement, keys in rows:
        cited = " ".join(keys if known is None else (k if k in known else f"?{k}" for k in keys))
        line = [claim_id, status, statement, cited]
        lines.append(line + ([", ".join(matched[claim_id])] if matched is not None else []))
    click.echo(table(lines, flexible=2))


@cli.command("show")
@click.argument("name", metavar="ID|KEY", shell_complete=completers.claim_or_key)
@FORMAT
@click.option(
    "--style",
    default=None,
    metavar="STYLE",
    help="Cite in this CSL style (apa, chicago-author-date…): each link, with its locator, or the "
    "source.",
)
@click.option("--locale", default=None, metavar="LOCALE", shell_complete=completers.locale,
              help="CSL locale for --style.")  # fmt: skip
@script_options
@click.pass_context
def show_command(ctx: click.Context, /, name: str, fmt: str, style: str | None,
                 locale: str | None, **script: str) -> None:  # fmt: skip
    """Show one claim in full, with each source it links to; or, given a cite key, one source
    with its fields and the claims that cite it (a claim id wins over a key of the same name).

    \b
    Example:
        claimref show samsons-130-trains
        claimref show strods2006
        claimref show samsons-130-trains --style chicago-author-date
        claimref show samsons-130-trains --style apa --script latin
    """
    view = indexed(ctx) if style is None else None
    ws = workspace(ctx) if view is None else _show_workspace(view, name, fmt)
    claim = ws.claims.get(name)
    source = ws.sources.get(name) if claim is None else None
    if claim is None and source is None:
        _show_unresolved(name, ws, fmt)
        return
    options = {"style": style, "locale": locale, "fmt": "text", "no_cache": False, **script}
    if claim is not None and fmt == "json":
        from claimref.evidence import EvidenceIndex  # noqa: PLC0415

        evidence = EvidenceIndex(ws.sources, ws.people).weigh(claim)
        _dump_json({**claim_data(claim, ws), "evidence": evidence.to_data()})
    elif claim is not None:
        styled = _link_citations(ws, claim, options) if style else None
        click.echo(render_claim(claim, ws, styled))
    elif source is not None and fmt == "json":
        _dump_json(source_data(source, ws))
    elif source is not None:
        click.echo(render_source(source, ws, options if style else None))


def _show_workspace(view: View, name: str, fmt: str) -> Workspace:
    """What ``show NAME`` needs from the index: the claim and the sources it cites (all of them
    for its evidence in JSON), or the source and the claims citing it; an unknown name is an
    error, as after a full load."""
    claims = view.claims("c.claim = ?", [name])
    if name in claims:
        return view.workspace(claims, view.sources() if fmt == "json" else None)
    citing = view.claims("c.id IN (SELECT claim FROM links WHERE source = ?)", [name])
    sources = view.sources([name])
    if not citing and not sources:
        known = [*view.claim_ids(), *view.source_keys()]
        raise UnknownNameError("claim or source", name, close_matches(name, known))
    return view.workspace(citing, sources)


def _link_citations(ws: Workspace, claim: Claim, options: dict[str, Any]) -> Any:
    from claimref.cli.render import link_citations  # noqa: PLC0415  (loads the renderer)

    return link_citations(ws, claim, options)


def _show_unresolved(key: str, ws: Workspace, fmt: str) -> None:
    """A key that claims link to but the bibliography lacks: the links; else an unknown name."""
    citing = links_to(key, ws)
    if not citing:
        raise UnknownNameError(
            "claim or source", key, close_matches(key, [*ws.claims, *ws.sources])
        )
    if fmt == "json":
        _dump_json({"key": key, "unresolved": True, "cited_by": cited_by_data(citing)})
        return
    lines = [f"{key}  [{UNRESOLVED}]", "", *citing_lines(citing)]
    click.echo("\n".join(lines))


@cli.command("sources")
@selection_options
@click.option("--cited-by", "ids", multiple=True, metavar="ID", shell_complete=completers.claim_id,
              help="Sources this claim links to (repeatable).")  # fmt: skip
@click.option("--uncited", is_flag=True, help="Sources no claim links to.")
@FORMAT
@click.pass_context
def sources_command(ctx: click.Context, /, fmt: str, uncited: bool, **filters: Any) -> None:
    """List sources: key, language, year, short reference and how many claims cite each.

    The claim filters select the sources those claims cite; --uncited lists the sources no claim
    cites (with --lang and --source only).

    \b
    Example:
        claimref sources --lang ru
        claimref sources --cited-by samsons-130-trains
        claimref sources --uncited
    """
    view = indexed(ctx, search=bool(filters.get("search")))
    full = workspace(ctx) if view is None else None
    selection = make_selection(**filters)
    if uncited and not replace(selection, sources=(), langs=()).is_empty:
        raise click.UsageError("--uncited lists sources no claim cites: combine it with --lang "
                               "and --source, not with the claim filters")  # fmt: skip
    if fmt == "json":
        ws, chosen, counts, total = _chosen_sources(view, full, selection, uncited)
        _dump_json([source_data(s, ws, counts.get(s.key, 0)) for s in chosen])
        _count(len(chosen), total, "sources")
        return
    if view is not None:  # the lines as the index keeps them: no source is built
        from claimref.index.queries import listed_sources  # noqa: PLC0415

        lines = listed_sources(view, selection, uncited=uncited)
        counts, total = view.citation_counts(key for key, _ in lines), view.counts["sources"]
    else:
        _, chosen, counts, total = _chosen_sources(view, full, selection, uncited)
        lines = [(source.key, listed(source)) for source in chosen]
    if lines:
        rows = [["KEY", "LANG", "YEAR", "CLAIMS", "REFERENCE"]]
        rows += [[key, lang, year, str(counts.get(key, 0)), reference]
                 for key, (lang, year, reference) in lines]  # fmt: skip
        click.echo(table(rows, flexible=4))
    _count(len(lines), total, "sources")


def _chosen_sources(
    view: View | None, full: Workspace | None, selection: Selection, uncited: bool
) -> tuple[Workspace, list[Source], dict[str, int], int]:
    """The sources ``sources`` lists, the workspace they belong to, how many claims cite each,
    and how many sources there are; from the index when there is a view, else the full load."""
    if view is not None:
        from claimref.index.queries import selected_sources  # noqa: PLC0415

        ws, chosen = selected_sources(view, selection, uncited=uncited)
        return ws, chosen, view.citation_counts(s.key for s in chosen), view.counts["sources"]
    if full is None:
        raise ValueError("no workspace")  # unreachable: a view or a full load is always there
    chosen = select_sources(full, selection, uncited=uncited)
    return full, chosen, full.citation_counts(), len(full.sources)
