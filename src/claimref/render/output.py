"""Output formats for rendered citations: text, HTML, Markdown and reStructuredText.

citeproc-py escapes only the text the style itself adds, never the data (``&`` and ``<`` in titles,
``<``/``>`` in DOIs reach HTML as they are), and has no Markdown. Here each format has an escaper for
the data, applied to every string of an item before rendering, and a formatter for the style's markup
(italics, bold…). Markdown's escaper is :func:`claimref.formats.markdown.escape`, the one every
Markdown writer uses; in reStructuredText a ``scheme:`` other than http(s) is escaped too, since
docutils would make a link of ``javascript:…``. Only balanced ``<span class="nocase">…</span>``
pairs (which the CSL-JSON conversion writes) pass unescaped. Rendering itself is the engine's job.
In rendered HTML, :func:`link_urls` makes links of ``http``/``https`` addresses and DOIs (nothing
else), and :func:`standalone_html` wraps a fragment as a complete page.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable
from types import ModuleType, SimpleNamespace
from typing import Any

from claimref.formats import markdown

FORMATS = ("text", "html", "markdown", "rst")
NOCASE = re.compile(r'(<span class="nocase">|</span>)')
_RST_SPECIAL = re.compile(r"([\\`*|_])")
#: A URI scheme that docutils would turn into a link, unless it is http or https.
_RST_SCHEME = re.compile(r"(?<![\w+.-])(?!https?:)([A-Za-z][\w+.-]*):(?=\S)")
_LINE_BREAK = re.compile(r"\s*[\n\r]\s*")


def _wrapper(before: str, after: str) -> Callable[[Any], str]:
    def wrap(text: Any) -> str:
        value = str(text)
        if not value.strip():
            return value
        lead = value[: len(value) - len(value.lstrip())]
        trail = value[len(value.rstrip()) :]
        return f"{lead}{before}{value.strip()}{after}{trail}"

    return wrap


def _identity(text: Any) -> str:
    return str(text)


MARKDOWN = SimpleNamespace(
    preformat=lambda text: markdown.escape(str(text)),
    Italic=_wrapper("*", "*"), Oblique=_wrapper("*", "*"), Bold=_wrapper("**", "**"),
    Light=_identity, Underline=_identity, Superscript=_wrapper("^", "^"),
    Subscript=_wrapper("~", "~"), SmallCaps=_identity,
)  # fmt: skip


def formatter(fmt: str) -> ModuleType | SimpleNamespace:
    """citeproc-py's formatter for ``fmt`` (ours for Markdown)."""
    from citeproc.formatter import html as html_formatter  # noqa: PLC0415  (only when rendering)
    from citeproc.formatter import plain, rst  # noqa: PLC0415

    formatters: dict[str, ModuleType | SimpleNamespace] = {
        "text": plain,
        "html": html_formatter,
        "rst": rst,
        "markdown": MARKDOWN,
    }
    return formatters[fmt]


_CLOSERS = {"html": r"</(?:i|b|span|sup|sub|u)>", "markdown": r"\*{1,2}|\^|~", "rst": r"`"}


def tidy(text: str, fmt: str, punctuation_in_quote: bool) -> str:
    """Punctuation as citeproc-js sets it: no full stop doubled across markup (``<i>…etc.</i>.``),
    and with ``punctuation-in-quote``, a full stop or comma after a closing quote moved inside."""
    closer = _CLOSERS.get(fmt)
    if closer:
        text = re.sub(rf"([.?!…])((?:{closer})+)\.", r"\1\2", text)
    if punctuation_in_quote:
        text = re.sub(r"([”’»])([.,])", r"\2\1", text)
    return text


def plain_text(text: str, fmt: str) -> str:
    """Rendered ``text`` without its markup and escapes (for sort keys)."""
    if fmt == "html":
        return html.unescape(re.sub(r"<[^>]+>", "", text))
    if fmt == "markdown":
        return re.sub(r"\\(.)", r"\1", re.sub(r"(?<!\\)[*^~]", "", text))
    if fmt == "rst":
        return re.sub(r"\\(.)", r"\1", re.sub(r":\w+:`([^`]*)`", r"\1", text))
    return text


def escape(text: str, fmt: str) -> str:
    """Escape data text for ``fmt``, keeping balanced ``<span class="nocase">…</span>`` markers
    intact (a lone or nested marker is data, and escaped)."""
    if fmt == "text":
        return text
    pieces = NOCASE.split(text)
    kept = _balanced_markers(pieces)
    return "".join(p if i in kept else _escape_piece(p, fmt) for i, p in enumerate(pieces))


def _balanced_markers(pieces: list[str]) -> set[int]:
    """The indexes (in ``NOCASE.split``'s pieces: odd ones are markers) of each opening marker
    whose next marker closes it, and of that closing one."""
    markers = list(range(1, len(pieces), 2))
    kept: set[int] = set()
    for here, there in itertools.pairwise(markers):
        if pieces[here] != "</span>" and pieces[there] == "</span>":
            kept.update((here, there))
    return kept


def _escape_piece(text: str, fmt: str) -> str:
    if fmt == "html":
        return html.escape(text, quote=False)
    if fmt == "markdown":
        return markdown.escape(text)
    text = _RST_SPECIAL.sub(r"\\\1", _LINE_BREAK.sub(" ", text))
    return _RST_SCHEME.sub(r"\1\\:", text)


def escape_item(item: dict[str, Any], fmt: str) -> dict[str, Any]:
    """A CSL-JSON item with every string escaped for ``fmt`` (names and dates too)."""
    if fmt == "text":
        return item
    return {key: _escape_value(value, fmt) if key not in ("id", "type", "language") else value
            for key, value in item.items()}  # fmt: skip


def _escape_value(value: Any, fmt: str) -> Any:
    if isinstance(value, str):
        return escape(value, fmt)
    if isinstance(value, list):
        return [_escape_value(v, fmt) for v in value]
    if isinstance(value, dict):
        return {k: _escape_value(v, fmt) if k != "date-parts" else v for k, v in value.items()}
    return value


#: An http(s) address or a ``doi:`` DOI in escaped HTML text; it ends before space, a tag, a quote
#: or an escaped ``<``/``>``.
_URL_CHARS = r"(?:(?!&(?:lt|gt);)[^\s<>\"])+"
_LINKABLE = re.compile(
    rf"(?P<url>https?://{_URL_CHARS})|(?P<doi>doi:\s?10\.\d{{4,9}}/{_URL_CHARS})", re.IGNORECASE
)
_TAG = re.compile(r"(<[^>]*>)")


def link_urls(text: str) -> str:
    """Rendered HTML with each ``http``/``https`` address and each ``doi:`` DOI in its text made a
    link (trailing punctuation and an unbalanced closing parenthesis stay outside); the text inside
    tags and existing links is left alone, and no other scheme (``javascript:``…) is ever linked."""
    pieces, inside_link = _TAG.split(text), False
    for index, piece in enumerate(pieces):
        if index % 2:
            inside_link = piece.lower().startswith("<a ") or (inside_link and piece != "</a>")
        elif not inside_link:
            pieces[index] = _LINKABLE.sub(_link, piece)
    return "".join(pieces)


def _link(match: re.Match[str]) -> str:
    found = match.group(0)
    end = len(found)
    while end and (
        (found[end - 1] in ".,;:!?'" and not re.search(r"&\w+;$", found[:end]))
        or (found[end - 1] == ")" and found[:end].count("(") < found[:end].count(")"))
    ):
        end -= 1
    shown, rest = found[:end], found[end:]
    href = shown if match.group("url") else "https://doi.org/" + shown.split(":", 1)[1].strip()
    return f'<a href="{href}">{shown}</a>{rest}'


def standalone_html(body: str, title: str, lang: str = "en") -> str:
    """``body`` (rendered HTML) as a complete HTML5 page titled ``title`` (escaped here)."""
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        "<style>body{font-family:serif;max-width:48rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.5}.csl-entry{margin:0 0 .8em;padding-left:2em;text-indent:-2em}</style>\n"
        f"</head>\n<body>\n<main>\n<h1>{html.escape(title)}</h1>\n{body}\n</main>\n</body>\n"
        "</html>"
    )
