"""Unicode → LaTeX for BibTeX values: the inverse of :func:`claimref.formats.latex.decode`.

Two jobs. :func:`escape` makes plain text safe inside a braced value of a *new* entry (``&`` → ``\\&``).
:func:`to_ascii` turns the non-ASCII characters of text that is already BibTeX into LaTeX escapes
(``ī`` → ``{\\=\\i}``, ``ņ`` → ``{\\c{n}}``) and touches nothing else, so LaTeX already in the text
(``\\v{C}``) is never encoded a second time. Only escapes that the decoder reads back are written;
anything else (Cyrillic, Greek, „ quotes…) raises :class:`UnencodableError`. Decoding is ``latex``'s.
"""

from __future__ import annotations

import unicodedata

from claimref.errors import ClaimrefError
from claimref.formats.latex import ACCENTS, SYMBOLS

#: Combining mark → accent command.
_MARKS = {mark: name for name, mark in ACCENTS.items()}
#: Single character → symbol command (the first name wins: ``…`` → ``\ldots``).
_CHARS: dict[str, str] = {}
for _name, _char in SYMBOLS.items():
    if len(_char) == 1 and _name not in ("i", "j"):
        _CHARS.setdefault(_char, _name)
_CHARS.update({"ı": "i", "ȷ": "j"})
#: Accents set above the letter: an ``i`` under them is written dotless (``\\=\\i``).
_ABOVE = frozenset("\u0301\u0300\u0302\u0308\u0303\u0304\u0306\u030c\u030b\u030a")
_DOTLESS = {"i": "\\i", "j": "\\j"}
_SPECIAL = {
    "\\": "\\textbackslash{}",
    "{": "\\textbraceleft{}",
    "}": "\\textbraceright{}",
    "&": "\\&",
    "%": "\\%",
    "$": "\\$",
    "#": "\\#",
    "_": "\\_",
    "~": "\\textasciitilde{}",
}


class UnencodableError(ClaimrefError):
    """A character has no LaTeX escape that claimref writes (and reads back)."""

    def __init__(self, char: str, where: str = "") -> None:
        self.char = char
        name = unicodedata.name(char[:1], f"U+{ord(char[:1]):04X}")
        prefix = f"{where}: " if where else ""
        super().__init__(f"{prefix}'{char}' ({name}) has no ASCII LaTeX escape")


def escape(text: str) -> str:
    """Plain text → the body of a braced BibTeX value (LaTeX specials escaped; Unicode kept)."""
    out = [_SPECIAL.get(ch, ch) for ch in text]
    return "".join(out).replace("\u00a0", "~").replace("\u2009", "\\,")


def to_ascii(text: str) -> str:
    """BibTeX text with every non-ASCII character written as a LaTeX escape; raises
    :class:`UnencodableError` for a character that has none (Cyrillic, for one)."""
    out: list[str] = []
    for cluster in _clusters(unicodedata.normalize("NFC", text)):
        out.append(cluster if cluster.isascii() else encode_char(cluster))
    return "".join(out)


def encode_char(cluster: str) -> str:
    """One character (with its combining marks) as a braced LaTeX escape: ``ī`` → ``{\\=\\i}``."""
    if cluster == "\u00a0":
        return "~"
    if cluster == "\u2009":
        return "\\,"
    if cluster in _CHARS:
        return "{\\" + _CHARS[cluster] + "}"
    decomposed = unicodedata.normalize("NFD", cluster)
    base, marks = decomposed[0], decomposed[1:]
    if not marks or not all(m in _MARKS for m in marks):
        raise UnencodableError(cluster)
    if base.isascii() and base.isalpha():
        body = _DOTLESS.get(base, base) if marks[0] in _ABOVE else base
    elif base in _CHARS:
        body = "\\" + _CHARS[base] + "{}"
    else:
        raise UnencodableError(cluster)
    for mark in marks:
        body = _accent(_MARKS[mark], body)
    return "{" + body + "}"


def _accent(command: str, body: str) -> str:
    """``\\=\\i``, ``\\={\\"u}``, ``\\c{n}``: letter commands take a braced argument."""
    if command.isalpha():
        return f"\\{command}{{{body}}}"
    if len(body) == 1 or body in ("\\i", "\\j"):
        return f"\\{command}{body}"
    return f"\\{command}{{{body}}}"


def _clusters(text: str) -> list[str]:
    """Split text into characters, each with the combining marks that follow it."""
    clusters: list[str] = []
    for ch in text:
        if clusters and unicodedata.combining(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters
