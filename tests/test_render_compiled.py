"""The compiled elements (render/compiled.py, for speed only) render exactly what the elements they
replace render: reference lists and citations of the test bibliographies in several styles and
formats, with the style compiled and not."""

from __future__ import annotations

import functools
import itertools
from pathlib import Path
from typing import Any

import pytest
from citeproc.formatter import plain
from lxml import etree  # type: ignore[import-untyped]

from claimref.formats import bibtex
from claimref.formats.csljson import to_csl_items
from claimref.render import compiled, pipeline
from claimref.render.cites import Cite
from claimref.render.conditions import _condition
from claimref.render.elements import CSL_NS, parser
from claimref.render.styles import resolve_style
from tests.test_render_conditions import ITEMS, MATCHES, TESTS, item

DATA = Path(__file__).parent / "data"
BIBS = ("conformance/dataset", "conformance/varied", "conformance/biblatex-examples",
        "real/biblatex-gost-examples")  # fmt: skip
STYLES = ("apa", "chicago-author-date", "chicago-notes-bibliography",
          "modern-language-association", "ieee", "harvard-cite-them-right", "nature",
          "elsevier-harvard")  # fmt: skip


@functools.cache
def _items(bib: str) -> tuple[dict[str, Any], ...]:
    path = DATA / f"{bib}.bib"
    parsed = bibtex.loads(path.read_text("utf-8"), path.name)
    return tuple(to_csl_items(parsed.sources, tex_dashes=True))


def _clusters(items: tuple[dict[str, Any], ...]) -> list[list[Cite]]:
    """Citations: each work alone, with a page locator, pairs, and one work twice (ibid)."""
    keys = [str(item["id"]) for item in items]
    clusters = [[Cite(key)] for key in keys[:40]]
    clusters += [[Cite(key, "page", f"{i + 3}-{i + 9}")] for i, key in enumerate(keys[:20])]
    clusters += [[Cite(a), Cite(b)] for a, b in zip(keys[:30:2], keys[1:30:2], strict=False)]
    return [*clusters, [Cite(keys[0], "page", "7")], [Cite(keys[0], "page", "7")]]


def _render(bib: str, style: str, fmt: str) -> tuple[list[str], list[str], list[str]]:
    items = [dict(item) for item in _items(bib)]
    pipeline.load_style.cache_clear()
    try:
        done = pipeline.render(resolve_style(style), None, items, fmt, _clusters(_items(bib)),
                               workers=1)  # fmt: skip
    finally:
        pipeline.load_style.cache_clear()
    return done.order, [done.entries[key] for key in done.order], done.citations


#: Quick cases; every other pair of :data:`BIBS` and :data:`STYLES` is a slow test.
QUICK = {("conformance/dataset", "apa"), ("conformance/varied", "chicago-author-date"),
         ("conformance/biblatex-examples", "modern-language-association")}  # fmt: skip
CASES = [
    pytest.param(bib, style, id=f"{style}-{bib.split('/')[1]}",
                 marks=() if (bib, style) in QUICK else pytest.mark.slow)
    for style in STYLES for bib in BIBS
]  # fmt: skip


@pytest.mark.parametrize(("bib", "style"), CASES)
def test_compiled_style_renders_as_the_elements(
    monkeypatch: pytest.MonkeyPatch, bib: str, style: str
) -> None:
    fmt = "html" if style in ("apa", "ieee") else "text"
    fast = _render(bib, style, fmt)
    monkeypatch.setattr(compiled, "compile_style", lambda _root: None)
    slow = _render(bib, style, fmt)
    assert fast[0] == slow[0]
    for mine, theirs in zip(fast[1], slow[1], strict=True):
        assert mine == theirs
    for mine, theirs in zip(fast[2], slow[2], strict=True):
        assert mine == theirs


def test_structural_elements_are_compiled() -> None:
    pipeline.load_style.cache_clear()
    style = pipeline.load_style(resolve_style("apa"), None)
    root = style.csl.root
    for tag in ("text", "group", "choose", "macro"):
        found = list(root.iter(f"{{{CSL_NS}}}{tag}"))
        assert found
        assert all("render" in element.__dict__ for element in found), tag
    branches = list(root.iter(f"{{{CSL_NS}}}if"))
    assert all("render_children" in element.__dict__ for element in branches)


def _choose(test: str, match: str) -> Any:
    """A compiled ``cs:choose`` rendering "yes" when its ``cs:if`` holds, else "no"."""
    xml = (f'<style xmlns="{CSL_NS}"><choose><if {test}{match}><text value="yes"/></if>'
           '<else><text value="no"/></else></choose></style>')  # fmt: skip
    root = etree.fromstring(xml, parser())
    root.formatter = plain
    compiled.compile_style(root)
    return root[0]


@pytest.mark.parametrize(
    ("test", "match", "name"),
    list(itertools.product(TESTS, MATCHES, ITEMS)),
    ids=[f"{t}{m}-{n}".replace('"', "") for t, m, n in itertools.product(TESTS, MATCHES, ITEMS)],
)
def test_compiled_choose_tests_as_the_general_condition(test: str, match: str, name: str) -> None:
    choose = _choose(test, match)
    assert "claimref_fast" in choose.__dict__
    holds = _condition(choose[0], item(name), None)
    assert str(choose.render(item(name))) == ("yes" if holds else "no")
