"""A citation's cites as citeproc-js arranges them: sorted only when the style's citation has a
``cs:sort`` (citeproc-py always puts them in reference-list order), adjacent cites of one author
collapsed as ``collapse`` says ("(Leslie, 2000a, 2000b)"; "[1–3]"), and a note that begins with
"ibid." capitalised.

Sorting follows citeproc-js: sort keys are rendered from the names as they are, not as given-name
disambiguation printed them ("A. Knowles" sorts under K), and in an in-text style that collapses
(``collapse`` or ``cite-group-delimiter``) the cites are first sorted by the names they print, then
each run of one author takes the first sort key of its first cite, and the runs are ordered by it
("(Goodchild, 2004; Knowles, 2008)" in APA; in Harvard, whose only key is the year, works of one
year stay in author order).

:class:`Layout` replaces citeproc-py's ``cs:layout`` in the styles claimref parses (see
:mod:`claimref.render.elements`); the reference list is rendered as citeproc-py does. Positions
(ibid, subsequent) are still judged by citeproc-py from the cites rendered before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from citeproc import model

from claimref.render.collate import sort_order
from claimref.render.disambiguate import FAMILY
from claimref.render.tracking import FIRST_NAMES


@dataclass
class _Cite:
    """One cite rendered: its text and the names it begins with (empty when none)."""

    text: str
    names: str
    locator: bool


class Layout(model.Layout):  # type: ignore[misc]
    """``cs:layout``, with citations as citeproc-js renders them (see the module docstring)."""

    def render_citation(self, citation: Any, callback: Any) -> Any:
        good = [cite for cite in citation.cites if not cite.is_bad()]
        bad = [cite for cite in citation.cites if cite.is_bad()]
        rendered = self._sorted(good)
        parts = self._collapse(rendered)
        parts += [callback(cite) or f"{cite.key}?" for cite in bad]
        if not parts:
            return None
        text = self.format(self.wrap(self.join(parts)))
        if text is not None and self.get_root().get("class") == "note":
            text = _capitalise_ibid(text, self)
        return text

    def _sorted(self, cites: list[Any]) -> list[_Cite]:
        """The cites rendered, in the order citeproc-js gives them (see the module docstring)."""
        options, sort = self.getparent(), self.getparent().sort
        if sort is None or len(cites) < 2:
            return [done for cite in cites if (done := self._render_cite(cite)) is not None]
        with _undisambiguated(cites):
            rows, descending = sort.rows(cites, self)
        first = sort.find("cs:key", self.nsmap)
        grouped = (
            self.get_root().get("class") == "in-text"
            and (options.get("collapse") or options.get("cite-group-delimiter") is not None)
            and first is not None
            and first.get("variable") != "citation-number"
        )
        if not grouped:
            order = self._order(rows, descending)
            return [done for i in order if (done := self._render_cite(cites[i])) is not None]
        each = [self._render_cite(cite) for cite in cites]
        names = [d.names if d is not None else None for d in each]
        by_names = self._order([[n, *row] for n, row in zip(names, rows, strict=True)],
                               [False, *descending])  # fmt: skip
        heads = _run_heads(by_names, names, rows)
        runs = self._order([[head] for head in heads], descending[:1] or [False])
        return [d for position in runs if (d := each[by_names[position]]) is not None]

    def _order(self, rows: list[list[str | None]], descending: list[bool]) -> list[int]:
        """The order of ``rows`` of sort-key values, collated as the reference list is."""
        root = self.get_root()
        locale = str(getattr(root, "claimref_locale", ""))
        tailored = getattr(root, "claimref_tailoring", True)
        language = locale.split("-", maxsplit=1)[0].lower() if tailored and locale else None
        return sort_order(rows, descending, [language] * len(rows), locale)

    def _render_cite(self, cite: Any) -> _Cite | None:
        """One cite (with its prefix and suffix), noted among the cites rendered so far."""
        self.repressed: dict[str, Any] = {}
        names: list[str] = []
        token = FIRST_NAMES.set(names)
        try:
            output = self.render_children(cite)
        except model.VariableError:
            output = None
        finally:
            FIRST_NAMES.reset(token)
        if output is None:
            return None
        self.getparent().cites.append(cite)
        text = cite.get("prefix", "") + output + cite.get("suffix", "")
        return _Cite(text, names[0] if names else "", bool(cite.has_locator))

    def _collapse(self, cites: list[_Cite]) -> list[Any]:
        """The cites to join with the layout's delimiter: grouped and collapsed as the citation's
        ``collapse`` (or ``cite-group-delimiter``) says."""
        options = self.getparent()
        collapse = options.get("collapse")
        if collapse == "citation-number":
            return _number_ranges(cites)
        if collapse not in ("year", "year-suffix", "year-suffix-ranged") and (
            options.get("cite-group-delimiter") is None
        ):
            return [cite.text for cite in cites]
        delimiter = options.get("cite-group-delimiter", ", ")
        groups: list[list[_Cite]] = []
        for cite in cites:  # adjacent cites only: citeproc-js moves none (sorting may join them)
            if groups and cite.names and cite.names == groups[-1][-1].names:
                groups[-1].append(cite)
            else:
                groups.append([cite])
        return [_group_text(group, delimiter) for group in groups]


def _run_heads(order: list[int], names: list[str | None],
               rows: list[list[str | None]]) -> list[str]:  # fmt: skip
    """For each cite in ``order``, the first sort key of the first cite of its run of one
    author's cites (citeproc-js's grouped sort; an empty key reads "undefined" there too)."""
    heads: list[str] = []
    for position, i in enumerate(order):
        if position and names[i] and names[i] == names[order[position - 1]]:
            heads.append(heads[-1])
        else:
            heads.append((rows[i][0] if rows[i] else None) or "undefined")
    return heads


@contextmanager
def _undisambiguated(cites: list[Any]) -> Iterator[None]:
    """The names of ``cites`` as they are while inside: without the given names that
    disambiguation put before family names (citeproc-js sorts by the names themselves)."""
    changed: list[tuple[Any, Any]] = []
    for cite in cites:
        for value in cite.reference.values():
            for name in value if isinstance(value, list) else ():
                if isinstance(name, dict) and FAMILY in name:
                    changed.append((name, name["family"]))
                    name["family"] = name[FAMILY]
    try:
        yield
    finally:
        for name, family in changed:
            name["family"] = family


def _group_text(group: list[_Cite], delimiter: str) -> Any:
    """The cites of one author as one: the first whole, the others without the names."""
    text = group[0].text
    for cite in group[1:]:
        rest = str(cite.text)
        if cite.names and rest.startswith(cite.names):
            rest = rest[len(cite.names) :].lstrip(",; ")
        text = text + delimiter + rest
    return text


def _number_ranges(cites: list[_Cite]) -> list[Any]:
    """``collapse="citation-number"``: three or more consecutive numbers as a range (1–3)."""
    numbers = [int(c.text) if str(c.text).isdigit() and not c.locator else None for c in cites]
    out: list[Any] = []
    i = 0
    while i < len(cites):
        j = i
        while (numbers[i] is not None and j + 1 < len(cites) and numbers[j + 1] is not None
               and numbers[j + 1] == numbers[j] + 1):  # type: ignore[operator]  # fmt: skip
            j += 1
        if j - i >= 2:
            out.append(f"{cites[i].text}–{cites[j].text}")
            i = j + 1
        else:
            out.append(cites[i].text)
            i += 1
    return out


def _capitalise_ibid(text: Any, element: Any) -> Any:
    """A note beginning with the locale's "ibid." begins with a capital, as citeproc-js writes it."""
    term = str(element.get_single_term("ibid") or "")
    plain = str(text)
    if term and plain.startswith(term) and term[:1].islower():
        return term[:1].upper() + plain[1:]
    return text
