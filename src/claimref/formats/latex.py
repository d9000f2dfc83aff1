"""Decode the LaTeX found in BibTeX field values into Unicode, without ever dropping text.

Accents (``\\"a``, ``\\c{n}``, ``\\={\\i}``), special letters (``\\ss``, ``\\o``), escaped characters
(``\\&``), font commands (``\\emph{…}``) and grouping braces are decoded. Anything not understood (an
unknown macro with its arguments, math) is kept verbatim and reported, so ``{\\TeX}: The Program`` never
becomes ``: The Program`` as it does with bibtexparser's decoding middleware. Encoding (Unicode → LaTeX)
is not done here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "d": "\u0323",
    "b": "\u0331",
    "k": "\u0328",
    "r": "\u030a",
    "t": "\u0361",
}
SYMBOLS = {
    "i": "ı",
    "j": "ȷ",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "ss": "ß",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "dh": "ð",
    "DH": "Ð",
    "th": "þ",
    "TH": "Þ",
    "ng": "ŋ",
    "NG": "Ŋ",
    "dj": "đ",
    "DJ": "Đ",
    "textendash": "–",
    "textemdash": "—",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "guillemotleft": "«",
    "guillemotright": "»",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "S": "§",
    "P": "¶",
    "textsection": "§",
    "copyright": "©",
    "textregistered": "®",
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "BibTeX": "BibTeX",
    "LaTeXe": "LaTeX2ε",
    "slash": "/",
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciitilde": "~",
    "textunderscore": "_",
    "textdegree": "°",
    "nobreakspace": "\u00a0",
    "textnumero": "№",
    "No": "№",
    "space": " ",
}
ESCAPED = {
    "&": "&",
    "%": "%",
    "$": "$",
    "#": "#",
    "_": "_",
    "{": "{",
    "}": "}",
    " ": " ",
    ",": "\u2009",
    "-": "",
    "/": "",
}
#: Commands whose single argument is the text itself (the markup is dropped).
TEXT_COMMANDS = frozenset(
    [
        "emph",
        "textit",
        "textbf",
        "textsc",
        "textup",
        "textrm",
        "textsf",
        "texttt",
        "textsl",
        "textmd",
        "textnormal",
        "mkbibquote",
        "mkbibemph",
        "mkbibbold",
        "enquote",
        "mbox",
        "hbox",
        "text",
        "textsuperscript",
    ]
)
_MACRO = re.compile(r"\\([A-Za-z]+|.)")
#: The characters the parser acts on; everything between them is copied as it is.
_SPECIAL = re.compile(r"[\\{}$~]")
_GROUP_CHARS = re.compile(r"[\\{}]")


#: Groups (braces, and the arguments of accents and font commands) nested deeper than this are
#: kept as written and reported: nothing real nests so deep, and each level costs a Python frame.
MAX_DEPTH = 100


@dataclass(frozen=True)
class Decoded:
    """The decoded text, the LaTeX kept verbatim because it could not be decoded, and problems
    with the value as a whole (braces nested too deep)."""

    text: str
    undecoded: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


def needs_decoding(value: str) -> bool:
    """True when a value holds LaTeX (a backslash, brace, tie or math); others are returned as is."""
    return any(ch in value for ch in "\\{}~$")


def decode(value: str) -> Decoded:
    """Decode one field value; unknown macros and math are kept verbatim and listed."""
    if not needs_decoding(value):
        return Decoded(value)
    parser = _Parser(value)
    text = parser.run(0, len(value))
    problems = (f"braces nested deeper than {MAX_DEPTH} levels: kept as written",)
    return Decoded(
        unicodedata.normalize("NFC", text),
        tuple(parser.undecoded),
        problems if parser.too_deep else (),
    )


def group_end(text: str, start: int) -> int:
    """Index just past the brace group opening at ``start`` (or the end of text if unbalanced)."""
    depth, i = 0, start
    while match := _GROUP_CHARS.search(text, i):
        i = match.start()
        if text[i] == "\\":  # the next character is escaped
            i += 2
            continue
        depth += 1 if text[i] == "{" else -1
        i += 1
        if depth == 0:
            return i
    return len(text)


def _group_ends(text: str) -> dict[int, int]:
    """:func:`group_end` of every brace in ``text``, found in one pass (asking :func:`group_end`
    at each level of nested groups would take quadratic time)."""
    ends: dict[int, int] = {}
    opened: list[int] = []
    i = 0
    while match := _GROUP_CHARS.search(text, i):
        i = match.start()
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "{":
            opened.append(i)
        elif opened:
            ends[opened.pop()] = i + 1
        i += 1
    ends.update((start, len(text)) for start in opened)
    return ends


class _Parser:
    """A single left-to-right pass over one value; groups recurse, at most :data:`MAX_DEPTH` deep."""

    def __init__(self, text: str, depth: int = 0) -> None:
        self.text = text
        self.undecoded: list[str] = []
        self.depth = depth
        self.too_deep = False
        self._ends: dict[int, int] | None = None

    def group_end(self, start: int, end: int) -> int:
        """:func:`group_end` of the brace at ``start``, at most ``end``."""
        if self._ends is None:
            self._ends = _group_ends(self.text)
        return min(self._ends.get(start, len(self.text)), end)

    def group(self, start: int, stop: int, close: int) -> str:
        """The decoded text of ``text[start:stop]``, the inside of a group ending at ``close``;
        past :data:`MAX_DEPTH` levels the group is kept as written and reported."""
        if self.depth >= MAX_DEPTH:
            self.too_deep = True
            return self.text[start - 1 : close]
        self.depth += 1
        try:
            return self.run(start, stop)
        finally:
            self.depth -= 1

    def run(self, start: int, end: int) -> str:
        out: list[str] = []
        i = start
        while i < end:
            special = _SPECIAL.search(self.text, i, end)
            if special is None:  # plain text up to the end
                out.append(self.text[i:end])
                break
            if special.start() > i:  # plain text up to the next special character
                out.append(self.text[i : special.start()])
                i = special.start()
            ch = self.text[i]
            if ch == "\\":
                piece, i = self.macro(i, end)
            elif ch == "{":
                close = self.group_end(i, end)
                stop = close - 1 if self.text[close - 1] == "}" else close
                piece, i = self.group(i + 1, stop, close), close
            elif ch == "}":
                piece, i = "", i + 1
            elif ch == "$":
                close = self.text.find("$", i + 1, end)
                close = end if close < 0 else close + 1
                piece, i = self.text[i:close], close
                self.undecoded.append(piece)
            elif ch == "~":
                piece, i = "\u00a0", i + 1
            else:
                piece, i = ch, i + 1
            out.append(piece)
        return "".join(out)

    def macro(self, i: int, end: int) -> tuple[str, int]:
        match = _MACRO.match(self.text, i, end)
        if not match:
            return "\\", i + 1
        name, j = match.group(1), match.end()
        if name.isalpha():
            while j < end and self.text[j] == " ":
                j += 1
        if name in ACCENTS and (not name.isalpha() or name in "uvHcdbkrt"):
            return self.accent(name, j, end)
        if name in SYMBOLS:
            return SYMBOLS[name], j
        if name in ESCAPED:
            return ESCAPED[name], match.end()
        if name in TEXT_COMMANDS and j < end and self.text[j] == "{":
            close = self.group_end(j, end)
            stop = close - 1 if self.text[close - 1] == "}" else close
            return self.group(j + 1, stop, close), close
        return self.unknown(i, j, end)

    def accent(self, name: str, j: int, end: int) -> tuple[str, int]:
        if j < end and self.text[j] == "{":
            close = self.group_end(j, end)
            base, nxt = self.text[j + 1 : close - 1], close
        elif self.text.startswith(("\\i", "\\j"), j) and not self.text[j + 2 : j + 3].isalpha():
            base, nxt = self.text[j : j + 2], j + 2  # \=\i, as BibTeX styles write it
        else:
            base, nxt = self.text[j : j + 1], j + 1
        base = base.strip()
        letter = unicodedata.normalize(
            "NFD", {"\\i": "i", "\\j": "j"}.get(base) or self.run_text(base)
        )
        cut = next((k for k in range(1, len(letter)) if not unicodedata.combining(letter[k])), 0)
        cut = cut or len(letter)  # the accent goes after the first letter and its own marks
        return letter[:cut] + ACCENTS[name] + letter[cut:], nxt

    def run_text(self, text: str) -> str:
        if self.depth >= MAX_DEPTH:
            self.too_deep = True
            return text
        inner = _Parser(text, self.depth + 1)
        decoded = inner.run(0, len(text))
        self.undecoded.extend(inner.undecoded)
        self.too_deep = self.too_deep or inner.too_deep
        return decoded

    def unknown(self, i: int, j: int, end: int) -> tuple[str, int]:
        """Keep an unknown macro and its brace arguments verbatim."""
        k = j
        while k < end and self.text[k] == "{":
            k = self.group_end(k, end)
        if k == j:
            match = _MACRO.match(self.text, i, end)
            k = match.end() if match else i + 1
        self.undecoded.append(self.text[i:k])
        return self.text[i:k], k
