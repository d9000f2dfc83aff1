"""The site's drawings as inline SVG: the evidence matrix (claims × sources) and the timeline of
dated claims.

Everything from the data is escaped here (:func:`markupsafe.escape`); coordinates are integers, so
the same data gives the same bytes. A stance is told by its shape as well as its colour (filled
circle supports, cross disputes, diamond qualifies, ring mentions), never by colour alone. A matrix
wider than :data:`MAX_COLUMNS` sources is split into pages of that many columns (most-cited works
first), each showing only the claims that link to one of its works. Which rows and columns there
are is :mod:`claimref.site.build`'s choice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from claimref.model import Stance, Status

#: Columns (sources) per matrix page; beyond this the matrix is paginated.
MAX_COLUMNS = 100
CELL = 18
LABEL_WIDTH = 270
#: Colours with at least 3:1 contrast on white (WCAG 1.4.11 for graphics).
STANCE_COLOURS = {
    Stance.SUPPORTS: "#1a7f37",
    Stance.DISPUTES: "#c62828",
    Stance.QUALIFIES: "#9a5b00",
    Stance.MENTIONS: "#57606a",
}
STATUS_COLOURS = {
    Status.ESTABLISHED: "#1a7f37",
    Status.PROBABLE: "#1f5fae",
    Status.DISPUTED: "#c62828",
    Status.DOUBTFUL: "#8a4f00",
    Status.UNVERIFIED: "#57606a",
}


def stance_shape(stance: Stance, x: int, y: int, size: int = 6) -> str:
    """The stance's mark centred on (x, y): circle, cross, diamond or ring."""
    colour = STANCE_COLOURS[stance]
    if stance is Stance.SUPPORTS:
        return f'<circle cx="{x}" cy="{y}" r="{size}" fill="{colour}"/>'
    if stance is Stance.DISPUTES:
        d = size - 1
        return (f'<path d="M{x - d},{y - d}L{x + d},{y + d}M{x + d},{y - d}L{x - d},{y + d}" '
                f'stroke="{colour}" stroke-width="3" stroke-linecap="round"/>')  # fmt: skip
    if stance is Stance.QUALIFIES:
        s = size + 1
        return (f'<polygon points="{x},{y - s} {x + s},{y} {x},{y + s} {x - s},{y}" '
                f'fill="{colour}"/>')  # fmt: skip
    return (f'<circle cx="{x}" cy="{y}" r="{size - 1}" fill="#fff" stroke="{colour}" '
            f'stroke-width="2"/>')  # fmt: skip


def stance_icon(stance: Stance) -> Markup:
    """A small inline mark of the stance, hidden from screen readers (the word is beside it)."""
    return Markup(
        '<svg class="icon" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" '
        f'focusable="false">{stance_shape(stance, 7, 7, 5)}</svg>'
    )


def legend_items() -> list[tuple[Stance, Markup]]:
    """Each stance with its icon, for an HTML legend."""
    return [(stance, stance_icon(stance)) for stance in Stance]


@dataclass(frozen=True)
class Column:
    """A source of the matrix: key, label, link to its page."""

    key: str
    label: str
    href: str


@dataclass(frozen=True)
class Row:
    """A claim of the matrix: its status, id, link, statement and each cited work's stance."""

    status: Status
    claim_id: str
    href: str
    statement: str
    stances: dict[str, Stance] = field(default_factory=dict)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def matrix(rows: list[Row], columns: list[Column]) -> Markup:
    """The matrix as SVG: the works as rotated column heads, then the claims grouped by status (a
    heading row each), every cell the stance of the claim's link to the work (the page around it
    gives the legend: :func:`legend_items`)."""
    head = 16 + 5 * max((len(_cut(c.label, 28)) for c in columns), default=4)
    top = head
    groups = [(s, [r for r in rows if r.status is s]) for s in Status]
    groups = [(s, members) for s, members in groups if members]
    height = top + CELL * (len(rows) + len(groups)) + 10
    width = LABEL_WIDTH + CELL * len(columns) + head
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="matrix" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-labelledby="matrix-title" '
        'role="group">',
        '<title id="matrix-title">Evidence matrix: claims by sources, grouped by status</title>',
    ]
    for index, column in enumerate(columns):
        x = LABEL_WIDTH + CELL * index + CELL // 2
        if index % 2 == 0:
            out.append(f'<rect x="{x - CELL // 2}" y="{top}" width="{CELL}" '
                       f'height="{height - top - 10}" fill="#f3f4f6"/>')  # fmt: skip
        out.append(
            f'<a href="{escape(column.href)}"><text x="{x}" y="{top - 6}" '
            f'transform="rotate(-45 {x} {top - 6})" class="col">{escape(_cut(column.label, 28))}'
            f"<title>{escape(column.label)} ({escape(column.key)})</title></text></a>"
        )
    y = top
    keys = [c.key for c in columns]
    for status, members in groups:
        out.append(_group_heading(status, len(members), y, width))
        y += CELL
        for row in members:
            out.append(_row(row, keys, y))
            y += CELL
    out.append("</svg>")
    return Markup("\n".join(out))


def _group_heading(status: Status, count: int, y: int, width: int) -> str:
    colour = STATUS_COLOURS[status]
    return (
        f'<rect x="0" y="{y}" width="{width}" height="{CELL}" fill="{colour}" opacity="0.12"/>'
        f'<rect x="0" y="{y}" width="5" height="{CELL}" fill="{colour}"/>'
        f'<text x="10" y="{y + 13}" class="group">{status.value} ({count})</text>'
    )


def _row(row: Row, keys: list[str], y: int) -> str:
    parts = [
        f'<a href="{escape(row.href)}"><text x="10" y="{y + 13}" class="row">'
        f"{escape(_cut(row.claim_id, 36))}<title>{escape(row.statement)}</title></text></a>"
    ]
    for index, key in enumerate(keys):
        stance = row.stances.get(key)
        if stance is not None:
            x = LABEL_WIDTH + CELL * index + CELL // 2
            parts.append(
                f"<g>{stance_shape(stance, x, y + CELL // 2)}<title>{escape(row.claim_id)}: "
                f"{escape(key)} {stance.value}</title></g>"
            )
    return "".join(parts)


# ---------------------------------------------------------------- timeline

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class Span:
    """A claim's date as a stretch of time in years (``1943.5``), what kind it is: ``range``
    (START/END), ``period`` (one date given to the year or month) or ``day``, and whether a date of
    it is marked approximate or uncertain (EDTF's ``~``, ``?``, ``%``)."""

    start: float
    end: float
    kind: str
    qualified: bool = False


def date_span(value: str) -> Span | None:
    """The :class:`Span` of an EDTF date (``1943``, ``1943-05``, ``1943-05-12``, ``A/B``, each
    date perhaps ending in ``~``, ``?`` or ``%``); None when it is none of these."""
    text = value.strip()
    qualified = any(mark in text for mark in "~?%")
    first, _, second = text.partition("/")
    first, second = first.rstrip("~?%"), second.rstrip("~?%")
    a = _period(first)
    if a is None:
        return None
    if not second:
        return Span(a[0], a[1], "day" if first.count("-") == 2 else "period", qualified)
    b = _period(second)
    return Span(a[0], max(b[1], a[0]), "range", qualified) if b else None


def _period(text: str) -> tuple[float, float] | None:
    match = _DATE.match(text)
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2) or 0)
    day = int(match.group(3) or 0)
    if not month:
        return float(year), float(year + 1)
    if not 1 <= month <= 12:
        return None
    if not day:
        return year + (month - 1) / 12, year + month / 12
    start = year + (month - 1) / 12 + (min(day, _DAYS[month - 1]) - 1) / 365
    return start, start + 1 / 365


@dataclass(frozen=True)
class Dated:
    """A dated claim of the timeline."""

    claim_id: str
    href: str
    statement: str
    status: Status
    date: str
    span: Span


ROW = 22
PLOT = 640


def timeline(items: list[Dated]) -> Markup:
    """The dated claims as SVG: one row each, earliest first; a range is a solid bar, a date given
    to the year or month an outlined bar over that stretch, a day a diamond; colour by status (the
    status word is written beside the date)."""
    if not items:
        return Markup("")
    low = int(min(i.span.start for i in items))
    high = max(int(i.span.end) + (0 if i.span.end == int(i.span.end) else 1) for i in items)
    high = max(high, low + 1)
    scale = PLOT / (high - low)
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 1000) if (high - low) / s <= 12)
    height = 40 + ROW * len(items)
    width = LABEL_WIDTH + PLOT + 200
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-labelledby="timeline-title" '
        'role="group">',
        '<title id="timeline-title">Timeline of the dated claims</title>',
    ]
    for year in range(low - low % step, high + 1, step):
        if year < low:
            continue
        x = LABEL_WIDTH + round((year - low) * scale)
        out.append(f'<line x1="{x}" y1="20" x2="{x}" y2="{height}" stroke="#d0d7de"/>'
                   f'<text x="{x}" y="14" class="tick">{year}</text>')  # fmt: skip
    for index, item in enumerate(items):
        y = 30 + ROW * index
        out.append(_timeline_row(item, y, low, scale))
    out.append("</svg>")
    return Markup("\n".join(out))


def _timeline_row(item: Dated, y: int, low: int, scale: float) -> str:
    colour = STATUS_COLOURS[item.status]
    dashed = ' stroke-dasharray="4 3"' if item.span.qualified else ""
    x1 = LABEL_WIDTH + round((item.span.start - low) * scale)
    x2 = max(LABEL_WIDTH + round((item.span.end - low) * scale), x1 + 3)
    if item.span.kind == "range":
        fill = f'fill="{colour}" fill-opacity="0.45" stroke="{colour}" stroke-width="2"{dashed}'
        mark = f'<rect x="{x1}" y="{y + 4}" width="{x2 - x1}" height="12" {fill}/>'
        mark = mark if dashed else mark.replace(' fill-opacity="0.45"', "")
    elif item.span.kind == "period":
        mark = (f'<rect x="{x1}" y="{y + 5}" width="{x2 - x1}" height="10" fill="#fff" '
                f'stroke="{colour}" stroke-width="2"{dashed}/>')  # fmt: skip
    else:
        mark = (f'<polygon points="{x1},{y + 3} {x1 + 7},{y + 10} {x1},{y + 17} {x1 - 7},{y + 10}" '
                f'fill="{colour}"{dashed}/>')  # fmt: skip
    return (
        f'<a href="{escape(item.href)}"><text x="10" y="{y + 14}" class="row">'
        f"{escape(_cut(item.claim_id, 36))}<title>{escape(item.statement)}</title></text></a>"
        f"<g>{mark}<title>{escape(item.claim_id)}: {escape(item.date)}</title></g>"
        f'<text x="{x2 + 10}" y="{y + 14}" class="note">{escape(item.date)} · '
        f"{item.status.value}</text>"
    )


__all__ = [
    "MAX_COLUMNS",
    "STANCE_COLOURS",
    "STATUS_COLOURS",
    "Column",
    "Dated",
    "Row",
    "Span",
    "date_span",
    "legend_items",
    "matrix",
    "stance_icon",
    "stance_shape",
    "timeline",
]
