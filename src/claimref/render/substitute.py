"""``subsequent-author-substitute`` (MLA's "———") as citeproc-js decides it: an entry whose
authors, as far as it shows them, are the last shown authors gets the substitute in their place.

citeproc-js compares the names themselves (their parts as written in the data, "Gerald D" is not
"Gerald D."), not the words around them ("Awodey, S., et al." shows the same name as "Awodey,
S."); an entry whose names stand in for missing authors (editors, "Barr, J., editor") is neither
replaced nor compared with. Works on the rendered entries and the CSL-JSON items; rendering is the
engine's job.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

#: The parts of a name that citeproc-js compares, in its order (joined without a space).
_PARTS = ("non-dropping-particle", "family", "given", "dropping-particle", "suffix", "literal")
_TAG = re.compile(r"<[^>]+>")


def substitute_authors(ids: list[str], entries: dict[str, str], names: dict[str, str],
                       substitute: str, items: Sequence[dict[str, Any]]) -> dict[str, str]:  # fmt: skip
    """``entries`` (by id, in the order ``ids``) with ``substitute`` in place of the names
    (``names``: the first names of each entry as rendered) where :func:`shown_authors` are the
    last shown ones."""
    if not substitute:
        return entries
    by_id = {str(item["id"]): item for item in items}
    out = dict(entries)
    last = ""
    for key in ids:
        shown = shown_authors(by_id.get(key, {}), names.get(key, ""))
        if not shown:
            continue  # no authors: names standing in for them are not compared
        if shown == last and names.get(key) and key in out:
            # a final full stop ("И. Г.") also stands for the delimiter after the names
            text = names[key][:-1] if names[key].endswith(".") else names[key]
            out[key] = out[key].replace(text, substitute, 1)
        last = shown
    return out


def shown_authors(item: dict[str, Any], rendered: str) -> str:
    """The authors of ``item`` that its ``rendered`` names show (those up to the first whose
    family name, or literal name, the text lacks), as citeproc-js compares them."""
    shown = []
    text = _plain(rendered)
    for name in item.get("author") or []:
        if not isinstance(name, dict):
            break
        family = _plain(str(name.get("family") or name.get("literal") or ""))
        if not family or family not in text:
            break
        shown.append("".join(str(name[part]) for part in _PARTS if name.get(part)))
    return ",".join(shown)


def _plain(text: str) -> str:
    """``text`` without markup, entities and typographic apostrophes ("O’Mara" is "O'Mara")."""
    return html.unescape(_TAG.sub("", text)).replace("’", "'").replace("‘", "'")
