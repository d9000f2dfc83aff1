"""The user's text as messages show and check it: cut to a readable length, control and invisible
characters named, lines and columns counted as the YAML reader counts them, files saved as UTF-16
or UTF-32 recognised.

Used by the format readers and the store for their findings; no I/O, no imports from claimref.
What a field means, and whether a value is valid, is the readers' business.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

#: How many characters of a value a message quotes.
SHOWN = 60
#: Invisible characters and bidirectional controls: they make two keys look the same, or text read
#: in another order than it is stored (U+00AD soft hyphen, U+061C Arabic letter mark, U+200B–U+200F
#: zero-width and direction marks, U+202A–U+202E embeddings and overrides, U+2060–U+2064 word
#: joiner and invisible operators, U+2066–U+2069 isolates, U+FEFF zero-width no-break space).
_INVISIBLE = "[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
#: What YAML does not allow in a file (YAML 1.1, 5.1: the printable characters are tab, line feed,
#: carriage return, NEL, and U+0020–U+007E, U+00A0–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF): the
#: other C0 and C1 controls, DEL, the surrogates, U+FFFE and U+FFFF. (Written as the characters
#: refused, not as the complement of those allowed: that compiles ten times faster.)
_NOT_PRINTABLE = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
#: Control characters shown escaped in messages (everything C0/C1 but tab and newline, and DEL).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Line ends as YAML counts them: \r\n, \r, \n, NEL, LS, PS.
_LINE_END = "\r\n|[\r\n\x85\u2028\u2029]"
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


@functools.cache
def compiled(source: str) -> re.Pattern[str]:
    """``source`` compiled, once: the patterns above are compiled when first used (compiling them
    at import cost every command 5 ms of start-up, and most commands never show a message)."""
    return re.compile(source)


def __getattr__(name: str) -> re.Pattern[str]:
    """``INVISIBLE`` and ``NOT_PRINTABLE``: the compiled patterns, made on first use."""
    if name == "INVISIBLE":
        return compiled(_INVISIBLE)
    if name == "NOT_PRINTABLE":
        return compiled(_NOT_PRINTABLE)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    invisible = compiled(_INVISIBLE)
    if not invisible.search(text):
        return text
    return invisible.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def describe_char(char: str) -> str:
    """``U+000B (vertical tab)``, ``U+200B (ZERO WIDTH SPACE)``: a character named for a message."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "")
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def invisible_chars(text: str) -> list[str]:
    """The invisible and bidirectional-control characters in ``text``, each once, in order."""
    return list(dict.fromkeys(compiled(_INVISIBLE).findall(text)))


def without_invisible(text: str) -> str:
    """``text`` with its invisible and bidirectional-control characters taken out."""
    invisible = compiled(_INVISIBLE)
    return invisible.sub("", text) if invisible.search(text) else text


def line_col(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``text[index]``, lines ending as YAML ends them."""
    line, start = 1, 0
    for match in compiled(_LINE_END).finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1


#: Byte order marks of the wide encodings (UTF-32 first: its little-endian mark begins with
#: UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32 (little-endian)"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32 (big-endian)"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 (little-endian)"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 (big-endian)"),
)
#: The first bytes of those marks (none begins valid UTF-8 text).
_WIDE_STARTS = (b"\xff", b"\xfe", b"\0")


def wide_text(data: bytes) -> tuple[str, str] | None:
    """The text of a file saved as UTF-16 or UTF-32, and which encoding; None when it is not one
    (cheaply: most files begin with no mark and hold no zero byte). Without a byte order mark,
    UTF-16 is recognised by its zero bytes: every other byte of ASCII text."""
    if data[:1] not in _WIDE_STARTS and b"\0" not in data[:4096]:
        return None
    codec = name = ""
    for bom, bom_codec, bom_name in _BOMS:
        if data.startswith(bom):
            codec, name = bom_codec, f"{bom_name}, with a byte order mark"
            break
    else:
        head = data[:4096]
        pairs, even, odd = len(head) // 2, head[0::2].count(0), head[1::2].count(0)
        if odd >= max(pairs // 4, 1) and even <= odd // 16:
            codec, name = "utf-16-le", "UTF-16 (little-endian)"
        elif even >= max(pairs // 4, 1) and odd <= even // 16:
            codec, name = "utf-16-be", "UTF-16 (big-endian)"
    if not codec:
        return None
    try:
        return data.decode(codec).removeprefix("\ufeff"), name
    except UnicodeDecodeError:
        return None
