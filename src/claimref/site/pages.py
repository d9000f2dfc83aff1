"""The pages of the site, each as (path, template, variables): the index, a page per claim, per
source and per person, the people, the reference list, the evidence matrix, the timeline and the
problems.

:class:`SiteData` works out once what several pages share (page names, people, formatted references,
findings by claim and source); each ``*_pages`` function then lists its pages. Templates escape
everything (Jinja2's autoescape); only HTML that :mod:`claimref.render` produced from escaped data
and the SVG of :mod:`claimref.site.svg` are passed as markup. Rendering templates and writing files
is :mod:`claimref.site.build`'s job.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from markupsafe import Markup

from claimref.errors import Finding, Severity
from claimref.model import LANGUAGE_NAMES, Claim, Link, Location, Source, Status
from claimref.people import conflicts
from claimref.query import is_tertiary
from claimref.search import Haystacks
from claimref.site import svg, views
from claimref.site.cite import Formatted, link_cite
from claimref.site.paths import doi_address, unique_slugs, web_address
from claimref.store import Workspace

#: What each status tells a reader (README, "Why these statuses").
STATUS_MEANINGS = {
    Status.ESTABLISHED: "confirmed and uncontroversial",
    Status.PROBABLE: "stated by a source and not contradicted",
    Status.DISPUTED: "contradicted by sources or by the source itself",
    Status.DOUBTFUL: "an evaluation or inference the evidence does not carry",
    Status.UNVERIFIED: "not yet checked beyond the one source that states it",
}
#: Language codes with the name readers know them by.
LANGUAGE_LABELS = {
    code: name.capitalize()
    for name, code in reversed(list(LANGUAGE_NAMES.items()))
    if "-" not in code
}

Page = tuple[str, str, dict[str, Any]]


class Brief(NamedTuple):
    """A claim as lists of claims show it (small, so that a page's key is quick to compute)."""

    id: str
    page: str
    statement: str
    status: Status


@dataclass
class SiteData:
    """What the pages share, worked out once per build."""

    ws: Workspace
    shown: dict[str, Source]
    formatted: Formatted
    findings: tuple[Finding, ...]
    claim_pages: dict[str, str] = field(default_factory=dict)
    source_pages: dict[str, str] = field(default_factory=dict)
    people: views.People = field(default_factory=views.People)
    citing: dict[str, list[tuple[Claim, Link]]] = field(default_factory=dict)
    by_target: dict[tuple[str, str], list[Finding]] = field(default_factory=dict)
    short_names: dict[str, str] = field(default_factory=dict)
    summaries: dict[str, str] = field(default_factory=dict)
    root: str = ""

    @classmethod
    def of(cls, ws: Workspace, shown: dict[str, Source], formatted: Formatted,
           findings: tuple[Finding, ...]) -> SiteData:  # fmt: skip
        """The shared data of a workspace (``shown``: its sources as displayed)."""
        data = cls(ws, shown, formatted, findings, root=str(ws.root.resolve()))
        data.claim_pages = unique_slugs(ws.claims)
        data.source_pages = unique_slugs(ws.sources)
        data.people = views.collect_people(ws, ws.sources)
        citing: dict[str, list[tuple[Claim, Link]]] = defaultdict(list)
        for claim in ws.claims.values():
            for link in claim.links:
                citing[link.source].append((claim, link))
        data.citing = dict(citing)
        targets = views.targets(ws)
        by_target: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for finding in findings:
            target = targets.of(finding)
            if target:
                by_target[target].append(finding)
        data.by_target = dict(by_target)
        data.short_names = {key: views.short_name(key, shown) for key in shown}
        return data

    def shared(self) -> dict[str, Any]:
        """The variables every template gets besides its own."""
        return {
            "claim_pages": self.claim_pages,
            "source_pages": self.source_pages,
            "short_names": self.short_names,
            "titles": {key: source.title for key, source in self.shown.items()},
            "title_langs": {key: self.title_lang(key) for key in self.shown},
            "language_names": LANGUAGE_LABELS,
            "shown_location": self.location,
        }

    def summary(self, claim: Claim) -> str:
        """The claim's :func:`~claimref.site.views.support_summary` (worked out once)."""
        found = self.summaries.get(claim.id)
        if found is None:
            found = self.summaries[claim.id] = views.support_summary(claim, self.shown)
        return found

    def title_lang(self, key: str) -> str:
        """The language of a source's title as shown: its own, marked ``-Latn`` when it was
        transliterated (``--script latin``)."""
        language = self.ws.sources[key].language or ""
        if language and self.shown[key].title != self.ws.sources[key].title:
            return language.split("-")[0] + "-Latn"
        return language

    def brief(self, claim: Claim) -> Brief:
        """The claim as lists of claims show it."""
        page = self.claim_pages[claim.id]
        return Brief(claim.id, page, claim.statement, claim.reliability.status)

    def location(self, where: Location) -> str:
        """A finding's place as ``claims/x.yaml:3:5``, relative to the workspace."""
        path = _relative(where.path, self.root)
        return str(Location(path, where.line, where.column))

    def found(self, kind: str, name: str) -> list[tuple[Finding, None]]:
        """The findings about one claim, source or person, for its page."""
        return [(f, None) for f in self.by_target.get((kind, name), [])]


@functools.lru_cache(maxsize=4096)
def _relative(path: str, root: str) -> str:
    return views.relative_path(path, Path(root))


def index_page(data: SiteData) -> Page:
    """The index: every claim with its status, date and support, and the filters."""
    claims = list(data.ws.claims.values())
    facets = views.facets(claims, data.ws.sources, data.people)
    positions = {
        "langs": {v: str(i) for i, v in enumerate(facets.languages)},
        "tags": {v: str(i) for i, v in enumerate(facets.tags)},
        "places": {v: str(i) for i, v in enumerate(facets.places)},
        "people": {e.page: str(i) for i, e in enumerate(facets.people)},
    }
    haystacks = Haystacks(data.ws)
    rows = [_index_row(data, claim, positions, haystacks) for claim in claims]
    counts = [(s, sum(1 for c in claims if c.reliability.status is s)) for s in Status]
    search = {"letters": views.search_letters(), "people": views.search_people(data.ws.people)}
    return "index.html", "index.html", {
        "nav": "claims", "page_title": "Claims", "claims": claims, "rows": rows, "facets": facets,
        "status_counts": [(s, n) for s, n in counts if n],
        "status_meanings": list(STATUS_MEANINGS.items()),
        "source_count": len(data.ws.sources), "search_data": script_json(search),
    }  # fmt: skip


def _index_row(data: SiteData, claim: Claim, positions: dict[str, dict[str, str]],
               haystacks: Haystacks) -> dict[str, Any]:  # fmt: skip
    langs = views.claim_languages(claim, data.ws.sources)
    people = [e.page for e in data.people.of_claim(claim)]
    return {
        "claim": claim,
        "page": data.claim_pages[claim.id],
        "langs": " ".join(positions["langs"][v] for v in langs),
        "tags": " ".join(positions["tags"][v] for v in dict.fromkeys(claim.tags)),
        "places": " ".join(positions["places"][v] for v in dict.fromkeys(claim.places)),
        "people": " ".join(positions["people"][v] for v in people),
        "search": haystacks.claim(claim),
        "summary": data.summary(claim),
    }


def script_json(value: Any) -> Markup:
    """``value`` as JSON safe inside a ``<script type="application/json">`` element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escaped)
    return Markup(text)


def claim_pages(data: SiteData) -> Iterator[Page]:
    """A page per claim."""
    for claim in data.ws.claims.values():
        page = data.claim_pages[claim.id]
        yield f"claims/{page}.html", "claim.html", {
            "nav": "claims", "page_title": claim.id, "claim": claim,
            "people": data.people.of_claim(claim),
            "conflicts": [c.describe() for c in conflicts(claim, data.ws.people, data.ws.sources)],
            "status_meaning": STATUS_MEANINGS[claim.reliability.status],
            "links": [_link_item(data, link) for link in claim.links],
            "summary": data.summary(claim), "date": views.date_text(claim.date),
            "found": data.found("claim", claim.id),
            "file": _relative(claim.location.path, data.root),
        }  # fmt: skip


def _link_item(data: SiteData, link: Link) -> dict[str, Any]:
    source = data.ws.sources.get(link.source)
    where = link.locator
    cite = link_cite(link.source, *((where.label, where.value) if where else ()))
    citation = data.formatted.citations.get(cite, "") if source else ""
    return {
        "link": link,
        "grade": link.reliability or (source.reliability if source else None),
        "quote_lang": (link.quote.lang if link.quote else "")
        or (source.language if source else ""),
        "citation": Markup(citation),
        "entry": Markup(data.formatted.entries.get(link.source, "")),
    }


def source_pages(data: SiteData) -> Iterator[Page]:
    """A page per source."""
    authors: dict[str, list[tuple[views.PersonEntry, str]]] = defaultdict(list)
    for entry in data.people.entries.values():
        for source, role in data.people.works[entry.person.id]:
            authors[source.key].append((entry, role))
    for key, source in data.ws.sources.items():
        shown = data.shown[key]
        citing = data.citing.get(key, [])
        url, doi = source.get("url").strip(), source.get("doi").strip()
        yield f"sources/{data.source_pages[key]}.html", "source.html", {
            "nav": "references", "page_title": data.short_names[key], "source": source,
            "title": shown.title or key, "lang": source.language or "",
            "entry": Markup(data.formatted.entries.get(key, "")), "tertiary": is_tertiary(source),
            "language": _language(source.language), "url": url, "url_link": web_address(url),
            "doi": doi, "doi_link": doi_address(doi) if doi else None,
            "listed_as": source.get("x-listed-as"), "listing_note": source.get("x-note"),
            "authors": authors.get(key, []), "citing": _citing_rows(data, citing),
            "claim_count": len({claim.id for claim, _ in citing}),
            "found": data.found("source", key), "fields": list(source.fields.items()),
            "file": _relative(source.location.path, data.root),
        }  # fmt: skip


def _citing_rows(data: SiteData, citing: list[tuple[Claim, Link]]) -> list[tuple[Any, ...]]:
    """Each link citing a source: the claim, stance, locator and when it was verified."""
    return [
        (data.brief(claim), link.stance, str(link.locator or ""),
         link.verified.on if link.verified else "")
        for claim, link in citing
    ]  # fmt: skip


def _language(code: str | None) -> str:
    if not code:
        return ""
    name = LANGUAGE_LABELS.get(code.split("-")[0])
    return f"{name} ({code})" if name else code


def people_pages(data: SiteData) -> Iterator[Page]:
    """The list of people, and a page per person."""
    entries = list(data.people.entries.values())
    yield "people.html", "people.html", {
        "nav": "people", "page_title": "People",
        "people": [(e, len(data.people.about[e.person.id]), len(data.people.works[e.person.id]))
                   for e in entries],
    }  # fmt: skip
    for entry in entries:
        where = entry.person.location.path
        yield f"people/{entry.page}.html", "person.html", {
            "nav": "people", "page_title": entry.label, "entry": entry,
            "about": [data.brief(claim) for claim in data.people.about[entry.person.id]],
            "works": data.people.works[entry.person.id],
            "file": _relative(where, data.root) if where else "",
        }  # fmt: skip


def references_page(data: SiteData) -> Page:
    """The whole bibliography in the style's order."""
    counts = data.ws.citation_counts()
    entries = [
        (
            key,
            data.source_pages[key],
            Markup(data.formatted.entries.get(key, "")),
            counts.get(key, 0),
        )
        for key in data.formatted.order
        if key in data.source_pages
    ]
    return "references.html", "references.html", {
        "nav": "references", "page_title": "References", "entries": entries,
    }  # fmt: skip


def matrix_pages(data: SiteData) -> Iterator[Page]:
    """The evidence matrix, split into pages of :data:`svg.MAX_COLUMNS` works."""
    counts = data.ws.citation_counts()
    keys = sorted((k for k in counts if k in data.shown), key=lambda k: (-counts[k], k))
    chunks = [keys[i : i + svg.MAX_COLUMNS] for i in range(0, len(keys), svg.MAX_COLUMNS)] or [[]]
    names = ["matrix.html", *(f"matrix-{n}.html" for n in range(2, len(chunks) + 1))]
    listing = [
        (n, 1 + (n - 1) * svg.MAX_COLUMNS, (n - 1) * svg.MAX_COLUMNS + len(chunk), names[n - 1])
        for n, chunk in enumerate(chunks, 1)
    ]
    for number, chunk in enumerate(chunks, 1):
        yield names[number - 1], "matrix.html", {
            "nav": "matrix", "page_title": "Evidence matrix", "svg": _matrix_svg(data, chunk),
            "legend": svg.legend_items(), "pages": listing, "page_number": number,
            "column_count": len(keys), "max_columns": svg.MAX_COLUMNS,
        }  # fmt: skip


def _matrix_svg(data: SiteData, keys: list[str]) -> Markup:
    if not keys:
        return Markup("")
    wanted = set(keys)
    columns = [
        svg.Column(k, data.short_names[k], f"sources/{data.source_pages[k]}.html") for k in keys
    ]
    rows = []
    for claim in data.ws.claims.values():
        links: dict[str, list[Link]] = defaultdict(list)
        for link in claim.links:
            if link.source in wanted:
                links[link.source].append(link)
        if links:
            stances = {key: views.cell_stance(found) for key, found in links.items()}
            href = f"claims/{data.claim_pages[claim.id]}.html"
            rows.append(svg.Row(claim.reliability.status, claim.id, href, claim.statement, stances))
    return svg.matrix(rows, columns)


def timeline_page(data: SiteData) -> Page:
    """The dated claims on a time axis."""
    items = []
    for claim in data.ws.claims.values():
        span = svg.date_span(claim.date) if claim.date else None
        if span is not None:
            href = f"claims/{data.claim_pages[claim.id]}.html"
            status = claim.reliability.status
            items.append(svg.Dated(claim.id, href, claim.statement, status, claim.date, span))
    items.sort(key=lambda i: (i.span.start, i.span.end, i.claim_id))
    return "timeline.html", "timeline.html", {
        "nav": "timeline", "page_title": "Timeline", "svg": svg.timeline(items),
        "dated": len(items), "undated": len(data.ws.claims) - len(items),
    }  # fmt: skip


def problems_page(data: SiteData, accepted: int) -> Page:
    """The findings of ``claimref check``, each linked to its claim, source or person."""
    targets = views.targets(data.ws)
    rows = []
    for finding in data.findings:
        target = targets.of(finding)
        href, label = _target_link(data, target) if target else ("", "")
        rows.append((finding, data.location(finding.location), href, label))
    counts = ", ".join(
        f"{sum(1 for f in data.findings if f.severity is s)} {s.value}s" for s in Severity
    )
    return "problems.html", "problems.html", {
        "nav": "problems", "page_title": "Problems", "rows": rows, "counts": counts,
        "accepted": accepted,
    }  # fmt: skip


def _target_link(data: SiteData, target: tuple[str, str]) -> tuple[str, str]:
    kind, name = target
    if kind == "claim" and name in data.claim_pages:
        return f"claims/{data.claim_pages[name]}.html", f"claim {name}"
    if kind == "source" and name in data.source_pages:
        return f"sources/{data.source_pages[name]}.html", f"source {name}"
    entry = data.people.entries.get(name)
    if kind == "person" and entry is not None:
        return f"people/{entry.page}.html", f"person {entry.label}"
    return "", ""


__all__ = [
    "STATUS_MEANINGS",
    "Page",
    "SiteData",
    "claim_pages",
    "index_page",
    "matrix_pages",
    "people_pages",
    "problems_page",
    "references_page",
    "script_json",
    "source_pages",
    "timeline_page",
]
