"""Read a locator as people write it (``p. 112``, ``pp. 10-20``, ``§ 3``, ``ch. 2``, ``fol. 12r``)
into a CSL label and value.

The label comes from an abbreviation (English, as CSL's en-US terms print them, with the Latvian
``lpp.`` and the Russian ``с.``/``стр.`` for pages), a CSL label name (``chapter 2``,
``chapter:2`` as ``claimref cite`` takes it) or nothing (a bare number is a page). Numbered parts
(pages, columns, lines, folios, verses, paragraphs, notes, volumes) must be numbers, ranges or lists
of them; named parts (a section, a chapter…) may be any text. What cannot be read is a
:class:`LocatorError` saying what was understood. Where a locator is stored is the verbs' job.
"""

from __future__ import annotations

import re

from claimref.errors import UsageError
from claimref.model import LOCATOR_LABELS, Locator

#: Abbreviations (lower case, without the full stop) → CSL label.
ABBREVIATIONS: dict[str, str] = {
    "p": "page", "pp": "page", "pg": "page", "pgs": "page", "pages": "page",
    "lpp": "page", "lp": "page", "с": "page", "стр": "page", "s": "page", "ss": "page",
    "§": "section", "§§": "section", "sec": "section", "secs": "section", "sect": "section",
    "ch": "chapter", "chs": "chapter", "chap": "chapter", "chaps": "chapter", "гл": "chapter",
    "col": "column", "cols": "column",
    "fol": "folio", "fols": "folio", "f": "folio", "ff": "folio",
    "para": "paragraph", "paras": "paragraph", "¶": "paragraph", "¶¶": "paragraph",
    "vol": "volume", "vols": "volume", "v": "verse", "vv": "verse", "t": "volume", "т": "volume",
    "l": "line", "ll": "line", "n": "note", "nn": "note", "fn": "note",
    "app": "appendix", "art": "article-locator", "bk": "book", "eq": "equation",
    "fig": "figure", "figs": "figure", "no": "issue", "op": "opus", "pt": "part", "pts": "part",
    "r": "rule", "sc": "scene", "s.v": "sub-verbo", "s.vv": "sub-verbo", "supp": "supplement",
    "tbl": "table", "tab": "table", "tit": "title-locator",
}  # fmt: skip
#: Labels whose values must be numbers, ranges or lists of them.
NUMBERED = frozenset("page column line folio verse paragraph note volume issue".split())
_NUMBER = r"(?:\d+[a-z]?|[ivxlcdm]+|[IVXLCDM]+)(?:\s*ff?\.?)?"
_RANGE = rf"{_NUMBER}(?:\s*(?:--|[-–—])\s*{_NUMBER})?"
_NUMBERS = re.compile(rf"^{_RANGE}(?:\s*[,;&]\s*{_RANGE})*$|^passim$")
_LABEL = re.compile(r"^((s\.\s?vv?|[^\W\d_]+|§§?|¶¶?)\.?)\s*(.*)$", re.DOTALL)
EXAMPLES = "p. 112, pp. 10-20, § 3, ch. 2, col. 4, fol. 12r, para. 5, vol. 3, l. 5, n. 12"


class LocatorError(UsageError):
    """A locator that cannot be read; the message says what was understood."""


def parse_locator(text: str) -> Locator:
    """The CSL label and value of ``text`` (``"pp. 10-20"`` → page ``10-20``)."""
    written = " ".join(text.split())
    if not written:
        raise LocatorError(f"empty locator (write e.g. {EXAMPLES})")
    label, value, how = _split(written)
    if not value:
        raise LocatorError(
            f"locator '{written}': understood the label '{label}' ({how}) but no value after it "
            f"(e.g. {EXAMPLES})"
        )
    if label in NUMBERED and not _NUMBERS.match(value):
        raise LocatorError(
            f"locator '{written}': understood the label '{label}' ({how}), but '{value}' is not a "
            f"number, a range or a list of them (e.g. 112, 10-20, xii, 12r, 3, 7)"
        )
    return Locator(label, value)


def _split(written: str) -> tuple[str, str, str]:
    """Label, value and how the label was found."""
    name, colon, rest = written.partition(":")
    if colon and name.strip().lower() in LOCATOR_LABELS:
        return name.strip().lower(), rest.strip(), f"from '{name.strip()}:'"
    if _NUMBERS.match(written):
        return "page", written, "a bare number is a page"
    match = _LABEL.match(written)
    if match is None:
        raise LocatorError(f"locator '{written}': no label found (write e.g. {EXAMPLES})")
    word, value = match[1], match[3].strip()
    key = re.sub(r"\s+", "", match[2]).lower()
    if key in ABBREVIATIONS:
        return ABBREVIATIONS[key], value, f"from '{word}'"
    if key in LOCATOR_LABELS:
        return key, value, f"from '{word}'"
    raise LocatorError(
        f"locator '{written}': '{word}' is not a locator label (use an abbreviation such as "
        f"{EXAMPLES}, or a CSL label: {', '.join(sorted(LOCATOR_LABELS))})"
    )


def same_locator(a: Locator | None, b: Locator | None) -> bool:
    """True when two locators name the same place (dashes and spaces in the value ignored)."""
    if a is None or b is None:
        return a is b
    return a.label == b.label and _plain(a.value) == _plain(b.value)


def _plain(value: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"--|[–—]", "-", value)).casefold()
