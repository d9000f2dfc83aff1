"""Cyrillic → Latin transliteration by a named scheme, script detection, and folding for matching.

Every transliteration names its scheme; the tables are iuliia's (maintained, and each scheme is
documented there), never a home-made one. The one repair made here: iuliia 0.13 leaves ``ё``/``Ё``
untouched in its ALA-LC, ISO 9, BGN/PCGN and scientific tables, where each standard prescribes
``ë``/``Ë`` (BGN/PCGN writes ``yë`` after vowels; we write ``ë`` there too). Deciding
*when* to transliterate (``--script latin``, sort keys, search) is the caller's job.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Any

#: Our scheme names → (iuliia schema, what it is).
SCHEMES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "ala-lc": (
            "ala_lc",
            "ALA-LC (Library of Congress), the default of English-language history",
        ),
        "ala-lc-ascii": ("ala_lc_alt", "ALA-LC without diacritics (ASCII, for keys and filenames)"),
        "iso9": ("gost_779", "ISO 9:1995 = GOST 7.79-2000 system A"),
        "gost-7.79-b": ("gost_779_alt", "GOST 7.79-2000 system B"),
        "bgn-pcgn": ("bgn_pcgn", "BGN/PCGN (geographic names, British and US governments)"),
        "scientific": ("scientific", "Scientific transliteration (Slavic linguistics)"),
        "wikipedia": ("wikipedia", "English Wikipedia's romanisation of Russian"),
    }
)
DEFAULT_SCHEME = "ala-lc"
_CYRILLIC = re.compile(r"[\u0400-\u04FF\u0500-\u052F]")
_YO = str.maketrans({"ё": "ë", "Ё": "Ë"})
#: The combining marks of the block Combining Diacritical Marks (U+0300-U+036F).
_ACCENTS = re.compile(
    "[" + "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))) + "]"
)


class UnknownSchemeError(ValueError):
    """A transliteration scheme name that is not in :data:`SCHEMES`."""


def fold(text: str) -> str:
    """Text reduced for matching: decomposed, combining marks dropped, case folded (Kārsava →
    karsava, Звёздочка → звездочка)."""
    if text.isascii():  # nothing to decompose
        return text.casefold()
    # The usual marks by one substitution, then any other found (no test per character).
    decomposed = _ACCENTS.sub("", unicodedata.normalize("NFKD", text))
    if not decomposed.isascii():
        for mark in [ch for ch in set(decomposed) if unicodedata.combining(ch)]:
            decomposed = decomposed.replace(mark, "")
    return decomposed.casefold()


def has_cyrillic(text: str) -> bool:
    """True when ``text`` contains a Cyrillic letter."""
    return bool(_CYRILLIC.search(text))


@cache
def _schema(scheme: str) -> Any:
    if scheme not in SCHEMES:
        known = ", ".join(SCHEMES)
        raise UnknownSchemeError(f"unknown transliteration scheme '{scheme}' (one of: {known})")
    import iuliia  # noqa: PLC0415  (loading its tables takes a hundredth of a second; often unused)

    return iuliia.schemas.get(SCHEMES[scheme][0])


def to_latin(text: str, scheme: str = DEFAULT_SCHEME) -> str:
    """``text`` with its Cyrillic transliterated by ``scheme``; other text is left as it is."""
    if not has_cyrillic(text):
        return text
    return str(_schema(scheme).translate(text)).translate(_YO)
