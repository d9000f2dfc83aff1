"""Claims with their citations as documents: Markdown with footnotes, and JSON with CSL-JSON sources.

Markdown gives each claim its statement, a footnote per link (short reference, locator, quote and
translation) and its status when it is not established, then one alphabetical reference list of
the cited sources. References are the plain full form of :mod:`claimref.reference`; formatting them
in a CSL style is ``render``'s job. Every piece of data (ids, statements, notes, references, quotes)
goes through :func:`claimref.formats.markdown.escape`, as ``render``'s Markdown does, so that it shows
as written and can inject no HTML nor links. The wikitext form is :mod:`claimref.formats.wikitext`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from claimref.formats.claimfile import to_data
from claimref.formats.csljson import to_csl
from claimref.formats.markdown import escape
from claimref.model import Claim, Link, Source, Status
from claimref.reference import full_reference, short_reference
from claimref.translit import fold


def cited(chosen: Sequence[Claim], sources: Mapping[str, Source]) -> list[Source]:
    """The sources the claims link to, by key, each once."""
    keys = sorted({key for claim in chosen for key in claim.source_keys})
    return [sources[key] for key in keys if key in sources]


def json_data(chosen: Sequence[Claim], sources: Mapping[str, Source]) -> dict[str, Any]:
    """``{"claims": [...], "sources": [CSL-JSON items]}``: the claims as their files hold them."""
    return {
        "claims": [to_data(claim) for claim in chosen],
        "sources": [to_csl(source) for source in cited(chosen, sources)],
    }


def plain_reference_list(cited_sources: Sequence[Source]) -> list[str]:
    """The plain full references of ``cited_sources`` as Markdown (escaped, as a CSL renderer's
    are), sorted alphabetically (case and diacritics ignored)."""
    texts = [full_reference(source) for source in cited_sources]
    return [escape(text) for text in sorted(texts, key=lambda t: (fold(t), t))]


def markdown(chosen: Sequence[Claim], sources: Mapping[str, Source],
             reference_list: Callable[[Sequence[Source]], list[str]] = plain_reference_list,
             ) -> str:  # fmt: skip
    """The claims as Markdown: statements with footnotes, then the reference list that
    ``reference_list`` makes of the cited sources (plain by default; a CSL renderer, which
    orders the list as its style says, can be passed): entries already in Markdown."""
    blocks: list[str] = []
    number = 0
    for claim in chosen:
        marks, notes = [], []
        for link in claim.links:
            number += 1
            marks.append(f"[^{number}]")
            notes.append(f"[^{number}]: {footnote(link, sources.get(link.source))}")
        status = claim.reliability.status
        flag = "" if status is Status.ESTABLISHED else f" *({status.value}"
        if flag:
            reason = escape(claim.reliability.note.strip())
            flag += f": {reason})*" if reason else ")*"
        statement = escape(claim.statement.strip())
        blocks.append(f"**{escape(claim.id)}**: {statement}{''.join(marks)}{flag}\n\n"
                      + "\n".join(notes))  # fmt: skip
    references = [f"- {text}" for text in reference_list(cited(chosen, sources))]
    blocks.append("## References\n\n" + "\n".join(references))
    return "\n\n".join(blocks) + "\n"


def footnote(link: Link, source: Source | None) -> str:
    """``Strods 2006, p. 112. “quote” (“translation”)`` for one link, as Markdown."""
    text = short_reference(source) if source else f"{link.source} (missing)"
    if link.locator:
        text += f", {str(link.locator).replace('--', '–')}"
    text += "."
    if link.quote:
        text += f" “{link.quote.text.strip()}”"
        if link.quote.translation:
            text += f" (“{link.quote.translation.strip()}”)"
    return escape(text)
