"""BibTeX name lists and names, the parts that need no parser: splitting a list at ``and`` as biber
does (with the empty names it finds), and biblatex's extended name format (``family=…, given=…``).

Splitting one classic name (``von Last, Jr, First``) is bibtexparser's, so
:func:`claimref.formats.bibtex.parse_name` does it and calls this module for the rest; reporting
findings is :mod:`claimref.formats.bibtex`'s job too.
"""

from __future__ import annotations

import re

from claimref.formats.latex import decode
from claimref.model import Name

#: A name in biblatex's extended name format starts with one of its keys and ``=``.
EXTENDED_NAME = re.compile(r"(?:family|given|prefix|suffix|useprefix)\s*=", re.IGNORECASE)
#: Braces, and ``and`` between blanks: what splits a name list (``and`` only outside braces).
_NAME_LIST = re.compile(r"[{}]|(?<=\s)and(?=\s)", re.IGNORECASE)


def empty_names(empty: int, kept: int) -> str:
    """How a list's empty names are described: two ``and`` in a row or one at either end."""
    noun = "an empty name" if empty == 1 else f"{empty} empty names"
    return f"{noun} (an 'and' at the start or end, or two in a row)" if kept else noun


def split_names(raw: str) -> tuple[list[str], int]:
    """A name list split at each ``and`` outside braces → (the names, how many were empty).

    biber warns about an empty name (``A and``, ``and B``) and leaves it out; two ``and`` in a row
    (``A and and B``) make it leave the whole entry out, where claimref leaves out only the empty
    name, with the same warning."""
    padded = f" {raw} "
    names, depth, start = [], 0, 0
    for match in _NAME_LIST.finditer(padded):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            names.append(padded[start : match.start()])
            start = match.end()
    names.append(padded[start:])
    kept = [name.strip() for name in names if name.strip()]
    return kept, len(names) - len(kept) if raw.strip() else 0


def extended_name(text: str) -> Name:
    """A name in biblatex's extended format (``family=Heuvel, given=Charles, prefix=van den,
    useprefix=false``, as Better BibLaTeX writes it); the ``-i`` initials keys are left to the
    style, and ``useprefix`` (biblatex's default: false) says whether the prefix drops."""
    parts: dict[str, str] = {}
    for item in top_level_split(text, ","):
        key, _, value = item.partition("=")
        value = value.strip()
        if value.startswith("{") and value.endswith("}") and balanced_outer(value):
            value = value[1:-1]
        parts[key.strip().lower()] = " ".join(decode(value).text.split())
    return Name(parts.get("family", ""), parts.get("given", ""), parts.get("prefix", ""),
                parts.get("suffix", ""), dropping=parts.get("useprefix", "false") != "true")  # fmt: skip


def top_level_split(text: str, separator: str) -> list[str]:
    """``text`` split at each ``separator`` outside braces."""
    items, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == separator and depth == 0:
            items.append(text[start:i])
            start = i + 1
    return [*items, text[start:]]


def balanced_outer(text: str) -> bool:
    """True when the first brace of ``text`` closes at its very end."""
    depth = 0
    for i, ch in enumerate(text):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0:
            return i == len(text) - 1
    return False
