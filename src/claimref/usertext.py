"""The user's text as messages show and check it: cut to a readable length, control and invisible
characters named, lines and columns counted as the YAML reader counts them.

Used by the format readers and the store for their findings; no I/O, no imports from claimref.
What a field means, and whether a value is valid, is the readers' business.
"""

from __future__ import annotations

import re
import unicodedata

#: How many characters of a value a message quotes.
SHOWN = 60
#: Invisible characters and bidirectional controls: they make two keys look the same, or text read
#: in another order than it is stored (U+00AD soft hyphen, U+061C Arabic letter mark, U+200B–U+200F
#: zero-width and direction marks, U+202A–U+202E embeddings and overrides, U+2060–U+2064 word
#: joiner and invisible operators, U+2066–U+2069 isolates, U+FEFF zero-width no-break space).
INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
#: What YAML does not allow in a file (YAML 1.1, 5.1: the printable characters are all others).
NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
#: Control characters shown escaped in messages (everything C0/C1 but tab and newline, and DEL).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Line ends as YAML counts them: \r\n, \r, \n, NEL, LS, PS.
_LINE_END = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "bell",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x1B: "escape",
    0x7F: "delete",
    0xFFFE: "a noncharacter",
    0xFFFF: "a noncharacter",
}


def clip(value: object, limit: int = SHOWN) -> str:
    """``value`` as a message quotes it: at most ``limit`` characters (then ``…``), control
    characters written as ``\\x1b`` and invisible ones as ``<U+200B>`` (:func:`reveal`), so that
    no value floods or drives the terminal, or hides what makes it differ."""
    text = value if isinstance(value, str) else str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return reveal(text)


def reveal(text: str) -> str:
    """``text`` with each invisible or bidirectional-control character written as ``<U+200B>``,
    so that a message shows it (and a right-to-left override cannot reorder the message)."""
    if not INVISIBLE.search(text):
        return text
    return INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def describe_char(char: str) -> str:
    """``U+000B (vertical tab)``, ``U+200B (ZERO WIDTH SPACE)``: a character named for a message."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "")
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def invisible_chars(text: str) -> list[str]:
    """The invisible and bidirectional-control characters in ``text``, each once, in order."""
    return list(dict.fromkeys(INVISIBLE.findall(text)))


def without_invisible(text: str) -> str:
    """``text`` with its invisible and bidirectional-control characters taken out."""
    return INVISIBLE.sub("", text) if INVISIBLE.search(text) else text


def line_col(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``text[index]``, lines ending as YAML ends them."""
    line, start = 1, 0
    for match in _LINE_END.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1
