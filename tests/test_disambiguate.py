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
