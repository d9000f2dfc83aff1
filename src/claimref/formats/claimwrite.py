"""A claim as its file holds it: plain data in the file's field order (:func:`to_data`, also what
``show --format json`` and the documents start from), and that data written as YAML (:func:`dumps`).

Only writing a whole claim anew: reading a claim file, and every check of its fields, is
:mod:`claimref.formats.claimfile`'s (``loads(dumps(c))`` gives ``c`` back); editing a file in place,
keeping its comments and layout, is :mod:`claimref.edit`'s.
"""

from __future__ import annotations

from typing import Any

from claimref.formats import claimwikidata
from claimref.formats.yamlnodes import dump
from claimref.model import Claim, HistoryEntry, Link

__all__ = ["dumps", "to_data"]


def dumps(claim: Claim) -> str:
    """Write a claim as YAML in the documented field order; ``loads(dumps(c))`` gives ``c`` back."""
    return dump(to_data(claim))


def to_data(claim: Claim) -> dict[str, Any]:
    """The claim as plain data (dicts, lists, strings), in the file's field order."""
    data: dict[str, Any] = {"id": claim.id, "statement": claim.statement}
    if claim.date:
        data["date"] = claim.date
    for key in ("places", "people", "tags"):
        if getattr(claim, key):
            data[key] = list(getattr(claim, key))
    rel: dict[str, Any] = {"status": claim.reliability.status.value}
    if claim.reliability.credibility is not None:
        rel["credibility"] = claim.reliability.credibility
    if claim.reliability.note:
        rel["note"] = claim.reliability.note
    data["reliability"] = rel
    if claim.note:
        data["note"] = claim.note
    data["links"] = [_link_data(link) for link in claim.links]
    if claim.accepted:
        data["accept"] = [{"rule": a.rule, "reason": a.reason} for a in claim.accepted]
    if claim.history:
        data["history"] = [_history_data(entry) for entry in claim.history]
    if claim.wikidata:
        data["wikidata"] = claimwikidata.to_data(claim.wikidata)
    return data


def _history_data(entry: HistoryEntry) -> dict[str, Any]:
    data: dict[str, Any] = {"date": entry.date, "by": entry.by}
    data.update({"from": entry.from_status.value, "to": entry.to_status.value})
    if entry.credibility is not None:
        data["credibility"] = entry.credibility
    data["note"] = entry.note
    return data


def _link_data(link: Link) -> dict[str, Any]:
    data: dict[str, Any] = {"source": link.source, "stance": link.stance.value}
    if link.locator:
        data["locator"] = {"label": link.locator.label, "value": link.locator.value}
    if link.quote:
        quote = {
            "text": link.quote.text,
            "lang": link.quote.lang,
            "translation": link.quote.translation,
        }
        data["quote"] = {k: v for k, v in quote.items() if v}
    data["verified"] = {"by": link.verified.by, "on": link.verified.on} if link.verified else False
    if link.reliability:
        data["reliability"] = link.reliability
    if link.note:
        data["note"] = link.note
    return data
