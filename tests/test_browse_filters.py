"""Finding what needs work: the claim filters (--sources, --min-sources, --verified, --place),
--search's matched fields, sources --cited-by/--uncited, refs --all with source filters, styles,
show KEY, unknown names (exit 2), empty results (exit 0 and a note) and the width of tables."""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType

import pytest

from claimref.cli import table as table_module
from claimref.cli.table import table
from claimref.model import Location, Source
from claimref.query import is_tertiary
from claimref.search import folded
from claimref.store import load_workspace
from claimref.translit import fold, to_latin
from tests.conftest import PROJECT, WorkspaceFactory, run

BIB = """\
@online{wiki,
  author = {{Wikipedia contributors}},
  title = {Soviet partisans in Latvia},
  organization = {Wikipedia},
  url = {https://en.wikipedia.org/wiki/Soviet_partisans_in_Latvia},
  langid = {english},
}

@book{strods2006,
  author = {Strods, Heinrihs},
  title = {PSRS kaujinieki Latvijā (1941—1945)},
  location = {Rīga},
  date = {2006},
  langid = {latvian},
}

@book{samson1980,
  author = {Самсон, В. П.},
  title = {Дружба народов победила},
  location = {Рига},
  date = {1980},
  langid = {russian},
}

@book{shestakov1967,
  author = {Шестаков, Н. С.},
  title = {Парашюты раскрылись ночью},
  location = {Москва},
  date = {1967},
  langid = {russian},
}
"""

VERIFIED = """
    verified:
      by: A. Reader
      "on": "2026-01-02"
"""


def _claim(claim_id: str, links: list[tuple[str, str, bool]], places: str = "[]") -> str:
    """A claim file: ``links`` as (key, stance, verified)."""
    text = f"id: {claim_id}\nstatement: Statement of {claim_id}.\nplaces: {places}\n"
    text += "reliability:\n  status: unverified\nlinks:\n"
    for key, stance, verified in links:
        text += f"  - source: {key}\n    stance: {stance}\n"
        text += VERIFIED.lstrip("\n") if verified else "    verified: false\n"
    return text


CLAIMS = {
    # supported by the article only, verified against it: unverified all the same
    "article-only": _claim("article-only", [("wiki", "supports", True)], "[Kārsava]"),
    # two works supporting it, one verified
    "two-works": _claim(
        "two-works", [("wiki", "supports", False), ("strods2006", "supports", True)], "[Rīga]"
    ),
    # a supporting and a mentioning work, the same work linked twice
    "one-work-twice": _claim(
        "one-work-twice",
        [
            ("samson1980", "supports", False),
            ("samson1980", "supports", False),
            ("strods2006", "mentions", False),
        ],
    ),
    "no-support": _claim("no-support", [("samson1980", "disputes", True)], "[Pope Parish]"),
}


@pytest.fixture
def root(make_workspace: WorkspaceFactory) -> Path:
    return make_workspace(bib=BIB, claims=CLAIMS)


def _ids(out: str) -> list[str]:
    return [line.split("\t")[0] for line in out.splitlines()]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--sources", "0"], ["no-support"]),
        (["--sources", "1"], ["article-only", "one-work-twice"]),
        (["--sources", "2"], ["two-works"]),
        (["--min-sources", "1"], ["article-only", "one-work-twice", "two-works"]),
        (["--min-sources", "2"], ["two-works"]),
        (["--verified"], ["no-support", "two-works"]),
        (["--unverified"], ["article-only", "one-work-twice"]),
        (["--unverified", "--sources", "1"], ["article-only", "one-work-twice"]),
        (["--place", "karsava"], ["article-only"]),
        (["--place", "RIGA"], ["two-works"]),
        (["--place", "pope"], ["no-support"]),
        (["--place", "riga", "--place", "pope"], ["no-support", "two-works"]),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, list) and v and v[0].startswith("-") else "",
)
def test_claim_filters(root: Path, args: list[str], expected: list[str]) -> None:
    code, out, _ = run(root, "claims", *args)
    assert code == 0
    assert _ids(out) == expected


@pytest.mark.parametrize(
    ("entry_type", "fields", "tertiary"),
    [
        ("online", {"url": "https://en.wikipedia.org/wiki/Riga"}, True),
        ("online", {"url": "https://lv.wikipedia.org/wiki/R%C4%ABga"}, True),
        ("misc", {"organization": "Wikipedia"}, True),
        ("online", {"publisher": "wikipedia"}, True),
        ("inreference", {"title": "Partisans", "booktitle": "Latvian Encyclopedia"}, True),
        ("reference", {"title": "Latvian Encyclopedia"}, True),
        ("online", {"url": "https://en.wikipedia.org/wiki/Riga", "x-tertiary": "no"}, False),
        ("book", {"title": "An encyclopedia by another name", "x-tertiary": "yes"}, True),
        ("book", {"title": "Wikipedia and its critics"}, False),
        ("online", {"url": "https://notwikipedia.org/page"}, False),
    ],
    ids=[
        "wikipedia-url", "other-language-wikipedia", "organization", "publisher", "inreference",
        "reference", "x-tertiary-no", "x-tertiary-yes", "book-about-wikipedia", "lookalike-host",
    ],
)  # fmt: skip
def test_what_counts_as_tertiary(entry_type: str, fields: dict[str, str], tertiary: bool) -> None:
    source = Source("k", entry_type, MappingProxyType(fields), Location("x.bib", 1))
    assert is_tertiary(source) is tertiary


def test_the_dataset_article_is_tertiary() -> None:
    ws = load_workspace(PROJECT)
    tertiary = [key for key, source in ws.sources.items() if is_tertiary(source)]
    assert tertiary == ["wikipedia-soviet-partisans-latvia"]


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("riga", {"two-works": ["places"]}),
        ("strods", {"one-work-twice": ["links.source", "source.author"],
                    "two-works": ["links.source", "source.author"]}),
        ("дружба", {"no-support": ["source.title"], "one-work-twice": ["source.title"]}),
        ("druzhba", {"no-support": ["source.title"], "one-work-twice": ["source.title"]}),
        ("statement of two", {"two-works": ["statement"]}),
    ],
    ids=["place", "key-and-author", "cyrillic-title", "transliterated-title", "statement"],
)  # fmt: skip
def test_search_matched_fields(root: Path, text: str, matched: dict[str, list[str]]) -> None:
    code, out, _ = run(root, "claims", "--search", text, "--format", "json")
    assert code == 0
    assert {c["id"]: c["matched"] for c in json.loads(out)} == matched
    code, out, _ = run(root, "claims", "--search", text)
    assert {row.split("\t")[0]: row.split("\t")[4] for row in out.splitlines()} == {
        claim_id: ", ".join(fields) for claim_id, fields in matched.items()
    }


def test_json_has_no_matched_field_without_search(root: Path) -> None:
    _, out, _ = run(root, "claims", "--format", "json")
    assert all("matched" not in claim for claim in json.loads(out))


def test_fast_folding_agrees_with_fold_and_to_latin() -> None:
    """search.folded transliterates with a letter table: it must give what fold(to_latin) gives."""
    ws = load_workspace(PROJECT)
    texts = [s.title for s in ws.sources.values()] + [str(n) for s in ws.sources.values()
                                                       for n in s.creators()]  # fmt: skip
    texts += [c.statement for c in ws.claims.values()] + ["Ёлка ЩУКА Ъ ь Kārsava", "Zīļi"]
    for text in texts:
        expected = (
            fold(text + "\n" + to_latin(text, "ala-lc-ascii"))
            if any("\u0400" <= ch <= "\u052f" for ch in text)
            else fold(text)
        )
        assert folded(text) == expected, text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--cited-by", "two-works"], ["strods2006", "wiki"]),
        (["--cited-by", "two-works", "--cited-by", "no-support"], ["samson1980", "strods2006", "wiki"]),
        (["--uncited"], ["shestakov1967"]),
        (["--uncited", "--lang", "lv"], []),
        (["--uncited", "--lang", "ru"], ["shestakov1967"]),
    ],
    ids=["cited-by", "cited-by-two", "uncited", "uncited-lv", "uncited-ru"],
)  # fmt: skip
def test_sources_cited_by_and_uncited(root: Path, args: list[str], expected: list[str]) -> None:
    code, out, err = run(root, "sources", *args)
    assert code == 0
    assert _ids(out) == expected
    assert ("none matches" in err) is (not expected)


def test_uncited_with_a_claim_filter_is_a_usage_error(root: Path) -> None:
    code, _, err = run(root, "sources", "--uncited", "--status", "disputed")
    assert code == 2 and "not with the claim filters" in err


def test_refs_all_with_a_language(root: Path) -> None:
    code, out, err = run(root, "refs", "--all", "--lang", "ru", "--style", "gost-r-7-0-5-2008")
    assert code == 0
    assert "Самсон" in out and "Шестаков" in out  # shestakov1967 is cited by no claim
    assert "Strods" not in out and "Wikipedia" not in out
    assert "2 of 4 sources" in err
    code, out, _ = run(root, "refs", "--lang", "ru")
    assert "Самсон" in out and "Шестаков" not in out


def test_refs_all_with_a_claim_filter_is_a_usage_error(root: Path) -> None:
    code, _, err = run(root, "refs", "--all", "--status", "disputed")
    assert code == 2 and "claim filters" in err


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["claims", "--source", "strods2060"], "no source 'strods2060' (did you mean: strods2006?)"),
        (["sources", "--cited-by", "two-work"], "no claim 'two-work' (did you mean: two-works?)"),
        (["sources", "--source", "nope"], "no source 'nope'"),
        (["refs", "--claim", "nope"], "no claim 'nope'"),
        (["refs", "--all", "--source", "nope"], "no source 'nope'"),
        (["export", "ris", "--claim", "article_only"], "did you mean: article-only?"),
        (["export", "claims", "--claim", "nope"], "no claim 'nope'"),
        (["export", "bibtex", "--source", "nope"], "no source 'nope'"),
        (["show", "strods"], "no claim or source 'strods' (did you mean: strods2006?)"),
        (["cite", "strods"], "no source 'strods'"),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, list) else "",
)  # fmt: skip
def test_unknown_ids_and_keys_exit_2(root: Path, args: list[str], hint: str) -> None:
    code, out, err = run(root, *args)
    assert code == 2
    assert hint in err
    assert out == ""


@pytest.mark.parametrize(
    ("args", "note"),
    [
        (["claims", "--status", "disputed"], "0 of 4 claims: none matches the filters"),
        (["claims", "--search", "nothing like this"], "0 of 4 claims: none matches the filters"),
        (["sources", "--tag", "nope"], "0 of 4 sources: none matches the filters"),
        (["refs", "--status", "disputed"], "no sources selected"),
        (["styles", "no style has this title"], "no style matches 'no style has this title'"),
    ],
    ids=["claims", "search", "sources", "refs", "styles"],
)  # fmt: skip
def test_an_empty_result_exits_0_with_a_note(root: Path, args: list[str], note: str) -> None:
    code, out, err = run(root, *args)
    assert code == 0
    assert out == ""
    assert note in err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gost", {"gost-r-7-0-5-2008", "gost-r-7-0-5-2008-numeric",
                  "gost-r-7-0-5-2008-numeric-alphabetical"}),
        ("GOST R 7.0.5", {"gost-r-7-0-5-2008", "gost-r-7-0-5-2008-numeric",
                          "gost-r-7-0-5-2008-numeric-alphabetical"}),
        ("chicago author-date 18th", {"chicago-author-date"}),
    ],
    ids=["gost", "words-of-the-title", "several-words"],
)  # fmt: skip
def test_styles_finds_by_id_and_title(root: Path, text: str, expected: set[str]) -> None:
    code, out, _ = run(root, "styles", *text.split())
    assert code == 0
    found = {line.split()[0] for line in out.splitlines()}
    assert expected <= found
    if text == "gost":
        assert found == expected


def test_styles_chicago_lists_the_chicago_styles_with_titles(root: Path) -> None:
    code, out, _ = run(root, "styles", "chicago", "--format", "json")
    assert code == 0
    styles = {s["id"]: s for s in json.loads(out)}
    assert {"chicago-author-date", "chicago-notes-bibliography"} <= set(styles)
    assert styles["chicago-author-date"]["title"].startswith("Chicago Manual of Style")
    assert all("chicago" in (i + s["title"]).lower() for i, s in styles.items())


def test_show_a_source_with_the_claims_citing_it(root: Path) -> None:
    code, out, _ = run(root, "show", "samson1980")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "samson1980  [@book]"
    assert "Самсон, В. П. Дружба народов победила. Рига, 1980." in out
    assert "  title     Дружба народов победила" in lines
    assert "Cited by 2 claims:" in lines
    assert any(line.split() == ["no-support", "disputes", "·", "verified", "by", "A.", "Reader",
                                "on", "2026-01-02"] for line in lines)  # fmt: skip
    assert any(line.split()[:3] == ["one-work-twice", "supports", "·"] for line in lines)


def test_show_a_source_as_json(root: Path) -> None:
    code, out, _ = run(root, "show", "wiki", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["key"] == "wiki" and data["tertiary"] is True
    assert [(c["claim"], c["stance"], c["verified"]) for c in data["cited_by"]] == [
        ("article-only", "supports", True),
        ("two-works", "supports", False),
    ]


def test_show_an_uncited_source(root: Path) -> None:
    code, out, _ = run(root, "show", "shestakov1967")
    assert code == 0 and "Cited by 0 claims" in out


ROWS = [
    ["ID", "STATUS", "STATEMENT", "SOURCES"],
    ["a-claim", "disputed", "S" * 150, "wikipedia-soviet-partisans-latvia samson1980 rekshnia1981"],
]


def test_a_wide_terminal_shows_every_source() -> None:
    line = table(ROWS, flexible=2, width=200).splitlines()[1]
    assert line.endswith("wikipedia-soviet-partisans-latvia samson1980 rekshnia1981")
    assert len(line) <= 200


def test_a_narrow_terminal_shortens_the_sources_to_30_at_least() -> None:
    line = table(ROWS, flexible=2, width=80).splitlines()[1]
    assert line.endswith("…") and len(line) <= 80
    assert len(line.split("  ")[-1]) >= 30


def test_claims_on_a_wide_terminal(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_module, "terminal_width", lambda: 160)
    code, out, _ = run(root, "claims", "--sources", "2")
    assert code == 0
    header, row = out.splitlines()
    assert header.split() == ["ID", "STATUS", "STATEMENT", "SOURCES"]
    assert row.endswith("wiki strods2006")
