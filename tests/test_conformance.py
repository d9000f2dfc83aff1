"""Conformance with citeproc-js: claimref's rendering compared with golden files citeproc-js wrote.

The goldens (tests/data/conformance/<bib>.<style>.<format>.json) are citeproc-js's rendering of the
CSL-JSON claimref maps from each .bib, made by ``tools/oracle/conformance.py regold`` (needs Node);
these tests need no Node. Every remaining difference is listed, with its cause, in
known-differences.json: a new difference fails, and so does a listed one that went away.
Sorting uses the root collation here, as citeproc-js does with an English locale (claimref's own
default tailors Latvian entries; see test_render.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimref.formats import bibtex
from claimref.formats.csljson import to_csl_items
from claimref.render.cites import Cite
from claimref.render.compare import compare
from claimref.render.pipeline import render
from claimref.render.styles import resolve_style

DATA = Path(__file__).parent / "data" / "conformance"
KNOWN = json.loads((DATA / "known-differences.json").read_text("utf-8"))
#: The issue's target: at least this share of entries identical in apa and chicago-author-date.
TARGET = 0.95
CASES = sorted(p.name.removesuffix(".json") for p in DATA.glob("*.*.*.json"))


def load_items(bib: str) -> list[dict[str, object]]:
    """The CSL-JSON items of tests/data/conformance/<bib>.bib, as claimref.render maps them."""
    parsed = bibtex.loads((DATA / f"{bib}.bib").read_text("utf-8"), f"{bib}.bib")
    return to_csl_items(parsed.sources, tex_dashes=True)  # as claimref.render maps them


def citations(items: list[dict[str, object]]) -> list[list[Cite]]:
    """One citation per item; every third with a page locator, every fifth with a section.
    tools/oracle/conformance.py imports this, so both engines get the same citations."""
    out = []
    for i, item in enumerate(items):
        key = str(item["id"])
        if i % 3 == 0:
            out.append([Cite(key, "page", f"{10 + i}")])
        elif i % 5 == 1:
            out.append([Cite(key, "section", "3.2")])
        else:
            out.append([Cite(key)])
    return out


def test_cases_exist() -> None:
    bibs = {case.split(".")[0] for case in CASES}
    assert {"dataset", "varied", "biblatex-examples"} <= bibs
    assert len(load_items("varied")) >= 40


@pytest.mark.parametrize("case", CASES)
def test_matches_citeproc_js(case: str) -> None:
    bib, style, fmt = case.rsplit(".", 2)
    golden = json.loads((DATA / f"{case}.json").read_text("utf-8"))
    items = load_items(bib)
    ours = render(resolve_style(style), None, items, fmt, citations(items), tailoring=False)
    result = compare(golden, ours, fmt)
    known = KNOWN.get(case, {})
    assert sorted(result.differences) == sorted(known.get("entries", {})), result.differences
    assert sorted(map(str, result.citation_differences)) == sorted(known.get("citations", {}))
    assert result.same_order
    if style in ("apa", "chicago-author-date"):
        assert result.identical / result.total >= TARGET


def test_known_differences_name_real_cases() -> None:
    assert set(KNOWN) <= set(CASES)
    for case in KNOWN.values():
        assert all(cause.strip() for cause in case.get("entries", {}).values())
