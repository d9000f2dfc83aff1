"""The parts of :mod:`claimref.lookup` without the network: identifiers, the catalogues' mappings
(languages, dates, names, types), base URLs and the User-Agent. The lookups end to end, against a
local server, are in tests/test_lookup.py."""

from __future__ import annotations

import pytest

from claimref import __version__
from claimref.errors import ClaimrefError, UsageError
from claimref.lookup import client, crossref, identifiers, openlibrary
from claimref.lookup.found import person
from claimref.model import LANGUAGE_NAMES

ISBN = "9789984643786"
DOI = "10.4324/9781351029925-6"


def test_marc_table_names_languages_claimref_knows() -> None:
    assert set(openlibrary.MARC_LANGIDS.values()) <= set(LANGUAGE_NAMES)
    assert openlibrary.MARC_LANGIDS["lav"] == "latvian"
    assert openlibrary.MARC_LANGIDS["rus"] == "russian"


@pytest.mark.parametrize(
    ("languages", "langid", "note"),
    [([{"key": "/languages/rus"}], "russian", ""), ([], "", ""),
     ([{"key": "/languages/xxx"}], "", "language 'xxx' is not in claimref's table"),
     ([{"key": "/languages/lav"}, {"key": "/languages/rus"}], "latvian", "languages lav, rus")],
    ids=["russian", "none", "unknown", "several"],
)  # fmt: skip
def test_open_library_languages(languages: list[dict[str, str]], langid: str, note: str) -> None:
    found = openlibrary.edition_found({"title": "T", "languages": languages}, ["A B"], ISBN, "u")
    assert found.source.get("langid") == langid
    assert note in " ".join(found.notes)


@pytest.mark.parametrize(
    ("text", "edtf"),
    [("2006", "2006"), ("December 1992", "1992-12"), ("12 January 2002", "2002-01-12"),
     ("January 12, 2002", "2002-01-12"), ("2002-01-12", "2002-01-12"), ("c1985", "1985"),
     ("[s.d.]", "")],
)  # fmt: skip
def test_open_library_dates(text: str, edtf: str) -> None:
    assert openlibrary.edtf(text) == edtf


@pytest.mark.parametrize(
    ("text", "written"),
    [("Heinrihs Strods", "Strods, Heinrihs"), ("Strods, Heinrihs", "Strods, Heinrihs"),
     ("Ludwig van Beethoven", "van Beethoven, Ludwig"), ("Homer", "Homer")],
)  # fmt: skip
def test_catalogue_names(text: str, written: str) -> None:
    assert str(person(text)) == written


@pytest.mark.parametrize(
    ("message", "entry_type", "field", "value"),
    [({"type": "journal-article", "title": ["T"], "container-title": ["J"]}, "article",
      "journaltitle", "J"),
     ({"type": "posted-content", "title": ["T"]}, "misc", "title", "T"),
     ({"type": "book", "title": ["T"], "author": [{"name": "A Body"}]}, "book", "author",
      "A Body"),
     ({"type": "book", "title": ["T"], "language": "lv"}, "book", "langid", "latvian")],
    ids=["article", "unknown-type", "organisation", "language"],
)  # fmt: skip
def test_crossref_mapping(message: dict[str, object], entry_type: str, field: str,
                          value: str) -> None:  # fmt: skip
    found = crossref.work_found(message, "10.1/x", "u")
    assert found.source.entry_type == entry_type
    assert found.source.get(field) == value


@pytest.mark.parametrize(
    ("text", "doi"),
    [("10.4324/9781351029925-6", DOI), (" https://doi.org/10.4324/X ", "10.4324/X"),
     ("doi:10.4324/x", "10.4324/x"), ("http://dx.doi.org/10.4324/x", "10.4324/x")],
)  # fmt: skip
def test_doi_normalised(text: str, doi: str) -> None:
    assert identifiers.doi(text) == doi


def test_isbn_normalised() -> None:
    assert identifiers.isbn13("9984-643-78-6") == ISBN
    assert identifiers.hyphenated(ISBN) == "978-9984-643-78-6"
    with pytest.raises(UsageError, match="check digit"):
        identifiers.isbn13("9789984643787")


def test_base_urls_default_to_the_services_and_env_overrides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(client.OPEN_LIBRARY.env, raising=False)
    monkeypatch.delenv(client.CROSSREF.env, raising=False)
    assert client.OPEN_LIBRARY.base_url == "https://openlibrary.org"
    assert client.CROSSREF.base_url == "https://api.crossref.org"
    monkeypatch.setenv(client.CROSSREF.env, "http://127.0.0.1:1/cr/")
    assert client.CROSSREF.base_url == "http://127.0.0.1:1/cr"


def test_user_agent_and_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    assert client.user_agent().startswith(f"claimref/{__version__}")
    monkeypatch.setenv(client.ENV_MAILTO, "team@example.org")
    assert "mailto:team@example.org" in client.user_agent()
    monkeypatch.setenv(client.ENV_TIMEOUT, "soon")
    with pytest.raises(ClaimrefError, match="number of seconds"):
        client.budget_from_env()


def test_crossref_notes_what_it_leaves_out() -> None:
    message = {"type": "standard", "title": ["T"], "container-title": ["Book", "Series"],
               "language": "xx"}  # fmt: skip
    found = crossref.work_found(message, "10.1/x", "u")
    assert found.source.entry_type == "misc"
    assert found.notes == (
        "Crossref type 'standard' has no BibLaTeX type here: made a @misc",
        "container titles after the first left out: Series",
        "language 'xx' is not in claimref's table: langid not set",
    )
