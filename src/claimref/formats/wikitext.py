"""Sources and claims as Wikipedia wikitext: CS1 citation templates and claims with their refs.

:func:`cite` gives one ``{{cite book}}``, ``{{cite journal}}`` or ``{{cite web}}`` per source, as CS1
wants it: ``last1``/``first1`` per author, ``title`` romanized with ``script-title=ru:…`` holding
the original when the title is Cyrillic (romanization: the ``wikipedia`` scheme of
:mod:`claimref.translit`, iuliia's table of Wikipedia's WP:RUROM), ``language``, ``location``,
``publisher``, ``year`` (or ``date``), ``isbn``, ``pages``. :func:`claims` writes each claim's
statement followed by a named ``<ref>`` per link, reusing named refs, and tags disputed and doubtful
claims. English translations of titles (``transtitle``, ``transbooktitle``, ``transjournaltitle``)
go to ``trans-title``, ``trans-chapter`` and ``trans-journal``. Project-private ``x-`` fields never
appear.

Data is escaped for where it goes, so that Wikipedia shows it as written and it can add no markup:
:func:`escape_text` (statements, ref bodies) writes as HTML entities whatever could open a tag,
comment, link, template, italics, signature or behaviour switch (``<``, ``[``, ``{``, ``''``, ``~~~``,
``__``, an ``&`` that starts an entity, and a line-opening ``*#:;=``), on one line;
:func:`escape_param` (template parameters) also ``|``; ``url=`` is percent-encoded as CS1 asks;
ref names are attribute values (``&quot;``…).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

from claimref.formats.fieldsource import list_items
from claimref.model import Claim, Link, Name, Source, Status
from claimref.translit import has_cyrillic, to_latin

JOURNAL_TYPES = frozenset({"article", "periodical"})
WEB_TYPES = frozenset({"online", "electronic", "www"})
CHAPTER_TYPES = frozenset({"incollection", "inbook", "inproceedings", "bookinbook", "inreference"})


def template(source: Source) -> str:
    """The CS1 template name for a source: ``cite journal``, ``cite web`` or ``cite book``."""
    if source.entry_type in JOURNAL_TYPES:
        return "cite journal"
    if source.entry_type in WEB_TYPES:
        return "cite web"
    return "cite book"


def cite(source: Source, extra: Sequence[tuple[str, str]] = ()) -> str:
    """One CS1 template for ``source``; ``extra`` parameters (``page``, ``quote``…) come last."""
    params = citation_params(source)
    if any(name in ("page", "pages", "at") for name, _ in extra):
        params = [(n, v) for n, v in params if n != "pages"]
    pairs = [(name, value) for name, value in [*params, *extra] if value.strip()]
    body = "".join(f" |{name}={_param(name, value)}" for name, value in pairs)
    return "{{" + template(source) + body + "}}"


def citation_params(source: Source) -> list[tuple[str, str]]:
    """The template's parameters, in the order editors usually write them."""
    params = _people(source.names.get("author", ()), "")
    editors = source.names.get("editor", ())
    if source.get("editortype") == "compiler":
        params.append(("others", "Compiled by " + ", ".join(_given_first(n) for n in editors)))
    else:
        params += _people(editors, "editor")
    title, container = source.title, source.get("journaltitle") or source.get("booktitle")
    translated = source.get("transtitle")
    in_english = source.get("transjournaltitle") or source.get("transbooktitle")
    if source.entry_type in CHAPTER_TYPES:
        params += _title("chapter", title, source, translated)
        params += _title("title", container, source, in_english)
    elif source.entry_type in JOURNAL_TYPES:
        params += _title("title", title, source, translated)
        params += _title("journal", container, source, in_english)
    else:
        params += _title("title", title, source, translated)
    if source.entry_type in WEB_TYPES:
        params.append(("website", source.get("organization") or source.get("journaltitle")))
    places = "; ".join(list_items(source, "location"))
    publishers = "; ".join(list_items(source, "publisher"))
    params += [("volume", source.get("volume") or source.get("part")), ("issue", source.get("number")),
               ("edition", source.get("edition")), ("location", places),
               ("publisher", publishers), _date(source),
               ("pages", source.get("pages").replace("--", "–")), ("isbn", source.get("isbn")),
               ("issn", source.get("issn")), ("doi", source.get("doi")), ("url", source.get("url")),
               ("access-date", source.get("urldate")), ("language", source.language or "")]  # fmt: skip
    return [(name, value) for name, value in params if value]


def _people(names: Sequence[Name], role: str) -> list[tuple[str, str]]:
    params: list[tuple[str, str]] = []
    for number, name in enumerate(names, 1):
        prefix = f"{role}{number}-" if role else ""
        if name.literal:
            params.append((f"{role}{number}" if role else f"author{number}", name.literal))
            continue
        family = f"{name.particle} {name.family}".strip()
        family = f"{family}, {name.suffix}" if name.suffix else family
        params += [(f"{prefix}last" + ("" if role else str(number)), family),
                   (f"{prefix}first" + ("" if role else str(number)), name.given)]  # fmt: skip
    return params


def _given_first(name: Name) -> str:
    return name.literal or " ".join(p for p in (name.given, name.particle, name.family) if p)


def _title(param: str, text: str, source: Source, translation: str = "") -> list[tuple[str, str]]:
    """``title=`` as is, or romanized with ``script-title=ru:original`` for Cyrillic; then
    ``trans-title=`` (``trans-chapter``, ``trans-journal``) when a translation is recorded."""
    trans = [(f"trans-{param}", translation)] if text and translation else []
    if not text or not has_cyrillic(text):
        return [(param, text), *trans]
    lang = (source.language or "ru").split("-")[0]
    return [(param, romanize(text)), (f"script-{param}", f"{lang}:{text}"), *trans]


def romanize(text: str) -> str:
    """Cyrillic → Latin by the ``wikipedia`` scheme of :mod:`claimref.translit` (WP:RUROM)."""
    return to_latin(text, "wikipedia")


def _date(source: Source) -> tuple[str, str]:
    date = source.get("date") or source.get("year")
    return ("year", date) if re.fullmatch(r"\d{4}", date) else ("date", date)


#: Markup in running text: tags and comments, links, templates (also ``-{`` and tables), bold and
#: italics, signatures, behaviour switches (``__NOTOC__``) and an ``&`` that would start an entity.
_MARKUP = re.compile(r"[<\[\]{}]|'{2,}|~{3,}|_{2,}|&(?=#?[0-9A-Za-z]+;)")
#: What opens a list, an indent, a definition, a heading or a horizontal rule at a line's start.
_LINE_START = re.compile(r"^(?:[*#:;=]|-(?=---))")
#: What CS1 asks to percent-encode in ``url=``, and signatures and behaviour switches.
_URL_UNSAFE = re.compile(r"[\s\"'<>\[\]{}|]|~{3,}|_{2,}")
_ENTITY_START = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def _entities(match: re.Match[str]) -> str:
    return "".join(f"&#{ord(char)};" for char in match.group())


def escape_text(value: str) -> str:
    """Running text (a statement, a ref's body) that shows as written: on one line, with markup as
    HTML entities."""
    text = _MARKUP.sub(_entities, " ".join(value.split()))
    return _LINE_START.sub(_entities, text)


def escape_param(value: str) -> str:
    """A named template parameter's value: :func:`escape_text` and ``|`` as ``&#124;`` (``=`` needs
    nothing after the name)."""
    return _MARKUP.sub(_entities, " ".join(value.split())).replace("|", "&#124;")


def escape_url(value: str) -> str:
    """A ``url=`` value: spaces, quotes, brackets, braces, ``|`` and signature or behaviour-switch
    runs percent-encoded, as CS1 asks; an ``&`` that would start an entity as ``&amp;``."""
    text = _URL_UNSAFE.sub(
        lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), value.strip()
    )
    return _ENTITY_START.sub("&amp;", text)


def _param(name: str, value: str) -> str:
    return escape_url(value) if name in ("url", "archive-url") else escape_param(value)


def ref_name(key: str) -> str:
    """A cite key as the value of ``<ref name="…">``, with ``& < > "`` as entities."""
    return html.escape(" ".join(key.split()), quote=True).replace("&#x27;", "'")


def link_params(link: Link) -> list[tuple[str, str]]:
    """``page``/``pages``/``at`` from the locator; ``quote`` and ``trans-quote`` from the quote (a
    Cyrillic quote romanized in ``quote`` and kept in ``script-quote=ru:…``, as titles are)."""
    params: list[tuple[str, str]] = []
    if link.locator:
        value = link.locator.value.replace("--", "–")
        if link.locator.label == "page":
            params.append(("pages" if re.search(r"[–,-]", value) else "page", value))
        else:
            params.append(("at", f"{link.locator.label} {value}"))
    if link.quote:
        if has_cyrillic(link.quote.text):
            lang = (link.quote.lang or "ru").split("-")[0]
            params.append(("quote", romanize(link.quote.text)))
            params.append(("script-quote", f"{lang}:{link.quote.text}"))
        else:
            params.append(("quote", link.quote.text))
        params.append(("trans-quote", link.quote.translation))
    return [(name, value) for name, value in params if value]


def claims(chosen: Sequence[Claim], sources: Mapping[str, Source]) -> str:
    """Each claim as a paragraph: statement, one named ``<ref>`` per link, and an inline tag for
    disputed (``{{Disputed inline}}``) and doubtful (``{{Dubious}}``) claims; then ``{{reflist}}``.

    The first link to a source carries the full citation (``<ref name="KEY">{{cite …}}</ref>``); later
    links to it reuse the name, adding ``{{rp|…}}`` when their page or quote differs."""
    used: dict[str, list[tuple[str, str]]] = {}
    paragraphs = []
    for claim in chosen:
        refs = "".join(_ref(link, sources, used) for link in claim.links)
        label = " ".join(claim.id.split()).replace(">", "&gt;")  # no "-->" ends the comment early
        paragraphs.append(
            f"<!-- claim: {label} -->\n{escape_text(claim.statement)}{refs}{_tag(claim)}"
        )
    return "\n\n".join([*paragraphs, "== References ==\n{{reflist}}"]) + "\n"


def _ref(link: Link, sources: Mapping[str, Source], used: dict[str, list[tuple[str, str]]]) -> str:
    params = link_params(link)
    name = ref_name(link.source)
    if name in used:
        if params == used[name]:
            return f'<ref name="{name}" />'
        original = [(k, link.quote.text if k == "quote" and link.quote else v) for k, v in params]
        rp = "".join(
            f"|{k}={escape_param(v)}"
            for k, v in original
            if k in ("page", "pages", "at", "quote") and v.strip()
        )
        return f'<ref name="{name}" />' + ("{{rp" + rp + "}}" if rp else "")
    used[name] = params
    source = sources.get(link.source)
    body = cite(source, params) if source else escape_text(link.source)
    return f'<ref name="{name}">{body}</ref>'


def _tag(claim: Claim) -> str:
    status, reason = claim.reliability.status, escape_param(claim.reliability.note)
    if status is Status.DISPUTED:
        return "{{Disputed inline|reason=" + reason + "}}"
    if status is Status.DOUBTFUL:
        return "{{Dubious|reason=" + reason + "}}"
    return ""
