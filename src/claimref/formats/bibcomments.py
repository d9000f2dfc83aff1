"""What BibTeX takes for comments: ``%`` inside entries, which biber and pandoc skip and bibtexparser
does not, and text between entries, which may be data that lost its entry.

:func:`blank_entry_comments` returns the text with every ``%`` comment that stands between an
entry's fields (outside its values) turned into spaces, so that the parser never sees it: a
commented-out field (``% abstract = {Long, with commas},``) is then skipped as biber skips it. The
text keeps its length and its line ends, so positions found in one are the same in the other, and
the entry's text as written is taken from the original (:mod:`claimref.formats.bibtex` does that).
A ``%`` inside a value (``url = {http://x.org/a%20b}``) and text between entries are left alone.
:func:`lost_text` finds what, between entries, looks like an entry without its ``@`` or fields cut
off from their entry. Reporting findings is :mod:`claimref.formats.bibtex`'s job.
"""

from __future__ import annotations

import re

from claimref.usertext import clip

#: ``book{lost2001,`` at the start of a line outside any entry: an entry that lost its ``@``.
_LOST_ENTRY = re.compile(r"^[ \t]*(\w+)[ \t]*([{(])[ \t]*([^\s,{}()\"#%'=]+)[ \t]*,", re.MULTILINE)
#: ``name = {`` (or a quote, digit or macro) at the start of a line outside any entry.
_LOST_FIELD = re.compile(r"^[ \t,]*([A-Za-z][\w:.+-]*)[ \t]*=[ \t]*[{\"\w]", re.MULTILINE)
_TOKENS = re.compile(r'@[ \t]*\w+[ \t]*([{(])|[{}()"%]')


def blank_entry_comments(text: str) -> str:
    """``text`` with the ``%`` comments between entries' fields made spaces (the same text when
    it has none)."""
    if not _likely(text):
        return text
    cuts: list[tuple[int, int]] = []
    depth, closer, quoted = 0, "", False
    match = _TOKENS.search(text)
    while match:
        token, at, after = match.group(0), match.start(), match.end()
        if token.startswith("@"):
            if depth == 0:
                depth, closer, quoted = 1, "}" if match.group(1) == "{" else ")", False
            elif match.group(1) == "{":  # ``@x{`` inside a value: only its brace counts
                depth += 1
        elif depth == 0:
            pass
        elif token == "{":
            depth += 1
        elif token == "}" or (token == closer == ")" and depth == 1 and not quoted):
            depth -= 1
        elif token == '"' and depth == 1:
            quoted = not quoted
        elif token == "%" and depth == 1 and not quoted:
            end = text.find("\n", at)
            after = len(text) if end < 0 else end
            cuts.append((at, after))
        match = _TOKENS.search(text, after)
    return _blanked(text, cuts) if cuts else text


def _likely(text: str) -> bool:
    """Whether ``text`` is worth a scan: it has a ``%`` that follows a comma or starts an indented
    line or one after a comma (comments between entries start their line after a ``}``; a ``%``
    right after a value is skipped when the value is read)."""
    at = text.find("%")
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        before = text[start:at]
        if before.rstrip().endswith(",") or (not before.strip() and before):
            return True
        if not before.strip() and _previous_char(text, start) == ",":
            return True
        at = text.find("%", at + 1)
    return False


def _previous_char(text: str, at: int) -> str:
    """The last character before ``at`` that is not whitespace ("" when none)."""
    at -= 1
    while at >= 0 and text[at].isspace():
        at -= 1
    return text[at] if at >= 0 else ""


def _blanked(text: str, cuts: list[tuple[int, int]]) -> str:
    """``text`` with each span of ``cuts`` (in order, apart) made spaces."""
    pieces, last = [], 0
    for start, end in cuts:
        pieces += [text[last:start], " " * (end - start)]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def lost_text(raw: str) -> list[tuple[int, str, str]]:
    """In text between entries (which BibTeX takes for a comment): each line that looks like an
    entry whose ``@`` is missing, and the first of the ``name = value`` lines cut off from their
    entry (a missing ``{`` or an extra ``}`` ended it early) → (line in ``raw``, message, the text
    it starts with)."""
    found = []
    for match in _LOST_ENTRY.finditer(raw):
        head = clip("".join(match.groups()))
        message = f"'{head},' looks like an entry without its '@': not read (write @{head},…)"
        found.append((raw.count("\n", 0, match.start()), message, match.group(1)))
    first = _LOST_FIELD.search(raw)
    if first is not None:
        names = clip(", ".join(dict.fromkeys(m.group(1) for m in _LOST_FIELD.finditer(raw))))
        message = (
            f"field(s) {names} outside any entry: not read (did a missing '{{' or an extra '}}' "
            "end the entry before them?)"
        )
        found.append((raw.count("\n", 0, first.start()), message, first.group(1)))
    return found
