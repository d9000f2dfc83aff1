"""Works in other languages and scripts: transliterated items and translated titles for rendering.

Before rendering, :func:`prepare` rewrites the CSL-JSON items of :mod:`claimref.formats.csljson`:

* ``script="latin"``: the Cyrillic of titles, names, places and publishers is transliterated by a
  named scheme of :mod:`claimref.translit` (default ALA-LC); where a source has a human override
  ``x-translit-<scheme>-<field>`` (``x-translit-ala-lc-title``), that text is used instead;
* translated titles (``transtitle``, ``transbooktitle``/``transjournaltitle``, carried in the item's
  ``custom`` object): in the style families whose manuals give them (APA, Chicago, MLA) the English
  translation is put after the title between two private-use markers.

After rendering, :func:`finish` turns each marked translation into `` [English title]`` placed after
the title's closing markup (italics, quotes), so the brackets are never italic or quoted, and in
``latin`` script transliterates what the style itself wrote in Cyrillic. Rendering,
choosing styles and sorting are not done here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from claimref.model import Source
from claimref.translit import has_cyrillic, to_latin

SCRIPTS = ("original", "latin")
#: Style ids (and their variants: ``apa-6th-edition``, ``chicago-note-bibliography``…) whose
#: manuals put an English translation in square brackets after a non-English title.
TRANSLATING_FAMILIES = ("apa", "chicago", "modern-language-association")
#: Open and close the translation carried inside a title during rendering.
OPEN, CLOSE = "\ue001", "\ue002"
#: CSL variables transliterated in ``latin`` script.
TEXT_VARIABLES = ("title", "container-title", "collection-title", "volume-title", "original-title",
                  "event-title", "event-place", "publisher", "publisher-place", "title-short",
                  "genre", "original-publisher", "original-publisher-place")  # fmt: skip
NAME_PARTS = ("family", "given", "literal", "non-dropping-particle", "dropping-particle", "suffix")
#: Fields a transliteration override may name → the CSL variable it replaces.
OVERRIDABLE = {
    "title": "title",
    "booktitle": "container-title",
    "journaltitle": "container-title",
    "series": "collection-title",
    "publisher": "publisher",
    "location": "publisher-place",
}
#: Translation fields (in ``custom``) → the CSL variable they follow.
TRANSLATED = {"trans-title": "title", "trans-container-title": "container-title"}
_MARKED = re.compile(rf"{OPEN}([^{CLOSE}]*){CLOSE}([.,;:]?)((?:</(?:i|em|span)>|\*|`|[”’»\"])*)")


def translates(style_name: str) -> bool:
    """True when the style (by id or file stem) is of a family that gives translated titles."""
    stem = style_name.rsplit("/", 1)[-1].removesuffix(".csl")
    return stem.startswith(TRANSLATING_FAMILIES)


def prepare(items: Sequence[dict[str, Any]], sources: Sequence[Source], *, script: str,
            scheme: str, translations: bool) -> list[dict[str, Any]]:  # fmt: skip
    """Copies of ``items`` (parallel to ``sources``) ready for the engine: transliterated when
    ``script`` is ``latin``, with marked translations when ``translations``; ``custom`` removed."""
    out = []
    for item, source in zip(items, sources, strict=True):
        new = {k: v for k, v in item.items() if k != "custom"}
        if script == "latin":
            new = transliterate(new, scheme)
            new.update(overrides(source, scheme))
        if translations:
            custom = item.get("custom") or {}
            for field, variable in TRANSLATED.items():
                if custom.get(field) and new.get(variable):
                    new[variable] = f"{new[variable]}{OPEN}{custom[field]}{CLOSE}"
        out.append(new)
    return out


def transliterate(item: dict[str, Any], scheme: str) -> dict[str, Any]:
    """The item with the Cyrillic of its text variables and names in Latin script (``scheme``)."""
    new = dict(item)
    for variable in TEXT_VARIABLES:
        if isinstance(new.get(variable), str) and has_cyrillic(new[variable]):
            new[variable] = to_latin(new[variable], scheme)
    for variable, value in item.items():
        if isinstance(value, list) and value and all(isinstance(n, dict) for n in value):
            new[variable] = [{part: to_latin(text, scheme) if part in NAME_PARTS else text
                              for part, text in name.items()} for name in value]  # fmt: skip
    return new


def overrides(source: Source, scheme: str) -> dict[str, str]:
    """The source's human transliterations for ``scheme`` (``x-translit-ala-lc-title``…), as CSL
    variables; the title override stands for the whole title (subtitle included)."""
    prefix = f"x-translit-{scheme}-"
    out: dict[str, str] = {}
    for field, variable in OVERRIDABLE.items():
        if value := source.get(prefix + field).strip():
            out[variable] = " ".join(value.split())
    return out


def finish(text: str, latin: str | None = None, *, keep: bool = True) -> str:
    """Rendered text with each marked translation as `` [translation]`` after the title's closing
    italics or quotation mark (and before the punctuation a style put inside the quotes); with
    ``keep=False`` the translations are dropped (in-text citations that show a title).
    ``latin``: the scheme of ``--script latin``; the Cyrillic a style or locale adds ("под ред.",
    "[Электронный ресурс]") is transliterated too, so the text has no Cyrillic left."""
    if OPEN in text:
        shown = (lambda m: f"{m.group(3)} [{m.group(1)}]{m.group(2)}") if keep else (
            lambda m: f"{m.group(2)}{m.group(3)}")  # fmt: skip
        text = _MARKED.sub(shown, text)
    return to_latin(text, latin) if latin else text
