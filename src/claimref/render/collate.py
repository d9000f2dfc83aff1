"""Collation for sorting bibliographies: the Unicode Collation Algorithm (pyuca), with tailorings.

citeproc-py compares sort keys by code point, so Ābols and Čakste sort after Zariņš and Cyrillic after
everything. Here keys are compared as citeproc-js compares them (see :func:`sort_key`): primary
weights of the UCA root order (which already orders Cyrillic as Russian does), words separated by
a weight below every digit and letter, punctuation ignored, symbols kept, numbers as numbers, dates
as dates; the collation is the output locale's (the pipeline passes its language): in Latvian
output Č, Ģ, Ķ, Ļ, Ņ, Š, Ž are letters of their own that follow C, G, K, L, N, S, Z (long vowels Ā,
Ē, Ī, Ū differ from A, E, I, U only at the second level, as in CLDR's Latvian collation); exact ties
keep the given order, as citeproc-js keeps its registration order. No citeproc here: the render
engine passes strings in.
"""

from __future__ import annotations

import array
import functools
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import TypeVar

import pyuca

from claimref.render import ucatable

T = TypeVar("T")

#: A character with an implicit UCA weight above every letter: ``č`` becomes ``c`` + this, so it sorts
#: after every other word starting with ``c`` and before ``d``.
_AFTER_ALL = "\U000e0fff"
#: Letters of their own, per language (lowercase; uppercase is derived).
TAILORINGS: dict[str, str] = {
    "lv": "čģķļņšž",
    "lt": "čšž",
    "et": "šžõäöü",
    "cs": "čřšž",
}


@functools.cache
def _collator() -> pyuca.Collator:
    return ucatable.collator()  # pyuca's, its table read lazily (a tenth of a second less)


@functools.cache
def _table(language: str) -> dict[int, str]:
    letters = TAILORINGS.get(language, "")
    table: dict[int, str] = {}
    for letter in letters:
        base = unicodedata.normalize("NFD", letter)[0]
        table[ord(letter)] = base + _AFTER_ALL
        table[ord(letter.upper())] = base.upper() + _AFTER_ALL
    return table


def tailored(text: str, language: str | None) -> str:
    """``text`` rewritten so that the root order sorts it as ``language`` does (see the module)."""
    table = _table((language or "").split("-")[0].lower())
    return unicodedata.normalize("NFC", text).translate(table) if table else text


#: Locales whose collation puts Cyrillic before Latin (as ICU, and so citeproc-js, does).
CYRILLIC_FIRST = frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"})


@functools.lru_cache(maxsize=65536)
def sort_key(text: str, language: str | None = None,
             cyrillic_first: bool = False) -> tuple[int, ...]:  # fmt: skip
    """The primary UCA weights of ``text`` in the collation of ``language`` (root order when
    None), compared as citeproc-js compares sort keys: it joins the words of a key with ``|``
    (a symbol, weighed below digits and letters) and compares with ``Intl.Collator`` (ICU) with
    sensitivity "base", ``ignorePunctuation`` and ``numeric``: case and accents do not count, nor
    do punctuation and other spaces, symbols do, and runs of digits compare as numbers. So "A
    Stochastic Model" sorts before "Abbé" and "da Gama" before "Dalain", as in citeproc-js.
    ``cyrillic_first`` reorders the scripts as Russian and other Cyrillic locales do."""
    weights: list[int] = []
    for word in tailored(text, language).split(" "):
        for piece in _DIGITS.split(word.translate(_IGNORED)):
            if piece.isdigit():
                weights += _number_weights(piece)
            elif piece:
                weights += _primary(piece)
        weights.append(_separator())
    key = tuple(weights)
    return _cyrillic_first(key) if cyrillic_first else key


_DIGITS = re.compile(r"(\d+)")


#: What an ``ignorePunctuation`` collator ignores: spaces other than the word separator,
#: punctuation (Unicode's P* categories, which ICU's default ``maxVariable`` "punct" covers) and
#: controls; also claimref's private-use markers. Symbols (``|``, ``+``, ``$``) are not ignored.
def _ignorable(char: str) -> bool:
    return unicodedata.category(char)[0] in "PZ" or unicodedata.category(char) in ("Cc", "Cf")


class _Ignored(dict[int, int | None]):
    """A ``str.translate`` table dropping what :func:`_ignorable` says (in the Basic Multilingual
    Plane) and claimref's private-use markers, filled as characters are met: classifying all
    65,536 characters when the module was imported took a fiftieth of a second."""

    def __missing__(self, code: int) -> int | None:
        dropped = 0xE000 <= code <= 0xF8FF or (code < 0x10000 and _ignorable(chr(code)))
        self[code] = None if dropped else code
        return self[code]


_IGNORED = _Ignored()


@functools.cache
def _separator() -> int:
    """The primary weight of ``|``, citeproc-js's separator of the words of a sort key."""
    return _primary("|")[0]


@functools.lru_cache(maxsize=65536)
def _primary(text: str) -> tuple[int, ...]:
    """The primary weights of ``text`` (a word or the part of one between digits), kept: words
    recur across sort keys (names, title words), and pyuca weighs text character by character."""
    key = _collator().sort_key(text)
    end = key.index(0) if 0 in key else len(key)
    return tuple(key[:end])


@functools.cache
def _zero() -> int:
    return _primary("0")[0]


def _number_weights(digits: str) -> list[int]:
    """A run of digits as a number: its length, then its digits (all below the letters)."""
    digits = digits.lstrip("0") or "0"
    zero = _zero()
    return [zero + min(len(digits), 9), *(zero + int(d) for d in digits)]


@functools.cache
def _script_bounds() -> tuple[int, int, int]:
    """Primary weights: first Latin letter, and the range of the Cyrillic letters."""
    collator = _collator()
    cyrillic = [collator.sort_key(chr(c))[0] for c in range(0x400, 0x530)
                if unicodedata.category(chr(c)).startswith("L")]  # fmt: skip
    return collator.sort_key("a")[0], min(cyrillic), max(cyrillic)


def _cyrillic_first(key: tuple[int, ...]) -> tuple[int, ...]:
    """Move every primary weight from Latin on, except Cyrillic ones, after Cyrillic."""
    latin, low, high = _script_bounds()
    shift = high + 1
    return tuple(w if w < latin or low <= w <= high else w + shift for w in key)


def sorted_texts(texts: list[str], language: str | None = None) -> list[str]:
    """``texts`` sorted in the collation of ``language``."""
    return sorted(texts, key=lambda text: sort_key(text, language))


_NUMBER = re.compile(r"-?(\d+)")
#: A leading date as the sort keys of dates read: ``2016``, ``2016-06-06``, ``20141231`` (the
#: start of a range ``20141231–20150101``).
_DATE = re.compile(r"-?(\d{4})(?:-?(\d\d)(?:-?(\d\d))?)?(?!\d)")
_QUOTES = str.maketrans("", "", '“”‘’«»„"')
#: A translated title carried inside a title (see :mod:`multiscript`) does not count in sorting.
_TRANSLATION = re.compile("\ue001[^\ue002]*\ue002")


def column_key(value: str, language: str | None,
               locale: str = "") -> tuple[int, int, tuple[int, ...]]:  # fmt: skip
    """The key of one sort-key value: a leading number (a year, a range of years) as a number,
    the rest by collation, after text that starts with a symbol ("$", "<") and before text that
    starts with a letter, as in ICU's order; quotation marks, which citeproc-js renders as
    decoration, do not count, nor does the minus of a leading number (punctuation to ICU).
    ``language``: the entry's (tailoring); ``locale``: the style's (script order)."""
    text = _TRANSLATION.sub("", value).translate(_QUOTES).strip()
    first = locale.split("-", maxsplit=1)[0].lower() in CYRILLIC_FIRST
    value_end = _leading_number(text)
    if value_end is not None:
        rest = sort_key(text[value_end[1] :].lower(), language, first)
        return (1, value_end[0], rest)
    weights = sort_key(text.lower(), language, first)
    return (0 if weights and weights[0] < _zero() else 2, 0, weights)  # symbols before digits


def _leading_number(text: str) -> tuple[int, int] | None:
    """The number ``text`` starts with and where it ends: a date (year, month, day; compact or
    with hyphens) as ``YYYYMMDD``, so that ``2016``, ``2016-06-06`` and ``20141231`` compare as
    citeproc-js's date keys do; else the number as written."""
    date = _DATE.match(text)
    if date:
        year, month, day = date.groups()
        if int(month or 0) <= 24 and int(day or 0) <= 31:
            return int(year) * 10000 + int(month or 0) * 100 + int(day or 0), date.end()
    number = _NUMBER.match(text)
    return (int(number.group(1)), number.end()) if number else None


def encoded_key(value: str | None, language: str | None, locale: str = "") -> str | None:
    """:func:`column_key` as a string that compares the same way (for the cache: a warm run then
    needs no collator): kind, number and each weight in fixed width."""
    if not value:
        return None
    kind, number, weights = column_key(value, language, locale)
    return f"{kind}{number + 10**11:012d}" + _hex(weights)


def _hex(weights: tuple[int, ...]) -> str:
    """Each weight as four hex digits (capped at ffff), as one string: big-endian 16-bit words."""
    if weights and max(weights) > 0xFFFF:
        weights = tuple(min(w, 0xFFFF) for w in weights)
    words = array.array("H", weights)
    if sys.byteorder == "little":
        words.byteswap()
    return words.tobytes().hex()


def encoded_keys(rows: Sequence[Sequence[str | None]], languages: Sequence[str | None],
                 locale: str = "") -> list[list[str | None]]:  # fmt: skip
    """:func:`encoded_key` of every value of every row."""
    pairs = zip(rows, languages, strict=True)
    return [[encoded_key(value, language, locale) for value in row] for row, language in pairs]


def sort_order(rows: Sequence[Sequence[str | None]], descending: Sequence[bool],
               languages: Sequence[str | None], locale: str = "") -> list[int]:  # fmt: skip
    """The order of items given their sort-key values (``rows[item][key]``, None when empty):
    key by key, empty values last whatever the direction, ties kept in the given order."""
    return order_by_keys(encoded_keys(rows, languages, locale), descending)


def order_by_keys(keys: Sequence[Sequence[str | None]], descending: Sequence[bool]) -> list[int]:
    """:func:`sort_order` on keys already encoded with :func:`encoded_key`; a row shorter than
    ``descending`` (see :func:`settle_ties`) counts as empty in the keys it lacks."""
    order = list(range(len(keys)))
    for column in reversed(range(len(descending))):
        values = [row[column] if column < len(row) else None for row in keys]
        present = [i for i in order if values[i]]
        absent = [i for i in order if not values[i]]
        present.sort(key=lambda i, v=values: str(v[i]), reverse=descending[column])  # type: ignore[misc]
        order = present + absent
    return order


def settle_ties(rows: Sequence[list[T]], count: int,
                fill: Callable[[int, list[int]], None]) -> None:  # fmt: skip
    """Make each row of sort keys long enough to order it, asking for a key only where the earlier
    ones tie: rows may hold only their first keys (or none), and ``fill(column, indices)`` must
    append key ``column`` to each of ``rows[indices]`` (which then hold ``column`` keys). Key 0 is
    asked for wherever there are two rows or more; a row stays short only where its first keys
    already differ from every other row's, so the keys it lacks cannot change the order."""
    groups = [list(range(len(rows)))] if len(rows) > 1 else []
    for column in range(count):
        if not groups:
            return
        lacking = [i for group in groups for i in group if len(rows[i]) <= column]
        if lacking:
            fill(column, lacking)
        tied: list[list[int]] = []
        for group in groups:
            by_value: dict[T, list[int]] = {}
            for i in group:
                by_value.setdefault(rows[i][column], []).append(i)
            tied += [same for same in by_value.values() if len(same) > 1]
        groups = tied
