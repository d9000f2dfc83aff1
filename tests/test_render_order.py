"""Sort keys rendered only where earlier keys tie (:func:`claimref.render.collate.settle_ties`).

The order found from rows completed only where needed must be the order of the full rows, also
when the cache holds works rendered in an earlier run whose later keys were never needed then.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimref.formats import bibtex
from claimref.model import Source
from claimref.render import pipeline, render
from claimref.render.collate import _hex, order_by_keys, settle_ties

VALUES = st.sampled_from(["a", "b", "c", None])


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[list[str | None]], list[bool], list[int]]:
    """Full rows of sort keys, the key directions and how many keys of each row are known."""
    count = draw(st.integers(0, 4))
    rows = draw(st.lists(st.lists(VALUES, min_size=count, max_size=count), max_size=12))
    descending = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    known = [draw(st.integers(0, count)) for _ in rows]
    return rows, descending, known


@given(tables())
def test_settled_rows_order_as_the_full_rows(
    table: tuple[list[list[str | None]], list[bool], list[int]],
) -> None:
    full, descending, known = table
    partial = [row[:length] for row, length in zip(full, known, strict=True)]
    asked: list[tuple[int, int]] = []

    def fill(column: int, indices: list[int]) -> None:
        for i in indices:
            assert len(partial[i]) == column
            partial[i].append(full[i][column])
            asked.append((column, i))

    settle_ties(partial, len(descending), fill)
    assert order_by_keys(partial, descending) == order_by_keys(full, descending)
    assert len(asked) == len(set(asked))


def test_keys_are_asked_for_only_where_earlier_ones_tie() -> None:
    rows: list[list[str | None]] = [[], [], [], []]
    full = [["x", "1", "t"], ["y", "1", "t"], ["x", "2", "u"], ["z", "3", "v"]]
    asked: list[tuple[int, list[int]]] = []

    def fill(column: int, indices: list[int]) -> None:
        asked.append((column, indices))
        for i in indices:
            rows[i].append(full[i][column])

    settle_ties(rows, 3, fill)
    assert asked == [(0, [0, 1, 2, 3]), (1, [0, 2])]  # "x" ties; "1" and "2" settle it


def sources(text: str) -> list[Source]:
    parsed = bibtex.loads(textwrap.dedent(text), "test.bib")
    assert not parsed.findings, parsed.findings
    return list(parsed.sources)


def book(key: str, author: str, title: str, year: str) -> str:
    return f"@book{{{key}, author = {{{author}}}, title = {{{title}}}, date = {{{year}}}}}\n"


@pytest.mark.parametrize(("style", "expected"), [
    ("apa", ["d", "a", "c"]),  # author, year, title
    ("chicago-author-date", ["d", "a", "c"]),
    ("modern-language-association", ["a", "d", "c"]),  # author, title
])  # fmt: skip
def test_works_cached_without_later_keys_are_completed(
    style: str, expected: list[str], tmp_path: Path
) -> None:
    first = sources(book("a", "Ozols, Jānis", "Akmeņi", "1960")
                    + book("b", "Bērziņš, Anna", "Upe", "1960"))  # fmt: skip
    render(first, style=style, cache_dir=tmp_path)  # alone, neither needs its title key
    more = first + sources(book("c", "Ozols, Jānis", "Zvaigznes", "1960")
                           + book("d", "Ozols, Jānis", "Meži", "1959"))  # fmt: skip
    cached = render(more, style=style, cache_dir=tmp_path)
    fresh = render(more, style=style)
    assert cached.order == fresh.order
    assert [key for key in fresh.order if key != "b"] == expected
    assert cached.entries == fresh.entries
    again = render(more, style=style, cache_dir=tmp_path)
    assert again.order == fresh.order


def test_ties_across_worker_shares(monkeypatch: pytest.MonkeyPatch) -> None:
    """k0 and k19 tie on author and year but land in different shares, each alone there."""
    text = "".join(book(f"k{i}", f"Autors{i:02d}, Jānis", f"Nosaukums {i}", "1960")
                   for i in range(1, 19))  # fmt: skip
    works = sources(book("k0", "Ozols, Jānis", "Akmeņi", "1960") + text
                    + book("k19", "Ozols, Jānis", "Zvaigznes", "1960"))  # fmt: skip
    alone = render(works, style="apa", workers=1)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 4)
    together = render(works, style="apa", workers=2)
    assert alone.order == together.order
    assert together.order[-2:] == ["k0", "k19"]  # Akmeņi before Zvaigznes


@given(st.lists(st.integers(0, 0x2FFFF), max_size=20))
def test_weights_encoded_as_fixed_width_hex(weights: list[int]) -> None:
    expected = "".join(f"{min(w, 0xFFFF):04x}" for w in weights)
    assert _hex(tuple(weights)) == expected
