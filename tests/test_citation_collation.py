"""Sort keys compared as citeproc-js compares them (:mod:`claimref.render.collate`).

citeproc-js joins the words of each sort key with ``|`` and compares keys with ICU's collator
(sensitivity "base", ``ignorePunctuation``, ``numeric``, the output locale's collation): the word
separator weighs less than any letter or digit, punctuation counts for nothing, symbols count, and
ties keep the order the items were given in. Each case lists keys in citeproc-js's order
(checked with node's ``Intl.Collator``).
"""

from __future__ import annotations

import pytest

from claimref.render.collate import sort_key, sort_order

CASES = [
    # a word boundary sorts before any letter: "A Stochastic…" before "Abbé…"
    ("article-word-first", None, ["A Stochastic Model", "Abbé d’Aubignac", "Abram, S."]),
    ("particle-word-first", None, ["da Gama, V.", "Da Ponte, L.", "Dalain: I"]),
    ("apostrophe-ignored", None, ["d’ Aubignac, F. H.", "d’ Jones, J.", "da Gama, V."]),
    ("comma-is-not-a-word", None, ["Doe, J.", "Doe, J., III", "Doe, J., Roe, R."]),
    ("hyphen-ignored", None, ["al-Hakim, T.", "Alkanethiolate Gold", "al-One, A."]),
    ("numbers-as-numbers", None, ["Cool Book 92", "Cool Book 0110", "Cool Book 396"]),
    ("symbol-counts", None, ["a + b", "a b c", "ab"]),
    ("root-caron-is-an-accent", None, ["Čakste", "Cepurnieks", "Černý", "Chalmers"]),
    ("latvian-caron-is-a-letter", "lv", ["Cepurnieks", "Chalmers", "Čakste", "Černý"]),
    ("russian-yo-is-an-accent", "ru", ["Елисеев", "Ёлкин", "Жуков"]),
]  # fmt: skip


@pytest.mark.parametrize(("language", "ordered"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_keys_sort_as_citeproc_js(language: str | None, ordered: list[str]) -> None:
    assert sorted(reversed(ordered), key=lambda text: sort_key(text, language)) == ordered


def test_ties_keep_the_given_order() -> None:
    """citeproc-js breaks exact ties by registration order: the order of the input items."""
    rows: list[list[str | None]] = [["Doe, J.", "2000"], ["doe j", "2000"], ["Doe J.", "2000"]]
    assert sort_order(rows, [False, False], [None] * 3) == [0, 1, 2]
    assert sort_order(rows[::-1], [False, False], [None] * 3) == [0, 1, 2]


#: Whole sort-key values in citeproc-js's order (from the Better BibTeX golden): text that starts
#: with a symbol before numbers, numbers before letters, and a minus is punctuation to ICU (so
#: "0011-21/…" and "-0011-21/…" tie and keep the given order).
VALUES = ["$<$!$>$boyd, $<$!$>$danah", "0000-21/0000-24", "0011-21/0012-22", "-0011-21/-0012-22",
          "-2011-21/-2012-22", "A Comparative Assessment"]  # fmt: skip


def test_values_order_as_citeproc_js() -> None:
    rows: list[list[str | None]] = [[VALUES[i]] for i in (5, 2, 4, 3, 0, 1)]
    order = sort_order(rows, [False], [None] * len(rows))
    assert [rows[i][0] for i in order] == VALUES
