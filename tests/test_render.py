"""The render layer: each citeproc-py gap closed (issue 3, section 4), styles, locales and formats.

Sources are read from small BibTeX snippets with the real reader, rendered with the public API.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from claimref.errors import ClaimrefError
from claimref.formats import bibtex
from claimref.model import Source
from claimref.render import Cite, pipeline, render, render_bibliography, render_citation
from claimref.render.collate import sorted_texts
from claimref.render.styles import resolve_locale, resolve_style

TESTED_STYLES = ["apa", "chicago-author-date", "chicago-notes-bibliography",
                 "modern-language-association", "harvard-cite-them-right", "ieee",
                 "gost-r-7-0-5-2008"]  # fmt: skip


def sources(text: str) -> list[Source]:
    parsed = bibtex.loads(textwrap.dedent(text), "test.bib")
    assert not parsed.findings, parsed.findings
    return list(parsed.sources)


def book(key: str, author: str, title: str, year: str = "1980", extra: str = "") -> str:
    return (
        f"@book{{{key}, author = {{{author}}}, title = {{{title}}}, date = {{{year}}},{extra}}}\n"
    )


def test_keys_differing_in_case_do_not_collide() -> None:
    works = sources(book("Samsons1980", "Samsons, Vilis", "Kurzemes meži šalc", "1980")
                    + book("samsons1980", "Samsons, Vilis", "Divas sejas", "1971"))  # fmt: skip
    done = render(works, [[Cite("Samsons1980")], [Cite("samsons1980")]], style="apa")
    assert sorted(done.entries) == ["Samsons1980", "samsons1980"]
    assert "Kurzemes" in done.entries["Samsons1980"] and "Divas" in done.entries["samsons1980"]
    assert done.citations == ["(Samsons, 1980)", "(Samsons, 1971)"]


def test_locator_does_not_leak_into_the_reference_list() -> None:
    works = sources("@article{a, author = {Doe, Jane}, title = {T}, journaltitle = {J}, volume = {3},"
                    " pages = {10--20}, date = {1999}}")  # fmt: skip
    done = render(works, [[Cite("a", "page", "45")]], style="apa")
    assert done.citations == ["(Doe, 1999, p. 45)"]
    assert "3, 10–20." in done.entries["a"] and "45" not in done.entries["a"]


@pytest.mark.parametrize(("style", "cited"), [
    ("apa", ["(Samsons, 1971a)", "(Samsons, 1971b)"]),
    ("chicago-author-date", ["(Samsons 1971a)", "(Samsons 1971b)"]),
    # claimref's GOST variant sorts by heading, then title (the official style: given order)
    ("gost-r-7-0-5-2008", ["[Samsons, 1971a]", "[Samsons, 1971b]"]),
])  # fmt: skip
def test_year_suffixes_in_citations_and_list(style: str, cited: list[str]) -> None:
    works = sources(book("k", "Samsons, Vilis", "Kurzemes meži šalc", "1971")
                    + book("d", "Samsons, Vilis", "Divas sejas", "1971"))  # fmt: skip
    done = render(works, [[Cite("d")], [Cite("k")]], style=style)
    assert done.citations == cited  # suffixes follow the reference list's order
    assert f"1971{cited[0][-2]}" in done.entries["d"] and f"1971{cited[1][-2]}" in done.entries["k"]


def test_latvian_collation_in_reference_list() -> None:
    names = ["Zariņš, Valdis", "Ābols, Kārlis", "Čakste, Jānis", "Cīrulis, Pēteris", "Šmits, Ēriks",
             "Sproģis, Artūrs", "Žagars, Ernests", "Бергс, Иван"]  # fmt: skip
    text = "".join(book(f"k{i}", n, "Grāmata", extra=" langid = {latvian},")
                   for i, n in enumerate(names))  # fmt: skip
    latvian = render_bibliography(sources(text), style="apa", locale="lv-LV")
    assert [entry.split(",")[0] for entry in latvian] == [
        "Ābols", "Cīrulis", "Čakste", "Sproģis", "Šmits", "Zariņš", "Žagars", "Бергс"]  # fmt: skip
    english = render_bibliography(sources(text), style="apa")  # the locale's collation, not langid
    assert [entry.split(",")[0] for entry in english] == [
        "Ābols", "Čakste", "Cīrulis", "Šmits", "Sproģis", "Žagars", "Zariņš", "Бергс"]  # fmt: skip


@pytest.mark.parametrize(("language", "expected"), [
    (None, ["Ābols", "Čakste", "Cīrulis", "Šmits", "Sproģis", "Žagars", "Zariņš"]),
    ("lv", ["Ābols", "Cīrulis", "Čakste", "Sproģis", "Šmits", "Zariņš", "Žagars"]),
], ids=["root", "latvian"])  # fmt: skip
def test_collation(language: str | None, expected: list[str]) -> None:
    assert sorted_texts(list(reversed(expected)), language) == expected


def test_russian_locale_sorts_cyrillic_first() -> None:
    text = book("a", "Adamson, Anna", "Book") + book("b", "Бергс, Иван", "Книга")
    entries = render_bibliography(sources(text), style="gost-r-7-0-5-2008")
    assert entries[0].startswith("1. Бергс") and entries[1].startswith("2. Adamson")


@pytest.mark.parametrize(("langid", "expected"), [
    ("latvian", "“Partizānu kustība Latgalē.”"),
    ("russian", "“Борьба латышского народа против захватчиков.”"),
    ("english", "“The Partisan Movement in Latgale.”"),
], ids=["lv", "ru", "en"])  # fmt: skip
def test_titles_title_cased_only_in_english(langid: str, expected: str) -> None:
    title = expected.strip("“.”").lower().capitalize() if langid == "english" else expected[1:-2]
    text = (f"@article{{a, author = {{Doe, Jane}}, title = {{{title}}}, journaltitle = {{J}},"
            f" date = {{1999}}, langid = {{{langid}}}}}")  # fmt: skip
    assert expected in render_bibliography(sources(text), style="chicago-author-date")[0]


def test_chicago_does_not_initialize_given_names() -> None:
    text = book("f", "Falkov, Yaacov", "Forest Brothers", extra=" location = {London},")
    assert render_bibliography(sources(text), style="chicago-author-date")[0].startswith(
        "Falkov, Yaacov. 1980.")  # fmt: skip


@pytest.mark.parametrize(("bib", "expected"), [
    ("@incollection{c, author = {Falkov, Yaacov}, title = {Chapter}, editor = {Murray, Chris},"
     " booktitle = {Book}, publisher = {Routledge}, date = {2019}, pages = {96--119}}",
     "Falkov, Y. (2019). Chapter. In C. Murray (Ed.), Book (pp. 96–119). Routledge."),
    ("@book{a, title = {Partisan Songs}, publisher = {Daugava}, date = {1950}}",
     "Partisan Songs. (1950). Daugava."),
    ("@collection{e, editor = {Murray, Chris}, title = {Book}, publisher = {Routledge},"
     " date = {2019}}", "Murray, C. (Ed.). (2019). Book. Routledge."),
    ("@book{c, editor = {Известный, В.}, editortype = {compiler}, title = {Партизаны},"
     " date = {2008}, langid = {russian}}", "Известный, В. (Compiler). (2008). Партизаны."),
    ("@mvbook{v, author = {Knuth, Donald}, title = {Computers}, volumes = {5}, date = {1984}}",
     "Knuth, D. (1984). Computers (Vols. 1–5)."),
], ids=["role-label-capitalised", "anonymous-title-once", "editor-once", "compiler",
        "volume-count"])  # fmt: skip
def test_apa_differences_fixed(bib: str, expected: str) -> None:
    assert render_bibliography(sources(bib), style="apa") == [expected]


def test_html_escapes_data() -> None:
    bib = (
        "@article{d, author = {Smith, Anna}, title = {Archives & Memory: the <Partisan> Files},"
        " journaltitle = {J}, date = {1984}, doi = {10.1002/(SICI)<144::AID>3.0.CO;2-Y}}"
    )
    entry = render_bibliography(sources(bib), style="apa", fmt="html")[0]
    assert "Archives &amp; Memory: The &lt;Partisan&gt; Files" not in entry  # APA keeps the case
    assert "Archives &amp; Memory: the &lt;Partisan&gt; Files" in entry
    assert "10.1002/(SICI)&lt;144::AID&gt;3.0.CO;2-Y" in entry and "<i>J</i>" in entry


@pytest.mark.parametrize(("fmt", "italic"), [
    ("text", "Fronte bez fronte līnijas."), ("html", "<i>Fronte bez fronte līnijas</i>."),
    ("markdown", "*Fronte bez fronte līnijas*."),
    ("rst", ":emphasis:`Fronte bez fronte līnijas`."),
])  # fmt: skip
def test_output_formats(fmt: str, italic: str) -> None:
    text = book("v", "Vestermanis, M.", "Fronte bez fronte līnijas", "1958",
                " langid = {latvian},")  # fmt: skip
    assert render_bibliography(sources(text), style="apa", fmt=fmt) == [
        f"Vestermanis, M. (1958). {italic}"
    ]


def test_markdown_escapes_data() -> None:
    text = book("m", "Doe, Jane", "Stars *and* [brackets]")
    entry = render_bibliography(sources(text), style="apa", fmt="markdown")[0]
    assert r"*Stars \*and\* \[brackets\]*" in entry


@pytest.mark.parametrize("style", TESTED_STYLES)
def test_tested_styles_render(style: str) -> None:
    text = book("s", "Strods, Heinrihs", "PSRS kaujinieki Latvijā", "2006",
                " location = {Rīga}, langid = {latvian},")  # fmt: skip
    done = render(sources(text), [[Cite("s", "page", "112")]], style=style)
    assert "Strods" in done.entries["s"] and "112" in done.citations[0]
    assert "112" not in done.entries["s"]


def test_unknown_style_suggests_close_matches() -> None:
    with pytest.raises(ClaimrefError, match=r"did you mean: .*apa"):
        resolve_style("apaa")


def test_style_from_a_csl_path(tmp_path: Path) -> None:
    copy = tmp_path / "mine.csl"
    copy.write_bytes(resolve_style("apa").path.read_bytes())
    text = book("v", "Vestermanis, M.", "Fronte", "1958")
    assert render_bibliography(sources(text), style=str(copy)) == [
        "Vestermanis, M. (1958). Fronte."
    ]


def test_locales() -> None:
    assert resolve_locale("lv") == "lv-LV"
    with pytest.raises(ClaimrefError, match="unknown locale"):
        resolve_locale("xx-nope")
    text = book("v", "Vestermanis, M.", "Fronte", "1958", " editor = {Doe, Jane},")
    cited = render_citation(sources(text), [Cite("v", "page", "3")], style="apa", locale="de-DE")
    assert cited == "(Vestermanis, 1958, S. 3)"


def test_unknown_format_and_key() -> None:
    works = sources(book("v", "Vestermanis, M.", "Fronte"))
    with pytest.raises(ClaimrefError, match="unknown output format"):
        render(works, fmt="pdf")
    with pytest.raises(ClaimrefError, match="no source 'nope'"):
        render(works, [[Cite("nope")]])


def test_cache_gives_the_same_output_and_can_be_deleted(tmp_path: Path) -> None:
    text = "".join(book(f"k{i}", f"Author{i}, Anna", f"Title {i}", str(1900 + i % 3))
                   for i in range(12)) + book("dup", "Author0, Anna", "Again", "1900")  # fmt: skip
    works = sources(text)
    cold = render(works, style="apa", cache_dir=tmp_path)
    assert list(tmp_path.glob("*.json"))
    warm = render(works, style="apa", cache_dir=tmp_path)
    fresh = render(works, style="apa")
    assert cold.order == warm.order == fresh.order
    assert cold.entries == warm.entries == fresh.entries
    assert "1900a" in warm.entries["k0"] or "1900a" in warm.entries["dup"]


def test_worker_processes_give_the_same_output(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(book(f"k{i}", f"Autors{i % 4}, Jānis", f"Nosaukums {i}", str(1950 + i % 5),
                        " langid = {latvian},") for i in range(16))  # fmt: skip
    works = sources(text)
    alone = render(works, style="chicago-author-date", workers=1)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 4)
    together = render(works, style="chicago-author-date", workers=2)
    assert alone.order == together.order and alone.entries == together.entries
