"""``cs:label`` and ``cs:number`` as citeproc-js renders them, where citeproc-py differs: labels
honour ``text-case`` in English locales and are plural for ranges, lists and counts above one;
number variables are read and shown part by part (:mod:`claimref.render.numbers`); sort keys hold
no labels. Part of the corrected elements of :mod:`claimref.render.elements`.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model
from citeproc.string import String

from claimref.render import numbers
from claimref.render.tracking import SORTING, Tracked, substituted


class Label(model.Label):  # type: ignore[misc]
    """Labels honour ``text-case`` (``(Ed.)``) in English locales, volume counts are plural, and
    sort keys hold the labels of numbers ("Vol. 1", "4 vols.": a set sorts before its volumes in
    Chicago) but not the role labels of names ("edited by"), as in citeproc-js."""

    def render(self, *args: Any, **kwargs: Any) -> Any:
        if SORTING.get() and str(self.getparent().tag).endswith("}names"):
            return None
        return super().render(*args, **kwargs)

    def case(self, text: Any, language: str | None = None) -> Any:
        locale = getattr(self.get_root(), "claimref_locale", "en")
        return super().case(text, language or locale.split("-")[0])

    def _is_plural(self, item: Any) -> bool:
        """Plural for counts above one and for ranges and lists (``3–5``, ``3, 5``, ``3 & 5``);
        ``2/3`` is one number, as citeproc-js reads it."""
        variable = self.get("variable") or ""
        if variable in numbers.VARIABLES:  # counts too: plural above one
            value = item.reference.get(variable.replace("-", "_"))
            return value is not None and numbers.is_plural(str(value), variable)
        if variable == "locator":
            value = item.locator.identifier if item.has_locator else ""
        else:
            value = item.reference.get(variable.replace("-", "_"))
        return value is not None and bool(_PLURAL.search(str(value)))


class Number(Tracked, model.Number):  # type: ignore[misc]
    """Numbers that a substitute already printed are left out; number variables are read and
    shown part by part as citeproc-js shows them (:mod:`.numbers`)."""

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        if self.get("variable") in substituted(context if context is not None else self):
            return None
        variable = self.get("variable", "")
        value = item.reference.get(variable.replace("-", "_"))
        if variable in numbers.VARIABLES and value is not None:
            form, case = (lambda n: str(self.format_number(str(n))),
                          lambda t: str(model.TextCased.case(self, String(t))))  # fmt: skip
            return Cased(numbers.render(str(value), variable, form, case))
        if (
            "-" in variable
            and variable != "page-first"
            and variable.replace("-", "_") in item.reference
        ):
            return self._process(item.reference[variable.replace("-", "_")], variable)
        return super().process(item, context, **kwargs)

    def case(self, text: Any, language: str | None = None) -> Any:
        return text if isinstance(text, Cased) else super().case(text, language)


class Cased(String):  # type: ignore[misc]
    """Text whose parts have had their text case already (a number variable's)."""


_PLURAL = re.compile(
    r"(?:[A-Za-z]*\d+|\b[ivxlcdm]+)\s*(?:[-–]+|[,&]|and)\s*(?:[A-Za-z]*\d+|[ivxlcdm]+\b)"
)
