"""RIS (Zotero, EndNote, Mendeley) ⇄ sources: ``dumps`` writes records, ``loads`` reads them back.

Tags written: TY AU A2 TI T2 PY DA PB CY SN SP EP VL IS ET LA UR DO N1 AB ER, UTF-8, one tag per line
(``TI  - …``). A title and its subtitle become one ``TI`` (``Title: Subtitle``), as Zotero writes them.
Reading accepts what Zotero exports (also ``JO``/``JF``/``BT``/``ED``/``A3``/``Y1``/``KW``), reports
lines outside a record and records without ``ER`` with their line, and leaves cite keys empty unless
the record has an ``ID`` (choosing keys is the importer's job). A tag with no BibLaTeX field here is
kept in a private ``x-ris-TAG`` field and reported (a warning), never dropped. Project-private fields
are never written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from claimref.errors import Finding, Severity
from claimref.formats.bibtex import MONTHS
from claimref.formats.fieldsource import build_source, list_items, split_name
from claimref.model import Location, Name, Source

#: BibLaTeX entry type → RIS type (others: GEN).
TYPES = {
    "article": "JOUR", "book": "BOOK", "mvbook": "BOOK", "collection": "EDBOOK",
    "mvcollection": "EDBOOK", "incollection": "CHAP", "inbook": "CHAP", "inproceedings": "CPAPER",
    "proceedings": "CONF", "thesis": "THES", "phdthesis": "THES", "mastersthesis": "THES",
    "report": "RPRT", "techreport": "RPRT", "online": "ELEC", "unpublished": "UNPB",
    "periodical": "JFULL", "misc": "GEN", "manual": "BOOK", "booklet": "PAMP", "dataset": "DATA",
    "software": "COMP", "patent": "PAT", "inreference": "ENCYC",
}  # fmt: skip
#: RIS type → BibLaTeX entry type when reading (the first of ``TYPES`` wins, plus Zotero's extras).
ENTRY_TYPES = {ris: bib for bib, ris in reversed(TYPES.items())} | {
    "WEB": "online",
    "EBOOK": "book",
    "ECHAP": "incollection",
}
#: Plain fields: BibLaTeX → RIS tag.
PLAIN = {"publisher": "PB", "location": "CY", "volume": "VL", "number": "IS", "edition": "ET",
         "url": "UR", "doi": "DO", "note": "N1", "abstract": "AB"}  # fmt: skip
_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def dumps(sources: Iterable[Source]) -> str:
    """RIS records for ``sources``, in the order given, each ending with ``ER  -``."""
    return "".join(_record(source) for source in sources)


def _record(source: Source) -> str:
    lines = [("TY", TYPES.get(source.entry_type, "GEN"))]
    lines += [("AU", _name(n)) for n in source.names.get("author", ())]
    lines += [("A2", _name(n)) for n in source.names.get("editor", ())]
    lines.append(("TI", source.title))
    container = source.get("journaltitle") or source.get("journal") or source.get("booktitle")
    lines += [("T2", container), ("PY", source.year), ("DA", _date(_full_date(source)))]
    lines += [("SN", source.get("isbn") or source.get("issn"))]
    first, last = _pages(source.get("pages"))
    lines += [("SP", first), ("EP", last), ("LA", source.language or source.get("langid"))]
    lines += [(tag, "; ".join(list_items(source, field))) for field, tag in PLAIN.items()]
    body = "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines if value)
    return body + "ER  - \n\n"


def _name(name: Name) -> str:
    if name.literal:
        return name.literal
    family = f"{name.particle} {name.family}".strip()
    return ", ".join(part for part in (family, name.given, name.suffix) if part)


def _full_date(source: Source) -> str:
    """``date``, or ``year`` with ``month`` (``jun`` and ``6`` both read as June)."""
    if source.get("date"):
        return source.get("date")
    month = source.get("month").strip().lower()[:3]
    number = MONTHS.get(month, month)
    return f"{source.year}-{int(number):02d}" if source.year and number.isdigit() else ""


def _date(date: str) -> str:
    """EDTF ``1943-05-02`` → RIS ``1943/05/02/``; only a plain date (no range) is written."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", date.strip())
    if not match or not match.group(2):
        return ""
    return "/".join(part or "" for part in match.groups()) + "/"


def _pages(pages: str) -> tuple[str, str]:
    first, _, last = re.sub(r"\s*(?:--|–|—)\s*", "-", pages.strip()).partition("-")
    return first, last


@dataclass(frozen=True)
class RisFile:
    """The sources read from RIS text, in file order, and the problems found."""

    sources: tuple[Source, ...]
    findings: tuple[Finding, ...]


def loads(text: str, path: str) -> RisFile:
    """Read RIS text; ``path`` names locations. Keys come from ``ID`` tags or are left empty."""
    sources: list[Source] = []
    findings: list[Finding] = []
    record: list[tuple[str, str]] | None = None
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        match = _LINE.match(line.lstrip("\ufeff").rstrip())
        if match is None:
            if record and line.strip():
                record[-1] = (record[-1][0], f"{record[-1][1]} {line.strip()}")
            elif line.strip():
                findings.append(Finding(Location(path, number), f"not a RIS line: {line[:40]!r}"))
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if record is not None:
                findings.append(Finding(Location(path, start), "record has no 'ER  -' line"))
            record, start = [(tag, value)], number
        elif record is None:
            findings.append(Finding(Location(path, number), f"'{tag}' line outside a record "
                                    "(a record starts with 'TY  -')"))  # fmt: skip
        elif tag == "ER":
            sources.append(_source(record, Location(path, start)))
            if kept := [name for name in sources[-1].fields if name.startswith(KEPT)]:
                findings.append(Finding(Location(path, start), "tags with no BibLaTeX field kept "
                                        f"as {', '.join(kept)}", Severity.WARNING,
                                        "import-unmapped"))  # fmt: skip
            record = None
        else:
            record.append((tag, value))
    if record is not None:
        findings.append(Finding(Location(path, start), "record has no 'ER  -' line"))
    return RisFile(tuple(sources), tuple(findings))


#: Prefix of the private fields that keep tags with no BibLaTeX field here.
KEPT = "x-ris-"
_READ = {v: k for k, v in PLAIN.items()} | {"CY": "location", "PP": "location", "SN": "isbn",
         "LA": "langid", "KW": "keywords", "L1": "file"}  # fmt: skip
_TITLES = {"TI": "title", "T1": "title", "CT": "title", "T2": "container", "JO": "container",
           "JF": "container", "BT": "container", "J2": "shortjournal", "T3": "series"}  # fmt: skip
_PEOPLE = {"AU": "author", "A1": "author", "A2": "editor", "ED": "editor", "A3": "editor",
           "A4": "translator"}  # fmt: skip


def _source(record: list[tuple[str, str]], where: Location) -> Source:
    entry_type = ENTRY_TYPES.get(record[0][1].upper(), "misc")
    fields: dict[str, str] = {}
    if record[0][1].upper() not in ENTRY_TYPES:  # a type claimref has no entry type for
        fields[KEPT + "ty"] = record[0][1]
    names: dict[str, list[Name]] = {}
    for tag, value in record[1:]:
        if tag in _PEOPLE:
            names.setdefault(_PEOPLE[tag], []).append(split_name(value))
        elif tag in _TITLES:
            fields.setdefault(_TITLES[tag], value)
        elif tag in ("PY", "Y1", "DA"):
            fields["date"] = _read_date(value) or fields.get("date", "")
        elif tag == "Y2":
            fields["urldate"] = _read_date(value) or value
        elif tag in ("SP", "EP"):
            fields[tag] = value
        elif tag in _READ:
            name = _READ[tag]
            fields[name] = (
                f"{fields[name]}, {value}" if name == "keywords" and name in fields else value
            )
        elif tag != "ID" and value:  # kept, never dropped
            name = KEPT + tag.lower()
            fields[name] = f"{fields[name]}; {value}" if name in fields else value
    _finish(entry_type, fields)
    key = next((value for tag, value in record if tag == "ID"), "")
    people = {role: tuple(group) for role, group in names.items()}
    return build_source(key, entry_type, fields, people, where)


def _read_date(value: str) -> str:
    """``1980``, ``1980///``, ``1980/05/02/`` → EDTF (``1980``, ``1980-05-02``)."""
    parts = [p for p in value.strip().split("/") if p.strip()]
    if not parts or not re.fullmatch(r"\d{4}", parts[0]):
        return ""
    return "-".join(p.zfill(2) for p in parts[:3] if p.isdigit())


def _finish(entry_type: str, fields: dict[str, str]) -> None:
    """Container title to ``journaltitle``/``booktitle``, SP/EP to ``pages``, ISSN by shape."""
    container = fields.pop("container", "")
    if container:
        fields["journaltitle" if entry_type in ("article", "periodical") else "booktitle"] = (
            container
        )
    first, last = fields.pop("SP", ""), fields.pop("EP", "")
    if first or last:
        fields["pages"] = f"{first}--{last}" if first and last and first != last else first or last
    if re.fullmatch(r"\d{4}-?\d{3}[\dXx]", fields.get("isbn", "")):
        fields["issn"] = fields.pop("isbn")
