"""Text forms citeproc-js gives and citeproc-py gets wrong: CSL title case (citeproc-js's stop
words; ``nocase`` pieces untouched), initials of given names (``J.-P.``, abbreviations such as
``Th.`` or ``Дж.`` kept) and quotation marks inside quotation marks (alternated). Used by the
corrected elements of :mod:`claimref.render.elements`; no rendering here.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc.string import MixedString, NoCase, String

#: Words CSL title case leaves in lowercase inside a title (citeproc-js's list).
STOP_WORDS = frozenset(
    "about above across afore after against al along alongside amid amidst among amongst anenst "
    "apropos apud around as aside astride at athwart atop barring before behind below beneath "
    "beside besides between beyond but by circa despite down during et except for forenenst from "
    "given in inside into lest like modulo near next notwithstanding of off on onto out over per "
    "plus pro qua sans since than through thru throughout thruout till to toward towards under "
    "underneath until unto up upon versus vs. v. vs v via vis-à-vis with within without or yet so "
    "and nor a an the de d' von van c ca".split()
)
_WORD_SPLIT = re.compile(r"(\s+|-)")
_PARTICLE = "\ue032"  # stands for the space before a particle while initials are joined
_AFTER_DOT = re.compile(r"\.(?=[^\s-])")


def initials(given: str, mark: str, hyphen: bool = True) -> str:
    """A given name as initials, as citeproc-js writes them: ``Jean-Paul`` → ``J.-P.``, an
    abbreviation kept as written (``Th.``, ``Дж.``, ``I͡a.``), lowercase particles kept whole."""
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


def title_case(text: Any) -> Any:
    """CSL title case as citeproc-js applies it: lowercase words (also after a hyphen) get a
    capital unless they are stop words inside the title; ``nocase`` pieces are left alone, and no
    space is added where they meet the rest (citeproc-py splits ``{Pd-N}-heterocyclic``)."""
    pieces = list(text) if isinstance(text, MixedString) else [text]
    out = MixedString()
    previous = ":"
    for piece in pieces:
        if isinstance(piece, NoCase) or not str(piece):
            out += piece
            previous = str(piece)[-1:] or previous
            continue
        words = []
        for token in _WORD_SPLIT.split(str(piece)):
            word = token
            if word and not _WORD_SPLIT.fullmatch(word):
                stop = word.strip(",;:.!?()") in STOP_WORDS and previous not in ":.?!"
                word = word[0].upper() + word[1:] if word.islower() and not stop else word
                previous = word[-1]
            words.append(word)
        out += type(piece)("".join(words)) if isinstance(piece, String) else String("".join(words))
    return out
