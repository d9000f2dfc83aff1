"""Typography citeproc-js applies to the data and citeproc-py does not: straight double quotes in a
title become the locale's quotation marks, an apostrophe becomes ``’``. No citeproc here; escaping for
output formats is :mod:`claimref.render.output`'s job.
"""

from __future__ import annotations

import re
from typing import Any

from claimref.render.output import NOCASE

#: Item fields taken literally (identifiers, links).
VERBATIM = frozenset({"id", "type", "language", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID"})
_QUOTED = re.compile(r'"([^"<>]+)"')
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)|(?<=\w)'(?=\s|$)")


def smart_quotes(item: dict[str, Any], quotes: tuple[str, str]) -> dict[str, Any]:
    """The item with ``"x"`` in every text field (names too) as ``quotes[0]`` x ``quotes[1]`` and
    apostrophes as ``’``; ``nocase`` markers are left alone."""
    return {key: value if key in VERBATIM else _smart_value(value, quotes)
            for key, value in item.items()}  # fmt: skip


def _smart_value(value: Any, quotes: tuple[str, str]) -> Any:
    if isinstance(value, list):
        return [_smart_value(v, quotes) for v in value]
    if isinstance(value, dict):
        return {k: _smart_value(v, quotes) for k, v in value.items()}
    if isinstance(value, str) and ('"' in value or "'" in value):
        pieces = NOCASE.split(value)
        return "".join(p if NOCASE.fullmatch(p) else _smart(p, quotes) for p in pieces)
    return value


def _smart(text: str, quotes: tuple[str, str]) -> str:
    text = _QUOTED.sub(lambda m: f"{quotes[0]}{m.group(1)}{quotes[1]}", text)
    return _APOSTROPHE.sub("’", text)
