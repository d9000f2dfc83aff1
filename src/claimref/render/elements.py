"""citeproc-py's CSL elements, corrected where it differs from citeproc-js, and the style parser.

The style is parsed with our own element lookup: the classes below replace citeproc-py's for their
tags, for the styles we load only (nothing is patched globally). They fix: ``initialize="false"``
(Chicago's "Falkov, Yaacov"), sorting by code point (UCA collation, see :mod:`collate`),
substituted variables printed a second time (an anonymous work's title, an editor-only book's
editor), group suppression judged by what was rendered, names in substitute branches, lowercase
role labels, volume counts, plurals, number variables part by part (:mod:`labels`), page ranges
(:mod:`pages`), literal dates and seasons, quotes inside quotes, initials (:mod:`textforms`) and
title case (:mod:`titlecase`); ``cs:if`` is in :mod:`conditions`,
``cs:layout``'s citations in :mod:`citation`. XPath and other lookups are memoised per element
(:mod:`memo`).
Render-time state (open groups, sort-key mode) is kept by :mod:`tracking`. Choosing styles and
rendering whole bibliographies is left to :mod:`claimref.render.engine`.
"""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc.string import String
from lxml import etree  # type: ignore[import-untyped]

from claimref.render import numbers
from claimref.render.addnames import SHOWN, et_al_option, keeps_whole, shown_names
from claimref.render.citation import Layout
from claimref.render.collate import sort_order
from claimref.render.conditions import Choose, Else_If, If
from claimref.render.dates import Date, DatePart
from claimref.render.labels import Cased, Label, Number
from claimref.render.memo import attribute, child_elements, memoised
from claimref.render.output import plain_text
from claimref.render.pages import page_range
from claimref.render.punctuation import KEEP
from claimref.render.textforms import QUOTE_TERMS, alternate, initials
from claimref.render.titlecase import applies, title_case
from claimref.render.tracking import (
    FIRST_NAMES,
    FRAMES,
    LAST_INSTITUTION,
    SORTING,
    SUBSTITUTED,
    Calls,
    Tracked,
    framed,
    has_names,
    merge,
    substituted,
    track,
)
from claimref.render.typography import is_institution

CSL_NS = "http://purl.org/net/xbiblio/csl"


class Name(model.Name):  # type: ignore[misc]
    """``initialize="false"``: given names stay whole; only existing initials get the mark. With
    ``demote-non-dropping-particle="sort-only"``, sort keys demote the particle (van den Berg → B).
    Sort keys hold every name in sort order and no "and" or "et al.", as in citeproc-js ("Doe, J.,
    Roe, R.")."""

    def get_option(self, name: str, context: Any = None, sort_options: Any = None) -> Any:
        if sort_options and name in sort_options:
            value = super().get_option(name, context, sort_options)
        else:  # from the element, its citation or bibliography, or the style: read once each
            memo: dict[tuple[str, Any], Any] = self.__dict__.setdefault("claimref_options", {})
            value = memo.get((name, context), _UNSET)
            if value is _UNSET:
                value = memo[name, context] = super().get_option(name, context, None)
        if name == "demote-non-dropping-particle" and value == "sort-only" and SORTING.get():
            return "display-and-sort"
        if name == "and" and SORTING.get():
            return None
        if name == "delimiter-precedes-last" and LAST_INSTITUTION.get():
            return "contextual"  # citeproc-js joins an institution with cs:institution's default
        if name == "name-as-sort-order" and SORTING.get():
            return "all"
        if name in ("et-al-use-first", "et-al-min") and not SORTING.get():
            return et_al_option(name, value)  # names added to tell works apart (addnames.py)
        return value

    def et_al(self) -> Any:
        return None if SORTING.get() else super().et_al()

    def process(self, item: Any, variable: str, *args: Any, **kwargs: Any) -> Any:
        names = item.reference.get(variable, [])
        token = LAST_INSTITUTION.set(bool(names) and is_institution(names[-1]))
        shown = SHOWN.set(shown_names(item.reference, variable, len(names)))
        try:
            return super().process(item, variable, *args, **kwargs)
        finally:
            LAST_INSTITUTION.reset(token)
            SHOWN.reset(shown)

    def initialize(self, given: Any, mark: str, context: Any) -> Any:
        if keeps_whole(str(given)):  # a given name added to tell people apart (addnames.py)
            return given
        if _inherited(self, "initialize", context) != "false":
            hyphen = self.get_option("initialize-with-hyphen", context)
            return initials(str(given), mark, hyphen not in (False, "false"))
        words = str(given).replace(".-", ". ").replace(".", ". ").split()  # "J.-D." → "J. D."
        dotted = [w.rstrip(".") + mark.rstrip() if len(w.rstrip(".")) == 1 else w for w in words]
        return " ".join(dotted)


_UNSET = object()


class Sort(model.Sort):  # type: ignore[misc]
    """Sort keys compared with the Unicode Collation Algorithm in the collation of the output
    locale; missing keys last (as in citeproc-js), numbers as numbers (see :mod:`collate`)."""

    def sort(self, items: list[Any], context: Any) -> list[Any]:
        rows, descending = self.rows(items, context)
        tailored = getattr(self.get_root(), "claimref_tailoring", True)
        locale = str(getattr(self.get_root(), "claimref_locale", ""))
        language = locale.split("-", maxsplit=1)[0].lower() if tailored and locale else None
        languages = [language] * len(items)
        return [items[i] for i in sort_order(rows, descending, languages, locale)]

    def rows(self, items: list[Any], context: Any) -> tuple[list[list[str | None]], list[bool]]:
        """Each item's sort-key values as plain text (None when empty), and each key's direction."""
        directions = self.directions()
        columns = [self.column(index, items, context) for index in range(len(directions))]
        return [[column[i] for column in columns] for i in range(len(items))], directions

    def directions(self) -> list[bool]:
        """For each key: True when it sorts in descending order."""
        keys = self.findall("cs:key", self.nsmap)
        return [key.get("sort", "ascending").lower() == "descending" for key in keys]

    def column(self, index: int, items: list[Any], context: Any) -> list[str | None]:
        """Sort key ``index`` of each of ``items``, as plain text (None when empty)."""
        key = self.findall("cs:key", self.nsmap)[index]
        fmt = getattr(self.get_root(), "claimref_format", "text")
        token = SORTING.set(True)
        try:
            values = key.sort_keys(items, context)
        finally:
            SORTING.reset(token)
        return [_plain(value, fmt) for value in values]


def _plain(value: Any, fmt: str) -> str | None:
    text = plain_text(str(value), fmt).strip() if value is not None else ""
    return text or None


class Group(model.Group):  # type: ignore[misc]
    """A group is left out when it called variables and all of them were empty, judged by what was
    actually rendered (citeproc-py counts variables in choose branches that were not taken)."""

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        frame = Calls()  # framed(), inline: a group is rendered 30 times per entry
        FRAMES.append(frame)
        try:
            output = self._children(item, context, kwargs)
        finally:
            FRAMES.pop()
        shown = bool(output) and (not frame.called or bool(frame.rendered) or frame.nested)
        merge(frame, shown, group=True)
        if shown:
            return self.join(output)
        raise model.VariableError

    def _children(self, item: Any, context: Any, kwargs: dict[str, Any]) -> list[Any]:
        output = []
        delimiter = attribute(self, "delimiter") or ""
        for child in child_elements(self):
            try:
                if isinstance(child, model.Choose):
                    text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except model.VariableError:
                continue
            if text is not None:
                output.append(text)
        return output


class Substitute(model.Substitute):  # type: ignore[misc]
    """The first substitute that renders wins, and every variable it rendered (also through a
    macro) is left out of the rest of the entry."""

    def render(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        for child in self.getchildren():
            options = dict(kwargs, context=context)
            if isinstance(child, model.Names) and child.name is None:
                options["names_context"] = self.xpath_search("./parent::cs:names[1]")[0]
            text, frame = framed(lambda c=child, o=options: _try_render(c, item, o))
            merge(frame, bool(text), group=False)
            if text:
                self.add_to_repressed_list(child, context)
                layout = (context if context is not None else self).get_layout()
                layout.repressed.setdefault(SUBSTITUTED, set()).update(frame.rendered)
                return text
        return None


def _try_render(element: Any, item: Any, options: dict[str, Any]) -> Any:
    try:
        return element.render(item, **options)
    except model.VariableError:
        return None


#: What a ``cs:text`` can render, in citeproc-py's order of precedence.
TEXT_SOURCES = ("variable", "macro", "term", "value")


class Text(Tracked, model.Text):  # type: ignore[misc]
    """A text variable that a substitute already printed is left out."""

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        """citeproc-py's, with what the element renders (a variable, macro, term or value)
        read once."""
        if context is None:
            context = self
        language = item.reference.get("language")
        if language is None:
            language = self.get_root().get("default-locale", "en")
        source = self.__dict__.get("claimref_source")
        if source is None:
            source = self.__dict__["claimref_source"] = next(
                ((kind, self.get(kind)) for kind in TEXT_SOURCES if kind in self.attrib), ("", "")
            )
        kind, name = source
        if kind == "variable":
            text = self._variable(item, context)
            if name in numbers.VARIABLES and text is not None:  # cased part by part
                case = lambda t: str(self.case(String(t), language[:2]))  # noqa: E731
                text = Cased(numbers.render(str(text), name, str, case))
        elif kind == "macro":  # a group to citeproc-js, which expands it in one
            text, frame = framed(lambda: self.get_macro(name).render(item, context))
            shown = bool(text) and (not frame.called or bool(frame.rendered) or frame.nested)
            merge(frame, shown, group=True)
            text = text if shown else None
        elif kind == "term":
            text = self._term(item)
        else:
            value = KEEP + name if name in (".", ",") else name  # see punctuation.KEEP
            text = String(self.preformat(value)) if kind else None
        return text, language[:2]

    def _variable(self, item: Any, context: Any) -> Any:
        name = attribute(self, "variable")
        if name in substituted(context) or (name == "year-suffix" and SORTING.get()):
            return None  # sort keys hold no year suffix: it is given after sorting
        text = super()._variable(item, context)
        if text is None or name not in ("page", "locator"):
            return text
        if name == "page":
            return String(self._page_range(str(item.reference["page"])))
        if item.locator.label == "page":
            return String(self._page_range(str(item.locator.identifier)))
        return text

    def _page_range(self, value: str) -> str:
        """A page or page locator in the style's ``page-range-format``, as citeproc-js sets it."""
        root = self.get_root()
        options = root.__dict__.get("claimref_page_options")
        if options is None:
            delimiter = str(self.get_single_term("page-range-delimiter") or "") or "–"
            options = root.__dict__["claimref_page_options"] = (
                root.get("page-range-format"), delimiter)  # fmt: skip
        return page_range(value, *options)

    def quote(self, text: Any) -> Any:
        """Quotation marks around text that holds quoted text: the inner marks become the
        locale's inner quotes (“The ‘Brief’ Eden”), as citeproc-js alternates them."""
        if text is not None and str(self.get("quotes", "")).lower() == "true":
            marks = [str(self.get_single_term(term) or "") for term in QUOTE_TERMS]
            if all(marks) and (marks[0] in str(text) or marks[1] in str(text)):
                text = alternate(text, marks)
        return super().quote(text)

    def case(self, text: Any, language: str | None = None) -> Any:
        """Title case as citeproc-js gives it, and where (:func:`.titlecase.applies`)."""
        if isinstance(text, Cased):
            return text
        if self.get("text-case") != "title" or text is None:
            return super().case(text, language)
        default = str(self.get_root().get("default-locale", "en"))
        return title_case(text) if applies(self.get("variable"), language, default) else text


class Names(model.Names):  # type: ignore[misc]
    """Name variables that a substitute already printed are left out; the first names of an
    entry are noted for ``subsequent-author-substitute`` (see :data:`FIRST_NAMES`)."""

    def render(self, item: Any, *args: Any, **kwargs: Any) -> Any:
        holder = FIRST_NAMES.get()
        first = holder is not None and not holder and not SORTING.get()
        if first and holder is not None:
            holder.append("")
        result = self._render(item, *args, **kwargs)
        if first and holder is not None and result is not None and has_names(item):
            holder[0] = str(result)  # not a title standing in for names (no "———" for it)
        return result

    def _render(self, item: Any, *args: Any, **kwargs: Any) -> Any:
        context = kwargs.get("context")
        done = substituted(context if context is not None else self)
        roles = self.get("variable", "").split()
        kept = [role for role in roles if role not in done]
        if kwargs.get("names_context") is None and self.name is None:  # inherit, at any depth
            outer = self.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names[1]")
            kwargs["names_context"] = outer[0] if outer else None
        if not kept:
            return track(roles, None)
        narrowed = len(kept) < len(roles)
        if narrowed:  # citeproc-py reads the roles from the attribute
            self.set("variable", " ".join(kept))
        try:
            result = super().render(item, *args, **kwargs)
        except model.VariableError:  # no names and no substitute: an empty call all the same
            track(kept, None)
            raise
        finally:
            if narrowed:
                self.set("variable", " ".join(roles))
        present = [role for role in kept if role.replace("-", "_") in item.reference]
        return track(present or kept, result)


OVERRIDES: dict[str, type[Any]] = {
    "name": Name, "sort": Sort, "substitute": Substitute, "text": Text, "names": Names,
    "label": Label, "number": Number, "group": Group, "date": Date, "if": If, "else-if": Else_If,
    "choose": Choose, "layout": Layout, "date-part": DatePart,
}  # fmt: skip


def parser() -> etree.XMLParser:
    """An XML parser that builds CSL styles from citeproc-py's element classes and ours."""
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(CSL_NS)
    namespace[None] = memoised(model.CitationStylesElement)
    classes = {cls.__name__.replace("_", "-").lower(): cls
               for cls in model.CitationStylesElement.__subclasses__()
               if cls.__module__ == model.__name__}  # fmt: skip
    classes.update(OVERRIDES)
    for tag, cls in classes.items():
        namespace[tag] = _MEMOISED.setdefault(cls, memoised(cls))
    xml_parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
    xml_parser.set_element_class_lookup(lookup)
    return xml_parser


_MEMOISED: dict[type[Any], type[Any]] = {}


def _inherited(element: Any, name: str, context: Any) -> str | None:
    """An inheritable name option: the element's own, else its citation's or bibliography's, else
    the style's."""
    if element.get(name) is not None:
        return str(element.get(name))
    anchor = context if context is not None else element
    found = anchor.xpath_search("./ancestor::*[self::cs:citation or self::cs:bibliography][1]")
    for holder in (*found, element.get_root()):
        if holder.get(name) is not None:
            return str(holder.get(name))
    return None
