"""``claimref site``: every page type built from the bundled dataset, strict HTML5, everything from the
data escaped, no link but http(s), byte-identical and incremental rebuilds, the folder guard,
``--serve``; and ``refs --format html`` links and ``--standalone``. (The pages in a real browser:
tests/test_site_browser.py.)"""

from __future__ import annotations

import shutil
import socket
import textwrap
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import html5lib
import pytest

from claimref.partial import usable_part
from claimref.render.output import link_urls
from claimref.search import Haystacks
from claimref.site import (
    MANIFEST,
    SiteError,
    SiteOptions,
    StyleChoice,
    build,
    build_site,
    pages,
    serve,
    svg,
    views,
)
from claimref.site.paths import doi_address, slug, unique_slugs, web_address
from claimref.store import load_workspace
from claimref.validate import check
from tests.conftest import MINIMAL_BIB, PROJECT, run

PAGE_TYPES = {
    "index": "index.html",
    "claim": "claims/samsons-130-trains.html",
    "source": "sources/samson1980.html",
    "person": "people/samsons-vilis.html",
    "people": "people.html",
    "references": "references.html",
    "matrix": "matrix.html",
    "timeline": "timeline.html",
    "problems": "problems.html",
}
OFFLINE = SiteOptions(cache=False)
CACHED = SiteOptions()  # in the test's own cache folder (conftest)


def _build(root: Path, out: Path, options: SiteOptions = OFFLINE) -> Any:
    ws, _ = usable_part(load_workspace(root))
    return build_site(ws, out, options)


@pytest.fixture(scope="module")
def dataset_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled dataset's site, built once for this module (no cache: this fixture runs
    outside the per-test cache folder)."""
    out = tmp_path_factory.mktemp("site") / "site"
    _build(PROJECT, out)
    return out


def _parse(data: bytes) -> Any:
    """The page as an element tree; html5lib in strict mode raises on any parse error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(data)


def _text(element: Any) -> str:
    return "".join(element.itertext())


@pytest.mark.parametrize("path", list(PAGE_TYPES.values()), ids=list(PAGE_TYPES))
def test_every_page_type_is_built(dataset_site: Path, path: str) -> None:
    assert (dataset_site / path).is_file()


def test_a_page_per_claim_source_and_person(dataset_site: Path) -> None:
    ws = load_workspace(PROJECT)
    assert len(list((dataset_site / "claims").iterdir())) == len(ws.claims)
    assert len(list((dataset_site / "sources").iterdir())) == len(ws.sources)
    people = {p.stem for p in (dataset_site / "people").iterdir()}
    assert set(ws.people) <= people  # and the names of claims no record resolves


def test_every_page_parses_as_strict_html5(dataset_site: Path) -> None:
    for page in sorted(dataset_site.rglob("*.html")):
        try:
            _parse(page.read_bytes())
        except html5lib.html5parser.ParseError as exc:
            pytest.fail(f"{page.relative_to(dataset_site)}: {exc}")


def test_an_empty_workspace_gives_a_site_too(tmp_path: Path) -> None:
    for name in ("bibliography", "claims"):
        (tmp_path / "ws" / name).mkdir(parents=True)
    report = _build(tmp_path / "ws", tmp_path / "site")
    assert report.pages == 6  # index, references, people, matrix, timeline, problems
    for page in (tmp_path / "site").rglob("*.html"):
        _parse(page.read_bytes())


def test_claim_page_shows_quote_stance_citation_and_warning(dataset_site: Path) -> None:
    tree = _parse((dataset_site / PAGE_TYPES["claim"]).read_bytes())
    quotes = tree.findall(".//blockquote")
    assert [q.get("lang") for q in quotes] == ["en"]
    assert "however, this seems to be a fabrication" in _text(quotes[0])
    text = " ".join(_text(tree).split())
    assert "disputes · Wikipedia contributors n.d. · section The partisan warfare" in text
    assert "(Wikipedia contributors, n.d., Section The partisan warfare)" in text
    assert "possible conflict of interest: Vilis Samsons" in text
    links = [a.get("href") for a in tree.iter("a")]
    assert "https://en.wikipedia.org/wiki/Soviet_partisans_in_Latvia" in links
    assert "../sources/samson1980.html" in links and "../people/samsons-vilis.html" in links


def test_person_page_has_forms_across_scripts_claims_and_works(dataset_site: Path) -> None:
    tree = _parse((dataset_site / PAGE_TYPES["person"]).read_bytes())
    forms = {(s.get("lang"), s.text) for s in tree.iter("span") if s.get("lang")}
    person = load_workspace(PROJECT).people["samsons-vilis"]
    recorded = {(lang, form) for lang, names in person.names.items() for form in names}
    assert recorded <= forms and ("ru", "В. П. Самсон") in forms  # Cyrillic, marked as Russian
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert "../claims/samsons-130-trains.html" in hrefs
    assert "../sources/samson1980.html" in hrefs  # a work by him, found across scripts


def test_index_lists_every_claim_and_works_without_javascript(dataset_site: Path) -> None:
    tree = _parse((dataset_site / "index.html").read_bytes())
    rows = tree.findall(".//tbody/tr")
    assert len(rows) == len(load_workspace(PROJECT).claims)
    assert not any(row.get("hidden") is not None for row in rows)
    assert tree.find(".//form[@id='filters']").get("hidden") is not None  # shown by the script
    badge = rows[0].find(".//span")
    assert badge.get("class").startswith("badge status-") and badge.text  # a word, not colour


def test_index_search_text_is_that_of_claims_search() -> None:
    ws = load_workspace(PROJECT)
    data = pages.SiteData.of(ws, dict(ws.sources), _no_formatting(), ())
    _, _, variables = pages.index_page(data)
    haystacks = Haystacks(ws)
    assert [row["search"] for row in variables["rows"]] == [
        haystacks.claim(c) for c in ws.claims.values()
    ]


def _no_formatting() -> Any:
    from claimref.site.cite import Formatted  # noqa: PLC0415

    return Formatted((), {}, {})


def test_pages_load_nothing_from_the_network(dataset_site: Path) -> None:
    for page in dataset_site.rglob("*.html"):
        tree = _parse(page.read_bytes())
        for element in [*tree.iter("script"), *tree.iter("link"), *tree.iter("img")]:
            address = element.get("src") or element.get("href") or ""
            assert "//" not in address, f"{page}: {address}"
    assert "url(" not in (dataset_site / "static/site.css").read_text()


def test_problems_page_links_findings_to_their_claim_or_source(dataset_site: Path) -> None:
    findings = check(load_workspace(PROJECT)).findings
    tree = _parse((dataset_site / "problems.html").read_bytes())
    rows = tree.findall(".//tbody/tr")
    assert len(rows) == len(findings) > 0
    pages_of = {"claims": "claims/", "bibliography": "sources/", "people": "people/"}
    for row, finding in zip(rows, findings, strict=True):
        link = row.find(".//a")
        assert link is not None, finding
        assert link.get("href").startswith(pages_of[finding.location.path.split("/")[0]])


def test_problems_page_links_a_finding_to_its_claim(make_workspace: Any, tmp_path: Path) -> None:
    _build(make_workspace(), tmp_path / "site")  # disputed, but no link disputes it
    tree = _parse((tmp_path / "site/problems.html").read_bytes())
    rows = [" ".join(_text(row).split()) for row in tree.findall(".//tbody/tr")]
    assert any("claims/trains.yaml:" in row and "disputed-without-dissent" in row for row in rows)
    assert "claims/trains.html" in [a.get("href") for a in tree.findall(".//tbody//a")]
    claim = (tmp_path / "site/claims/trains.html").read_text()
    assert "disputed-without-dissent" in claim  # and on the claim's own page


# ------------------------------------------------------------------ escaping

HOSTILE_BIB = """\
@book{evil2020,
  author = {Hacker, <script>alert('author')</script>},
  title = {<script>alert('title')</script> and <img src=x onerror=alert(1)>},
  url = {javascript:alert('url')},
  doi = {javascript:alert(1)},
  date = {2020},
  langid = {english},
  x-note = {<script>alert('note')</script>},
  x-listed-as = {<b>bold</b>},
}

@online{web2021,
  title = {A page},
  url = {https://example.org/a?b=1&c=2},
  date = {2021},
}
"""

HOSTILE_CLAIM = """\
id: evil
statement: "<script>alert('statement')</script> happened"
date: "1943"
places: ["<script>alert('place')</script>"]
people: ["<script>alert('person')</script>"]
tags: ["<script>"]
reliability:
  status: disputed
  note: "<script>alert('why')</script>"
note: "javascript:alert('note')"
links:
  - source: evil2020
    stance: disputes
    quote:
      text: "<script>alert('quote')</script>"
      lang: lv
      translation: "</blockquote><script>alert('translation')</script>"
    verified: false
    note: "<a href='javascript:alert(1)'>click</a>"
  - source: web2021
    stance: supports
    verified: false
"""


@pytest.fixture
def hostile_site(make_workspace: Any, tmp_path: Path) -> Path:
    root = make_workspace(bib=HOSTILE_BIB, claims={"evil": HOSTILE_CLAIM})
    out = tmp_path / "out"
    _build(root, out)
    return out


def test_script_in_data_shows_as_text_never_runs(hostile_site: Path) -> None:
    seen = ""
    for page in hostile_site.rglob("*.html"):
        tree = _parse(page.read_bytes())
        for script in tree.iter("script"):
            assert script.get("src", "").endswith("static/site.js") or (
                script.get("type") == "application/json"
            ), f"{page}: a script from the data"
        assert not any(el.get("onerror") for el in tree.iter()), f"{page}: an event handler"
        seen += _text(tree)
    for where in ("title", "note", "quote", "statement", "why", "place", "translation"):
        assert f"<script>alert('{where}')</script>" in seen, where


def test_javascript_addresses_are_never_links(hostile_site: Path) -> None:
    hrefs = set()
    for page in hostile_site.rglob("*.html"):
        hrefs |= {a.get("href") for a in _parse(page.read_bytes()).iter("a")}
    assert not [h for h in hrefs if ":" in h and not h.startswith(("http://", "https://"))]
    assert "https://example.org/a?b=1&c=2" in hrefs  # a real address is a link, & kept


def test_quote_has_its_language(hostile_site: Path) -> None:
    tree = _parse((hostile_site / "claims/evil.html").read_bytes())
    assert [q.get("lang") for q in tree.iter("blockquote")] == ["lv"]


def test_the_json_of_the_index_cannot_close_its_script() -> None:
    assert str(pages.script_json({"a": "</script><b>&"})) == (
        '{"a":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}'
    )


# ------------------------------------------------------------------ stable, incremental output


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_same_workspace_gives_byte_identical_files(
    dataset_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # another current folder, another output path
    _build(PROJECT, tmp_path / "again")
    assert _files(tmp_path / "again") == _files(dataset_site)


def test_stamp_is_the_only_difference(dataset_site: Path, tmp_path: Path) -> None:
    _build(PROJECT, tmp_path / "stamped", SiteOptions(stamp="2026-11-27 10:00 UTC", cache=False))
    stamped = _files(tmp_path / "stamped")
    plain = _files(dataset_site)
    for path, content in plain.items():
        if path.endswith(".html"):
            assert stamped[path].replace(b" Built 2026-11-27 10:00 UTC.", b"") == content


@pytest.fixture
def dataset_copy(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    for name in ("bibliography", "claims", "people"):
        shutil.copytree(PROJECT / name, root / name)
    (root / "claimref.toml").write_text((PROJECT / "claimref.toml").read_text())
    return root


def test_rebuild_after_one_claim_changed_writes_only_changed_pages(
    dataset_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    _build(dataset_copy, out, CACHED)  # caches on: unchanged pages are not even rendered again
    before = {p: (out / p).stat().st_mtime_ns for p in _files(out)}
    old = _files(out)
    claim = dataset_copy / "claims/samsons-130-trains.yaml"
    claim.write_text(claim.read_text().replace("nearly 130", "nearly 131"))
    rendered = []
    render = build._render
    monkeypatch.setattr(build, "_render", lambda *args: rendered.append(1) or render(*args))
    report = _build(dataset_copy, out, CACHED)
    monkeypatch.undo()
    _build(dataset_copy, tmp_path / "fresh")
    changed = {path for path, content in _files(tmp_path / "fresh").items() if old[path] != content}
    assert set(report.written) == changed
    assert {
        "claims/samsons-130-trains.html",  # the claim
        "index.html",  # its statement and search text
        "matrix.html",  # its statement as a row's tooltip
        "people/samsons-vilis.html",  # claims about him
        "sources/samson1980.html",  # the claims citing each source
    } <= changed
    assert len(changed) < len(old) / 5
    assert len(rendered) < len(old) / 4  # the pages listing everything, and the changed ones
    after = {p: (out / p).stat().st_mtime_ns for p in _files(out)}
    assert {p for p in before if before[p] != after[p]} == set(report.written)
    assert _build(dataset_copy, out, CACHED).written == ()


def test_a_page_changed_or_removed_by_hand_is_built_again(
    dataset_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    _build(dataset_copy, out, CACHED)
    first = _files(out)
    (out / "claims/samsons-130-trains.html").write_text("edited")
    (out / "sources/samson1980.html").unlink()
    report = _build(dataset_copy, out, CACHED)
    assert report.written == ("claims/samsons-130-trains.html", "sources/samson1980.html")
    assert _files(out) == first


def test_pages_no_longer_built_are_removed(dataset_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    _build(dataset_copy, out)
    (out / "notes.txt").write_text("mine")  # not the site's: never touched
    (dataset_copy / "claims/samsons-130-trains.yaml").unlink()
    report = _build(dataset_copy, out)
    assert report.removed == ("claims/samsons-130-trains.html",)
    assert not (out / "claims/samsons-130-trains.html").exists()
    assert (out / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize(
    "where, message",
    [
        ("full", "not empty and holds no claimref site"),
        ("claims/site", "not built into the workspace or its data folders"),
        (".", "not built into the workspace"),
    ],
    ids=["non-empty-folder", "data-folder", "workspace-root"],
)
def test_the_site_is_not_built_where_it_would_mix_with_other_files(
    make_workspace: Any, where: str, message: str
) -> None:
    root = make_workspace()
    (root / "full").mkdir()
    (root / "full/index.html").write_text("someone's page")
    code, _, err = run(root, "site", "-o", str(root / where))
    assert code == 1 and message in err and "Traceback" not in err
    assert (root / "full/index.html").read_text() == "someone's page"


# ------------------------------------------------------------------ the command


def test_site_command_builds_and_says_what_it_wrote(make_workspace: Any, tmp_path: Path) -> None:
    root = make_workspace()
    out = tmp_path / "site"
    args = (
        "site",
        "-o",
        str(out),
        "--title",
        "Trains <b>",
        "--style",
        "modern-language-association",
    )
    code, _, err = run(root, *args)
    assert code == 0, err
    assert "pages (" in err and "written, 0 unchanged" in err
    assert "<title>Claims · Trains &lt;b&gt;</title>" in (out / "index.html").read_text()
    assert (out / MANIFEST).is_file()
    code, _, err = run(root, *args)
    assert code == 0 and " 0 written" in err


def test_site_command_refuses_an_unknown_style(make_workspace: Any, tmp_path: Path) -> None:
    code, _, err = run(make_workspace(), "site", "-o", str(tmp_path / "s"), "--style", "apaa")
    assert code == 2 and "unknown style 'apaa'" in err


def test_site_of_a_broken_workspace_is_built_from_the_usable_part(
    make_workspace: Any, tmp_path: Path
) -> None:
    root = make_workspace(claims={"trains": "id: trains\nstatement: [\n"})
    code, _, err = run(root, "site", "-o", str(tmp_path / "site"))
    assert code == 1 and "claims/trains.yaml:" in err and "1 file left out" in err
    problems = (tmp_path / "site/problems.html").read_text()
    assert "claims/trains.yaml" in problems


def test_latin_script_transliterates_titles_and_marks_their_language(
    make_workspace: Any, tmp_path: Path
) -> None:
    choice = StyleChoice(script="latin")
    _build(make_workspace(), tmp_path / "site", SiteOptions(choice=choice, cache=False))
    tree = _parse((tmp_path / "site/sources/samson1980.html").read_bytes())
    heading = tree.find(".//h1")
    assert (heading.text, heading.get("lang")) == ("Druzhba narodov pobedila", "ru-Latn")
    assert "Samson, V. P. (1980)" in _text(tree.find(".//div[@class='reference csl-entry']"))
    latvian = _parse((tmp_path / "site/sources/strods2006.html").read_bytes()).find(".//h1")
    assert latvian.get("lang") == "lv"  # no Cyrillic: nothing transliterated


def test_matrix_is_paginated_past_max_columns(
    dataset_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(svg, "MAX_COLUMNS", 3)
    report = _build(dataset_copy, tmp_path / "site")
    matrices = sorted(p for p in report.files if p.startswith("matrix"))
    assert matrices == ["matrix-2.html", "matrix-3.html", "matrix.html"]  # 7 cited works
    page = (tmp_path / "site/matrix-2.html").read_text()
    assert "works 4–6" in page and "split into pages of 3 works" in page
    assert page.count('class="col"') == 3


# ------------------------------------------------------------------ pieces


@pytest.mark.parametrize(
    "value, span",
    [
        ("1943", (1943.0, 1944.0, "period")),
        ("1943-05", (1943 + 4 / 12, 1943 + 5 / 12, "period")),
        ("1941/1944", (1941.0, 1945.0, "range")),
        ("1945-05-05/1945-05-06", (1945 + 4 / 12 + 4 / 365, 1945 + 4 / 12 + 6 / 365, "range")),
        ("1944-01-04", (1944 + 3 / 365, 1944 + 4 / 365, "day")),
        ("1943-12~", (1943 + 11 / 12, 1944.0, "period", True)),
        ("1941-12~/1944-07?", (1941 + 11 / 12, 1944 + 7 / 12, "range", True)),
        ("spring 1943", None),
        ("1943-13", None),
    ],
    ids=["year", "month", "range", "day-range", "day", "approximate", "approximate-range", "words",
         "bad-month"],
)  # fmt: skip
def test_date_span(value: str, span: tuple[Any, ...] | None) -> None:
    found = svg.date_span(value)
    if span is None:
        assert found is None
    else:
        assert found is not None
        expected = span if len(span) == 4 else (*span, False)
        assert (found.start, found.end, found.kind, found.qualified) == pytest.approx(expected)


@pytest.mark.parametrize(
    "value, shown",
    [("1943", "1943"), ("1943-12~", "1943-12~ (approximate)"),
     ("1941-12?/1944-07%", "1941-12?/1944-07% (uncertain, approximate and uncertain)")],
    ids=["plain", "approximate", "marks"],
)  # fmt: skip
def test_date_text(value: str, shown: str) -> None:
    assert views.date_text(value) == shown


def test_timeline_draws_ranges_as_bars_and_days_as_diamonds(dataset_site: Path) -> None:
    text = (dataset_site / "timeline.html").read_text()
    row = text.split("courland-small-groups-1944-1945</text>")[0].rsplit("<a ", 1)[0]
    assert "1944/1945 · unverified" in text
    assert '<rect x="' in text and "<polygon" in text and row


@pytest.mark.parametrize(
    "name, expected",
    [
        ("strods2006", "strods2006"),
        ("Strods2006", "strods2006-"),
        ("a/b:c", "a-b-c-"),
        ("..", ""),
    ],
    ids=["plain", "upper-case", "unsafe", "dots"],
)
def test_slug(name: str, expected: str) -> None:
    found = slug(name)
    assert found.startswith(expected) and "/" not in found and not found.startswith(".")


def test_slugs_differing_in_case_get_their_own_pages() -> None:
    pages_of = unique_slugs(["strods2006", "Strods2006"])
    assert len(set(pages_of.values())) == 2


@pytest.mark.parametrize(
    "value, link",
    [
        ("https://example.org/x", "https://example.org/x"),
        ("HTTP://example.org", "HTTP://example.org"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("file:///etc/passwd", None),
        ("//example.org", None),
        ("https://", None),
        ("https://exa mple.org", None),
    ],
    ids=["https", "upper-case", "javascript", "javascript-spaced", "data", "file", "relative",
         "no-host", "space"],
)  # fmt: skip
def test_web_address(value: str, link: str | None) -> None:
    assert web_address(value) == link


@pytest.mark.parametrize(
    "value, link",
    [
        ("10.1080/01629778.2019.1234567", "https://doi.org/10.1080/01629778.2019.1234567"),
        ("doi:10.1000/xyz", "https://doi.org/10.1000/xyz"),
        ("https://doi.org/10.1000/xyz", "https://doi.org/10.1000/xyz"),
        ("javascript:alert(1)", None),
    ],
    ids=["bare", "doi-prefix", "doi-url", "javascript"],
)
def test_doi_address(value: str, link: str | None) -> None:
    assert doi_address(value) == link


# ------------------------------------------------------------------ refs --format html (§4)


@pytest.mark.parametrize(
    "html, expected",
    [
        (
            "Retrieved https://en.wikipedia.org/wiki/X.",
            'Retrieved <a href="https://en.wikipedia.org/wiki/X">https://en.wikipedia.org/wiki/X</a>.',
        ),
        (
            "(https://x.org/a_(b)), next",
            '(<a href="https://x.org/a_(b)">https://x.org/a_(b)</a>), next',
        ),
        ("doi:10.1000/xyz.", '<a href="https://doi.org/10.1000/xyz">doi:10.1000/xyz</a>.'),
        (
            "https://x.org/?a=1&amp;b=2 x",
            '<a href="https://x.org/?a=1&amp;b=2">https://x.org/?a=1&amp;b=2</a> x',
        ),
        ("&lt;https://x.org/&gt;", '&lt;<a href="https://x.org/">https://x.org/</a>&gt;'),
        ("javascript:alert(1) ftp://x.org", "javascript:alert(1) ftp://x.org"),
        ('<i title="https://x.org">t</i>', '<i title="https://x.org">t</i>'),
    ],
    ids=["url", "parentheses", "doi", "ampersand", "angle-brackets", "other-schemes", "in-tag"],
)
def test_link_urls(html: str, expected: str) -> None:
    assert link_urls(html) == expected


WEB_BIB = MINIMAL_BIB + textwrap.dedent("""
    @online{page2020,
      title = {A page},
      url = {https://example.org/page},
      date = {2020},
    }
    @article{paper2020,
      title = {A paper},
      journaltitle = {A journal},
      doi = {10.1000/xyz},
      date = {2020},
    }
    @online{evil2020,
      title = {Evil},
      url = {javascript:alert(1)},
      date = {2020},
    }
""")


def test_refs_html_links_urls_and_dois(make_workspace: Any) -> None:
    root = make_workspace(bib=WEB_BIB)
    code, out, _ = run(root, "refs", "--all", "--format", "html")
    assert code == 0
    assert '<a href="https://example.org/page">https://example.org/page</a>' in out
    assert 'href="https://doi.org/10.1000/xyz"' in out
    assert "javascript:alert(1)" in out and 'href="javascript' not in out


def test_refs_standalone_is_a_complete_strict_html5_page(make_workspace: Any) -> None:
    root = make_workspace(bib=WEB_BIB)
    code, out, _ = run(root, "refs", "--all", "--format", "html", "--standalone")
    assert code == 0 and out.startswith("<!DOCTYPE html>")
    tree = _parse(out.encode())
    assert tree.find(".//title").text == "References (apa)"
    assert len(tree.findall(".//div[@class='csl-entry']")) == 5


def test_refs_standalone_needs_html(make_workspace: Any) -> None:
    code, _, err = run(make_workspace(), "refs", "--standalone")
    assert code == 2 and "--standalone goes with --format html" in err


# ------------------------------------------------------------------ --serve


def test_serve_refuses_a_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SiteError, match=f"port {port} on 127.0.0.1 is already in use"):
            serve.open_server(tmp_path, port)


def test_site_serve_reports_a_port_in_use(make_workspace: Any, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        code, _, err = run(make_workspace(), "site", "-o", str(tmp_path / "s"), "--serve",
                           "--port", port)  # fmt: skip
    assert code == 1 and f"port {port} on 127.0.0.1 is already in use" in err
    assert "Traceback" not in err and not (tmp_path / "s").exists()  # said before building


@pytest.fixture
def served(dataset_copy: Path, tmp_path: Path) -> Iterator[tuple[str, Path, threading.Event]]:
    out = tmp_path / "site"
    _build(dataset_copy, out)
    server = serve.open_server(out, 0)
    rebuilt = threading.Event()

    def rebuild() -> None:
        _build(dataset_copy, out)
        rebuilt.set()

    stop = threading.Event()
    thread = threading.Thread(target=serve.serve, args=(server, dataset_copy, rebuild),
                              kwargs={"interval": 0.05, "stop": stop})  # fmt: skip
    thread.start()
    try:
        yield serve.address(server), dataset_copy, rebuilt
    finally:
        stop.set()
        thread.join(10)


def test_serve_answers_on_localhost_and_rebuilds_on_change(
    served: tuple[str, Path, threading.Event],
) -> None:
    address, root, rebuilt = served
    assert address.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(address + "claims/samsons-130-trains.html", timeout=10) as answer:
        assert answer.headers["Cache-Control"] == "no-store"
        assert "nearly 130" in answer.read().decode()
    claim = root / "claims/samsons-130-trains.yaml"
    time.sleep(0.02)  # a later modification time than the snapshot's
    claim.write_text(claim.read_text().replace("nearly 130", "nearly 131"))
    assert rebuilt.wait(30), "no rebuild after the claim changed"
    with urllib.request.urlopen(address + "claims/samsons-130-trains.html", timeout=10) as answer:
        assert "nearly 131" in answer.read().decode()
