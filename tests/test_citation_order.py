"""Reference-list order and year suffixes as citeproc-js gives them, on small CSL-JSON lists.

Every expected order below is citeproc-js's (rendered with ``tools/oracle/render.js`` from the same
items): sort keys hold every name in sort order without "and" or "et al.", a literal date gives
no sort key, and works whose keys tie exactly keep the order they were given in.
"""

from __future__ import annotations

from typing import Any

import pytest

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
ORDERS = [
    ("apa-no-and-in-keys", "apa", CO_AUTHORS, ["c", "b", "a"]),
    ("chicago-all-names-inverted", "chicago-author-date", CO_AUTHORS, ["c", "b", "a"]),
    ("harvard-no-et-al-in-keys", "harvard-cite-them-right", CO_AUTHORS, ["c", "b", "a"]),
    ("apa-literal-date-unsorted", "apa", LITERAL_DATES, ["d", "b", "a", "c"]),
    ("chicago-literal-date-unsorted", "chicago-author-date", LITERAL_DATES, ["d", "b", "a", "c"]),
]  # fmt: skip


def rendered(style: str, items: list[dict[str, Any]]) -> Any:
    return render(resolve_style(style), None, items, "text", tailoring=False)


@pytest.mark.parametrize(("style", "items", "expected"), [c[1:] for c in ORDERS],
                         ids=[c[0] for c in ORDERS])  # fmt: skip
def test_order_as_citeproc_js(style: str, items: list[dict[str, Any]], expected: list[str]) -> None:
    assert rendered(style, items).order == expected
