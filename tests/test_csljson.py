"""Golden tests for the BibTeX → CSL-JSON mapping: one folder per case under data/csljson/.

Each folder holds ``input.bib`` and ``expected.json`` (the CSL-JSON items, as ``json.dumps`` with
indent 2 writes them). Regenerate after a deliberate change with ``CLAIMREF_REGOLD=1 pytest``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from claimref.formats import bibtex
from claimref.formats.csljson import csl_date, dashes, to_csl, to_csl_items
from claimref.model import Source

CASES = Path(__file__).parent / "data" / "csljson"


def _items(folder: Path) -> list[dict[str, object]]:
    parsed = bibtex.loads((folder / "input.bib").read_text("utf-8"), "input.bib")
    assert not parsed.findings, parsed.findings
    return to_csl_items(parsed.sources)


@pytest.mark.parametrize("folder", sorted(CASES.iterdir()), ids=lambda p: p.name)
def test_golden(folder: Path) -> None:
    items = _items(folder)
    text = json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    expected = folder / "expected.json"
    if os.environ.get("CLAIMREF_REGOLD"):
        expected.write_text(text, "utf-8")
    assert text == expected.read_text("utf-8")


@pytest.mark.parametrize("folder", sorted(CASES.iterdir()), ids=lambda p: p.name)
def test_private_fields_never_mapped(folder: Path) -> None:
    for item in _items(folder):
        assert not any(key.startswith("x-") for key in item)
        assert "Private" not in json.dumps(item, ensure_ascii=False)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2006", {"date-parts": [[2006]]}),
        ("1942/1943", {"date-parts": [[1942], [1943]]}),
        ("1944-05-27", {"date-parts": [[1944, 5, 27]]}),
        ("1943-01/1944-06-02", {"date-parts": [[1943, 1], [1944, 6, 2]]}),
        ("around 1950", {"literal": "around 1950"}),
    ],
    ids=["year", "year-range", "day", "month-day-range", "literal"],
)
def test_dates(value: str, expected: dict[str, object]) -> None:
    assert csl_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("96--119", "96–119"),
        ("12-30", "12–30"),
        ("xii---xv", "xii–xv"),
        ("A-3, B-4", "A–3, B–4"),
        ("e1002-3", "e1002–3"),
        ("S. 3 f.", "S. 3 f."),
    ],
    ids=["double", "single", "triple", "list", "elocation", "text"],
)
def test_dashes(value: str, expected: str) -> None:
    assert dashes(value) == expected


def test_every_item_has_id_type_and_language_when_known() -> None:
    for folder in sorted(CASES.iterdir()):
        parsed = bibtex.loads((folder / "input.bib").read_text("utf-8"), "input.bib")
        for source in parsed.sources:
            item = to_csl(source)
            assert item["id"] == source.key and item["type"]
            assert item.get("language") == source.language


def _one(bib: str) -> list[Source]:
    return list(bibtex.loads(bib, "t.bib").sources)


def test_tex_dashes_as_rendered_unless_asked() -> None:
    """Exports carry what the renderer uses: TeX's dashes as dashes (issue 12), URLs as written."""
    (source,) = _one("@book{b, title = {Latvia 1941--1945 --- a survey}, url = {http://x/a--b}}")
    assert to_csl(source, tex_dashes=False)["title"] == "Latvia 1941--1945 --- a survey"
    rendered = to_csl(source)
    assert rendered["title"] == "Latvia 1941–1945 — a survey" and rendered["URL"] == "http://x/a--b"


def test_crossref_children_inherit_and_eprints_become_urls() -> None:
    sources = _one("""
        @incollection{child, author = {Doe, Jane}, title = {Chapter}, crossref = {parent},
                      eprint = {math/0307200}, eprinttype = {arxiv}}
        @collection{parent, editor = {Roe, Rich}, title = {The Book}, publisher = {Brill},
                    date = {2000}}
    """)
    child = to_csl_items(sources)[0]
    assert child["container-title"] == "The Book" and child["publisher"] == "Brill"
    assert child["editor"] == [{"family": "Roe", "given": "Rich"}]
    assert child["issued"] == {"date-parts": [[2000]]}
    assert child["URL"] == "https://arxiv.org/abs/math/0307200"
