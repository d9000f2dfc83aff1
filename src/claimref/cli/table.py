"""Tables for the terminal: aligned columns that use its width, or tab-separated rows for a pipe.

Only layout: the commands decide the rows. On a terminal the long text column (a statement, a
reference) takes the room the other columns leave; those are shortened only when the terminal cannot
hold them and a readable stretch of it. Piped output is never shortened.
"""

from __future__ import annotations

import sys

#: A column other than the long text one is not shortened below this many characters…
KEEP = 30
#: …and only when the long text column would otherwise get fewer than this many.
TEXT_WISH = 40


def terminal_width() -> int | None:
    """The terminal's width; None when output goes to a pipe or file (then nothing is shortened)."""
    if not sys.stdout.isatty():
        return None
    import shutil  # noqa: PLC0415  (with its compression modules: 2 ms, for a pipe in vain)

    return max(60, shutil.get_terminal_size((100, 24)).columns)


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[: max(width - 1, 1)].rstrip() + "…"


def table(rows: list[list[str]], flexible: int, width: int | None = None) -> str:
    """``rows`` (the first is the header) laid out for a terminal ``width`` characters wide (default:
    this one's), column ``flexible`` taking the room left and the first column (an id) never
    shortened; to a pipe or file, tab-separated rows
    without the header, nothing shortened."""
    total = terminal_width() if width is None else width
    if total is None:
        return "\n".join("\t".join(row) for row in rows[1:])
    widths = _widths(rows, flexible, total)
    lines = []
    for row in rows:
        cells = [shorten(c, widths[i]).ljust(widths[i]) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _widths(rows: list[list[str]], flexible: int, total: int) -> list[int]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    others = [i for i in range(len(widths)) if i != flexible]
    room = total - 2 * (len(widths) - 1)
    over = sum(widths[i] for i in others) - (room - min(widths[flexible], TEXT_WISH))
    for i in sorted(others[1:] if flexible else others, key=lambda i: -widths[i]):  # not the id
        cut = min(max(over, 0), max(widths[i] - KEEP, 0))
        widths[i] -= cut
        over -= cut
    widths[flexible] = max(20, min(widths[flexible], room - sum(widths[i] for i in others)))
    return widths
