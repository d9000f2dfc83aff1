"""Cite keys for sources that have none: made by a pattern (default ``surname`` + ``year``), ASCII,
unique in the workspace.

The default pattern ``[auth:lower][year]``: the first creator's family name (a corporate name's first
word; the title's first word when there is no creator), Cyrillic transliterated by ALA-LC without
diacritics (the ``ala-lc-ascii`` scheme of :mod:`claimref.translit`, which gives the dataset's own
keys: Рашкевиц → ``rashkevits``, Известный → ``izvestnyi``), Latin diacritics dropped (Vītols →
``vitols``), lower case, letters and digits only; then the year (``nd`` when unknown); then ``a``,
``b``… when the key is taken (compared without case), as Better BibTeX does. Other patterns are
written in ``claimref.toml`` (``key-pattern``, ``key-translit``; see :func:`check_pattern`).
Checking keys given by the user is the importer's job.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection

from claimref import translit
from claimref.errors import ClaimrefError
from claimref.model import Source
from claimref.translit import SCHEMES, to_latin
from claimref.usertext import compiled, without_invisible

KEY_SCHEME = "ala-lc-ascii"
DEFAULT_PATTERN = "[auth:lower][year]"
#: A key pattern's parts, ``[field:modifier…]`` or literal text, and what literal text may hold
#: (compiled when first used, by :func:`~claimref.usertext.compiled`).
_PART = r"\[([a-z]+)((?::[a-z]+)*)\]|([^\[\]]+)"
_LITERAL = r"[A-Za-z0-9_:.+-]*"
_MODIFIERS: dict[str, Callable[[str], str]] = {"lower": str.lower, "upper": str.upper}
#: Letters that have no decomposition into a base letter and marks.
_UNDECOMPOSED = str.maketrans(
    {"ß": "ss", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe",
     "Œ": "OE", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ı": "i"}
)  # fmt: skip


def fold(key: str) -> str:
    """A cite key (or claim id) as keys are compared for twins: invisible and bidirectional-control
    characters removed (:data:`claimref.usertext.INVISIBLE`), NFC, case folded (``Strods2006``,
    ``strods\u200b2006``, ``strods2006`` fold alike, as do ``müller`` in NFC and in NFD)."""
    return unicodedata.normalize("NFC", without_invisible(key)).casefold()


def twin_difference(key: str, other: str) -> str:
    """How two keys that :func:`fold` alike differ, for a message: ``the same``, or ``differing
    only in case``, ``… in invisible characters``, ``… in Unicode normalisation (NFC/NFD)``, or
    several of these joined by ``and``."""
    if key == other:
        return "the same"
    reasons = []
    key_seen, other_seen = without_invisible(key), without_invisible(other)
    if key_seen != key or other_seen != other:
        reasons.append("invisible characters")
    key_nfc, other_nfc = (unicodedata.normalize("NFC", k) for k in (key_seen, other_seen))
    if key_seen != other_seen and (key_nfc != key_seen or other_nfc != other_seen):
        reasons.append("Unicode normalisation (NFC/NFD)")
    if key_nfc != other_nfc:
        reasons.append("case")
    return "differing only in " + " and ".join(reasons)


class KeyPatternError(ClaimrefError):
    """A key pattern that cannot be used (an unknown field or modifier, a bad literal)."""


def ascii_lower(text: str) -> str:
    """``text`` as keys spell it: Cyrillic transliterated (:data:`KEY_SCHEME`), marks dropped,
    case folded (Рашкевиц → ``rashkevits``, Vītols → ``vitols``); other characters are kept."""
    return translit.fold(to_latin(text, KEY_SCHEME))


def ascii_word(text: str, scheme: str = KEY_SCHEME) -> str:
    """``text`` in ASCII letters and digits only, case kept: transliterated by ``scheme``, marks
    dropped (Vītols → ``Vitols``, Рашкевиц → ``Rashkevits``)."""
    latin = unicodedata.normalize("NFKD", to_latin(text, scheme).translate(_UNDECOMPOSED))
    return re.sub(r"[^A-Za-z0-9]", "", latin)


def _words(source: Source, scheme: str) -> list[str]:
    return [w for w in (ascii_word(word, scheme) for word in source.title.split()) if w]


def _auth(source: Source, scheme: str) -> str:
    creators = source.creators()
    if creators:
        first = creators[0]
        return ascii_word(first.family or (first.literal.split() or [""])[0], scheme)
    return (_words(source, scheme) or [""])[0]


#: The fields a pattern may use: ``[auth]``, ``[year]``, ``[title]``, ``[shorttitle]``.
FIELDS: dict[str, Callable[[Source, str], str]] = {
    "auth": _auth,
    "year": lambda source, _: source.year or "nd",
    "title": lambda source, scheme: (_words(source, scheme) or [""])[0],
    "shorttitle": lambda source, scheme: "".join(_words(source, scheme)[:3]),
}


def check_pattern(pattern: str, scheme: str = KEY_SCHEME) -> None:
    """Refuse a pattern or scheme that cannot make keys, saying what is wrong."""
    if scheme not in SCHEMES:
        raise KeyPatternError(
            f"key-translit '{scheme}': not a scheme (one of {', '.join(SCHEMES)})"
        )
    position = 0
    for match in compiled(_PART).finditer(pattern):
        if match.start() != position:
            break
        position = match.end()
        name, modifiers, literal = match.groups()
        if literal is not None and not compiled(_LITERAL).fullmatch(literal):
            raise KeyPatternError(f"key-pattern '{pattern}': '{literal}' cannot be in a cite key")
        if name is not None and name not in FIELDS:
            raise KeyPatternError(f"key-pattern '{pattern}': unknown field [{name}] "
                                  f"(one of {', '.join(f'[{f}]' for f in FIELDS)})")  # fmt: skip
        for modifier in (modifiers or "").split(":")[1:]:
            if modifier not in _MODIFIERS:
                raise KeyPatternError(f"key-pattern '{pattern}': unknown modifier ':{modifier}' "
                                      "(:lower or :upper)")  # fmt: skip
    if position != len(pattern) or not pattern:
        raise KeyPatternError(
            f"key-pattern '{pattern}': expected fields such as [auth:lower][year]"
        )


def key_stem(source: Source, pattern: str = DEFAULT_PATTERN, scheme: str = KEY_SCHEME) -> str:
    """``rashkevits1963``: the key before any suffix that makes it unique."""
    check_pattern(pattern, scheme)
    pieces: list[str] = []
    for match in compiled(_PART).finditer(pattern):
        name, modifiers, literal = match.groups()
        if literal is not None:
            pieces.append(literal)
            continue
        value = FIELDS[name](source, scheme)
        for modifier in (modifiers or "").split(":")[1:]:
            value = _MODIFIERS[modifier](value)
        pieces.append(value)
    stem = "".join(pieces)
    return stem if re.search(r"[A-Za-z]", stem) else "anon" + stem


def make_key(
    source: Source,
    taken: Collection[str],
    pattern: str = DEFAULT_PATTERN,
    scheme: str = KEY_SCHEME,
) -> str:
    """A key for ``source`` by ``pattern`` not in ``taken`` (which must hold case-folded keys):
    the stem, else the stem with ``a``, ``b``… ``z``, then ``-2``, ``-3``…"""
    stem = key_stem(source, pattern, scheme)
    if stem.casefold() not in taken:
        return stem
    for suffix in "abcdefghijklmnopqrstuvwxyz":
        if (stem + suffix).casefold() not in taken:
            return stem + suffix
    number = 2
    while f"{stem}-{number}".casefold() in taken:
        number += 1
    return f"{stem}-{number}"
