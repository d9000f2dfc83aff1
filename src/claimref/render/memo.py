"""Lookups kept per parsed CSL element, for speed only: what citeproc-py searches again for every entry.

XPath and ``find`` results, the layout, macros and terms an element refers to, its attributes, the
list of its child elements and which of citeproc-py's markup steps (formatting, affixes,
``strip-periods``, quotes, ``text-case``; ``markup`` as a whole) can change its text at all are worked
out once per element and kept in the element (the engine keeps every element of a parsed style
alive, so the memos live as long as the
style). This assumes the style is not changed
while rendering; whoever adds an element before (``engine._add_name_elements``) calls
:func:`forget_finds`. Rendering corrections are not here (see :mod:`elements`, :mod:`conditions`).
"""

from __future__ import annotations

import functools
from typing import Any

from citeproc import model


class _Memo(model.CitationStylesElement):  # type: ignore[misc]
    """Root, ``find`` and XPath results kept per element: citeproc-py searches the same paths (the
    macro of a name, the layout, the enclosing citation, the locale's options) for every entry."""

    def get_root(self) -> Any:
        root = self.__dict__.get("claimref_root")
        if root is None:
            root = self.__dict__["claimref_root"] = super().get_root()
        return root

    def get_formatter(self) -> Any:
        root = self.get_root()
        return root.style.formatter if isinstance(root, model.Locale) else root.formatter

    def find(self, path: str, namespaces: Any = None) -> Any:
        """lxml's ``find``, its result kept (the style is not changed while rendering; whoever
        changes it before, see ``engine._add_name_elements``, calls :func:`forget_finds`)."""
        memo: dict[str, Any] = self.__dict__.setdefault("claimref_find", {})
        found = memo.get(path, _UNKNOWN)
        if found is _UNKNOWN:
            found = memo[path] = super().find(path, namespaces)
        return found

    def xpath_search(self, expression: str) -> Any:
        memo: dict[str, Any] = self.__dict__.setdefault("claimref_xpath", {})
        if expression not in memo:
            memo[expression] = super().xpath_search(expression)
        return memo[expression]

    def get_layout(self) -> Any:
        layout = self.__dict__.get("claimref_layout")
        if layout is None:
            layout = self.__dict__["claimref_layout"] = super().get_layout()
        return layout

    def get_macro(self, name: str) -> Any:
        macros: dict[str, Any] | None = self.__dict__.get("claimref_macros")
        if macros is None:  # kept by the element that asks (a cs:text asks for one macro)
            macros = self.__dict__["claimref_macros"] = {}
        macro = macros.get(name)
        if macro is None:
            macro = macros[name] = super().get_macro(name)
        return macro


_UNKNOWN = object()


def attribute(element: Any, name: str) -> str | None:
    """The element's attribute ``name`` (None when absent), read once: for attributes that stay
    as parsed while rendering (all but a ``cs:names``' ``variable``, see ``elements.Names``)."""
    memo: dict[str, str | None] = element.__dict__.setdefault("claimref_attributes", {})
    value = memo.get(name, _UNKNOWN)
    if value is _UNKNOWN:
        value = memo[name] = element.get(name)
    return value  # type: ignore[return-value]


def forget_finds(element: Any) -> None:
    """Drop the ``find`` results and children kept for ``element`` (after a child was added)."""
    element.__dict__.pop("claimref_find", None)
    element.__dict__.pop("claimref_children", None)
    element.__dict__.pop("claimref_kinds", None)


def memoised(cls: type[Any]) -> type[Any]:
    """``cls`` (a citeproc-py element class) with the memos of this module."""
    extra: dict[str, Any] = {"format": _format} if issubclass(cls, model.Formatted) else {}
    originals: dict[str, Any] = {}
    for mixin, method in ((model.Affixed, "wrap"), (model.StrippedPeriods, "strip_periods"),
                          (model.Quoted, "quote"), (model.TextCased, "case")):  # fmt: skip
        if issubclass(cls, mixin):
            originals[method] = getattr(cls, method)
            extra[method] = _unless_set(originals[method], _ATTRIBUTES[method])
    extra["claimref_steps"] = originals
    if issubclass(cls, model.Parent) and cls.render_children is model.Parent.render_children:
        extra["render_children"] = render_children
    if cls.get_term is model.CitationStylesElement.get_term:  # not a locale's own
        extra["get_term"] = _get_term
    if getattr(cls, "markup", None) in _MARKUPS:
        extra["markup"] = _bare_unless_set(cls.markup)
    return type(cls.__name__, (_Memo, cls), extra)


#: The attributes without which each of citeproc-py's markup steps returns the text unchanged.
_ATTRIBUTES = {"wrap": ("prefix", "suffix"), "strip_periods": ("strip-periods",),
               "quote": ("quotes",), "case": ("text-case",)}  # fmt: skip


def _unless_set(method: Any, attributes: tuple[str, ...]) -> Any:
    """``method``, skipped (the text returned as it is) on elements that set none of
    ``attributes``: citeproc-py reads them, and the locale's options, for every piece of text."""
    key = f"claimref_{method.__name__}"

    def step(self: Any, text: Any, *args: Any) -> Any:
        needed = self.__dict__.get(key)
        if needed is None:
            needed = self.__dict__[key] = any(a in self.attrib for a in attributes)
        return method(self, text, *args) if needed else text

    return step


def markup_step(element: Any, method: str) -> Any:
    """The element's markup step ``method`` (``wrap``, ``strip_periods``, ``quote``, ``case`` or
    ``format``) as a bound method, or None where it would return the text unchanged (the element
    sets none of its attributes): what the memoised step decides on each call, decided once."""
    if method == "format":
        plain = not any(a in element.attrib for a in _FONT_ATTRIBUTES)
        return None if plain else functools.partial(model.Formatted.format, element)
    original = type(element).claimref_steps.get(method)
    if original is None or not any(a in element.attrib for a in _ATTRIBUTES[method]):
        return None
    return functools.partial(original, element)


def is_bare(element: Any) -> bool:
    """Whether the element sets none of the markup attributes (its ``markup`` then only turns
    empty text into None and numbers into strings, see :func:`_bare_unless_set`)."""
    return not any(a in element.attrib for a in _MARKUP_ATTRIBUTES)


def child_elements(element: Any) -> list[Any]:
    """The child elements, listed once per element (lxml builds the list again on every call)."""
    children: list[Any] | None = element.__dict__.get("claimref_children")
    if children is None:
        children = element.__dict__["claimref_children"] = list(element.iterchildren())
    return children


def render_children(self: Any, item: Any, delimiter: str = "", **kwargs: Any) -> Any:
    """citeproc-py's ``Parent.render_children`` over the listed children."""
    output = []
    kinds = self.__dict__.get("claimref_kinds")
    if kinds is None:  # the children, each with whether it is a choose (which takes the delimiter)
        kinds = self.__dict__["claimref_kinds"] = [
            (child, isinstance(child, model.Choose)) for child in child_elements(self)
        ]
    for child, choose in kinds:
        try:
            if choose:
                text = child.render(item, delimiter=delimiter, **kwargs)
            else:
                text = child.render(item, **kwargs)
            if text is not None:
                output.append(text)
        except model.VariableError:
            pass
    return model.join(output, delimiter) if output else None


def _get_term(self: Any, name: str, form: Any = None, fallback_locale: bool = True,
              zero_padded: bool = False) -> Any:  # fmt: skip
    """citeproc-py's term lookup (an XPath search in each locale), kept per root and arguments:
    the locales of a parsed style do not change while rendering."""
    terms: dict[tuple[Any, ...], Any] = self.get_root().__dict__.setdefault("claimref_terms", {})
    key = (name, form, fallback_locale, zero_padded)
    term = terms.get(key, _UNKNOWN)
    if term is _UNKNOWN:
        term = terms[key] = model.CitationStylesElement.get_term(
            self, name, form, fallback_locale, zero_padded
        )
    return term


#: The formatting attributes of ``Formatted.format``; an element with none of them formats nothing.
_FONT_ATTRIBUTES = ("font-style", "font-variant", "font-weight", "text-decoration",
                    "vertical-align")  # fmt: skip
#: citeproc-py's ``markup`` methods that only chain the markup steps (kept above) on non-empty text.
_MARKUPS = {model.Text.markup, model.Date_Part.markup, model.Number.markup, model.Names.markup,
            model.Name.markup, model.Et_Al.markup, model.Label.markup, model.Group.markup}  # fmt: skip
#: Every attribute that one of the markup steps reads.
_MARKUP_ATTRIBUTES = (*_FONT_ATTRIBUTES, *(a for names in _ATTRIBUTES.values() for a in names))


def _bare_unless_set(markup: Any) -> Any:
    """citeproc-py's ``markup``, skipped on elements that set none of the markup attributes: each
    step would return the text unchanged (``format`` turns a number into a string)."""

    def bare_markup(self: Any, text: Any, *args: Any) -> Any:
        bare = self.__dict__.get("claimref_bare")
        if bare is None:
            attributes = self.attrib
            bare = self.__dict__["claimref_bare"] = not any(
                a in attributes for a in _MARKUP_ATTRIBUTES
            )
        if not bare:
            return markup(self, text, *args)
        if not text:
            return None
        return str(text) if isinstance(text, (int, float)) else text

    return bare_markup


def _format(self: Any, string: Any) -> Any:
    """citeproc-py's ``Formatted.format``, skipped for elements without formatting attributes (it
    asks for the formatter five times per call, for nothing)."""
    plain = self.__dict__.get("claimref_plain")
    if plain is None:
        attributes = self.attrib
        plain = self.__dict__["claimref_plain"] = not any(a in attributes for a in _FONT_ATTRIBUTES)
    if not plain:
        return model.Formatted.format(self, string)
    return str(string) if isinstance(string, (int, float)) else string
