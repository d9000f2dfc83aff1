"""Latin-script copies of sources for the exports (``--script latin``)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from claimref.cli import cli
from claimref.formats import bibtex
from claimref.script import in_script, latin_source
from claimref.translit import has_cyrillic
from tests.conftest import PROJECT

BIB = """\
@book{samson1980,
  author = {Самсон, В. П.},
  title = {Дружба народов победила},
  subtitle = {совместные действия},
  location = {Рига},
  publisher = {Авотс},
  date = {1980},
  langid = {russian},
}

@book{strods2006,
  author = {Strods, Heinrihs},
  title = {PSRS kaujinieki Latvijā},
  date = {2006},
  langid = {latvian},
}
"""


def _sources(text: str = BIB) -> dict[str, bibtex.Source]:
    return {s.key: s for s in bibtex.loads(text, "t.bib").sources}


def test_latin_copy_transliterates_titles_places_publishers_and_names() -> None:
    latin = latin_source(_sources()["samson1980"])
    assert latin.get("title") == "Druzhba narodov pobedila"
    assert latin.get("subtitle") == "sovmestnye deĭstvii͡a"
    assert (latin.get("location"), latin.get("publisher")) == ("Riga", "Avots")
    assert (latin.names["author"][0].family, latin.names["author"][0].given) == ("Samson", "V. P.")
    assert latin.language == "ru" and latin.raw == ""


def test_scheme_is_named_and_override_wins() -> None:
    text = BIB.replace(
        "  langid = {russian},",
        "  langid = {russian},\n  x-translit-iso9-title = {Družba narodov pobedila!},",
    )
    latin = latin_source(_sources(text)["samson1980"], "iso9")
    assert latin.get("title") == "Družba narodov pobedila!"
    assert "subtitle" not in latin.fields, "a title override stands for title and subtitle"
    assert latin.get("publisher") == "Avots"


def test_latin_sources_are_untouched_and_original_is_identity() -> None:
    sources = _sources()
    assert latin_source(sources["strods2006"]) is sources["strods2006"]
    assert in_script(sources.values(), "original") == list(sources.values())


@pytest.mark.parametrize("fmt", ["bibtex", "csljson", "ris", "wikitext"])
def test_dataset_exports_in_latin_script_have_no_cyrillic(fmt: str) -> None:
    args = ["--root", str(PROJECT), "export", fmt, "--script", "latin", "--lang", "ru"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    body = result.stdout
    if fmt == "wikitext":  # CS1 keeps the original in script-title=ru:…, by design
        body = "\n".join(part for part in body.split("|") if not part.startswith("script-"))
    assert "Samson" in body and not has_cyrillic(body)


def test_latin_bibtex_export_reads_back_without_findings() -> None:
    args = ["--root", str(PROJECT), "export", "bibtex", "--script", "latin", "--lang", "ru"]
    result = CliRunner().invoke(cli, args)
    parsed = bibtex.loads(result.stdout, "out.bib")
    assert parsed.findings == ()
    assert len(parsed.sources) == 13
