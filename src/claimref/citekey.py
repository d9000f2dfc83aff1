"""Cite keys for sources that have none: ``surname`` + ``year``, in ASCII, unique in the workspace.

The pattern: the first creator's family name (a corporate name's first word; the title's first word
when there is no creator), Cyrillic transliterated by ALA-LC without diacritics (the ``ala-lc-ascii``
scheme of :mod:`claimref.translit`, which gives the dataset's own keys: Рашкевиц → ``rashkevits``,
Известный → ``izvestnyi``), Latin diacritics dropped (Vītols → ``vitols``), lower case, letters and
digits only; then the year (``nd`` when unknown); then ``b``, ``c``… when the key is taken (compared
without case). Checking keys given by the user is the importer's job.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from claimref.model import Source
from claimref.translit import fold, to_latin

KEY_SCHEME = "ala-lc-ascii"


def ascii_lower(text: str) -> str:
    """``text`` as keys spell it: Cyrillic transliterated (:data:`KEY_SCHEME`), marks dropped,
    case folded (Рашкевиц → ``rashkevits``, Vītols → ``vitols``); other characters are kept."""
    return fold(to_latin(text, KEY_SCHEME))


def key_stem(source: Source) -> str:
    """``rashkevits1963``: the key before any suffix that makes it unique."""
    creators = source.creators()
    if creators:
        first = creators[0]
        word = first.family or (first.literal.split() or [""])[0]
    else:
        word = (source.title.split() or ["anon"])[0]
    ascii_word = re.sub(r"[^a-z0-9]", "", ascii_lower(word))
    return (ascii_word or "anon") + (source.year or "nd")


def make_key(source: Source, taken: Collection[str]) -> str:
    """A key for ``source`` not in ``taken`` (which must hold case-folded keys)."""
    stem = key_stem(source)
    if stem.casefold() not in taken:
        return stem
    for suffix in "bcdefghijklmnopqrstuvwxyz":
        if (stem + suffix).casefold() not in taken:
            return stem + suffix
    number = 2
    while f"{stem}-{number}".casefold() in taken:
        number += 1
    return f"{stem}-{number}"
