"""How ``claims``, ``show`` and ``sources`` print one claim or source: as readable text and as plain
data for JSON, links to sources not in the bibliography marked unresolved.

It lays out what it is given; selecting, loading and the command line are
:mod:`claimref.cli.browse`'s business (a source cited in a CSL style asks :mod:`claimref.cli.render`,
imported only then).
"""

from __future__ import annotations

from typing import Any

from claimref.model import CREDIBILITY_GRADES, SOURCE_GRADES, Claim, Link, Source
from claimref.people import conflicts
from claimref.query import is_tertiary
from claimref.reference import full_reference
from claimref.store import Workspace

__all__ = [
    "UNRESOLVED",
    "cited_by_data",
    "citing_lines",
    "claim_data",
    "links_to",
    "render_claim",
    "render_source",
    "source_data",
]

#: What ``show`` says of a link whose source is not in the bibliography.
UNRESOLVED = "unresolved: not in the bibliography, or its entry has errors"


def claim_data(
    claim: Claim, ws: Workspace, matched: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """The claim as plain data (as in its file), each link to a source not in the bibliography
    marked ``"unresolved": true``; with ``matched``, the fields ``--search`` matched."""
    from claimref.formats.claimfile import to_data  # noqa: PLC0415  (loads the YAML parser)

    data = to_data(claim)
    for link, link_data in zip(claim.links, data["links"], strict=True):
        if link.source not in ws.sources:
            link_data["unresolved"] = True
    if matched is not None:
        data["matched"] = list(matched)
    return data


def render_claim(claim: Claim, ws: Workspace,
                 styled: list[tuple[str, str]] | None = None) -> str:  # fmt: skip
    """The claim as readable text: statement, context, reliability and each link."""
    rel = claim.reliability
    lines = [f"{claim.id}  [{rel.status.value.upper()}]", "", claim.statement, ""]
    for label, value in (
        ("Date", claim.date),
        ("Places", ", ".join(claim.places)),
        ("People", ", ".join(claim.people)),
        ("Tags", ", ".join(claim.tags)),
    ):
        if value:
            lines.append(f"{label + ':':9}{value}")
    if rel.credibility:
        lines.append(f"{'Credibility:'} {rel.credibility} ({CREDIBILITY_GRADES[rel.credibility]})")
    for label, value in (("Why", rel.note), ("Note", claim.note)):
        if value:
            lines.append(f"{label + ':':9}{value}")
    for conflict in conflicts(claim, ws.people, ws.sources):
        lines.append(f"Warning: {conflict.describe()}.")
    for number, link in enumerate(claim.links, 1):
        cited = styled[number - 1] if styled else None
        lines += ["", *_link_lines(number, link, ws.sources.get(link.source), cited)]
    for accepted in claim.accepted:
        lines.append(f"Accepted finding {accepted.rule}: {accepted.reason}")
    lines.append(f"\n({claim.location})")
    return "\n".join(lines)


def _checked(link: Link) -> str:
    return (
        f"verified by {link.verified.by} on {link.verified.on}" if link.verified else "unverified"
    )


def _link_lines(number: int, link: Link, source: Source | None,
                cited: tuple[str, str] | None = None) -> list[str]:  # fmt: skip
    """A link's lines; ``cited`` (from --style) is its citation and reference entry."""
    head = f"[{number}] {link.stance.value} · {_checked(link)}"
    if link.locator:
        head += f" · {link.locator}"
    reference = full_reference(source) if source else f"{link.source} ({UNRESOLVED})"
    if cited and cited[0]:
        reference = f"{cited[0]}\n    {cited[1]}"
    lines = [head, f"    {reference}"]
    grade = link.reliability or (source.reliability if source else None)
    if grade:
        lines.append(f"    Source grade: {grade} ({SOURCE_GRADES[grade]})")
    if link.quote:
        lang = f" [{link.quote.lang}]" if link.quote.lang else ""
        lines.append(f"    Quote{lang}: “{link.quote.text}”")
        if link.quote.translation:
            lines.append(f"    Translation: “{link.quote.translation}”")
    if link.note:
        lines.append(f"    Note: {link.note}")
    return lines


def render_source(source: Source, ws: Workspace, options: dict[str, Any] | None = None) -> str:
    """The source as readable text: its reference (in a CSL style with ``options``), its fields,
    and each claim citing it with the link's stance."""
    kind = " · tertiary" if is_tertiary(source) else ""
    lines = [f"{source.key}  [@{source.entry_type}{kind}]", "", full_reference(source)]
    if options is not None:
        from claimref.cli.render import render_sources  # noqa: PLC0415
        from claimref.render import Cite  # noqa: PLC0415

        rendered = render_sources(ws, [source], [[Cite(source.key)]], options)
        lines[2] = f"{rendered.citations[0]}\n{rendered.entries.get(source.key, '')}"
    if source.reliability:
        lines += ["", f"Source grade: {source.reliability} ({SOURCE_GRADES[source.reliability]})"]
    width = max((len(name) for name in source.fields), default=0)
    lines += ["", "Fields:", *(f"  {n:{width}}  {v}" for n, v in source.fields.items())]
    lines += ["", *citing_lines(links_to(source.key, ws)), "", f"({source.location})"]
    return "\n".join(lines)


def citing_lines(citing: list[tuple[Claim, Link]]) -> list[str]:
    claims = len({claim.id for claim, _ in citing})  # a claim may link to a work twice
    count = f"Cited by {claims} claim{'' if claims == 1 else 's'}"
    lines = [count + (":" if citing else "")]
    width = max((len(claim.id) for claim, _ in citing), default=0)
    for claim, link in citing:
        where = f" · {link.locator}" if link.locator else ""
        lines.append(f"  {claim.id:{width}}  {link.stance.value} · {_checked(link)}{where}")
    return lines


def cited_by_data(citing: list[tuple[Claim, Link]]) -> list[dict[str, Any]]:
    return [
        {"claim": c.id, "stance": link.stance.value, "verified": link.verified is not None,
         "locator": str(link.locator) if link.locator else None}
        for c, link in citing
    ]  # fmt: skip


def links_to(key: str, ws: Workspace) -> list[tuple[Claim, Link]]:
    """Each link to ``key``, with its claim, by claim id."""
    return [(c, link) for c in ws.citing(key) for link in c.links if link.source == key]


def source_data(source: Source, ws: Workspace, count: int | None = None) -> dict[str, Any]:
    """The source as plain data; with ``count`` (how many claims cite it) as listed by ``sources``,
    else with each link citing it (``cited_by``) as shown by ``show``."""
    data: dict[str, Any] = {
        "key": source.key,
        "type": source.entry_type,
        "language": source.language,
        "year": source.year,
        "reference": full_reference(source),
        "tertiary": is_tertiary(source),
    }
    if count is not None:
        data["claims"] = count
    data["fields"] = dict(source.fields)
    data["location"] = str(source.location)
    if count is None:
        data["cited_by"] = cited_by_data(links_to(source.key, ws))
    return data
