"""CSL title case as citeproc-js (2.4) applies it, step for step (``CSL.Output.Formatters.title``),
and when it applies it.

The text is cut at punctuation (quotes, dashes, slashes, brackets, ``.,;?!:``) and at ``nocase``
pieces; every word of two or more letters that is all lowercase gets a capital unless it is a stop
word (citeproc-js's list, read as the regular expressions it builds from it: ``v.`` matches
``v0``), and so does the first word, a word after ``?``, ``!`` or ``:``, and a last word that is a
stop word. A word after a closing quote that opens no quotation (an apostrophe: ``d’infirmes``)
keeps its first letter as written. Which items are title-cased at all is :func:`applies`. No
rendering here: :mod:`claimref.render.elements` calls these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from citeproc.string import MixedString, NoCase, String

from claimref.render.punctuation import LITERAL

#: citeproc-js's ``CSL.SKIP_WORDS``, less its entries of several words (" thru", "according to"…),
#: which can never match: the test is made on one word at a time.
_SKIP_WORDS = (
    "about above across afore after against al along alongside amid amidst among amongst anenst "
    "apropos apud around as aside astride at athwart atop barring before behind below beneath "
    "beside besides between beyond but by circa despite down during et except for forenenst from "
    "given in inside into lest like modulo near next notwithstanding of off on onto out over per "
    "plus pro qua sans since than through throughout thruout till to toward towards under "
    "underneath until unto up upon versus vs. v. vs v via vis-à-vis with within without or yet so "
    "for and nor a an the de d' von van c ca"
).split()
#: The stop-word test, built as citeproc-js builds it (the words are regular expressions there).
_SKIP = re.compile(r"(?:(?:[?!:]*\s+|-|^)(?:" + "|".join(_SKIP_WORDS) + r")(?=[!?:]*\s+|-|\Z))")
_OPEN, _CLOSE = "\ue040", "\ue041"  # stand for <span class="nocase"> and </span>
#: The tags of a nocase span printed as text (see :data:`claimref.render.punctuation.LITERAL`),
#: which citeproc-js's title case reads as nocase tags all the same.
_TEXT_OPEN, _TEXT_CLOSE = f'<span{LITERAL} class="nocase">', f"</span{LITERAL}>"
_TAG = re.compile(
    "(?:\u2018|\u2019|\u201c|\u201d| \"| '|\"|'|[-\u2013\u2014/.,;?!:]|\\[|\\]|\\(|\\)|"
    + "|".join(map(re.escape, (_OPEN, _CLOSE, _TEXT_OPEN, _TEXT_CLOSE))) + ")"
)  # fmt: skip
_SPACE = re.compile("[\u00a0 \u2000-\u200b\u205f\u3000]+")
_QUOTE = re.compile("(^(?:\u2018|\u2019|\u201c|\u201d|\"|')|(?: \"| ')$)")
#: An opening mark: the mark that would open a quotation inside it, and the one closing it.
_QUOTES = {' "': (" '", '"'), " '": (' "', "'"), "\u2018": ("\u2018", "\u2019"),
           "\u201c": ("\u201c", "\u201d")}  # fmt: skip
_GREEK = re.compile("[\u0370-\u03ff]")
#: The text variables citeproc-js title-cases only in English items (``CSL.MULTI_FIELDS``).
MULTI_FIELDS = frozenset(
    "event publisher publisher-place event-place title container-title collection-title "
    "authority genre title-short medium country jurisdiction archive archive-place".split()
)


def applies(variable: str | None, language: str | None, default: str) -> bool:
    """Does ``text-case="title"`` change this text? Always, except for the variables of
    :data:`MULTI_FIELDS` in an item whose language (else the style's ``default``) is not English;
    a language citeproc-js cannot read counts as not English."""
    if variable is None or variable not in MULTI_FIELDS:
        return True
    if language is None:
        return default[:2].lower() == "en"
    found = re.match("[a-zA-Z]{2}", language)
    return found is not None and found.group().lower() == "en"


@dataclass
class _State:
    first: bool = True
    after_punct: bool = False
    nocase: list[str] = field(default_factory=list)
    quotes: list[tuple[str, str, int | None]] = field(default_factory=list)
    last: tuple[int, int] | None = None


def _capitalise(word: str) -> str:
    found = re.match(r"(\s*)(.)(.*)", word)
    if found is None or (_GREEK.fullmatch(found[2]) and not found[3]):
        return word
    return found[1] + found[2].upper() + found[3]


def _words(state: _State, text: str, index: int, following: str | None) -> str:
    if not text.strip():
        return text
    words, spaces = _SPACE.split(text), _SPACE.findall(text)
    for j, word in enumerate(words):
        if not word:
            continue
        lower = word.lower()
        capital = (
            (len(word) > 1 and not _SKIP.search(lower))
            or (j == len(words) - 1 and following == "-")
            or state.first
            or state.after_punct
        )
        if capital and word == lower:
            words[j] = _capitalise(word)
        state.after_punct = state.first = False
        state.last = (index, j)
    return _join(words, spaces)


def _join(strings: list[str], tags: list[str]) -> str:
    return strings[0] + "".join(tag + text for tag, text in zip(tags, strings[1:], strict=True))


def _quote(state: _State, tag: str, position: int) -> int | None:
    """citeproc-js's quote bookkeeping: the string whose first letter goes back as written."""
    found = _QUOTE.search(tag)
    if found is None:
        return None
    mark = found[1]
    if mark in _QUOTES:
        opener, closer = _QUOTES[mark]
        if not state.quotes or mark == state.quotes[-1][0]:
            state.quotes.append((opener, closer, position))
            return None
        previous = state.quotes.pop()[2]
        state.quotes.append((opener, closer, None))
        return previous
    if state.quotes and mark == state.quotes[-1][1]:
        state.quotes.pop()
        return None
    return position


def _split(text: str) -> tuple[list[str], list[str]]:
    tags, strings = _TAG.findall(text), _TAG.split(text)
    for i in range(len(tags) - 1, -1, -1):
        if tags[i] == "'" and strings[i + 1]:
            strings[i + 1], tags[i] = "'" + strings[i + 1], ""
    return tags, strings


def title_case_text(text: str) -> str:
    """``text`` (nocase pieces between :data:`_OPEN` and :data:`_CLOSE`) in CSL title case."""
    state = _State()
    tags, strings = _split(text)
    original = list(strings)
    if strings[0].strip():
        strings[0] = _words(state, strings[0], 0, tags[0] if tags else None)
    for i, tag in enumerate(tags):
        _after_tag(state, tag, i, strings, original)
    for _opener, _closer, position in state.quotes:
        if position is not None:
            strings[position + 1] = original[position + 1][:1] + strings[position + 1][1:]
    if state.last is not None:
        where, j = state.last
        words, spaces = _SPACE.split(strings[where]), _SPACE.findall(strings[where])
        if len(words[j]) > 1 and _SKIP.search(words[j].lower()):
            words[j] = _capitalise(words[j])
            strings[where] = _join(words, spaces)
    return _join(strings, tags)


def _after_tag(state: _State, tag: str, i: int, strings: list[str], original: list[str]) -> None:
    """One step of citeproc-js's loop: the tag ``i`` and the string after it."""
    before = strings[i + 1]
    if tag in (_OPEN, _TEXT_OPEN):
        state.nocase.append(_CLOSE if tag == _OPEN else _TEXT_CLOSE)
    elif state.nocase and tag == state.nocase[-1]:
        state.nocase.pop()
    if tag[-1:] in ("!", "?", ":"):
        state.after_punct = True
    if not state.nocase:
        strings[i + 1] = _words(state, before, i + 1, None)  # citeproc-js passes no tag here
    elif before.strip():
        state.last = None
    restored = _quote(state, tag, i)
    if restored is not None:
        strings[restored + 1] = original[restored + 1][:1] + strings[restored + 1][1:]
        state.last = None
    if before.strip():
        state.first = state.after_punct = False


def title_case(text: Any) -> Any:
    """citeproc-py text (a :class:`~citeproc.string.MixedString` with ``nocase`` pieces, or a
    string) in CSL title case, as citeproc-js gives it."""
    pieces = list(text) if isinstance(text, MixedString) else [text]
    marked = "".join(_OPEN + str(p) + _CLOSE if isinstance(p, NoCase) else str(p) for p in pieces)
    if _OPEN not in marked:
        return String(title_case_text(marked))
    out = MixedString()
    for n, chunk in enumerate(re.split(f"[{_OPEN}{_CLOSE}]", title_case_text(marked))):
        if chunk:
            out += NoCase(chunk) if n % 2 else String(chunk)
    return out
