"""citeproc-py driven for one style: the parsed :class:`Style` and a :class:`Session` that renders
the entries and citations of one set of CSL-JSON items, with citeproc-py's gaps closed here:

* keys: citeproc-py lowercases them, so ``Samsons1980`` and ``samsons1980`` would collide; items get
  safe ids (``r0``, ``r1``…) and are mapped back;
* locators: items are registered without locators, so a citation's locator never leaks into the
  reference list;
* name variables citeproc-py does not know (``compiler``, ``container-author``…) are read as names
  (:mod:`claimref.render.items`).
Deciding the order, the year suffixes and what to cache is :mod:`claimref.render.pipeline`'s job.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import CitationStylesBibliography, CitationStylesStyle
from citeproc.formatter import plain
from citeproc.source import Citation, Locator, Reference, VariableError
from citeproc.string import String
from lxml import etree  # type: ignore[import-untyped]

from claimref.errors import ClaimrefError
from claimref.render import compiled
from claimref.render.ambiguity import citation_facts
from claimref.render.cites import Cite
from claimref.render.disambiguate import SUFFIX, add_given_names, by_cite_given_names
from claimref.render.elements import CSL_NS, parser
from claimref.render.items import FastItem, read_items
from claimref.render.memo import forget_finds
from claimref.render.output import escape_item, formatter
from claimref.render.punctuation import tidy
from claimref.render.styles import LOCALES_DIR, StyleFile
from claimref.render.tracking import FIRST_NAMES
from claimref.render.typography import join_particles, smart_quotes

#: What citeproc-py raises on data it cannot handle (it has no exception of its own).
CITEPROC_ERRORS = (VariableError, KeyError, TypeError, ValueError, AttributeError, IndexError)


class RenderError(ClaimrefError):
    """citeproc-py could not render an entry or a citation."""


class Style:
    """A parsed style with its locale, ready to render (parsing costs; reuse the object)."""

    def __init__(self, style: StyleFile, locale: str | None, tailoring: bool = True) -> None:
        """``tailoring``: sort each entry in its language's collation (False: UCA root order,
        as citeproc-js sorts with an English locale)."""
        self.file, self.tailoring = style, tailoring
        self.csl = csl = CitationStylesStyle.__new__(CitationStylesStyle)
        csl.xml = etree.parse(str(style.path), parser())
        csl.root = root = csl.xml.getroot()
        self.locale = locale or root.get("default-locale") or "en-US"
        try:
            root.set_locale_list(self.locale, validate=False)
        except ValueError as exc:
            raise ClaimrefError(f"locale {self.locale}: {exc}") from None
        _add_name_elements(root)
        _reparse_locales(root)
        # keep every element (and so its memo, see elements.py) alive as long as the style
        self._elements = [e for tree in (root, *root.locales) for e in tree.iter()]
        compiled.compile_style(root)  # now that the tree is complete
        root.claimref_locale, root.claimref_tailoring, root.formatter = (
            self.locale,
            tailoring,
            plain,
        )
        self.quotes = (str(root.get_single_term("open-quote")) or "“",
                       str(root.get_single_term("close-quote")) or "”")  # fmt: skip
        option = root.get_locale_option("punctuation-in-quote")
        self.punctuation_in_quote = str(option).lower() == "true"
        citation = root.find(f"{{{CSL_NS}}}citation")
        options = dict(citation.attrib) if citation is not None else {}
        self.adds_year_suffix = options.get("disambiguate-add-year-suffix") == "true"
        self.adds_givenname = options.get("disambiguate-add-givenname") == "true"
        self.givenname_rule = options.get("givenname-disambiguation-rule", "by-cite")
        #: What tells works apart in a citation, for year suffixes (none: no suffixes): dates,
        #: and name suffixes where given names are added cite by cite (see :mod:`.disambiguate`).
        self.suffix_dates = _suffix_dates(root, citation) if self.adds_year_suffix else ()
        if self.suffix_dates and self.adds_givenname and self.givenname_rule == "by-cite":
            self.suffix_dates += (SUFFIX,)
        self.numbered = b"citation-number" in style.path.read_bytes()
        self.prints_year_suffix = b'variable="year-suffix"' in style.path.read_bytes()
        # "by-cite" adds names only to cites that would read alike, which year suffixes already
        # tell apart; the other rules add them wherever a name is shared (in-text styles only)
        in_text = root.get("class") == "in-text"
        self.adds_givenname_globally = self.givenname_rule != "by-cite" and in_text
        bibliography = root.bibliography
        self.second_field = bibliography is not None and bool(
            bibliography.get("second-field-align")
        )
        #: Terms an entry may begin with ("n.d."), capitalised there as citeproc-js does.
        self.leading_terms = tuple(
            text for name, form in _LEADING_TERMS
            if (text := str(root.get_single_term(name, form=form) or "")) and text[0].islower()
        )  # fmt: skip
        self.author_substitute = "" if bibliography is None else str(
            bibliography.get("subsequent-author-substitute") or "")  # fmt: skip
        self.suffix_dates += citation_facts(self)  # given-name rule, nameless works (last)

    @property
    def sort_element(self) -> Any:
        """The reference list's ``cs:sort`` (our :class:`~claimref.render.elements.Sort`), if any."""
        bibliography = self.csl.root.bibliography
        return None if bibliography is None else bibliography.find(f"{{{CSL_NS}}}sort")

    def session(self, items: list[dict[str, Any]], fmt: str) -> Session:
        """A :class:`Session` of this style for ``items`` (escaped for ``fmt``)."""
        return Session(self, items, fmt)

    def prepare(self, item: dict[str, Any], fmt: str) -> dict[str, Any]:
        """An item as this style's engine needs it: typographic quotes, escaped for ``fmt``."""
        return escape_item(join_particles(smart_quotes(item, self.quotes)), fmt)

    @property
    def has_bibliography(self) -> bool:
        """True when the style defines a reference list."""
        return bool(self.csl.has_bibliography())


def _reparse_locales(root: Any) -> None:
    """The locale files citeproc-py loaded, parsed again with our memoising parser."""
    fresh = []
    for locale in root.locales:
        if locale.getroottree().getroot().tag == root.tag:  # a locale inside the style
            fresh.append(locale)
            continue
        lang = locale.get("{http://www.w3.org/XML/1998/namespace}lang")
        parsed = etree.parse(str(LOCALES_DIR / f"locales-{lang}.xml"), parser()).getroot()
        parsed.style = root
        fresh.append(parsed)
    root.locales = fresh


def _add_name_elements(root: Any) -> None:
    """Give each ``cs:names`` outside a substitute its ``cs:name`` now: citeproc-py would insert
    one on first use, outside the parsed (memoised, kept alive) elements."""
    name_tag = f"{{{CSL_NS}}}name"
    for names in root.iter(f"{{{CSL_NS}}}names"):
        if names.find(name_tag) is None and not names.xpath_search("ancestor::cs:substitute"):
            names.insert(0, names.makeelement(name_tag))
            forget_finds(names)


class Session:
    """One reference list in the making: items registered with citeproc-py without locators (so a
    citation's locator never reaches the list), under safe ids (citeproc-py lowercases keys, so
    ``Samsons1980`` and ``samsons1980`` would collide)."""

    def __init__(self, style: Style, items: list[dict[str, Any]], fmt: str) -> None:
        """``items``: CSL-JSON items with unique ids, already escaped for ``fmt``."""
        self.style, self.fmt = style, fmt
        self.safe = {str(item["id"]): f"r{i}" for i, item in enumerate(items)}
        self.source = read_items([{**item, "id": self.safe[str(item["id"])]} for item in items])
        self.bib = CitationStylesBibliography(style.csl, self.source, formatter(fmt))
        style.csl.root.claimref_format = fmt
        style.csl.root.claimref_ambiguous = set()
        for key in self.safe.values():  # bib.register's work, without its list search per key
            citation = Citation([FastItem(key, self.source[key])])
            citation.bibliography = self.bib
            self.bib.keys.append(key)
            self.bib.items.append(citation.cites[0])
        #: The registered item of each safe id (the order of ``bib.items`` changes, they do not).
        self.registered = {item.key: item for item in self.bib.items}
        self.suffixes: dict[str, str] = {}
        #: The first names of each entry rendered, as rendered (for subsequent-author-substitute).
        self.names: dict[str, str] = {}

    def rows(self) -> tuple[list[list[str | None]], list[bool]]:
        """Each item's sort-key values as plain text, in item order, and each key's direction."""
        sort = self.style.sort_element
        if sort is None:
            return [[] for _ in self.bib.items], []
        rows, descending = sort.rows(self.bib.items, self.style.csl.root.bibliography.layout)
        return rows, descending

    def directions(self) -> list[bool]:
        """For each sort key of the reference list: True when it sorts in descending order."""
        sort = self.style.sort_element
        return [] if sort is None else list(sort.directions())

    def column(self, index: int, keys: list[str]) -> list[str | None]:
        """Sort key ``index`` (plain text, None when empty) of the items ``keys`` (ids)."""
        position = {item.key: i for i, item in enumerate(self.bib.items)}
        items = [self.bib.items[position[self.safe[key]]] for key in keys]
        layout = self.style.csl.root.bibliography.layout
        return list(self.style.sort_element.column(index, items, layout))

    def arrange(self, order: list[str], suffixes: dict[str, str]) -> None:
        """Put the items in reference-list order (ids) and give them their year suffixes."""
        self.bib.items = [self.registered[self.safe[key]] for key in order]
        self.bib.keys = [item.key for item in self.bib.items]
        self.set_suffixes(suffixes)

    def set_suffixes(self, suffixes: dict[str, str]) -> None:
        """Year suffixes by item id (the letter, or a placeholder filled in later)."""
        self.suffixes = {self.safe[key]: letter for key, letter in suffixes.items()}
        for key, letter in suffixes.items():
            self.source[self.safe[key]].year_suffix = String(letter)

    def entry(self, key: str) -> str:
        """The reference-list entry of item ``key``; empty when the style renders nothing."""
        layout = self.style.csl.root.bibliography.layout
        item = self.registered[self.safe[key]]
        names: list[str] = []
        token = FIRST_NAMES.set(names)
        try:
            texts = layout.render_bibliography([item])
        except CITEPROC_ERRORS as exc:  # citeproc-py fails on some data in some styles
            raise RenderError(f"cannot render '{key}' in {self.style.file.name}: {exc!r}") from None
        finally:
            FIRST_NAMES.reset(token)
        self.names[key] = names[0] if names else ""
        text = str(texts[0]) if texts else ""
        if text and self.style.second_field:
            text = self._second_field(layout, item, text)
        text = self._suffix_years(text, [item.key])
        return _capitalise_term(tidy(text, self.fmt, self.style.punctuation_in_quote),
                                self.style.leading_terms)  # fmt: skip

    def _suffix_years(self, text: str, keys: list[str]) -> str:
        """For styles that never print ``year-suffix``: the suffix after the first year of each
        work, as citeproc-js adds it."""
        if self.style.prints_year_suffix:
            return text
        start = 0
        for key in keys:
            letter = self.suffixes.get(key)
            if not letter:
                continue
            year = _first_year(self.source[key])
            match = re.compile(rf"\b{year}\b").search(text, start) if letter and year else None
            if match:
                text = text[: match.end()] + letter + text[match.end() :]
                start = match.end() + len(letter)
        return text

    def _second_field(self, layout: Any, item: Any, text: str) -> str:
        """``second-field-align``: the first field (``[1]``) set apart, as citeproc-js does."""
        layout.repressed = {}
        try:
            first = layout.getchildren()[0].render(item)
        except VariableError:
            return text
        first = str(first) if first is not None else ""
        if not first or not text.startswith(first):
            return text
        rest = text[len(first) :].lstrip()
        if self.fmt == "html":
            left = f'<div class="csl-left-margin">{first}</div>'
            return f'{left}<div class="csl-right-inline">{rest}</div>'
        return f"{first} {rest}"

    def cite(self, cites: list[Cite]) -> str:
        """One citation (a note, in note styles) of ``cites``, with their locators."""
        items = []
        for cite in cites:
            if cite.key not in self.safe:
                raise ClaimrefError(f"no source '{cite.key}' to cite")
            key = self.safe[cite.key]
            options = (
                {"locator": Locator(cite.label or "page", cite.locator)} if cite.locator else {}
            )
            items.append(FastItem(key, self.source[key], **options))
        citation = Citation(items)
        self.bib.register(citation)
        try:
            text = str(self.bib.cite(citation, lambda item: f"{item.key}?"))
        except CITEPROC_ERRORS as exc:
            keys = ", ".join(cite.key for cite in cites)
            raise RenderError(f"cannot cite {keys} in {self.style.file.name}: {exc!r}") from None
        text = self._suffix_years(text, [item.key for item in items])
        return tidy(text, self.fmt, self.style.punctuation_in_quote)

    def disambiguate_names(self) -> None:
        """Before citations: add given names where the style asks for it, then mark the works
        whose citation would still read like another's (for ``disambiguate="true"``)."""
        style, root = self.style, self.style.csl.root
        if style.adds_givenname and style.adds_givenname_globally:
            add_given_names([item.reference for item in self.bib.items], style.givenname_rule)
        groups = self._alike()
        if groups and style.adds_givenname and style.givenname_rule == "by-cite":
            groups = by_cite_given_names(groups, self.source, self._alike)
        root.claimref_ambiguous = {key for keys in groups for key in keys}

    def _alike(self, keys: set[str] | None = None) -> list[list[str]]:
        """Safe ids of the works (of ``keys``, default all) whose plain citations read alike,
        group by group."""
        citation_element = self.style.csl.root.citation
        alike: dict[str, list[str]] = {}
        items = self.bib.items if keys is None else [i for i in self.bib.items if i.key in keys]
        for item in items:
            probe = Citation([FastItem(item.key, item.reference)])
            probe.bibliography = self.bib
            try:  # a list of its own, so that positions (ibid…) are not disturbed
                text = str(citation_element.render(probe, [], lambda _: ""))
            except CITEPROC_ERRORS:
                continue
            alike.setdefault(text, []).append(item.key)
        return [keys for keys in alike.values() if len(keys) > 1]


def _suffix_dates(root: Any, citation: Any) -> tuple[str, ...]:
    """``issued``, and ``original-date`` where the citation prints it too ("Kaufmann, 1990/2002"
    and "1997/2002" differ, so citeproc-js gives them no year suffix)."""
    layout = citation.find(f"{{{CSL_NS}}}layout")
    todo, seen, variables = [layout], set(), set()
    while todo:
        for node in todo.pop().iter():
            variables.update(str(node.get("variable", "")).split())
            macro = node.get("macro")
            if macro and macro not in seen:
                seen.add(macro)
                todo.append(root.get_macro(macro))
    return ("issued", "original-date") if "original-date" in variables else ("issued",)


#: Terms (name, form) that begin an entry when it has no names or title.
_LEADING_TERMS = (("no date", "short"), ("no date", None), ("forthcoming", None),
                  ("in press", None), ("anonymous", None), ("anonymous", "short"))  # fmt: skip
_OPENING = re.compile(r"^((?:<[^>]+>|[(\[])*)")


def _capitalise_term(text: str, terms: tuple[str, ...]) -> str:
    """An entry that begins with one of ``terms`` ("(n.d.-a).") with a capital ("(N.d.-a).")."""
    opening = _OPENING.match(text)
    start = opening.end() if opening else 0
    if any(text.startswith(term, start) for term in terms):
        return text[:start] + text[start].upper() + text[start + 1 :]
    return text


def _first_year(reference: Reference) -> str:
    issued = reference.get("issued")
    begin = issued.get("begin", issued) if isinstance(issued, dict) else None
    year = begin.get("year") if isinstance(begin, dict) else None
    return str(year) if year else ""
