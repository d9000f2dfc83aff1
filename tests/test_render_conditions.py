"""Compiled ``cs:if`` tests (:mod:`claimref.render.conditions`) agree with the general evaluation.

The compiled closures are a speed path for ``type``-only and ``variable``-only tests; every
combination of attribute, ``match`` and item is checked against :func:`_condition`, which reads
each test as citeproc-js does, and against the truth written out by hand for a few.
"""

from __future__ import annotations

import itertools

import pytest
from lxml import etree  # type: ignore[import-untyped]

from claimref.render.conditions import _compile, _condition
from claimref.render.elements import CSL_NS, parser
from claimref.render.items import FastItem, FastReference

TESTS = ['type="book"', 'type="book chapter"', 'type="book book"', 'variable="DOI"',
         'variable="DOI URL"', 'variable=""', 'variable="locator"', 'type="book" variable="DOI"',
         'is-numeric="volume"', 'type="book chapter" variable="DOI URL"', 'is-numeric="URL"',
         'is-numeric="volume" type="book"']  # fmt: skip
MATCHES = ["", ' match="all"', ' match="any"', ' match="none"']
ITEMS = {
    "book+DOI": ("book", {"DOI": "10.1/x", "volume": "3"}),
    "chapter+URL": ("chapter", {"URL": "https://example.org"}),
    "article": ("article-journal", {"volume": "II"}),
    "book+DOI+URL": ("book", {"DOI": "10.1/y", "URL": "https://example.org"}),
}


def element(test: str, match: str) -> object:
    xml = (
        f'<style xmlns="{CSL_NS}"><choose><if {test}{match}><text value="x"/></if></choose></style>'
    )
    root = etree.fromstring(xml, parser())
    return root[0][0]


def item(name: str) -> FastItem:
    kind, data = ITEMS[name]
    return FastItem("r0", FastReference("r0", kind, **data))


@pytest.mark.parametrize(
    ("test", "match", "name"),
    list(itertools.product(TESTS, MATCHES, ITEMS)),
    ids=[f"{t}{m}-{n}".replace('"', "") for t, m, n in itertools.product(TESTS, MATCHES, ITEMS)],
)
def test_compiled_test_agrees_with_the_general_one(test: str, match: str, name: str) -> None:
    if_element = element(test, match)
    expected = _condition(if_element, item(name), None)
    assert _compile(if_element)(item(name), None) is expected


@pytest.mark.parametrize(("test", "match", "name", "holds"), [
    ('type="book chapter"', ' match="all"', "book+DOI", False),  # an item has one type
    ('type="book chapter"', ' match="any"', "chapter+URL", True),
    ('type="book chapter"', ' match="none"', "article", True),
    ('variable="DOI URL"', "", "book+DOI", False),  # "all" is the default
    ('variable="DOI URL"', "", "book+DOI+URL", True),
    ('variable="DOI URL"', ' match="none"', "article", True),
    ('variable=""', ' match="any"', "book+DOI", False),
])  # fmt: skip
def test_compiled_tests_by_hand(test: str, match: str, name: str, holds: bool) -> None:
    assert _compile(element(test, match))(item(name), None) is holds
