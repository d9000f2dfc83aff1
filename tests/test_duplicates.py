"""Duplicate keys shared by import and check: ISBN forms, DOIs, and titles across scripts."""

from __future__ import annotations

import pytest

from claimref.duplicates import DuplicateIndex, doi_key, isbn13, isbn_key, skeleton
from claimref.formats import bibtex

CYRILLIC = (
    "@book{samson1980, author = {Самсон, В. П.}, title = {Дружба народов победила}, date = {1980}}"
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("9984-643-78-6", "9789984643786"), ("978-9984-643-78-6", "9789984643786"),
     ("9984-643-78-7", None), ("", None)],
    ids=["isbn10", "isbn13", "bad-check-digit", "empty"],
)  # fmt: skip
def test_isbn13(value: str, expected: str | None) -> None:
    assert isbn13(value) == expected


def test_isbn_and_doi_keys() -> None:
    assert isbn_key("9984-643-78-6") == isbn_key("978-9984-643-78-6")
    assert doi_key("https://doi.org/10.1000/ABC") == doi_key("doi:10.1000/abc")


@pytest.mark.parametrize(
    "title",
    ["Druzhba narodov pobedila", "Družba narodov pobedila", "Дружба народов победила"],
    ids=["ala-lc", "iso9", "cyrillic"],
)
def test_skeleton_meets_across_scripts(title: str) -> None:
    assert skeleton(title) == skeleton("Дружба народов победила")


def test_index_finds_a_transliterated_copy() -> None:
    (original,) = bibtex.loads(CYRILLIC, "a.bib").sources
    latin = CYRILLIC.replace("Самсон, В. П.", "Samson, V. P.").replace(
        "Дружба народов победила", "Druzhba narodov pobedila: sovmestnye deistviia"
    )
    (copy,) = bibtex.loads(latin.replace("samson1980", "samson1980b"), "b.bib").sources
    match = DuplicateIndex.of([original]).match(copy)
    assert match is not None and match[0].key == "samson1980"
    assert match[1] == "same title, year and first author"
