"""The model's small vocabularies and value formatting."""

from __future__ import annotations

import pytest

from claimref.model import Location, Locator, Name, Status, is_edtf_date, language_code


@pytest.mark.parametrize(
    ("value", "code"),
    [("latvian", "lv"), ("Russian", "ru"), ("english", "en"), ("ru", "ru"), ("en-GB", "en-GB"),
     ("klingon", None), ("", None)],
    ids=["latvian", "russian-capitalised", "english", "bcp47-kept", "region", "unknown", "empty"],
)  # fmt: skip
def test_language_code(value: str, code: str | None) -> None:
    assert language_code(value) == code


@pytest.mark.parametrize(
    ("value", "ok"),
    [("1942", True), ("1942-05", True), ("1942-05-30", True), ("1944/1945", True),
     ("1945-05-05/1945-05-06", True), ("1942-13", False), ("May 1942", False), ("42", False)],
    ids=["year", "month", "day", "interval", "day-interval", "bad-month", "prose", "short"],
)  # fmt: skip
def test_edtf_dates(value: str, ok: bool) -> None:
    assert is_edtf_date(value) is ok


def test_location_str() -> None:
    assert str(Location("a.yaml", 3, 5)) == "a.yaml:3:5"
    assert str(Location("a.yaml", 3)) == "a.yaml:3"
    assert str(Location("a.yaml")) == "a.yaml"


def test_locator_and_name_str() -> None:
    assert str(Locator("page", "112")) == "p. 112"
    assert str(Locator("page", "96–119")) == "pp. 96–119"
    assert str(Locator("section", "War crimes")) == "section War crimes"
    assert str(Name("Berg", "Pieter", "van der", "Jr")) == "van der Berg, Jr, Pieter"
    assert str(Name(literal="Institut istorii AN SSSR")) == "Institut istorii AN SSSR"


def test_only_disputed_and_doubtful_need_a_note() -> None:
    assert {s for s in Status if s.needs_note} == {Status.DISPUTED, Status.DOUBTFUL}
