"""QuickStatements V1 commands for the claims annotated with a Wikidata statement (``wikidata:``).

Each annotated claim gives one line per verified link to a work that states it (tab-separated:
item, property, value, qualifiers, then the reference: ``S248`` stated in the work's
``x-wikidata`` item, ``S304`` the page, ``S1683`` the quote in its language); QuickStatements adds
each line's reference to the one statement they share. A disputed claim carries the qualifier
``P1480`` (sourcing circumstances) ``Q18912752`` (disputed). Claims without an annotation, or
without such a link, are not exported and are named in the notes; nothing is guessed. Reading the
annotation is :mod:`claimref.formats.claimwikidata`'s job; choosing claims and printing the
caller's. The syntax follows Help:QuickStatements and the parser of QuickStatements itself
(``parseValueV1`` in magnusmanske/quickstatements, public_html/quickstatements.php).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from claimref.errors import Finding, Severity
from claimref.formats.claimwikidata import ITEM
from claimref.model import Claim, Link, Source, Stance, Status, WikidataValue

#: Wikidata's "stated in", "page(s)" and "quotation", as reference (source) properties.
STATED_IN, PAGES, QUOTATION = "S248", "S304", "S1683"
#: "sourcing circumstances", the qualifier saying how far a source's statement is certain.
SOURCING_CIRCUMSTANCES = "P1480"
#: The item "disputed", a value of P1480. Not guessed: https://www.wikidata.org/wiki/Property:P1480
#: lists "disputed (Q18912752)" among its values, as found with the project's search tool in notes
#: quoting that page, and label tables of independent Wikidata tools give Q18912752 the same
#: label ("disputed"; "umstritten" in German).
DISPUTED = "Q18912752"
#: Wikibase refuses longer strings and monolingual texts.
MAX_STRING = 1500
#: Precision of a time value by the form of the date: year 9, month 10, day 11.
_PRECISION = {1: 9, 2: 10, 3: 11}
#: Tabs and line breaks, with the spaces around them.
_BREAKS = re.compile(r" *[\t\n\r\v\f\x85\u2028\u2029]+ *")


@dataclass(frozen=True)
class QuickStatements:
    """The commands (one per line, ending in a newline, or empty), notes on what was left out
    (``ID: …`` lines) and problems found in the sources' ``x-wikidata`` fields."""

    text: str
    notes: tuple[str, ...]
    findings: tuple[Finding, ...]
    exported: int = 0


def commands(claims: Iterable[Claim], sources: Mapping[str, Source],
             unverified: bool = False) -> QuickStatements:  # fmt: skip
    """The commands for every annotated claim, in the order given; only verified links become
    references unless ``unverified``."""
    lines: list[str] = []
    notes: list[str] = []
    findings: dict[str, Finding] = {}
    exported = 0
    for claim in claims:
        if claim.wikidata is None:
            notes.append(f"{claim.id}: no wikidata annotation; skipped")
            continue
        links = reference_links(claim, sources, findings, notes if not unverified else None)
        if not links:
            notes.append(f"{claim.id}: no {'' if unverified else 'verified '}link to a work with "
                         "an x-wikidata item that states it; skipped")  # fmt: skip
            continue
        exported += 1
        for link in links:
            line, note = command(claim, link, sources[link.source])
            lines.append(line)
            notes.extend([note] if note else [])
    text = "".join(line + "\n" for line in lines)
    return QuickStatements(text, tuple(notes), tuple(findings.values()), exported)


def reference_links(claim: Claim, sources: Mapping[str, Source], findings: dict[str, Finding],
                    unchecked: list[str] | None = None) -> list[Link]:  # fmt: skip
    """The links whose works become references: those that support or qualify the claim (and,
    for a disputed claim, those reporting it to dispute it) to a work with a valid
    ``x-wikidata`` (a malformed one is a finding, once per source). With ``unchecked``, a link
    not verified is left out and named there."""
    stances = {Stance.SUPPORTS, Stance.QUALIFIES}
    if claim.reliability.status is Status.DISPUTED:
        stances.add(Stance.DISPUTES)
    chosen = []
    for link in claim.links:
        source = sources.get(link.source)
        item = source.get("x-wikidata").strip() if source is not None else ""
        if link.stance not in stances or source is None or not item:
            continue
        if not ITEM.fullmatch(item):
            findings.setdefault(source.key, Finding(
                source.location, f"{source.key}: x-wikidata '{item}' is not a Wikidata item id "
                "(Q and digits); not used as a reference", Severity.WARNING, "x-wikidata"))  # fmt: skip
        elif link.verified is None and unchecked is not None:
            unchecked.append(f"{claim.id}: {link.source}: link not verified; not used as a "
                             "reference (--unverified uses it)")  # fmt: skip
        else:
            chosen.append(link)
    return chosen


def command(claim: Claim, link: Link, source: Source) -> tuple[str, str]:
    """One line (the statement, its qualifier, the link's reference) and a note, or ""."""
    statement = claim.wikidata
    if statement is None:
        raise ValueError(f"{claim.id}: no wikidata annotation")
    columns = [statement.item, statement.property, value(statement.value)]
    if claim.reliability.status is Status.DISPUTED:
        columns += [SOURCING_CIRCUMSTANCES, DISPUTED]
    columns += [STATED_IN, source.get("x-wikidata").strip()]
    if link.locator is not None and link.locator.label == "page":
        columns += [PAGES, string(link.locator.value)]
    note = ""
    if link.quote is not None:
        lang = (link.quote.lang or source.language or "").lower()
        if not lang:
            note = f"{claim.id}: {link.source}: the quote has no language; S1683 left out"
        elif len(clean(link.quote.text)) > MAX_STRING:
            note = (f"{claim.id}: {link.source}: the quote is longer than {MAX_STRING} "
                    "characters; S1683 left out")  # fmt: skip
        else:
            columns += [QUOTATION, monolingual(link.quote.text, lang)]
    return "\t".join(columns), note


def value(data: WikidataValue) -> str:
    """A value in QuickStatements' syntax: an item as it is, a string in quotes, a quantity as
    a number (``U`` and the unit's digits after it), a time with its precision, a text in a
    language as ``lang:"text"``."""
    if data.kind == "item":
        return data.text
    if data.kind == "quantity":
        return data.text + (f"U{data.unit[1:]}" if data.unit else "")
    if data.kind == "time":
        return time(data.text)
    if data.kind == "monolingualtext":
        return monolingual(data.text, data.lang)
    return string(data.text)


def time(date: str) -> str:
    """``YYYY[-MM[-DD]]`` as ``+YYYY-MM-DDT00:00:00Z/P``, the missing parts 00 and P the
    precision (9 year, 10 month, 11 day)."""
    parts = date.split("-")
    month, day = [*parts, "00", "00"][1:3]
    return f"+{parts[0]}-{month}-{day}T00:00:00Z/{_PRECISION[len(parts)]}"


def clean(text: str) -> str:
    """``text`` on one line: QuickStatements V1 has no escapes, a tab would end the column and a
    line break the command, so each run of tabs and line breaks becomes one space.
    Double quotes stay as they are: a value is read up to the last quote of its column."""
    return _BREAKS.sub(" ", text).strip()


def string(text: str) -> str:
    """A string value: ``"text"``."""
    return f'"{clean(text)}"'


def monolingual(text: str, lang: str) -> str:
    """A monolingual text value: ``lang:"text"``."""
    return f'{lang.lower()}:"{clean(text)}"'
