"""Splice BibTeX text: find one entry's exact span, replace or remove it, append one, change its key.

Every function takes a .bib file's text and returns the new text, in which only the entry concerned
(and, on removal, the blank line that separated it) differs: field order, enclosures, macros,
comments and spacing of everything else stay byte for byte. An entry's span runs from its ``@`` to
the brace (or parenthesis) closing it, matched as BibTeX does
(:func:`~claimref.formats.bibtex.closing_delimiter`); the parser's line of the entry, when given,
decides between look-alikes (an ``@book{key,`` inside a comment block). :func:`scan_keys` lists the
keys of a text with one regular expression, for existence checks without parsing. Reading entries
is :mod:`claimref.formats.bibtex`'s job, deciding what to change the verbs'.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from claimref.errors import ClaimrefError
from claimref.formats.bibtex import closing_delimiter
from claimref.formats.bibwrite import field_spans

#: ``@type{key,`` (or ``@type(key,``): the type, the delimiter and the key.
_HEAD = re.compile(r"@[ \t]*([A-Za-z]+)[ \t\r\n]*([{(])[ \t\r\n]*([^,\s{}()\"#%'=]*)[ \t\r\n]*,")
#: ``@type{`` or ``@type(``: the head of any block.
_BLOCK = re.compile(r"@[ \t]*([A-Za-z]+)[ \t\r\n]*([{(])")
_STRING = re.compile(r"@[ \t]*string[ \t\r\n]*[{(]", re.IGNORECASE)
#: Block types that are not entries.
_NOT_ENTRIES = frozenset({"string", "comment", "preamble"})
#: Characters that may continue a cite key: a key is matched as a whole token, never inside another.
_KEY_CHAR = r"A-Za-z0-9_:+/\-"


class EntryNotFoundError(ClaimrefError):
    """No entry with the key asked for in the text (or its text is not closed)."""


class KeyHit(NamedTuple):
    """One entry head found by :func:`scan_keys`: key, entry type (lower case), offset, 1-based line."""

    key: str
    entry_type: str
    start: int
    line: int


@dataclass(frozen=True)
class Span:
    """Where one entry's text lies in a file's text: ``text[start:end]`` runs from ``@`` to the
    closing delimiter."""

    start: int
    end: int


def scan_keys(text: str) -> list[KeyHit]:
    """The entry heads of a .bib text, in order (``@string``, ``@comment``, ``@preamble`` left out);
    a fast look without parsing, which may also see a head written inside a comment."""
    hits: list[KeyHit] = []
    line, last = 1, 0
    for match in _HEAD.finditer(text):
        kind = match.group(1).lower()
        if kind in _NOT_ENTRIES:
            continue
        line += text.count("\n", last, match.start())
        last = match.start()
        hits.append(KeyHit(match.group(3), kind, match.start(), line))
    return hits


def key_offsets(text: str) -> list[tuple[str, int]]:
    """(key, offset of the ``@``) of each entry head, as :func:`scan_keys` finds them, quicker."""
    return [
        (match.group(3), match.start())
        for match in _HEAD.finditer(text)
        if match.group(1).lower() not in _NOT_ENTRIES
    ]


def find_entry(text: str, key: str, line: int | None = None) -> Span:
    """The span of the entry ``key`` (exact spelling); with ``line`` (the parser's 1-based line of
    the entry), the head on that line; raises :class:`EntryNotFoundError`."""
    hits = [hit for hit in scan_keys(text) if hit.key == key]
    if line is not None:
        hits = [hit for hit in hits if hit.line == line] or hits
    if not hits:
        raise EntryNotFoundError(f"no entry '{key}' in the text")
    return Span(hits[0].start, entry_end(text, hits[0].start))


def entry_end(text: str, start: int) -> int:
    """The offset just after the delimiter closing the block (an entry, ``@string``…) whose ``@``
    is at ``start``."""
    head = _BLOCK.match(text, start)
    if head is None:
        raise EntryNotFoundError(f"no entry head at offset {start}")
    opening = head.start(2)
    close = (
        closing_delimiter(text, opening) if head.group(2) == "{" else _closing_paren(text, opening)
    )
    if close < 0:
        name = text[start : start + 60].split(",", maxsplit=1)[0].split("\n", maxsplit=1)[0]
        raise EntryNotFoundError(f"'{name}' is not closed")
    return close + 1


def string_blocks(text: str) -> list[str]:
    """The ``@string`` blocks of a .bib text, each as written (those not closed left out)."""
    blocks = []
    for match in _STRING.finditer(text):
        try:
            blocks.append(text[match.start() : entry_end(text, match.start())])
        except EntryNotFoundError:
            continue
    return blocks


def _closing_paren(text: str, start: int) -> int:
    """The ``)`` closing the ``(`` at ``start``: the first one outside braces and quotes."""
    depth, quoted = 0, False
    for match in re.finditer(r'[{}()"]', text[start + 1 :]):
        ch, i = match.group(), start + 1 + match.start()
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == ")" and depth == 0 and not quoted:
            return i
    return -1


def entry_text(text: str, key: str, line: int | None = None) -> str:
    """The text of the entry ``key``, exactly as written."""
    span = find_entry(text, key, line)
    return text[span.start : span.end]


def replace_entry(text: str, span: Span, new: str) -> str:
    """``text`` with the entry at ``span`` replaced by ``new`` (its own text, without a newline)."""
    return text[: span.start] + new.strip("\n") + text[span.end :]


def remove_entry(text: str, span: Span) -> str:
    """``text`` without the entry at ``span``, its line(s), and the blank line that separated it."""
    start = text.rfind("\n", 0, span.start) + 1
    if text[start : span.start].strip():
        start = span.start  # something else stands before it on its line: cut the entry only
    end = span.end
    while end < len(text) and text[end] in " \t\r":
        end += 1
    if end < len(text) and text[end] == "\n":
        end += 1
    elif end < len(text):
        end = span.end  # something else follows on its line
    head, rest = text[:start], text[end:]
    if head.endswith("\n\n") and (not rest or rest.startswith(("\n", "\r\n"))):
        head = head[:-1]
    elif not head and rest.startswith("\n"):
        rest = rest[1:]
    return head + rest


def append_entry(text: str, entry: str) -> str:
    """``text`` with ``entry`` after it, a blank line apart, ending with a newline."""
    head = text if not text or text.endswith("\n") else text + "\n"
    return head + ("\n" if head.strip() else "") + entry.strip("\n") + "\n"


def set_key(entry: str, key: str) -> str:
    """An entry's text with its cite key changed to ``key``; the rest as written."""
    head = _HEAD.match(entry)
    if head is None:
        raise EntryNotFoundError("the text does not start with an entry head '@type{key,'")
    return entry[: head.start(3)] + key + entry[head.end(3) :]


def key_token(key: str) -> re.Pattern[str]:
    """A pattern matching ``key`` as a whole token (not inside a longer key; a full stop that ends
    a sentence may follow)."""
    return re.compile(rf"(?<![{_KEY_CHAR}.]){re.escape(key)}(?![{_KEY_CHAR}]|\.[{_KEY_CHAR}])")


def mentions(text: str, key: str) -> Iterator[re.Match[str]]:
    """Each place ``text`` names ``key`` as a token."""
    return key_token(key).finditer(text)


def set_field(entry: str, name: str, value: str) -> str:
    """An entry's text with field ``name`` given the raw ``value`` (``{…}``, ``"…"``, a number or
    a macro): its value replaced where it stands, or a new line after the last field, indented and
    aligned as that field is."""
    spans = field_spans(entry)
    for span in spans:
        if span.name == name:
            return entry[: span.value_start] + value + entry[span.value_end :]
    if not spans:
        head = _HEAD.match(entry)
        if head is None:
            raise EntryNotFoundError("the text does not start with an entry head '@type{key,'")
        return entry[: head.end()] + f"\n  {name} = {value}," + entry[head.end() :]
    last = spans[-1]
    layouts = [_FIELD_LINE.match(entry, entry.rfind("\n", 0, s.value_start) + 1) for s in spans]
    indent, label, after = "  ", name, " "
    if layouts[-1] is not None:
        indent, after = layouts[-1].group(1), layouts[-1].group(4)
    columns = {m.end(3) - m.start() for m in layouts if m is not None}
    if len(columns) == 1 and len(spans) > 1:  # the '=' signs align: align the new one too
        label = name.ljust(columns.pop() - len(indent) - 1)
    comma = _skip_spaces(entry, last.value_end)
    if comma < len(entry) and entry[comma] == ",":
        position, before = comma + 1, ""
    else:
        position, before = last.value_end, ","
    line = f"{before}\n{indent}{label} ={after}{value},"
    return entry[:position] + line + entry[position:]


_FIELD_LINE = re.compile(r"([ \t]*)([^\s=]+)([ \t]*)=([ \t]*)")


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t":
        i += 1
    return i
