"""GOST R 7.0.5-2008 reference lists: each entry in its own language, Cyrillic works first.

The official CSL style (``gost-r-7-0-5-2008``) hard-codes Russian terms ("под ред.", "С.") for
every work, prints ", 2006." after a missing publisher, and needs a hand-typed marker in ``note``
to list Cyrillic works first. claimref renders that style id with its own variant
(``data/gost-r-7-0-5-2008.csl``, terms from the CSL locale), as follows:

* the whole list is rendered in the style's locale (ru-RU), whose collation puts Cyrillic before
  Latin, each entry sorted in its own language's collation (:mod:`collate`): that is the order;
* the list is rendered again with the locale of each other language present (en-US, lv-LV…), and
  the works in that language take their entry from it: an English work gets "ed. by" and "P.", a
  Latvian one "red." (the whole list each time, so that year suffixes agree). A work's language is
  its ``langid``, else its ``language`` field (``english``), else, for a work whose title and
  names are all in Latin script, English (its script's most likely language), else Russian;
* the entries are numbered in that order.

Without ``--script latin`` nothing is transliterated here; with it every entry is Latin and the list
is one group sorted on the transliterated text (biber's ALA-LC sorting does the same).
Choosing sources and printing are the caller's job.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from claimref.render.cites import Cite
from claimref.render.pipeline import Rendered, render
from claimref.render.styles import StyleFile, UnknownLocaleError, resolve_locale, resolve_style

#: The official style ids claimref renders with its corrected variant.
VARIANTS = {"gost-r-7-0-5-2008": Path(__file__).parent / "data" / "gost-r-7-0-5-2008.csl"}


def variant(style: StyleFile) -> StyleFile | None:
    """claimref's corrected variant of ``style``, if it has one."""
    path = VARIANTS.get(style.name)
    return resolve_style(str(path)) if path is not None else None


def render_by_language(style: StyleFile, locale: str | None, items: list[dict[str, Any]],
                       fmt: str, citations: list[list[Cite]], *, cache_dir: Path | None,
                       workers: int | None) -> Rendered:  # fmt: skip
    """The reference list of ``items`` in ``style`` (a variant of :data:`VARIANTS`), each entry
    rendered with the locale of its language, numbered; ``locale`` forces one locale for all."""
    main = render(style, locale, items, fmt, citations, cache_dir=cache_dir, workers=workers)
    if locale is None:  # the whole list each time, so that year suffixes are the main list's
        for language, keys in _by_language(items).items():
            own = render(style, language, items, fmt, [], cache_dir=cache_dir, workers=workers)
            main.entries.update({key: own.entries[key] for key in keys})
    numbered = {key: f"{number}. {main.entries[key]}" for number, key in
                enumerate((k for k in main.order if main.entries.get(k)), 1)}  # fmt: skip
    main.entries.update(numbered)
    return main


def _by_script(item: dict[str, Any]) -> str:
    """The most likely language of a work that names none (no ``langid`` or ``language``): English
    when its title and names are in Latin script only, else none (the style's own, Russian)."""
    names = " ".join(str(n.get("family") or n.get("literal") or "") for n in item.get("author", []))
    text = f"{item.get('title', '')} {names}"
    if _LATIN.search(text) and not _CYRILLIC.search(text):
        return "en"
    return ""


_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _by_language(items: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The ids of the items not in Russian, by the CSL locale of their language (unknown
    languages: none)."""
    groups: dict[str, list[str]] = {}
    for item in items:
        language = str(item.get("language") or "").split("-")[0].lower() or _by_script(item)
        if not language or language == "ru":
            continue
        try:
            locale = resolve_locale(language)
        except UnknownLocaleError:
            continue
        if locale:
            groups.setdefault(locale, []).append(str(item["id"]))
    return groups
