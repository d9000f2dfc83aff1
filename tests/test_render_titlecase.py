"""CSL title case as citeproc-js applies it (issue 12 §3): the words it capitalises and the items and
variables it leaves alone. Each expected text is what citeproc-js 2.4 gives for the same input
(``CSL.Output.Formatters.title``, and tools/oracle/render.js for the rendered entries).
"""

from __future__ import annotations

from typing import Any

import pytest

from claimref.render.pipeline import render
from claimref.render.styles import resolve_style
from claimref.render.titlecase import title_case_text

NOCASE, END = "\ue040", "\ue041"
CASES = [
    ("An elementary theory of the category of sets (long version)",
     "An Elementary Theory of the Category of Sets (Long Version)"),
    ("Un million et demi d’infirmes", "Un Million et Demi d’infirmes"),
    ("Un million et demi d'infirmes", "Un Million et Demi d'infirmes"),
    ("Rendiconti dell’Istituto di matematica", "Rendiconti Dell’Istituto Di Matematica"),
    ("P-type and n-type lead telluride", "P-Type and n-Type Lead Telluride"),
    (f"{NOCASE}UPSS Calculator{END} v0.9", f"{NOCASE}UPSS Calculator{END} v0.9"),
    ("what is it for", "What Is It For"),
    ("a tale of two cities: of love and war", "A Tale of Two Cities: Of Love and War"),
    ("life among the ruins", "Life among the Ruins"),
    ("http://www.nap.edu", "Http://Www.Nap.Edu"),
    ("“the ‘brief’ eden” and after", "“the ‘Brief’ Eden” and after"),
    (f"{NOCASE}pH{END} of the sea", f"{NOCASE}pH{END} of the Sea"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_title_case_as_citeproc_js(text: str, expected: str) -> None:
    assert title_case_text(text) == expected


def _render(items: list[dict[str, Any]], style: str) -> dict[str, str]:
    return dict(render(resolve_style(style), None, items, "text", []).entries)


def test_volume_titles_title_cased_whatever_the_language() -> None:
    """citeproc-js keeps the titles of a non-English item as written, but only those of its
    multilingual fields (title, container-title, collection-title…): a ``volume-title`` is
    title-cased whatever the item's language."""
    german = {"id": "g", "type": "book", "author": [{"family": "Heidegger", "given": "Martin"}],
              "title": "Gesamtausgabe der schriften", "volume-title": "Sein und zeit",
              "volume": "2", "publisher": "Klostermann", "issued": {"date-parts": [[1978]]},
              "language": "de"}  # fmt: skip
    english = {"id": "e", "type": "article-journal", "author": [{"family": "Lawvere"}],
               "title": "An elementary theory of the category of sets (long version)",
               "container-title": "Theory and applications of categories",
               "issued": {"date-parts": [[2005]]}}  # fmt: skip
    done = _render([german, english], "chicago-author-date")
    assert done["g"] == (
        "Heidegger, Martin. 1978. Sein Und Zeit. Vol. 2 of Gesamtausgabe der schriften. Klostermann."
    )
    assert done["e"] == (
        "Lawvere. 2005. “An Elementary Theory of the Category of Sets (Long Version).” Theory and "
        "Applications of Categories."
    )
