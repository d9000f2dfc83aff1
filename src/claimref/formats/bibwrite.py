"""Writing BibTeX: entries as written (byte for byte), minimally edited, or new from a source's fields.

An entry read from a file is written back from :attr:`Source.raw`: field order, enclosures, macros,
comments and spacing stay as they were. The edits export needs are made on that text and on nothing
else: dropping the project-private ``x-`` fields removes just their lines, and ``ascii`` rewrites just
the non-ASCII characters (:mod:`claimref.formats.latexenc`). Entries without raw text (imported from
RIS or CSL-JSON) are formatted from their fields. Reading is :mod:`claimref.formats.bibtex`'s job;
choosing what to export and from which files is ``exporting``'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from claimref.errors import ClaimrefError
from claimref.formats.bibtex import NAME_FIELDS, VERBATIM_FIELDS, StringDef, closing_delimiter
from claimref.formats.latexenc import UnencodableError, escape, to_ascii
from claimref.model import Name, Source

PRIVATE_PREFIX = "x-"
_NAME = re.compile(r"[^\s=,{}\"#%()]+")
_HEAD = re.compile(r"\s*@\s*[A-Za-z]+\s*[{(]")


class RewriteError(ClaimrefError):
    """An entry's text could not be edited (its syntax is not what BibTeX allows)."""


@dataclass(frozen=True)
class FieldSpan:
    """One field of an entry's text: its lower-case name, raw value, and the span that removing
    the field would cut (its whole line(s) when it stands on lines of its own)."""

    name: str
    value: str
    start: int
    end: int
    value_start: int
    value_end: int


def field_spans(raw: str) -> list[FieldSpan]:
    """The fields of one entry's text, in order; raises :class:`RewriteError` on bad syntax."""
    head = _HEAD.match(raw)
    if not head:
        raise RewriteError("entry text does not start with '@type{'")
    comma = raw.find(",", head.end())
    spans: list[FieldSpan] = []
    i = len(raw) if comma < 0 else comma + 1
    while True:
        i = _skip_blank(raw, i)
        name = _NAME.match(raw, i)
        if i >= len(raw) or raw[i] in "})" or not name:
            return spans
        eq = _skip_blank(raw, name.end())
        if eq >= len(raw) or raw[eq] != "=":
            raise RewriteError(f"no '=' after field name '{name.group(0)}'")
        value_start = _skip_blank(raw, eq + 1)
        value_end = _value_end(raw, value_start)
        after = _skip_blank(raw, value_end)
        end = after + 1 if after < len(raw) and raw[after] == "," else value_end
        start, end = _widen(raw, name.start(), end)
        spans.append(FieldSpan(name.group(0).lower(), raw[value_start:value_end], start, end,
                               value_start, value_end))  # fmt: skip
        i = end


def _skip_blank(raw: str, i: int) -> int:
    """Skip whitespace and ``%`` comments."""
    while i < len(raw):
        if raw[i].isspace():
            i += 1
        elif raw[i] == "%":
            newline = raw.find("\n", i)
            i = len(raw) if newline < 0 else newline + 1
        else:
            break
    return i


def _value_end(raw: str, i: int) -> int:
    """End of a value: pieces (``{…}``, ``"…"``, numbers, macros) joined by ``#``."""
    while True:
        if i >= len(raw):
            raise RewriteError("value is not closed")
        if raw[i] in '{"':
            i = _closing(raw, i) + 1
        else:
            piece = _NAME.match(raw, i)
            if not piece:
                raise RewriteError(f"cannot read value at {raw[i : i + 20]!r}")
            i = piece.end()
        nxt = _skip_blank(raw, i)
        if nxt < len(raw) and raw[nxt] == "#":
            i = _skip_blank(raw, nxt + 1)
            continue
        return i


def _closing(raw: str, start: int) -> int:
    """Index of the brace or quote closing the one at ``start`` (see
    :func:`~claimref.formats.bibtex.closing_delimiter`)."""
    end = closing_delimiter(raw, start)
    if end < 0:
        raise RewriteError("value is not closed")
    return end


def _widen(raw: str, start: int, end: int) -> tuple[int, int]:
    """Extend a field's span to whole lines when nothing else stands on them."""
    line_start = raw.rfind("\n", 0, start) + 1
    if raw[line_start:start].strip():
        while end < len(raw) and raw[end] in " \t":
            end += 1
        return start, end
    newline = raw.find("\n", end)
    rest = raw[end:] if newline < 0 else raw[end:newline]
    if rest.strip() and not rest.strip().startswith("%"):
        return start, end
    return line_start, len(raw) if newline < 0 else newline + 1


def macros_used(raw: str) -> set[str]:
    """The ``@string`` macro names (lower case) the values of an entry's text use."""
    used: set[str] = set()
    for span in field_spans(raw):
        used |= value_macros(span.value)
    return used


def string_macros(raw: str) -> set[str]:
    """The macro names a ``@string{name = value}`` block's value uses."""
    equals = raw.find("=")
    return value_macros(raw[equals + 1 :].rstrip()[:-1]) if equals >= 0 else set()


def value_macros(value: str) -> set[str]:
    """The bare macro names in one raw value (``jan # " 12"`` → ``{"jan"}``)."""
    used: set[str] = set()
    i = _skip_blank(value, 0)
    while i < len(value):
        if value[i] in '{"':
            i = _closing(value, i) + 1
        elif value[i] == "#" or value[i].isspace():
            i += 1
        else:
            piece = _NAME.match(value, i)
            if not piece:
                break
            if not piece.group(0).isdigit():
                used.add(piece.group(0).lower())
            i = piece.end()
    return used


def strip_private(raw: str) -> str:
    """The entry's text without its ``x-`` fields; everything else stays as written."""
    cuts = [s for s in field_spans(raw) if s.name.startswith(PRIVATE_PREFIX)]
    for span in reversed(cuts):
        raw = raw[: span.start] + raw[span.end :]
    return raw


def entry_to_ascii(raw: str) -> str:
    """The entry's text with non-ASCII characters escaped: LaTeX escapes in text fields, URL
    percent-encoding in ``url``; raises :class:`UnencodableError` (naming the field) otherwise."""
    if raw.isascii():
        return raw
    spans = field_spans(raw)
    head = raw[: spans[0].start if spans else len(raw)]
    if not head.isascii():
        raise UnencodableError(next(ch for ch in head if not ch.isascii()), "the cite key")
    pieces, last = [], 0
    for span in spans:
        value = raw[span.value_start : span.value_end]
        if span.name in ("url", "urlraw"):
            value = quote(value, safe="".join(chr(c) for c in range(33, 127)))
        elif span.name in VERBATIM_FIELDS and not value.isascii():
            bad = next(ch for ch in value if not ch.isascii())
            raise UnencodableError(bad, f"field '{span.name}' (verbatim)")
        else:
            value = _field_ascii(span.name, value)
        pieces += [to_ascii(raw[last : span.value_start]), value]
        last = span.value_end
    pieces.append(to_ascii(raw[last:]))
    return "".join(pieces)


def _field_ascii(name: str, text: str) -> str:
    try:
        return to_ascii(text)
    except UnencodableError as exc:
        raise UnencodableError(exc.char, f"field '{name}'") from None


def format_entry(source: Source, keep_private: bool = False) -> str:
    """A new entry from the source's fields (names from :attr:`Source.names`), two-space indented."""
    lines = [f"@{source.entry_type}{{{source.key},"]
    for name, value in source.fields.items():
        if name.startswith(PRIVATE_PREFIX) and not keep_private:
            continue
        lines.append(f"  {name} = {{{_format_value(source, name, value)}}},")
    lines.append("}")
    return "\n".join(lines)


def _format_value(source: Source, name: str, value: str) -> str:
    if name in NAME_FIELDS and source.names.get(name):
        return " and ".join(format_name(person) for person in source.names[name])
    if name in VERBATIM_FIELDS:
        return value
    return escape(value)


def format_name(name: Name) -> str:
    """``von Last, Jr, First``, braced where BibTeX would split it otherwise."""
    if name.literal:
        return "{" + escape(name.literal) + "}"
    family = escape(name.family)
    if " " in family or "," in family or not family or family[:1].islower():
        family = "{" + family + "}"
    given, suffix = (_protect(escape(part)) for part in (name.given, name.suffix))
    parts = [f"{escape(name.particle)} {family}".strip(), suffix, given]
    if not name.suffix:
        parts.pop(1)
    return ", ".join(parts) if name.given or name.suffix else parts[0]


def _protect(part: str) -> str:
    """Brace a name part that BibTeX would split (a comma, or ``and`` between words)."""
    return "{" + part + "}" if "," in part or " and " in f" {part.lower()} " else part


def dumps(entries: Sequence[str], strings: Iterable[StringDef] = (),
          preambles: Iterable[str] = ()) -> str:  # fmt: skip
    """A .bib text: the preambles, the ``@string`` blocks, then the entries, a blank line apart."""
    blocks = [*preambles, *(s.raw for s in strings), *entries]
    return "\n\n".join(block.strip("\n") for block in blocks) + "\n"
