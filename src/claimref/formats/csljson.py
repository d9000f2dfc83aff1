"""Sources → CSL-JSON items: our own BibTeX/BibLaTeX → CSL mapping, pure and deterministic.

:func:`to_csl` maps one :class:`~claimref.model.Source` to a CSL-JSON item (a plain dict ready for
``json.dumps``): entry types, names (split by the BibTeX reader, braced corporate names as literals),
titles with ``<span class="nocase">`` for braced text, dates (ranges such as ``1942/1943`` too),
pages with en dashes, ``language`` as BCP 47, and translated titles (``transtitle``…) in the
``custom`` object. Project-private ``x-`` fields are never mapped.
Rendering the items (citeproc) is ``render``'s job; reading CSL-JSON back is not done here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from claimref.formats import inherit
from claimref.formats.latex import decode, group_end
from claimref.model import Name, Source

#: BibLaTeX (and BibTeX) entry types → CSL types; anything else becomes ``document``.
ENTRY_TYPES = {
    "article": "article-journal", "periodical": "periodical", "suppperiodical": "article-journal",
    "book": "book", "mvbook": "book", "collection": "book", "mvcollection": "book",
    "proceedings": "book", "mvproceedings": "book", "reference": "book", "mvreference": "book",
    "inbook": "chapter", "bookinbook": "chapter", "suppbook": "chapter", "incollection": "chapter",
    "suppcollection": "chapter", "inreference": "entry-encyclopedia",
    "inproceedings": "paper-conference", "conference": "paper-conference",
    "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis",
    "report": "report", "techreport": "report", "manual": "report", "booklet": "pamphlet",
    "online": "webpage", "electronic": "webpage", "www": "webpage", "unpublished": "manuscript",
    "patent": "patent", "dataset": "dataset", "software": "software", "misc": "document",
}  # fmt: skip
#: ``entrysubtype`` of an @article → CSL type.
ARTICLE_SUBTYPES = {"magazine": "article-magazine", "newspaper": "article-newspaper"}
#: Work kinds (``type`` field or the entry type; biblatex's localisation keys, in the words of its
#: english.lbx) → CSL ``genre``.
GENRES = {
    "phdthesis": "PhD thesis", "mathesis": "Master’s thesis", "mastersthesis": "Master’s thesis",
    "candthesis": "Candidate thesis", "techreport": "Technical report", "resreport": "Research report",
    "software": "Computer software", "datacd": "CD-ROM", "audiocd": "Audio CD",
    "patent": "Patent", "patentde": "German patent", "patenteu": "European patent",
    "patentfr": "French patent", "patentuk": "British patent", "patentus": "U.S. patent",
    "patreq": "Patent request", "patreqde": "German patent request",
    "patreqeu": "European patent request", "patreqfr": "French patent request",
    "patrequk": "British patent request", "patrequs": "U.S. patent request",
}  # fmt: skip
#: Other biblatex localisation keys a field may hold instead of text (``series = {newseries}``,
#: ``pubstate = {inpress}``, a patent's ``location = {countryfr}``), in english.lbx's words.
BIBSTRINGS = {
    "newseries": "New series", "oldseries": "Old series",
    "inpreparation": "in preparation", "submitted": "submitted", "forthcoming": "forthcoming",
    "inpress": "in press", "prepublished": "pre-published",
    "countryde": "Germany", "countryeu": "European Union", "countryep": "European Union",
    "countryfr": "France", "countryuk": "United Kingdom", "countryus": "United States of America",
}  # fmt: skip
#: BibLaTeX ``editortype`` values → CSL name variables (others keep ``editor``).
EDITOR_ROLES = {"editor": "editor", "compiler": "compiler", "translator": "translator",
                "director": "director", "organizer": "organizer", "collaborator": "contributor",
                "redactor": "editorial-director", "reviser": "contributor",
                "continuator": "contributor", "founder": "contributor"}  # fmt: skip
#: Plain one-to-one fields: BibLaTeX name → CSL variable.
SIMPLE_FIELDS = {
    "volume": "volume", "volumes": "number-of-volumes", "edition": "edition",
    "pagetotal": "number-of-pages", "isbn": "ISBN", "issn": "ISSN", "doi": "DOI", "url": "URL",
    "note": "note", "addendum": "note", "abstract": "abstract", "version": "version",
    "chapter": "chapter-number", "origpublisher": "original-publisher",
    "origlocation": "original-publisher-place", "venue": "event-place", "eventtitle": "event-title",
    "shorttitle": "title-short", "annotation": "annote", "keywords": "keyword",
}  # fmt: skip
#: CSL variables taken literally (no dash ligatures).
LITERAL_VARIABLES = frozenset({"id", "type", "URL", "DOI", "ISBN", "ISSN", "language"})
#: ``eprinttype`` → the URL an ``eprint`` identifier is appended to.
EPRINT_URLS = {
    "arxiv": "https://arxiv.org/abs/",
    "hdl": "https://hdl.handle.net/",
    "jstor": "https://www.jstor.org/stable/",
    "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/",
}
TITLE_FIELDS = ("title", "subtitle", "titleaddon", "booktitle", "booksubtitle", "booktitleaddon",
                "maintitle", "journaltitle", "journal", "journalsubtitle", "series", "origtitle",
                "shorttitle", "eventtitle", "issuetitle")  # fmt: skip
CONTAINED = frozenset({"chapter", "paper-conference", "entry-encyclopedia"})
_DAY = r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?"
#: A time of day after an ISO date (``2020-05-01T10:00:00Z``): dropped, CSL dates have none.
_TIME = r"(?:T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?"
_DATE = re.compile(rf"^{_DAY}{_TIME}(?:/{_DAY}{_TIME})?$")
_URL = re.compile(r"\\url\s*\{([^{}]*)\}")
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def to_csl_items(sources: Iterable[Source], *, tex_dashes: bool = True) -> list[dict[str, Any]]:
    """CSL-JSON items for ``sources``, in the order given, with what each inherits through
    ``crossref`` and ``xdata`` from the others filled in (:mod:`.inherit`); ``@xdata`` entries
    are data, not works, and get no item. ``tex_dashes``: see :func:`to_csl`."""
    chosen = [source for source in inherit.resolve(sources) if inherit.is_work(source)]
    return [to_csl(source, tex_dashes=tex_dashes) for source in chosen]


def to_csl(source: Source, *, tex_dashes: bool = True) -> dict[str, Any]:
    """The CSL-JSON item for one source; ``id`` is its cite key, ``x-`` fields are left out.

    Page ranges always get an en dash. ``tex_dashes`` (the default) also reads TeX's ``--``/``---``
    in text as en/em dashes, as TeX prints them and claimref renders them (False: as written)."""
    item: dict[str, Any] = {"id": source.key, "type": csl_type(source)}
    item.update(_names(source))
    item.update(_titles(source, item["type"]))
    for field, variable in SIMPLE_FIELDS.items():
        if source.get(field) and variable not in item:
            item[variable] = _text(source, field) if field in TITLE_FIELDS else source.get(field)
    item.update(_numbers(source, item["type"]))
    item.update(_imprint(source, item["type"]))
    item.update(_dates(source))
    if source.get("pages"):
        item["page"] = dashes(source.get("pages"))
    if genre := _genre(source):
        item["genre"] = genre
    if status := source.get("pubstate").strip():
        item["status"] = BIBSTRINGS.get(status.lower(), status)
    if language := source.language:
        item["language"] = language
    if custom := _translations(source, item["type"]):
        item["custom"] = custom
    item.update(_links(source, item))
    kept = {k: v for k, v in item.items() if v not in ("", None, [], {})}
    if tex_dashes:
        kept = {k: v if k in LITERAL_VARIABLES else ligatures(v) for k, v in kept.items()}
    return kept


def _links(source: Source, item: dict[str, Any]) -> dict[str, str]:
    """``URL`` from an ``eprint`` (arXiv…) or a ``\\url{…}`` in ``howpublished`` or ``note``
    (whose text then goes without it)."""
    if "URL" in item:
        return {}
    kind = source.get("eprinttype").lower()
    if kind in EPRINT_URLS and source.get("eprint"):
        return {"URL": EPRINT_URLS[kind] + source.get("eprint")}
    for field, variable in (("howpublished", "publisher"), ("note", "note")):
        match = _URL.search(source.raw_values.get(field, ""))
        if match:
            rest = _URL.sub("", source.raw_values[field]).strip(" ,;.")
            out = {"URL": match.group(1).strip()}
            if out["URL"] in str(item.get(variable, "")):
                out[variable] = " ".join(decode(rest).text.split()) if rest else ""
            return out
    return {}


def ligatures(value: Any) -> Any:
    """TeX's dash ligatures in text: ``---`` → em dash, ``--`` → en dash (``1941--1945``)."""
    if isinstance(value, str) and "--" in value:
        return value.replace("---", "—").replace("--", "–")
    return value


def csl_type(source: Source) -> str:
    """The CSL type of an entry (``@incollection`` → ``chapter``; unknown types → ``document``)."""
    if source.entry_type == "article":
        return ARTICLE_SUBTYPES.get(source.get("entrysubtype").lower(), "article-journal")
    return ENTRY_TYPES.get(source.entry_type, "document")


def dashes(pages: str) -> str:
    """Page ranges with an en dash: ``96--119`` and ``96-119`` → ``96–119``."""
    text = re.sub(r"\s*-{2,3}\s*", "–", pages)
    return re.sub(r"(?<=\w)-(?=\w)", "–", text) if re.fullmatch(r"[\w\s,–-]+", text) else text


def csl_name(name: Name) -> dict[str, str]:
    """One name as CSL-JSON; a BibTeX ``von`` part is a non-dropping particle, a biblatex prefix
    with ``useprefix=false`` a dropping one."""
    if name.literal:
        return {"literal": name.literal}
    particle = "dropping-particle" if name.dropping else "non-dropping-particle"
    parts = {"family": name.family, "given": name.given, particle: name.particle,
             "suffix": name.suffix}  # fmt: skip
    return {k: v for k, v in parts.items() if v}


def _names(source: Source) -> dict[str, Any]:
    out: dict[str, list[dict[str, str]]] = {}

    def add(variable: str, names: tuple[Name, ...]) -> None:
        out.setdefault(variable, []).extend(csl_name(n) for n in names)

    add("author", source.names.get("author", ()))
    for field, kind in (("editor", "editortype"), ("editora", "editoratype"),
                        ("editorb", "editorbtype"), ("editorc", "editorctype")):  # fmt: skip
        role = source.get(kind).strip().lower() or ("editor" if field == "editor" else "")
        if role in EDITOR_ROLES and source.names.get(field):
            add(EDITOR_ROLES[role], source.names[field])
    add("translator", source.names.get("translator", ()))
    add("container-author", source.names.get("bookauthor", ()))
    return {k: v for k, v in out.items() if v}


def _titles(source: Source, kind: str) -> dict[str, str]:
    """``title`` (with subtitle and title addon), ``container-title``, ``collection-title``…"""
    out = {"title": _joined(source, "title", "subtitle", "titleaddon")}
    if kind in CONTAINED or source.entry_type in ("inbook", "bookinbook"):
        out["container-title"] = _joined(source, "booktitle", "booksubtitle", "booktitleaddon")
        if not out["container-title"]:
            out["container-title"] = _joined(source, "maintitle", "mainsubtitle", "maintitleaddon")
    elif kind.startswith("article") or kind == "periodical":
        field = "journaltitle" if source.get("journaltitle") else "journal"
        out["container-title"] = _joined(source, field, "journalsubtitle", "journaltitleaddon")
        if source.get("issuetitle"):
            out["volume-title"] = _joined(source, "issuetitle", "issuesubtitle")
    elif source.get("maintitle"):
        out["volume-title"], out["title"] = (
            out["title"],
            _joined(source, "maintitle", "mainsubtitle"),
        )
    series = source.get("series").strip()
    out["collection-title"] = BIBSTRINGS.get(series.lower()) or _text(source, "series")
    out["original-title"] = _text(source, "origtitle")
    if source.get("eventtitle"):
        out["event-title"] = _text(source, "eventtitle")
    return {k: v for k, v in out.items() if v}


def _translations(source: Source, kind: str) -> dict[str, str]:
    """English translations of the title and container title (``transtitle``,
    ``transbooktitle``/``transjournaltitle``) in CSL-JSON's ``custom`` object: CSL has no
    variable for them (see docs/data-format.md)."""
    container = "transjournaltitle" if kind.startswith("article") else "transbooktitle"
    out = {
        "trans-title": _text(source, "transtitle"),
        "trans-container-title": _text(source, container),
    }
    return {k: v for k, v in out.items() if v}


def _joined(source: Source, main: str, sub: str, addon: str = "") -> str:
    """``Title: Subtitle. Addon``; no colon after a title ending in ``?`` or ``!``."""
    text = _text(source, main)
    subtitle = _text(source, sub)
    if text and subtitle:
        text += (" " if text[-1] in "?!" else ": ") + subtitle
    if addon and (extra := _text(source, addon)):
        text = f"{text}. {extra}" if text and text[-1] not in ".?!" else f"{text} {extra}".strip()
    return text


def _numbers(source: Source, kind: str) -> dict[str, str]:
    """``number`` is an issue in articles, a report number, else the number in the series."""
    out: dict[str, str] = {}
    number, part, volume = source.get("number"), source.get("part"), source.get("volume")
    if part:  # a part of a work in parts; with a volume, pandoc's ``volume.part``
        out["volume"] = f"{volume}.{part}" if volume else part
    if number:
        if kind.startswith("article") or kind == "periodical":
            out["issue"] = source.get("issue") or number
        elif kind in ("report", "patent", "thesis", "document", "dataset"):
            out["number"] = number
        else:
            out["collection-number"] = number
    elif source.get("issue"):
        out["issue"] = source.get("issue")
    return out


def _imprint(source: Source, kind: str) -> dict[str, str]:
    """Publisher (or institution, school, organization) and place."""
    candidates = ["publisher", "institution", "school", "organization", "howpublished"]
    if kind in ("thesis", "report"):
        candidates = ["institution", "school", "publisher", "organization"]
    publisher = next((f for f in candidates if source.get(f)), "")
    place = "location" if source.get("location") else "address"
    out = {"publisher": _list(source, publisher), "publisher-place": _list(source, place)}
    if kind == "patent":  # where the patent holds, as biblatex reads a patent's location
        places = out.pop("publisher-place").split("; ")
        out["jurisdiction"] = "; ".join(BIBSTRINGS.get(p.lower(), p) for p in places if p)
    return {k: v for k, v in out.items() if v}


def _list(source: Source, field: str) -> str:
    """A BibLaTeX list field (``A and B``) as CSL text ``A; B``; braces protect an ``and``."""
    raw = source.raw_values.get(field, "")
    if not field or not raw:
        return ""
    items, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", raw):
        token = match.group(0)
        depth += {"{": 1, "}": -1}.get(token, 0)
        if depth == 0 and token.strip() == "and":
            items.append(raw[start : match.start()])
            start = match.end()
    items.append(raw[start:])
    return "; ".join(" ".join(decode(item).text.split()) for item in items)


def _dates(source: Source) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    issued = source.get("date") or _year_month(source)
    for variable, value in (("issued", issued), ("accessed", source.get("urldate")),
                            ("original-date", source.get("origdate")),
                            ("event-date", source.get("eventdate"))):  # fmt: skip
        if value:
            out[variable] = csl_date(value)
    return out


def _year_month(source: Source) -> str:
    year = source.get("year").strip()
    month = source.get("month").strip().lower()
    number = int(month) if month.isdigit() else _MONTHS.get(month[:3], 0)
    if re.fullmatch(r"\d{4}", year) and 1 <= number <= 12:
        return f"{year}-{number:02d}"
    return year


def csl_date(value: str) -> dict[str, Any]:
    """``2006`` → date-parts; ``1942/1943`` and ``1944-05/1944-06-02`` → two date-parts;
    anything else is kept as a literal."""
    match = _DATE.match(value.strip())
    if not match:
        return {"literal": value.strip()}
    groups = match.groups()
    parts = [[int(g) for g in groups[i : i + 3] if g] for i in (0, 3) if groups[i]]
    return {"date-parts": parts}


def _genre(source: Source) -> str:
    kind = source.get("type").strip()
    if kind:
        return GENRES.get(kind.lower(), _text(source, "type"))
    if source.entry_type in ("techreport", "patent"):  # the CSL type says as much
        return ""
    return GENRES.get(source.entry_type, "")


def _text(source: Source, field: str) -> str:
    """A title-like field, with text the BibTeX braces protect wrapped as ``nocase``."""
    raw = source.raw_values.get(field, "")
    if "{" not in raw:
        return source.get(field)
    pieces = []
    for text, protected in _brace_groups(raw):
        decoded = decode(text).text
        if protected and decoded.strip():
            pieces.append(f'<span class="nocase">{decoded}</span>')
        else:
            pieces.append(decoded)
    return " ".join("".join(pieces).split())


def _brace_groups(raw: str) -> list[tuple[str, bool]]:
    """Split a raw value into (text, protected) runs; a macro's arguments and special characters
    such as ``{\\"a}`` stay unprotected."""
    runs: list[tuple[str, bool]] = []
    start = i = 0
    while i < len(raw):
        if raw[i] == "\\" or raw.startswith("{\\", i):
            match = re.match(r"\{?\\([A-Za-z]+|.)\s*", raw[i:])
            i = group_end(raw, i) if raw[i] == "{" else i + (match.end() if match else 1)
            while raw[i - 1 : i] != "}" and i < len(raw) and raw[i] == "{":
                i = group_end(raw, i)
        elif raw[i] == "{":
            end = group_end(raw, i)
            runs += [(raw[start:i], False), (raw[i + 1 : end - 1], True)]
            start = i = end
        else:
            i += 1
    runs.append((raw[start:], False))
    return [run for run in runs if run[0]]
