"""Text forms citeproc-js gives and citeproc-py gets wrong: initials of given names (``J.-P.``,
abbreviations such as ``Th.`` or ``Дж.`` kept) and quotation marks inside quotation marks
(alternated). Title case is :mod:`claimref.render.titlecase`. Used by the corrected elements of
:mod:`claimref.render.elements`; no rendering here.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from citeproc.string import MixedString, NoCase, String

_PARTICLE = "\ue032"  # stands for the space before a particle while initials are joined
_AFTER_DOT = re.compile(r"\.(?=[^\s-])")


@functools.lru_cache(maxsize=4096)
def initials(given: str, mark: str, hyphen: bool = True) -> str:
    """A given name as initials, as citeproc-js writes them: ``Jean-Paul`` → ``J.-P.``, an
    abbreviation kept as written (``Th.``, ``Дж.``, ``I͡a.``), lowercase particles kept whole;
    kept per name (given names recur)."""
    out = []
    spaced = _AFTER_DOT.sub(". ", given if hyphen else given.replace("-", " "))
    for word in spaced.split():
        parts = [p for p in word.split("-") if p.strip(".")]
        done = []
        for part in parts:
            stem = part.rstrip(".")
            if stem[:1].islower():  # a particle: a word of its own whatever the mark
                done.append(_PARTICLE + part + " ")
            elif part.endswith(".") and len(stem) > 1:
                done.append(stem + mark)
            else:
                done.append(stem[:1] + mark)
        out.append("-".join(piece.rstrip() if i < len(done) - 1 else piece
                            for i, piece in enumerate(done)))  # fmt: skip
    return " ".join("".join(out).replace(_PARTICLE, " ").split())


QUOTE_TERMS = ("open-quote", "close-quote", "open-inner-quote", "close-inner-quote")


def alternate(text: Any, marks: list[str]) -> Any:
    """``text`` with its outer quotation marks (``marks[0:2]``) as inner ones (``marks[2:4]``)."""
    table = str.maketrans({marks[0]: marks[2], marks[1]: marks[3]}) if all(
        len(m) == 1 for m in marks) else None  # fmt: skip
    if table is None:
        return text
    if isinstance(text, MixedString):
        return MixedString([type(p)(str(p).translate(table)) if type(p) in (String, NoCase)
                            else p for p in text])  # fmt: skip
    if isinstance(text, String):
        return type(text)(str(text).translate(table))
    return String(str(text).translate(table)) if isinstance(text, str) else text
