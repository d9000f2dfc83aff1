"""Number variables (edition, volume, issue, number…) read and shown as citeproc-js reads and shows
them (issue 12 §3): ``is-numeric`` and plural labels from the first part, each part in its own text
case, numbers kept as written ("07"). Expected texts are citeproc-js's for the same CSL-JSON
(tools/oracle/render.js; the parts as ``processNumber`` gives them).
"""

from __future__ import annotations

from typing import Any

import pytest

from claimref.render.numbers import is_numeric, is_plural, parse
from claimref.render.pipeline import render
from claimref.render.styles import resolve_style

READINGS = [
    ("edition", "2-е изд., испр.", True, True),
    ("edition", "ninth Dover printing, tenth GPO printing", False, False),
    ("number", "xxxxx", True, False),  # a Roman numeral to citeproc-js
    ("issue", "spécial anniversaire 1978-1988", False, False),
    ("volume", "3-5", True, True),
    ("issue", "07", True, False),
    ("number", "ESP32-S3-MINI-1 / ESP32-S3-MINI-1U", True, True),
    ("edition", "3rd Millennium ed, rev. and expanded", False, False),
]  # fmt: skip


@pytest.mark.parametrize(("variable", "value", "numeric", "plural"), READINGS,
                         ids=[r[1][:24] for r in READINGS])  # fmt: skip
def test_numeric_and_plural_as_citeproc_js(variable: str, value: str, numeric: bool,
                                           plural: bool) -> None:  # fmt: skip
    assert is_numeric(value, variable) is numeric
    assert is_plural(value, variable) is plural


def test_labels_inside_a_value() -> None:
    parts = parse("3rd Millennium ed, rev. and expanded", "edition")
    assert [(p.label, p.value, p.label_visible) for p in parts] == [
        ("var:edition", "3rd Millennium ed", False), ("rev.", "", True), ("rev.", "expanded", False)
    ]  # fmt: skip


def _items() -> list[dict[str, Any]]:
    book = {"type": "book", "title": "S/Z", "publisher": "P", "issued": {"date-parts": [[2001]]}}
    article = {"type": "article-journal", "title": "T", "container-title": "J", "volume": "33",
               "issued": {"date-parts": [[2022]]}}  # fmt: skip
    return [
        {**book, "id": "a", "author": [{"family": "Barthes", "given": "R."}],
         "edition": "2-е изд., испр."},
        {**book, "id": "b", "author": [{"family": "Abramowitz", "given": "M."}],
         "edition": "ninth Dover printing, tenth GPO printing"},
        {**article, "id": "c", "author": [{"family": "Jin", "given": "L."}], "issue": "07"},
        {**article, "id": "d", "author": [{"family": "Pattaro", "given": "E."}],
         "issue": "spécial anniversaire 1978-1988"},
    ]  # fmt: skip


EXPECTED = {
    "apa": {"a": "Barthes, R. (2001). S/Z (2nd-е изд., испр. eds.). P.",
            "c": "Jin, L. (2022). T. J, 33(07)."},
    "chicago-author-date": {"b": "Abramowitz, M. 2001. S/Z. Ninth Dover printing, Tenth GPO "
                                 "printing. P."},
    "ieee": {"d": "[4] E. Pattaro, “T,” J, vol. 33, no. spécial anniversaire 1978-1988, 2022."},
}  # fmt: skip


@pytest.mark.parametrize("style", sorted(EXPECTED))
def test_number_variables_rendered_part_by_part(style: str) -> None:
    entries = render(resolve_style(style), None, _items(), "text", []).entries
    for key, text in EXPECTED[style].items():
        assert entries[key] == text
