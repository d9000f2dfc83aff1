"""Claim files (YAML) ⇄ :class:`~claimref.model.Claim`, with every problem reported at its line.

YAML is read with the safe loader, as a node tree, so that each value keeps its line and its resolved
type: PyYAML reads ``no`` as false and ``2024-01-02`` as a date, and this module reports such values
instead of guessing. Checks that need other files (links to missing sources, duplicate ids) are the
store's; judgements about the content are ``claimref check``'s. The schema is in docs/data-format.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from claimref.errors import Finding
from claimref.formats.yamlnodes import BOOL, INT, Invalid, NodeReader, compose, dump
from claimref.model import (
    LOCATOR_LABELS,
    SOURCE_GRADES,
    Acceptance,
    Claim,
    HistoryEntry,
    Link,
    Location,
    Locator,
    Quote,
    Reliability,
    Stance,
    Status,
    Verification,
    is_edtf_date,
)

CLAIM_KEYS = (
    "id",
    "statement",
    "date",
    "places",
    "people",
    "tags",
    "reliability",
    "note",
    "links",
    "accept",
    "history",
)
HISTORY_KEYS = ("date", "by", "from", "to", "credibility", "note")
LINK_KEYS = ("source", "stance", "locator", "quote", "verified", "reliability", "note")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class ClaimFile:
    """The claim read from one file (None when it is unusable) and the problems found."""

    claim: Claim | None
    findings: tuple[Finding, ...]


def loads(text: str, path: str, expected_id: str | None = None) -> ClaimFile:
    """Read one claim; ``expected_id`` (the file name) is checked against the ``id`` field."""
    root, problem = compose(text, path)
    if problem:
        return ClaimFile(None, (problem,))
    if root is None:
        return ClaimFile(None, (Finding(Location(path, 1), "empty claim file"),))
    reader = _Reader(path, "claim-schema")
    claim = reader.claim(root, expected_id)
    return ClaimFile(claim, tuple(reader.findings))


class _Reader(NodeReader):
    """Reads the fields of one claim file."""

    def claim(self, root: yaml.Node, expected_id: str | None) -> Claim | None:
        try:
            fields = self.mapping(root, "claim", CLAIM_KEYS)
            for key in ("id", "statement", "reliability", "links"):
                if key not in fields:
                    raise Invalid(root, f"claim: missing required field '{key}'")
            claim_id = self.text(fields["id"], "id")
            statement = self.text(fields["statement"], "statement")
            reliability = self.reliability(fields["reliability"])
        except Invalid as exc:
            self.report(exc.node, str(exc))
            return None
        if not _ID.match(claim_id):
            self.report(fields["id"], f"id '{claim_id}': use lowercase letters, digits and '-'")
        if expected_id is not None and claim_id != expected_id:
            self.report(
                fields["id"],
                f"id '{claim_id}' does not match the file name '{expected_id}.yaml'",
                rule="id-mismatch",
            )
        return Claim(
            id=claim_id,
            statement=statement,
            reliability=reliability,
            location=self.at(root),
            links=self.links(fields["links"]),
            date=self.optional(fields, "date", "", self.date, ""),
            places=self.optional(fields, "places", "", self.texts, ()),
            people=self.optional(fields, "people", "", self.texts, ()),
            tags=self.optional(fields, "tags", "", self.texts, ()),
            note=self.optional(fields, "note", "", self.text, ""),
            accepted=self.optional(fields, "accept", "", self.acceptances, ()),
            history=self.optional(fields, "history", "", self.history, ()),
        )

    def date(self, node: yaml.Node, what: str) -> str:
        if isinstance(node, yaml.ScalarNode) and node.tag == INT:
            value = str(node.value)
        else:
            value = self.text(node, what)
        if not is_edtf_date(value):
            raise Invalid(node, f"{what}: '{value}' is not YYYY, YYYY-MM, YYYY-MM-DD or START/END")
        return value

    def reliability(self, node: yaml.Node) -> Reliability:
        fields = self.mapping(node, "reliability", ("status", "credibility", "note"))
        if "status" not in fields:
            raise Invalid(node, "reliability: missing required field 'status'")
        status = self.choice(fields["status"], "reliability.status", Status)
        note = self.optional(fields, "note", "reliability.", self.text, "")
        credibility = self.optional(fields, "credibility", "reliability.", self.credibility, None)
        if status.needs_note and not note:
            self.report(
                node,
                f"reliability: a {status} claim needs a note saying why",
                rule="status-without-note",
            )
        return Reliability(status, note, credibility)

    def credibility(self, node: yaml.Node, what: str) -> int:
        value = str(getattr(node, "value", ""))
        if node.tag != INT or not 1 <= int(value) <= 6:
            raise Invalid(node, f"{what}: expected a whole number from 1 to 6, found {value!r}")
        return int(value)

    def choice(self, node: yaml.Node, what: str, enum: Any) -> Any:
        value = self.text(node, what)
        try:
            return enum(value)
        except ValueError:
            allowed = " | ".join(member.value for member in enum)
            raise Invalid(node, f"{what}: unknown value '{value}' (one of {allowed})") from None

    def links(self, node: yaml.Node) -> tuple[Link, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, "links: expected a list of links")
            return ()
        links = []
        for item in node.value:
            try:
                links.append(self.link(item))
            except Invalid as exc:
                self.report(exc.node, str(exc))
        return tuple(links)

    def link(self, node: yaml.Node) -> Link:
        fields = self.mapping(node, "link", LINK_KEYS)
        for key in ("source", "stance"):
            if key not in fields:
                raise Invalid(node, f"link: missing required field '{key}'")
        return Link(
            source=self.text(fields["source"], "link.source"),
            stance=self.choice(fields["stance"], "link.stance", Stance),
            location=self.at(node),
            locator=self.optional(fields, "locator", "link.", self.locator, None),
            quote=self.optional(fields, "quote", "link.", self.quote, None),
            verified=self.optional(fields, "verified", "link.", self.verified, None),
            reliability=self.optional(fields, "reliability", "link.", self.grade, None),
            note=self.optional(fields, "note", "link.", self.text, ""),
        )

    def locator(self, node: yaml.Node, what: str) -> Locator:
        fields = self.mapping(node, what, ("label", "value"))
        if "value" not in fields:
            raise Invalid(node, f"{what}: missing required field 'value'")
        label = self.text(fields["label"], f"{what}.label") if "label" in fields else "page"
        if label not in LOCATOR_LABELS:
            raise Invalid(
                fields["label"],
                f"{what}.label: unknown label '{label}' (one of "
                f"{', '.join(sorted(LOCATOR_LABELS))})",
            )
        value_node = fields["value"]
        is_int = value_node.tag == INT
        value = str(value_node.value) if is_int else self.text(value_node, f"{what}.value")
        return Locator(label, value)

    def quote(self, node: yaml.Node, what: str) -> Quote:
        fields = self.mapping(node, what, ("text", "lang", "translation"))
        if "text" not in fields:
            raise Invalid(node, f"{what}: missing required field 'text'")
        return Quote(
            text=self.text(fields["text"], f"{what}.text"),
            lang=self.optional(fields, "lang", f"{what}.", self.text, ""),
            translation=self.optional(fields, "translation", f"{what}.", self.text, ""),
        )

    def verified(self, node: yaml.Node, what: str) -> Verification | None:
        if node.tag == BOOL:
            if str(node.value).lower() in ("false", "no", "off"):
                return None
            raise Invalid(node, f"{what}: say who checked it and when: {{by: NAME, on: DATE}}",
                          "verified-incomplete")  # fmt: skip
        fields = self.mapping(node, what, ("by", "on"))
        if "by" not in fields or "on" not in fields:
            raise Invalid(node, f"{what}: needs both 'by' and 'on'", "verified-incomplete")
        on = self.text(fields["on"], f"{what}.on")
        if not is_edtf_date(on) or "/" in on:
            raise Invalid(fields["on"], f"{what}.on: '{on}' is not a date (YYYY-MM-DD)")
        return Verification(self.text(fields["by"], f"{what}.by"), on)

    def grade(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what).upper()
        if value not in SOURCE_GRADES:
            raise Invalid(node, f"{what}: expected a source grade A-F, found '{value}'")
        return value

    def acceptances(self, node: yaml.Node, what: str) -> tuple[Acceptance, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise Invalid(node, f"{what}: expected a list of {{rule, reason}}")
        accepted = []
        for item in node.value:
            fields = self.mapping(item, what, ("rule", "reason"))
            if "rule" not in fields or "reason" not in fields:
                raise Invalid(item, f"{what}: each item needs 'rule' and 'reason'")
            rule, reason = self.text(fields["rule"], "rule"), self.text(fields["reason"], "reason")
            accepted.append(Acceptance(rule, reason))
        return tuple(accepted)

    def history(self, node: yaml.Node, what: str) -> tuple[HistoryEntry, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise Invalid(node, f"{what}: expected a list of {{date, by, from, to, note}}")
        entries = []
        for item in node.value:
            try:
                entries.append(self.history_entry(item, f"{what} item"))
            except Invalid as exc:
                self.unexpected(exc)
        return tuple(entries)

    def history_entry(self, node: yaml.Node, what: str) -> HistoryEntry:
        fields = self.mapping(node, what, HISTORY_KEYS)
        self.require(node, fields, what, ("date", "by", "from", "to", "note"))
        date = self.text(fields["date"], f"{what}.date")
        if not is_edtf_date(date) or "/" in date:
            raise Invalid(fields["date"], f"{what}.date: '{date}' is not a date (YYYY-MM-DD)")
        return HistoryEntry(
            date=date,
            by=self.text(fields["by"], f"{what}.by"),
            from_status=self.choice(fields["from"], f"{what}.from", Status),
            to_status=self.choice(fields["to"], f"{what}.to", Status),
            note=self.text(fields["note"], f"{what}.note"),
            credibility=self.optional(fields, "credibility", f"{what}.", self.credibility, None),
        )


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
