"""A citation's cites as citeproc-js arranges them: sorted only when the style's citation has a
``cs:sort`` (citeproc-py always puts them in reference-list order), adjacent cites of one author
collapsed as ``collapse`` says ("(Leslie, 2000a, 2000b)"; "[1–3]"), and a note that begins with
"ibid." capitalised.

:class:`Layout` replaces citeproc-py's ``cs:layout`` in the styles claimref parses (see
:mod:`claimref.render.elements`); the reference list is rendered as citeproc-py does. Positions
(ibid, subsequent) are still judged by citeproc-py from the cites rendered before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from citeproc import model

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
        sort = self.getparent().sort
        if sort is not None:
            good = sort.sort(good, self)
        rendered = [done for cite in good if (done := self._render_cite(cite)) is not None]
        parts = self._collapse(rendered)
        parts += [callback(cite) or f"{cite.key}?" for cite in bad]
        if not parts:
            return None
        text = self.format(self.wrap(self.join(parts)))
        if text is not None and self.get_root().get("class") == "note":
            text = _capitalise_ibid(text, self)
        return text

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
