"""Dates as citeproc-js renders them, where citeproc-py differs: a literal date printed once (where
the date shows its year), date ranges with the differing parts as one range in the date's order
("December 3–5, 1986", "1986–1987"), a locale date's ``delimiter`` kept ("1968 Apr 4"), and seasons
(months 21–24) as the locale's terms. Part of the corrected elements of :mod:`.elements`.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model
from citeproc.source import LiteralDate
from citeproc.string import String

from claimref.render.memo import attribute, child_elements
from claimref.render.tracking import SORTING, Tracked


class Date(Tracked, model.Date):  # type: ignore[misc]
    """Dates count as called variables for group suppression; a literal date ("in press") is
    printed only where the date shows its year, as citeproc-js does (not again as month-day), and
    gives no sort key (citeproc-js sorts it with the undated works)."""

    def process(self, item: Any, variable: Any = None, show_parts: Any = None,
                context: Any = None, **kwargs: Any) -> Any:  # fmt: skip
        name = variable or attribute(self, "variable") or ""
        if isinstance(item.reference.get(name.replace("-", "_")), LiteralDate):
            if SORTING.get():
                return None
            if self.get("form") is not None and not self.is_locale_date():
                shown = (self.get("date-parts") or "year-month-day").split("-")
            elif show_parts is not None:
                shown = show_parts
            else:
                shown = [part.get("name") for part in child_elements(self)]
            if "year" not in shown:
                return None
        return super().process(item, variable, show_parts, context, **kwargs)

    def render_date_range(self, date_range: Any, show_parts: Any = None,
                          context: Any = None) -> Any:  # fmt: skip
        """A date range as citeproc-js writes it: the parts that differ as one range in the
        date's order, the shared ones once ("December 3–5, 1986"). citeproc-py put the shared
        parts last ("3– 5December"), lost the year of later dates (it changed the list of parts
        it was given) and failed when called from a sort key."""
        if context is None or not callable(getattr(context, "join", None)):
            context = self
        shown = list(show_parts) if show_parts is not None else ["year", "month", "day"]
        begin, end = date_range.begin, date_range.end
        if end.is_nil():
            return self.render_single_date(begin, shown, context)
        return date_range_text(self, begin, end, shown, context)

    def render_single_date(self, date: Any, show_parts: Any = None, context: Any = None) -> Any:
        """A localized date's parts joined with the locale date's ``delimiter`` when the date
        that calls it sets none ("1968 Apr 4" in NLM styles, not "1968Apr4")."""
        own = self.get("delimiter")
        if (own is not None and context is not None and context is not self
                and context.get("delimiter") is None and self.is_locale_date()):  # fmt: skip
            parts = self.parts(date, show_parts, context)
            return self.join(parts) if parts else None
        return super().render_single_date(date, show_parts, context)


def date_range_text(date: Any, begin: Any, end: Any, shown: list[str], context: Any) -> Any:
    """See :meth:`Date.render_date_range`: ``date`` is the ``cs:date`` whose parts are used."""
    names = [part.get("name") for part in child_elements(date)]
    names = [n for n in names if n in shown and begin.get(n) is not None]
    differ = [i for i, name in enumerate(names) if begin.get(name) != end.get(name)]
    if not differ:
        return date.render_single_date(begin, shown, context)
    first, last = differ[0], differ[-1]
    pieces = [str(date.render_single_date(begin, [name], context) or "") for name in names]
    ends = [
        str(date.render_single_date(end, [name], context) or "") for name in names[first : last + 1]
    ]
    own = date.get("delimiter")  # a locale date's delimiter, where the calling date sets none
    if own and context is not date and context.get("delimiter") is None and date.is_locale_date():
        pieces = [p + own if p and i < len(pieces) - 1 else p for i, p in enumerate(pieces)]
        ends = [p + own if p and i < len(ends) - 1 else p for i, p in enumerate(ends)]
    low = "".join(pieces[first : last + 1]).rstrip(" ,")
    era = str(date.get_single_term(name="ad") or "")
    if era and 0 < int(begin.year) < 1000 and 0 < int(end.year) < 1000:  # "11–12 AD"
        low = re.sub(rf"(?<!\d)({int(begin.year)}){re.escape(era)}", r"\1", low, count=1)
    high = "".join(str(p) for p in ends)
    trail = high[len(high.rstrip(" ,")) :]
    middle = f"{low}–{high.strip(' ,')}{trail}"
    text = "".join(str(p) for p in pieces[:first]) + middle
    return String(text + "".join(str(p) for p in pieces[last + 1 :]))


class DatePart(model.Date_Part):  # type: ignore[misc]
    """A season (see ``items._season``, and a month 21–24 or 13–16 in a range) is written as its
    term in every month form: citeproc-py fails an assertion in numeric forms and finds no short
    term ("Spring 1985" in MLA, "Spring–Summer")."""

    def process(self, date: Any, context: Any = None) -> Any:
        if self.get("name") == "year" and int(date.year) == 0:
            return None  # citeproc-js prints no year 0 (nor its era)
        season = _season(date) if self.get("name") == "month" else None
        if season:
            holder = context if context is not None else self
            return holder.get_single_term(name=f"season-{season:02}")
        return super().process(date, context)


def _season(date: Any) -> int | None:
    """The season of a date: its own, or a month 21–24 or 13–16 read as one (also in ranges,
    where citeproc-py keeps the month as given), as citeproc-js reads them."""
    if "month" not in date:
        return int(date.season) if "season" in date else None
    month = int(date.month)
    return month - 20 if 21 <= month <= 24 else month - 12 if 13 <= month <= 16 else None
