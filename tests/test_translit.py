"""Transliteration by named schemes (iuliia), with the ё repair, and folding for matching."""

from __future__ import annotations

import pytest

from claimref.translit import SCHEMES, UnknownSchemeError, fold, has_cyrillic, to_latin

TITLE = "Сияй, звёздочка!"


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        ("ala-lc", "Sii͡aĭ, zvëzdochka!"),
        ("ala-lc-ascii", "Siiai, zvezdochka!"),
        ("iso9", "Siâj, zvëzdočka!"),
        ("bgn-pcgn", "Siyay, zvëzdochka!"),
        ("scientific", "Sijaj, zvëzdočka!"),
        ("wikipedia", "Siyay, zvyozdochka!"),
    ],
    ids=lambda v: v if v in SCHEMES else None,
)
def test_schemes(scheme: str, expected: str) -> None:
    assert to_latin(TITLE, scheme) == expected
    assert not has_cyrillic(to_latin(TITLE, scheme)), "ё must not be left in Cyrillic"


def test_latin_text_is_untouched_and_unknown_schemes_fail() -> None:
    assert to_latin("Kārsava") == "Kārsava"
    with pytest.raises(UnknownSchemeError, match="one of: ala-lc"):
        to_latin(TITLE, "pinyin")


def test_fold() -> None:
    assert fold("KĀRSAVA") == "karsava"
    assert fold("Звёздочка") == "звездочка"
