"""A selection as SQL over the index: the claims it may take, never fewer than it takes.

Each filter of a :class:`~claimref.query.Selection` becomes a condition on the ``claims`` table (``c``)
that every claim the filter takes meets: the same folded text the Python test looks in, kept in a
column, searched with ``instr`` (for ``--search``, in the rows the full-text tables of
:mod:`claimref.index.fulltext` name, when the index has them); statuses, counts and verified
links as columns. A filter that SQL
cannot narrow safely (the evidence filters, a search term spanning two fields) adds no condition.
The claims found are then tested by :mod:`claimref.query` itself, which decides; this module only
spares decoding the others. Where the SQL condition is the Python test itself (the same text, the
same ``in``: ``--search`` without a line break, ``--person``, ``--place``), :func:`python_part`
leaves that test out, so that a search with many hits does not fold every claim again.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from claimref.index.codec import dumps
from claimref.index.fulltext import match
from claimref.query import Selection
from claimref.search import search_terms
from claimref.store import Workspace
from claimref.translit import fold

__all__ = ["claim_filter", "python_part"]

_USED_SOURCES = "JOIN sources s ON s.key = l.source AND s.dup = 0 AND s.bad = 0"
_JSON = "(SELECT value FROM json_each(?))"


def claim_filter(
    selection: Selection, people: Workspace, fulltext: bool = False
) -> tuple[str, list[Any]]:
    """SQL (over ``claims c``) and its parameters for the claims ``selection`` may take;
    ``people``: a workspace with the people on record (names in a search stand for them);
    ``fulltext``: the index has its full-text tables."""
    sel = selection
    parts: list[tuple[str, list[Any]]] = []
    if sel.ids:
        parts.append((f"c.claim IN {_JSON}", [dumps(sel.ids)]))
    if sel.statuses:
        parts.append((f"c.status IN {_JSON}", [dumps([s.value for s in sel.statuses])]))
    if sel.sources:
        parts.append((f"c.id IN (SELECT claim FROM links WHERE source IN {_JSON})",
                      [dumps(sel.sources)]))  # fmt: skip
    if sel.tags:
        wanted = sorted({fold(t) for t in sel.tags})
        parts.append(_any("instr(char(10) || c.tags || char(10), char(10) || ? || char(10)) > 0",
                          wanted))  # fmt: skip
    if sel.langs:
        parts.append((f"c.id IN (SELECT l.claim FROM links l {_USED_SOURCES} WHERE s.lang IN "
                      f"{_JSON})", [dumps(sel.langs)]))  # fmt: skip
    if sel.people:
        terms = [t for p in sel.people for t in search_terms(p, people)]
        parts.append(_any("instr(c.people, ?) > 0", terms))
    if sel.search:
        parts.append(_search(search_terms(sel.search, people), fulltext))
    if sel.places:
        parts.append(_any("instr(c.places, ?) > 0", [fold(p) for p in sel.places]))
    parts += _counts(sel)
    where = " AND ".join(f"({sql})" for sql, _ in parts if sql)
    return where, [p for sql, params in parts if sql for p in params]


def python_part(selection: Selection, people: Workspace) -> Selection:
    """The part of ``selection`` that :func:`claim_filter`'s SQL does not decide exactly: tags
    (a folded tag may hold the line break that separates them), languages when an empty one is
    asked for, a search term with a line break, and the evidence filters."""
    terms = search_terms(selection.search, people) if selection.search else ()
    exact_search = not any("\n" in term for term in terms)
    return replace(
        selection,
        ids=(),
        statuses=(),
        sources=(),
        langs=selection.langs if "" in selection.langs else (),
        search="" if exact_search else selection.search,
        people=(),
        places=(),
        support=None,
        min_support=None,
        verified=None,
    )


def _any(condition: str, values: list[str]) -> tuple[str, list[Any]]:
    """``condition`` (with one ``?``) for any of ``values``; none: false."""
    if not values:
        return "0", []
    return " OR ".join([condition] * len(values)), list(values)


def _search(terms: tuple[str, ...], fulltext: bool) -> tuple[str, list[Any]]:
    """Claims whose own text or a cited work's text holds a term, as one set of ids (so that
    SQLite reads only their rows); with ``fulltext``, looked for in the rows holding the term's
    trigrams. A term with a line break may span two texts: no narrowing."""
    if any("\n" in term for term in terms):
        return "", []
    if not terms:
        return "0", []
    parts: list[str] = []
    params: list[Any] = []
    for term in terms:
        query = match(term) if fulltext else None
        if query is None:
            parts += [
                "SELECT x.id FROM claims x WHERE instr(x.own, ?) > 0",
                f"SELECT l.claim FROM links l {_USED_SOURCES} WHERE instr(s.text, ?) > 0",
            ]
            params += [term, term]
        else:
            parts += [
                "SELECT x.id FROM claims_text JOIN claims x ON x.id = claims_text.rowid "
                "WHERE claims_text MATCH ? AND instr(x.own, ?) > 0",
                f"SELECT l.claim FROM links l {_USED_SOURCES} WHERE s.id IN (SELECT rowid FROM "
                "sources_text WHERE sources_text MATCH ?) AND instr(s.text, ?) > 0",
            ]
            params += [query, term, query, term]
    return f"c.id IN ({' UNION '.join(parts)})", params


def _counts(sel: Selection) -> list[tuple[str, list[Any]]]:
    parts: list[tuple[str, list[Any]]] = []
    if sel.support is not None:
        parts.append(("c.support = ?", [sel.support]))
    if sel.min_support is not None:
        parts.append(("c.support >= ?", [sel.min_support]))
    if sel.verified is not None:
        verified = (
            f"EXISTS (SELECT 1 FROM links l {_USED_SOURCES} WHERE l.claim = c.id "
            "AND l.verified = 1 AND s.tertiary = 0)"
        )
        parts.append((verified if sel.verified else f"NOT {verified}", []))
    return parts
