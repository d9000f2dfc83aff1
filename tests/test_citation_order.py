"""Reference-list order and year suffixes as citeproc-js gives them, on small CSL-JSON lists.

Every expected order below is citeproc-js's (rendered with ``tools/oracle/render.js`` from the same
items): sort keys hold every name in sort order without "and" or "et al.", a literal date gives
no sort key, and works whose keys tie exactly keep the order they were given in.
"""

from __future__ import annotations

from typing import Any

import pytest

from claimref.render.cites import Cite
from claimref.render.pipeline import render
from claimref.render.styles import resolve_style


def person(family: str, given: str) -> dict[str, str]:
    return {"family": family, "given": given}


def work(key: str, names: list[dict[str, str]], year: int | None = 2000, title: str = "T",
         **more: Any) -> dict[str, Any]:  # fmt: skip
    item: dict[str, Any] = {"id": key, "type": "book", "title": title, "author": names, **more}
    if year is not None:
        item["issued"] = {"date-parts": [[year]]}
    return item


SMITH, DOE = person("Smith", "J."), person("Doe", "A.")
#: Smith & Doe; Smith, Brown & Doe; Smith, Adams, Bell & Doe: citeproc-js compares "Smith J.
#: Doe A." with "Smith J. Brown B. Doe A.", so the longest list comes first.
CO_AUTHORS = [
    work("a", [SMITH, DOE]),
    work("b", [SMITH, person("Brown", "B."), DOE]),
    work("c", [SMITH, person("Adams", "C."), person("Bell", "D."), DOE]),
]
#: Literal dates give no sort key: after the dated works, in the given order among themselves.
LITERAL_DATES = [
    work("a", [SMITH], None, "A", issued={"literal": "1723?"}),
    work("b", [SMITH], 2000, "B"),
    work("c", [SMITH], None, "C", issued={"literal": "-0876"}),
    work("d", [SMITH], 1990, "D"),
]
LEIBNIZ = [person("Leibniz", "G.")]
#: A set of volumes and two of its volumes: sort keys hold the labels of numbers ("4 vols.",
#: "Vol. 1"), as in citeproc-js, so that the set comes first in Chicago and last in APA.
VOLUMES = [
    work("v1", LEIBNIZ, 1982, "Works", volume="1"),
    work("all", LEIBNIZ, 1982, "Works", **{"number-of-volumes": "4"}),
    work("v2", LEIBNIZ, 1982, "Works", volume="2"),
]
#: Role labels of names ("edited by") are not in sort keys: Fox sorts before Young.
EDITED = [
    work("ed", [person("Feldstein", "R.")], 1995, "Gaze", type="chapter",
         **{"container-title": "Readings", "editor": [person("Young", "Y.")]}),
    work("fox", [person("Feldstein", "R.")], 1995, "Gaze", type="chapter",
         **{"container-title": "Readings", "publisher": "Fox"}),
]  # fmt: skip
DOE = [person("Doe", "J.")]
#: Dates as citeproc-js's date keys compare them: a range by its start, full dates by day.
DATES = [
    work("d", DOE, None, "Title", type="webpage", issued={"date-parts": [[2020, 11, 19]]}),
    work(
        "r",
        DOE,
        None,
        "Test",
        type="webpage",
        issued={"date-parts": [[2014, 12, 31], [2015, 1, 1]]},
    ),
    work("y", DOE, 2016, "Native", type="webpage"),
    work("m", DOE, None, "Month", type="webpage", issued={"date-parts": [[2016, 6]]}),
]
ORDERS = [
    ("apa-no-and-in-keys", "apa", CO_AUTHORS, ["c", "b", "a"]),
    ("chicago-all-names-inverted", "chicago-author-date", CO_AUTHORS, ["c", "b", "a"]),
    ("harvard-no-et-al-in-keys", "harvard-cite-them-right", CO_AUTHORS, ["c", "b", "a"]),
    ("apa-literal-date-unsorted", "apa", LITERAL_DATES, ["d", "b", "a", "c"]),
    ("chicago-literal-date-unsorted", "chicago-author-date", LITERAL_DATES, ["d", "b", "a", "c"]),
    ("chicago-volume-labels", "chicago-author-date", VOLUMES, ["all", "v1", "v2"]),
    ("apa-volume-labels", "apa", VOLUMES, ["v1", "v2", "all"]),
    ("mla-no-role-labels", "modern-language-association", EDITED, ["fox", "ed"]),
    ("apa-date-range-by-start", "apa", DATES, ["r", "y", "m", "d"]),
    ("chicago-date-range-by-start", "chicago-author-date", DATES, ["r", "m", "y", "d"]),
]  # fmt: skip


def rendered(style: str, items: list[dict[str, Any]]) -> Any:
    return render(resolve_style(style), None, items, "text", tailoring=False)


@pytest.mark.parametrize(("style", "items", "expected"), [c[1:] for c in ORDERS],
                         ids=[c[0] for c in ORDERS])  # fmt: skip
def test_order_as_citeproc_js(style: str, items: list[dict[str, Any]], expected: list[str]) -> None:
    assert rendered(style, items).order == expected


#: Works for citations: two Knowles (so that APA adds initials), Smith twice, and others.
CITED = [
    work("kh", [person("Knowles", "Anne"), person("Hillier", "Amy")], 2008),
    work("kb", [person("Knowles", "Bob")], 2010),
    work("g", [person("Goodchild", "M.")], 2004),
    work("s5", [SMITH], 2005),
    work("a1", [person("Adams", "C.")], 2001),
    work("s0", [SMITH], 2000),
    work("z", [person("Zed", "Q.")], 1999),
]
CLUSTERS = [["kh", "g"], ["s5", "a1", "s0"], ["z", "s5", "a1"], ["s0", "z"]]
CITATIONS = [
    # APA sorts by author: by the names, not by the initials disambiguation put before them;
    # one author's works are collapsed after sorting
    ("apa", ["(Goodchild, 2004; A. Knowles & Hillier, 2008)", "(Adams, 2001; Smith, 2000, 2005)",
             "(Adams, 2001; Smith, 2005; Zed, 1999)", "(Smith, 2000; Zed, 1999)"]),
    # Harvard's only key is the year, but it collapses: cites are grouped by author first, each
    # author's run ordered by the year of its first cite, ties in author order
    ("harvard-cite-them-right", ["(Goodchild, 2004; Knowles and Hillier, 2008)",
                                 "(Smith, 2000, 2005; Adams, 2001)",
                                 "(Zed, 1999; Adams, 2001; Smith, 2005)",
                                 "(Zed, 1999; Smith, 2000)"]),
    # no cs:sort in Chicago's citation: the cites stay as given
    ("chicago-author-date", ["(A. Knowles and Hillier 2008; Goodchild 2004)",
                             "(Smith 2005; Adams 2001; Smith 2000)",
                             "(Zed 1999; Smith 2005; Adams 2001)", "(Smith 2000; Zed 1999)"]),
]  # fmt: skip


@pytest.mark.parametrize(("style", "expected"), CITATIONS, ids=[c[0] for c in CITATIONS])
def test_citations_sorted_as_citeproc_js(style: str, expected: list[str]) -> None:
    clusters = [[Cite(key) for key in keys] for keys in CLUSTERS]
    result = render(resolve_style(style), None, CITED, "text", clusters, tailoring=False)
    assert result.citations == expected


KAUFMANN = [person("Kaufmann", "F.")]
#: Reprints of one year whose original dates differ, and two undated works of one author.
SUFFIXED = [
    work("k90", KAUFMANN, 2002, "Sozialpolitik", **{"original-date": {"date-parts": [[1990]]}}),
    work("k97", KAUFMANN, 2002, "Schwindet", **{"original-date": {"date-parts": [[1997]]}}),
    work("nd1", [person("Roe", "R.")], None, "Beta"),
    work("nd2", [person("Roe", "R.")], None, "Alpha"),
]
SUFFIXES = [
    # APA and Chicago print the original date in citations, so the reprints need no suffix
    ("apa", ["(Kaufmann, 1990/2002, 1997/2002)", "(Roe, n.d.-b, n.d.-a)"],
     "Roe, R. (n.d.-a). Alpha."),
    ("chicago-author-date", ["(Kaufmann [1990] 2002, [1997] 2002)", "(Roe, n.d.-b, n.d.-a)"],
     "Roe, R. n.d.-a. Alpha."),
    # Harvard does not: the reprints get letters in reference-list order (by title)
    ("harvard-cite-them-right", ["(Kaufmann, 2002b, 2002a)", "(Roe, no date b, no date a)"],
     "Roe, R. (no date a) Alpha."),
]  # fmt: skip


@pytest.mark.parametrize(("style", "citations", "alpha"), SUFFIXES, ids=[c[0] for c in SUFFIXES])
def test_year_suffixes_as_citeproc_js(style: str, citations: list[str], alpha: str) -> None:
    clusters = [[Cite("k90"), Cite("k97")], [Cite("nd1"), Cite("nd2")]]
    result = render(resolve_style(style), None, SUFFIXED, "text", clusters, tailoring=False)
    assert result.citations == citations
    assert result.entries["nd2"] == alpha


#: One name with two suffixes: APA and Chicago cite both "(Doe, n.d.)", so they get letters;
#: Harvard adds initials and suffix cite by cite ("J. Doe III"), so they need none.
NAME_SUFFIXES = [
    work("iii", [{"family": "Doe", "given": "James", "suffix": "III"}], None, "One"),
    work("jr", [{"family": "Doe", "given": "James", "suffix": "Jr."}], None, "Two"),
]
NAME_SUFFIX_ENTRIES = [
    ("apa", "Doe, J., III. (n.d.-a). One."),
    ("chicago-author-date", "Doe, James, III. n.d.-a. One."),
    ("harvard-cite-them-right", "Doe, J., III (no date) One."),
]


@pytest.mark.parametrize(("style", "entry"), NAME_SUFFIX_ENTRIES,
                         ids=[c[0] for c in NAME_SUFFIX_ENTRIES])  # fmt: skip
def test_name_suffixes_and_year_suffixes(style: str, entry: str) -> None:
    assert rendered(style, NAME_SUFFIXES).entries["iii"] == entry
