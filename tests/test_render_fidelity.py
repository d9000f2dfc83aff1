"""Focused tests for the classes of difference from citeproc-js found on real bibliographies
(issue 12): page ranges, collation, citation grouping and collapsing, year suffixes, names,
punctuation and quotes, title case, dates. Each expected text is what citeproc-js prints for the
same CSL-JSON (checked with tools/oracle/render.js).
"""

from __future__ import annotations

from typing import Any

import pytest

from claimref.render.cites import Cite
from claimref.render.collate import sort_key
from claimref.render.pages import page_range
from claimref.render.pipeline import render
from claimref.render.styles import resolve_style
from claimref.render.textforms import initials


def _book(key: str, family: str, year: int | None, title: str, **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"id": key, "type": "book", "title": title, "publisher": "P",
                            "author": [{"family": family, "given": "John"}]}  # fmt: skip
    if year:
        item["issued"] = {"date-parts": [[year]]}
    return {**item, **extra}


def _article(key: str, **extra: Any) -> dict[str, Any]:
    item = {"id": key, "type": "article-journal", "title": "T", "container-title": "J",
            "author": [{"family": "Smith", "given": "L."}],
            "issued": {"date-parts": [[2002]]}}  # fmt: skip
    return {**item, **extra}


def _render(items: list[dict[str, Any]], style: str, cites: list[list[Cite]] | None = None,
            locale: str | None = None) -> Any:  # fmt: skip
    return render(resolve_style(style), locale, items, "text", cites or [])


PAGES = [
    ("5--10", "minimal-two", "5–10"),
    ("13--138", "minimal-two", "13–138"),
    ("553--571", "expanded", "553–571"),
    ("321-28", "expanded", "321–328"),
    ("321-28", None, "321–28"),
    ("101-108", "chicago-16", "101–8"),
    ("1496-1504", "chicago-16", "1496–504"),
    ("B677--B709", "minimal", "B677–709"),
    ("B677--B709", "expanded", "B677–B709"),
    ("S1-S2", "minimal-two", "S1–2"),
    ("xii--xv", "minimal", "xii–xv"),
    ("2345-2350", "minimal-two", "2345–50"),
    ("3-5, 7-9", "minimal", "3–5, 7–9"),
]


@pytest.mark.parametrize(
    ("pages", "form", "expected"), PAGES, ids=[f"{p}-{f}" for p, f, _ in PAGES]
)
def test_page_range_formats(pages: str, form: str | None, expected: str) -> None:
    assert page_range(pages, form) == expected


def test_page_ranges_and_labels_in_styles() -> None:
    items = [_article("a", page="5–10"),
             _article("b", page="B677–B709", author=[{"family": "Jones"}])]  # fmt: skip
    mla = _render(items, "modern-language-association", [[Cite("a", "page", "101-108")]])
    assert "pp. 5–10." in mla.entries["a"] and "pp. B677–709." in mla.entries["b"]
    assert mla.citations == ["(Smith 101–08)"]


def test_collation_as_citeproc_js() -> None:
    """Case, accents, spaces and punctuation do not count; numbers compare as numbers."""
    assert sort_key("the physical, violent") < sort_key("the physical volcanology")
    assert sort_key("čakste") < sort_key("cepurnieks") and sort_key("vol 2") < sort_key("vol 10")
    assert sort_key("ābols") == sort_key("abols")


def test_collation_follows_the_output_locale() -> None:
    names = ["Černý", "Chalmers", "Cepurnieks", "Čakste"]
    items = [_book(n, n, 2000, "T") for n in names]
    english = _render(items, "apa").order
    latvian = _render(items, "apa", locale="lv-LV").order
    assert english == ["Čakste", "Cepurnieks", "Černý", "Chalmers"]
    assert latvian == ["Cepurnieks", "Chalmers", "Čakste", "Černý"]


def _leslie() -> list[dict[str, Any]]:
    return [_book("l1", "Leslie", 2000, "Zebra"), _book("l2", "Leslie", 2000, "Apple"),
            _book("b1", "Brown", 1999, "Bee")]  # fmt: skip


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("apa", "(Brown, 1999; Leslie, 2000a, 2000b)"),
        ("harvard-cite-them-right", "(Brown, 1999; Leslie, 2000b, 2000a)"),
        ("chicago-author-date", "(Leslie 2000b; Brown 1999; Leslie 2000a)"),
    ],
)
def test_same_author_cites_collapse_and_sort_only_with_a_sort(style: str, expected: str) -> None:
    cites = [[Cite("l1"), Cite("b1"), Cite("l2")]] if style != "apa" else [
        [Cite("l2"), Cite("b1"), Cite("l1")]]  # fmt: skip
    assert _render(_leslie(), style, cites).citations == [expected]


def test_citation_numbers_collapse_to_ranges() -> None:
    items = [_book(k, k.upper(), 2000, k) for k in "abcd"]
    done = _render(items, "nature", [[Cite("c"), Cite("a"), Cite("b")], [Cite("a"), Cite("d")]])
    assert done.citations == ["1–3", "1,4"]


def test_ibid_is_capitalised_at_the_start_of_a_note() -> None:
    notes = [[Cite("l1", "page", "5")], [Cite("l1", "page", "5")], [Cite("l1", "page", "7")]]
    done = _render(_leslie(), "chicago-notes-bibliography-subsequent-ibid", notes)
    assert done.citations[1] == "Ibid." and done.citations[2] == "Ibid., 7."  # same page: ibid


def test_year_suffixes_on_undated_works_and_literal_dates() -> None:
    items = [_book("a", "Noyear", None, "One"), _book("b", "Noyear", None, "Two"),
             _book("c", "Lit", None, "X", issued={"literal": "in press"}),
             _book("d", "Lit", None, "Y", issued={"literal": "in press"})]  # fmt: skip
    done = _render(items, "apa", [[Cite("a"), Cite("b")]])
    assert done.entries["a"] == "Noyear, J. (n.d.-a). One. P."
    assert done.citations == ["(Noyear, n.d.-a, n.d.-b)"]
    assert done.entries["c"] == "Lit, J. (in pressa). X. P."  # as citeproc-js writes it


@pytest.mark.parametrize(
    ("given", "expected"),
    [("Jean-Paul", "J.-P."), ("F.-K.", "F.-K."), ("Norbert Th.", "N. Th."), ("Дж. Р.", "Дж. Р."),
     ("Джон Рональд", "Д. Р."), ("J.P.", "J. P.")],
)  # fmt: skip
def test_initials(given: str, expected: str) -> None:
    assert initials(given, ". ") == expected


def test_names_particles_and_scripts() -> None:
    items = [
        _book("a", "Aubignac", 2000, "A", author=[{"family": "Aubignac", "given": "F.",
                                                   "non-dropping-particle": "d'"}]),
        _book("b", "One", 2001, "B", author=[{"family": "One", "given": "A.",
                                              "non-dropping-particle": "al-"}]),
        _book("c", "肖", 2003, "C", author=[{"family": "肖", "given": "发民"}]),
    ]  # fmt: skip
    done = _render(items, "apa")
    assert done.entries["a"].startswith("d’Aubignac, F. (2000).")
    assert done.entries["b"].startswith("al-One, A. (2001).")
    assert done.entries["c"].startswith("肖发民. (2003).")


def test_punctuation_and_quotes() -> None:
    items = [
        _article("a", title="What is a Sheaf?"),
        _article("b", title='"This Brief Eden": On Gardens', author=[{"family": "B"}]),
        _article("c", title="«Реабилитация»", author=[{"family": "C"}]),
        _article("d", title="Reading <span class=\"nocase\">HLA Hart</span>'s Law",
                 author=[{"family": "D"}]),
    ]  # fmt: skip
    mla = _render(items, "modern-language-association").entries
    assert "“What Is a Sheaf?” J" in mla["a"]
    assert "“‘This Brief Eden’: On Gardens.”" in mla["b"]
    assert "“«Реабилитация».”" in mla["c"]
    assert "HLA Hart’s Law" in mla["d"]
    assert _render(items[:1], "apa").entries["a"] == "Smith, L. (2002). What is a Sheaf? J."


def test_title_case_stop_words() -> None:
    items = [_article("a", **{"container-title": "Geochimica et cosmochimica acta"}),
             _article("b", title="Life among the ruins", author=[{"family": "B"}])]  # fmt: skip
    done = _render(items, "chicago-author-date").entries
    assert "Geochimica et Cosmochimica Acta" in done["a"]
    assert "“Life among the Ruins.”" in done["b"]


def test_dates_literal_once_and_seasons() -> None:
    items = [_article("a", issued={"literal": "2016-06-06T15:26"}),
             _article("b", issued={"date-parts": [[2004, 22]]}, author=[{"family": "B"}],
                      type="article-newspaper")]  # fmt: skip
    done = _render(items, "apa").entries
    assert done["a"].startswith("Smith, L. (2016-06-06T15:26). T.")
    assert done["b"].startswith("B. (2004, Summer).")


DATE_RANGES = [
    ("chicago-author-date", [[1986, 12, 3], [1986, 12, 5]], "P, December 3–5."),
    ("apa", [[1986, 11, 3], [1987, 1, 5]], "(1986–1987, November 3–January 5)."),
    ("ieee", [[1986, 11, 3], [1986, 12, 5]], "P, Nov. 03–Dec. 05, 1986."),
    ("modern-language-association", [[1986, 11, 3], [1987, 1, 5]], "P, 3 Nov. 1986–5 Jan. 1987."),
]


@pytest.mark.parametrize(
    ("style", "parts", "expected"), DATE_RANGES, ids=[d[0] for d in DATE_RANGES]
)
def test_date_ranges(style: str, parts: list[list[int]], expected: str) -> None:
    item = _article(
        "a", type="article-newspaper", container_title="P", issued={"date-parts": parts}
    )
    item["container-title"] = "P"
    assert expected in _render([item], style).entries["a"]


def test_quotes_in_braces_and_apostrophes_before_capitals_stay() -> None:
    items = [_article("a", title='<span class="nocase">"Industrial Versailles": Eero</span> Saarinen'),
             _article("b", title="Rethinking the 'Burbs", author=[{"family": "B"}])]  # fmt: skip
    done = _render(items, "chicago-author-date").entries
    assert '“"Industrial Versailles": Eero Saarinen.”' in done["a"]
    assert "Rethinking the 'Burbs.”" in done["b"]


def test_gost_terms_by_language_field_and_by_script() -> None:
    from claimref.formats import bibtex  # noqa: PLC0415
    from claimref.render import render_bibliography  # noqa: PLC0415

    text = """
        @article{a, author = {Smith, John and Doe, Jane and Roe, Rich and Poe, Ed and Moe, Al},
                 title = {On X}, journal = {J}, volume = {4}, number = {2}, year = {2000},
                 language = {english}}
        @article{b, author = {Brown, Ann and Doe, Jane and Roe, Rich and Poe, Ed and Moe, Al},
                 title = {On Y}, journal = {J}, volume = {4}, number = {2}, year = {2001}}
        @article{c, author = {Иванов, Иван}, title = {О Z}, journal = {Ж}, volume = {4},
                 number = {2}, year = {2002}}
    """
    entries = render_bibliography(bibtex.loads(text, "t.bib").sources, style="gost-r-7-0-5-2008")
    english = [e for e in entries if "Smith" in e or "Brown" in e]
    assert len(english) == 2 and all("Vol. 4, no. 2" in e and "et al." in e for e in english)
    assert any("Т. 4, № 2" in e for e in entries if "Иванов" in e), entries


def test_number_ranges_in_volumes_and_issues() -> None:
    items = [_book("a", "Versteegh", 2009, "Encyclopedia", volume="1-5"),
             _article("b", volume="58", issue="1-2", author=[{"family": "B"}])]  # fmt: skip
    done = _render(items, "apa").entries
    assert "(Vols. 1–5)" in done["a"] and "58(1–2)" in done["b"]


def test_the_closing_full_stop_stays_outside_the_quotes() -> None:
    item = _article("a", title="What a Title")
    del item["container-title"], item["issued"]
    assert _render([item], "ieee").entries["a"] == "[1] L. Smith, “What a Title”."


def test_no_subsequent_author_dash_for_titles_and_no_range_for_em_dashes() -> None:
    items = [
        {
            "id": f"i{n}",
            "type": "book",
            "title": "История философии",
            "volume": str(n),
            "publisher": "ИФРАН",
            "issued": {"date-parts": [[1997]]},
            "language": "ru",
        }
        for n in (1, 2)
    ]
    items.append(_article("a", page="127—136", author=[{"family": "Flivberg"}]))
    done = _render(items, "modern-language-association").entries
    assert all(done[k].startswith("История философии.") for k in ("i1", "i2"))
    assert "p. 127—136." in done["a"]


@pytest.mark.parametrize(
    ("given", "mark", "expected"),
    [("D. van", "", "D van"), ("A. J. da C. de", ".", "A.J. da C. de")],
)
def test_initials_keep_a_space_before_particles(given: str, mark: str, expected: str) -> None:
    assert initials(given, mark) == expected


@pytest.mark.parametrize(
    ("number", "shown"),
    [("W8524", "(No. W8524)"), ("2003/32864", "(No. 2003/32864)"), ("RM-2542", "(RM-2542)"),
     ("Xxxxx", "(Xxxxx)"), ("99-02", "(Nos. 99–02)")],
)  # fmt: skip
def test_numbers_with_letters_are_numeric(number: str, shown: str) -> None:
    item = {"id": "r", "type": "report", "title": "T", "author": [{"family": "A"}],
            "issued": {"date-parts": [[2000]]}, "number": number, "publisher": "P"}  # fmt: skip
    assert f"T {shown}. P." in _render([item], "apa").entries["r"]


@pytest.mark.parametrize(
    ("style", "expected"),
    [("modern-language-association", "Spring 1985"), ("nlm-citation-sequence", "1985 Spring")],
)
def test_seasons_in_text_dates(style: str, expected: str) -> None:
    item = _article("a", issued={"date-parts": [[1985, 21]]}, volume="24", issue="3")
    assert expected in _render([item], style).entries["a"]


def test_an_institution_last_is_joined_as_citeproc_js_joins_it() -> None:
    """Before a last name that is an institution citeproc-js writes the delimiter only for three
    names or more (``cs:institution``'s contextual default), whatever the style's option."""
    items = [
        {"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [[2001]]},
         "author": [{"family": "Zoo", "given": "B."}, {"literal": "Beijing Zoo"}]},
        {"id": "b", "type": "book", "title": "U", "issued": {"date-parts": [[2007]]},
         "author": [{"family": "Kolawa", "given": "A."}, {"family": "Huizinga", "given": "D."},
                    {"literal": "Wiley InterScience"}]},
    ]  # fmt: skip
    assert _render(items, "apa").entries["a"] == "Zoo, B. & Beijing Zoo. (2001). T."
    harvard = _render(items, "harvard-cite-them-right").entries
    assert harvard["b"] == "Kolawa, A., Huizinga, D., and Wiley InterScience (2007) U."


def test_open_date_ranges_keep_their_dots() -> None:
    item = _book("c", "Simpson", None, "V", issued={"literal": "2004-01-01/.."})
    assert _render([item], "apa").entries["c"] == "Simpson, J. (2004-01-01/..). V. P."


def test_seasons_and_eras_in_date_ranges() -> None:
    items = [{"id": "s", "type": "webpage", "title": "Seasons",
              "issued": {"date-parts": [[2017, 23], [2017, 24]]}},
             {"id": "e", "type": "webpage", "title": "Era",
              "issued": {"date-parts": [[11], [12]]}}]  # fmt: skip
    done = _render(items, "chicago-author-date").entries
    assert done["s"] == "“Seasons.” 2017. Autumn–Winter."
    assert done["e"] == "“Era.” 11–12 AD."


def test_a_nocase_span_with_a_word_opening_quote_is_printed_as_text() -> None:
    """citeproc-js reads a ’ that opens a word inside braces as a quotation mark, and then prints
    the span's tags as they are."""
    title = 'Remarks on <span class="nocase">’t Hooft’s</span> S-matrix'
    items = [{"id": "r", "type": "book", "title": title}]
    done = _render(items, "chicago-author-date").entries
    assert done["r"] == 'Remarks on <span class="nocase">’t Hooft’s</span> S-Matrix. n.d.'


def test_a_macro_of_terms_counts_as_a_group_that_rendered() -> None:
    """citeproc-js expands a macro as a group: one that prints only a term ("In") keeps the
    group around it, even where the variables beside it are empty (NLM's "In." for a paper
    without proceedings title)."""
    item = {"id": "p", "type": "paper-conference", "title": "Datasets",
            "author": [{"family": "Romary", "given": "L."}],
            "issued": {"date-parts": [[2016]]}}  # fmt: skip
    done = _render([item], "nlm-citation-sequence").entries
    assert done["p"] == "1. Romary L. Datasets. In. 2016."


def test_particles_found_in_names_as_citeproc_js_finds_them() -> None:
    """A family name starting with lowercase words ("da Gama") has them as its particle when it
    has none of its own; Chicago then demotes it ("Gama, Vasco da")."""
    items = [{"id": "g", "type": "book", "title": "Voyages",
              "author": [{"family": "da Gama", "given": "Vasco"}]}]  # fmt: skip
    assert _render(items, "chicago-author-date").entries["g"] == "Gama, Vasco da. n.d. Voyages."


def test_locale_date_delimiter_in_ranges_and_particles_after_given_names() -> None:
    article = _article("a", issued={"date-parts": [[2015, 6, 22], [2015, 6, 26]]}, volume="62")
    assert "J. 2015 Jun 22–26;62." in _render([article], "nlm-citation-sequence").entries["a"]
    book = _book("e", "Este", None, "B", author=[{"family": "Este", "given": "B.",
                                                  "dropping-particle": "d’"}])  # fmt: skip
    assert _render([book], "harvard-cite-them-right").entries["e"].startswith("Este, B. d’ (no")


def test_punctuation_moves_inside_inner_quotes_too() -> None:
    title = "From the existence of ‘Communism’ to the community of ‘Existence’"
    item = _article("n", title=title, **{"container-title": "Political Theory"})
    entry = _render([item], "chicago-author-date").entries["n"]
    assert "of ‘Existence.’” Political Theory" in entry
