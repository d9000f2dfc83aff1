"""Comparing claimref's rendering with citeproc-js's (golden files), as the conformance tests and
``tools/oracle/conformance.py`` do: entries by key after whitespace normalisation, the order of the
reference list, and each citation. Producing either rendering is not done here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

_ENTITIES = {"&#38;": "&amp;", "&#60;": "&lt;", "&#62;": "&gt;", "&#34;": '"', "&#39;": "'"}
_DIV = re.compile(r'^<div class="csl-entry">(.*)</div>$', re.S)


class RenderedLike(Protocol):
    """What the comparison needs from a rendering (see :class:`claimref.render.engine.Rendered`)."""

    order: list[str]
    entries: dict[str, str]
    citations: list[str]


def normalise(text: str, fmt: str = "text") -> str:
    """Whitespace collapsed; in HTML, citeproc-js's entry ``div`` and numeric entities unified."""
    text = " ".join(text.split())
    if fmt == "html":
        match = _DIV.match(text)
        text = match.group(1).strip() if match else text
        for entity, named in _ENTITIES.items():
            text = text.replace(entity, named)
    return text


@dataclass
class Comparison:
    """Entries and citations that differ (golden, ours), and whether the order is the same."""

    total: int
    same_order: bool
    differences: dict[str, tuple[str, str]] = field(default_factory=dict)
    citation_total: int = 0
    citation_differences: dict[int, tuple[str, str]] = field(default_factory=dict)

    @property
    def identical(self) -> int:
        """How many entries are identical."""
        return self.total - len(self.differences)

    def summary(self) -> str:
        """``40/42 entries identical (95.2%), order same, 41/42 citations identical``."""
        share = 100 * self.identical / self.total if self.total else 100.0
        cited = self.citation_total - len(self.citation_differences)
        order = "order same" if self.same_order else "ORDER DIFFERS"
        return (f"{self.identical}/{self.total} entries identical ({share:.1f}%), {order}, "
                f"{cited}/{self.citation_total} citations identical")  # fmt: skip


def compare(golden: dict[str, Any], ours: RenderedLike, fmt: str = "text") -> Comparison:
    """Compare a golden rendering (``order``, ``entries``, ``citations``) with ours."""
    entries: dict[str, str] = golden["entries"]
    result = Comparison(len(entries), list(golden["order"]) == list(ours.order))
    for key, theirs in entries.items():
        mine = ours.entries.get(key, "")
        if normalise(theirs, fmt) != normalise(mine, fmt):
            result.differences[key] = (normalise(theirs, fmt), normalise(mine, fmt))
    cites: list[str] = golden.get("citations", [])
    result.citation_total = len(cites)
    for number, (theirs, mine) in enumerate(zip(cites, ours.citations, strict=False)):
        if normalise(theirs, fmt) != normalise(mine, fmt):
            result.citation_differences[number] = (normalise(theirs, fmt), normalise(mine, fmt))
    return result
