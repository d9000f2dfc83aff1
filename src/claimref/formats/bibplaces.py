"""Where things stand in a .bib text: the column of a block or of a field on a given line.

:class:`Places` answers for :mod:`claimref.formats.bibtex`, whose parser gives only lines. Each
line is scanned at most once for field names, and blocks on one line are looked for from where the
last one was found, so a file written on one long line costs linear time, not quadratic.
"""

from __future__ import annotations

import re

#: A field name followed by ``=`` (after a blank, a comma or an opening delimiter).
_FIELD_AT = re.compile(r"(?<![^\s,{(])([^\s=,{}\"#%()]+)\s*=")
_NONBLANK = re.compile(r"\S")


class Places:
    """Columns in one text; lines and columns are 0-based in, columns 1-based out."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._fields: dict[int, dict[str, int]] = {}
        self._after: dict[int, int] = {}

    def line_starts(self) -> list[int]:
        """Where each line of the text starts."""
        if self._starts is None:
            self._starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        return self._starts

    def column(self, line: int, field: str = "", head: str = "") -> int:
        """The column on ``line`` where ``field`` (a field's name followed by ``=``) or ``head``
        (a block's first characters) starts; else where the line's first non-blank is."""
        starts = self.line_starts()
        if not 0 <= line < len(starts):
            return 1
        begin = starts[line]
        end = starts[line + 1] - 1 if line + 1 < len(starts) else len(self.text)
        at = -1
        if field:
            at = self._field_names(line, begin, end).get(field.lower(), -1)
        elif head:
            at = self.text.find(head, self._after.get(line, begin), end)
            if at < 0:
                at = self.text.find(head, begin, end)
            if at >= 0:
                self._after[line] = at + 1
        if at < 0:
            found = _NONBLANK.search(self.text, begin, end)
            at = found.start() if found else begin
        return at - begin + 1

    def _field_names(self, line: int, begin: int, end: int) -> dict[str, int]:
        """Where each field name on the line first stands (lower case), scanned once."""
        names = self._fields.get(line)
        if names is None:
            names = {}
            for match in _FIELD_AT.finditer(self.text, begin, end):
                names.setdefault(match.group(1).lower(), match.start(1))
            self._fields[line] = names
        return names
