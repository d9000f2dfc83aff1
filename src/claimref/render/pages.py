"""Page ranges as citeproc-js writes them: ``page-range-format`` (expanded, minimal, minimal-two,
chicago, chicago-15, chicago-16) and the range delimiter, for the ``page`` variable and page
locators.

citeproc-py cuts ranges by common leading characters ("5–0" for 5–10 in minimal-two, "13–8" for
13–138) and knows no letter prefixes ("B677–B709"). Here a range is first expanded ("321-28" →
321–328, when the first number is the smaller), then shortened as the format says; a range whose
ends are not numbers ("xii-xv") only gets the delimiter. No citeproc here: the elements call
:func:`page_range` with the style's option.
"""

from __future__ import annotations

import re

#: A range: an optional letter prefix on either end (``B677-B709``, ``S12-19``), numbers, and an
#: optional lowercase letter after each number (``12a-14b``).
_RANGE = re.compile(
    r"(?P<p1>[0-9]*[A-Za-z]+0*)?(?P<first>[0-9]+[a-z]*)\s*(?:-{1,3}|–)\s*"
    r"(?P<p2>[0-9]*[A-Za-z]+0*)?(?P<last>[0-9]+[a-z]*)(?![0-9A-Za-z])"
)
_ROMAN_RANGE = re.compile(r"\b([ivxlcdm]+|[IVXLCDM]+)\s*(?:-{1,3}|–)\s*([ivxlcdm]+|[IVXLCDM]+)\b")
_NUMBER = re.compile(r"\d+")
#: Page-range formats whose shortening is done by :func:`_shorten`.
FORMATS = ("expanded", "minimal", "minimal-two", "chicago", "chicago-15", "chicago-16")


def page_range(value: str, range_format: str | None, delimiter: str = "–") -> str:
    """``value`` (a page, a range, a list of them) with each range in ``range_format`` (None: as
    written, expanded only where the last number is the larger) and ``delimiter`` between its
    ends."""
    text = _RANGE.sub(lambda m: _one(m, range_format, delimiter), value)
    return _ROMAN_RANGE.sub(lambda m: f"{m.group(1)}{delimiter}{m.group(2)}", text)


def _one(match: re.Match[str], range_format: str | None, delimiter: str) -> str:
    p1, first, p2, last = (match.group(g) or "" for g in ("p1", "first", "p2", "last"))
    written = f"{p1}{first}{delimiter}{p2}{last}"
    if p1 != p2 or (not range_format and _int(first) > _int(last)):
        return written  # different prefixes; without a format "321-28" stays as it is
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    if _int(first) >= _int(last):
        return written
    if range_format not in FORMATS[1:]:
        return f"{p1}{first}{delimiter}{p1}{last}"
    return f"{p1}{first}{delimiter}{_shorten(first, last, range_format)}"


def _shorten(first: str, last: str, range_format: str | None) -> str:
    """The last page as ``range_format`` writes it after ``first``."""
    if range_format == "minimal":
        return _minimal(first, last, 0)
    if range_format == "minimal-two":
        return _minimal(first, last, 2)
    begin, end = _int(first), _int(last)
    if range_format in ("chicago", "chicago-15"):
        if begin > 100 and begin % 100 and begin // 100 == end // 100:
            return str(end % 100)
        return str(end % 1000) if begin >= 10000 else last
    if range_format == "chicago-16" and begin > 100 and begin % 100:
        for power in range(2, len(last)):
            divisor = 10**power
            if begin // divisor == end // divisor:
                return str(end % divisor)
    return last


def _minimal(first: str, last: str, keep: int) -> str:
    """``last`` without the leading characters it shares with ``first`` (same length only),
    keeping at least ``keep`` characters."""
    if len(first) != len(last):
        return last
    cut = 0
    while cut < len(first) and first[cut] == last[cut] and len(last) - cut > keep:
        cut += 1
    return last[cut:]


def _int(text: str) -> int:
    number = _NUMBER.match(text)
    return int(number.group()) if number else 0
