"""Number variables (edition, volume, issue, number…) read as citeproc-js reads them
(``CSL.Engine.processNumber``), step for step: the value is cut at "-", ",", ";", "&" and "and"
into parts, short lowercase words ending in a full stop are labels ("rev.", "no."), and a part
that starts with a number (or a Roman numeral) makes the whole group numeric. So "2-е изд." is
numeric (a second edition, "2nd-е изд."), "xxxxx" too (Roman), "spécial 1978-1988" is not.

:func:`parse` gives the parts (what ``is-numeric`` and plural labels test) and :func:`render`
puts them together again with each part's text case and number form applied separately, as
citeproc-js outputs them. Page ranges and locators stay with :mod:`claimref.render.pages`. No
citeproc here: the elements of :mod:`claimref.render.elements` call these.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: citeproc-js's ``CSL.STATUTE_SUBDIV_STRINGS`` (label → term name); the reverse is derived.
STATUTE = {
    "vrs.": "verse", "sv.": "sub-verbo", "subpara.": "subparagraph", "op.": "opus",
    "subch.": "subchapter", "add.": "addendum", "amend.": "amendment", "annot.": "annotation",
    "app.": "appendix", "art.": "article", "bibliog.": "bibliography", "bk.": "book",
    "ch.": "chapter", "cl.": "clause", "col.": "column", "cmt.": "comment", "dec.": "decision",
    "dept.": "department", "ex.": "example", "fig.": "figure", "fld.": "field", "fol.": "folio",
    "n.": "note", "hypo.": "hypothetical", "illus.": "illustration", "intro.": "introduction",
    "l.": "line", "no.": "issue", "p.": "page", "pp.": "page", "para.": "paragraph", "pt.": "part",
    "pmbl.": "preamble", "princ.": "principle", "pub.": "publication", "r.": "rule",
    "rn.": "randnummer", "sched.": "schedule", "sec.": "section", "ser.": "series,",
    "subdiv.": "subdivision", "subsec.": "subsection", "supp.": "supplement", "tbl.": "table",
    "tit.": "title", "vol.": "volume",
}  # fmt: skip
REVERSE = {name: label for label, name in STATUTE.items() if label != "pp."}
#: The labels whose term the CSL locales define (citeproc-js asks the locale).
_TERMS = frozenset("verse sub-verbo opus appendix book chapter column figure folio note line "
                   "issue page paragraph part rule section supplement table volume".split())  # fmt: skip
_LABELLED = ("locator", "number", "locator-extra", "page")
_JOINER = re.compile(r"\s*&\s*|,\s+and\s+|\s+and\s+|;\s+|,\s+|\s*\\*[-\u2013]+\s*")
_AMPERSAND = re.compile(r"^\s*&\s*$")
_SUBSECTION = re.compile(r"^(?:[a-z]{1,4}\.  *)*[0-9]+[,a-zA-Z]+$")
_WORDS = "[a-z]|[a-z][a-z]|[a-z][a-z][a-z]|[a-z][a-z][a-z][a-z]|subpara|subch|amend|bibliog|" \
    "annot|illus|princ|intro|sched|subdiv|subsec"  # fmt: skip
_LABEL = re.compile(rf"(?:^| )(?:{_WORDS})(?:\.| ) *")
_COUNT = re.compile(r"^[0-9]+([-;,:a-zA-Z]*)$")
_PARTICLE = re.compile(r"^([0-9]*[a-zA-Z]+0*)?([0-9]+(?:[a-zA-Z]*|[-,a-zA-Z]+))$")
_VALUE = re.compile(r"^[0-9]+([-,:a-zA-Z]*)$")
_MASTER = re.compile(r"^(?:[0-9]+|[ixv]+)([-,:a-zA-Z]*|\-[\-0-9]+)$")
_INT = re.compile(r"\s*[+-]?\d")


@dataclass
class Part:
    """One part of a number variable, as citeproc-js's ``values`` entries."""

    label: str | None
    particle: str
    value: str
    joiner: str
    orig_label: str = ""
    label_suffix: str = ""
    numeric: bool | None = None
    collapsible: bool | None = None
    plural: int = 0
    label_visible: bool = False


def parse(text: str, variable: str) -> list[Part]:
    """``text`` of ``variable`` in parts, numeric and plural as citeproc-js judges them."""
    default = REVERSE.get(variable, "")
    parts = _values(_normalise(text, variable), variable, default)
    for i in range(len(parts) - 1):
        if not parts[i].joiner and parts[i + 1].label:
            parts[i].joiner = " "
    _plurals(parts, variable, text)
    for part in parts:
        if not part.numeric:
            part.plural = 0
    if len(parts) == 1 and re.fullmatch(r"[0-9]+(?:/[0-9]+)+", parts[0].value):
        parts[0].numeric, parts[0].plural, parts[0].collapsible = True, 0, False
    return parts


def is_numeric(text: str, variable: str) -> bool:
    """``is-numeric`` for a number variable, as citeproc-js tests it."""
    parts = parse(text, variable)
    return bool(parts) and bool(parts[0].numeric)


def is_plural(text: str, variable: str) -> bool:
    """Whether the variable's label is plural."""
    parts = parse(text, variable)
    return bool(parts) and parts[0].plural == 1


def _normalise(text: str, variable: str) -> str:
    text = text.strip()
    first = re.match(r"[^ ]+", text)
    if (
        first
        and first.group() not in STATUTE
        and variable not in ("locator", "locator-extra", "page")
    ):
        label = REVERSE.get(variable)
        if label:
            text = f"{label} {text}"
    return text


def _split(text: str) -> list[str]:
    joiners = _JOINER.findall(text)
    if not joiners:
        return [text]
    pieces = _JOINER.split(text)
    for i, joiner in enumerate(joiners):
        if _AMPERSAND.match(joiner):
            letters = re.search("[a-zA-Z]$", pieces[i]) and re.match("[a-zA-Z]", pieces[i])
            joiners[i] = "&" if letters else " & "
    elems: list[str] = []
    for piece, joiner in zip(pieces, [*joiners, None], strict=True):
        elems.append(piece)
        if joiner is not None:
            elems.append(joiner)
    for i in range(len(elems) - 2, -1, -2):
        if (elems[i] == "-" and _SUBSECTION.match(elems[i - 1])
                and re.match(r"^[,a-zA-Z]+$", elems[i + 1])):  # fmt: skip
            elems[i - 1] = "".join(elems[i - 1 : i + 2])
            elems = elems[:i] + elems[i + 2 :]
    return elems


def _values(text: str, variable: str, default: str) -> list[Part]:
    elems = _split(text)
    values: list[Part] = []
    label, orig = default, ""
    for i in range(0, len(elems), 2):
        joiner = elems[i + 1] if i + 1 < len(elems) else ""
        found = [m.group() for m in _LABEL.finditer(elems[i])]
        if not found:
            values.append(_compose(orig if orig != label.strip() else "", label, elems[i],
                                   joiner, variable))  # fmt: skip
            continue
        pieces = _LABEL.split(elems[i])
        for j in range(len(pieces) - 1, 0, -1):
            if pieces[j - 1] and (not _COUNT.match(pieces[j]) or not _COUNT.match(pieces[j - 1])):
                pieces[j - 1] = pieces[j - 1] + found[j - 1] + pieces[j]
                pieces = pieces[:j] + pieces[j + 1 :]
                found = found[: j - 1] + found[j:]
        if found:
            slug = found[0].strip()
            name = STATUTE.get(slug)
            if (
                name is None
                or name not in _TERMS
                or (variable not in _LABELLED and name != variable)
            ):
                if i == 0:
                    found = found[1:]
                    pieces = [pieces[0] + " " + slug + " " + pieces[1], *pieces[2:]]
            else:
                orig = slug
        for j, piece in enumerate(pieces):
            if piece or j == len(pieces) - 1:
                if j >= 1 and found[j - 1 : j] and found[j - 1]:
                    label = found[j - 1]
                kept = "" if orig == label.strip() else orig
                values.append(_compose(kept, label, piece.strip(), joiner if j == len(pieces) - 1
                                       else "", variable, position=i))  # fmt: skip
    return values


def _compose(orig: str, label: str, value: str, joiner: str, variable: str, *,
             position: int | None = None) -> Part:  # fmt: skip
    if not label and variable not in REVERSE:
        label = "var:" + variable
    part = Part(None, "", value, re.sub(r"\s*-\s*", "-", joiner, count=1), orig)
    if label:
        found = re.search(r"(\s*)([^\s]+)(\s*)", label)
        if found:
            part.label, part.label_suffix = found[2], found[3]
            part.label_visible = (variable == "page" and position == 0
                                  and found[2] not in ("p.", "pp."))  # fmt: skip
    numbered = _PARTICLE.match(value)
    if numbered:
        part.particle, part.value = numbered[1] or "", numbered[2]
    return part


def _plurals(parts: list[Part], variable: str, text: str) -> None:
    start, count = 0, 1
    for i in range(1, len(parts) + 1):
        if i < len(parts) and parts[i - 1].label == parts[i].label:
            count += 1
            continue
        _count(parts, start, count)
        _visibility(parts, start, variable)
        start, count = i, 1
    if parts and parts[0].numeric and variable.startswith("number-of-"):
        first = re.match(r"\s*(\d+)", text)
        if first and int(first[1]) > 1:
            parts[0].plural = 1


def _count(parts: list[Part], pos: int, count: int) -> None:
    master = parts[pos]
    numeric, collapsible = True, master.collapsible
    value = master.value
    escaped = master.joiner == "\\-"
    in_value, in_master = _VALUE.match(value), _MASTER.match(master.value)
    if not value or not in_value or not in_master or escaped:
        collapsible = False
        if not value or not in_master:
            numeric = False
        if escaped:
            count -= 1
    if (in_value and in_value[1]) or (in_master and in_master[1]):
        collapsible = False
    if master.collapsible is None:
        for j in range(pos, pos + count):
            digits = _INT.match(parts[j].value) is not None
            parts[j].collapsible = (
                digits or re.fullmatch("[ivxlcmIVXLCM]+", parts[j].value) is not None
            )
        collapsible = master.collapsible
    for j in range(pos, pos + count):
        if count > 1 and collapsible:
            parts[j].plural = 1
        parts[j].numeric, parts[j].collapsible = numeric, collapsible


def _visibility(parts: list[Part], pos: int, variable: str) -> None:
    label = parts[pos].label or ""
    if label.startswith("var:"):
        return
    if pos:
        parts[pos].label_visible = True
        return
    name = STATUTE.get(label)
    if variable in _LABELLED and (name is None or name not in _TERMS):
        parts[pos].label_visible = True
    if variable not in _LABELLED and name != variable:
        parts[0].label_visible = True


#: The variables rendered through :func:`render` (citeproc-js's ``processNumber`` in ``cs:text``
#: and ``cs:number``; pages and locators are :mod:`claimref.render.pages`'s).
VARIABLES = frozenset({"edition", "volume", "issue", "number", "collection-number",
                       "chapter-number", "number-of-pages", "number-of-volumes"})  # fmt: skip
_RANGED = frozenset({"issue", "volume", "edition", "number", "collection-number"})
_PLAIN = re.compile("[0-9]+|[ivxlcmIVXLCM]+")


def render(text: str, variable: str, number: Callable[[int], str], case: Callable[[str], str],
           delimiter: str = "\u2013") -> str:  # fmt: skip
    """``text`` of ``variable`` as citeproc-js outputs it: a visible label as written, each part
    in its own text case (``case``), whole numbers of collapsible parts labelled as the first
    through ``number`` (ordinal…), "-" of a numeric range as ``delimiter``."""
    parts = parse(text, variable)
    out = []
    cased = case
    case = lambda text: cased(text) if text else text  # noqa: E731
    for i, part in enumerate(parts):
        if part.label_visible and part.label:
            out.append(part.label + part.label_suffix)
        if (
            part.collapsible
            and part.label == parts[0].label
            and re.fullmatch("[1-9][0-9]*", part.value)
        ):
            shown = case(part.particle) + case(number(int(part.value)))
        else:
            shown = case(part.particle + part.value)
        if shown:
            out.append(shown + _joiner(parts, i, variable, delimiter))
    return "".join(out)


def _joiner(parts: list[Part], i: int, variable: str, delimiter: str) -> str:
    """citeproc-js's ``fixRanges``: a "-" between the last two of a run of numbers (a range), or
    after a numeric part that cannot collapse, becomes the range delimiter."""
    part = parts[i]
    if part.joiner != "-":
        return part.joiner
    if not part.collapsible:
        return delimiter if part.numeric and variable in _RANGED else part.joiner
    after = parts[i + 1] if i + 1 < len(parts) else None
    if (after is not None and after.joiner != "-" and after.collapsible
            and after.particle == part.particle and _PLAIN.fullmatch(part.value)
            and _PLAIN.fullmatch(after.value)):  # fmt: skip
        return delimiter
    return part.joiner
