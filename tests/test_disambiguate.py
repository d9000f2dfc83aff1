"""Year suffixes where citeproc-js gives them: works whose citations would read alike, as the style
shows them (render/disambiguate.py, render/ambiguity.py). Every expected text below is what
citeproc-js rendered for the same items (tools/oracle/render.js), checked when the case was written.
"""

from __future__ import annotations

from typing import Any

import pytest

from claimref.render.ambiguity import citation_facts
from claimref.render.cites import Cite
from claimref.render.disambiguate import year_suffixes
from claimref.render.pipeline import load_style, render
from claimref.render.styles import resolve_style


def work(key: str, names: list[dict[str, str]] | None, year: int | None, title: str,
         kind: str = "book", **more: Any) -> dict[str, Any]:  # fmt: skip
    item: dict[str, Any] = {"id": key, "type": kind, "title": title, **more}
    if names:
        item["author"] = names
    if year:
        item["issued"] = {"date-parts": [[year]]}
    return item


def person(family: str, given: str, **more: str) -> dict[str, str]:
    return {"family": family, "given": given, **more}


NATURE = {"container-title": "Nature"}
SITE = {"container-title": "Site"}
#: Works without names and without a date: what the citation shows in place of the names decides.
NAMELESS = [
    work("alpha", None, None, "Alpha", "article-journal"),
    work("beta", None, None, "Beta", "article-journal"),
    work("gamma", None, None, "Gamma", "article-journal", **NATURE),
    work("delta", None, None, "Delta", "article-journal", **NATURE),
    work("book1", None, None, "Book one"),
    work("book2", None, None, "Book two"),
    work("page1", None, None, "Page one", "webpage"),
    work("page2", None, None, "Page two", "webpage"),
    work("page3", None, None, "Page three", "webpage", **SITE),
    work("page4", None, None, "Page four", "webpage", **SITE),
]
NAMELESS_ENTRIES = [
    # Harvard cites a journal article by its journal: none at all reads "(No date)" for each
    ("harvard-cite-them-right", "alpha", "(No date a) “Alpha.”"),
    ("harvard-cite-them-right", "beta", "(No date b) “Beta.”"),
    ("harvard-cite-them-right", "delta", "Nature (no date a) “Delta.”"),
    ("harvard-cite-them-right", "book1", "Book one (no date)."),  # books by their titles
    ("harvard-cite-them-right", "page3", "Page three (no date) Site."),
    # Chicago cites a web page by its site, by its title where it has none
    ("chicago-author-date", "page4", "Site. n.d.-a. “Page Four.”"),
    ("chicago-author-date", "page1", "“Page One.” n.d."),
    ("chicago-author-date", "alpha", "Alpha. n.d."),
    ("apa", "page4", "Page four. (n.d.). Site."),  # APA by the title, always
    ("apa", "alpha", "Alpha. (n.d.)."),
]  # fmt: skip


@pytest.mark.parametrize(("style", "key", "entry"), NAMELESS_ENTRIES,
                         ids=[f"{s}-{k}" for s, k, _ in NAMELESS_ENTRIES])  # fmt: skip
def test_undated_works_without_names(style: str, key: str, entry: str) -> None:
    done = render(resolve_style(style), None, NAMELESS, "text", tailoring=False)
    assert done.entries[key] == entry


NAMELESS_CITATIONS = [
    ("harvard-cite-them-right", ["(no date a; no date b)", "(Nature, no date b; Nature, no date a)"]),
    ("chicago-author-date", ["(Alpha, n.d.; Beta, n.d.)", "(“Gamma,” n.d.; “Delta,” n.d.)"]),
]  # fmt: skip


@pytest.mark.parametrize(("style", "citations"), NAMELESS_CITATIONS,
                         ids=[s for s, _ in NAMELESS_CITATIONS])  # fmt: skip
def test_citations_of_undated_works_without_names(style: str, citations: list[str]) -> None:
    clusters = [[Cite("alpha"), Cite("beta")], [Cite("gamma"), Cite("delta")]]
    done = render(resolve_style(style), None, NAMELESS, "text", clusters, tailoring=False)
    assert done.citations == citations


#: One family name, several people: whether given names (and name suffixes) tell the works apart
#: depends on the style's givenname-disambiguation-rule.
PEOPLE = [
    work("iii", [person("Doe", "James", suffix="III")], None, "One", "article-journal"),
    work("jr", [person("Doe", "James", suffix="Jr.")], None, "Two", "article-journal"),
    work("jeff", [person("Doe", "Jeffrey", suffix="Jr.")], None, "Three", "article-journal"),
    work("soon", [person("Doe", "John")], None, "Four", status="forthcoming"),
    work("roe1", [person("Smith", "John"), person("Roe", "Jane")], 2000, "Five"),
    work("roe2", [person("Smith", "John"), person("Roe", "Jim")], 2000, "Six"),
    work("ann", [person("Kim", "Ann")], 2001, "Seven"),
    work("amy", [person("Kim", "Amy")], 2001, "Eight"),
    work("lee1", [person("Lee", "Ann")], 2002, "Nine"),
    work("lee2", [person("Lee", "Bob")], 2002, "Ten"),
]
PEOPLE_ENTRIES = [
    # APA adds initials only (primary-name-with-initials): J. Doe is J. Doe, whatever else
    ("apa", "jeff", "Doe, J., Jr. (n.d.-b). Three."),
    ("apa", "jr", "Doe, J., Jr. (n.d.-c). Two."),
    ("apa", "soon", "Doe, J. (forthcoming). Four."),  # "Doe, forthcoming" is not "Doe, n.d."
    ("apa", "ann", "Kim, A. (2001b). Seven."),
    ("apa", "lee1", "Lee, A. (2002). Nine."),  # A. Lee and B. Lee
    ("apa", "roe1", "Smith, J., & Roe, J. (2000a). Five."),  # to the first name only
    # Chicago adds whole given names (primary-name), printed with the suffix: "James Doe III"
    ("chicago-author-date", "iii", "Doe, James, III. n.d. One."),
    ("chicago-author-date", "jr", "Doe, James, Jr. n.d. Two."),
    ("chicago-author-date", "ann", "Kim, Ann. 2001. Seven."),
    ("chicago-author-date", "roe2", "Smith, John, and Jim Roe. 2000b. Six."),
    # GOST adds no given names: Ann Lee and Bob Lee are both "Lee, 2002"
    ("gost-r-7-0-5-2008", "lee2", "8. Lee B. Ten. , 2002b."),
]  # fmt: skip


@pytest.mark.parametrize(("style", "key", "entry"), PEOPLE_ENTRIES,
                         ids=[f"{s}-{k}" for s, k, _ in PEOPLE_ENTRIES])  # fmt: skip
def test_given_names_as_the_style_adds_them(style: str, key: str, entry: str) -> None:
    done = render(resolve_style(style), None, PEOPLE, "text", tailoring=False)
    assert done.entries[key] == entry


def test_citations_as_the_style_adds_given_names() -> None:
    clusters = [[Cite(k) for k in ("iii", "jr", "jeff", "soon")], [Cite("ann"), Cite("amy")]]
    done = render(resolve_style("apa"), None, PEOPLE, "text", clusters, tailoring=False)
    assert done.citations == ["(Doe, forthcoming, n.d.-a, n.d.-c, n.d.-b)", "(Kim, 2001b, 2001a)"]


FACTS = [
    ("harvard-cite-them-right", "nameless:article-journal/title:"),  # shows nothing
    ("harvard-cite-them-right", "givenname:by-cite"),
    ("chicago-author-date", "nameless:webpage:container-title"),
    ("chicago-author-date", "nameless:webpage/title:title"),
    ("apa", "status"),
]


@pytest.mark.parametrize(("style", "fact"), FACTS, ids=[f"{s}-{f}" for s, f in FACTS])
def test_what_citations_show(style: str, fact: str) -> None:
    assert fact in citation_facts(load_style(resolve_style(style), None, False))


def test_styles_without_year_suffixes_need_no_probe() -> None:
    assert citation_facts(load_style(resolve_style("ieee"), None, False)) == ()


ROE, KIM, LEE = {"roe1": "a", "roe2": "b"}, {"ann": "a", "amy": "b"}, {"lee1": "a", "lee2": "b"}
SUFFIXES = [
    ("family names only", ("issued",), ROE | KIM | LEE),
    ("initials of the first", ("issued", "givenname:primary-name-with-initials"), ROE | KIM),
    ("given names of the first", ("issued", "givenname:primary-name"), ROE),
    ("given names of all", ("issued", "givenname:all-names"), {}),
    ("given names cite by cite", ("issued", "givenname:by-cite"), {}),
]


@pytest.mark.parametrize(("rule", "dates", "expected"), SUFFIXES, ids=[c[0] for c in SUFFIXES])
def test_year_suffixes_by_rule(rule: str, dates: tuple[str, ...], expected: dict[str, str]) -> None:
    dated = [item for item in PEOPLE if "issued" in item]
    assert year_suffixes(dated, dates) == expected


#: disambiguate-add-names: works whose citations read alike up to "et al." show more names.
ALDER, BIRCH, CEDAR = person("Alder", "Ann"), person("Birch", "Bo"), person("Cedar", "Cy")
DOGWOOD, ELM, ASH = person("Dogwood", "Di"), person("Elm", "Ed"), person("Ash", "Al")
CROWDED = [
    work("x1", [ALDER, BIRCH, CEDAR, DOGWOOD], 2020, "One", "article-journal"),
    work("x2", [ALDER, BIRCH, CEDAR, ELM], 2020, "Two", "article-journal"),
    work("y1", [ASH, BIRCH, CEDAR, DOGWOOD], 2015, "Three", "article-journal"),
    work("y2", [ASH, BIRCH, CEDAR, DOGWOOD], 2015, "Four", "article-journal"),
    work("y3", [ASH, DOGWOOD, ELM], 2015, "Five", "article-journal"),
    work("y4", [ASH, DOGWOOD], 2016, "Six", "article-journal"),
    work("z1", [person("Oak", "Steve"), BIRCH, CEDAR], 2010, "Seven"),
    work("z2", [person("Oak", "S."), DOGWOOD, ELM], 2010, "Eight"),
]
ADDED_NAMES = [
    # as many names as tell the works apart, in the citation and in the entry
    ("apa", "x2", "(Alder, Birch, Cedar, & Elm, 2020)",
     "Alder, A., Birch, B., Cedar, C., & Elm, E. (2020). Two."),
    # the same names: a year suffix, but the names that tell them from y3 all the same
    ("apa", "y1", "(Ash, Birch, et al., 2015b)",
     "Ash, A., Birch, B., Cedar, C., & Dogwood, D. (2015b). Three."),
    ("apa", "y3", "(Ash, Dogwood, et al., 2015)", "Ash, A., Dogwood, D., & Elm, E. (2015). Five."),
    ("apa", "z1", "(Oak, Birch, et al., 2010)", "Oak, S., Birch, B., & Cedar, C. (2010). Seven."),
    # Chicago tells the Oaks apart by their given names (primary-name), so adds no names
    ("chicago-author-date", "z1", "(Steve Oak et al. 2010)",
     "Oak, Steve, Bo Birch, and Cy Cedar. 2010. Seven."),
    ("chicago-author-date", "x1", "(Alder, Birch, Cedar, and Dogwood 2020)",
     "Alder, Ann, Bo Birch, Cy Cedar, and Di Dogwood. 2020. One."),
    # Harvard cuts after one of four or more names: the reference list shows the names added too
    ("harvard-cite-them-right", "x1", "(Alder, Birch, Cedar and Dogwood, 2020)",
     "Alder, A., Birch, B., Cedar, C. and Dogwood, D. (2020) “One.”"),
    ("harvard-cite-them-right", "y1", "(Ash et al., 2015b)", "Ash, A. et al. (2015b) “Three.”"),
    # notes cite "Alder et al., One": the titles tell them apart
    ("chicago-notes-bibliography", "x1", "Ann Alder et al., One, 2020.",
     "Alder, Ann, Bo Birch, Cy Cedar, and Di Dogwood. One. 2020."),
    # MLA cites no year: y1, y2 and y3 read alike; the title for the two that names cannot tell
    ("modern-language-association", "y3", "(Ash, Dogwood, et al.)",
     "Ash, Al, Di Dogwood, et al. Five. 2015."),
    ("modern-language-association", "y1", "(Ash, Birch, et al., Three)", "———. Three. 2015."),
]  # fmt: skip


@pytest.mark.parametrize(("style", "key", "citation", "entry"), ADDED_NAMES,
                         ids=[f"{c[0]}-{c[1]}" for c in ADDED_NAMES])  # fmt: skip
def test_names_added_to_tell_works_apart(style: str, key: str, citation: str, entry: str) -> None:
    done = render(resolve_style(style), None, CROWDED, "text", [[Cite(key)]], tailoring=False)
    assert (done.citations[0], done.entries[key]) == (citation, entry)


#: subsequent-author-substitute ("———") as citeproc-js decides it: the names compared, not the
#: words around them; editors standing in for authors neither replaced nor compared with.
SUBSEQUENT = [
    work("e1", None, 1982, "Alpha", editor=[person("Barr", "J.")]),
    work("e2", None, 1983, "Beta", editor=[person("Barr", "J.")]),
    work("a1", [person("Carr", "K.")], 1982, "Gamma"),
    work("a2", [person("Carr", "K."), person("Dunn", "L."), person("Ezra", "M.")], 1983, "Delta"),
    work("a3", [person("Carr", "K.")], 1984, "Epsilon"),
    work("g1", [person("Fox", "Gerald D")], 1990, "One"),
    work("g2", [person("Fox", "Gerald D.")], 1991, "Two"),
    work("g3", [person("Fox", "Gerald D.")], 1992, "Three"),
    work("o1", [person("O'Mara", "Margaret")], 1990, "Cold"),
    work("o2", [person("O'Mara", "Margaret")], 1991, "Warm"),
]
SUBSEQUENT_ENTRIES = [
    ("e2", "Barr, J., editor. Beta. 1983."),  # editors: never replaced
    ("a3", "———. Epsilon. 1984."),  # "Carr, K., et al." shows Carr alone, as a3 does
    ("g3", "Fox, Gerald D. Three. 1992."),  # after "Gerald D", written without the full stop
    ("g2", "———. Two. 1991."),
    ("o2", "———. Warm. 1991."),  # O’Mara as printed is O'Mara as written
]


@pytest.mark.parametrize(
    ("key", "entry"), SUBSEQUENT_ENTRIES, ids=[c[0] for c in SUBSEQUENT_ENTRIES]
)
def test_subsequent_author_substitute(key: str, entry: str) -> None:
    mla = resolve_style("modern-language-association")
    assert render(mla, None, SUBSEQUENT, "text", tailoring=False).entries[key] == entry


#: Harvard (``by-cite``): where initials tell no one apart, the reference list writes given names
#: whole, as the citations do.
WHOLE_GIVENS = [
    ("jr", "Doe, James, Jr. (no date) “Two.”"),  # J. Doe Jr. twice: James and Jeffrey
    ("iii", "Doe, J., III (no date) “One.”"),  # J. Doe III is the only one
    ("ann", "Kim, Ann (2001) Seven."),
    ("lee1", "Lee, A. (2002) Nine."),  # A. Lee and B. Lee: initials do
]


@pytest.mark.parametrize(("key", "entry"), WHOLE_GIVENS, ids=[c[0] for c in WHOLE_GIVENS])
def test_whole_given_names_in_the_reference_list(key: str, entry: str) -> None:
    done = render(resolve_style("harvard-cite-them-right"), None, PEOPLE, "text", tailoring=False)
    assert done.entries[key] == entry


def test_whole_given_names_of_one_family_in_one_work() -> None:
    jakobsen = [person("Jakobsen", "Katrine"), person("Jakobsen", "Kristian"),
                person("Kleven", "Henrik"), person("Zucman", "Gabriel")]  # fmt: skip
    items = [work("j", jakobsen, 2020, "Wealth", "article-journal")]
    done = render(resolve_style("harvard-cite-them-right"), None, items, "text", tailoring=False)
    assert done.entries["j"] == "Jakobsen, Katrine et al. (2020) “Wealth.”"


#: ``by-cite`` goes on to the next names while works still cite alike: "Smith and Jane Roe".
LATER_NAMES = [
    ("harvard-cite-them-right", "(Smith and Jane Roe, 2000; Smith and Jim Roe, 2000)",
     "Smith, J. and Roe, Jane (2000) Five."),
    ("modern-language-association", "(Smith and Jane Roe; Smith and Jim Roe)",
     "Smith, John, and Jane Roe. Five. 2000."),
]  # fmt: skip


@pytest.mark.parametrize(("style", "citation", "entry"), LATER_NAMES,
                         ids=[c[0] for c in LATER_NAMES])  # fmt: skip
def test_given_names_of_later_names(style: str, citation: str, entry: str) -> None:
    clusters = [[Cite("roe1"), Cite("roe2")]]
    done = render(resolve_style(style), None, PEOPLE, "text", clusters, tailoring=False)
    assert (done.citations[0], done.entries["roe1"]) == (citation, entry)


#: Given names added in citations are printed with the name suffix ("J. Doe III"); by-cite also
#: tells people apart by the suffix, so J. Doe III needs no more than initials.
SUFFIXED_CITATIONS = [
    ("chicago-author-date", "(James Doe III, n.d.; James Doe Jr., n.d.; Jeffrey Doe Jr., n.d.; "
     "John Doe, forthcoming)"),
    ("modern-language-association", "(J. Doe III; James Doe Jr.; Jeffrey Doe Jr.; J. Doe)"),
]  # fmt: skip


@pytest.mark.parametrize(("style", "citation"), SUFFIXED_CITATIONS,
                         ids=[c[0] for c in SUFFIXED_CITATIONS])  # fmt: skip
def test_name_suffixes_with_added_given_names(style: str, citation: str) -> None:
    clusters = [[Cite("iii"), Cite("jr"), Cite("jeff"), Cite("soon")]]
    done = render(resolve_style(style), None, PEOPLE, "text", clusters, tailoring=False)
    assert done.citations == [citation]
