"""Mutations that know nothing of the format: bytes, characters, encodings, line endings.

Each mutation takes a random generator, the file's bytes and an :class:`Env`, and returns the new
bytes as :class:`Mutated` (None when it does not apply). ``broke`` says what the mutation broke
when the loader is bound to notice (see README.md, "silent acceptance"); it is empty when the
result may still be valid. Files never grow past :data:`MAX_BYTES`. Format-aware mutations are in
:mod:`tests.fuzz.bibops`, :mod:`tests.fuzz.yamlops` and :mod:`tests.fuzz.importops`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from random import Random
from typing import Literal

MAX_BYTES = 1_000_000
#: Control characters: NUL, vertical tab, ESC, DEL and a few others.
CONTROLS = ("\x00", "\x0b", "\x1b", "\x7f", "\x01", "\x08", "\x0c", "\x1f")
#: Invisible and bidirectional-control characters (all of Unicode category Cf).
INVISIBLE = (
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2069",
)
#: Characters inserted as noise: structure of every format, scripts, combining marks, emoji.
PALETTE = (
    "@{}\",=#%\\\n:-[]&*!|>'~$^_ \t\rāēīūčšžņļķģ ЖжЁёЩщыъ 中文 ß ﬁ \u0301\u0308 😀🇱🇻 \u2028\u0085"
)
KINDS_SEEING_CONTROLS = frozenset(["claim", "people"])
NUL_MAY_PASS = frozenset(["import-ris"])


@dataclass(frozen=True)
class Mutated:
    """A mutated file, and what was broken in it when the loader must notice (else empty)."""

    data: bytes
    broke: str = ""


@dataclass(frozen=True)
class Env:
    """What a mutation may use: the kind of file, other files of that kind (for splices) and the
    workspace's cite keys (for keys that look like them)."""

    kind: str
    others: tuple[bytes, ...] = ()
    keys: tuple[str, ...] = ()


Op = Callable[[Random, bytes, Env], "Mutated | None"]


def text_of(data: bytes) -> str:
    """The bytes as text; bytes that are not UTF-8 survive the round trip through :func:`bytes_of`."""
    return data.decode("utf-8", "surrogateescape")


def bytes_of(text: str) -> bytes:
    """Text from :func:`text_of` back to bytes."""
    return text.encode("utf-8", "surrogateescape")


def budget(size: int) -> int:
    """How many bytes a file of ``size`` bytes may still grow."""
    return max(0, MAX_BYTES - size)


def line_at(text: str, index: int) -> int:
    """The 1-based line of ``index`` (LF-counted)."""
    return text.count("\n", 0, index) + 1


def encoding_broke(data: bytes, kind: str) -> str:
    """What makes ``data`` unreadable as a ``kind`` file: invalid UTF-8, or a NUL byte (not for
    RIS imports: a record left out as a duplicate need not be read closely, and a NUL that would be
    appended is the ``bad-write`` class's to catch), else ''."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not valid UTF-8 (byte {exc.start})"
    return "NUL byte" if b"\0" in data and kind not in NUL_MAY_PASS else ""


def flip_bits(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Flip one to eight random bits."""
    if not data:
        return None
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return Mutated(bytes(out))


def insert_chunk(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Insert a few characters from :data:`PALETTE` somewhere."""
    chunk = "".join(rng.choice(PALETTE) for _ in range(rng.randint(1, 24))).encode()
    at = rng.randint(0, len(data))
    return Mutated(data[:at] + chunk + data[at:]) if len(chunk) <= budget(len(data)) else None


def delete_chunk(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Delete 1–256 bytes somewhere."""
    if not data:
        return None
    at = rng.randrange(len(data))
    return Mutated(data[:at] + data[at + rng.randint(1, 256) :])


def duplicate_chunk(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Copy a stretch of the file (up to 4 KB) to another place."""
    if not data:
        return None
    start = rng.randrange(len(data))
    chunk = data[start : start + min(rng.randint(1, 4096), budget(len(data)))]
    at = rng.randint(0, len(data))
    return Mutated(data[:at] + chunk + data[at:])


def splice(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Replace a stretch of the file by a stretch of another file of the same kind."""
    other = rng.choice(env.others) if env.others else b""
    if not other or not data:
        return None
    start = rng.randrange(len(other))
    chunk = other[start : start + rng.randint(1, 2048)]
    cut, length = rng.randrange(len(data)), rng.randint(0, 2048)
    out = data[:cut] + chunk + data[cut + length :]
    return Mutated(out) if len(out) <= MAX_BYTES else None


def control_char(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Insert a control character; NUL is refused everywhere (see :func:`encoding_broke`), the
    others by YAML, and by JSON all but DEL (which a JSON string may hold)."""
    text = text_of(data)
    char, at = rng.choice(CONTROLS), rng.randint(0, len(text))
    seen = (
        env.kind in KINDS_SEEING_CONTROLS
        or (env.kind == "import-json" and char != "\x7f")  # JSON strings may hold DEL
        or (char == "\0" and env.kind not in NUL_MAY_PASS)
    )
    broke = f"control character U+{ord(char):04X} on line {line_at(text, at)}" if seen else ""
    return Mutated(bytes_of(text[:at] + char + text[at:]), broke)


def invisible_char(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Insert an invisible or bidi-control character anywhere (may still be valid)."""
    text = text_of(data)
    at = rng.randint(0, len(text))
    return Mutated(bytes_of(text[:at] + rng.choice(INVISIBLE) + text[at:]))


def reencode(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Save the text as UTF-16 (either order, with or without BOM), Latin-1 or CP-1252."""
    text = data.decode("utf-8", "replace")
    codec = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252"])
    out = text.encode(codec, "replace")
    if len(out) > MAX_BYTES:
        return None
    return Mutated(
        out, f"saved as {codec}: {broke}" if (broke := encoding_broke(out, env.kind)) else ""
    )


def byte_order_mark(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """A UTF-8 BOM (valid), a UTF-16 BOM before UTF-8 text (invalid), or U+FEFF inside."""
    choice = rng.randrange(3)
    if choice == 0:
        return Mutated(b"\xef\xbb\xbf" + data)
    if choice == 1:
        out = rng.choice([b"\xff\xfe", b"\xfe\xff"]) + data
        return Mutated(
            out, f"UTF-16 byte order mark before UTF-8 text: {encoding_broke(out, env.kind)}"
        )
    at = rng.randint(0, len(data))
    return Mutated(data[:at] + "\ufeff".encode() + data[at:])


def line_endings(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """CRLF or old-Mac CR-only line endings (valid)."""
    lf = data.replace(b"\r\n", b"\n")
    return Mutated(lf.replace(b"\n", rng.choice([b"\r\n", b"\r"])))


def normalise(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """The whole text in NFD, NFC or NFKC (valid, though names and keys change form)."""
    form: Literal["NFD", "NFC", "NFKC"] = rng.choice(["NFD", "NFC", "NFKC"])
    out = bytes_of(unicodedata.normalize(form, text_of(data)))
    return Mutated(out) if len(out) <= MAX_BYTES else None


def truncate(rng: Random, data: bytes, env: Env) -> Mutated | None:
    """Cut the file short anywhere (may still be valid)."""
    return Mutated(data[: rng.randrange(len(data))]) if data else None


#: Mutations for every kind of file: (name, mutation).
GENERIC: tuple[tuple[str, Op], ...] = (
    ("flip-bits", flip_bits),
    ("insert-chunk", insert_chunk),
    ("delete-chunk", delete_chunk),
    ("duplicate-chunk", duplicate_chunk),
    ("splice", splice),
    ("control-char", control_char),
    ("invisible-char", invisible_char),
    ("reencode", reencode),
    ("bom", byte_order_mark),
    ("line-endings", line_endings),
    ("normalise", normalise),
    ("truncate", truncate),
)
