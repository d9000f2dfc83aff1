"""BibTeX field values → text: braces, quotes, numbers, ``@string`` macros and ``#`` concatenation.

:func:`evaluate` reads one raw value as BibTeX (and biber) would; an undefined macro is text biber
reads as empty, with a warning, so it is returned to the caller to report rather than refused.
The expansion of macros is bounded (:class:`Expansion`). Decoding LaTeX is
:mod:`claimref.formats.latex`'s job, and reporting findings is :mod:`claimref.formats.bibtex`'s.
"""

from __future__ import annotations

import re

from claimref.usertext import clip

#: biber's predefined month macros (``month = jan``) and their numbers.
MONTHS = {
    m: str(i)
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
#: How long a value may grow by expanding ``@string`` macros (characters taken from macros); a
#: file's values together may take :data:`MAX_EXPANDED` plus four times the file's length.
MAX_EXPANDED = 1_000_000
_PIECE = re.compile(r'\s*(?:(\{)|(")|(\d+)|([^\s#,{}"=()]+))')
_DELIMITERS = re.compile(r'[{}"]')
_SWALLOWED = re.compile(r"^([A-Za-z][\w:-]*)\s*=")


class Expansion:
    """What is left of a file's allowance for text taken from ``@string`` macros: doubling macros
    (``s1 = s0 # s0`` … ``s30``) would otherwise take gigabytes."""

    def __init__(self, left: int) -> None:
        self.left = left
        self.spent = False

    def take(self, size: int) -> str:
        """Spend ``size`` characters; a problem (once for the file) when the allowance is gone."""
        self.left -= size
        if self.left >= 0:
            return ""
        first, self.spent = not self.spent, True
        more = "" if first else " (as are all later values using macros)"
        return f"the file's @string macros expand to too much text: left unexpanded{more}"


def evaluate(
    raw: str,
    strings: dict[str, str],
    budget: Expansion | None = None,
    undefined: list[str] | None = None,
) -> tuple[str, str]:
    """Evaluate a raw field value (braces, quotes, numbers, macros, ``#``) → (value, problem); a
    value that macros make longer than :data:`MAX_EXPANDED` (or past ``budget``) is kept raw.

    An undefined macro is a problem, unless ``undefined`` is given: then it reads as empty text,
    as biber reads it, and its name is appended to ``undefined`` for the caller to warn about."""
    parts: list[str] = []
    i, n, expanded = 0, len(raw), 0
    while True:
        match = _PIECE.match(raw, i)
        if not match:
            return "".join(parts) or raw, f"cannot read value {clip(raw.strip(), 40)!r}"
        if match.group(1) or match.group(2):
            start = match.end() - 1
            end = closing_delimiter(raw, start)
            if end < 0:
                return raw, "value is not closed"
            parts.append(raw[start + 1 : end])
            i = end + 1
        elif match.group(3):
            parts.append(match.group(3))
            i = match.end()
        else:
            text, problem = _expand(match.group(4), strings, expanded, budget, undefined)
            if problem:
                return raw, problem
            parts.append(text)
            expanded += len(text)
            i = match.end()
        rest = _after_comments(raw[i:].lstrip())
        if not rest:
            return "".join(parts), ""
        if not rest.startswith("#"):
            return "".join(parts), _trailing(rest)
        i = n - len(rest) + 1


def _after_comments(rest: str) -> str:
    """``rest`` without the ``%`` comments it starts with (biber skips them inside an entry)."""
    while rest.startswith("%"):
        newline = rest.find("\n")
        rest = "" if newline < 0 else rest[newline + 1 :].lstrip()
    return rest


def _trailing(rest: str) -> str:
    """The problem with text after a value: most often a missing comma before the next field."""
    swallowed = _SWALLOWED.match(rest)
    if swallowed:
        name = clip(swallowed.group(1))
        return f"missing comma: the next field '{name}' was swallowed into this value"
    return f"unexpected text after the value: {clip(rest, 40)!r}"


def _expand(
    macro: str,
    strings: dict[str, str],
    expanded: int,
    budget: Expansion | None,
    undefined: list[str] | None,
) -> tuple[str, str]:
    """The text of ``macro`` → (text, problem), for a value that has taken ``expanded``
    characters from macros so far."""
    text = strings.get(macro.lower())
    if text is None:
        if undefined is not None:
            undefined.append(macro)
            return "", ""
        return "", f"undefined @string macro '{clip(macro)}' (quote or brace literal text)"
    if expanded + len(text) > MAX_EXPANDED:
        return "", f"@string macros make it longer than {MAX_EXPANDED:,} characters"
    return text, budget.take(len(text)) if budget is not None else ""


def closing_delimiter(raw: str, start: int) -> int:
    """Index of the brace or quote closing the one at ``start``; -1 if none (a backslash does not
    protect a brace, as in BibTeX)."""
    depth = 0
    quote = raw[start] == '"'
    for match in _DELIMITERS.finditer(raw, start):
        ch, i = match.group(), match.start()
        if quote and ch == '"' and depth == 0 and i > start:
            return i
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and not quote:
                return i
    return -1
