"""Works in other languages and scripts: translated titles, and Latin script after rendering.

Sources are put in Latin script before they are mapped (:mod:`claimref.script`, which also honours
the human overrides ``x-translit-<scheme>-<field>``). Before rendering, :func:`prepare` marks the
translated titles (``transtitle``, ``transbooktitle``/``transjournaltitle``, carried in the CSL-JSON
item's ``custom`` object): in the style families whose manuals give them (APA, Chicago, MLA) the
English translation is put after the title between two private-use markers.

After rendering, :func:`finish` turns each marked translation into `` [English title]`` placed after
the title's closing markup (italics, quotes), so the brackets are never italic or quoted, and in
``latin`` script transliterates what the style itself wrote in Cyrillic. Rendering,
choosing styles and sorting are not done here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from claimref.translit import to_latin

#: Style ids (and their variants: ``apa-6th-edition``, ``chicago-note-bibliography``…) whose
#: manuals put an English translation in square brackets after a non-English title.
TRANSLATING_FAMILIES = ("apa", "chicago", "modern-language-association")
#: Open and close the translation carried inside a title during rendering.
OPEN, CLOSE = "\ue001", "\ue002"
#: Translation fields (in ``custom``) → the CSL variable they follow.
TRANSLATED = {"trans-title": "title", "trans-container-title": "container-title"}
_MARKED = re.compile(rf"{OPEN}([^{CLOSE}]*){CLOSE}([.,;:]?)((?:</(?:i|em|span)>|\*|`|[”’»\"])*)")


def translates(style_name: str) -> bool:
    """True when the style (by id or file stem) is of a family that gives translated titles."""
    stem = style_name.rsplit("/", 1)[-1].removesuffix(".csl")
    return stem.startswith(TRANSLATING_FAMILIES)


def prepare(items: Sequence[dict[str, Any]], *, translations: bool) -> list[dict[str, Any]]:
    """Copies of ``items`` ready for the engine: with marked translations when ``translations``;
    ``custom`` removed."""
    out = []
    for item in items:
        new = {k: v for k, v in item.items() if k != "custom"}
        if translations:
            custom = item.get("custom") or {}
            for field, variable in TRANSLATED.items():
                if custom.get(field) and new.get(variable):
                    new[variable] = f"{new[variable]}{OPEN}{custom[field]}{CLOSE}"
        out.append(new)
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
